package answer

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/summitbot/summitbot/corpus"
)

// compose writes the answer's text from the catalogue, and returns the
// events it speaks of; ok is false when the catalogue cannot answer.
func (a *Answerer) compose(q *question) (text string, evs []*corpus.Event, ok bool) {
	if t, evs, ok := a.compared(q); ok {
		return t, evs, true
	}
	if len(q.events) == 0 {
		return a.noEvent(q)
	}
	first := a.events[q.events[0]]
	if t, ok := koreanSummary(q, first); ok {
		return t, []*corpus.Event{first}, true
	}
	if t, evs, ok := a.twoEvents(q, first); ok {
		return t, evs, true
	}
	t, ok := a.one(q, first)
	if !ok {
		return "", nil, false
	}
	if t, ok = a.check(q, t, first); !ok {
		return "", nil, false
	}
	return t, []*corpus.Event{first}, true
}

// noEvent answers a question about the subject that names no event: how
// many times they met, when or where, or what they are, from the overview
// of its scope; not ok for anything else, or for a year or ordinal no
// event has, or words the catalogue must speak to.
func (a *Answerer) noEvent(q *question) (string, []*corpus.Event, bool) {
	if q.unknownRef || !q.context || len(q.leftovers) > 0 {
		return "", nil, false
	}
	if q.count || q.kind == KindWhen || q.kind == KindWhere || q.kind == KindGeneral {
		q.counted = q.count
		return a.overview(q)
	}
	return "", nil, false
}

// koreanSummary is the event's Korean summary for a general Korean
// question about it; ok is false for any other, or when it has none.
func koreanSummary(q *question, e *corpus.Event) (string, bool) {
	if !q.korean || !q.context || q.kind != KindGeneral || q.count {
		return "", false
	}
	t := fit(e.Summaries["ko"], 2, maxTextRunes)
	return t, t != ""
}

// twoEvents answers a question that names several events (or a year that
// holds two) with one sentence each, for the kinds where that reads
// naturally; ok is false when it cannot, in the room an answer has, with
// what the question asks.
func (a *Answerer) twoEvents(q *question, first *corpus.Event) (string, []*corpus.Event, bool) {
	if len(q.events) < 2 || q.duration || q.signed {
		return "", nil, false
	}
	switch q.kind {
	case KindWhen, KindWhere, KindOutcome, KindGeneral, KindWhat:
	default:
		return "", nil, false
	}
	second := a.events[q.events[1]]
	t1, ok1 := a.one(q, first)
	t2, ok2 := a.one(q, second)
	if !ok1 || !ok2 {
		return "", nil, false
	}
	t1, t2 = fit(t1, 1, maxTextRunes), fit(t2, 1, maxTextRunes)
	both := t1 + " " + t2
	if t1 == "" || t2 == "" || utf8.RuneCountInString(both) > maxTextRunes || !a.covers(q, both, first, second) {
		return "", nil, false
	}
	return both, []*corpus.Event{first, second}, true
}

// compared answers a question that compares or counts the meetings: the
// longest or shortest of its scope, which of two was shorter, how many
// times they met in a year ("how many times did moon and kim meet in
// 2018"); ok is false for any other.
func (a *Answerer) compared(q *question) (string, []*corpus.Event, bool) {
	if e, longest := a.superlative(q); e != nil && (len(q.events) == 0 || q.events[0] == a.index(e)) {
		q.kind, q.duration = KindWhen, true
		if t, ok := a.one(q, e); ok {
			if t, ok = a.whoseMeetings(q, t, e, longest); ok {
				return t, []*corpus.Event{e}, true
			}
		}
	}
	if t, evs, ok := a.comparison(q); ok {
		q.kind, q.duration = KindWhen, true
		return t, evs, true
	}
	if q.count && q.year != "" {
		if t, evs, ok := a.meetings(a.eventsIn(q.events), q.year); ok {
			q.counted = true
			return t, evs, true
		}
	}
	return "", nil, false
}

