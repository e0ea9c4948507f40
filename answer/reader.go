package answer

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/summitbot/summitbot/corpus"
)

// askKind is what kind of fact a question wants from a sentence.
type askKind string

// What a question can ask a sentence for.
const (
	askDate       askKind = "date"       // when, what year
	askPlace      askKind = "place"      // where, which city or hotel
	askPerson     askKind = "person"     // who
	askNumber     askKind = "number"     // how many, how much, how old, how far
	askDuration   askKind = "duration"   // how long
	askCause      askKind = "cause"      // why
	askName       askKind = "name"       // what is the name of, what is it called
	askDefinition askKind = "definition" // what is X
	askYesNo      askKind = "yesno"      // did, is, has …
	askMeans      askKind = "means"      // how did X get to Y: by train, by plane
	askPurpose    askKind = "purpose"    // what was X for
	askAny        askKind = "any"        // what happened, what did X say, how did
)

const (
	readLimit = 12 // passages read per question
	// minConfidence is the score under which the reader abstains. It was
	// set on the development sets (testdata/news.json, casual.json): below
	// it, wrong quotes outnumber right ones.
	minConfidence = 0.62
	// shortSentence is the most words of a sentence that leads into the
	// next one rather than standing alone.
	shortSentence = 6
	maxQuoteRunes = 450 // under maxTextRunes: a corpus answer's text is its quote
)

// reading is the sentence (or two) of a passage that answers a question.
type reading struct {
	text    string
	passage corpus.Hit
	score   float64
	words   []string // the question's words the quote holds, for bold
	rank    int      // of the passage among those read
}

// probe is what the reader looks for: the question's content words with
// their weights, and the kind of fact asked.
type probe struct {
	words   []probeWord
	total   float64
	asked   askKind
	subject []string // for "what is X" / "who is X": X's stems
	phrase  string   // X as words ("lee in young"), for a definition
	heavy   int      // words that are not the subject at large
	asking  bool     // a question word, an auxiliary or a question mark
	speech  bool     // "what did X say": the sentence must report or quote
	much    bool     // "how much": money, most likely
	counted string   // the stem "how many" counts ("children")
	qstems  map[string]bool
	// vocab is the catalogue's words of its subject.
	vocab *vocabulary
	// names are the catalogue's participants the question names in full
	// ("kim jong un"): a passage must name them too, not another Kim.
	names [][]string
	// needed are stems a passage must hold: the names the question
	// capitalises ("the Cheonan") and who a what-question asks about
	// ("kim" in "what did kim say").
	needed []string
	// eventWords name the question's event ("dmz"); events are its ids.
	eventWords []string
	events     []string
	// beyond are the ids of the events outside the question's scope, when
	// it asks which meeting it was ("which summit was the one on an
	// island"): a passage tagged with one of them speaks of another
	// meeting.
	beyond []string
}

type probeWord struct {
	raw, stem string
	weight    float64
	// must: a number or an ordinal ("2017", "seventh"); a sentence
	// without it speaks of another one.
	must bool
	// story: the word is only in the story around the question ("my
	// roommate says bolton sabotaged it"): it may help, it is not required.
	story bool
	// unnamed: "summit" in a question about no catalogue event; the
	// catalogue's own sentences need not say it.
	unnamed bool
	// verb: what a what-question asks about ("what village did kim
	// visit"); the article's title may say it for the sentence.
	verb bool
}

// askedOf reads what a (focused) question wants: a Korean question word
// says it, else a phrase ("how long", "why", "called"), else the first
// question word or auxiliary.
func askedOf(toks []token) askKind {
	lower := make([]string, 0, len(toks))
	for _, t := range toks {
		lower = append(lower, t.raw)
	}
	j := strings.Join(lower, " ")
	if k, ok := koreanAskedOf(toks, j); ok {
		return k
	}
	if k, ok := phrasedAsk(toks, lower, j); ok {
		return k
	}
	return leadAsk(lower, j)
}

// hasPhrase reports whether the words j (joined by single spaces) hold one
// of the phrases whole: "how long", not "how longer".
func hasPhrase(j string, phrases ...string) bool {
	padded := " " + j + " "
	for _, s := range phrases {
		if strings.Contains(padded, " "+s+" ") {
			return true
		}
	}
	return false
}

// koreanAskedOf reads a Korean question word (koreanAsked); ok is false
// when the question has none.
func koreanAskedOf(toks []token, j string) (askKind, bool) {
	for _, t := range toks {
		if t.hangul && strings.HasPrefix(t.raw, "타고") {
			return askMeans, true // "뭘 타고 갔어": what did he ride
		}
	}
	for _, t := range toks {
		if !t.hangul {
			continue
		}
		for _, k := range koreanAsked {
			if !strings.Contains(t.raw, k.word) {
				continue
			}
			if k.asked == askAny && hasPhrase(j, "title", "name") {
				return askName, true // "회고록 제목이 뭐야": the catalogue translated 제목
			}
			return k.asked, true
		}
	}
	return "", false
}

// phrasedAsk reads what a phrase of the question asks, wherever it
// stands: "how did kim get to hanoi", "how long", "how many", "why",
// "what is it called"; ok is false when none does.
func phrasedAsk(toks []token, lower []string, j string) (askKind, bool) {
	switch {
	case meansAsk.MatchString(j):
		return askMeans, true
	case purposeAsk.MatchString(j):
		return askPurpose, true
	case lengthNoun(toks) >= 0:
		return askNumber, true // "how long is the border": miles, not days
	case hasPhrase(j, "how long", "how many minutes", "how many hours", "how many days"):
		return askDuration, true
	case hasPhrase(j, "how many", "how much", "how old", "how far", "how big", "how close", "how tall", "how often"):
		return askNumber, true
	case firstWh(lower) == "why" || hasPhrase(j, "how come", "reason", "what caused"):
		return askCause, true
	case hasPhrase(j, "name of", "called") || callAsk.MatchString(j) ||
		hasPhrase(j, "named", "titled", "what is the name", "title of"):
		return askName, true
	}
	return "", false
}

// leadAsk reads what the question's first question word or auxiliary
// asks: "when" a date, "who" a person (or what one is), "what year" a
// date, "did" yes or no.
func leadAsk(lower []string, j string) askKind {
	first := ""
	for _, w := range lower {
		if whWords[w] || auxiliaries[w] {
			first = w
			break
		}
	}
	switch first {
	case "when":
		return askDate
	case "where":
		return askPlace
	case "who", "whom", "whose":
		if definitionAsk.MatchString(j) {
			return askDefinition // "who is kim yo jong": what she is
		}
		return askPerson
	case "what", "which":
		return whatAsk(j)
	case "how", "":
		return askAny
	}
	return askYesNo
}

// whatAsk reads what a what- or which-question asks: "what year" a date,
// "which hotel" a place, "what is X" what X is, else anything.
func whatAsk(j string) askKind {
	switch {
	case hasPhrase(j, "what year", "what date", "what day", "what month", "which year"):
		return askDate
	case hasPhrase(j, "what city", "which city", "what hotel", "which hotel", "what village", "which country", "what country", "what town"):
		return askPlace
	case definitionAsk.MatchString(j):
		return askDefinition
	}
	return askAny
}

// definedRE finds X in "who is X?", "what's the X".
var definedRE = regexp.MustCompile(`(?:what|who) (?:is|are|was|were) (?:an? |the )?([^?]+?)\W*$`)

// phraseOf is text as its lower-case words joined by single spaces:
// "Lee In-young" and "lee in young" are one phrase.
func phraseOf(text string) string {
	return " " + strings.Join(splitWords(strings.ToLower(text)), " ") + " "
}

// purposeAsk: "what was the liaison office for" asks its purpose.
var purposeAsk = regexp.MustCompile(`\bwhat (?:is|was|are|were) (?:\w+ ){1,5}for$`)

