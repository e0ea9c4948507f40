package answer

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/corpus"
)

// answerCase is a question and what its answer must be over the
// built-in catalogue, without passages.
type answerCase struct {
	q      string
	found  bool
	events []string // the answer's events; nil for none
	text   string   // the answer's text starts with it
}

// checkAnswers answers each question over the built-in catalogue and
// checks the answer.
func checkAnswers(t *testing.T, tests []answerCase) {
	t.Helper()
	a := New(mustDefault(t), nil)
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			ans, err := a.Answer(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if ans.Found != tt.found || !slices.Equal(ans.Events, tt.events) || !strings.HasPrefix(ans.Text, tt.text) {
				t.Errorf("%q: found %v, events %q, text %q;\nwant found %v, events %q, text %q…", tt.q, ans.Found, ans.Events, ans.Text, tt.found, tt.events, tt.text)
			}
		})
	}
}

// Ordinals, "last", years and months, superlatives and counts range over
// the meetings of the leaders a question names: the built-in catalogue
// holds Kim's meetings with Moon, Xi and Putin beside the Trump–Kim ones.
func TestScopeOfTheLeadersNamed(t *testing.T) {
	checkAnswers(t, []answerCase{
		{"kim's second meeting with xi", true, []string{"dalian"}, "On 7 and 8 May 2018 Kim Jong-un flew to the Chinese port city of Dalian"},
		{"kim's fourth meeting with xi", true, []string{"beijing-2019"}, "From 7 to 10 January 2019"},
		{"when did kim first meet putin", true, []string{"vladivostok"}, "The Vladivostok summit took place on 25 April 2019"},
		{"when did kim meet putin for the first time", true, []string{"vladivostok"}, "The Vladivostok summit took place on 25 April 2019"},
		{"when did kim last meet xi", true, []string{"beijing-2025"}, "The Beijing summit of September 2025 took place on 4 September 2025"},
		{"where did moon and kim meet for the second time", true, []string{"panmunjom-may"}, "The May 2018 inter-Korean summit was held on 26 May 2018"},
		{"when did kim meet xi in june 2018", true, []string{"beijing-june-2018"}, "The Beijing summit of June 2018 took place on 19–20 June 2018"},
		{"kim's first summit", true, []string{"beijing-march-2018"}, "From 25 to 28 March 2018"},
		// three who led no meeting together, but took part in one
		{"when did trump, kim and moon first meet", true, []string{"dmz"}, "The DMZ meeting at Panmunjom took place on 30 June 2019"},
		{"when did kim meet putin", true, []string{"vladivostok", "vostochny", "putin-pyongyang", "putin-beijing-2025"},
			"Putin and Kim have met four times: the Vladivostok summit on 25 April 2019, the Vostochny Cosmodrome summit on 13 September 2023, the Putin state visit to Pyongyang on 19 June 2024 and the Kim–Putin talks in Beijing on 3 September 2025."},
		{"how many times has kim met xi", true, []string{"beijing-march-2018", "dalian", "beijing-june-2018", "beijing-2019", "xi-pyongyang", "beijing-2025"}, "Xi and Kim have met six times: the Beijing summit of March 2018 on 25–28 March 2018, the Dalian summit"},
		{"how many times did moon and kim meet in 2018", true, []string{"panmunjom-april", "panmunjom-may", "pyongyang-2018"},
			"Moon and Kim met three times in 2018: the April 2018 inter-Korean summit on 27 April 2018, the May 2018 inter-Korean summit on 26 May 2018 and the September 2018 inter-Korean summit on 18–20 September 2018."},
		{"how many times did kim meet xi in 2019", true, []string{"beijing-2019", "xi-pyongyang"}, "Xi and Kim met twice in 2019: the Beijing summit of January 2019"},
		{"kim's sixth meeting with xi", true, []string{"beijing-2025"}, "On 4 September 2025, a day after standing beside Xi Jinping and Vladimir Putin"},
		{"the fourth meeting between kim and putin", true, []string{"putin-beijing-2025"}, "On 3 September 2025, after China's military parade in Beijing"},
		{"kim's seventh meeting with xi", false, nil, ""},
		{"the fifth meeting between kim and putin", false, nil, ""},
		{"when did trump and xi meet for the first time", false, nil, ""},
	})
}

