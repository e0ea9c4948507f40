// Command tune measures tuning experiments on a copy of summitbot's index
// package (bench/internal/sbtune) — build variants (batch size, scorch
// options, the offline builder, mapping changes) and query variants (each
// part of summitbot's query turned off) — without changing summitbot.
//
//	go run ./cmd/tune [--corpus DIR | --synthetic-dir DIR] [--builds LIST] [--queries-variants LIST]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/summitbot/summitbot/bench/internal/sbtune"
	"github.com/summitbot/summitbot/corpus"
)

var builds = map[string]sbtune.BuildKnobs{
	"copy":             {},
	"batch-500":        {Batch: 500},
	"batch-10000":      {Batch: 10000},
	"no-words":         {NoWords: true},
	"builder":          {Builder: true, Batch: 10000},
	"builder-no-words": {Builder: true, Batch: 10000, NoWords: true},
	"no-termvectors":   {NoTermVectors: true},
	"lazy-merge":       {LazyMerge: true},
	"no-words-lazy":    {NoWords: true, LazyMerge: true},
}

var queryVariants = map[string]sbtune.QueryKnobs{
	"copy":                {},
	"no-phrase":           {NoPhrase: true},
	"no-prefer-summits":   {NoPreferSummits: true},
	"no-title":            {NoTitle: true},
	"no-synonym-phrases":  {NoSynonymPhrases: true},
	"typo-only-missing":   {TypoOnlyMissing: true},
	"reanalyze-highlight": {Reanalyze: true},
	"lean":                {NoPhrase: true, NoPreferSummits: true, NoTitle: true, NoSynonymPhrases: true, TypoOnlyMissing: true, Reanalyze: true},
}

type result struct {
	Kind      string  `json:"kind"` // build or query
	Variant   string  `json:"variant"`
	BuildS    float64 `json:"build_s,omitempty"`
	SizeBytes int64   `json:"size_bytes,omitempty"`
	P50Ms     float64 `json:"p50_ms"`
	P95Ms     float64 `json:"p95_ms"`
	P99Ms     float64 `json:"p99_ms"`
	Hits      int     `json:"hits"` // hits over the query list, top 5 each
	Same      int     `json:"same_top1_as_copy"`
}

func main() {
	corpusDir := flag.String("corpus", filepath.Join("..", "..", "shared", "corpus", "news"), "article folder")
	buildList := flag.String("builds", "copy,batch-500,batch-10000,no-words,builder,builder-no-words,no-termvectors", "build variants")
	queryList := flag.String("query-variants", "copy,no-phrase,no-prefer-summits,no-title,no-synonym-phrases,typo-only-missing,reanalyze-highlight,lean", "query variants, on the copy build")
	queries := flag.String("queries", filepath.Join("..", "index", "testdata", "queries.txt"), "query list")
	reps := flag.Int("reps", 20, "measured rounds")
	out := flag.String("json", filepath.Join("results", "tuning.json"), "results")
	tmpBase := flag.String("tmp", "", "temporary folder base")
	queryBase := flag.String("query-base", "copy", "the build variant the query variants run on")
	flag.Parse()
	if err := run(*corpusDir, split(*buildList), split(*queryList), *queries, *reps, *out, *tmpBase, *queryBase); err != nil {
		fmt.Fprintln(os.Stderr, "tune:", err)
		os.Exit(1)
	}
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

type qline struct{ text, event string }

func readQueries(name string) ([]qline, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var qs []qline
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q := qline{text: line}
		if rest, ok := strings.CutPrefix(line, "event:"); ok {
			id, text, _ := strings.Cut(rest, " ")
			q.event, q.text = id, text
		}
		qs = append(qs, q)
	}
	return qs, nil
}

