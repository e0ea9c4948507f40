package answer

import (
	"context"
	"os"
	"testing"

	"github.com/summitbot/summitbot/corpus"
)

// apollo is the test catalogue of three Apollo-era US–Soviet summits.
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
		{apollo, "how many times did nixon and brezhnev meet", "Nixon and Brezhnev have met once: the Moscow Summit of 1972 on 22–30 May 1972.", true},
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
