package answer

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/summitbot/summitbot/corpus"
)

// SearchFunc returns the best passages for text. With a non-empty event,
// that event's passages rank first.
type SearchFunc func(ctx context.Context, text, event string, limit int) ([]corpus.Hit, error)

// Kind is what a question asks about an event.
type Kind string

// The kinds of question.
const (
	KindWhen    Kind = "when"    // dates, and how long they met
	KindWhere   Kind = "where"   // venue
	KindWho     Kind = "who"     // who was there
	KindWhat    Kind = "what"    // what happened, or what was signed or said
	KindOutcome Kind = "outcome" // how it ended, whether there was a deal
	KindWhy     Kind = "why"     // why it ended so, why it mattered
	KindNext    Kind = "next"    // what happened afterwards, will they meet again
	KindAsked   Kind = "asked"   // what each side wanted
	KindGeneral Kind = "general" // no clear kind: the event's summary
)

// Answer is the answer to one question.
type Answer struct {
	// Question is the question as read: the asking part of the message,
	// sanitized and cut to 500 runes.
	Question string
	// Events are the catalogue ids the question is about, most relevant
	// first.
	Events []string
	Kind   Kind
	// Text is one or two plain-text sentences (the bot escapes Markdown);
	// empty when not Found. From the catalogue, or, when FromCorpus, the
	// quote itself.
	Text string
	// Quote is one or two sentences of Passages[0], verbatim: the corpus
	// sentence that answers (FromCorpus) or backs the catalogue's Text.
	// Empty when no sentence is good enough.
	Quote string
	// Marks are the question's words that the quote holds, for bold.
	Marks []string
	// FromCorpus: Text is the quote, not a catalogue sentence.
	FromCorpus bool
	// Passages are the two or three best passages supporting Text (fewer
	// when the corpus has no more).
	Passages []corpus.Hit
	// Found is false when the corpus cannot answer: the bot says so
	// plainly and suggests /search.
	Found bool
	// More: the message asked something else after this question, which
	// was not answered.
	More bool
}

// Answerer answers questions from a catalogue and a search engine. It is
// safe for concurrent use: after New nothing in it changes.
type Answerer struct {
	cat    *corpus.Catalogue
	search SearchFunc
	events []*corpus.Event
	// chrono lists event indexes by date, prospective events last: the
	// "second summit" is chrono[1].
	chrono []int
	cues   []eventCue
	fuzzy  []eventCue // single-word cues that typos may stand for
	years  map[string][]int
	// known[i] holds the stems of everything the catalogue says of event i.
	known      []map[string]bool
	kindGroups [][]stemmedKindCue
	counts     [][]string
	both       [][]string
	genericSt  map[string]bool
	// contextStems are the catalogue's context phrases, stemmed.
	contextStems [][]string
	// sides are the catalogue's sides, their words stemmed.
	sides []stemmedSide
	// translations are the catalogue's terms in other languages.
	translations []translation
	// vocab is the catalogue's words of its subject.
	vocab vocabulary
	// leaders are the events' leaders, their names stemmed.
	leaders []stemmedLeader
	// participants are the stems of the events' participants named in
	// two words or more.
	participants [][]string
}

// New returns an Answerer over the catalogue's events; search finds the
// supporting passages (nil: answers come without passages).
func New(cat *corpus.Catalogue, search SearchFunc) *Answerer {
	if cat == nil {
		cat = &corpus.Catalogue{}
	}
	a := &Answerer{cat: cat, search: search, events: cat.Events, years: map[string][]int{}, genericSt: map[string]bool{},
		vocab: newVocabulary(cat), leaders: stemLeaders(cat), participants: stemParticipants(cat)}
	a.buildCues()
	a.buildTranslations()
	for _, e := range a.events {
		// and the words people name it by, which a question may hold
		a.known = append(a.known, stemSet(slices.Concat(eventTexts(cat, e), e.Aliases, e.Cues)...))
	}
	for w := range generic {
		a.genericSt[stem(w)] = true
	}
	for w := range a.vocab.common {
		a.genericSt[stem(w)] = true
	}
	for _, group := range kindCues {
		var g []stemmedKindCue
		for _, c := range group {
			g = append(g, stemmedKindCue{kindCue: c, stems: stems(c.phrase)})
		}
		a.kindGroups = append(a.kindGroups, g)
	}
	for _, c := range countCues {
		a.counts = append(a.counts, stems(c))
	}
	for _, c := range sideBoth {
		a.both = append(a.both, stems(c))
	}
	for _, c := range cat.Context {
		a.contextStems = append(a.contextStems, stems(c))
	}
	for _, sd := range cat.Sides {
		s := stemmedSide{id: sd.ID}
		for _, w := range sd.Words {
			if st := stems(w); len(st) > 0 {
				s.words, s.raw = append(s.words, st), append(s.raw, w)
			}
		}
		a.sides = append(a.sides, s)
	}
	return a
}

