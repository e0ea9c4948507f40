package answer

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/summitbot/summitbot/corpus"
)

func TestAskedOf(t *testing.T) {
	cases := []struct {
		q    string
		want askKind
	}{
		{"when did north korea blow up the liaison office", askDate},
		{"what year did trump first meet kim", askDate},
		{"where did kim switch to a car", askPlace},
		{"what hotel was it at", askPlace},
		{"who announced the meeting", askPerson},
		{"who is kim yo jong", askDefinition},
		{"what is yongbyon", askDefinition},
		{"how many letters did they exchange", askNumber},
		{"how long did the dmz meeting last", askDuration},
		{"how long was the hanoi summit", askDuration},
		{"how long is north korea's border with china", askNumber},
		{"why did hanoi fail", askCause},
		{"who did pompeo bring back, and why were they held there", askPerson},
		{"what is the name of bolton's book", askName},
		{"what did kim call trump in his letters", askName},
		{"did north korea test missiles in 2020", askYesNo},
		{"what happened at hanoi", askAny},
		{"how did kim get to hanoi", askMeans},
		{"what was the inter-korean liaison office for", askPurpose},
		{"how did he actually get there", askMeans},
		{"김정은은 하노이까지 뭘 타고 갔어", askMeans},
		{"하노이 회담은 왜 결렬됐나요", askCause},
		{"스톡홀름 실무회담은 언제 했어", askDate},
		{"싱가포르 회담 어디서 했어", askPlace},
		{"하노이 만찬에 누가 있었어", askPerson},
		{"몇 번 만났어", askNumber},
		{"얼마나 걸렸어", askDuration},
	}
	for _, c := range cases {
		if got := askedOf(tokenize(c.q)); got != c.want {
			t.Errorf("askedOf(%q) = %s, want %s", c.q, got, c.want)
		}
	}
}

func TestHasPhrase(t *testing.T) {
	j := "how long did the hanoi summit last"
	if !hasPhrase(j, "how many", "how long") || !hasPhrase(j, "last") {
		t.Errorf("hasPhrase(%q) misses a phrase it holds", j)
	}
	if hasPhrase(j, "how lon", "summit las", "hanoi  summit") {
		t.Errorf("hasPhrase(%q) finds a phrase it holds only in part", j)
	}
}

func TestProbeMusts(t *testing.T) {
	a := defaultAnswerer(t, nil)
	cases := []struct {
		q    string
		must []string // stems that a sentence must hold
	}{
		{"when did north korea carry out its seventh nuclear test", []string{"seventh"}},
		{"who won the 2021 nobel peace prize", []string{"win", "2021"}},
		{"how many missiles did north korea show", []string{"missil"}},
		{"how many times did moon meet kim", []string{"time", "meet"}},
		{"did trump meet kim in 2020", []string{"meet", "2020"}},
		{"why did hanoi fail", nil},
		{"which missile could supposedly hit all of the us", []string{"missil", "hit"}},
	}
	for _, c := range cases {
		p := a.newProbe(a.parse(c.q))
		var got []string
		for _, w := range p.words {
			if w.must {
				got = append(got, w.stem)
			}
		}
		if len(got) != len(c.must) {
			t.Errorf("%q: must %q, want %q", c.q, got, c.must)
			continue
		}
		for i := range got {
			if got[i] != c.must[i] {
				t.Errorf("%q: must %q, want %q", c.q, got, c.must)
			}
		}
	}
}

