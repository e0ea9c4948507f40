package answer

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/summitbot/summitbot/corpus"
)

// cueClass says how firmly a cue names its event.
type cueClass int

const (
	classWeak   cueClass = iota // an ordinary word that is also an alias ("next")
	classYear                   // "2019": may name several events
	classDescr                  // a description: "the summit that ended early"
	classDate                   // "june 2018", "27 february"
	classStrong                 // a name, alias, place, phrase, ordinal
)

var classWeight = [...]int{classWeak: 1, classYear: 1, classDescr: 2, classDate: 3, classStrong: 4}

// Special event numbers of a cue or hit.
const (
	notAnEvent   = -1 // a phrase that blocks a match ("panmunjom declaration")
	unknownEvent = -2 // a year or ordinal the catalogue has no event for
)

// eventCue is a phrase that names an event in a question.
type eventCue struct {
	words []string // lower-case words as written
	stems []string
	event int
	class cueClass
}

type stemmedKindCue struct {
	kindCue
	stems []string
}

// hit is a cue found in a question: tokens [start, end).
type hit struct {
	event      int
	start, end int
	class      cueClass
}

// question is a parsed question.
type question struct {
	text     string
	toks     []token
	used     []bool // tokens that name the event
	kindUsed []bool // tokens that say what is asked
	events   []int  // event indexes, most relevant first
	// scope is what its ordinals, years, months, superlatives and counts
	// range over (scope.go).
	scope scope
	// year is the one year that names the events, when nothing firmer
	// does ("how many times did moon and kim meet in 2018").
	year string
	// unknownRef: the question names a year or an ordinal that no event
	// of its scope has ("the fifth summit", "in 2020"), or an event of
	// other leaders than it names: never answer it with another.
	unknownRef bool
	kind       Kind
	duration   bool // how long
	signed     bool // what was signed or said, not what happened
	count      bool // how many times
	counted    bool // answered with how many times they met (compose)
	korean     bool
	translated bool // Korean words read as the catalogue's English terms
	context    bool // speaks of summits, the catalogue's leaders or its context phrases
	side       string
	leftovers  []string // stems of words that must be found in the answer's facts
	// core holds the stems of the asking clause when the question was read
	// from the story around it ("my roommate says … why did it fail?").
	core map[string]bool
	// leaders are the events' leaders the question names (namedLeaders),
	// found once by parse.
	leaders []string
}

func (q *question) eventIDs(a *Answerer) []string {
	out := make([]string, len(q.events))
	for i, e := range q.events {
		out[i] = a.events[e].ID
	}
	return out
}

// addCue adds a phrase that names event ev (notAnEvent: names none) as a
// cue of the class, and as one a typo may stand for when it is a single
// firm word.
func (a *Answerer) addCue(phrase string, ev int, class cueClass) {
	ws := splitWords(strings.ToLower(phrase))
	if len(ws) == 0 {
		return
	}
	for i, w := range ws {
		ws[i] = normWord(w)
	}
	if a.vocab.ordinalCue(ws) {
		// "second meeting", "first kim-xi summit": ordinalHits finds them
		// by date order, within the question's scope.
		return
	}
	st := make([]string, len(ws))
	for i, w := range ws {
		st[i] = stem(w)
	}
	c := eventCue{words: ws, stems: st, event: ev, class: class}
	a.cues = append(a.cues, c)
	if class == classStrong && len(ws) == 1 && !hasHangul(ws[0]) && !isDigits(ws[0]) &&
		utf8.RuneCountInString(ws[0]) >= 5 && !a.vocab.generic(ws[0]) {
		a.fuzzy = append(a.fuzzy, c)
	}
}

// addDateCues adds the dates of event i: its tagging dates, and each day
// of its span as "12 june", "june 12" and "june 2018"; and its years.
func (a *Answerer) addDateCues(i int, e *corpus.Event) {
	for _, s := range e.Tagging.Dates {
		a.addCue(s, i, classDate)
	}
	if e.Start.IsZero() {
		return
	}
	end := e.End.Time
	if end.IsZero() || end.Before(e.Start.Time) {
		end = e.Start.Time
	}
	for d := e.Start.Time; !d.After(end) && d.Sub(e.Start.Time) < 31*24*time.Hour; d = d.AddDate(0, 0, 1) {
		day, month, year := strconv.Itoa(d.Day()), strings.ToLower(d.Month().String()), strconv.Itoa(d.Year())
		for _, p := range []string{day + " " + month, month + " " + day, month + " " + year} {
			a.addCue(p, i, classDate)
		}
		if !slices.Contains(a.years[year], i) {
			a.years[year] = append(a.years[year], i)
		}
	}
}

