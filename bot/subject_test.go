package bot

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/corpus"
)

// koreanSubject are words of the built-in subject that must not reach a
// reply about another one.
var koreanSubject = regexp.MustCompile(`(?i)trump|kim|hanoi|singapore|dmz|korea|panmunjom|yongbyon|sanctions|트럼프|김정은|하노이|싱가포르|판문점|북미`)

// apolloBot is a bot over the test catalogue of three Apollo-era US–Soviet
// summits, with no code change.
func apolloBot(t *testing.T) (*Bot, *corpus.Catalogue) {
	t.Helper()
	data, err := os.ReadFile("../corpus/testdata/apollo/events.yaml") // shared with answer's tests
	if err != nil {
		t.Fatal(err)
	}
	cat, err := corpus.ParseCatalogue(data)
	if err != nil {
		t.Fatal(err)
	}
	f := newFake()
	f.cat = cat
	f.hits = nil // the passages are not what this test is about
	b, _ := newTestBot(t, f)
	return b, cat
}

// The help, the timeline's title, the event option, autocomplete and the
// error examples come from the catalogue: over another subject they say
// nothing of the Korean one.
func TestRepliesFollowTheCatalogueSubject(t *testing.T) {
	b, cat := apolloBot(t)
	tests := []struct {
		line string
		o    SimOptions
		want []string
	}{
		{"/help", SimOptions{}, []string{
			"summitbot — the US–Soviet summits of the Apollo era, with sources",
			"Events: glassboro (1967), moscow72 (1972), washington73 (1973), vladivostok (1974)",
			"/ask question:When did Ford meet Brezhnev in Vladivostok?",
			"@summitbot what did Nixon sign in Moscow?",
			"/summit event:moscow72", "/summit event:washington73 query:grain deal",
			"/search query:détente", "/search query:arms control event:glassboro",
		}},
		{"/help", SimOptions{Locale: "ko"}, []string{"summitbot — 아폴로 시대 미소 정상회담, 출처와 함께", "행사: glassboro (1967)"}},
		{"/timeline", SimOptions{}, []string{"The US–Soviet summits of the Apollo era", "Glassboro Summit Conference"}},
		{"/summit event:글래스버러", SimOptions{Locale: "ko"}, []string{"글래스버러 정상회담", `"color": 1752220`}},
		{"/summit event:glass", SimOptions{Focus: "event"}, []string{"Glassboro Summit Conference — 23–25 June 1967"}},
		// A third language is data: the catalogue's Japanese name reaches a
		// Japanese reader, in a reply whose own words stay English.
		{"/summit event:グラスボロ首脳会談", SimOptions{Locale: "ja"}, []string{"グラスボロ首脳会談", "23–25 June 1967", "When"}},
		{"/summit event:グラス", SimOptions{Focus: "event", Locale: "ja"}, []string{"グラスボロ首脳会談 — 23–25 June 1967"}},
		{"/search query:", SimOptions{Focus: "query"}, []string{"détente", "ABM Treaty", "Moscow Summit of 1972"}},
		// One leader's meetings: the option offers the catalogue's leaders.
		{"/timeline with:bre", SimOptions{Focus: "with"}, []string{`"name": "Leonid Brezhnev (3)"`, `"value": "Leonid Brezhnev"`}},
		{"/timeline with:brezhnev", SimOptions{}, []string{"The US–Soviet summits of the Apollo era: Leonid Brezhnev", "Moscow Summit of 1972", "Vladivostok Summit"}},
		{"/timeline with:nobody", SimOptions{}, []string{"No event of mine was led by “nobody”. Try one of: Leonid Brezhnev, Richard Nixon, Alexei Kosygin, Gerald Ford, Lyndon B. Johnson."}},
	}
	for _, tt := range tests {
		resp := simulate(t, b, tt.line, tt.o)
		raw, err := json.MarshalIndent(resp, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got := string(raw)
		if m := koreanSubject.FindString(got); m != "" {
			t.Errorf("%s (%s): %q of the built-in subject leaked into the reply:\n%s", tt.line, tt.o.Locale, m, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s (%s): reply lacks %q:\n%s", tt.line, tt.o.Locale, w, got)
			}
		}
	}
	for _, tx := range []*texts{english, korean} {
		for _, s := range []string{tx.mentionHelpFor(cat), tx.noQuestion(cat), tx.noQuery(cat)} {
			if m := koreanSubject.FindString(s); m != "" {
				t.Errorf("%q of the built-in subject in %q", m, s)
			}
		}
	}
	cmds, err := json.Marshal(Commands(cat))
	if err != nil {
		t.Fatal(err)
	}
	if m := koreanSubject.FindString(string(cmds)); m != "" {
		t.Errorf("%q of the built-in subject in the commands: %s", m, cmds)
	}
	if !strings.Contains(string(cmds), "glassboro (1967), moscow72 (1972), washington73 (1973), vladivostok (1974)") {
		t.Errorf("the event option does not list the catalogue's events: %s", cmds)
	}
}

// A catalogue with more events than an option's description holds says to
// type instead, within Discord's 100 runes.
func TestEventOptionDescriptionFits(t *testing.T) {
	cat := &corpus.Catalogue{}
	for i := range 20 {
		cat.Events = append(cat.Events, &corpus.Event{ID: "event-number-" + string(rune('a'+i)), Name: "E"})
	}
	for _, tx := range []*texts{english, korean} {
		d := eventsDescription(tx, cat)
		if n := len([]rune(d)); n < 1 || n > 100 {
			t.Errorf("description of %d runes: %q", n, d)
		}
		if d != tx.optionTypeEvent {
			t.Errorf("description %q, want %q", d, tx.optionTypeEvent)
		}
	}
}
