package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary act as an engine's child process, as the
// bench binary does when it re-executes itself.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestEndToEnd runs the whole harness on a small synthetic corpus: every
// engine builds, answers a simple query with hits, and the JSON report has
// every field.
func TestEndToEnd(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	cfg := config{
		Synthetic: 2000,
		Reps:      2,
		Batch:     500,
		Queries:   filepath.Join("..", "index", "testdata", "queries.txt"),
		Engines:   allEngines,
		Seed:      1,
		JSONPath:  filepath.Join(dir, "results.json"),
		TmpBase:   dir,
		Date:      "2026-11-25",
		Command:   "test",
		Log:       &log,
	}
	rep, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 || len(rep.Results[0].Engines) != len(allEngines) {
		t.Fatalf("report: %+v", rep)
	}
	r := rep.Results[0]
	if r.Passages != 2000 {
		t.Errorf("passages: %d, want 2000", r.Passages)
	}
	for _, e := range r.Engines {
		var simple *QueryResult
		for i := range e.PerQuery {
			if e.PerQuery[i].Query == "sanctions" {
				simple = &e.PerQuery[i]
			}
		}
		if simple == nil || simple.Hits == 0 {
			t.Errorf("%s: no hits for %q: %+v", e.Engine, "sanctions", simple)
		} else if simple.Fragment == "" {
			t.Errorf("%s: no highlight for %q", e.Engine, "sanctions")
		}
		if e.Passages != 2000 || e.BuildS <= 0 || e.SizeBytes <= 0 || e.PeakRSSBytes <= 0 || e.P50Ms <= 0 || e.P99Ms < e.P50Ms {
			t.Errorf("%s: implausible figures: %+v", e.Engine, e)
		}
	}
	if len(r.Targets) != 5 {
		t.Errorf("targets: %+v", r.Targets)
	}
	out := log.String()
	for _, want := range []string{"| summitbot |", "| bleve-default |", "| sqlite-fts5 |", "Ratio to summitbot", "search p99 at least 5×"} {
		if !strings.Contains(out, want) {
			t.Errorf("tables lack %q:\n%s", want, out)
		}
	}

	// The JSON on disk, read generically: every field present.
	data, err := os.ReadFile(cfg.JSONPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	need(t, doc, "report", "date", "command", "machine", "results", "duration_s", "description")
	results := doc["results"].([]any)
	run0 := results[0].(map[string]any)
	need(t, run0, "run", "corpus", "synthetic_passages", "seed", "articles", "passages", "skipped", "parent_load_s", "queries", "reps", "batch_size", "engines", "targets")
	for _, e := range run0["engines"].([]any) {
		em := e.(map[string]any)
		name := fmt.Sprint(em["engine"])
		need(t, em, name, "engine", "description", "version", "passages", "batch_size", "load_s", "build_s", "build_total_s",
			"passages_per_s", "passages_per_s_total", "open_s", "size_bytes", "peak_rss_bytes", "build_peak_rss_bytes",
			"cpu_user_s", "wall_s", "queries", "reps", "p50_ms", "p95_ms", "p99_ms", "mean_ms", "max_ms", "ratio_to_summitbot", "per_query")
		ratio := em["ratio_to_summitbot"].(map[string]any)
		need(t, ratio, name+" ratio", "build_s", "build_total_s", "passages_per_s", "size_bytes", "peak_rss_bytes", "p50_ms", "p95_ms", "p99_ms")
		for _, q := range em["per_query"].([]any) {
			need(t, q.(map[string]any), name+" query", "query", "sent", "hits", "total", "p50_ms", "max_ms", "top_title", "top_fragment")
		}
	}
	for _, tg := range run0["targets"].([]any) {
		need(t, tg.(map[string]any), "target", "name", "rule", "measured", "limit", "met", "detail")
	}
}

// TestChart draws the scaling chart from made-up figures.
func TestChart(t *testing.T) {
	var runs []*RunResult
	for i, n := range []int{10000, 100000, 800000} {
		r := &RunResult{Passages: n}
		for j, e := range allEngines {
			r.Engines = append(r.Engines, &EngineResult{Engine: e, BuildS: float64((i + 1) * (j + 2)), BuildTotalS: float64((i + 1) * (j + 3)), P99Ms: float64(i+1) * 1.5 * float64(j+1)})
		}
		r.computeRatios()
		runs = append(runs, r)
	}
	name := filepath.Join(t.TempDir(), "chart.png")
	if err := drawChart(name, runs); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(name)
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		t.Fatalf("not a PNG: %v", err)
	}
}

func TestFTS5Match(t *testing.T) {
	for in, want := range map[string][2]string{
		"sanctions relief":   {`"sanctions" AND "relief"`, `("sanctions" OR "relief") NOT ("sanctions" AND "relief")`},
		`"Kim Jong-un"`:      {`"""Kim" AND "Jong-un"""`, `("""Kim" OR "Jong-un""") NOT ("""Kim" AND "Jong-un""")`},
		`a:b OR NEAR(c) * -`: {`"a:b" AND "OR" AND "NEAR(c)"`, `("a:b" OR "OR" OR "NEAR(c)") NOT ("a:b" AND "OR" AND "NEAR(c)")`},
		"Pyongyang":          {`"Pyongyang"`, ``},
		`  " ' `:             {``, ``},
	} {
		if all, rest := fts5Match(in); all != want[0] || rest != want[1] {
			t.Errorf("fts5Match(%q) = %s | %s, want %s | %s", in, all, rest, want[0], want[1])
		}
	}
}

func TestSyntheticIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if _, err := writeSynthetic(d, 300, 7); err != nil {
			t.Fatal(err)
		}
	}
	x, _ := os.ReadFile(filepath.Join(a, "000", "article-000003.md"))
	y, _ := os.ReadFile(filepath.Join(b, "000", "article-000003.md"))
	if len(x) == 0 || !bytes.Equal(x, y) {
		t.Fatal("same seed, different articles")
	}
}

func need(t *testing.T, m map[string]any, what string, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: JSON lacks %q", what, k)
		}
	}
}
