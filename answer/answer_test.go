package answer

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/summitbot/summitbot/corpus"
)

func defaultAnswerer(t testing.TB, search SearchFunc) *Answerer {
	t.Helper()
	cat, err := corpus.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	return New(cat, search)
}

func TestEvents(t *testing.T) {
	a := defaultAnswerer(t, nil)
	tests := []struct {
		q    string
		want []string
	}{
		// names, aliases, places
		{"When was the Singapore summit?", []string{"singapore"}},
		{"what happened on sentosa", []string{"singapore"}},
		{"Capella hotel summit", []string{"singapore"}},
		{"Tell me about Hanoi", []string{"hanoi"}},
		{"the summit in Vietnam", []string{"hanoi"}},
		{"Vietnamese summit", []string{"hanoi"}},
		{"Panmunjom meeting", []string{"dmz"}},
		{"What happened in the demilitarized zone?", []string{"dmz"}},
		{"the JSA handshake", []string{"dmz"}},
		{"Gyeongju APEC", []string{"fourth"}},
		// dates and years
		{"What happened in June 2018?", []string{"singapore"}},
		{"the talks of February 27, 2019", []string{"hanoi"}},
		{"Feb 28th 2019", []string{"hanoi"}},
		{"30 June 2019", []string{"dmz"}},
		{"june 30", []string{"dmz"}},
		{"the 2018 summit", []string{"singapore"}},
		{"the 2019 summit", []string{"hanoi", "dmz"}},
		{"Trump Kim in 2025", []string{"fourth"}},
		{"What happened in Hanoi in 2019?", []string{"hanoi"}},
		// a date inside a noun phrase dates that thing, not a meeting,
		// unless the event's own facts hold it
		{"the june 2018 summit", []string{"singapore"}},
		{"what did kim say in his sept 2025 speech", []string{"fourth"}},
		{"what did she say in her june 2019 interview", nil},
		{"what was in the march 2018 package", nil},
		// however the date is written: the whole run of date words is read
		// at once, its year too
		{"what was in the june 2018 letter", nil},
		{"what was in the 12 june 2018 letter", nil},
		{"what was in the june 12 2018 letter", nil},
		{"what was in the 12th june 2018 letter", nil},
		{"what was in the 2018 letter", nil},
		{"what did kim say in his september 2025 speech", []string{"fourth"}},
		{"what did kim say in his 2025 speech", []string{"fourth"}},
		{"what did kim say in kim's 2025 speech", []string{"fourth"}},
		{"what did kim say in his september 4 2025 speech", []string{"fourth"}},
		{"what did kim say in his 4 september 2025 speech", []string{"fourth"}},
		{"what did kim say in his september 2025 letter", nil},
		{"the 12 june 2018 summit", []string{"singapore"}},
		{"the june 12 2018 summit", []string{"singapore"}},
		{"the 30 june 2019 encounter", []string{"dmz"}},      // a meeting noun its facts do not hold
		{"the 2018 singapore summit", []string{"singapore"}}, // its facts hold "singapore"
		// ordinals, by date order
		{"the first summit", []string{"singapore"}},
		{"When did they meet for the first time?", []string{"singapore"}},
		{"the 1st meeting", []string{"singapore"}},
		{"the second Trump-Kim summit", []string{"hanoi"}},
		{"third meeting", []string{"dmz"}},
		{"Will there be a fourth?", []string{"fourth"}},
		{"When was the last summit?", []string{"dmz"}},
		{"4차 정상회담", []string{"fourth"}},
		// descriptions
		{"when Trump crossed into North Korea", []string{"dmz"}},
		{"the summit that ended early", []string{"hanoi"}},
		{"which summit ended without a deal?", []string{"hanoi"}},
		{"Will Trump and Kim meet again?", []string{"fourth"}},
		{"is another summit coming?", []string{"fourth"}},
		// typos
		{"Singapur summit", []string{"singapore"}},
		{"Hanoy summit", []string{"hanoi"}},
		{"Panmunjon", []string{"dmz"}},
		{"sentossa", []string{"singapore"}},
		{"Vietnma", []string{"hanoi"}},
		// Korean
		{"싱가포르 정상회담", []string{"singapore"}},
		{"하노이 회담은 왜 결렬됐나", []string{"hanoi"}},
		{"판문점에서", []string{"dmz"}},
		// several
		{"Singapore and Hanoi", []string{"singapore", "hanoi"}},
		{"What happened next after Hanoi?", []string{"hanoi"}},
		// none
		{"Who won the 2020 Super Bowl?", nil},
		{"What is the capital of France?", nil},
		{"Who was the first sitting president to visit China?", nil},
		{"What was the Panmunjom Declaration?", nil},
		{"How long is North Korea's border with China?", nil},
		{"the fifth summit", nil},
		{"", nil},
	}
	for _, tt := range tests {
		q := a.parse(tt.q)
		if got := q.eventIDs(a); !slices.Equal(got, tt.want) {
			t.Errorf("events of %q = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// The year of a thing no event's facts hold is a year no event has, never
// answered with another event's facts; a year whose event's facts hold the
// thing names that event.
func TestDateOfAThingIsNoEventsYear(t *testing.T) {
	a := defaultAnswerer(t, nil)
	for q, want := range map[string]bool{
		"what was in the june 2018 letter":         true,
		"what was in the 12 june 2018 letter":      true,
		"what was in the june 12 2018 letter":      true,
		"what did kim say in his 2025 letter":      true,
		"what did kim say in his 2025 speech":      false,
		"what did kim say in his sept 2025 speech": false,
		"the 2018 singapore summit":                false,
		"the 2019 dmz handshake":                   false,
	} {
		if got := a.parse(q).unknownRef; got != want {
			t.Errorf("%q: unknownRef = %v, want %v", q, got, want)
		}
	}
}

func TestKind(t *testing.T) {
	a := defaultAnswerer(t, nil)
	tests := []struct {
		q        string
		want     Kind
		duration bool
		signed   bool
	}{
		{"When was the Hanoi summit?", KindWhen, false, false},
		{"What date did they meet in Singapore?", KindWhen, false, false},
		{"which day was the dmz meeting", KindWhen, false, false},
		{"Singapore summit date", KindWhen, false, false},
		{"How long did they talk at the DMZ?", KindWhen, true, false},
		{"the summit where Trump walked away, when was it?", KindWhen, false, false},
		{"Where was the Hanoi summit?", KindWhere, false, false},
		{"Which hotel hosted the Singapore summit?", KindWhere, false, false},
		{"In which city was the second summit?", KindWhere, false, false},
		{"What was the venue in Hanoi?", KindWhere, false, false},
		{"Who attended the Singapore summit?", KindWho, false, false},
		{"who was there at panmunjom", KindWho, false, false},
		{"What was signed in Singapore?", KindWhat, false, true},
		{"What did they agree at the DMZ?", KindWhat, false, true},
		{"What did the joint statement say?", KindWhat, false, true},
		{"What happened in Hanoi?", KindWhat, false, false},
		{"What happened when Trump crossed into North Korea?", KindWhat, false, false},
		{"What was the outcome of Singapore?", KindOutcome, false, false},
		{"Did they reach a deal in Hanoi?", KindOutcome, false, false},
		{"How did the Hanoi summit end?", KindOutcome, false, false},
		{"Why did the Hanoi summit collapse?", KindWhy, false, false},
		{"hanoi summit why fail", KindWhy, false, false},
		{"Why was the DMZ meeting important?", KindWhy, false, false},
		{"What went wrong in Hanoi?", KindWhy, false, false},
		{"What happened after Singapore?", KindNext, false, false},
		{"Will they meet again?", KindNext, false, false},
		{"What happened since the DMZ meeting?", KindNext, false, false},
		{"What did North Korea want in Hanoi?", KindAsked, false, false},
		{"What did the US ask for?", KindAsked, false, false},
		{"What did Pyongyang demand in exchange for Yongbyon?", KindAsked, false, false},
		{"Tell me about the Hanoi summit", KindWhat, false, false},
		{"Hanoi summit", KindGeneral, false, false},
		{"the summit that ended early", KindGeneral, false, false},
	}
	for _, tt := range tests {
		q := a.parse(tt.q)
		if q.kind != tt.want || q.duration != tt.duration || q.signed != tt.signed {
			t.Errorf("kind of %q = %s (duration %v, signed %v), want %s (%v, %v)", tt.q, q.kind, q.duration, q.signed, tt.want, tt.duration, tt.signed)
		}
	}
}

func TestSide(t *testing.T) {
	a := defaultAnswerer(t, nil)
	tests := map[string]string{
		"What did North Korea want in Hanoi?":         "dprk",
		"What did Kim ask Trump for?":                 "dprk",
		"What did the US demand?":                     "us",
		"What did the U.S. want at Hanoi?":            "us",
		"What did Trump want from Kim?":               "us",
		"What did Washington want from North Korea?":  "us",
		"What did each side want in Hanoi?":           "",
		"What did Trump and Kim want at Hanoi?":       "",
		"What did the US and North Korea ask for?":    "",
		"What was asked for at Hanoi?":                "",
		"What did South Korea want from the meeting?": noSide, // no side of the catalogue's
		"What did China ask for?":                     noSide,
		"What did they want at Hanoi?":                "",
		"What did the leaders want at Hanoi?":         "",
	}
	for q, want := range tests {
		if got := a.parse(q).side; got != want {
			t.Errorf("side of %q = %q, want %q", q, got, want)
		}
	}
}

// fakeSearch returns passages tagged with the event it is asked about.
func fakeSearch(calls *[]string) SearchFunc {
	return func(ctx context.Context, text, event string, limit int) ([]corpus.Hit, error) {
		if calls != nil {
			*calls = append(*calls, event+": "+text)
		}
		if event == "" {
			return nil, nil
		}
		ps := []corpus.Hit{
			{Passage: corpus.Passage{Source: "a.md", Text: "about " + event, Events: []string{event}}},
			{Passage: corpus.Passage{Source: "b.md", Text: "more about " + event, Events: []string{event, "other"}}},
			{Passage: corpus.Passage{Source: "c.md", Text: "something else", Events: []string{}}},
			{Passage: corpus.Passage{Source: "d.md", Text: "even more about " + event, Events: []string{event}}},
		}
		return ps[:min(limit, len(ps))], nil
	}
}

func TestAnswerWithFakeSearch(t *testing.T) {
	var calls []string
	a := defaultAnswerer(t, fakeSearch(&calls))
	ans, err := a.Answer(context.Background(), "When was the Singapore summit?")
	if err != nil {
		t.Fatal(err)
	}
	want := "The Singapore summit took place on 12 June 2018 at the Capella Hotel on Sentosa Island, Singapore."
	if !ans.Found || ans.Text != want || ans.Kind != KindWhen || !slices.Equal(ans.Events, []string{"singapore"}) {
		t.Errorf("got %+v", ans)
	}
	if len(ans.Passages) != 3 || !anyTagged(ans.Passages, ans.Events) {
		t.Errorf("passages %+v", ans.Passages)
	}
	if len(calls) != 1 || !strings.HasPrefix(calls[0], "singapore: ") || !strings.Contains(calls[0], "capella") {
		t.Errorf("searches %q, want one within singapore with the answer's words", calls)
	}
	for _, p := range ans.Passages {
		if p.Source == "c.md" {
			t.Errorf("an untagged passage was cited over tagged ones: %+v", ans.Passages)
		}
	}
}

func TestNotFound(t *testing.T) {
	a := defaultAnswerer(t, fakeSearch(nil))
	for _, q := range []string{
		"",
		"   ",
		"Who won the 2020 Super Bowl?",
		"What is the capital of France?",
		"How long did the Hanoi summit's lunch last?",
		"What did Kim eat for dessert in Singapore?",
		"Where did Kim stay in Hanoi?",
		"What did North Korea ask for at the DMZ meeting?",
		"When did Trump and Kim meet for the fifth time?",
		"Is Singapore a good place to live?",
		"How long was the fourth meeting's dinner?",
	} {
		ans, err := a.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Found || ans.Text != "" || len(ans.Passages) != 0 {
			t.Errorf("%q: got %+v, want not found", q, ans)
		}
	}
}

func TestUnsupportedAnswerIsNotFound(t *testing.T) {
	// A search that finds nothing tagged with the event cannot back the
	// catalogue's fact, so the fact is not stated.
	untagged := func(ctx context.Context, text, event string, limit int) ([]corpus.Hit, error) {
		return []corpus.Hit{{Passage: corpus.Passage{Source: "x.md", Text: "unrelated", Events: []string{"other"}}}}, nil
	}
	a := defaultAnswerer(t, untagged)
	ans, err := a.Answer(context.Background(), "When was the Hanoi summit?")
	if err != nil {
		t.Fatal(err)
	}
	if ans.Found || ans.Text != "" || !slices.Equal(ans.Events, []string{"hanoi"}) || ans.Kind != KindWhen {
		t.Errorf("got %+v, want not found about hanoi", ans)
	}
}

func TestSearchError(t *testing.T) {
	boom := errors.New("index closed")
	a := defaultAnswerer(t, func(ctx context.Context, text, event string, limit int) ([]corpus.Hit, error) {
		return nil, boom
	})
	if _, err := a.Answer(context.Background(), "When was the Hanoi summit?"); !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := defaultAnswerer(t, fakeSearch(nil)).Answer(ctx, "When was the Hanoi summit?"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestNilSearchAndCatalogue(t *testing.T) {
	a := defaultAnswerer(t, nil)
	ans, err := a.Answer(context.Background(), "Where was the Hanoi summit?")
	if err != nil || !ans.Found || !strings.Contains(ans.Text, "Sofitel Legend Metropole") || ans.Passages != nil {
		t.Errorf("nil search: %+v, %v", ans, err)
	}
	empty := New(nil, fakeSearch(nil))
	if ans, err := empty.Answer(context.Background(), "Where was the Hanoi summit?"); err != nil || ans.Found {
		t.Errorf("nil catalogue: %+v, %v", ans, err)
	}
}

func TestHostileInput(t *testing.T) {
	a := defaultAnswerer(t, fakeSearch(nil))
	long := strings.Repeat("When was the Hanoi summit? ", 250) // 6,750 characters
	for _, q := range []string{
		long,
		"\xff\xfe When was the \x00Hanoi\x1b[31m summit?",
		"@everyone **when** was the `hanoi` summit? <@123> <:pepe:456>",
		"when\u200b was the hanoi\u202e summit",
	} {
		ans, err := a.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(ans.Question) || utf8.RuneCountInString(ans.Question) > maxQuestionRunes {
			t.Errorf("question kept as %q", ans.Question)
		}
		if !ans.Found || !strings.Contains(ans.Text, "27–28 February 2019") {
			t.Errorf("%.60q: got %+v", q, ans)
		}
	}
}

func TestWords(t *testing.T) {
	for _, tt := range [][2]string{
		{"crossed", "cross"}, {"crossing", "cross"}, {"stepped", "step"}, {"collapsed", "collaps"},
		{"collapse", "collaps"}, {"agreed", "agree"}, {"agree", "agree"}, {"meetings", "meet"},
		{"summits", "summit"}, {"talks", "talk"}, {"us", "us"}, {"hanoi", "hanoi"}, {"2019", "2019"},
		{"싱가포르에서", "싱가포르에서"},
	} {
		if got := stem(tt[0]); got != tt[1] && stem(tt[1]) != got {
			t.Errorf("stem(%q) = %q, want the stem of %q", tt[0], got, tt[1])
		}
	}
	if got := sentences("One. Two? Three 12.5 and U.S. four. 다섯. 여섯"); len(got) != 5 {
		t.Errorf("sentences: %q", got)
	}
}
