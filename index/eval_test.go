package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"github.com/summitbot/summitbot/corpus"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sharedDir returns ../shared, or skips loudly: a user's machine does not
// have it, CI and developers do.
func sharedDir(t testing.TB, sub string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", sub))
	if err == nil {
		if _, err = os.Stat(dir); err == nil {
			return dir
		}
	}
	msg := fmt.Sprintf("SKIP %s: %s is absent (%v); this test needs the shared test data beside the project", t.Name(), filepath.Join("../shared", sub), err)
	fmt.Fprintln(os.Stderr, msg)
	t.Skip(msg)
	return ""
}

// evalCase is one case of ../shared/eval/public.json.
type evalCase struct {
	Corpus        string   `json:"corpus"`
	Command       string   `json:"command"`
	Query         string   `json:"query"`
	Event         string   `json:"event"`
	Within        int      `json:"within"`
	TextContains  string   `json:"text_contains"`
	SourceAny     []string `json:"source_any"`
	RejectSources []string `json:"reject_sources"`
}

func loadEval(t testing.TB) []evalCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sharedDir(t, "eval"), "public.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases []evalCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) == 0 {
		t.Fatal("no eval cases")
	}
	return doc.Cases
}

// checkCase runs one eval case against an index and reports a failure.
func checkCase(t *testing.T, x *Index, c evalCase) {
	t.Helper()
	q := corpus.Query{Text: c.Query, Limit: max(c.Within, 1)}
	if c.Command == "summit" {
		ev, ok := x.Catalogue().Resolve(c.Event)
		if !ok {
			t.Fatalf("unknown event %q", c.Event)
		}
		q.Event = ev.ID
	}
	res, err := x.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("%s %q: %v", c.Command, c.Query+c.Event, err)
	}
	ok := false
	for _, h := range res.Hits {
		if slices.Contains(c.RejectSources, filepath.Base(h.Source)) {
			t.Errorf("%s %q: rejected source %s in the first %d hits", c.Command, c.Query+c.Event, h.Source, c.Within)
		}
		if c.TextContains != "" && !strings.Contains(strings.ToLower(h.Text), strings.ToLower(c.TextContains)) {
			continue
		}
		if len(c.SourceAny) > 0 && !slices.Contains(c.SourceAny, filepath.Base(h.Source)) {
			continue
		}
		ok = true
	}
	if !ok {
		t.Errorf("%s %q: no hit in the first %d satisfies the case; got %v", c.Command, c.Query+c.Event, c.Within, sources(res))
	}
}

func TestEvalSeed(t *testing.T) {
	cases := loadEval(t)
	x, err := Open(context.Background(), Options{Corpus: os.DirFS(sharedDir(t, "corpus/seed"))})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if x.Info().Passages < 5 || x.Info().Skipped != 0 {
		t.Errorf("seed corpus: %+v", x.Info())
	}
	n := 0
	for _, c := range cases {
		if c.Corpus != "seed" {
			continue
		}
		n++
		t.Run(c.Command+"/"+c.Query+c.Event, func(t *testing.T) { checkCase(t, x, c) })
	}
	if n == 0 {
		t.Fatal("no seed cases in public.json")
	}
}

// readQueries loads the fixed benchmark query list.
func readQueries(t testing.TB) []corpus.Query {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "queries.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []corpus.Query
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q := corpus.Query{Text: line, Limit: DefaultLimit}
		if rest, ok := strings.CutPrefix(line, "event:"); ok {
			id, text, _ := strings.Cut(rest, " ")
			q.Event, q.Text = id, text
		}
		qs = append(qs, q)
	}
	return qs
}