func TestScoreRejectsWhatDoesNotAnswer(t *testing.T) {
	a := defaultAnswerer(t, nil)
	cases := []struct {
		name, q, sentence string
		answers           bool
	}{
		{"the asked date", "when did north korea blow up the liaison office", "On 16 June 2020 North Korea blew up the liaison office in Kaesong.", true},
		{"no date is no answer to when", "when did north korea blow up the liaison office", "North Korea blew up the liaison office in Kaesong.", false},
		{"another ordinal", "when did north korea carry out its seventh nuclear test", "North Korea carried out its sixth nuclear test in September 2017.", false},
		{"a negated verb", "who won the 2021 nobel peace prize", "In 2021 the favourite did not win the Nobel Peace Prize.", false},
		{"a number beside what is counted", "how many sailors died when the cheonan sank", "The Cheonan sank in 2010 and 46 sailors died.", true},
		{"money for how much", "how much debt did the official have", "The official's debts totaled about 330 million won.", true},
		{"an amount paid", "how much did kim jong il pay his bodyguards", "Kim Jong Il paid his bodyguards $100 a month.", true},
		{"a count is no amount", "how much did kim jong il pay his bodyguards", "Kim Jong Il could not feed his 25 million people or pay his bodyguards.", false},
		{"a number of something else", "how many sailors died when the cheonan sank", "The Cheonan sank in 2010, two years after the crisis.", false},
		{"a cause", "why did kim jong un apologise to the south", "Kim Jong Un apologised to the South because its official was shot at sea.", true},
		{"another person of the same name", "who is lee in-young", "Lee Young-guk, a former bodyguard, was denied asylum.", false},
		{"an appositive says who", "who is lee in-young", "Seoul's unification minister Lee In-young said talks should resume.", true},
		{"a date far from what is asked", "when did kim jong un visit seoul",
			"Of the promises made at their 2018 Pyongyang summit, including joint teams for sport, an Olympic bid, new road and rail links and a visit by Kim Jong Un to Seoul, few were kept.", false},
		{"the date of the next sentence", "when did kim jong un visit seoul",
			"Kim Jong Un said a visit to Seoul was possible. In July, a defector crossed back over the border.", false},
		{"a name question needs a name", "what's the name of kim jong un's oldest son", "The oldest of Kim Jong Un's children is a 10-year-old son.", false},
		{"a speech question needs what was said", "what did trump say to kim when they were alone", "Trump and Kim talked alone for forty minutes.", false},
		{"what the question's verb asks", "what did trump tweet after the talks broke down", "The talks broke down the same day, and Trump left.", false},
		{"a purpose", "what was the liaison office for", "The liaison office was meant to foster better ties between the two Koreas.", true},
		{"no purpose", "what was the liaison office for", "The liaison office opened in Kaesong in September 2018.", false},
		{"a distance", "how close to the border will soldiers shoot on sight", "Soldiers will shoot on sight anyone within half a mile of the border.", true},
		{"how he travelled", "how did kim get to singapore", "Kim flew to Singapore aboard an Air China airliner.", true},
		{"not how he travelled", "how did kim get to singapore", "Kim arrived in Singapore two days before the summit.", false},
		{"the day over the month", "when did north korea blow up the liaison office", "In June 2020 North Korea blew up the liaison office.", true},
		{"a length", "how long is the border with china", "Soldiers patrol the entire 880-mile border with China.", true},
		{"no length", "how long is the border with china", "Soldiers patrol the border with China.", false},
		{"the place named before what is asked", "what village did kim visit after the typhoon", "After the typhoon Kim visited Kangbuk-ri village.", true},
		{"an owner is no place", "what village did kim visit after the typhoon", "Kim praised North Korea's army for rebuilding villages after the typhoon.", false},
		{"an acronym spelled out", "what is the iaea", "The International Atomic Energy Agency (IAEA) said the reactor was running.", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := a.newProbe(a.parse(c.q))
			r := p.score(c.sentence, stems(c.sentence), map[string]bool{}, nil, "")
			if got := r.score >= minConfidence; got != c.answers {
				t.Errorf("%q with %q: score %.2f, answers %v, want %v", c.q, c.sentence, r.score, got, c.answers)
			}
		})
	}
}

func TestAboutNeedsWhoIsAsked(t *testing.T) {
	a := defaultAnswerer(t, nil)
	cases := []struct {
		q, passage string
		about      bool
	}{
		{"How many sailors died when the Cheonan sank?", "A tugboat sank off Mauritius, killing three sailors.", false},
		{"How many sailors died when the Cheonan sank?", "The Cheonan sank in 2010; 46 sailors died.", true},
		{"what did kim say in his apology letter", "The company attached a formal apology letter.", false},
		{"what did kim say in his apology letter", "In a letter of apology, Kim said he was sorry.", true},
		{"what does kim jong un's sister do", "The Kardashian sisters: Kim returned swinging her purse.", false},
	}
	for _, c := range cases {
		p := a.newProbe(a.parse(c.q))
		if got := p.about(stemSet(c.passage), map[string]bool{}); got != c.about {
			t.Errorf("%q about %q = %v, want %v", c.q, c.passage, got, c.about)
		}
	}
}