// one answers the question's kind for one event from its catalogue
// fields; ok is false when the field is empty.
func (a *Answerer) one(q *question, e *corpus.Event) (string, bool) {
	t := strings.Join(strings.Fields(a.field(q, e)), " ")
	if t == "" {
		return "", false
	}
	if utf8.RuneCountInString(t) > maxTextRunes {
		if t = fit(t, 2, maxTextRunes); t == "" {
			return "", false
		}
	}
	return t, true
}

// field is the catalogue's text for the question's kind about e, as
// written; "" when it has none. An event yet to happen answers when,
// where and who with where it stands (its result).
func (a *Answerer) field(q *question, e *corpus.Event) string {
	prospective := e.Start.IsZero() || e.Status == "prospective"
	switch q.kind {
	case KindWhen:
		return whenField(q, e, prospective)
	case KindWhere:
		if prospective {
			return e.Result
		}
		return displayName(e) + " was held on " + e.Dates() + venueClause(e) + "."
	case KindWho:
		if e.Attendees == "" && prospective {
			return e.Result
		}
		return e.Attendees
	case KindWhat:
		return whatField(q, e, prospective)
	case KindOutcome:
		return e.Result
	case KindWhy:
		return e.Why
	case KindNext:
		return e.Next
	case KindAsked:
		return a.askedField(q, e)
	}
	return brief(e)
}

// whenField is when the event took place, or how long it lasted ("" when
// the catalogue does not say).
func whenField(q *question, e *corpus.Event, prospective bool) string {
	switch {
	case prospective:
		return e.Result
	case q.duration:
		if e.Duration == "" {
			return ""
		}
		return displayName(e) + " lasted " + strings.TrimSuffix(e.Duration, ".") + "."
	}
	return displayName(e) + " took place on " + e.Dates() + venueClause(e) + "."
}

// whatField is what was signed (or, when nothing was, what the question's
// side said it wants), or what happened.
func whatField(q *question, e *corpus.Event, prospective bool) string {
	switch {
	case q.signed && e.Signed != "":
		return e.Signed
	case q.signed && q.side != "" && e.Asked[q.side] != "":
		return e.Asked[q.side] // what one side said it wants, when nothing was signed
	case q.signed && prospective:
		return e.Result
	case !q.signed:
		return brief(e)
	}
	return ""
}

// askedField is what the question's side asked for, or what each side
// asked for, each cut to its share of an answer's room when together
// they are too long.
func (a *Answerer) askedField(q *question, e *corpus.Event) string {
	if q.side != "" {
		return e.Asked[q.side]
	}
	all := a.cat.AskedIn(e)
	t := strings.Join(all, " ")
	if utf8.RuneCountInString(t) > maxTextRunes && len(all) > 0 {
		short := make([]string, len(all))
		for i, s := range all {
			short[i] = fit(s, 1, maxTextRunes/len(all))
		}
		t = strings.Join(short, " ")
	}
	return t
}

// venueClause is " at VENUE" (or the catalogue place) for a sentence.
func venueClause(e *corpus.Event) string {
	switch {
	case e.Venue != "":
		return " at " + strings.TrimSpace(e.Venue)
	case e.Place != "":
		return " in " + strings.TrimSpace(e.Place)
	}
	return ""
}

// brief is the event's one-sentence summary.
func brief(e *corpus.Event) string {
	if e.Brief != "" {
		return e.Brief
	}
	return fit(e.Summary, 1, maxTextRunes)
}

// strict kinds state one precise fact: every other word of the question
// must be in the answer ("how long did the lunch last" is not answered with
// the summit's length). The others explain, and tolerate one word the
// catalogue does not know.
func strict(k Kind) bool {
	switch k {
	case KindOutcome, KindWhy, KindNext, KindAsked:
		return false
	}
	return true
}

// covers reports whether text (about evs) accounts for the question's
// leftover words.
func (a *Answerer) covers(q *question, text string, evs ...*corpus.Event) bool {
	if strict(q.kind) {
		set := stemSet(text)
		for _, w := range q.leftovers {
			if !knows(set, w) {
				return false
			}
		}
		return true
	}
	unknown := 0
	for _, w := range q.leftovers {
		found := false
		for _, e := range evs {
			if i := a.index(e); i >= 0 && knows(a.known[i], w) {
				found = true
			}
		}
		if !found {
			unknown++
		}
	}
	return unknown <= 1
}