// meansAsk: "how did kim get to hanoi" asks how he travelled.
var meansAsk = regexp.MustCompile(`\bhow (?:did|does|do|will|would) (?:\w+ ){1,4}(?:get|go|travel|come|arrive|fly|make it)(?: to| there| here|$)`)

// firstWh is the question's first question word: "who did pompeo bring
// back …, and why were they held" asks who.
func firstWh(words []string) string {
	for _, w := range words {
		if whWords[w] {
			return w
		}
	}
	return ""
}

// callAsk: "what did kim call trump" asks for a name.
var callAsk = regexp.MustCompile(`\bwhat (?:did|does|do) (?:\w+ ){1,4}call\b`)

var definitionAsk = regexp.MustCompile(`^(?:\w+ )*?(?:what|who) (?:is|are|was|were) (?:an? |the )?\w+(?: \w+){0,3}$`)

// koreanAsked: a Korean question word, somewhere in a word (particles
// follow), says what is asked.
var koreanAsked = []struct {
	word  string
	asked askKind
}{
	{"왜", askCause}, {"언제", askDate}, {"어디", askPlace}, {"누가", askPerson}, {"누구", askPerson},
	{"몇", askNumber}, {"얼마나", askDuration}, {"무엇", askAny}, {"뭐", askAny}, {"뭘", askAny},
}

// newProbe weighs the question's words. A word that names an event or the
// subject at large ("kim", "summit") weighs less: every passage about the
// subject has it.
func (a *Answerer) newProbe(q *question) *probe {
	p := &probe{asked: askedOf(q.toks), qstems: map[string]bool{}, asking: strings.Contains(q.text, "?"), vocab: &a.vocab}
	counted := countedNoun(q.toks)
	if counted < 0 {
		counted = lengthNoun(q.toks) // "880-mile border" counts the border's miles
	}
	if counted >= 0 {
		p.counted = q.toks[counted].stem
		p.much = q.toks[counted-1].raw == "much"
	}
	if counted < 0 && strings.Contains(" "+q.text+" ", " how much ") {
		p.much = true // "how much did kim jong il pay his bodyguards"
	}
	p.needed = neededStems(q, &a.vocab)
	verb := -1
	if v := askedVerb(q, &a.vocab); v >= 0 {
		if speechVerbs[q.toks[v].raw] {
			p.speech = true // "what did trump say": a sentence that quotes or reports
		} else if counted < 0 {
			counted, verb = v, v // "what did trump tweet", "what gift did kim give"
		}
	}
	p.weigh(q, counted, verb, unnamedSummit(q))
	p.names = a.namedParticipants(q)
	for _, e := range q.events {
		// "where was bolton during the dmz meeting": not Panmunjom. Its
		// aliases may name a place within it ("freedom house"), which a
		// question can ask for.
		for _, w := range []string{a.events[e].Name, a.events[e].Place} {
			for _, st := range stems(w) {
				p.qstems[st] = true
			}
		}
	}
	if !q.unknownRef {
		// "his 2017 trip to the DMZ": a year no event has makes the
		// event's name a place, which a passage need not be tagged with.
		p.events = q.eventIDs(a)
	}
	p.beyond = a.beyondScope(q)
	for i, t := range q.toks {
		if q.used[i] && !t.hangul && !stopWords[t.raw] {
			p.eventWords = append(p.eventWords, t.stem)
		}
	}
	p.storyWords(q)
	if p.asked == askDefinition {
		if m := definedRE.FindStringSubmatch(strings.ToLower(q.text)); m != nil {
			p.phrase = phraseOf(m[1])
		}
	}
	if p.asked == askDefinition || p.asked == askPerson {
		for _, w := range p.words {
			p.subject = append(p.subject, w.stem)
		}
	}
	return p
}

// beyondScope lists the ids of the events outside the question's scope
// when it asks which meeting it was and names none (probe.beyond).
func (a *Answerer) beyondScope(q *question) []string {
	if len(q.events) > 0 || !asksWhichMeeting(q.toks) {
		return nil
	}
	var out []string
	for i, e := range a.events {
		if !q.scope.has(i) {
			out = append(out, e.ID)
		}
	}
	return out
}

// asksWhichMeeting reports a question that asks which meeting: "which
// summit", "what meeting", "which one"; "what time" asks a time.
func asksWhichMeeting(toks []token) bool {
	for i := 0; i+1 < len(toks); i++ {
		if (toks[i].raw == "which" || toks[i].raw == "what") && meetingNouns[toks[i+1].raw] && !timeNouns[toks[i+1].raw] {
			return true
		}
	}
	return false
}

// unnamedSummit is the index of "summit" in "the trump kim summit in
// moscow" when the question names no catalogue event, or -1: a sentence
// must at least speak of a summit.
func unnamedSummit(q *question) int {
	if len(q.events) > 0 {
		return -1
	}
	for i, t := range q.toks {
		if (t.raw == "summit" || t.raw == "summits") && i+2 < len(q.toks) && (q.toks[i+1].raw == "in" || q.toks[i+1].raw == "at") {
			return i
		}
	}
	return -1
}

// weigh adds the question's words to the probe with their weights and
// whether a sentence must hold them; counted, verb and unnamed are the
// indexes of the counted word, of the asked verb and of an unknown summit
// (-1 when none).
func (p *probe) weigh(q *question, counted, verb, unnamed int) {
	seen := map[string]bool{}
	// "what is sarah sanders' book called": the book is asked, not Sarah.
	owner := possessiveAsk.MatchString(q.text)
	for i, t := range q.toks {
		p.asking = p.asking || whWords[t.raw] || auxiliaries[t.raw] || t.hangul
		p.qstems[t.stem] = true
		if seen[t.stem] {
			continue
		}
		if p.required(q, i, counted, unnamed) {
			seen[t.stem] = true
			p.add(probeWord{raw: t.raw, stem: t.stem, weight: 1, must: true, unnamed: i == unnamed, verb: i == verb})
			continue
		}
		w, ok := p.weightOf(q, i)
		if !ok {
			continue
		}
		seen[t.stem] = true
		_, ordinal := ordinals[t.raw]
		// "who won", "what missiles", "which judge": what is asked about;
		// "which summit" names the event.
		asked := (i > 0 && askingWh[q.toks[i-1].raw] || !owner && headNoun(q.toks, i)) && !meetingNouns[t.raw]
		p.add(probeWord{raw: t.raw, stem: t.stem, weight: w, must: !q.used[i] && (ordinal || isDigits(t.raw) || i == counted || asked), verb: i == verb})
	}
}

// required reports a word of the question that a sentence must hold
// though it weighs nothing of itself: "how many times did moon meet kim":
// "times" and "met" it is; "did trump meet kim in 2020": a sentence that
// does not say they met does not answer it.
func (p *probe) required(q *question, i, counted, unnamed int) bool {
	t := q.toks[i]
	return (p.asked == askYesNo || p.asked == askNumber || p.asked == askDate) && meetingVerbs[t.raw] ||
		(i == counted || i == unnamed) && (p.vocab.generic(t.raw) || askWords[t.raw] || p.vocab.subject(t.raw) || q.used[i])
}

// weightOf weighs the question's i-th word; ok is false for a word that
// says nothing the answer must hold (a stop word, chat, "how many").
func (p *probe) weightOf(q *question, i int) (w float64, ok bool) {
	t := q.toks[i]
	subject := p.vocab.subject(t.raw)
	if t.hangul || t.spent || stopWords[t.raw] || p.vocab.generic(t.raw) && !subject || chatWords[t.raw] || negations[t.raw] ||
		askWords[t.raw] || (utf8.RuneCountInString(t.raw) < 2 && !isDigits(t.raw)) {
		return 0, false
	}
	switch {
	case p.asked == askDefinition && !q.used[i]:
		return 1, true // "what is the dprk": the subject's name is what is asked
	case subject || q.used[i]:
		return 0.35, true // the search already keeps to the event's passages
	case particles[t.raw]:
		return 0.35, true // "carry out", "blow up"
	case i > 0 && (q.toks[i-1].raw == "that" || q.toks[i-1].raw == "this") && whWords[q.toks[0].raw]:
		return 0.35, true // "on that trip": what the conversation said before
	case utf8.RuneCountInString(t.raw) >= 6 || isDigits(t.raw):
		return 1.3, true
	}
	return 1, true
}