func TestScoreTakesTheArticlesYear(t *testing.T) {
	a := defaultAnswerer(t, nil)
	p := a.newProbe(a.parse("what were the leaflets that made north korea so mad in 2020"))
	sentence := "Pyongyang's statements grew furious over leaflets sent across the border by balloon."
	if r := p.score(sentence, stems(sentence), map[string]bool{}, nil, "2020"); r.score < minConfidence {
		t.Errorf("an article dated 2020: score %.2f, want it to answer 'in 2020'", r.score)
	}
	if r := p.score(sentence, stems(sentence), map[string]bool{}, nil, "2019"); r.score != 0 {
		t.Errorf("an article dated 2019: score %.2f, want 0", r.score)
	}
	yes := a.newProbe(a.parse("did trump meet kim in 2020"))
	if r := yes.score("Trump and Kim met at the border.", stems("Trump and Kim met at the border."), map[string]bool{}, nil, "2020"); r.score != 0 {
		t.Errorf("whether they met in 2020 is not told by an article's date: score %.2f", r.score)
	}
}

func TestWordHelpers(t *testing.T) {
	v := defaultAnswerer(t, nil).vocab
	if w, ok := v.typo("sumit"); !ok || w != "summit" {
		t.Errorf(`typo("sumit") = %q, %v`, w, ok)
	}
	if w, ok := v.typo("kroea"); !ok || w != "korea" {
		t.Errorf(`typo("kroea") = %q, %v: want the catalogue's name`, w, ok)
	}
	if _, ok := v.typo("summer"); ok {
		t.Error(`typo("summer") corrected a word that is no typo`)
	}
	if !negated(stems("she did not win the prize"), "win") || negated(stems("she did win the prize"), "win") {
		t.Error("negated misreads 'did not win'")
	}
	if got := density(stems("Kim called Trump"), []probeWord{{stem: "kim"}, {stem: "call"}, {stem: "trump"}}); got != 1 {
		t.Errorf("density of adjacent words = %v, want 1", got)
	}
	if got := density(stems("Kim said, after a long pause, that Trump called"), []probeWord{{stem: "kim"}, {stem: "trump"}}); got >= 0.5 {
		t.Errorf("density of distant words = %v, want < 0.5", got)
	}
	for _, pair := range [][2]string{{"disappeared", "missing"}, {"seamen", "sailors"}, {"killed", "died"}, {"Chinese", "China"}, {"apologised", "sorry"}} {
		if a, b := stems(pair[0]), stems(pair[1]); a[0] != b[0] {
			t.Errorf("stems(%q) = %q, stems(%q) = %q: want one stem", pair[0], a, pair[1], b)
		}
	}
	if got := stems("Trump called the meeting off"); got[1] != stem("cancel") {
		t.Errorf(`stems("Trump called the meeting off") = %q: want "called … off" read as "cancel"`, got)
	}
	if got := splitWords("the go-between's follow-up, Kim Jong-un"); !slices.Equal(got, []string{"the", "go-between", "s", "follow", "up", "Kim", "Jong", "un"}) {
		t.Errorf("splitWords = %q: want go-between kept whole, other hyphenated words split", got)
	}
	if got := stems("Trump mocked Kim Jong-un as Rocket Man"); got[1] != stem("call") {
		t.Errorf(`stems("Trump mocked Kim Jong-un as Rocket Man") = %q: want "mocked … as" read as "call"`, got)
	}
	if got := stems("Pompeo flew home with three Americans"); got[1] != stem("bring") {
		t.Errorf(`stems("Pompeo flew home with three Americans") = %q: want "flew home" read as "bring"`, got)
	}
	if toks := tokenize("how did the meeting get set up"); toks[5].stem != stem("start") || !toks[6].spent || toks[5].spent {
		t.Errorf(`tokenize("… set up") = %+v: want "set" read as "start" and "up" spent`, toks[5:])
	}
	if got := stems("Trump let Kim look inside"); got[1] != stem("show") {
		t.Errorf(`stems("Trump let Kim look inside") = %q: want "let … look" read as "show"`, got)
	}
	if got := tokenize("why was the summit called off"); got[4].stem != stem("cancel") {
		t.Errorf("tokenize reads 'called off' as %q, want cancel as stems does", got[4].stem)
	}
	if phraseOf("Lee In-young") != phraseOf("lee in young") {
		t.Error("phraseOf does not join hyphenated names")
	}
	if n := countedNoun(tokenize("how many sailors died")); n != 2 {
		t.Errorf("countedNoun = %d, want 2", n)
	}
}

