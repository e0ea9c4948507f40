package corpus

import "slices"

// tagger finds the catalogue events a passage speaks of.
type tagger struct {
	ids   []string
	own   []bool            // the event has its own context phrases
	rules map[string][]rule // first word of a phrase -> rules starting with it
}

type ruleKind int

const (
	strongRule       ruleKind = iota // the phrase alone names the event
	weakRule                         // a place or date: needs context
	contextRule                      // the catalogue's context: makes weak rules count
	eventContextRule                 // an event's own context: makes its weak rules count
	meetingRule                      // "summit", "talks": context when the article has some
	ruleKinds
)

type rule struct {
	words []string
	event int
	kind  ruleKind
}

// span is where a rule matched: words [from, to) of the passage.
type span struct {
	rule     *rule
	from, to int
}

func (s span) overlaps(o span) bool { return s.from < o.to && o.from < s.to }

// vouches reports whether context c makes the place or date w count: it
// stands apart from w and is not w's own words again (a date named twice
// is no more a meeting than a date named once).
func (c span) vouches(w span) bool {
	return !c.overlaps(w) && !slices.Equal(c.rule.words, w.rule.words)
}

// meetingWords make a place or date count in an article that is about North
// Korea even when the passage itself does not name Kim or Pyongyang.
var meetingWords = []string{"summit", "summits", "meeting", "meetings", "talks", "met", "meet", "negotiations"}

// newTagger compiles the catalogue's tagging phrases.
func newTagger(c *Catalogue) *tagger {
	t := &tagger{rules: map[string][]rule{}}
	add := func(phrase string, event int, kind ruleKind) {
		w := words(phrase)
		if len(w) == 0 {
			return
		}
		t.rules[w[0]] = append(t.rules[w[0]], rule{words: w, event: event, kind: kind})
	}
	for i, e := range c.Events {
		t.ids = append(t.ids, e.ID)
		t.own = append(t.own, len(e.Tagging.Context) > 0)
		for _, p := range e.Tagging.Phrases {
			add(p, i, strongRule)
		}
		for _, p := range e.Tagging.Places {
			add(p, i, weakRule)
		}
		for _, p := range e.Tagging.Dates {
			add(p, i, weakRule)
		}
		for _, p := range e.Tagging.Context {
			add(p, i, eventContextRule)
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

// hasContext reports whether text holds one of the catalogue's context
// phrases (Kim Jong-un, North Korea, ...).
func (t *tagger) hasContext(text string) bool {
	return len(t.scan(words(text))[contextRule]) > 0
}

// tag returns the ids of the events text speaks of, in catalogue order.
// articleContext says whether the article as a whole (its title) is about
// the subject, which lets a place name next to "summit" count.
//
// A place or date of an event counts when the passage also holds, apart
// from the place or date itself (and other than its words again), a
// context phrase: one of the event's own when it has some (the Pyongyang
// summit of 2018 wants Moon Jae-in, not merely North Korea), else one of
// the catalogue's, for which an article about the subject next to a
// meeting word also does.
func (t *tagger) tag(text string, articleContext bool) []string {
	found := t.scan(words(text))
	var events []int
	for _, s := range found[strongRule] {
		events = append(events, s.rule.event)
	}
	general := articleContext && len(found[meetingRule]) > 0
	for _, w := range found[weakRule] {
		e := w.rule.event
		ctx := found[contextRule]
		if t.own[e] {
			ctx = nil
			for _, c := range found[eventContextRule] {
				if c.rule.event == e {
					ctx = append(ctx, c)
				}
			}
		}
		if slices.ContainsFunc(ctx, func(c span) bool { return c.vouches(w) }) || (!t.own[e] && general) {
			events = append(events, e)
		}
	}
	if len(events) == 0 {
		return nil
	}
	slices.Sort(events)
	events = slices.Compact(events)
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = t.ids[e]
	}
	return ids
}

// scan finds every rule that matches ws, by kind.
func (t *tagger) scan(ws []string) (found [ruleKinds][]span) {
	for i, w := range ws {
		rules := t.rules[w]
		for j := range rules {
			r := &rules[j]
			if i+len(r.words) > len(ws) || !slices.Equal(ws[i:i+len(r.words)], r.words) {
				continue
			}
			found[r.kind] = append(found[r.kind], span{rule: r, from: i, to: i + len(r.words)})
		}
	}
	return found
}