// add appends a word to the probe and counts its weight.
func (p *probe) add(w probeWord) {
	p.words = append(p.words, w)
	p.total += w.weight
	if w.weight >= 1 {
		p.heavy++
	}
}

// storyWords lightens the words only the story holds, when the asking
// clause has telling words of its own: "why did it actually fail?" asks
// about failing; "bolton sabotaged it" is a claim to check, not a word the
// answer must hold. A clause with none ("where was he?") needs the story.
func (p *probe) storyWords(q *question) {
	if q.core == nil || !p.anyIn(q.core) {
		return
	}
	p.total, p.heavy = 0, 0
	for i := range p.words {
		w := &p.words[i]
		if !q.core[w.stem] && !w.unnamed {
			w.story, w.must = true, false
			w.weight = min(w.weight, 0.6)
		}
		p.total += w.weight
		if w.weight >= 1 {
			p.heavy++
		}
	}
}

// hasStory reports whether some words are the story's only.
func (p *probe) hasStory() bool {
	return slices.ContainsFunc(p.words, func(w probeWord) bool { return w.story })
}

// namedParticipants returns the stems of every participant of the
// catalogue whose name the question holds in full.
func (a *Answerer) namedParticipants(q *question) [][]string {
	have := tokenStems(q.toks)
	var out [][]string
	for _, st := range a.participants {
		if hasAll(have, st) {
			out = append(out, st)
		}
	}
	return out
}

// stemParticipants lists the stems of the events' participants named in
// two words or more, once each, in the order the catalogue lists them.
func stemParticipants(cat *corpus.Catalogue) [][]string {
	var out [][]string
	seen := map[string]bool{}
	for _, e := range cat.Events {
		for _, name := range e.Participants {
			st := stems(name)
			key := strings.Join(st, " ")
			if len(st) < 2 || seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, st)
		}
	}
	return out
}

