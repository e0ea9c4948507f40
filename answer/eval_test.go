package answer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/summitbot/summitbot/corpus"
)

// evalQuestion is one case of testdata/questions.json.
type evalQuestion struct {
	Question    string   `json:"question"`
	Event       string   `json:"event"` // "" when the corpus cannot answer
	Kind        Kind     `json:"kind"`
	MustContain []string `json:"must_contain"`
	// Passes pins the outcome: whether the question is answered right (or,
	// for an unanswerable one, declined) today. Every question states it.
	Passes *bool `json:"passes"`
	// Miss says what goes wrong with a question that does not pass.
	Miss string `json:"miss"`
}

func loadQuestions(t testing.TB) []evalQuestion {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "questions.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Comment   string         `json:"comment"`
		Questions []evalQuestion `json:"questions"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt "passes" must not go unnoticed
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	for _, q := range doc.Questions {
		switch {
		case q.Passes == nil:
			t.Fatalf("%q: no \"passes\": every question pins its outcome", q.Question)
		case *q.Passes && q.Miss != "":
			t.Fatalf("%q passes but has a miss note", q.Question)
		case !*q.Passes && q.Miss == "":
			t.Fatalf("%q does not pass: say what goes wrong in \"miss\"", q.Question)
		}
	}
	return doc.Questions
}

// TestAccuracy answers every question of testdata/questions.json with the
// real in-memory index over the embedded corpus. A question is right when
// its first event is the expected one and the text holds every
// must_contain string, or, for an unanswerable one, when it is not Found.
// Each question's outcome is pinned by its "passes": one question that
// flips either way fails the test, so the accuracy it prints (the figure
// the README states) cannot change unnoticed.
func TestAccuracy(t *testing.T) {
	qs := loadQuestions(t)
	answerable, unanswerable := 0, 0
	for _, q := range qs {
		if q.Event == "" {
			unanswerable++
		} else {
			answerable++
		}
	}
	if answerable < 45 || unanswerable < 5 {
		t.Errorf("testdata has %d answerable and %d unanswerable questions, want >= 45 and >= 5", answerable, unanswerable)
	}
	_, a := openIndex(t)
	facts := loadFacts(t)
	ctx := context.Background()
	right, pinned := 0, 0
	for _, q := range qs {
		if *q.Passes {
			pinned++
		}
		ans, err := a.Answer(ctx, q.Question)
		if err != nil {
			t.Errorf("%q: %v", q.Question, err)
			continue
		}
		why := wrong(q, ans)
		switch {
		case why == "" && *q.Passes:
			right++
		case why == "":
			right++
			t.Errorf("FIXED %q now passes (was: %s): set \"passes\": true, drop its \"miss\" and update the README figure", q.Question, q.Miss)
		case *q.Passes:
			t.Errorf("REGRESSED %q: %s\n\tgot events %v kind %s found %v: %q", q.Question, why, ans.Events, ans.Kind, ans.Found, ans.Text)
		default:
			t.Logf("known miss %q: %s (%s)", q.Question, why, q.Miss)
		}
		if q.Kind != "" && ans.Found && ans.Kind != q.Kind {
			t.Logf("kind of %q is %s, expected %s (not scored)", q.Question, ans.Kind, q.Kind)
		}
		if ans.Found {
			checkFound(t, ans)
			if bad := facts.invented(ans.Text); len(bad) > 0 {
				t.Errorf("%q: answer states %q, found in neither the corpus nor the catalogue: %q", q.Question, bad, ans.Text)
			}
		}
	}
	line := fmt.Sprintf("answer accuracy: %d/%d = %.1f%%", right, len(qs), 100*float64(right)/float64(len(qs)))
	t.Log(line)
	fmt.Println(line)
	if right != pinned {
		t.Errorf("%s, but testdata/questions.json pins %d/%d", line, pinned, len(qs))
	}
}

// wrong says why an answer is wrong for q, or "" when it is right.
func wrong(q evalQuestion, ans Answer) string {
	if q.Event == "" {
		if ans.Found {
			return "answered a question the corpus cannot answer"
		}
		return ""
	}
	if !ans.Found {
		return "not found"
	}
	if len(ans.Events) == 0 || ans.Events[0] != q.Event {
		return fmt.Sprintf("event %v, want %s first", ans.Events, q.Event)
	}
	lower := strings.ToLower(ans.Text)
	for _, m := range q.MustContain {
		if !strings.Contains(lower, strings.ToLower(m)) {
			return fmt.Sprintf("text lacks %q", m)
		}
	}
	return ""
}

// checkFound checks what every Found answer promises the bot.
func checkFound(t *testing.T, ans Answer) {
	t.Helper()
	if ans.Text == "" || !utf8.ValidString(ans.Text) || utf8.RuneCountInString(ans.Text) > maxTextRunes {
		t.Errorf("%q: bad text %q", ans.Question, ans.Text)
	}
	if n := len(sentences(ans.Text)); n > 2 {
		t.Errorf("%q: %d sentences, want 1 or 2: %q", ans.Question, n, ans.Text)
	}
	if len(ans.Passages) == 0 || len(ans.Passages) > maxPassages {
		t.Errorf("%q: %d passages, want 1-%d", ans.Question, len(ans.Passages), maxPassages)
	}
	if !anyTagged(ans.Passages, ans.Events) {
		t.Errorf("%q: no passage is tagged with %v", ans.Question, ans.Events)
	}
	for _, p := range ans.Passages {
		if p.Source == "" || p.Text == "" {
			t.Errorf("%q: empty passage %+v", ans.Question, p)
		}
	}
}

// facts holds the words of the embedded corpus and of the catalogue, to
// check that an answer invents no number or name.
type facts struct {
	words map[string]bool // words as written, case kept
	text  string          // " w1 w2 … " of all texts, case kept
}

func loadFacts(t testing.TB) *facts {
	t.Helper()
	c, err := corpus.Load(context.Background(), corpus.Builtin(), corpus.LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	add := func(s string) {
		b.WriteString(" ")
		b.WriteString(strings.Join(splitWords(s), " "))
	}
	for _, p := range c.Passages {
		add(p.Title)
		add(p.Text)
	}
	for _, e := range c.Catalogue.Events {
		for _, s := range eventTexts(c.Catalogue, e) {
			add(s)
		}
	}
	b.WriteString(" ")
	f := &facts{words: map[string]bool{}, text: b.String()}
	for _, w := range strings.Fields(f.text) {
		f.words[w] = true
	}
	return f
}

// invented returns the numbers and capitalised names of text (runs of
// capitalised words, like "Sofitel Legend Metropole") that appear nowhere
// in the corpus or catalogue. A sentence's first word may be capitalised
// only because it comes first.
func (f *facts) invented(text string) []string {
	var bad []string
	for _, s := range sentences(text) {
		for _, m := range numberRE.FindAllStringSubmatch(s, -1) {
			w := m[1]
			if m[2] != "" { // Korean "6월" is June
				if n, err := strconv.Atoi(w); err == nil && n >= 1 && n <= 12 {
					w = time.Month(n).String()
				}
			}
			if !f.words[w] {
				bad = append(bad, m[0])
			}
		}
		for _, loc := range nameRE.FindAllStringIndex(s, -1) {
			if r, _ := utf8.DecodeLastRuneInString(s[:loc[0]]); unicode.IsLetter(r) || unicode.IsDigit(r) {
				continue // inside a word: "iPad", "McCain"
			}
			run := splitWords(s[loc[0]:loc[1]])
			if loc[0] == 0 && !f.has(run) {
				run = run[1:] // "The Hanoi summit", "No agreement"
				for len(run) > 0 && !startsUpper(run[0]) {
					run = run[1:] // the rest of a hyphenated first word
				}
			}
			if len(run) > 0 && !f.has(run) {
				bad = append(bad, strings.Join(run, " "))
			}
		}
	}
	return bad
}

var (
	// a number; Korean attaches units ("2018년"), which are not part of it
	numberRE = regexp.MustCompile(`(\d+)(월)?`)
	// capitalised words ("Jong-un" is one) joined by single spaces only, so
	// that "Sentosa Island, Singapore" is two runs
	nameRE = regexp.MustCompile(`\p{Lu}[\p{L}\p{N}]*(?:[-–'’][\p{L}\p{N}]+)*(?: \p{Lu}[\p{L}\p{N}]*(?:[-–'’][\p{L}\p{N}]+)*)*`)
)

func (f *facts) has(run []string) bool {
	return strings.Contains(f.text, " "+strings.Join(run, " ")+" ")
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// TestCatalogueFactsInCorpus checks the answer fields of the embedded
// catalogue the same way: every number and name they state is in the
// articles themselves, not only in the catalogue.
func TestCatalogueFactsInCorpus(t *testing.T) {
	c, err := corpus.Load(context.Background(), corpus.Builtin(), corpus.LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, p := range c.Passages {
		b.WriteString(" " + strings.Join(splitWords(p.Title), " ") + " " + strings.Join(splitWords(p.Text), " "))
	}
	b.WriteString(" ")
	f := &facts{words: map[string]bool{}, text: b.String()}
	for _, w := range strings.Fields(f.text) {
		f.words[w] = true
	}
	for _, e := range c.Catalogue.Events {
		fields := map[string]string{"venue": e.Venue, "duration": e.Duration, "brief": e.Brief,
			"attendees": e.Attendees, "signed": e.Signed, "result": e.Result, "next": e.Next, "why": e.Why}
		for side, s := range e.Asked {
			fields["asked."+side] = s
		}
		for name, s := range fields {
			if bad := f.invented(s); len(bad) > 0 {
				t.Errorf("%s.%s states %q, which the articles do not hold", e.ID, name, bad)
			}
		}
	}
}