// A kind of meeting that the catalogue's names share narrows the scope:
// "the first inter-korean summit".
func TestScopeOfAKindOfMeeting(t *testing.T) {
	checkAnswers(t, []answerCase{
		{"where was the first inter-korean summit", true, []string{"panmunjom-april"}, "The April 2018 inter-Korean summit was held on 27 April 2018"},
		{"where was the third inter-korean summit", true, []string{"pyongyang-2018"}, "The September 2018 inter-Korean summit was held on 18–20 September 2018"},
		{"when was the last inter-korean summit", true, []string{"pyongyang-2018"}, "The September 2018 inter-Korean summit took place on 18–20 September 2018"},
		{"when was the second beijing summit", true, []string{"beijing-june-2018"}, "The Beijing summit of June 2018 took place"},
		{"how many inter-korean summits were there", true, []string{"panmunjom-april", "panmunjom-may", "pyongyang-2018"}, "Moon and Kim have met three times"},
		{"which inter-korean summit was the longest", true, []string{"pyongyang-2018"}, "The September 2018 inter-Korean summit lasted three days"},
		// "Xi and Kim have met three times" would leave out two meetings,
		// and Kim alone has met four leaders
		{"how many beijing summits were there", false, nil, ""},
		{"how many summits has kim held", false, nil, ""},
	})
}

// A question that names neither leaders nor a kind ranges over the
// primary pair's meetings, the leaders of the catalogue's first event
// (Trump and Kim), as it did when the catalogue held nothing else; a
// count or a superlative says whose meetings it counted or compared.
func TestScopeOfThePrimaryPair(t *testing.T) {
	checkAnswers(t, []answerCase{
		{"the second summit", true, []string{"hanoi"}, "The second Trump–Kim summit"},
		{"when was the last summit", true, []string{"dmz"}, "The DMZ meeting at Panmunjom took place on 30 June 2019"},
		{"will there be a fourth", true, []string{"fourth"}, "No fourth meeting has been scheduled"},
		{"the 2018 summit", true, []string{"singapore"}, "On 12 June 2018 at the Capella Hotel"},
		{"what happened in june 2018", true, []string{"singapore"}, "On 12 June 2018 at the Capella Hotel"},
		{"the fifth summit", false, nil, ""},
		{"how many times have trump and kim met", true, []string{"singapore", "hanoi", "dmz"},
			"Trump and Kim have met three times: the Singapore summit on 12 June 2018, the Hanoi summit on 27–28 February 2019 and the DMZ meeting at Panmunjom on 30 June 2019."},
		{"how many times have trump and kim met face to face", true, []string{"singapore", "hanoi", "dmz"}, "Trump and Kim have met three times"},
		{"how many summits were there", true, []string{"singapore", "hanoi", "dmz"}, "Trump and Kim have met three times"},
		{"how many times did trump and kim meet in 2019", true, []string{"hanoi", "dmz"},
			"Trump and Kim met twice in 2019: the Hanoi summit on 27–28 February 2019 and the DMZ meeting at Panmunjom on 30 June 2019."},
		{"which summit was the longest", true, []string{"hanoi"}, "Of the meetings between Trump and Kim, the longest was the Hanoi summit, which lasted two days: it began"},
		{"which summit was the shortest", true, []string{"dmz"}, "Of the meetings between Trump and Kim, the shortest was the DMZ meeting at Panmunjom, which lasted about fifty minutes"},
		{"which trump-kim summit was the longest", true, []string{"hanoi"}, "The Hanoi summit lasted two days"},
	})
}

