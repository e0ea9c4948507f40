// Command bench compares summitbot's search engine (its index package as it
// ships) with what a user would pick instead — plain Bleve with its default
// mapping, and SQLite FTS5 — on the same passages and the same queries, in
// one run. See README.md.
//
//	go run -tags sqlite_fts5 . [flags]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

// childEnv marks a child process (the test binary cannot rely on main's
// flag parsing, so the environment says it too).
const childEnv = "SUMMITBOT_BENCH_CHILD"

const usage = `usage: go run -tags sqlite_fts5 . [flags]

Compares summitbot's index with plain Bleve (default mapping) and SQLite FTS5
on the same passages and queries; each engine runs in a child process of its own.

flags:
  --corpus DIR       article folder (default ../../shared/corpus/news)
  --synthetic N      use N generated passages instead of --corpus
  --scale N,N,...    scaling mode: one run per synthetic corpus size
  --reps R           measured rounds of the query list (default 20), after one warm-up round
  --batch N          passages per index batch / transaction, every engine (default 2000)
  --queries FILE     query list (default ../index/testdata/queries.txt)
  --engines LIST     engines to run (default summitbot,bleve-default,sqlite-fts5)
  --seed N           seed of the synthetic corpus (default 20261125)
  --json FILE        results of a single run (default results/results.json)
  --scale-json FILE  results of a scaling run (default results/scaling.json)
  --chart FILE       chart of a scaling run (default results/scaling.png)
  --tmp DIR          where temporary corpora and indexes go (default $TMPDIR)
  --keep             keep the temporary folder
  --date YYYY-MM-DD  date recorded in the results (default today)
`

type config struct {
	CorpusDir string
	Synthetic int
	Scale     []int
	Reps      int
	Batch     int
	Queries   string
	Engines   []string
	Seed      uint64
	JSONPath  string
	ScaleJSON string
	Chart     string
	TmpBase   string
	Keep      bool
	Date      string
	Command   string
	Log       io.Writer // tables and progress of the parent; stdout by default
}