func (a *Answerer) index(e *corpus.Event) int {
	for i, x := range a.events {
		if x == e {
			return i
		}
	}
	return -1
}

// check returns t when it accounts for the question's words; otherwise,
// for a date or a general question, the catalogue sentence about the event
// that does ("When were the remains handed over after Singapore?"), or
// not ok.
func (a *Answerer) check(q *question, t string, e *corpus.Event) (string, bool) {
	if a.covers(q, t, e) {
		return t, true
	}
	if !strict(q.kind) || q.duration || (q.kind != KindWhen && q.kind != KindWhat && q.kind != KindGeneral) {
		return "", false
	}
	for _, field := range append([]string{e.Next, e.Result, e.Signed, e.Brief, e.Why, e.Attendees}, a.cat.AskedIn(e)...) {
		for _, s := range sentences(field) {
			if q.kind == KindWhen && !strings.ContainsAny(s, "0123456789") {
				continue
			}
			if utf8.RuneCountInString(s) <= maxTextRunes && a.covers(q, s, e) {
				return s, true
			}
		}
	}
	if q.kind != KindWhen {
		// A general question whose words the catalogue knows of the event.
		if i := a.index(e); i >= 0 {
			for _, w := range q.leftovers {
				if !knows(a.known[i], w) {
					return "", false
				}
			}
			return t, true
		}
	}
	return "", false
}

// superlative answers "which summit was shortest" (or longest) from the
// catalogue's spans: the held event of the question's scope with the
// least (or most), and whether it asked for the longest; nil when the
// question compares nothing, or a held event of the scope has no span
// (it may have lasted longer than any that has one), or two share the
// least (or most).
func (a *Answerer) superlative(q *question) (*corpus.Event, bool) {
	sign := 0
	for i, t := range q.toks {
		switch {
		case shortestWords[t.raw]:
			sign = -1
		case longestWords[t.raw]:
			sign = 1
		}
		if sign != 0 {
			q.kindUsed[i] = true
			break
		}
	}
	if sign == 0 {
		return nil, false
	}
	var best *corpus.Event
	var bestSpan time.Duration
	tied := false
	for _, e := range a.eventsIn(q.scope.events) {
		if e.Start.IsZero() || e.Status == "prospective" {
			continue
		}
		d, ok := spanOf(e)
		switch {
		case !ok:
			return nil, false
		case best == nil || (sign < 0 && d < bestSpan) || (sign > 0 && d > bestSpan):
			best, bestSpan, tied = e, d, false
		case d == bestSpan:
			tied = true
		}
	}
	if tied {
		return nil, false
	}
	return best, sign > 0
}

// whoseMeetings says whose meetings a superlative compared when the
// question did not name them and the catalogue holds others: "Of the
// meetings between Trump and Kim, the longest was the Hanoi summit, which
// lasted two days: …", not a Hanoi summit that reads as the longest of
// every meeting. t is the event's own sentence ("The Hanoi summit lasted
// …"), returned as it is when the question named them or the catalogue
// holds no others; ok is false when it cannot be said whose they were.
func (a *Answerer) whoseMeetings(q *question, t string, e *corpus.Event, longest bool) (string, bool) {
	if q.scope.named || len(q.scope.events) == len(a.events) {
		return t, true
	}
	rest, ok := strings.CutPrefix(t, displayName(e)+" lasted ")
	leaders := a.leadersOf(q.scope.events)
	if !ok || len(leaders) < 2 {
		return "", false
	}
	most := "shortest"
	if longest {
		most = "longest"
	}
	s := "Of the meetings between " + a.listOf(leaders) + ", the " + most + " was " + midName(e) + ", which lasted " + rest
	if utf8.RuneCountInString(s) > maxTextRunes {
		return "", false
	}
	return s, true
}