// eventTexts are every text the catalogue states of event e: its names,
// place, summaries and fields, what each side asked, its participants and
// outcomes. What the answerer knows of an event (Answerer.known) and what
// the tests accept as the catalogue's facts are read from these alike.
func eventTexts(cat *corpus.Catalogue, e *corpus.Event) []string {
	return slices.Concat([]string{e.Name, e.Place, e.Summary, e.Venue, e.Duration, e.Brief, e.Attendees, e.Signed, e.Result,
		e.Next, e.Why}, e.AllNames(), slices.Collect(maps.Values(e.Summaries)), cat.AskedIn(e), e.Participants, e.Outcomes)
}

// Answer answers one question. Any text is accepted; the error is only
// ever the search engine's (or the context's).
func (a *Answerer) Answer(ctx context.Context, message string) (Answer, error) {
	q, p, more := a.understand(message)
	text, evs, ok := a.compose(q)
	// "the fifth summit", "in 2017": never another event's facts; the
	// corpus may answer, with a sentence that holds the number.
	ok = ok && !besidePoint(q, p, text) && !q.unknownRef
	ans := Answer{Question: q.text, Events: q.eventIDs(a), Kind: q.kind, More: more}
	if err := ctx.Err(); err != nil {
		return ans, err
	}
	if ok && a.search == nil {
		ans.Events, ans.Text, ans.Found = ids(evs), text, true
		return ans, nil
	}
	r, read, err := a.read(ctx, q, p, a.searchEvent(q))
	if err != nil {
		return ans, fmt.Errorf("answer: read passages: %w", err)
	}
	if ok && !(r != nil && a.corpusWins(q, p, text, r)) {
		return a.fromCatalogue(ctx, q, ans, text, evs, r)
	}
	return fromCorpus(q, ok, ans, r, read), nil
}

// understand reads the message: the question it asks (focused on its
// asking clause, the story around it kept apart), what the reader looks
// for, and whether it asked something else after it.
func (a *Answerer) understand(message string) (*question, *probe, bool) {
	focused, core, more := focus(sanitize(message), a.cat.Abbreviations)
	q := a.parse(focused)
	if core != "" {
		q.core = stemSet(core)
	}
	p := a.newProbe(q)
	if p.hasStory() {
		// The catalogue need not speak of the roommate's claims either.
		q.leftovers = slices.DeleteFunc(q.leftovers, func(st string) bool { return !q.core[st] })
	}
	if q.korean {
		koreanKind(q, p.asked)
	}
	return q, p, more
}

// searchEvent is the id of the event whose passages the reader searches
// first, or "".
func (a *Answerer) searchEvent(q *question) string {
	if len(q.events) == 0 || q.unknownRef {
		// "when did trump try to fly to the dmz in 2017": the DMZ of a
		// year no event has is a place, whose passages are not the
		// meeting's.
		return ""
	}
	return a.events[q.events[0]].ID
}

// fromCatalogue answers with the catalogue's text about evs when the
// corpus backs it, quoting first the corpus sentence that does: r, the
// reader's, when it is about the answer's events, else the best backing
// sentence of the supporting passages.
func (a *Answerer) fromCatalogue(ctx context.Context, q *question, ans Answer, text string, evs []*corpus.Event, r *reading) (Answer, error) {
	ps, err := a.support(ctx, q, text, evs)
	if err != nil {
		return ans, fmt.Errorf("answer: find supporting passages: %w", err)
	}
	if !anyTagged(ps, ids(evs)) {
		// The corpus does not back the catalogue here (an operator's own
		// corpus, say): say nothing rather than state an unsupported fact.
		return ans, nil
	}
	ans.Events, ans.Text, ans.Passages, ans.Found = ids(evs), text, ps, true
	if r == nil || !anyTagged([]corpus.Hit{r.passage}, ans.Events) {
		r = a.backing(text, ps)
	}
	if r != nil {
		// The corpus sentence that backs the catalogue's, first.
		ans.Quote, ans.Marks = r.text, sameWords(r.words)
		ans.Passages = quotePassages(r, ps, ans.Events)
	}
	return ans, nil
}

// fromCorpus answers with the reader's sentence r, quoted, when there is
// one (ok: the catalogue could answer too); read are the passages it read.
func fromCorpus(q *question, ok bool, ans Answer, r *reading, read []corpus.Hit) Answer {
	if r == nil || (q.korean && !ok && !q.translated) {
		// A Korean question the catalogue does not answer is read in the
		// English articles only when its words were translated.
		return ans
	}
	ans.Text = r.text // at most maxQuoteRunes, under maxTextRunes
	ans.Quote, ans.Marks, ans.FromCorpus, ans.Found = r.text, sameWords(r.words), true, true
	ans.Passages = quotePassages(r, read, ans.Events)
	if len(r.passage.Events) > 0 && !anyTagged([]corpus.Hit{r.passage}, ans.Events) {
		ans.Events = r.passage.Events
	}
	return ans
}