// buildCues collects, for every event, the phrases that name it: its id,
// name, aliases, tagging phrases and places, question cues and Korean
// name, and its dates.
func (a *Answerer) buildCues() {
	add := a.addCue
	for i, e := range a.events {
		aliasClass := func(s string) cueClass {
			n := strings.ToLower(strings.TrimSpace(s))
			_, ordinal := ordinals[n]
			switch {
			case len(n) == 4 && isDigits(n):
				a.years[n] = append(a.years[n], i)
				return classYear
			case ordinal:
				return -1 // "first" alone is no summit: see ordinalHits
			case weakAliases[n]:
				return classWeak
			}
			return classStrong
		}
		for _, s := range append([]string{e.ID, e.Name}, e.Aliases...) {
			if c := aliasClass(s); c >= classWeak && c != classYear {
				add(s, i, c)
			}
		}
		for _, s := range slices.Concat(e.Tagging.Phrases, e.Tagging.Places) {
			add(s, i, classStrong)
		}
		for _, s := range e.Cues {
			add(s, i, classDescr)
		}
		for _, n := range e.AllNames()[1:] { // the English name is added above
			for _, w := range splitWords(n) {
				if !a.vocab.nameless(w) {
					add(w, i, classStrong)
				}
			}
		}
		a.addDateCues(i, e)
	}
	for _, p := range a.cat.NotEvents {
		add(p, notAnEvent, classStrong)
	}
	// chronological order, from the catalogue's own sort
	for _, e := range a.cat.Chronological() {
		if i := slices.Index(a.events, e); i >= 0 {
			a.chrono = append(a.chrono, i)
		}
	}
}

// parse reads a question: the events it names, the kind, and the words
// left over.
func (a *Answerer) parse(raw string) *question {
	q := &question{text: sanitize(raw)}
	q.toks, q.translated = a.tokens(q.text)
	q.used = make([]bool, len(q.toks))
	q.kindUsed = make([]bool, len(q.toks))
	q.korean = hangulRunes(q.text) >= 2
	q.leaders = a.namedLeaders(q.toks)
	q.context = a.inContext(q)
	q.scope = a.scopeOf(q)
	a.findEvents(q)
	a.findKind(q)
	a.findSide(q)
	q.count = a.asksCount(q)
	q.leftovers = a.leftoverStems(q)
	return q
}

// tokens are the question's words, typos of the subject's words mended
// ("sumit" is "summit") and Korean terms read as the catalogue's English
// ones (translated).
func (a *Answerer) tokens(text string) (toks []token, translated bool) {
	toks = tokenize(text)
	for i, t := range toks {
		if w, ok := a.vocab.typo(t.raw); ok {
			toks[i].raw, toks[i].stem = w, stem(w)
		}
	}
	return a.translate(toks)
}

// inContext reports a question that speaks of meetings, of the
// catalogue's leaders or of its context phrases (question.context).
func (a *Answerer) inContext(q *question) bool {
	for _, t := range q.toks {
		if meetingContext[t.raw] || t.hangul && koreanMeetingWord(t.raw) {
			return true
		}
	}
	return a.speaksOfSubject(q)
}

// asksCount reports a question that asks how many times: "how many
// times", "how often".
func (a *Answerer) asksCount(q *question) bool {
	for _, c := range a.counts {
		if at(q.toks, c, nil) >= 0 {
			return true
		}
	}
	return false
}

