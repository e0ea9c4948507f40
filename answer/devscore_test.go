package answer

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/corpus"
)

// devOutcome is how one question of a development set went.
type devOutcome struct {
	q      devQuestion
	ans    Answer
	why    string // "" when right
	forged []string
}

// scoreDevSet answers every question of the sets named and checks each
// against its pin: a question is right when every fact is in the answer
// (its text and quote, not only the sources) or, for a decline, when
// nothing is Found. Every Found answer is also checked for invented facts:
// each number and name must stand in a cited passage or in the catalogue
// entry of an event it speaks of. SUMMITBOT_DEV_REPORT=1 prints every
// outcome (to judge a blind set, or re-pin after a change). It prints the
// figure, "label: right/total", which the README states.
func scoreDevSet(t *testing.T, a *Answerer, cat *corpus.Catalogue, label string, names ...string) {
	t.Helper()
	right, total := 0, 0
	defer func() {
		line := fmt.Sprintf("%s: %d/%d = %.1f%%", label, right, total, 100*float64(right)/float64(max(total, 1)))
		t.Log(line)
		fmt.Println(line)
	}()
	report := os.Getenv("SUMMITBOT_DEV_REPORT") != ""
	for _, name := range names {
		for _, q := range loadDevSet(t, name) {
			ans, err := a.Answer(context.Background(), q.Question)
			if err != nil {
				t.Errorf("%s: %q: %v", name, q.Question, err)
				continue
			}
			o := devOutcome{q: q, ans: ans, why: devWrong(q, ans)}
			if ans.Found {
				o.forged = invention(ans, cat)
			}
			total++
			if o.why == "" {
				right++
			}
			if report {
				fmt.Printf("%s\t%v\t%q\t%s\n\t%q\n\t%q\n", name, o.why == "", q.Question, o.why, ans.Text, ans.Quote)
			}
			if len(o.forged) > 0 {
				t.Errorf("%s: %q: the answer states %q, which no cited passage or catalogue entry holds: %q", name, q.Question, o.forged, ans.Text)
			}
			switch {
			case q.Passes == nil:
				t.Errorf("%s: %q has no \"passes\" pin (outcome now: right=%v %s)", name, q.Question, o.why == "", o.why)
			case *q.Passes && o.why != "":
				t.Errorf("REGRESSED %s: %q: %s\n\ttext %q\n\tquote %q", name, q.Question, o.why, ans.Text, ans.Quote)
			case !*q.Passes && o.why == "":
				t.Errorf("FIXED %s: %q now passes (was: %s): pin it and update the README figure", name, q.Question, q.Miss)
			case !*q.Passes && q.Miss == "":
				t.Errorf("%s: %q does not pass: say what goes wrong in \"miss\"", name, q.Question)
			}
		}
	}
}

// devWrong says why ans is wrong for q, or "" when it is right.
func devWrong(q devQuestion, ans Answer) string {
	if q.Decline {
		if ans.Found {
			return "answered a question it should decline"
		}
		return ""
	}
	if !ans.Found {
		return "declined"
	}
	said := ans.Text + " " + ans.Quote
	for _, f := range q.Facts {
		if !factHolds(f, said) {
			return fmt.Sprintf("lacks %q", f)
		}
	}
	return ""
}

// invention returns the numbers and capitalised names of the answer's
// text and quote that appear neither in a passage it cites nor in the
// catalogue entry of one of its events.
func invention(ans Answer, cat *corpus.Catalogue) []string {
	var b strings.Builder
	add := func(s string) {
		b.WriteString(" ")
		b.WriteString(strings.Join(splitWords(s), " "))
		for _, m := range numberRE.FindAllStringSubmatch(s, -1) {
			b.WriteString(" " + m[1]) // "2차" holds the number 2
		}
	}
	for _, p := range ans.Passages {
		add(p.Title)
		add(p.Text)
	}
	for _, id := range ans.Events {
		if e, ok := cat.Event(id); ok {
			for _, s := range eventTexts(cat, e) {
				add(s)
			}
		}
	}
	if ans.Kind == KindGeneral || len(ans.Events) > 1 || strings.Contains(ans.Text, " met ") {
		// an overview speaks of every event
		for _, e := range cat.Events {
			add(e.Name)
			add(e.Dates())
			add(e.Brief)
		}
	}
	b.WriteString(" ")
	f := &facts{words: map[string]bool{}, text: b.String()}
	for _, w := range strings.Fields(f.text) {
		f.words[w] = true
	}
	return append(f.invented(ans.Text), f.invented(ans.Quote)...)
}

// TestBuiltinDevSet scores the casual set over the embedded corpus: each
// question's outcome is pinned, and the figure is the README's.
func TestBuiltinDevSet(t *testing.T) {
	x, a := openIndex(t)
	scoreDevSet(t, a, x.Catalogue(), "built-in development set", "casual.json", "blind-builtin.json")
}
