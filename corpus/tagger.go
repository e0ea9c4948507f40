package corpus

import (
	"slices"
	"strings"
)

// tagger finds the catalogue events a passage speaks of.
type tagger struct {
	ids   []string
	own   []bool            // the event has its own context phrases
	rules map[string][]rule // first word of a phrase -> rules starting with it
}

type ruleKind int

const (
	strongRule  ruleKind = iota // the phrase alone names the event
	weakRule                    // a place or date: needs context
	contextRule                 // makes the weak rules of the events it vouches for count
	meetingRule                 // "summit", "talks": context when the article has some
	ruleKinds
)

type rule struct {
	words []string
	kind  ruleKind
	// event is the event of a strong or weak rule.
	event int
	// A context rule stands for one phrase however many events list it
	// (the built-in events share theirs by YAML anchors): catalogue says
	// the phrase is one of the catalogue's context, which vouches for the
	// events without their own; events lists the events whose own context
	// it is, in catalogue order.
	catalogue bool
	events    []int
}

// vouchesFor reports whether context rule r makes the places and dates
// of event e count, own saying whether e has its own context.
func (r *rule) vouchesFor(e int, own bool) bool {
	if own {
		return slices.Contains(r.events, e)
	}
	return r.catalogue
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

// newTagger compiles the catalogue's tagging phrases: a rule for each
// phrase, place and date of an event, and one for each distinct context
// phrase, listing what it vouches for.
func newTagger(c *Catalogue) *tagger {
	t := &tagger{rules: map[string][]rule{}}
	add := func(r rule) {
		if len(r.words) > 0 {
			t.rules[r.words[0]] = append(t.rules[r.words[0]], r)
		}
	}
	var contexts []*rule
	byPhrase := map[string]*rule{}
	contextRuleOf := func(phrase string) *rule {
		w := words(phrase)
		key := strings.Join(w, " ")
		r := byPhrase[key]
		if r == nil {
			r = &rule{words: w, kind: contextRule}
			byPhrase[key] = r
			contexts = append(contexts, r)
		}
		return r
	}
	for i, e := range c.Events {
		t.ids = append(t.ids, e.ID)
		t.own = append(t.own, len(e.Tagging.Context) > 0)
		for _, p := range e.Tagging.Phrases {
			add(rule{words: words(p), kind: strongRule, event: i})
		}
		for _, p := range slices.Concat(e.Tagging.Places, e.Tagging.Dates) {
			add(rule{words: words(p), kind: weakRule, event: i})
		}
		for _, p := range e.Tagging.Context {
			if r := contextRuleOf(p); !slices.Contains(r.events, i) {
				r.events = append(r.events, i)
			}
		}
	}
	for _, p := range c.Context {
		contextRuleOf(p).catalogue = true
	}
	for _, r := range contexts {
		add(*r)
	}
	for _, p := range meetingWords {
		add(rule{words: words(p), kind: meetingRule})
	}
	return t
}

// hasContext reports whether text holds one of the catalogue's context
// phrases (Kim Jong-un, North Korea, ...).
func (t *tagger) hasContext(text string) bool {
	return slices.ContainsFunc(t.scan(words(text))[contextRule], func(c span) bool { return c.rule.catalogue })
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
		if t.vouched(w, found[contextRule]) || (!t.own[e] && general) {
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

// vouched reports whether one of the context phrases found vouches for the
// place or date w of its event.
func (t *tagger) vouched(w span, contexts []span) bool {
	e := w.rule.event
	for _, c := range contexts {
		if c.rule.vouchesFor(e, t.own[e]) && c.vouches(w) {
			return true
		}
	}
	return false
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
