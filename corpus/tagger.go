package corpus

import "slices"

// Tagger finds the catalogue events a passage speaks of.
type Tagger struct {
	ids   []string
	rules map[string][]rule // first word of a phrase -> rules starting with it
}

type ruleKind int

const (
	strongRule  ruleKind = iota // the phrase alone names the event
	weakRule                    // a place or date: needs context
	contextRule                 // makes weak rules count
	meetingRule                 // "summit", "talks": context when the article has some
)

type rule struct {
	words []string
	event int
	kind  ruleKind
}

// meetingWords make a place or date count in an article that is about North
// Korea even when the passage itself does not name Kim or Pyongyang.
var meetingWords = []string{"summit", "summits", "meeting", "meetings", "talks", "met", "meet", "negotiations"}

// NewTagger compiles the catalogue's tagging phrases.
func NewTagger(c *Catalogue) *Tagger {
	t := &Tagger{rules: map[string][]rule{}}
	add := func(phrase string, event int, kind ruleKind) {
		w := words(phrase)
		if len(w) == 0 {
			return
		}
		t.rules[w[0]] = append(t.rules[w[0]], rule{words: w, event: event, kind: kind})
	}
	for i, e := range c.Events {
		t.ids = append(t.ids, e.ID)
		for _, p := range e.Tagging.Phrases {
			add(p, i, strongRule)
		}
		for _, p := range e.Tagging.Places {
			add(p, i, weakRule)
		}
		for _, p := range e.Tagging.Dates {
			add(p, i, weakRule)
		}
	}
	for _, p := range c.Context {
		add(p, -1, contextRule)
	}
	for _, p := range meetingWords {
		add(p, -1, meetingRule)
	}
	return t
}

// HasContext reports whether text holds one of the catalogue's context
// phrases (Kim Jong-un, North Korea, ...).
func (t *Tagger) HasContext(text string) bool {
	_, _, ctx, _ := t.scan(words(text))
	return ctx
}

// Tag returns the ids of the events text speaks of, in catalogue order.
// articleContext says whether the article as a whole (its title) is about
// the subject, which lets a place name next to "summit" count.
func (t *Tagger) Tag(text string, articleContext bool) []string {
	strong, weak, ctx, meeting := t.scan(words(text))
	if ctx || (articleContext && meeting) {
		strong = append(strong, weak...)
	}
	if len(strong) == 0 {
		return nil
	}
	slices.Sort(strong)
	strong = slices.Compact(strong)
	ids := make([]string, len(strong))
	for i, e := range strong {
		ids[i] = t.ids[e]
	}
	return ids
}

func (t *Tagger) scan(ws []string) (strong, weak []int, ctx, meeting bool) {
	for i, w := range ws {
		for _, r := range t.rules[w] {
			if i+len(r.words) > len(ws) || !slices.Equal(ws[i:i+len(r.words)], r.words) {
				continue
			}
			switch r.kind {
			case strongRule:
				strong = append(strong, r.event)
			case weakRule:
				weak = append(weak, r.event)
			case contextRule:
				ctx = true
			case meetingRule:
				meeting = true
			}
		}
	}
	return strong, weak, ctx, meeting
}