// countedNoun is the index of the word "how many" counts ("how many
// missiles"), or -1.
func countedNoun(toks []token) int {
	for i := 1; i < len(toks); i++ {
		if toks[i-1].raw != "how" || toks[i].raw != "many" && toks[i].raw != "much" {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+3; j++ {
			if verbAux[toks[j].raw] {
				return -1 // "how much did kim pay": an amount, not a kim
			}
			if !stopWords[toks[j].raw] {
				return j
			}
		}
	}
	return -1
}

// lengthNoun finds the thing whose length "how long is …" asks ("how long
// is north korea's border with china"), or -1: a border or a wall is
// measured in miles, a summit in hours.
func lengthNoun(toks []token) int {
	for i := 2; i < len(toks); i++ {
		if toks[i-2].raw != "how" || toks[i-1].raw != "long" || !beForms[toks[i].raw] {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+4; j++ {
			if extentNouns[toks[j].raw] {
				return j
			}
		}
	}
	return -1
}

// mustIn reports whether text holds every word the question must be
// answered with.
func (p *probe) mustIn(text string) bool {
	set := stemSet(text)
	for _, w := range p.words {
		if w.must && !w.unnamed && !knows(set, w.stem) {
			return false
		}
	}
	return true
}

// neededStems returns the stems a passage must hold to be about the
// question: words it capitalises past its first ("the Cheonan"), and the
// words between a what-question's auxiliary and its verb ("what did kim
// say"), which say whose deed or words are asked.
func neededStems(q *question, voc *vocabulary) []string {
	var out []string
	add := func(t token) {
		if !stopWords[t.raw] && !t.hangul && utf8.RuneCountInString(t.raw) > 1 && !slices.Contains(out, t.stem) {
			out = append(out, t.stem)
		}
	}
	for i, t := range q.toks {
		if r, _ := utf8.DecodeRuneInString(t.orig); i > 0 && unicode.IsUpper(r) && !q.used[i] && !voc.generic(t.raw) && !whWords[t.raw] {
			add(t)
		}
	}
	if v := askedVerb(q, voc); v >= 0 {
		for j := v - 1; j > 0 && !verbAux[q.toks[j].raw]; j-- {
			if !q.used[j] {
				add(q.toks[j]) // "kim" too: whose letter it is
			}
		}
	}
	return out
}

// missingIn counts the question's telling words that text lacks.
func (p *probe) missingIn(text string) int {
	set := stemSet(text)
	n := 0
	for _, w := range p.words {
		if w.weight >= 1 && !knows(set, w.stem) && !fuzzyIn(set, w.stem) {
			n++
		}
	}
	return n
}

// askingWh are the question words whose next word is what is asked:
// "who won", "what missiles", "which judge", "whose book".
// possessiveAsk is a what-question whose subject is owned: "what is
// sarah sanders' book called", "what was bolton's memoir".
var possessiveAsk = regexp.MustCompile(`(?i)\b(?:what|which) (?:is|was|are|were) (?:the )?[\p{L}-]+(?: [\p{L}-]+)?(?:'s|’s|'|’)(?:\s|$)`)

var askingWh = setOf(`what which who whose`)

// askedVerb finds the verb a what-question asks about, "tweet" in "what
// did trump tweet after …": the first word after the auxiliary that is not
// the subject's name, the event's or a stop word; -1 when there is none.
func askedVerb(q *question, voc *vocabulary) int {
	for w := 0; w < len(q.toks); w++ {
		// "when did pyongyang kick out the inspectors" is answered by
		// "expelled": only a what-question is about its verb.
		if q.toks[w].raw != "what" && q.toks[w].raw != "which" {
			continue
		}
		// "what did", "what gift did", "what exactly did"
		for i := w + 1; i < len(q.toks) && i <= w+3; i++ {
			if !verbAux[q.toks[i].raw] {
				continue
			}
			for j := i + 1; j < len(q.toks) && j <= i+5; j++ {
				t := q.toks[j]
				if stopWords[t.raw] || voc.subject(t.raw) || t.hangul || strings.HasSuffix(t.raw, "ly") {
					continue // "what could supposedly hit": the verb is "hit"
				}
				return j
			}
			return -1
		}
		return -1
	}
	return -1
}

var verbAux = setOf(`did does do will would has have had can could should`)

// headNoun reports whether toks[i] is what "what is the …" asks for:
// "score" in "what was the score of the game".
func headNoun(toks []token, i int) bool {
	if i < 2 || !stopWords[toks[i-1].raw] && !auxiliaries[toks[i-1].raw] {
		return false
	}
	j := i - 1
	if toks[j].raw == "the" || toks[j].raw == "a" || toks[j].raw == "an" {
		j--
	}
	return j >= 1 && (toks[j].raw == "is" || toks[j].raw == "was" || toks[j].raw == "are" || toks[j].raw == "were") &&
		(toks[j-1].raw == "what" || toks[j-1].raw == "which")
}

// speechVerbs ask what someone said.
// "tweet" and "write" are what is asked about; "say" and "tell" only ask
// for something said.
var speechVerbs = setOf(`say said tell told`)

// meetingVerbs say that people met; generic elsewhere, they are what a
// yes-or-no question asks.
var meetingVerbs = setOf(`meet met meeting talk talked visit visited`)

// negated reports whether every use of st in toks follows a "not" or
// "never": "Hirsi Ali did not win the prize" says nobody won.
func negated(toks []string, st string) bool {
	found := false
	for i, t := range toks {
		if t != st {
			continue
		}
		found = true
		if !slices.ContainsFunc(toks[max(0, i-2):i], func(w string) bool { return negations[w] }) {
			return false
		}
	}
	return found
}

var negations = setOf(`not never no nor cannot didn't don't doesn't wasn't weren't hasn't haven't isn't didn don doesn wasn weren hasn haven isn`)

func isYear(w string) bool {
	return len(w) == 4 && isDigits(w) && (w[:2] == "19" || w[:2] == "20")
}

// particles complete a verb rather than say what about.
var particles = setOf(`up out off down away back since into onto about around after before during until while`)

// askWords say what is asked rather than what about.
var askWords = setOf(`name named called title titled happen happened happens mean means say said think thought
long many much old far big close tall often reason caused cause get got go went come came`)

// read quotes the sentence of the corpus that best answers q, searching
// the event's passages first when the question names one; nil when none
// is good enough.
func (a *Answerer) read(ctx context.Context, q *question, p *probe, event string) (*reading, []corpus.Hit, error) {
	if a.search == nil || !p.readable() {
		return nil, nil, nil
	}
	ps, err := a.candidates(ctx, p, event)
	if err != nil {
		return nil, nil, err
	}
	var best *reading
	for rank, psg := range ps {
		best = p.readPassage(psg, rank, best)
	}
	if best == nil || best.score < minConfidence {
		return nil, ps, nil
	}
	return best, ps, nil
}

// readable reports whether the question asks the corpus something. Only
// the event's or the subject's names: the catalogue answers, or nobody. A
// lone word that asks nothing ("er") is a search, not a question.
func (p *probe) readable() bool {
	return !(p.heavy == 0 && p.asked != askMeans && !p.speech || !p.asking && p.heavy < 2)
}

// passageRead is a passage as its sentences are scored: what stands for
// its title (its years, and the event's words in the event's passages),
// its own title, the year it is dated, and its rank among those read.
type passageRead struct {
	psg            corpus.Hit
	rank           int
	title, heading map[string]bool
	dated          string
}

// readPassage reads the sentences of a passage about the question, alone,
// in twos and, when too long, in pieces; it returns the better of best and
// the passage's best reading.
func (p *probe) readPassage(psg corpus.Hit, rank int, best *reading) *reading {
	title := stemSet(psg.Title)
	heading := stemSet(psg.Title) // the title's own words, before what stands for it
	text := stemSet(psg.Text)
	if moneyRE.MatchString(psg.Text) {
		text[moneyStem] = true
	}
	if !p.about(text, title) || !p.onEvent(psg, text) {
		return best // an article about something else
	}
	pr := &passageRead{psg: psg, rank: rank, title: title, heading: heading, dated: p.widenTitle(psg, title, text)}
	ss := corpus.Sentences(psg.Text)
	st := make([][]string, len(ss)) // each sentence stemmed once
	for i, sent := range ss {
		st[i] = sentenceStems(sent)
	}
	for i := range ss {
		if utf8.RuneCountInString(ss[i]) > maxQuoteRunes {
			best = p.readPieces(ss[i], pr, best)
			continue
		}
		best = p.readSpans(ss, st, i, pr, best)
	}
	return best
}

// widenTitle adds to a passage's title what counts as said by it in every
// sentence, and returns the year the passage is dated ("" when undated).
// "in 2025": the year the article is dated or names counts for half, as
// its title does.
func (p *probe) widenTitle(psg corpus.Hit, title, text map[string]bool) string {
	dated := ""
	if !psg.Date.IsZero() {
		dated = strconv.Itoa(psg.Date.Year())
		title[dated] = true
	}
	for w := range text {
		if isYear(w) {
			title[w] = true
		}
	}
	if len(p.events) > 0 && anyTagged([]corpus.Hit{psg}, p.events) {
		// A passage of the event speaks of it in every sentence, as
		// its title does: "began with a tweet" is the DMZ meeting's.
		for _, w := range p.eventWords {
			title[w] = true
		}
	}
	return dated
}

// readPieces reads a sentence too long to quote in pieces. Captions run
// into the next sentence with no full stop: such a run is read in pieces,
// quoted trimmed.
func (p *probe) readPieces(sent string, pr *passageRead, best *reading) *reading {
	for _, piece := range pieces(sent, maxQuoteRunes) {
		r := p.score(piece, sentenceStems(piece), pr.title, pr.heading, pr.dated)
		r.score -= 0.05 // a trimmed quote says less surely what it answers
		r.passage, r.rank = pr.psg, pr.rank
		best = keepBetter(best, r)
	}
	return best
}

// readSpans reads the i-th sentence alone and with the next one (st holds
// their stems).
func (p *probe) readSpans(ss []string, st [][]string, i int, pr *passageRead, best *reading) *reading {
	single := 0.0
	for span := 1; span <= 2 && i+span <= len(ss); span++ {
		text := strings.Join(ss[i:i+span], " ")
		if utf8.RuneCountInString(text) > maxQuoteRunes {
			continue
		}
		r := p.score(text, slices.Concat(st[i:i+span]...), pr.title, pr.heading, pr.dated)
		switch {
		case span == 1:
			single = r.score
		case len(st[i]) <= shortSentence && single > 0:
			// A sentence too short to say much ("The thaw began
			// with sport.") is quoted with the next one, which
			// tells how.
			r.score = max(r.score, single) + 0.01
		default:
			r.score -= 0.08 // a second sentence must earn its place
		}
		r.passage, r.rank = pr.psg, pr.rank
		best = keepBetter(best, r)
	}
	return best
}

// keepBetter is r when it is better than best (or best is nil), else best.
func keepBetter(best *reading, r reading) *reading {
	if best == nil || better(r, *best) {
		return &r
	}
	return best
}

// sentenceStems are the stems a sentence is scored by: its words', and
// "money" when it states an amount ("how much money has north korea made"
// is answered by "$2billion").
func sentenceStems(sent string) []string {
	st := stems(sent)
	if moneyRE.MatchString(sent) {
		st = append(st, moneyStem)
	}
	return st
}

// errSearchPanicked stops the other searches of a question when one
// panicked; the panic itself is raised again in the caller.
var errSearchPanicked = errors.New("search panicked")

// better orders readings by score, then by the search's rank, then by
// article and text. Passages of equal rank are mostly one syndicated text,
// read once, whose order changes from one build of the index to the next:
// the answer must not.
func better(r, than reading) bool {
	if r.score != than.score {
		return r.score > than.score
	}
	if r.rank != than.rank {
		return r.rank < than.rank // passages of one text were read once
	}
	if r.passage.Source != than.passage.Source {
		return r.passage.Source < than.passage.Source
	}
	return r.text < than.text
}

// candidates searches twice: with the question's telling words alone
// ("blow up liaison office"), which the subject's names would otherwise
// drown in a corpus about the subject, then with all its words.
func (a *Answerer) candidates(ctx context.Context, p *probe, event string) ([]corpus.Hit, error) {
	// A syndicated paragraph stands in many articles, ranked alike in an
	// order that changes from one build of the index to the next: fetch
	// more, read each text once, and keep readLimit of them.
	fetch := 2 * readLimit
	if p.phrase != "" {
		fetch = 4 * readLimit // "lee in young": "in" is no search word, so many a Lee Young ranks alike
	}
	results, err := a.searchAll(ctx, searchQueries(p, event), event, fetch)
	if err != nil {
		return nil, err
	}
	var out []corpus.Hit
	seen := map[string]bool{}
	for _, ps := range results {
		kept := 0
		for _, psg := range ps {
			if kept == readLimit {
				break
			}
			if p.phrase != "" && !strings.Contains(phraseOf(psg.Text), p.phrase) {
				continue // a definition must name its subject in full
			}
			if !seen[psg.Text] {
				seen[psg.Text] = true
				out = append(out, psg)
				kept++
			}
		}
	}
	return out, nil
}

// searchAll runs the searches side by side (the index serves concurrent
// searches) and returns their results in the queries' order; an empty
// query finds nothing. A panic in a search is raised again here.
func (a *Answerer) searchAll(ctx context.Context, queries []string, event string, fetch int) ([][]corpus.Hit, error) {
	results := make([][]corpus.Hit, len(queries))
	panics := make([]any, len(queries))
	g, gctx := errgroup.WithContext(ctx)
	for i, text := range queries {
		if text == "" {
			continue
		}
		g.Go(func() (err error) {
			defer func() {
				// A panic in a search must reach the caller's goroutine,
				// where the interaction's wrapper recovers it, not end
				// the process from this one.
				if v := recover(); v != nil {
					panics[i], err = v, errSearchPanicked
				}
			}()
			ps, err := a.search(gctx, text, event, fetch)
			results[i] = ps
			return err
		})
	}
	err := g.Wait()
	for _, v := range panics {
		if v != nil {
			panic(v)
		}
	}
	return results, err
}

// searchQueries are the reader's searches: the telling words alone (or a
// definition's subject as typed), all the words, and the telling words
// with the forms an article may use instead.
func searchQueries(p *probe, event string) []string {
	var telling, all []string
	for _, w := range p.words {
		all = append(all, w.raw)
		if w.weight >= 1 {
			telling = append(telling, w.raw)
		}
	}
	if len(all) == 0 && event != "" {
		all = []string{event} // "김정은은 하노이까지 뭘 타고 갔어": the event's passages
	}
	queries := []string{strings.Join(telling[:min(len(telling), maxQueryWords)], " ")}
	if p.phrase != "" {
		// The name as typed: "won in-choul", whose "won" the question's
		// words read as "win".
		queries[0] = strings.TrimSpace(p.phrase)
	}
	if len(all) > len(telling) {
		queries = append(queries, strings.Join(all[:min(len(all), maxQueryWords)], " "))
	}
	// The words an article may use instead ("disappeared" for "missing"):
	// the index knows only the words as written.
	var alt []string
	for _, w := range telling {
		for form, canon := range equivalents {
			if canon == w && len(alt) < maxQueryWords {
				alt = append(alt, form)
			}
		}
		if p.asked == askYesNo {
			alt = append(alt, contrasts[w]...) // "did they admit": "denied"
		}
	}
	if len(alt) > 0 {
		slices.Sort(alt) // the map's order is random; the query must not be
		queries = append(queries, strings.Join(append(slices.Clone(telling), alt...)[:min(len(telling)+len(alt), maxQueryWords)], " "))
	}
	return queries
}

// score rates a sentence for the probe: the weighted share of the
// question's words it holds (the passage's title and its article's years
// count for half), then whether it holds the kind of fact asked. Numbers,
// ordinals and what is asked about ("who won", "how many missiles") must
// stand in the sentence itself, not negated; the asked verb may stand in
// heading, the article's own title ("Kim Jong Un visits … village").
func (p *probe) score(text string, toks []string, title, heading map[string]bool, dated string) reading {
	m, ok := p.match(toks, title, heading, dated)
	if !ok {
		return reading{text: text}
	}
	r := reading{text: text, words: m.words}
	if m.missing > 0 && (p.heavy <= 2 || m.missing > max(1, p.heavy/3)) {
		// A sentence that misses what the question is about answers
		// something else.
		return r
	}
	if p.total == 0 {
		// Only the event is named ("김정은은 하노이까지 뭘 타고 갔어"): the
		// event's passages, and what the sentence holds, decide.
		r.score = 0.5
	} else {
		r.score = m.got/p.total + 0.15*density(toks, p.words)
	}
	if m.denies || p.deniedIn(toks) {
		r.score += 0.15
	}
	r.score = p.fitted(r.score, text, toks, title)
	return r
}

// wordMatch is what a sentence holds of the question's words: their
// weight, the telling ones it misses, whether it holds the opposite of
// one (for yes or no), and the ones it holds, for bold.
type wordMatch struct {
	got     float64
	missing int
	denies  bool
	words   []string
}

// match counts the question's words a sentence (its stems toks) holds; ok
// is false when it lacks one it must hold.
func (p *probe) match(toks []string, title, heading map[string]bool, dated string) (m wordMatch, ok bool) {
	set := stemsSet(toks)
	for _, w := range p.words {
		switch {
		case (set[w.stem] || fuzzyIn(set, w.stem)) && !(w.must && p.asked != askYesNo && negated(toks, w.stem)):
			m.got += w.weight
			m.words = append(m.words, w.raw)
		case p.asked == askYesNo && p.contrasted(w, set):
			m.got += w.weight
			m.words = append(m.words, w.raw)
			m.denies = true
		case w.must && w.verb && heading[w.stem]:
			// "Kim Jong Un visits … village": the title says what he did,
			// the sentence which village.
			m.got += w.weight / 2
		case w.must && !(w.stem == dated && p.asked != askYesNo):
			// Another test, another prize. The year an article is dated
			// stands for "in 2020" in what it tells, not in whether
			// something happened then.
			return m, false
		case w.must:
			m.got += w.weight / 2
		case title[w.stem]:
			m.got += w.weight / 2
		case w.weight >= 1:
			m.missing++
		}
	}
	return m, true
}

// deniedIn reports whether a sentence negates a telling word of a yes-or-
// no question: "the activity was 'suggestive, but not conclusive'" says no
// to "did it mean a test for sure", the plainest answer to yes or no.
func (p *probe) deniedIn(toks []string) bool {
	for _, w := range p.words {
		if p.asked == askYesNo && w.weight >= 1 && negated(toks, w.stem) {
			return true
		}
	}
	return false
}

// fitted adds to a sentence's score how plainly it holds the kind of fact
// asked, and the signs that it names exactly what is asked; a sentence
// that holds no such fact gets 0 when that fact is the answer.
func (p *probe) fitted(score float64, text string, toks []string, title map[string]bool) float64 {
	f := fitAsked(p, text, toks, title)
	switch {
	case f > 0:
		score += 0.3 * f
		switch {
		case p.asked == askPerson && p.agentBy(text):
			// "He was nominated by Christian Tybring-Gjedde": the doer
			// of what is asked, named.
			score += 0.35
		case p.asked == askName && p.titleAfter(text):
			// "her new book 'Speaking for Myself'": the name stands
			// right after what it names.
			score += 0.15
		case p.asked == askPlace && p.nameBefore(text):
			// "Kangbuk-ri village": the place named right before what
			// is asked.
			score += 0.3
		case p.asked == askNumber && f == 1:
			// "three children" counts what is asked: surer than any
			// name beside a number.
			score += 0.15
		}
	case p.asked == askDate || p.asked == askNumber || p.asked == askDuration || p.asked == askPlace || p.asked == askName || p.asked == askMeans || p.asked == askPurpose || p.asked == askDefinition ||
		p.phrase != "" && !strings.Contains(phraseOf(text), p.phrase):
		return 0 // no date in it is no answer to "when"
	case p.speech:
		return 0
	case p.asked != askAny && p.asked != askYesNo:
		score -= 0.2
	}
	return score
}

// contrasted reports whether set holds the opposite of w, as contrasts
// spells it.
func (p *probe) contrasted(w probeWord, set map[string]bool) bool {
	for _, c := range contrasts[w.raw] {
		if set[stem(normWord(c))] {
			return true
		}
	}
	return false
}

// density is how close together a sentence holds the question's words:
// their number over the fewest words that hold them all (1 when they stand
// side by side, as in "Kim called Trump"), 0 when it holds fewer than two.
func density(toks []string, words []probeWord) float64 {
	want := map[string]bool{}
	for _, w := range words {
		want[w.stem] = true
	}
	var pos []int
	kinds := map[string]bool{}
	for i, t := range toks {
		if want[t] {
			pos = append(pos, i)
			kinds[t] = true
		}
	}
	k := len(kinds)
	if k < 2 {
		return 0
	}
	best := len(toks)
	for a := range pos {
		seen := map[string]bool{}
		for b := a; b < len(pos); b++ {
			seen[toks[pos[b]]] = true
			if len(seen) == k {
				best = min(best, pos[b]-pos[a]+1)
				break
			}
		}
	}
	return float64(k) / float64(best)
}

// about reports whether a passage (its text's and title's stems) holds
// nearly all the question's words, the subject's names included: a
// passage that speaks of Korea without the question's person is not about
// the question.
func (p *probe) about(text, title map[string]bool) bool {
	for _, st := range p.needed {
		if !text[st] && !title[st] && !fuzzyIn(text, st) {
			return false // the Mauritius tugboat's sailors, not the Cheonan's
		}
	}
	for _, name := range p.names {
		got := 0
		for _, w := range name {
			if text[w] || title[w] {
				got++
			}
		}
		if got < len(name)-1 {
			return false // "Kim" alone: another Kim
		}
	}
	missing, total := 0.0, 0.0
	for _, w := range p.words {
		if w.story {
			continue
		}
		total += w.weight
		if !text[w.stem] && !title[w.stem] && !fuzzyIn(text, w.stem) && !(p.asked == askYesNo && p.contrasted(w, text)) {
			missing += w.weight
		}
	}
	return missing <= 0.35*total
}

// onEvent reports whether a passage speaks of the question's event, when
// it names one: tagged with it, or naming it as the question does. What
// North Korea asked for at Hanoi is no answer about the DMZ meeting.
func (p *probe) onEvent(psg corpus.Hit, text map[string]bool) bool {
	if len(p.events) == 0 && anyTagged([]corpus.Hit{psg}, p.beyond) {
		return false // another pair's meeting: "which summit was on an island" is not Vladivostok's
	}
	if len(p.events) == 0 || anyTagged([]corpus.Hit{psg}, p.events) {
		return true
	}
	return len(p.eventWords) > 0 && hasAll(text, p.eventWords)
}

// fuzzyIn finds a typo of st in set: two letters swapped in a word of
// five letters or more ("memior", "norht"), or one letter more or less in
// one of seven ("singapre"). A changed letter is no typo here: "lunch" is
// not "launch".
func fuzzyIn(set map[string]bool, st string) bool {
	if knows(set, st) {
		return true
	}
	n := utf8.RuneCountInString(st)
	if n < 5 || isDigits(st) {
		return false
	}
	for w := range set {
		m := utf8.RuneCountInString(w)
		if (m == n || n >= 7 && (m == n+1 || m == n-1)) && corpus.EditDistance(st, w, 1) <= 1 && (m != n || swapped(st, w)) {
			return true
		}
	}
	return false
}

// swapped reports whether a and b (of one length) differ by two adjacent
// letters swapped.
func swapped(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	for i := range ra {
		if ra[i] != rb[i] {
			return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
		}
	}
	return false
}

// holds reports whether a sentence holds the kind of fact asked, beyond
// the question's own words.
func holds(p *probe, text string, toks []string) bool {
	return fitAsked(p, text, toks, nil) > 0
}

// fitAsked rates how plainly a sentence holds the kind of fact asked, beyond
// the question's own words: 1 for a plain answer (a full date, a title,
// "because", a name beside what was asked about), 0.5 for a likely one (a
// bare year, a new name somewhere), 0 for none.
func fitAsked(p *probe, text string, toks []string, title map[string]bool) float64 {
	lower := strings.ToLower(text)
	switch p.asked {
	case askDate:
		return p.fitDate(text, title)
	case askPlace:
		if newName(p, text, placeLead) || p.nameBefore(text) {
			return 1
		}
	case askPerson:
		return p.fitPerson(text, lower)
	case askNumber:
		return p.fitNumber(lower)
	case askDuration:
		return fitWhole(durationRE, lower)
	case askMeans:
		return fitWhole(meansRE, lower)
	case askPurpose:
		return fitWhole(purposeRE, lower)
	case askCause:
		return fitCause(lower)
	case askName:
		return p.fitName(text)
	case askDefinition:
		return p.fitDefinition(text, lower, toks)
	default:
		if p.speech && !speechRE.MatchString(text) {
			return 0 // "what did trump say": not what he did
		}
		return 1
	}
	return 0
}

// fitWhole is 1 when the sentence holds what re finds ("for two hours",
// "by train"), else 0.
func fitWhole(re *regexp.Regexp, lower string) float64 {
	if re.MatchString(lower) {
		return 1
	}
	return 0
}

// fitDate rates a sentence's date for "when": a day over a month, none
// that is not the question's own or that stands away from what is asked.
func (p *probe) fitDate(text string, title map[string]bool) float64 {
	switch {
	case !newDigitsOrMonth(p, text) || !p.dateNear(text) && !(p.allIn(title) && !p.anyIn(stemSet(text))):
		// "… their 2018 Pyongyang summit, among them … a visit by Kim
		// to Seoul": that year is not the visit's.
		return 0
	case dayDateRE.MatchString(text):
		return 1 // "On 16 June 2020" over "In June 2020"
	case fullDateRE.MatchString(text):
		return 0.8
	}
	return 0.5
}

// fitPerson rates a sentence's name for "who": a new name beside what is
// asked over one anywhere, or a role.
func (p *probe) fitPerson(text, lower string) float64 {
	switch {
	case p.newNameNear(text):
		return 1
	case newName(p, text, nil) || roleRE.MatchString(lower):
		return 0.5
	}
	return 0
}

// fitNumber rates a sentence's number for "how many": one that counts
// what is asked, or an amount of money for "how much", over one beside
// the question's words, over any.
func (p *probe) fitNumber(lower string) float64 {
	switch {
	case !numberWordRE.MatchString(lower) || !newNumber(p, lower):
		return 0
	case p.much && p.counted == "" && !moneyRE.MatchString(lower):
		return 0 // "how much did he pay": not "10 years"
	case p.counts(lower) || p.much && moneyRE.MatchString(lower):
		return 1 // "three children", "330 million won"
	case p.numberNear(lower):
		return 0.7
	}
	return 0.4
}

// fitCause rates a sentence's reason for "why": "because" over "after".
func fitCause(lower string) float64 {
	switch {
	case plainCauseRE.MatchString(lower):
		return 1
	case causeRE.MatchString(lower):
		return 0.5
	}
	return 0
}

// fitName rates a sentence's name for "what is it called": one it says
// is called so, quoted or naming what is asked, over a new name beside
// the question's words or any quote, over a new name anywhere.
func (p *probe) fitName(text string) float64 {
	switch {
	case calledRE.MatchString(text) || p.quoteNear(text) || p.namesWhat(text):
		return 1
	case p.newNameNear(text) || quotedRE.MatchString(text):
		return 0.6
	case newName(p, text, nil):
		return 0.3
	}
	return 0
}

// fitDefinition rates a sentence for "what is X": one that names X in
// full and says what it is (a role beside it, the name its abbreviation
// stands for, "X, which …") over one that merely defines.
func (p *probe) fitDefinition(text, lower string, toks []string) float64 {
	if p.phrase != "" && !strings.Contains(phraseOf(text), p.phrase) {
		return 0 // "Lee Young-guk" is not "Lee In-young"
	}
	switch {
	case !hasAll(stemsSet(toks), p.subject):
	case roleBeside(lower, p.subject) || p.expands(text) || p.phrase != "" && strings.Contains(phraseOf(text), p.phrase+"which "):
		return 1 // "'Greatness Education', which focuses on …"
	case definesRE.MatchString(lower):
		return 0.6
	}
	return 0
}

var speechRE = regexp.MustCompile(`(?i)\b(?:says?|said|saying|told|tells?|wrote|writes|written|tweet(?:s|ed)?|called|calling|declared|announced|warned|promised|added|described|insisted|claimed|asked|replied)\b|["“”]|'\w[^']*\w'`)

// nearRunes is how far from the question's words an answer may stand to
// count as beside them (about six words).
const nearRunes = 40

// near reports whether the text around [from, to) holds one of the
// question's telling words.
func (p *probe) near(text string, from, to int) bool {
	return p.nearWithin(text, from, to, nearRunes)
}

// nearWithin is near with another distance, in bytes.
func (p *probe) nearWithin(text string, from, to, dist int) bool {
	lo, hi := max(0, from-dist), min(len(text), to+dist)
	// Within the sentence: of two quoted sentences, the date of the second
	// is not the first one's.
	if i := strings.LastIndex(text[:from], ". "); i >= 0 {
		lo = max(lo, i+2)
	}
	if i := strings.Index(text[to:], ". "); i >= 0 {
		hi = min(hi, to+i)
	}
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	return p.anyIn(stemSet(text[lo:from] + " " + text[to:hi]))
}

// dateNear reports a date beside one of the question's telling words
// (within twice the usual distance: "On 16 June 2020 North Korea blew up").
func (p *probe) dateNear(text string) bool {
	if p.heavy == 0 {
		return true
	}
	for _, loc := range dateRE.FindAllStringIndex(text, -1) {
		if p.nearWithin(text, loc[0], loc[1], 2*nearRunes) {
			return true
		}
	}
	return false
}

// allIn reports whether set (a passage's title) holds all the question's
// telling words: "Stockholm: the working-level talks" is about the
// Stockholm talks, so a date in a sentence of it that names nothing else
// asked ("The session on Saturday, October 5") may be theirs.
func (p *probe) allIn(set map[string]bool) bool {
	if len(set) == 0 || p.heavy == 0 {
		return false
	}
	for _, w := range p.words {
		if w.weight >= 1 && !set[w.stem] {
			return false
		}
	}
	return true
}

// anyIn reports whether set holds one of the question's telling words.
func (p *probe) anyIn(set map[string]bool) bool {
	for _, w := range p.words {
		if w.weight >= 1 && set[w.stem] {
			return true
		}
	}
	return false
}

// quoteNear reports a quoted title right beside one of the question's
// telling words: "Bolton's book, 'The Room Where It Happened'", not a
// quoted remark somewhere in the sentence.
func (p *probe) quoteNear(text string) bool {
	for _, loc := range quotedRE.FindAllStringIndex(text, -1) {
		if p.nearWithin(text, loc[0], loc[1], 12) {
			return true
		}
	}
	// "his memoir, The Room Where It Happened, on …": a title set off by
	// commas right after the asked word.
	for _, loc := range nameRunRE.FindAllStringIndex(text, -1) {
		if strings.Count(text[loc[0]:loc[1]], " ") >= 1 && strings.HasSuffix(text[:loc[0]], ", ") &&
			p.newWords(text[loc[0]:loc[1]]) && p.nearWithin(text, loc[0]-2, loc[0]-2, 10) {
			return true
		}
	}
	return false
}

// newNameNear reports a capitalised name the question does not hold,
// beside one of its telling words: "the Punggye-ri nuclear test site".
func (p *probe) newNameNear(text string) bool {
	for _, loc := range nameRunRE.FindAllStringIndex(text, -1) {
		if loc[0] == 0 || !p.newWords(text[loc[0]:loc[1]]) {
			continue
		}
		if p.near(text, loc[0], loc[1]) {
			return true
		}
	}
	return false
}

// titleAfter reports a quoted title right after one of the question's
// telling words: "book 'Speaking for Myself'".
func (p *probe) titleAfter(text string) bool {
	for _, loc := range quotedRE.FindAllStringIndex(text, -1) {
		ws := splitWords(strings.ToLower(strings.TrimRight(text[:loc[0]], " ")))
		if len(ws) == 0 || !strings.HasSuffix(text[:loc[0]], " ") {
			continue
		}
		if p.telling(stem(normWord(ws[len(ws)-1]))) {
			return true
		}
	}
	return false
}

// nameBefore reports a new name right before one of the question's asked
// words: "Kangbuk-ri village".
func (p *probe) nameBefore(text string) bool {
	for _, loc := range nameRunRE.FindAllStringIndex(text, -1) {
		rest, ok := strings.CutPrefix(text[loc[1]:], " ")
		if loc[0] == 0 || !ok || !p.newWords(text[loc[0]:loc[1]]) {
			continue
		}
		ws := splitWords(strings.ToLower(rest))
		if len(ws) == 0 {
			continue
		}
		next := stem(normWord(ws[0]))
		for _, w := range p.words {
			if w.must && w.weight >= 1 && w.stem == next {
				return true
			}
		}
	}
	return false
}

// namesWhat reports a new name standing for what is asked: right before
// it ("a Pukguksong-3 submarine-launched missile") or before an apposition
// that says what it is ("a Pukguksong-3, a new submarine-launched
// ballistic missile").
func (p *probe) namesWhat(text string) bool {
	for _, loc := range nameRunRE.FindAllStringIndex(text, -1) {
		rest := text[loc[1]:]
		name := text[loc[0]:loc[1]]
		if loc[0] == 0 || !strings.HasPrefix(rest, " ") && !strings.HasPrefix(rest, ", ") || !p.newWords(name) {
			continue
		}
		if possessiveRE.MatchString(name) {
			continue // "John Bolton's memoir": its owner, not its name
		}
		ws := splitWords(strings.ToLower(rest))
		if len(ws) > 0 && strings.HasPrefix(rest, ", ") {
			if ws[0] != "a" && ws[0] != "an" && ws[0] != "the" {
				continue // "Kim, Trump and …": a list, not an apposition
			}
			ws = ws[1:]
		}
		for _, w := range ws[:min(len(ws), 2)] {
			if p.telling(stem(normWord(w))) {
				return true
			}
		}
	}
	return false
}

// telling reports whether st is one of the question's telling words.
func (p *probe) telling(st string) bool {
	for _, w := range p.words {
		if w.weight >= 1 && w.stem == st {
			return true
		}
	}
	return false
}

// agentBy reports a new name that says who did what is asked: right after
// "by" that follows one of the question's telling words ("nominated by
// Christian Tybring-Gjedde"), or right after the doer's noun of its verb
// ("publisher, Simon & Schuster" for "who publishes").
func (p *probe) agentBy(text string) bool {
	for _, loc := range nameRunRE.FindAllStringIndex(text, -1) {
		if !p.newWords(text[loc[0]:loc[1]]) {
			continue
		}
		before, by := strings.CutSuffix(text[:loc[0]], " by ")
		if !by {
			before = strings.TrimSuffix(strings.TrimSuffix(text[:loc[0]], " "), ",")
		}
		ws := splitWords(strings.ToLower(before))
		if len(ws) == 0 {
			continue
		}
		raw := normWord(ws[len(ws)-1])
		if !by && !strings.HasSuffix(raw, "er") && !strings.HasSuffix(raw, "or") {
			continue
		}
		last := stem(raw)
		for _, w := range p.words {
			if w.weight >= 1 && w.stem == last && (by || w.raw != raw) {
				return true
			}
		}
	}
	return false
}

// newWords reports whether a name holds a word the question does not.
func (p *probe) newWords(name string) bool {
	for _, w := range splitWords(name) {
		if !p.qstems[stem(strings.ToLower(w))] && !p.vocab.generic(strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// counts reports a number standing right before the counted word:
// "three children", "46 sailors".
func (p *probe) counts(lower string) bool {
	if p.counted == "" {
		return false
	}
	words := splitWords(lower)
	for i := 1; i < len(words); i++ {
		if stem(normWord(words[i])) != p.counted {
			continue
		}
		for j := max(0, i-2); j < i; j++ {
			if numberWordRE.MatchString(words[j]) && !p.qstems[words[j]] {
				return true
			}
		}
	}
	return false
}

// moneyStem is the word an amount of money stands for.
const moneyStem = "money"

var moneyRE = regexp.MustCompile(`[$£€]\s?\d|\d\s?(?:bn|m)\b|\b(?:dollars|won|pounds|euros|yuan|usd)\b`)

// numberNear reports a number beside one of the question's telling words:
// "46 sailors".
func (p *probe) numberNear(lower string) bool {
	for _, m := range numberWordRE.FindAllStringIndex(lower, -1) {
		if p.near(lower, m[0], m[1]) {
			return true
		}
	}
	return false
}

var (
	dateRE       = regexp.MustCompile(`\b(?:1[89]\d\d|20\d\d)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b`)
	numberWordRE = regexp.MustCompile(`\d+(?:[.,]\d+)*|\b(?:half|quarter|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|dozens)\b`)
	durationRE   = regexp.MustCompile(`\b(?:\d+|one|two|three|four|five|six|ten|twenty|thirty|forty|fifty|a few|several|an|a)[- ](?:minutes?|hours?|days?|weeks?|months?|years?)\b`)
	fullDateRE   = regexp.MustCompile(`\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? (?:\d{1,2}\b|(?:of )?(?:19|20)\d\d\b)|\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:January|February|March|April|May|June|July|August|September|October|November|December)\b`)
	dayDateRE    = regexp.MustCompile(`\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:January|February|March|April|May|June|July|August|September|October|November|December)\b`)
	plainCauseRE = regexp.MustCompile(`\b(?:because|due to|in response to|in retaliation|in protest|as a result of|blamed|blaming|the reason|so that|to punish|caused by|in order to)\b|, citing\b`)
	purposeRE    = regexp.MustCompile(`\b(?:meant to|intended to|designed to|aimed at|aims? to|set up to|so that|in order to|purpose|to (?:foster|improve|promote|help|allow|handle|serve|ease|support|deter|prevent))\b`)
	meansRE      = regexp.MustCompile(`\b(?:train|rail|plane|flight|flew|fly|airliner|aircraft|jet|car|motorcade|drove|drive|journey|aboard|ship|boat|helicopter|bus|walked|on foot)\b`)
	quotedRE     = regexp.MustCompile(`["“'‘]\p{Lu}[^"”’']{2,60}["”'’]`)
	calledRE     = regexp.MustCompile(`\b(?:called|calling|named|titled|entitled|dubbed|known as) ["“'‘]?\p{Lu}`)
	causeRE      = regexp.MustCompile(`\b(?:because|due to|over|after|in response|in retaliation|in protest|as a result|following|blamed|reason|so that|amid|since|to punish|angered|angry|for)\b`)
	roleRE       = regexp.MustCompile(`\b(?:sister|brother|wife|husband|son|daughter|uncle|aunt|father|mother|minister|adviser|advisor|secretary|president|leader|chief|official|lawyer|judge|envoy|ambassador|head|director|spokesman|spokeswoman|general|commander|bodyguard|author|former|defector|nominee|chairman|chairwoman|activist|analyst|journalist|reporter|diplomat|lawmaker|politician|spy|soldier|professor|researcher|expert|founder|member|dictator|ruler|actor|actress|singer|rapper|businessman|businesswoman|negotiator|representative)\b`)
	definesRE    = regexp.MustCompile(`\b(?:is|are|was|were) (?:an?|the)\b|, (?:an?|the) |\((?:an?|the) \w|\bknown as\b|\bstands for\b|\bmeans\b|\bwhich (?:is|was)\b`)
	placeLead    = regexp.MustCompile(`\b(?:in|at|from|to|near|on|outside|inside|(?:village|city|town|island|province|county|region|port|district) of)\s+(?:the\s+)?$`)
)

// newName reports whether text holds a capitalised name that the question
// does not (after a preposition, when lead is set).
func newName(p *probe, text string, lead *regexp.Regexp) bool {
	for _, loc := range nameRunRE.FindAllStringIndex(text, -1) {
		if loc[0] == 0 {
			continue // a sentence's first word is capitalised anyway
		}
		if lead != nil && !lead.MatchString(text[:loc[0]]) {
			continue
		}
		if lead != nil && dateRE.MatchString(text[loc[0]:loc[1]]) || weekdayRE.MatchString(text[loc[0]:loc[1]]) {
			continue // "from April 2018" is no place
		}
		if lead != nil && possessiveRE.MatchString(text[loc[0]:loc[1]]) {
			continue // "on North Korea's military": an owner, no place
		}
		if p.newWords(text[loc[0]:loc[1]]) {
			return true
		}
	}
	return false
}

var possessiveRE = regexp.MustCompile(`['’]s?$`)

var weekdayRE = regexp.MustCompile(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$`)

var nameRunRE = regexp.MustCompile(`\p{Lu}[\p{L}\p{N}]*(?:[-–'’][\p{L}\p{N}]+)*(?: \p{Lu}[\p{L}\p{N}]*(?:[-–'’][\p{L}\p{N}]+)*)*`)

// newNumber reports a number in text that the question does not hold.
func newNumber(p *probe, lower string) bool {
	for _, w := range numberWordRE.FindAllString(lower, -1) {
		if !p.qstems[w] && !p.qstems[strings.ReplaceAll(w, ",", "")] {
			return true
		}
	}
	return false
}

func newDigitsOrMonth(p *probe, text string) bool {
	for _, m := range dateRE.FindAllString(text, -1) {
		if !p.qstems[stem(strings.ToLower(m))] {
			return true
		}
	}
	return false
}

// expands reports whether text spells out the subject as an acronym:
// "the International Atomic Energy Agency (IAEA)".
func (p *probe) expands(text string) bool {
	if len(p.subject) != 1 {
		return false
	}
	i := strings.Index(strings.ToLower(text), "("+strings.TrimSpace(p.phrase)+")")
	return i > 0 && expandedRE.MatchString(text[:i])
}

var expandedRE = regexp.MustCompile(`\p{Lu}[\p{L}']+(?: (?:of |for |the |and )*\p{Lu}[\p{L}']+)+ $`)

// roleBeside reports a role word ("sister", "minister") within three words
// of the subject's first word: "Kim Jong-un's sister Kim Yo-jong" says who
// she is.
func roleBeside(lower string, subject []string) bool {
	if len(subject) == 0 {
		return false
	}
	ws := splitWords(lower)
	for i, w := range ws {
		if stem(w) != subject[0] {
			continue
		}
		window := strings.Join(ws[max(0, i-3):min(len(ws), i+len(subject)+3)], " ")
		if roleRE.MatchString(window) {
			return true
		}
	}
	return false
}

func hasAll(set map[string]bool, want []string) bool {
	for _, w := range want {
		if !set[w] && !fuzzyIn(set, w) {
			return false
		}
	}
	return true
}

// stemsSet is the set of the stems toks holds.
func stemsSet(toks []string) map[string]bool {
	set := make(map[string]bool, len(toks))
	for _, t := range toks {
		set[t] = true
	}
	return set
}

// quotePassages puts the quoted passage first, then up to two more of the
// passages read, preferring other articles, and those tagged with the
// question's events.
func quotePassages(r *reading, ps []corpus.Hit, events []string) []corpus.Hit {
	out := []corpus.Hit{r.passage}
	key := func(p corpus.Hit) string { return p.Source + "\x00" + p.Text }
	seen := map[string]bool{key(r.passage): true}
	cited := map[string]bool{r.passage.Source: true}
	add := func(tagged, otherArticle bool) {
		for _, p := range ps {
			if len(out) == maxPassages {
				return
			}
			if seen[key(p)] || tagged != anyTagged([]corpus.Hit{p}, events) || otherArticle && cited[p.Source] {
				continue
			}
			seen[key(p)], cited[p.Source] = true, true
			out = append(out, p)
		}
	}
	// Other articles first: three passages of one article are one source.
	add(true, true)
	add(false, true)
	add(true, false)
	add(false, false)
	return out
}

// sameWords returns the question's words found in s, for bold.
func sameWords(words []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(words)))
}