func TestBacking(t *testing.T) {
	day := time.Date(2020, 9, 16, 0, 0, 0, 0, time.UTC)
	ps := []corpus.Hit{
		{Passage: corpus.Passage{Source: "a.md", Date: day, Text: "Trump praised Kim. The two men met at the Capella Hotel on Sentosa island in Singapore on June 12, 2018."}},
		{Passage: corpus.Passage{Source: "b.md", Date: day, Text: "Singapore is a city state."}},
	}
	a := defaultAnswerer(t, nil)
	r := a.backing("The Singapore summit took place on 12 June 2018 at the Capella Hotel on Sentosa Island, Singapore.", ps)
	if r == nil || r.passage.Source != "a.md" || r.text != "The two men met at the Capella Hotel on Sentosa island in Singapore on June 12, 2018." {
		t.Fatalf("backing = %+v, want the Capella sentence of a.md", r)
	}
	if r := a.backing("The Hanoi summit ended early without an agreement.", ps); r != nil {
		t.Errorf("backing quoted %q for a sentence it does not back", r.text)
	}
}

func TestComparison(t *testing.T) {
	a := defaultAnswerer(t, nil)
	cases := []struct {
		q, want string
		ok      bool
	}{
		{"was the dmz meeting longer or shorter than singapore", "The DMZ meeting at Panmunjom was shorter than the Singapore summit", true},
		{"was hanoi shorter than singapore", "The Singapore summit was shorter than the Hanoi summit", true},
		{"was the dmz meeting short", "", false},
	}
	for _, c := range cases {
		text, _, ok := a.comparison(a.parse(c.q))
		if ok != c.ok || !strings.HasPrefix(text, c.want) {
			t.Errorf("comparison(%q) = %q, %v; want prefix %q, %v", c.q, text, ok, c.want, c.ok)
		}
	}
}

// A panic in one of a question's concurrent searches reaches the caller's
// goroutine, where the bot's per-interaction wrapper recovers it.
func TestSearchPanicReachesTheCaller(t *testing.T) {
	a := defaultAnswerer(t, func(context.Context, string, string, int) ([]corpus.Hit, error) {
		panic("search exploded")
	})
	defer func() {
		if v := recover(); v != "search exploded" {
			t.Errorf("recovered %v, want the search's panic", v)
		}
	}()
	a.Answer(context.Background(), "why did north korea blow up the liaison office")
	t.Error("Answer returned; want the search's panic")
}

func TestClaim(t *testing.T) {
	// "june 2019" (words 0-1) names the DMZ meeting (event 2); "2019"
	// alone would name Hanoi (1) and the DMZ meeting; a not-event (-1)
	// "panmunjom declaration" (words 3-4) hides "panmunjom" (word 3).
	hits := []hit{
		{event: 1, start: 1, end: 2, class: classYear},
		{event: 2, start: 1, end: 2, class: classYear},
		{event: 2, start: 0, end: 2, class: classDate},
		{event: 2, start: 3, end: 4, class: classStrong},
		{event: -1, start: 3, end: 5, class: classStrong},
	}
	kept := claim(hits, 5)
	var got []int
	for _, h := range kept {
		got = append(got, h.event, h.start, h.end)
	}
	want := []int{-1, 3, 5, 2, 0, 2} // longest first, then the firmest class
	if len(got) != len(want) {
		t.Fatalf("claim kept %v, want event/start/end %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("claim kept %v, want event/start/end %v", got, want)
		}
	}
}

func TestYearHits(t *testing.T) {
	a := defaultAnswerer(t, nil)
	yearHits := func(text string) []hit {
		t.Helper()
		q := a.parse(text)
		return a.yearHits(q.toks, q.scope, false, dateRuns(q.toks))
	}
	if hs := yearHits("what happened in 2021"); len(hs) != 1 || hs[0].event != unknownEvent {
		t.Errorf("2021: %+v, want one unknown event", hs)
	}
	if hs := yearHits("what happened in 2019"); len(hs) != 2 {
		t.Errorf("2019: %+v, want Hanoi and the DMZ meeting", hs)
	}
}

// A sentence too short to say much is quoted with the next one; a longer
// one stands alone.
func TestShortSentenceTakesTheNext(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{
			"The thaw began with sport. In January the two Koreas agreed to march together at the Winter Olympics in PyeongChang.",
			"The thaw began with sport. In January the two Koreas agreed to march together at the Winter Olympics in PyeongChang.",
		},
		{
			"The thaw between the two Koreas began with sport in the first weeks of that year. In January they agreed to march together at the Winter Olympics.",
			"The thaw between the two Koreas began with sport in the first weeks of that year.",
		},
	}
	for _, tt := range tests {
		a := defaultAnswerer(t, func(context.Context, string, string, int) ([]corpus.Hit, error) {
			return []corpus.Hit{{Passage: corpus.Passage{Source: "thaw.md", Title: "How it began", Text: tt.text}}}, nil
		})
		ans, err := a.Answer(context.Background(), "how did the thaw start?")
		if err != nil {
			t.Fatal(err)
		}
		if ans.Quote != tt.want {
			t.Errorf("quote = %q\nwant    %q", ans.Quote, tt.want)
		}
	}
}