// besidePoint reports a catalogue sentence that does not answer what is
// asked: "what is the dprk" is not asking for the overview, nor "what gift
// did kim give" for the summary that says "gift", nor "why is north korea
// shooting people near the border" for why the DMZ meeting mattered.
func besidePoint(q *question, p *probe, text string) bool {
	switch {
	case q.counted:
		return false // the meetings counted: "have met once" is what "how many times" asks
	case p.asked == askDefinition && len(q.events) == 0:
		return true
	case (q.kind == KindGeneral || q.kind == KindNext) && !p.mustIn(text):
		return true
	}
	return (q.kind == KindWhy || q.kind == KindGeneral) && p.missingIn(text) >= 2
}

// backing picks, among the passages that support a catalogue sentence,
// the corpus sentence that says most of what it says, numbers and names
// above all: "… in Singapore on June 12, 2018" backs "The Singapore summit
// took place on 12 June 2018". Nil when none shares enough.
func (a *Answerer) backing(text string, ps []corpus.Hit) *reading {
	if hangulRunes(text) > 0 {
		return nil
	}
	want := map[string]float64{}
	raw := map[string]string{}
	total := 0.0
	for _, w := range splitWords(strings.ToLower(text)) {
		st := stem(normWord(w))
		if stopWords[w] || a.vocab.generic(w) || want[st] > 0 || utf8.RuneCountInString(w) < 2 {
			continue
		}
		want[st] = 1
		if isDigits(w) {
			want[st] = 2
		}
		raw[st] = w
		total += want[st]
	}
	var best *reading
	for _, psg := range ps {
		for _, sent := range corpus.Sentences(psg.Text) {
			if utf8.RuneCountInString(sent) > maxQuoteRunes {
				continue
			}
			got, shared := 0.0, 0
			var words []string
			seen := map[string]bool{}
			for _, st := range stems(sent) {
				if w := want[st]; w > 0 && !seen[st] {
					seen[st] = true
					got += w
					shared++
					words = append(words, raw[st])
				}
			}
			score := got / total
			if shared >= 2 && score >= minBacking && (best == nil || score > best.score) {
				best = &reading{text: sent, passage: psg, score: score, words: words}
			}
		}
	}
	return best
}

// minBacking is the share of a catalogue sentence's words (numbers count
// twice) that a corpus sentence must hold to be quoted as backing it.
const minBacking = 0.3

// corpusWins reports whether the corpus's sentence answers better than the
// catalogue's general one: the question asks a particular fact ("how did
// Kim get to Singapore", "what is Yongbyon") that the catalogue's summary
// does not hold.
func (a *Answerer) corpusWins(q *question, p *probe, text string, r *reading) bool {
	if p.speech && !speechRE.MatchString(text) {
		return true // "what did trump say when he walked out": not what was signed
	}
	general := q.kind == KindGeneral || (q.kind == KindWhat && !q.signed)
	if !general || q.count {
		return false
	}
	set := stemSet(text)
	for _, w := range p.words {
		if w.weight >= 1 && !knows(set, w.stem) {
			return true // a word the catalogue sentence does not speak to
		}
	}
	return p.asked != askAny && p.asked != askYesNo && !holds(p, text, stems(text))
}

// koreanKind sets the kind of a Korean question from its question word:
// 왜 asks why, 언제 when, 몇 번 how many times.
func koreanKind(q *question, asked askKind) {
	switch asked {
	case askCause:
		q.kind = KindWhy
	case askDate:
		if q.kind == KindGeneral {
			q.kind = KindWhen
		}
	case askPlace:
		q.kind = KindWhere
	case askPerson:
		q.kind = KindWho
	case askDuration:
		q.kind, q.duration = KindWhen, true
	case askNumber:
		q.count = true
	}
	// The catalogue is in English: Korean words cannot be looked for in it.
	q.leftovers = slices.DeleteFunc(q.leftovers, hasHangul)
}

func ids(evs []*corpus.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

func anyTagged(ps []corpus.Hit, events []string) bool {
	for _, p := range ps {
		for _, id := range p.Events {
			for _, e := range events {
				if id == e {
					return true
				}
			}
		}
	}
	return false
}

// displayName is the event's name to open a sentence with: "The Hanoi
// summit", but "Putin's visit to Pyongyang", whose owner stands for the
// article.
func displayName(e *corpus.Event) string {
	name := strings.TrimSpace(e.Name)
	first, _, _ := strings.Cut(name, " ")
	switch lower := strings.ToLower(name); {
	case strings.HasPrefix(lower, "the ") || strings.HasPrefix(lower, "a "):
		return strings.ToUpper(name[:1]) + name[1:]
	case strings.HasSuffix(first, "'s") || strings.HasSuffix(first, "’s"):
		return name
	}
	return "The " + name
}