// comparison answers "was the dmz meeting longer or shorter than
// singapore" from the two events' spans, with each one's duration as the
// catalogue states it.
func (a *Answerer) comparison(q *question) (string, []*corpus.Event, bool) {
	compares := false
	for i, t := range q.toks {
		if comparativeWords[t.raw] {
			compares, q.kindUsed[i] = true, true
		}
	}
	if !compares || len(q.events) < 2 {
		return "", nil, false
	}
	x, y := a.events[q.events[0]], a.events[q.events[1]]
	dx, okX := spanOf(x)
	dy, okY := spanOf(y)
	if !okX || !okY || x.Duration == "" || y.Duration == "" || dx == dy {
		return "", nil, false
	}
	if dy < dx {
		x, y = y, x
	}
	t := fmt.Sprintf("%s was shorter than %s: it lasted %s; %s lasted %s.", displayName(x), midName(y),
		strings.TrimSpace(firstClause(x.Duration)), midName(y), strings.TrimSpace(firstClause(y.Duration)))
	if utf8.RuneCountInString(t) > maxTextRunes {
		return "", nil, false
	}
	return t, []*corpus.Event{x, y}, true
}

// spanOf is the event's span; ok is false when the catalogue gives none
// (ParseCatalogue has rejected any that does not parse).
func spanOf(e *corpus.Event) (time.Duration, bool) {
	d, err := time.ParseDuration(e.Span)
	return d, e.Span != "" && err == nil
}

// firstClause is s up to its first colon or semicolon.
func firstClause(s string) string {
	if i := strings.IndexAny(s, ":;"); i > 0 {
		return s[:i]
	}
	return s
}

// midName is the event's name inside a sentence: "the Singapore summit".
func midName(e *corpus.Event) string {
	n := displayName(e)
	if strings.HasPrefix(n, "The ") {
		return "the " + n[4:]
	}
	return n
}

// comparativeWords compare two lengths.
var comparativeWords = setOf(`longer shorter briefer quicker 더길었 더짧았 길었어 짧았어`)

// shortestWords and longestWords compare lengths. They say how people ask,
// not what happened.
var (
	shortestWords = setOf(`shortest briefest quickest 짧았던 짧은 제일짧은`)
	longestWords  = setOf(`longest lengthiest 길었던 긴`)
)

// countWords say how many times the leaders met.
var countWords = []string{"", "once", "twice", "three times", "four times", "five times", "six times",
	"seven times", "eight times", "nine times", "ten times"}

// timesWord says n times: "three times", "12 times".
func timesWord(n int) string {
	if n < len(countWords) {
		return countWords[n]
	}
	return fmt.Sprintf("%d times", n)
}

// overview answers a question about the meetings that names none: how
// many times and where the leaders of its scope met (the catalogue's
// first event's leaders when it names no one), then what is still
// talked about. Only their meetings count: "how many times have trump
// and kim met" is not answered with another pair's summit.
func (a *Answerer) overview(q *question) (string, []*corpus.Event, bool) {
	return a.meetings(a.eventsIn(q.scope.events), "")
}

// meetings says how many times and where the leaders of evs (in date
// order) met, in the year when it is not "" ("Moon and Kim met three
// times in 2018"), then, of all their meetings, what is still talked
// about. It says nothing unless one pair (or group) led every held event
// and evs holds every meeting they held (that year): "Trump and Kim have
// met three times" is never said of a list that leaves one out, nor of
// Brezhnev's meetings with Nixon and Ford.
func (a *Answerer) meetings(evs []*corpus.Event, year string) (string, []*corpus.Event, bool) {
	var held, planned []*corpus.Event
	for _, e := range evs {
		if e.Start.IsZero() || e.Status == "prospective" {
			planned = append(planned, e)
		} else {
			held = append(held, e)
		}
	}
	if len(held) == 0 || !a.allMeetingsOf(held, year) {
		return "", nil, false
	}
	parts := make([]string, len(held))
	for i, e := range held {
		parts[i] = midName(e) + " on " + e.Dates()
	}
	t := a.listOf(held[0].Leaders) + " have met " + timesWord(len(held)) + ": " + joinList(parts) + "."
	if year != "" {
		t = a.listOf(held[0].Leaders) + " met " + timesWord(len(held)) + " in " + year + ": " + joinList(parts) + "."
	}
	if len(planned) > 0 && year == "" {
		if b := fit(brief(planned[0]), 1, maxTextRunes); b != "" && utf8.RuneCountInString(t+" "+b) <= maxTextRunes {
			t += " " + b
		}
	}
	if utf8.RuneCountInString(t) > maxTextRunes {
		return "", nil, false
	}
	return t, held, true
}