// leftoverStems are the stems of the question's words that neither name
// its events nor say what is asked, nor are the subject's, a leader's or
// a meeting's words: the answer's facts must hold them.
func (a *Answerer) leftoverStems(q *question) []string {
	leaderSt := map[string]bool{}
	for _, l := range a.leaders {
		if !slices.Contains(q.leaders, l.name) {
			continue
		}
		// "nixon and brezhnev": the catalogue's leaders, as "trump" and
		// "kim" are, say who met, not what about.
		for _, st := range slices.Concat(l.full, l.short) {
			leaderSt[st] = true
		}
	}
	var out []string
	for i, t := range q.toks {
		if q.used[i] || q.kindUsed[i] || a.vocab.generic(t.raw) || a.genericSt[t.stem] || leaderSt[t.stem] || stopWords[t.raw] ||
			timeNouns[t.raw] || placeNouns[t.raw] || peopleNouns[t.raw] || qualifiesMeeting(q.toks, i) || a.namesKind(q.toks, i) ||
			(!t.hangul && utf8.RuneCountInString(t.raw) == 1) { // "trump n kim", stray letters
			continue
		}
		out = append(out, t.stem)
	}
	return out
}

// qualifiesMeeting reports a word of the ordinal filler that follows a
// meeting word, past others: "met face to face", "meet in person" say
// how they met, which every meeting says.
func qualifiesMeeting(toks []token, i int) bool {
	for j := i; j >= 0 && ordinalFiller[toks[j].raw]; j-- {
		if j > 0 && meetingNouns[toks[j-1].raw] {
			return true
		}
	}
	return false
}