// A name, an alias or a place names its event whatever its pair, and so
// does a date or a year beside a meeting that no meeting of the scope has.
func TestNamedOutrightWhateverThePair(t *testing.T) {
	checkAnswers(t, []answerCase{
		{"the Vladivostok summit", true, []string{"vladivostok"}, "On 25 April 2019"},
		{"when was the pyongyang summit of september 2018", true, []string{"pyongyang-2018"}, "The September 2018 inter-Korean summit took place on 18–20 September 2018"},
		{"what happened at the 2023 summit", true, []string{"vostochny"}, "On 13 September 2023 Kim Jong-un met Vladimir Putin"},
		// a date in passing is no other pair's meeting: May 2018 is the
		// Dalian summit's and the second inter-Korean summit's, but here
		// only a time, whose year is the Singapore summit's
		{"who did pompeo bring back from pyongyang in may 2018", false, []string{"singapore"}, ""},
	})
}

// A superlative compares only what it can: the held meetings of its scope,
// every one with a span, one of them first.
func TestSuperlativeNeedsEverySpan(t *testing.T) {
	tied, err := corpus.ParseCatalogue([]byte(`
events:
  - {id: a, name: A summit, start: 2001-01-01, span: 24h, participants: [Ann, Bob]}
  - {id: b, name: B summit, start: 2002-01-01, span: 24h, participants: [Ann, Bob]}
  - {id: c, name: C summit, start: 2003-01-01, span: 2h, participants: [Ann, Bob]}
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		cat  *corpus.Catalogue
		q    string
		want string // the event's id; "" for none
	}{
		{mustDefault(t), "which summit was the longest", "hanoi"},
		{mustDefault(t), "which inter-korean summit was the shortest", "panmunjom-may"},
		{mustDefault(t), "which of kim's meetings with xi was the longest", ""},     // two of them have no span
		{mustDefault(t), "which of kim's meetings with putin was the shortest", ""}, // nor two of these
		{tied, "which summit was the shortest", "c"},
		{tied, "which summit was the longest", ""}, // A and B lasted a day each
	}
	for _, tt := range tests {
		a := New(tt.cat, nil)
		e, _ := a.superlative(a.parse(tt.q))
		got := ""
		if e != nil {
			got = e.ID
		}
		if got != tt.want {
			t.Errorf("%q: superlative %q, want %q", tt.q, got, tt.want)
		}
	}
}

// The kinds of meeting are the words that several events' names share,
// never a name of the subject, a date or a meeting noun.
func TestKindsComeFromTheNames(t *testing.T) {
	tests := []struct {
		name string
		cat  *corpus.Catalogue
		want []string
	}{
		{"built-in", mustDefault(t), []string{"beijing", "inter", "visit"}},
		{"apollo", apollo(t), nil},
	}
	for _, tt := range tests {
		v := newVocabulary(tt.cat)
		if got := slices.Sorted(maps.Keys(kindWords(tt.cat, &v))); !slices.Equal(got, tt.want) {
			t.Errorf("%s: kinds %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A question that asks which meeting it was, and names none, is not
// answered from a passage of a meeting beyond its scope.
func TestWhichMeetingKeepsToTheScope(t *testing.T) {
	a := New(mustDefault(t), nil)
	p := a.newProbe(a.parse("which summit was the one on an island"))
	tests := []struct {
		events []string
		want   bool
	}{
		{[]string{"singapore"}, true},
		{nil, true},
		{[]string{"hanoi", "vladivostok"}, false},
		{[]string{"vladivostok"}, false},
	}
	for _, tt := range tests {
		psg := corpus.Hit{Passage: corpus.Passage{Text: "on an island", Events: tt.events}}
		if got := p.onEvent(psg, stemSet(psg.Text)); got != tt.want {
			t.Errorf("passage tagged %q: onEvent %v, want %v", tt.events, got, tt.want)
		}
	}
	for _, q := range []string{"when did north korea blow up the liaison office", "what time did the leaders land"} {
		if p := a.newProbe(a.parse(q)); len(p.beyond) > 0 {
			t.Errorf("%q asks which meeting it was not: beyond %q", q, p.beyond)
		}
	}
}
