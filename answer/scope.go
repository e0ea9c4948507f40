package answer

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/summitbot/summitbot/corpus"
)

// scope is what a question's ordinals ("the second summit"), "last",
// years and months, superlatives and counts range over, all from the
// catalogue: the meetings of the leaders the question names ("kim's
// second meeting with xi" is the second of Xi's and Kim's), narrowed to
// a kind of meeting the catalogue's names share when it names one ("the
// first inter-korean summit"); otherwise the primary pair's, the leaders
// of the catalogue's first event (the Trump–Kim meetings of the built-in
// catalogue), so that "the second summit" is Hanoi however many other
// meetings the catalogue holds. A reference that names an event outright
// (a name, an alias, a place) is never scoped.
type scope struct {
	events []int // event indexes, in date order
	// named: the question said whose meetings (leaders) or which kind;
	// otherwise they are the primary pair's, which an answer comparing
	// them must say.
	named bool
}

// has reports whether event e is in the scope.
func (s scope) has(e int) bool { return slices.Contains(s.events, e) }

// scopeOf decides the question's scope from the leaders it names, by
// their names or short names, and the kind of meeting it names. Leaders
// who led no event together are looked for among the participants
// ("trump, kim and moon": the DMZ meeting); leaders who never met leave
// the scope empty ("the second trump-xi summit" is none).
func (a *Answerer) scopeOf(q *question) scope {
	named := q.leaders
	var evs []int
	if len(named) > 0 {
		evs = a.eventsOf(named, func(e *corpus.Event) []string { return e.Leaders })
		if len(evs) == 0 {
			evs = a.eventsOf(named, func(e *corpus.Event) []string { return e.Participants })
		}
	}
	if kind := a.kindEvents(q); kind != nil {
		within := evs
		if len(named) == 0 {
			within = a.chrono
		}
		if k := slices.DeleteFunc(slices.Clone(within), func(e int) bool { return !slices.Contains(kind, e) }); len(k) > 0 {
			return scope{events: k, named: true}
		}
	}
	if len(named) > 0 {
		return scope{events: evs, named: true}
	}
	if len(a.events) == 0 {
		return scope{}
	}
	return scope{events: a.eventsOf(a.events[0].Leaders, func(e *corpus.Event) []string { return e.Leaders })}
}

// eventsOf lists, in date order, the events where every one of people is
// among those that of gives.
func (a *Answerer) eventsOf(people []string, of func(*corpus.Event) []string) []int {
	var out []int
	for _, i := range a.chrono {
		if containsAll(of(a.events[i]), people...) {
			out = append(out, i)
		}
	}
	return out
}

// outright reports whether a date or year beyond the question's scope
// still names the catalogue's events of that date: the question names no
// leader or kind, and speaks of a meeting ("the Pyongyang summit of
// September 2018"). Otherwise such a date is only a time ("who did pompeo
// bring back in may 2018").
func (a *Answerer) outright(q *question) bool {
	return !q.scope.named && slices.ContainsFunc(q.toks, func(t token) bool { return meetingNouns[t.raw] })
}

// datesBeyond keeps the date hits of events beyond the scope whose words
// no date of an event within it covers.
func datesBeyond(in, beyond []hit) []hit {
	var out []hit
	for _, b := range beyond {
		if !slices.ContainsFunc(in, func(h hit) bool { return h.class == classDate && h.start < b.end && b.start < h.end }) {
			out = append(out, b)
		}
	}
	return out
}

// kindEvents are the events of the kinds of meeting the question names,
// the words that several events' names share ("inter-korean", "beijing")
// standing in a meeting's phrase ("the first inter-korean summit", "the
// second summit in beijing"); nil when it names none. Two kinds narrow
// each other.
func (a *Answerer) kindEvents(q *question) []int {
	var out []int
	found := false
	for i, t := range q.toks {
		if !a.namesKind(q.toks, i) {
			continue
		}
		evs := a.vocab.kinds[t.raw]
		if !found {
			out, found = slices.Clone(evs), true
			continue
		}
		out = slices.DeleteFunc(out, func(e int) bool { return !slices.Contains(evs, e) })
	}
	return out
}

// namesKind reports a kind word of the catalogue's names at i that
// qualifies a meeting (kindAt): it says what the question ranges over,
// not what it asks.
func (a *Answerer) namesKind(toks []token, i int) bool {
	_, ok := a.vocab.kinds[toks[i].raw]
	return ok && a.kindAt(toks, i)
}

// kindAt reports whether the kind word at i qualifies a meeting: a
// meeting noun follows it, past filler ("inter-korean summit"), or it
// follows one and "in" or "at" ("the summits in beijing"). "What did
// Beijing say" names no kind.
func (a *Answerer) kindAt(toks []token, i int) bool {
	return a.meetingNounAfter(toks, i) ||
		i >= 2 && (toks[i-1].raw == "in" || toks[i-1].raw == "at") && meetingNouns[toks[i-2].raw]
}

// meetingNounAfter reports a meeting noun within four words after i, past
// the ordinal filler only: "second summit", "first inter-korean summit".
func (a *Answerer) meetingNounAfter(toks []token, i int) bool {
	for j := i + 1; j < len(toks) && j <= i+4; j++ {
		if meetingNouns[toks[j].raw] {
			return true
		}
		if !a.vocab.filler(toks[j].raw) {
			return false
		}
	}
	return false
}

// kindWords collects the kinds of meeting the catalogue's English names
// share: each word of a name that two events' names or more hold, but
// not every event's, and that names no leader or side, says nothing of
// the subject at large, and is no date, ordinal or meeting noun ("inter"
// of "inter-korean", "beijing"). It maps the word to its events, by
// index.
func kindWords(cat *corpus.Catalogue, v *vocabulary) map[string][]int {
	by := map[string][]int{}
	for i, e := range cat.Events {
		for _, w := range splitWords(strings.ToLower(e.Name)) {
			w = normWord(w)
			if _, ord := ordinals[w]; ord || stopWords[w] || generic[w] || v.names[w] || v.context[w] || months[w] ||
				meetingNouns[w] || isDigits(w) || hasHangul(w) || utf8.RuneCountInString(w) < 3 {
				continue
			}
			if !slices.Contains(by[w], i) {
				by[w] = append(by[w], i)
			}
		}
	}
	for w, evs := range by {
		if len(evs) < 2 || len(evs) == len(cat.Events) {
			delete(by, w)
		}
	}
	return by
}

// ordinalCue reports a cue that reads as an ordinal reference by itself
// ("first summit", "second inter-korean summit", "1차 정상회담"): what
// ordinalHits finds by date order within the question's scope, which the
// cue's own count may not be (the alias "second meeting" of the Hanoi
// summit is no answer to "kim's second meeting with xi", nor the alias
// "first summit" to "kim's first summit"). It names no event.
func (v *vocabulary) ordinalCue(words []string) bool {
	if len(words) < 2 {
		return false
	}
	if _, ord := ordinals[words[0]]; !ord && !latest[words[0]] {
		return false
	}
	for _, w := range words[1:] {
		if meetingNouns[w] {
			return true
		}
		if !v.filler(w) {
			return false
		}
	}
	return false
}