// at returns the first position where the stems occur in toks (skipping
// tokens marked in skip), or -1.
func at(toks []token, st []string, skip []bool) int {
	for i := 0; i+len(st) <= len(toks); i++ {
		ok := true
		for j, s := range st {
			if toks[i+j].stem != s || (skip != nil && skip[i+j]) {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// matchAt reports whether cue c matches toks at i.
func matchAt(toks []token, i int, c eventCue) bool {
	if i+len(c.stems) > len(toks) {
		return false
	}
	for j, s := range c.stems {
		t := toks[i+j]
		switch {
		case t.stem == s:
		case t.hangul && strings.HasPrefix(t.raw, c.words[j]): // Korean particles follow the noun
		case len(c.stems) == 1 && utf8.RuneCountInString(c.words[0]) >= 5 && strings.HasPrefix(t.raw, c.words[0]):
			// "vietnamese", "singaporean"
		default:
			return false
		}
	}
	return true
}

// keepLeadersEvents keeps, of the events a question names, those where
// every leader it names took part, when it names two or more: "did trump
// and kim meet in vladivostok" names none of their meetings, which no
// other event's facts answer (unknownRef). Its dates, years and ordinals
// are the named leaders' already (scope.go); this is for names, aliases
// and places, which name an event whatever its pair.
func (a *Answerer) keepLeadersEvents(q *question) {
	named := q.leaders
	if len(named) < 2 || len(q.events) == 0 {
		return
	}
	q.events = slices.DeleteFunc(q.events, func(e int) bool { return !containsAll(a.events[e].Participants, named...) })
	if len(q.events) == 0 {
		q.unknownRef = true
	}
}

// findEvents sets the events the question names, most relevant first,
// and marks the words that name them; the words of another pair's
// meeting ("vladivostok" beside "trump and kim") stay words to look for.
func (a *Answerer) findEvents(q *question) {
	kept := claim(a.eventHits(q), len(q.toks))
	score, first, best := a.tally(q, kept)
	// Only the firmest tier counts: a year beside a name adds to it but
	// names no event of its own, and a weak alias only when nothing else.
	tier := cueClass(-1)
	for _, b := range best {
		t := b
		if t == classDate {
			t = classStrong
		}
		tier = max(tier, t)
	}
	if tier < 0 || (tier == classWeak && (!q.context || lengthNoun(q.toks) >= 0)) {
		// "next" or "border" alone is no summit, nor the border whose
		// length is asked.
		return
	}
	for i, b := range best {
		if b == tier || (tier == classStrong && b == classDate) {
			q.events = append(q.events, i)
		}
	}
	a.keepLeadersEvents(q)
	rank := func(e int) int { return slices.Index(a.chrono, e) }
	slices.SortStableFunc(q.events, func(x, y int) int {
		switch {
		case score[x] != score[y]:
			return score[y] - score[x]
		case first[x] != first[y]:
			return first[x] - first[y]
		}
		return rank(x) - rank(y)
	})
	for _, h := range kept {
		if h.event < 0 || slices.Contains(q.events, h.event) {
			for j := h.start; j < h.end; j++ {
				q.used[j] = true
			}
		}
	}
	if tier == classYear {
		q.year = namingYear(q, kept)
	}
}

// namingYear is the one year whose hits name the question's events, or
// "" when several do.
func namingYear(q *question, kept []hit) string {
	year := ""
	for _, h := range kept {
		if h.class != classYear || !slices.Contains(q.events, h.event) {
			continue
		}
		if y := q.toks[h.start].raw; year == "" || year == y {
			year = y
		} else {
			return ""
		}
	}
	return year
}

// eventHits finds every cue of every event in the question: names,
// aliases, places and descriptions, typos of single-word cues, and,
// within its scope, dates, ordinals and years.
func (a *Answerer) eventHits(q *question) []hit {
	toks := q.toks
	var hits, beyond []hit
	runs := dateRuns(toks)
	starts := make([]bool, len(toks))
	for i := range toks {
		for _, c := range a.cues {
			if !matchAt(toks, i, c) {
				continue
			}
			h := hit{event: c.event, start: i, end: i + len(c.stems), class: c.class}
			starts[i] = true
			if thing := thingAt(runs, h); c.class == classDate && thing != "" && !a.known[c.event][thing] {
				continue // unless the event's own facts speak of that speech or letter
			}
			if c.class != classDate || q.scope.has(c.event) {
				hits = append(hits, h)
			} else {
				beyond = append(beyond, h) // a date names its event within the scope
			}
		}
	}
	outright := a.outright(q)
	if outright {
		hits = append(hits, datesBeyond(hits, beyond)...)
	}
	hits = append(hits, a.typoHits(toks, starts)...)
	hits = append(hits, a.ordinalHits(q)...)
	return append(hits, a.yearHits(toks, q.scope, outright, runs)...)
}

// dateRun is a run of a question's date words, tokens [start, end):
// month names and numbers ("12 june 2018", "september 4 2025", "2019").
type dateRun struct {
	start, end int
	// thing is the stem of the noun the run dates when it stands inside
	// a noun phrase about something other than a meeting ("the june 2018
	// letter", "his 2025 speech"), else "".
	thing string
}

// dateRuns finds the question's date runs, each the longest run of month
// names and numbers ("12th" is read as 12), and decides once for each
// whether it dates a thing: a determiner stands before it and a word
// after it that is no meeting noun. "his sept 2025 speech", "the 12 june
// 2018 letter" say when the speech or the letter was and name no meeting
// (but an event whose facts hold that speech); "the june 2018 summit" and
// "what happened in june 2018" do. However the date is written, the whole
// run is read alike.
func dateRuns(toks []token) []dateRun {
	var runs []dateRun
	for i := 0; i < len(toks); {
		if !dateWord(toks[i].raw) {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && dateWord(toks[j].raw) {
			j++
		}
		r := dateRun{start: i, end: j}
		if i > 0 && j < len(toks) && determiners[toks[i-1].raw] && !meetingNouns[toks[j].raw] && !stopWords[toks[j].raw] {
			r.thing = toks[j].stem
		}
		runs = append(runs, r)
		i = j
	}
	return runs
}

// dateWord reports a word of a written date: a month name or a number.
func dateWord(w string) bool {
	return months[w] || isDigits(w)
}

// thingAt is the noun (its stem) of the thing the date run holding hit h
// dates, or "" when no run that dates a thing holds it.
func thingAt(runs []dateRun, h hit) string {
	for _, r := range runs {
		if r.start <= h.start && h.end <= r.end {
			return r.thing
		}
	}
	return ""
}

// determiners open a noun phrase: what follows them is one thing ("s" is
// what is left of a possessive: "kim's" is read as "kim" and "s").
var determiners = setOf(`his her their its the a an this that s`)

// typoHits reads a word that matched nothing as a misspelt place or name.
func (a *Answerer) typoHits(toks []token, starts []bool) []hit {
	var hits []hit
	for i, t := range toks {
		if starts[i] || t.hangul || a.vocab.generic(t.raw) || stopWords[t.raw] || utf8.RuneCountInString(t.raw) < 4 || isDigits(t.raw) {
			continue
		}
		best, bestDist := -1, 3
		for _, c := range a.fuzzy {
			w := c.words[0]
			if w[0] != t.raw[0] {
				continue // typos rarely hit the first letter
			}
			maxd := 1
			if utf8.RuneCountInString(w) >= 8 {
				maxd = 2
			}
			if d := corpus.EditDistance(t.raw, w, maxd); d <= maxd && d < bestDist {
				best, bestDist = c.event, d
			}
		}
		if best != -1 {
			hits = append(hits, hit{event: best, start: i, end: i + 1, class: classStrong})
		}
	}
	return hits
}

// yearHits names the events of each year the question holds within its
// scope, or, outright, the catalogue's; or an unknown event for a year
// that has none.
func (a *Answerer) yearHits(toks []token, sc scope, outright bool, runs []dateRun) []hit {
	var hits []hit
	for i, t := range toks {
		if len(t.raw) != 4 || !isDigits(t.raw) || t.raw < "1900" || t.raw > "2099" {
			continue
		}
		evs := slices.DeleteFunc(slices.Clone(a.years[t.raw]), func(e int) bool { return !sc.has(e) })
		if len(evs) == 0 && outright {
			evs = a.years[t.raw]
		}
		if thing := thingAt(runs, hit{start: i, end: i + 1}); thing != "" {
			// "his 2025 speech": the year of a speech names only the
			// events whose facts hold that speech; of none, it is a year
			// no event has.
			evs = slices.DeleteFunc(slices.Clone(evs), func(e int) bool { return !a.known[e][thing] })
		}
		if len(evs) == 0 {
			hits = append(hits, hit{event: unknownEvent, start: i, end: i + 1, class: classYear})
		}
		for _, e := range evs {
			hits = append(hits, hit{event: e, start: i, end: i + 1, class: classYear})
		}
	}
	return hits
}

// claim keeps the hits whose words no longer hit claims: "june 2019" is
// the DMZ meeting, not every event of 2019; "panmunjom declaration" is no
// event at all.
func claim(hits []hit, n int) []hit {
	slices.SortStableFunc(hits, func(x, y hit) int {
		if lx, ly := x.end-x.start, y.end-y.start; lx != ly {
			return ly - lx
		}
		return int(y.class) - int(x.class)
	})
	covered := make([]int, n) // 0: free; else the length of the claiming hit
	var kept []hit
	for _, h := range hits {
		size := h.end - h.start
		free := true
		for j := h.start; j < h.end; j++ {
			if covered[j] > size {
				free = false
			}
		}
		if !free {
			continue
		}
		for j := h.start; j < h.end; j++ {
			covered[j] = size
		}
		kept = append(kept, h)
	}
	return kept
}

// tally scores each event by its kept hits, each word once per event at
// its firmest (an event's id, name and place that are all "hanoi" are one
// mention), and notes where each is first named and its firmest class. A
// year no event has marks the question unknownRef.
func (a *Answerer) tally(q *question, kept []hit) (score, first []int, best []cueClass) {
	score = make([]int, len(a.events))
	first = make([]int, len(a.events))
	best = make([]cueClass, len(a.events))
	for i := range first {
		first[i], best[i] = len(q.toks), -1
	}
	type posKey struct{ event, start int }
	weight := map[posKey]int{}
	for _, h := range kept {
		if h.event == unknownEvent {
			q.unknownRef = true
			continue
		}
		if h.event < 0 {
			continue
		}
		k := posKey{h.event, h.start}
		weight[k] = max(weight[k], classWeight[h.class])
		first[h.event] = min(first[h.event], h.start)
		best[h.event] = max(best[h.event], h.class)
	}
	for k, w := range weight {
		score[k.event] += w
	}
	return score, first, best
}

// ordinalHits finds "the second summit", "the first time", "the last
// meeting", "a fourth?" and names the event by date order within the
// question's scope.
func (a *Answerer) ordinalHits(q *question) []hit {
	toks, evs := q.toks, q.scope.events
	var hits []hit
	for i, t := range toks {
		n, isOrd := ordinals[strings.ToLower(t.orig)]
		switch {
		case isOrd && (a.meetingNounAfter(toks, i) || strings.HasSuffix(t.raw, "차") ||
			(i == len(toks)-1 && i > 0 && (toks[i-1].raw == "the" || toks[i-1].raw == "a"))):
			ev := unknownEvent
			if n <= len(evs) {
				ev = evs[n-1]
			}
			hits = append(hits, hit{event: ev, start: i, end: i + 1, class: classStrong})
		case latest[t.raw] && a.meetingNounAfter(toks, i):
			if e := a.lastHeld(evs); e >= 0 {
				hits = append(hits, hit{event: e, start: i, end: i + 1, class: classStrong})
			}
		}
	}
	return hits
}

// lastHeld is the most recent of the events (in date order) that has
// taken place, or -1.
func (a *Answerer) lastHeld(evs []int) int {
	last := -1
	for _, e := range evs {
		if !a.events[e].Start.IsZero() && a.events[e].Status != "prospective" {
			last = e
		}
	}
	return last
}

// findKind decides what the question asks: the leading question word
// first, then cue words (see kindCues), ignoring the words that name the
// event ("the summit that ended early" is not a question about an end).
func (a *Answerer) findKind(q *question) {
	matched := a.kindMatches(q)
	lead, leadAt := leadWord(q)
	if lead == "why" {
		q.kind = KindWhy
		return
	}
	if a.pickKind(q, matched, 0) || a.pickKind(q, matched, 1) || leadKind(q, lead, leadAt) {
		return
	}
	for g := 2; g < len(a.kindGroups); g++ {
		if a.pickKind(q, matched, g) {
			return
		}
	}
	q.kind = KindGeneral
}

// kindMatches reports, for each cue of each group of kindCues, whether
// the question holds it, and marks the words it holds as saying what is
// asked.
func (a *Answerer) kindMatches(q *question) [][]bool {
	var matched [][]bool // per group: did it match
	for _, group := range a.kindGroups {
		var m []bool
		for _, c := range group {
			m = append(m, markKindCue(q, c.stems))
		}
		matched = append(matched, m)
	}
	return matched
}

// markKindCue marks every place where the stems st stand in the question,
// outside the words that name the event, as saying what is asked; false
// when they stand nowhere.
func markKindCue(q *question, st []string) bool {
	ok := false
	for i := 0; i+len(st) <= len(q.toks); i++ {
		if at(q.toks[i:i+len(st)], st, q.used[i:i+len(st)]) == 0 {
			ok = true
			for j := i; j < i+len(st); j++ {
				q.kindUsed[j] = true
			}
		}
	}
	return ok
}

// pickKind sets the kind of the first cue of group g that matched;
// false when none did.
func (a *Answerer) pickKind(q *question, matched [][]bool, g int) bool {
	for i, ok := range matched[g] {
		if ok {
			c := a.kindGroups[g][i]
			q.kind, q.duration, q.signed = c.kind, c.duration, c.signed
			return true
		}
	}
	return false
}

// leadWord is the question's leading question word and its position ("",
// -1 when none). It marks each question word it reads as saying what is
// asked; "the summit where Trump walked away", "the day when…": a
// relative word, not the question's, is passed over.
func leadWord(q *question) (string, int) {
	toks := q.toks
	for i, t := range toks {
		if !whWords[t.raw] {
			continue
		}
		q.kindUsed[i] = true
		relative := t.raw == "where" || t.raw == "when" || t.raw == "which" || t.raw == "who"
		if relative && i > 0 && (meetingNouns[toks[i-1].raw] || timeNouns[toks[i-1].raw] || placeNouns[toks[i-1].raw]) {
			continue
		}
		return t.raw, i
	}
	return "", -1
}

// leadKinds are the kinds the leading question word asks by itself.
var leadKinds = map[string]Kind{"who": KindWho, "whom": KindWho, "whose": KindWho, "where": KindWhere, "when": KindWhen}

// leadKind sets the kind the leading question word asks: "who" a person,
// "where" a place, "when" a date, "what year", "which city", "what
// officials" too; false when it says none.
func leadKind(q *question, lead string, leadAt int) bool {
	if k, ok := leadKinds[lead]; ok {
		q.kind = k
		return true
	}
	if lead != "what" && lead != "which" {
		return false
	}
	for j := leadAt + 1; j < len(q.toks) && j <= leadAt+2; j++ {
		switch w := q.toks[j].raw; {
		case timeNouns[w]:
			q.kind = KindWhen
		case placeNouns[w]:
			q.kind = KindWhere
		case peopleNouns[w]:
			q.kind = KindWho
		default:
			continue
		}
		q.kindUsed[j] = true
		return true
	}
	return false
}

// findSide decides whose demands a question asks about: the id of one of
// the catalogue's sides, or "" for all of them.
func (a *Answerer) findSide(q *question) {
	for _, b := range a.both {
		if at(q.toks, b, nil) >= 0 {
			return
		}
	}
	first, second := -1, -1 // the positions of the first two sides named
	var firstID string
	for _, sd := range a.sides {
		i := sideAt(q, sd)
		switch {
		case i < 0:
		case first < 0 || i < first:
			second, first, firstID = first, i, sd.id
		case second < 0 || i < second:
			second = i
		}
	}
	if first < 0 {
		if q.kind == KindAsked && a.otherAsker(q) {
			q.side = noSide // "what did China ask for": no side of the catalogue's
		}
		return
	}
	if second >= 0 {
		for j := first + 1; j < second && j <= first+3; j++ {
			if q.toks[j].raw == "and" {
				return // "Trump and Kim", "the US and North Korea": both
			}
		}
	}
	q.side = firstID
}

// noSide is the side of a question about what a party the catalogue does
// not know asked for: no event's asked has it.
const noSide = "\x00other"

// otherAsker reports whether a what-question's asker, the words between
// its auxiliary and its verb ("what did China ask for"), names someone:
// a word that is no pronoun, no event's and no "leaders", where no side
// was found.
func (a *Answerer) otherAsker(q *question) bool {
	for w := 0; w+1 < len(q.toks); w++ {
		if q.toks[w].raw != "what" || !verbAux[q.toks[w+1].raw] {
			continue
		}
		for j := w + 2; j < len(q.toks) && !q.kindUsed[j]; j++ {
			t := q.toks[j]
			if !stopWords[t.raw] && !q.used[j] && !peopleNouns[t.raw] && !peopleNouns[t.raw+"s"] && !t.hangul {
				return true
			}
		}
	}
	return false
}

// stemmedSide is a side with its words stemmed for matching.
type stemmedSide struct {
	id    string
	words [][]string
	raw   []string
}

// sideAt is where the question first names the side, or -1. A word that
// is also a common word ("us") counts only as typed in capitals ("US",
// "U.S."): never the pronoun.
func sideAt(q *question, sd stemmedSide) int {
	best := -1
	for k, st := range sd.words {
		common := len(st) == 1 && stopWords[sd.raw[k]]
		for i := 0; i+len(st) <= len(q.toks); i++ {
			switch {
			case common && spelled(q, i, sd.raw[k]):
			case !matchStems(q.toks[i:], st), common && !capitalised(q.toks[i]):
				continue
			}
			if best < 0 || i < best {
				best = i
			}
			break
		}
	}
	return best
}

// capitalised reports whether a word was typed in capitals: "US".
func capitalised(t token) bool {
	return t.orig != "" && strings.ToUpper(t.orig) == t.orig && t.orig != strings.ToLower(t.orig)
}

// spelled reports whether the question spells w out in capital letters
// from i: "U.S." for "us".
func spelled(q *question, i int, w string) bool {
	rs := []rune(w)
	if len(rs) < 2 || i+len(rs) > len(q.toks) {
		return false
	}
	for j, r := range rs {
		if t := q.toks[i+j]; t.raw != string(r) || !capitalised(t) {
			return false
		}
	}
	return true
}

// matchStems reports whether toks begin with the stems st.
func matchStems(toks []token, st []string) bool {
	for j, s := range st {
		if j >= len(toks) || toks[j].stem != s {
			return false
		}
	}
	return true
}

// koreanMeetingWord reports a Korean word of meetings ("회담은"), a
// particle allowed after it.
func koreanMeetingWord(w string) bool {
	for _, p := range koreanMeetingPrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// speaksOfSubject reports whether the question names one of the
// catalogue's leaders ("nixon and brezhnev") or holds one of its context
// phrases ("north korea", "북미", a particle allowed after a Korean word):
// a question about the catalogue's subject though it names no event.
func (a *Answerer) speaksOfSubject(q *question) bool {
	if len(q.leaders) > 0 {
		return true
	}
	have := tokenStems(q.toks)
	for _, st := range a.contextStems {
		if len(st) > 0 && hasAll(have, st) {
			return true
		}
	}
	return false
}
