package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// EngineResult is one engine's figures in one run.
type EngineResult struct {
	Engine      string `json:"engine"`
	Description string `json:"description"`
	Version     string `json:"version"`
	Passages    int    `json:"passages"`
	Batch       int    `json:"batch_size"`
	// DumpReadS: peers only, reading the parent's passage dump (not timed
	// as build).
	DumpReadS float64 `json:"dump_read_s"`
	// LoadS: summitbot only, the corpus load, split and tag inside
	// index.Open (until the last file is done).
	LoadS float64 `json:"load_s"`
	// BuildS is indexing only: comparable across engines.
	BuildS float64 `json:"build_s"`
	// BuildTotalS: summitbot's whole index.Open (load + indexing +
	// reopening read-only); for the peers, the same as BuildS.
	BuildTotalS       float64 `json:"build_total_s"`
	PassagesPerS      float64 `json:"passages_per_s"`
	PassagesPerSTotal float64 `json:"passages_per_s_total"`
	OpenS             float64 `json:"open_s"`
	SizeBytes         int64   `json:"size_bytes"`
	// PeakRSSBytes is the child process's maxrss (wait4 rusage): build
	// and queries, this engine alone.
	PeakRSSBytes int64 `json:"peak_rss_bytes"`
	// BuildPeakRSSBytes is the child's VmHWM right after the build.
	BuildPeakRSSBytes int64   `json:"build_peak_rss_bytes"`
	SelfPeakRSSBytes  int64   `json:"self_peak_rss_bytes"`
	CPUUserS          float64 `json:"cpu_user_s"`
	CPUSysS           float64 `json:"cpu_sys_s"`
	WallS             float64 `json:"wall_s"`
	// OtherCPUS is CPU time other processes used while this engine ran;
	// OtherCPUShare is that as a share of the machine (wall × cores).
	OtherCPUS     float64 `json:"other_cpu_s"`
	OtherCPUShare float64 `json:"other_cpu_share"`
	Queries       int     `json:"queries"`
	Reps          int     `json:"reps"`
	P50Ms         float64 `json:"p50_ms"`
	P95Ms         float64 `json:"p95_ms"`
	P99Ms         float64 `json:"p99_ms"`
	MeanMs        float64 `json:"mean_ms"`
	MaxMs         float64 `json:"max_ms"`
	// Ratio is this engine's figure divided by summitbot's.
	Ratio    map[string]float64 `json:"ratio_to_summitbot"`
	PerQuery []QueryResult      `json:"per_query"`
}

// QueryResult is one query's outcome on one engine.
type QueryResult struct {
	Query    string  `json:"query"`
	Sent     string  `json:"sent"`
	Hits     int     `json:"hits"`
	Total    int64   `json:"total"` // -1: the engine does not count matches
	P50Ms    float64 `json:"p50_ms"`
	MaxMs    float64 `json:"max_ms"`
	Top      string  `json:"top_title"`
	Fragment string  `json:"top_fragment"`
}

// RunResult is one comparison: one corpus, every engine.
type RunResult struct {
	Corpus      string          `json:"corpus"` // folder, or "synthetic"
	Synthetic   int             `json:"synthetic_passages,omitempty"`
	Seed        uint64          `json:"seed,omitempty"`
	Articles    int             `json:"articles"`
	Passages    int             `json:"passages"`
	Skipped     int             `json:"skipped"`
	GenerateS   float64         `json:"generate_s,omitempty"`
	ParentLoadS float64         `json:"parent_load_s"`
	Queries     int             `json:"queries"`
	Reps        int             `json:"reps"`
	Batch       int             `json:"batch_size"`
	Engines     []*EngineResult `json:"engines"`
	Targets     []Target        `json:"targets,omitempty"`
}

// Target is one of the project's goals, checked on one run.
type Target struct {
	Name     string  `json:"name"`
	Rule     string  `json:"rule"`
	Measured float64 `json:"measured"`
	Limit    float64 `json:"limit"`
	Met      bool    `json:"met"`
	Detail   string  `json:"detail"`
}

// Report is the JSON written by a run.
type Report struct {
	Date        string       `json:"date"`
	Command     string       `json:"command"`
	Machine     Machine      `json:"machine"`
	Results     []*RunResult `json:"results"`
	DurationS   float64      `json:"duration_s"`
	Description string       `json:"description"`
}