// An amount of money answers "how much money": the sentence need not say
// "money".
func TestAmountIsMoney(t *testing.T) {
	a := defaultAnswerer(t, func(context.Context, string, string, int) ([]corpus.Hit, error) {
		return []corpus.Hit{{Passage: corpus.Passage{Source: "hacks.md", Title: "Hackers for the state",
			Text: "Experts said North Korea has generated an estimated $2billion using cyberattacks on banks."}}}, nil
	})
	ans, err := a.Answer(context.Background(), "How much money has North Korea made from cyberattacks?")
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Found || !strings.Contains(ans.Text, "$2billion") {
		t.Errorf("answer = %+v, want the $2billion sentence", ans)
	}
}

// A year no event has makes the event's name a place: its passages are
// searched for, not the meeting's.
func TestUnknownYearSearchesBeyondTheEvent(t *testing.T) {
	// The reader searches concurrently: the record is guarded.
	var mu sync.Mutex
	var events []string
	a := defaultAnswerer(t, func(_ context.Context, _, event string, _ int) ([]corpus.Hit, error) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, event)
		return nil, nil
	})
	if _, err := a.Answer(context.Background(), "when did trump try to fly to the dmz in 2017"); err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e != "" {
			t.Errorf("searched within event %q; the DMZ of 2017 is no meeting", e)
		}
	}
	if len(events) == 0 {
		t.Error("no search")
	}
	// Nor need a passage be tagged with the meeting to be read.
	a = defaultAnswerer(t, func(context.Context, string, string, int) ([]corpus.Hit, error) {
		return []corpus.Hit{{Passage: corpus.Passage{Title: "Trump kissed Melania goodbye before his 2017 trip", Source: "a.md",
			Text: "On November 8, 2017 Trump tried to fly to the Korean border, but fog turned his helicopter back."}}}, nil
	})
	ans, err := a.Answer(context.Background(), "when did trump try to fly to the dmz in 2017")
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Found || !ans.FromCorpus {
		t.Errorf("answer = %+v, want the untagged passage's sentence", ans)
	}
}

// A yes-or-no question is answered most plainly by a sentence that says
// "not" to what is asked, or its opposite.
func TestYesNoPrefersTheDenial(t *testing.T) {
	tests := []struct {
		q, title, plain, denial, want string
	}{
		{"did the north korean shipyard activity mean a missile test for sure",
			"Satellite images show activity at a North Korean shipyard",
			"Satellite imagery of a North Korean shipyard shows activity suggestive of preparations for a missile test.",
			"The think tank said the activity was suggestive, but not conclusive, of preparations for a missile test.",
			"not conclusive"},
		{"Did North Korea admit burning the official's body?",
			"Kim Jong Un says sorry after a South Korean is shot dead at sea",
			"South Korea said North Korean troops shot the official and set his body on fire.",
			"However, the North denied setting his body on fire, saying guards had burned only his float.",
			"denied"},
		{"was trump being serious about the love letters from kim",
			"Trump calls Bolton a jerk",
			"Woodward reveals Kim's love letters to Trump.",
			"Trump said he was being sarcastic about the love letters.",
			"sarcastic"},
	}
	for _, tt := range tests {
		a := defaultAnswerer(t, func(context.Context, string, string, int) ([]corpus.Hit, error) {
			return []corpus.Hit{{Passage: corpus.Passage{Title: tt.title, Source: "a.md", Text: tt.plain}}, {Passage: corpus.Passage{Title: tt.title, Source: "b.md", Text: tt.denial}}}, nil
		})
		ans, err := a.Answer(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ans.Text, tt.want) {
			t.Errorf("%q: answer = %q, want the sentence that says %q", tt.q, ans.Text, tt.want)
		}
	}
}