// allMeetingsOf reports whether held (in date order) are all the held
// meetings of one pair or group of leaders, those of held[0], in the
// year if it is not "".
func (a *Answerer) allMeetingsOf(held []*corpus.Event, year string) bool {
	leaders := held[0].Leaders
	if len(leaders) < 2 {
		return false
	}
	n := 0
	for _, i := range a.chrono {
		e := a.events[i]
		inYear := year == "" || slices.Contains(a.years[year], i)
		if containsAll(e.Leaders, leaders...) && containsAll(leaders, e.Leaders...) && inYear && !e.Start.IsZero() && e.Status != "prospective" {
			if n >= len(held) || held[n] != e {
				return false
			}
			n++
		}
	}
	return n == len(held)
}

// joinList joins words as a sentence lists them: "a", "a and b", "a, b
// and c".
func joinList(items []string) string {
	if n := len(items); n > 1 {
		return strings.Join(items[:n-1], ", ") + " and " + items[n-1]
	}
	return strings.Join(items, "")
}

// eventsIn returns the events of indexes.
func (a *Answerer) eventsIn(indexes []int) []*corpus.Event {
	out := make([]*corpus.Event, len(indexes))
	for i, e := range indexes {
		out[i] = a.events[e]
	}
	return out
}

// leadersOf are the leaders who led every one of the events, in the
// order the first lists them.
func (a *Answerer) leadersOf(evs []int) []string {
	if len(evs) == 0 {
		return nil
	}
	var out []string
	for _, l := range a.events[evs[0]].Leaders {
		if !slices.ContainsFunc(evs, func(e int) bool { return !containsAll(a.events[e].Leaders, l) }) {
			out = append(out, l)
		}
	}
	return out
}

// listOf names the leaders by their short names: "Trump and Kim".
func (a *Answerer) listOf(leaders []string) string {
	names := make([]string, len(leaders))
	for i, l := range leaders {
		names[i] = a.cat.ShortName(l)
	}
	return joinList(names)
}

// containsAll reports whether every one of people is in list: all of
// them led an event, or took part in it.
func containsAll(list []string, people ...string) bool {
	for _, p := range people {
		if !slices.Contains(list, p) {
			return false
		}
	}
	return true
}

// stemmedLeader is one of the events' leaders with the stems of the name
// and of the short name ("trump", "kim"), stemmed once by New.
type stemmedLeader struct {
	name        string
	full, short []string
}

// stemLeaders lists the events' leaders once each, in the order the
// catalogue lists them, their names stemmed.
func stemLeaders(cat *corpus.Catalogue) []stemmedLeader {
	var out []stemmedLeader
	for _, e := range cat.Events {
		for _, l := range e.Leaders {
			if !slices.ContainsFunc(out, func(s stemmedLeader) bool { return s.name == l }) {
				out = append(out, stemmedLeader{name: l, full: stems(l), short: stems(cat.ShortName(l))})
			}
		}
	}
	return out
}

// namedLeaders are the events' leaders the question's words name, in full
// or by their short name ("trump", "kim"), in the order the catalogue
// lists them. parse keeps them as question.leaders.
func (a *Answerer) namedLeaders(toks []token) []string {
	have := tokenStems(toks)
	var out []string
	for _, l := range a.leaders {
		if hasAll(have, l.full) || hasAll(have, l.short) {
			out = append(out, l.name)
		}
	}
	return out
}
