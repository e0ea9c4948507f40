package answer

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/corpus"
)

// apollo is the test catalogue of four Apollo-era US–Soviet summits.
func apollo(t *testing.T) *corpus.Catalogue {
	t.Helper()
	data, err := os.ReadFile("../corpus/testdata/apollo/events.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := corpus.ParseCatalogue(data)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// Counts come from the catalogue's leaders: only the named pair's
// meetings count, named as the catalogue names them, and a leader who met
// several others is no pair to count.
func TestCountsFollowTheCatalogue(t *testing.T) {
	tests := []struct {
		cat       func(*testing.T) *corpus.Catalogue
		q, want   string
		answerful bool
	}{
		{apollo, "how many times did nixon and brezhnev meet", "Nixon and Brezhnev have met twice: the Moscow Summit of 1972 on 22–30 May 1972 and the Washington Summit of 1973 on 18–25 June 1973.", true},
		{apollo, "how many times did ford and brezhnev meet?", "Ford and Brezhnev have met once: the Vladivostok Summit on 23–24 November 1974.", true},
		{apollo, "how many times has brezhnev met an american president", "", false},
		{mustDefault, "how many times have trump and kim met",
			"Trump and Kim have met three times: the Singapore summit on 12 June 2018, the Hanoi summit on 27–28 February 2019 and the DMZ meeting at Panmunjom on 30 June 2019.", true},
	}
	for _, tt := range tests {
		a := New(tt.cat(t), nil)
		ans, err := a.Answer(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Found != tt.answerful {
			t.Errorf("%q: found = %v, want %v (%q)", tt.q, ans.Found, tt.answerful, ans.Text)
			continue
		}
		if tt.answerful && (len(ans.Text) < len(tt.want) || ans.Text[:len(tt.want)] != tt.want) {
			t.Errorf("%q:\n got %q\nwant %q", tt.q, ans.Text, tt.want)
		}
	}
}

func mustDefault(t *testing.T) *corpus.Catalogue {
	t.Helper()
	cat, err := corpus.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// What a party the catalogue has no side for asked is not answered with
// the sides' demands: "what did China ask for" is not what Washington and
// Pyongyang asked.
func TestAskedByAnotherParty(t *testing.T) {
	a := New(mustDefault(t), nil)
	for _, q := range []string{"What did China ask for at Hanoi?", "what did south korea want at the hanoi summit"} {
		ans, err := a.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Found {
			t.Errorf("%q answered from the sides' demands: %q", q, ans.Text)
		}
	}
	ans, err := a.Answer(context.Background(), "What did North Korea ask for at Hanoi?")
	if err != nil {
		t.Fatal(err)
	}
	hanoi, _ := mustDefault(t).Event("hanoi")
	if !ans.Found || ans.Text != hanoi.Asked["dprk"] {
		t.Errorf("North Korea's demands at Hanoi: %q, want %q", ans.Text, hanoi.Asked["dprk"])
	}
}

// The answerer's words of the subject come from the catalogue: its
// leaders' names, sides, context phrases, not-events and abbreviations.
// Over the Apollo-era catalogue the Korean subject's words are ordinary
// unknown words, and the Apollo-era ones do what the Korean ones do over
// the built-in catalogue.
func TestSubjectWordsComeFromTheCatalogue(t *testing.T) {
	apolloCat, builtin := apollo(t), mustDefault(t)
	glassboro, _ := apolloCat.Event("glassboro")
	hanoi, _ := builtin.Event("hanoi")
	tests := []struct {
		name   string
		cat    *corpus.Catalogue
		q      string
		found  bool
		events []string // the answer's events; nil for none
		text   string   // the answer's text starts with it
	}{
		{"the built-in leaders are no one here", apolloCat, "How many times did Trump and Kim meet?", false, nil, ""},
		{"nor are they filler of an ordinal", apolloCat, "the second trump-kim summit", false, nil, ""},
		{"the catalogue's leaders stand between an ordinal and its noun, and count their own meetings", apolloCat, "when was the second nixon-brezhnev summit", true,
			[]string{"washington73"}, "The Washington Summit of 1973 took place on 18–25 June 1973"},
		{"as the built-in ones do", builtin, "the second trump-kim summit", true, []string{"hanoi"}, "The second Trump–Kim summit"},
		{"a not-event names no event", apolloCat, "when were the moscow olympics", false, nil, ""},
		{"a built-in not-event", builtin, "what is the panmunjom declaration", false, nil, ""},
		{"in Korean", builtin, "판문점 선언은 뭐야", false, nil, ""},
		{"an abbreviation reads as its side", apolloCat, "what did the ussr want at glassboro", true, []string{"glassboro"}, glassboro.Asked["ussr"]},
		{"a built-in abbreviation", builtin, "what did nk want at hanoi", true, []string{"hanoi"}, hanoi.Asked["dprk"]},
		{"a leader's name misspelt", apolloCat, "when did ford meet brezhnov", true, []string{"vladivostok"}, "Ford and Brezhnev have met once"},
		{"a Korean word of the subject names no event", builtin, "북미 정상회담은 몇 번 열렸어", true,
			[]string{"singapore", "hanoi", "dmz"}, "Trump and Kim have met three times"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans, err := New(tt.cat, nil).Answer(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if ans.Found != tt.found || !slices.Equal(ans.Events, tt.events) || !strings.HasPrefix(ans.Text, tt.text) {
				t.Errorf("%q: found %v, events %q, text %q;\nwant found %v, events %q, text %q…", tt.q, ans.Found, ans.Events, ans.Text, tt.found, tt.events, tt.text)
			}
		})
	}
}

// A question is about the subject when it speaks of summits or names the
// catalogue's leaders or one of its context phrases, in English or in
// Korean: the Korean subject's words make no question about another.
func TestContextComesFromTheCatalogue(t *testing.T) {
	apolloCat, builtin := New(apollo(t), nil), New(mustDefault(t), nil)
	tests := []struct {
		q               string
		apollo, builtin bool
	}{
		{"is détente over", true, false},
		{"what did the kremlin say", true, false},
		{"what about brezhnev", true, false},
		{"what about trump and kim", false, true},
		{"what did pyongyang say", false, true},
		{"tell me about north korea", false, true},
		{"소련은 어땠어", true, false},
		{"북미는 어땠어", false, true},
		{"김정은이 뭐라고 했어", false, true},
		{"how many summits were there", true, true}, // summits, whatever the subject
		{"회담은 어땠어", true, true},
		{"what is the weather like", false, false},
	}
	for _, tt := range tests {
		if got := apolloCat.parse(tt.q).context; got != tt.apollo {
			t.Errorf("%q over the Apollo-era catalogue: context %v, want %v", tt.q, got, tt.apollo)
		}
		if got := builtin.parse(tt.q).context; got != tt.builtin {
			t.Errorf("%q over the built-in catalogue: context %v, want %v", tt.q, got, tt.builtin)
		}
	}
}

// pairs is a catalogue of the meetings of several pairs of leaders, listed
// out of date order: Trump and Kim, Moon and Kim, Xi and Kim, Putin and
// Kim.
func pairs(t *testing.T) *corpus.Catalogue {
	t.Helper()
	cat, err := corpus.ParseCatalogue([]byte(`
short_names: {Kim Jong-un: Kim, Moon Jae-in: Moon, Xi Jinping: Xi}
events:
  - {id: putin2024, name: Putin's visit to Pyongyang, start: 2024-06-19, place: Pyongyang, participants: [Vladimir Putin, Kim Jong-un]}
  - {id: singapore, name: Singapore summit, start: 2018-06-12, place: Singapore, participants: [Donald Trump, Kim Jong-un]}
  - {id: putin2019, name: Vladivostok summit, start: 2019-04-25, place: Vladivostok, participants: [Kim Jong-un, Vladimir Putin], aliases: [vladivostok]}
  - {id: hanoi, name: Hanoi summit, start: 2019-02-27, end: 2019-02-28, place: Hanoi, participants: [Donald Trump, Kim Jong-un], aliases: [hanoi]}
  - {id: xi2018, name: Kim's visit to Beijing, start: 2018-03-25, end: 2018-03-28, place: Beijing, participants: [Kim Jong-un, Xi Jinping]}
  - {id: dmz, name: DMZ meeting, start: 2019-06-30, place: Panmunjom, participants: [Donald Trump, Kim Jong-un, Moon Jae-in], aliases: [panmunjom]}
  - {id: moon2018a, name: April inter-Korean summit, start: 2018-04-27, place: Panmunjom, participants: [Moon Jae-in, Kim Jong-un]}
  - {id: putin2023, name: Vostochny summit, start: 2023-09-13, place: Vostochny Cosmodrome, participants: [Kim Jong-un, Vladimir Putin]}
  - {id: xi2019, name: Xi's visit to Pyongyang, start: 2019-06-20, end: 2019-06-21, place: Pyongyang, participants: [Xi Jinping, Kim Jong-un]}
  - {id: moon2018b, name: May inter-Korean summit, start: 2018-05-26, place: Panmunjom, participants: [Moon Jae-in, Kim Jong-un]}
  - {id: moon2018c, name: Pyongyang inter-Korean summit, start: 2018-09-18, end: 2018-09-20, place: Pyongyang, participants: [Moon Jae-in, Kim Jong-un]}
`))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// A question about two leaders is answered from their meetings only, in
// date order, named as the catalogue names them: another pair's meetings
// are neither counted nor listed, and a leader who met several others is
// no pair.
func TestMeetingsOfAPair(t *testing.T) {
	tests := []struct {
		cat    func(*testing.T) *corpus.Catalogue
		q      string
		found  bool
		events []string
		text   string // the whole answer when found
	}{
		{pairs, "when did kim meet putin", true, []string{"putin2019", "putin2023", "putin2024"},
			"Kim and Putin have met three times: the Vladivostok summit on 25 April 2019, the Vostochny summit on 13 September 2023 and Putin's visit to Pyongyang on 19 June 2024."},
		{pairs, "how many times has kim met putin?", true, []string{"putin2019", "putin2023", "putin2024"},
			"Kim and Putin have met three times: the Vladivostok summit on 25 April 2019, the Vostochny summit on 13 September 2023 and Putin's visit to Pyongyang on 19 June 2024."},
		{pairs, "has kim ever met xi", true, []string{"xi2018", "xi2019"},
			"Kim and Xi have met twice: Kim's visit to Beijing on 25–28 March 2018 and Xi's visit to Pyongyang on 20–21 June 2019."},
		{pairs, "how many times have trump and kim met", true, []string{"singapore", "hanoi", "dmz"},
			"Trump and Kim have met three times: the Singapore summit on 12 June 2018, the Hanoi summit on 27–28 February 2019 and the DMZ meeting on 30 June 2019."},
		{pairs, "when did moon and kim meet", true, []string{"moon2018a", "moon2018b", "moon2018c"},
			"Moon and Kim have met three times: the April inter-Korean summit on 27 April 2018, the May inter-Korean summit on 26 May 2018 and the Pyongyang inter-Korean summit on 18–20 September 2018."},
		{pairs, "how many summits has kim held", false, nil, ""},
		{pairs, "when did kim meet putin in 2019", true, []string{"putin2019"}, "The Vladivostok summit took place on 25 April 2019 in Vladivostok."},
		{pairs, "did trump and kim meet in vladivostok", false, nil, ""},
		{pairs, "when did trump, kim and moon meet at panmunjom", true, []string{"dmz"}, "The DMZ meeting took place on 30 June 2019 in Panmunjom."},
		{pairs, "has trump ever met xi", false, nil, ""},
		{pairs, "when was putin's visit to pyongyang", true, []string{"putin2024"}, "Putin's visit to Pyongyang took place on 19 June 2024 in Pyongyang."},
		{apollo, "when did Ford meet Brezhnev", true, []string{"vladivostok"}, "Ford and Brezhnev have met once: the Vladivostok Summit on 23–24 November 1974."},
		{apollo, "how many summits has brezhnev held", false, nil, ""},
		{apollo, "when did nixon and brezhnev meet in vladivostok", false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			ans, err := New(tt.cat(t), nil).Answer(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if ans.Found != tt.found || !slices.Equal(ans.Events, tt.events) || ans.Text != tt.text {
				t.Errorf("%q: found %v, events %q, text %q;\nwant found %v, events %q, text %q", tt.q, ans.Found, ans.Events, ans.Text, tt.found, tt.events, tt.text)
			}
		})
	}
}

// The names nearly every passage holds are the primary pair's, the sides'
// and the abbreviations'; another pair's leader is a name an ordinal may
// stand beside, and what a question asks about.
func TestCommonNamesAreThePrimaryPairs(t *testing.T) {
	cat := mustDefault(t)
	v := newVocabulary(cat)
	tests := []struct {
		w            string
		name, common bool
	}{
		{"trump", true, true},
		{"kim", true, true},
		{"korea", true, true},
		{"xi", true, false},
		{"jinping", true, false},
		{"putin", true, false},
		{"moon", true, false},
		{"bolton", false, false},
	}
	for _, tt := range tests {
		if v.names[tt.w] != tt.name || v.common[tt.w] != tt.common {
			t.Errorf("%q: name %v, common %v; want %v, %v", tt.w, v.names[tt.w], v.common[tt.w], tt.name, tt.common)
		}
	}
	a := New(cat, nil)
	p := a.newProbe(a.parse("What did Bolton say about Trump, Xi Jinping and the coronavirus?"))
	weights := map[string]float64{}
	for _, w := range p.words {
		weights[w.raw] = w.weight
	}
	if weights["xi"] < 1 || weights["jinping"] < 1 || weights["trump"] >= 1 {
		t.Errorf("weights %v: want Xi Jinping asked about, Trump the subject at large", weights)
	}
}