func TestAgentBy(t *testing.T) {
	a := defaultAnswerer(t, nil)
	tests := []struct {
		q, sentence string
		want        bool
	}{
		{"who nominated trump for the nobel prize", "He was nominated by Christian Tybring-Gjedde, a member of the Norwegian Parliament.", true},
		{"who nominated trump for the nobel prize", "He was nominated by the committee in Oslo.", false},             // no name after "by"
		{"who nominated trump for the nobel prize", "He was praised by Christian Tybring-Gjedde.", false},            // not what is asked
		{"who nominated trump for the nobel prize", "The prize was awarded in Oslo by Berit Reiss-Andersen.", false}, // "by" after a place
		{"who publishes bolton's book", "A subpoena went to the book's publisher, Simon & Schuster.", true},
		{"who publishes bolton's book", "The book was published in June, Simon & Schuster said.", false}, // the verb, not its doer
		{"who publishes bolton's book", "The book's editor, Jane Doe, declined to comment.", false},      // another doer
	}
	for _, tt := range tests {
		p := a.newProbe(a.parse(tt.q))
		if got := p.agentBy(tt.sentence); got != tt.want {
			t.Errorf("%q: agentBy(%q) = %v, want %v", tt.q, tt.sentence, got, tt.want)
		}
	}
}

func TestNamesWhat(t *testing.T) {
	a := defaultAnswerer(t, nil)
	p := a.newProbe(a.parse("what's the name of north korea's submarine launched missile"))
	tests := []struct {
		sentence string
		want     bool
	}{
		{"North Korea test-fired a Pukguksong-3, a new submarine-launched ballistic missile, last October.", true},
		{"Satellites saw preparations for a Pukguksong-3 submarine launched missile test.", true},
		{"The analyst Jung Changwook said a submarine-launched missile test could follow.", false}, // a name, then a verb
		{"Kim Jong Un's submarine launched a missile.", false},                                     // an owner
		{"North Korea fired a missile from a submarine, Seoul said, and Tokyo protested.", false},  // a list, not an apposition
	}
	for _, tt := range tests {
		if got := p.namesWhat(tt.sentence); got != tt.want {
			t.Errorf("namesWhat(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
}

func TestTitleAfterAndOwner(t *testing.T) {
	a := defaultAnswerer(t, nil)
	p := a.newProbe(a.parse("what is sarah sanders' book called"))
	for _, w := range p.words {
		if w.must {
			t.Errorf("%s is a must: the book is asked, not its owner", w.stem)
		}
	}
	tests := []struct {
		sentence string
		want     bool
	}{
		{"Sanders described it in her new book 'Speaking for Myself,' which hits shelves next week.", true},
		{"Sanders said 'Kim Jong-un hit on you' in the book.", false}, // the quote names no book
	}
	for _, tt := range tests {
		if got := p.titleAfter(tt.sentence); got != tt.want {
			t.Errorf("titleAfter(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
}

// A run too long to quote is read in pieces: each short enough, cut
// between words, overlapping the next, and together the whole run.
func TestPieces(t *testing.T) {
	text := "Kim Jong Un visits the village of Kangbuk-ri in this photo released by the state news agency " +
		"after the typhoon flattened houses and fields along the coast of the province"
	for limit := 30; limit <= 90; limit += 7 {
		checkPieces(t, text, limit)
	}
}

func checkPieces(t *testing.T, text string, limit int) {
	t.Helper()
	ps := pieces(text, limit)
	if len(ps) < 3 {
		t.Fatalf("pieces = %q, want several", ps)
	}
	words := strings.Fields(text)
	prevStart, prevEnd := 0, 0
	for i, p := range ps {
		if n := utf8.RuneCountInString(p); n > limit {
			t.Errorf("limit %d: piece %d has %d runes: %q", limit, i, n, p)
		}
		if (i > 0) != strings.HasPrefix(p, "…") || (i < len(ps)-1) != strings.HasSuffix(p, "…") {
			t.Errorf("piece %d = %q: an ellipsis marks each cut and only a cut", i, p)
		}
		got := strings.Fields(strings.Trim(p, "…"))
		start := -1
		for s := prevStart; s+len(got) <= len(words); s++ {
			if slices.Equal(words[s:s+len(got)], got) {
				start = s
				break
			}
		}
		if start < 0 {
			t.Fatalf("piece %d = %q is not a run of the text's whole words", i, p)
		}
		if i > 0 && start >= prevEnd {
			t.Errorf("piece %d starts at word %d, after the last one ended (%d): no overlap", i, start, prevEnd)
		}
		prevStart, prevEnd = start+1, start+len(got)
	}
	if prevEnd != len(words) {
		t.Errorf("the pieces end at word %d of %d", prevEnd, len(words))
	}
}