type Machine struct {
	GoVersion string `json:"go_version"`
	OS        string `json:"os"`
	CPUs      int    `json:"cpus"`
	MemBytes  int64  `json:"mem_bytes"`
	CPUModel  string `json:"cpu_model"`
}

func (r *RunResult) engine(name string) *EngineResult {
	for _, e := range r.Engines {
		if e.Engine == name {
			return e
		}
	}
	return nil
}

// computeRatios fills each engine's ratios to summitbot and the targets.
func (r *RunResult) computeRatios() {
	sb := r.engine(engSummitbot)
	if sb == nil {
		return
	}
	for _, e := range r.Engines {
		e.Ratio = map[string]float64{
			"build_s":        div(e.BuildS, sb.BuildS),
			"build_total_s":  div(e.BuildTotalS, sb.BuildTotalS),
			"passages_per_s": div(e.PassagesPerS, sb.PassagesPerS),
			"size_bytes":     div(float64(e.SizeBytes), float64(sb.SizeBytes)),
			"peak_rss_bytes": div(float64(e.PeakRSSBytes), float64(sb.PeakRSSBytes)),
			"p50_ms":         div(e.P50Ms, sb.P50Ms),
			"p95_ms":         div(e.P95Ms, sb.P95Ms),
			"p99_ms":         div(e.P99Ms, sb.P99Ms),
		}
	}
	fts := r.engine(engFTS5)
	if fts == nil {
		return
	}
	speed := func(name, metric string, s, f float64) Target {
		t := Target{Name: name, Rule: fmt.Sprintf("FTS5 %s ÷ summitbot %s ≥ 5", metric, metric), Measured: div(f, s), Limit: 5}
		t.Met = t.Measured >= t.Limit
		if t.Met {
			t.Detail = fmt.Sprintf("met: summitbot %.2f ms vs FTS5 %.2f ms (%.1f× lower)", s, f, t.Measured)
		} else {
			t.Detail = fmt.Sprintf("missed: summitbot %.2f ms vs FTS5 %.2f ms is %.2f× lower; the target needs ≤ %.2f ms, %.2f× faster than now", s, f, t.Measured, f/5, s/(f/5))
		}
		return t
	}
	r.Targets = append(r.Targets,
		speed("search p50 at least 5× lower than FTS5", "p50", sb.P50Ms, fts.P50Ms),
		speed("search p99 at least 5× lower than FTS5", "p99", sb.P99Ms, fts.P99Ms))
	build := func(name, what string, s, f float64) Target {
		t := Target{Name: name, Rule: "summitbot " + what + " ÷ FTS5 build ≤ 2", Measured: div(s, f), Limit: 2}
		t.Met = t.Measured <= t.Limit
		if t.Met {
			t.Detail = fmt.Sprintf("met: %.1f s vs FTS5 %.1f s (%.2f×)", s, f, t.Measured)
		} else {
			t.Detail = fmt.Sprintf("missed: %.1f s vs FTS5 %.1f s is %.2f×; the target needs ≤ %.1f s, %.0f%% less", s, f, t.Measured, 2*f, 100*(1-2*f/s))
		}
		return t
	}
	r.Targets = append(r.Targets,
		build("index build at most 2× FTS5 (indexing only)", "indexing", sb.BuildS, fts.BuildS),
		build("index build at most 2× FTS5 (summitbot incl. load, split, tag)", "whole Open", sb.BuildTotalS, fts.BuildS))
	t := Target{Name: "index size at most 1.5× FTS5", Rule: "summitbot size ÷ FTS5 size ≤ 1.5", Measured: div(float64(sb.SizeBytes), float64(fts.SizeBytes)), Limit: 1.5}
	t.Met = t.Measured <= t.Limit
	if t.Met {
		t.Detail = fmt.Sprintf("met: %.0f MB vs FTS5 %.0f MB (%.2f×)", mb(sb.SizeBytes), mb(fts.SizeBytes), t.Measured)
	} else {
		t.Detail = fmt.Sprintf("missed: %.0f MB vs FTS5 %.0f MB is %.2f×; the target needs ≤ %.0f MB, %.0f%% less", mb(sb.SizeBytes), mb(fts.SizeBytes), t.Measured, 1.5*mb(fts.SizeBytes), 100*(1-1.5*float64(fts.SizeBytes)/float64(sb.SizeBytes)))
	}
	r.Targets = append(r.Targets, t)
}