func run(corpusDir string, bs, qvs []string, queryFile string, reps int, out, tmpBase, queryBase string) error {
	ctx := context.Background()
	qs, err := readQueries(queryFile)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(tmpBase, "summitbot-tune-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	logf("loading %s", corpusDir)
	c, err := corpus.Load(ctx, os.DirFS(corpusDir), corpus.LoadOptions{})
	if err != nil {
		return err
	}
	logf("corpus: %s", c.Summary())
	var results []result
	var baseTop []string
	measure := func(kind, name, dir string, qk sbtune.QueryKnobs) (result, error) {
		x, err := sbtune.Open(dir, c.Catalogue, qk)
		if err != nil {
			return result{}, err
		}
		defer x.Close()
		r := result{Kind: kind, Variant: name}
		var top []string
		for _, q := range qs { // warm-up, and the hits
			res, err := x.Search(ctx, sbtune.Query{Text: q.text, Event: q.event, Limit: 5})
			if err != nil {
				return r, err
			}
			r.Hits += len(res.Hits)
			t := ""
			if len(res.Hits) > 0 {
				t = res.Hits[0].ID
			}
			top = append(top, t)
		}
		if baseTop == nil {
			baseTop = top
		}
		for i := range top {
			if top[i] == baseTop[i] {
				r.Same++
			}
		}
		var lat []time.Duration
		for range reps {
			for _, q := range qs {
				t := time.Now()
				if _, err := x.Search(ctx, sbtune.Query{Text: q.text, Event: q.event, Limit: 5}); err != nil {
					return r, err
				}
				lat = append(lat, time.Since(t))
			}
		}
		slices.Sort(lat)
		p := func(f float64) float64 { return float64(lat[int(f*float64(len(lat)-1))].Nanoseconds()) / 1e6 }
		r.P50Ms, r.P95Ms, r.P99Ms = p(0.5), p(0.95), p(0.99)
		return r, nil
	}
	baseDir := ""
	for _, name := range bs {
		k, ok := builds[name]
		if !ok {
			return fmt.Errorf("unknown build variant %q", name)
		}
		dir := filepath.Join(tmp, "build-"+name)
		runtime.GC()
		logf("build %s", name)
		d, err := sbtune.Build(ctx, dir, c.Passages, k)
		if err != nil {
			return fmt.Errorf("build %s: %w", name, err)
		}
		size := dirSize(dir)
		qk := sbtune.QueryKnobs{NoWords: k.NoWords}
		if k.NoTermVectors {
			qk.Reanalyze, qk.NoPhrase, qk.NoSynonymPhrases = true, true, true
		}
		r, err := measure("build", name, dir, qk)
		if err != nil {
			return fmt.Errorf("build %s: %w", name, err)
		}
		r.BuildS, r.SizeBytes = d.Seconds(), size
		logf("build %s: %.1f s, %.0f MB, p50 %.2f ms, p99 %.2f ms, hits %d, same top hit %d/%d", name, r.BuildS, float64(size)/1e6, r.P50Ms, r.P99Ms, r.Hits, r.Same, len(qs))
		results = append(results, r)
		if name == queryBase {
			baseDir = dir
		} else {
			os.RemoveAll(dir)
		}
	}
	if baseDir != "" {
		for _, name := range qvs {
			qk, ok := queryVariants[name]
			if !ok {
				return fmt.Errorf("unknown query variant %q", name)
			}
			qk.NoWords = builds[queryBase].NoWords
			r, err := measure("query", name, baseDir, qk)
			if err != nil {
				return fmt.Errorf("query %s: %w", name, err)
			}
			logf("query %s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, hits %d, same top hit %d/%d", name, r.P50Ms, r.P95Ms, r.P99Ms, r.Hits, r.Same, len(qs))
			r.Variant = queryBase + " + " + name
			results = append(results, r)
		}
	}
	fmt.Println("| kind | variant | build (s) | size (MB) | p50 (ms) | p95 (ms) | p99 (ms) | hits | same top hit as copy |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range results {
		fmt.Printf("| %s | %s | %.1f | %.0f | %.2f | %.2f | %.2f | %d | %d/%d |\n", r.Kind, r.Variant, r.BuildS, float64(r.SizeBytes)/1e6, r.P50Ms, r.P95Ms, r.P99Ms, r.Hits, r.Same, len(qs))
	}
	data, _ := json.MarshalIndent(map[string]any{"corpus": corpusDir, "passages": len(c.Passages), "reps": reps, "results": results}, "", "  ")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, append(data, '\n'), 0o644)
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%s] "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}
