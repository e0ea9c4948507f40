package answer

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// devQuestion is one entry of a development or blind question set in
// testdata. Passes and Miss are pins added by whoever tunes the answerer;
// they are accepted but not required.
type devQuestion struct {
	Question string   `json:"question"`
	Corpus   string   `json:"corpus"`
	Facts    []string `json:"facts,omitempty"`
	Evidence []string `json:"evidence,omitempty"`
	Event    string   `json:"event,omitempty"`
	Decline  bool     `json:"decline,omitempty"`
	Passes   *bool    `json:"passes,omitempty"`
	Miss     string   `json:"miss,omitempty"`
}

// devSet is the layout of a question-set file.
type devSet struct {
	Comment   string        `json:"comment"`
	Questions []devQuestion `json:"questions"`
}

// devCorpora are the corpus names a question may name.
var devCorpora = map[string]bool{"news": true, "builtin": true}

// loadDevSet reads testdata/<name> strictly and fails the test on any
// malformed entry.
func loadDevSet(t testing.TB, name string) []devQuestion {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("open dev set: %v", err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	var set devSet
	if err := dec.Decode(&set); err != nil {
		t.Fatalf("%s: decode: %v", name, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		t.Fatalf("%s: trailing data after the JSON object", name)
	}
	if len(set.Questions) == 0 {
		t.Fatalf("%s: no questions", name)
	}
	seen := make(map[string]int, len(set.Questions))
	bad := false
	for i, q := range set.Questions {
		at := func(format string, args ...any) {
			t.Helper()
			bad = true
			t.Errorf("%s: question %d (%q): "+format, append([]any{name, i, q.Question}, args...)...)
		}
		if strings.TrimSpace(q.Question) == "" {
			at("empty question")
		}
		if !devCorpora[q.Corpus] {
			at("unknown corpus %q", q.Corpus)
		}
		if j, dup := seen[q.Question]; dup {
			at("duplicate of question %d", j)
		} else {
			seen[q.Question] = i
		}
		if q.Decline {
			if len(q.Facts) > 0 || len(q.Evidence) > 0 {
				at("a decline must have no facts or evidence")
			}
			continue
		}
		if len(q.Facts) == 0 {
			at("no facts")
		}
		for _, fact := range q.Facts {
			for _, alt := range strings.Split(fact, "|") {
				if strings.TrimSpace(alt) == "" {
					at("empty alternative in fact %q", fact)
				}
			}
		}
		if q.Corpus == "news" && len(q.Evidence) == 0 {
			at("no evidence")
		}
		for _, ev := range q.Evidence {
			if ev == "" || q.Corpus == "news" && filepath.Base(ev) != ev {
				at("evidence %q is not a plain file name", ev)
			}
		}
	}
	if bad {
		t.FailNow()
	}
	return set.Questions
}

// factFolder maps curly quotes and apostrophes to straight ones.
var factFolder = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", `"`, "\u201d", `"`)

// foldFact lower-cases s, straightens curly quotes and collapses runs of
// whitespace to one space.
func foldFact(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(factFolder.Replace(s))), " ")
}

// factHolds reports whether any "|"-separated alternative of fact occurs in
// text, ignoring case, whitespace runs and curly versus straight quotes.
func factHolds(fact, text string) bool {
	folded := foldFact(text)
	for _, alt := range strings.Split(fact, "|") {
		a := foldFact(alt)
		if a != "" && strings.Contains(folded, a) {
			return true
		}
	}
	return false
}

// newsDir is where the news corpus is looked for.
func newsDir() string {
	if d := os.Getenv("SUMMITBOT_NEWS_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "corpus", "news")
}

func TestFactHolds(t *testing.T) {
	for _, c := range []struct {
		fact, text string
		want       bool
	}{
		{"sister", "Kim Jong-un's SISTER has", true},
		{"brother|sibling", "her sibling", true},
		{"Your Excellency", "calling him\n  your   excellency", true},
		{"it's a meeting", "\u2018What? It\u2019s a meeting,\u2019", true},
		{"\u201clove letters\u201d", `so-called "love letters"`, true},
		{"Hanoi", "met in Singapore", false},
		{"a|", "xyz", false},
	} {
		if got := factHolds(c.fact, c.text); got != c.want {
			t.Errorf("factHolds(%q, %q) = %v, want %v", c.fact, c.text, got, c.want)
		}
	}
}

func TestNewsEvidence(t *testing.T) {
	dir := newsDir()
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("!!! news corpus absent at %s: evidence not checked !!!", dir)
	}
	texts := map[string]string{}
	read := func(file string) (string, error) {
		if s, ok := texts[file]; ok {
			return s, nil
		}
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			return "", err
		}
		texts[file] = string(b)
		return texts[file], nil
	}
	for _, set := range []string{"news.json", "blind-news.json"} {
		qs := loadDevSet(t, set)
		t.Run(set, func(t *testing.T) {
			for _, q := range qs {
				if q.Corpus != "news" || q.Decline {
					continue
				}
				t.Run(q.Question, func(t *testing.T) {
					var bodies []string
					for _, ev := range q.Evidence {
						s, err := read(ev)
						if err != nil {
							t.Errorf("evidence %s: %v", ev, err)
							continue
						}
						bodies = append(bodies, s)
					}
					for _, fact := range q.Facts {
						held := false
						for _, s := range bodies {
							if factHolds(fact, s) {
								held = true
								break
							}
						}
						if !held {
							t.Errorf("fact %q is in none of the evidence files %v", fact, q.Evidence)
						}
					}
				})
			}
		})
	}
}

// TestBuiltinEvidence checks the built-in sets as TestNewsEvidence checks
// the news ones: every fact of a question stands in one of its evidence
// files (the catalogue or an article of the embedded corpus).
func TestBuiltinEvidence(t *testing.T) {
	for _, name := range []string{"casual.json", "blind-builtin.json"} {
		for _, q := range loadDevSet(t, name) {
			if q.Decline {
				continue
			}
			t.Run(q.Question, func(t *testing.T) {
				var texts []string
				for _, ev := range q.Evidence {
					data, err := os.ReadFile(filepath.Join("..", "corpus", "builtin", filepath.FromSlash(ev)))
					if err != nil {
						t.Fatalf("evidence: %v", err)
					}
					texts = append(texts, string(data))
				}
				for _, f := range q.Facts {
					if !factHolds(f, strings.Join(texts, "\n")) {
						t.Errorf("fact %q is in none of %v", f, q.Evidence)
					}
				}
			})
		}
	}
}