func div(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// describe is the one-line heading of a run.
func (r *RunResult) describe() string {
	src := r.Corpus
	if r.Synthetic > 0 {
		src = fmt.Sprintf("synthetic corpus (seed %d)", r.Seed)
	}
	return fmt.Sprintf("%s: %s articles, %s passages, %d skipped; parent load+split+tag %.1f s; %d queries × %d reps after 1 warm-up round; batch %d",
		src, thousands(r.Articles), thousands(r.Passages), r.Skipped, r.ParentLoadS, r.Queries, r.Reps, r.Batch)
}

// writeTables prints a run's figures, ratios and targets as Markdown tables.
func (r *RunResult) writeTables(w io.Writer) {
	fmt.Fprintln(w, r.describe())
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| engine | index build (s) | build incl. load (s) | passages/s | index size (MB) | peak RSS (MB) | p50 (ms) | p95 (ms) | p99 (ms) | other CPU load |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, e := range r.Engines {
		fmt.Fprintf(w, "| %s | %.1f | %.1f | %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.0f%% |\n", e.Engine, e.BuildS, e.BuildTotalS,
			thousands(int(e.PassagesPerS+0.5)), mb(e.SizeBytes), mb(e.PeakRSSBytes), e.P50Ms, e.P95Ms, e.P99Ms, 100*e.OtherCPUShare)
	}
	if r.engine(engSummitbot) != nil {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Ratio to summitbot (engine ÷ summitbot; above 1 means summitbot's figure is lower):")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| engine | index build | build incl. load | passages/s | index size | peak RSS | p50 | p95 | p99 |")
		fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
		for _, e := range r.Engines {
			q := e.Ratio
			fmt.Fprintf(w, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", e.Engine, q["build_s"], q["build_total_s"],
				q["passages_per_s"], q["size_bytes"], q["peak_rss_bytes"], q["p50_ms"], q["p95_ms"], q["p99_ms"])
		}
	}
	if len(r.Targets) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| target | rule | measured | met? |")
		fmt.Fprintln(w, "| --- | --- | ---: | --- |")
		for _, t := range r.Targets {
			fmt.Fprintf(w, "| %s | %s | %.2f | %s |\n", t.Name, t.Rule, t.Measured, t.Detail)
		}
	}
	fmt.Fprintln(w)
}

// writeScalingTable prints one row per corpus size and engine.
func writeScalingTable(w io.Writer, runs []*RunResult) {
	fmt.Fprintln(w, "| passages | engine | index build (s) | build incl. load (s) | passages/s | index size (MB) | peak RSS (MB) | p50 (ms) | p95 (ms) | p99 (ms) | p99 ÷ summitbot |")
	fmt.Fprintln(w, "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range runs {
		for _, e := range r.Engines {
			fmt.Fprintf(w, "| %s | %s | %.1f | %.1f | %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |\n", thousands(r.Passages), e.Engine,
				e.BuildS, e.BuildTotalS, thousands(int(e.PassagesPerS+0.5)), mb(e.SizeBytes), mb(e.PeakRSSBytes), e.P50Ms, e.P95Ms, e.P99Ms, e.Ratio["p99_ms"])
		}
	}
	fmt.Fprintln(w)
}

// writeHits prints, per query, how many hits each engine returned.
func (r *RunResult) writeHits(w io.Writer) {
	fmt.Fprint(w, "| query |")
	for _, e := range r.Engines {
		fmt.Fprintf(w, " %s hits (p50 ms) |", e.Engine)
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, "| --- |")
	for range r.Engines {
		fmt.Fprint(w, " ---: |")
	}
	fmt.Fprintln(w)
	for i := range r.Queries {
		if len(r.Engines) == 0 || i >= len(r.Engines[0].PerQuery) {
			break
		}
		fmt.Fprintf(w, "| `%s` |", r.Engines[0].PerQuery[i].Query)
		for _, e := range r.Engines {
			q := e.PerQuery[i]
			fmt.Fprintf(w, " %d (%.2f) |", q.Hits, q.P50Ms)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func writeJSON(name string, v any) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(data, '\n'), 0o644)
}