func main() {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	cfg := config{Log: os.Stdout}
	var scale, engines string
	fs.StringVar(&cfg.CorpusDir, "corpus", filepath.Join("..", "..", "shared", "corpus", "news"), "")
	fs.IntVar(&cfg.Synthetic, "synthetic", 0, "")
	fs.StringVar(&scale, "scale", "", "")
	fs.IntVar(&cfg.Reps, "reps", 20, "")
	fs.IntVar(&cfg.Batch, "batch", 2000, "")
	fs.StringVar(&cfg.Queries, "queries", filepath.Join("..", "index", "testdata", "queries.txt"), "")
	fs.StringVar(&engines, "engines", strings.Join(allEngines, ","), "")
	fs.Uint64Var(&cfg.Seed, "seed", 20261125, "")
	fs.StringVar(&cfg.JSONPath, "json", filepath.Join("results", "results.json"), "")
	fs.StringVar(&cfg.ScaleJSON, "scale-json", filepath.Join("results", "scaling.json"), "")
	fs.StringVar(&cfg.Chart, "chart", filepath.Join("results", "scaling.png"), "")
	fs.StringVar(&cfg.TmpBase, "tmp", "", "")
	fs.BoolVar(&cfg.Keep, "keep", false, "")
	fs.StringVar(&cfg.Date, "date", time.Now().Format("2006-01-02"), "")
	// Hidden: the child side of one engine.
	var child childConfig
	fs.StringVar(&child.Engine, "engine", "", "")
	fs.StringVar(&child.Work, "work", "", "")
	fs.StringVar(&child.Dump, "dump", "", "")
	fs.StringVar(&child.Out, "out", "", "")
	if err := fs.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
	if child.Engine != "" || os.Getenv(childEnv) != "" {
		child.CorpusDir, child.Queries, child.Reps, child.Batch = cfg.CorpusDir, cfg.Queries, cfg.Reps, cfg.Batch
		if err := childMain(child); err != nil {
			fmt.Fprintln(os.Stderr, "bench child:", err)
			os.Exit(1)
		}
		return
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "unexpected arguments: %q\n", fs.Args())
		os.Exit(2)
	}
	var err error
	if cfg.Scale, err = parseSizes(scale); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cfg.Engines = splitList(engines)
	cfg.Command = "go run -tags sqlite_fts5 . " + strings.Join(os.Args[1:], " ")
	if _, err := run(context.Background(), cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		f = strings.ReplaceAll(strings.ReplaceAll(f, "_", ""), "k", "000")
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("--scale: %q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// run is the whole benchmark: one run on --corpus or --synthetic, or the
// scaling runs; it prints tables to cfg.Log and writes JSON (and the chart).
func run(ctx context.Context, cfg config) (*Report, error) {
	if cfg.Reps < 1 || cfg.Batch < 1 {
		return nil, errors.New("--reps and --batch must be at least 1")
	}
	for _, e := range cfg.Engines {
		if !slices.Contains(allEngines, e) {
			return nil, fmt.Errorf("unknown engine %q (known: %s)", e, strings.Join(allEngines, ", "))
		}
	}
	if len(cfg.Engines) == 0 {
		cfg.Engines = allEngines
	}
	if slices.Contains(cfg.Engines, engFTS5) && !fts5Built {
		return nil, errors.New("the sqlite-fts5 engine needs SQLite built with FTS5: run with -tags sqlite_fts5 (and CGO_ENABLED=1)")
	}
	if _, err := readQueryFile(cfg.Queries); err != nil {
		return nil, err
	}
	var err error
	if cfg.Queries, err = filepath.Abs(cfg.Queries); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(cfg.TmpBase, "summitbot-bench-*")
	if err != nil {
		return nil, err
	}
	if cfg.Keep {
		logf("keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	began := time.Now()
	rep := &Report{Date: cfg.Date, Command: cfg.Command, Machine: machine(),
		Description: "Index build (indexing only, and summitbot's whole index.Open), passages/s, index size on disk, per-engine peak RSS (child process maxrss), query latency p50/p95/p99 with highlights over the fixed query list; ratios are engine ÷ summitbot."}

	if len(cfg.Scale) > 0 {
		for _, n := range cfg.Scale {
			work := filepath.Join(tmp, fmt.Sprintf("scale-%d", n))
			r, err := runSynthetic(ctx, cfg, work, n)
			if err != nil {
				return nil, err
			}
			rep.Results = append(rep.Results, r)
			r.writeTables(cfg.Log)
			if !cfg.Keep {
				os.RemoveAll(work)
			}
		}
		rep.DurationS = time.Since(began).Seconds()
		fmt.Fprintln(cfg.Log, "Scaling (synthetic corpora):")
		fmt.Fprintln(cfg.Log)
		writeScalingTable(cfg.Log, rep.Results)
		if err := writeJSON(cfg.ScaleJSON, rep); err != nil {
			return nil, err
		}
		if err := drawChart(cfg.Chart, rep.Results); err != nil {
			return nil, fmt.Errorf("chart: %w", err)
		}
		logf("wrote %s and %s in %.0f s", cfg.ScaleJSON, cfg.Chart, rep.DurationS)
		return rep, nil
	}

	var r *RunResult
	if cfg.Synthetic > 0 {
		r, err = runSynthetic(ctx, cfg, filepath.Join(tmp, "synthetic"), cfg.Synthetic)
	} else {
		dir, aerr := filepath.Abs(cfg.CorpusDir)
		if aerr != nil {
			return nil, aerr
		}
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("corpus folder: %w (use --corpus DIR or --synthetic N)", err)
		}
		r, err = runCorpus(ctx, cfg, filepath.Join(tmp, "corpus-run"), dir)
		if r != nil {
			r.Corpus = cfg.CorpusDir
		}
	}
	if err != nil {
		return nil, err
	}
	rep.Results = []*RunResult{r}
	rep.DurationS = time.Since(began).Seconds()
	r.writeTables(cfg.Log)
	fmt.Fprintln(cfg.Log, "Hits per query (top 5) and each query's p50:")
	fmt.Fprintln(cfg.Log)
	r.writeHits(cfg.Log)
	if err := writeJSON(cfg.JSONPath, rep); err != nil {
		return nil, err
	}
	logf("wrote %s in %.0f s", cfg.JSONPath, rep.DurationS)
	return rep, nil
}

// runSynthetic writes n generated passages as Markdown articles, then
// compares the engines on them.
func runSynthetic(ctx context.Context, cfg config, work string, n int) (*RunResult, error) {
	dir := filepath.Join(work, "articles")
	logf("synthetic corpus: writing %d passages to %s", n, dir)
	start := time.Now()
	if _, err := writeSynthetic(dir, n, cfg.Seed); err != nil {
		return nil, fmt.Errorf("synthetic corpus: %w", err)
	}
	gen := time.Since(start)
	r, err := runCorpus(ctx, cfg, work, dir)
	if err != nil {
		return nil, err
	}
	r.Corpus, r.Synthetic, r.Seed, r.GenerateS = "synthetic", n, cfg.Seed, gen.Seconds()
	if r.Passages != n {
		return nil, fmt.Errorf("synthetic corpus: asked for %d passages, corpus.Load made %d", n, r.Passages)
	}
	return r, nil
}

// runCorpus loads the corpus with summitbot's corpus package once, dumps
// the passages for the peers, and runs every engine in a child process.
func runCorpus(ctx context.Context, cfg config, work, corpusDir string) (*RunResult, error) {
	if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, err
	}
	logf("loading %s with corpus.Load", corpusDir)
	p := &progress{name: "parent"}
	start := time.Now()
	c, err := corpus.Load(ctx, os.DirFS(corpusDir), corpus.LoadOptions{Progress: func(done, total int) { p.report("load", done, total) }})
	if err != nil {
		return nil, err
	}
	r := &RunResult{Corpus: corpusDir, Articles: c.Articles, Passages: len(c.Passages), Skipped: len(c.Skipped),
		ParentLoadS: time.Since(start).Seconds(), Reps: cfg.Reps, Batch: cfg.Batch}
	if qs, err := readQueryFile(cfg.Queries); err == nil {
		r.Queries = len(qs)
	}
	logf("corpus: %s in %.1f s", c.Summary(), r.ParentLoadS)
	dump := filepath.Join(work, "passages.jsonl")
	if err := writeDump(dump, c.Passages); err != nil {
		return nil, err
	}
	c = nil
	runtime.GC()

	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	for _, name := range cfg.Engines {
		out := filepath.Join(work, name+".json")
		args := []string{"--engine", name, "--work", work, "--corpus", corpusDir, "--dump", dump, "--queries", cfg.Queries,
			"--reps", strconv.Itoa(cfg.Reps), "--batch", strconv.Itoa(cfg.Batch), "--out", out}
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Env = append(os.Environ(), childEnv+"=1")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		logf("%s: child process", name)
		busy0, self0 := busyCPU(), selfCPU()
		t := time.Now()
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("engine %s: %w", name, err)
		}
		wall := time.Since(t)
		busy, self := busyCPU()-busy0, selfCPU()-self0
		e, err := readEngineResult(out)
		if err != nil {
			return nil, fmt.Errorf("engine %s: %w", name, err)
		}
		e.WallS = wall.Seconds()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			e.PeakRSSBytes = ru.Maxrss * 1024 // kilobytes on Linux
			e.CPUUserS = time.Duration(ru.Utime.Nano()).Seconds()
			e.CPUSysS = time.Duration(ru.Stime.Nano()).Seconds()
		}
		// CPU time the whole machine spent during the child that neither
		// the child nor this process used: other work competing with it.
		if busy > 0 {
			e.OtherCPUS = max(0, busy-e.CPUUserS-e.CPUSysS-self)
			e.OtherCPUShare = e.OtherCPUS / (e.WallS * float64(runtime.NumCPU()))
			if e.OtherCPUShare > 0.05 {
				logf("WARNING: %s: other processes used %.0f s of CPU (%.0f%% of the machine) during this engine's run: its figures are disturbed; rerun on a quiet machine", name, e.OtherCPUS, 100*e.OtherCPUShare)
			}
		}
		if e.Passages != r.Passages {
			return nil, fmt.Errorf("engine %s indexed %d passages, the corpus has %d", name, e.Passages, r.Passages)
		}
		logf("%s: done in %.0f s, peak RSS %.0f MB, p50 %.2f ms, p99 %.2f ms", name, e.WallS, mb(e.PeakRSSBytes), e.P50Ms, e.P99Ms)
		r.Engines = append(r.Engines, e)
		os.RemoveAll(filepath.Join(work, map[string]string{engSummitbot: "summitbot-index", engBleve: "bleve-index", engFTS5: "fts5-index"}[name]))
	}
	r.computeRatios()
	return r, nil
}

func readEngineResult(name string) (*EngineResult, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var e EngineResult
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// busyCPU is the machine's non-idle CPU time so far, in seconds, from
// /proc/stat (0 where unavailable).
func busyCPU() float64 {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var busy float64
	for i, v := range f[1:9] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		n, _ := strconv.ParseFloat(v, 64)
		busy += n
	}
	return busy / 100 // USER_HZ
}

// selfCPU is this process's own CPU time so far, in seconds.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func machine() Machine {
	m := Machine{GoVersion: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH, CPUs: runtime.NumCPU()}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				var kb int64
				fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
				m.MemBytes = kb * 1024
			}
		}
	}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				m.CPUModel = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	return m
}
