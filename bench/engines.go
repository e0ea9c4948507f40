package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	_ "github.com/mattn/go-sqlite3"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/index"
)

// Engine names, in report order.
const (
	engSummitbot = "summitbot"
	engBleve     = "bleve-default"
	engFTS5      = "sqlite-fts5"
)

var allEngines = []string{engSummitbot, engBleve, engFTS5}

var engineDescriptions = map[string]string{
	engSummitbot: "summitbot index package as shipped: index.Open (load, split, tag, explicit mapping, synonyms) and index.Search (synonyms, typo correction, event ranking, title and phrase boosts, highlighted fragment)",
	engBleve:     "plain Bleve with bleve.NewIndexMapping() (dynamic fields, standard analyzer, stored, term vectors, _all), MatchQuery on _all with operator AND, then (when that has fewer than 5 matches) the OR MatchQuery without them, default highlighter",
	engFTS5:      "SQLite FTS5 table (title, text, source UNINDEXED; porter unicode61), MATCH of quoted tokens joined with AND, then (when that has fewer than 5 rows) the tokens joined with OR, NOT the AND query; ORDER BY bm25(p), snippet(p, 1, '**', '**', '…', 32)",
}

// childConfig is what the parent passes to an engine's child process.
type childConfig struct {
	Engine    string
	Work      string // the run's temporary folder
	CorpusDir string // summitbot loads the corpus itself
	Dump      string // JSON Lines of the passages the parent loaded, for the peers
	Queries   string
	Reps      int
	Batch     int
	Out       string // where the child writes its EngineResult
}

// qline is one line of the query list.
type qline struct {
	Line  string `json:"line"`
	Text  string `json:"-"`
	Event string `json:"-"`
	// Peer is what engines without events get: the line without the
	// "event:" syntax, so "event:hanoi sanctions" becomes "hanoi sanctions".
	Peer string `json:"-"`
}

func readQueryFile(name string) ([]qline, error) {
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
		q := qline{Line: line, Text: line, Peer: line}
		if rest, ok := strings.CutPrefix(line, "event:"); ok {
			id, text, _ := strings.Cut(rest, " ")
			q.Event, q.Text = id, strings.TrimSpace(text)
			q.Peer = strings.TrimSpace(id + " " + q.Text)
		}
		qs = append(qs, q)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no queries", name)
	}
	return qs, nil
}

// hitInfo is what one search returned.
type hitInfo struct {
	hits     int
	total    int64 // -1 when the engine does not count matches
	top      string
	fragment string
}

// engine is one search engine under test, inside its child process.
type engine interface {
	// build indexes the corpus and returns the time spent loading the
	// corpus (summitbot only; the peers read the parent's dump beforehand).
	build(ctx context.Context) (load time.Duration, err error)
	// open makes the built index searchable, read-only.
	open() error
	search(ctx context.Context, q qline) (hitInfo, error)
	size() (int64, error)
	close() error
	passages() int
	version() string
}

// childMain runs one engine end to end and writes its EngineResult.
func childMain(cfg childConfig) error {
	ctx := context.Background()
	qs, err := readQueryFile(cfg.Queries)
	if err != nil {
		return err
	}
	res := EngineResult{Engine: cfg.Engine, Description: engineDescriptions[cfg.Engine], Reps: cfg.Reps, Queries: len(qs), Batch: cfg.Batch}
	var e engine
	switch cfg.Engine {
	case engSummitbot:
		e = &summitEngine{cfg: cfg}
	case engBleve, engFTS5:
		start := time.Now()
		ps, err := readDump(cfg.Dump)
		if err != nil {
			return err
		}
		res.DumpReadS = time.Since(start).Seconds()
		if cfg.Engine == engBleve {
			e = &bleveEngine{cfg: cfg, ps: ps}
		} else {
			e = &ftsEngine{cfg: cfg, ps: ps}
		}
	default:
		return fmt.Errorf("unknown engine %q (known: %s)", cfg.Engine, strings.Join(allEngines, ", "))
	}

	logf("%s: building", cfg.Engine)
	start := time.Now()
	load, err := e.build(ctx)
	if err != nil {
		return fmt.Errorf("%s: build: %w", cfg.Engine, err)
	}
	total := time.Since(start)
	res.Passages = e.passages()
	res.LoadS = load.Seconds()
	res.BuildTotalS = total.Seconds()
	res.BuildS = (total - load).Seconds()
	res.PassagesPerS = float64(res.Passages) / res.BuildS
	res.PassagesPerSTotal = float64(res.Passages) / res.BuildTotalS
	res.BuildPeakRSSBytes = vmHWM()
	if res.SizeBytes, err = e.size(); err != nil {
		return err
	}
	logf("%s: built %d passages in %.1f s (indexing %.1f s), %.0f MB", cfg.Engine, res.Passages, res.BuildTotalS, res.BuildS, float64(res.SizeBytes)/1e6)
	runtime.GC()
	debug.FreeOSMemory()

	start = time.Now()
	if err := e.open(); err != nil {
		return fmt.Errorf("%s: open: %w", cfg.Engine, err)
	}
	res.OpenS = time.Since(start).Seconds()
	res.Version = e.version()

	// One warm-up round, then Reps measured rounds of the whole list.
	per := make([][]time.Duration, len(qs))
	res.PerQuery = make([]QueryResult, len(qs))
	for i, q := range qs {
		h, err := e.search(ctx, q)
		if err != nil {
			return fmt.Errorf("%s: query %q: %w", cfg.Engine, q.Line, err)
		}
		sent := q.Peer
		if cfg.Engine == engSummitbot {
			sent = q.Text
			if q.Event != "" {
				sent = fmt.Sprintf("event=%s text=%q", q.Event, q.Text)
			}
		} else if cfg.Engine == engFTS5 {
			all, rest := fts5Match(q.Peer)
			sent = all
			if rest != "" {
				sent += " | fewer than 5 rows: " + rest
			}
		}
		res.PerQuery[i] = QueryResult{Query: q.Line, Sent: sent, Hits: h.hits, Total: h.total, Top: h.top, Fragment: h.fragment}
	}
	var all []time.Duration
	for r := range cfg.Reps {
		for i, q := range qs {
			t := time.Now()
			if _, err := e.search(ctx, q); err != nil {
				return fmt.Errorf("%s: query %q: %w", cfg.Engine, q.Line, err)
			}
			d := time.Since(t)
			per[i] = append(per[i], d)
			all = append(all, d)
		}
		if (r+1)%max(1, cfg.Reps/4) == 0 {
			logf("%s: query round %d/%d", cfg.Engine, r+1, cfg.Reps)
		}
	}
	for i := range qs {
		slices.Sort(per[i])
		res.PerQuery[i].P50Ms = ms(pct(per[i], 0.50))
		res.PerQuery[i].MaxMs = ms(pct(per[i], 1))
	}
	slices.Sort(all)
	res.P50Ms, res.P95Ms, res.P99Ms, res.MaxMs = ms(pct(all, 0.50)), ms(pct(all, 0.95)), ms(pct(all, 0.99)), ms(pct(all, 1))
	var sum time.Duration
	for _, d := range all {
		sum += d
	}
	if len(all) > 0 {
		res.MeanMs = ms(sum / time.Duration(len(all)))
	}
	if err := e.close(); err != nil {
		return err
	}
	res.SelfPeakRSSBytes = vmHWM()
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(cfg.Out, data, 0o644)
}

// pct is the f-quantile of sorted latencies, as index/news_test.go takes it.
func pct(sorted []time.Duration, f float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(f*float64(len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%s] "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// vmHWM is this process's peak resident memory so far, in bytes (Linux).
func vmHWM() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb * 1024
		}
	}
	return 0
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	return n, err
}

// progress logs a build's progress every tenth of the way.
type progress struct {
	name string
	last int
}

func (p *progress) report(stage string, done, total int) {
	if total <= 0 {
		return
	}
	step := done * 10 / total
	if step > p.last || done == total {
		p.last = step
		if done == total {
			p.last = -1 // the next stage starts again
		}
		logf("%s: %s %d/%d", p.name, stage, done, total)
	}
}

// ---- the passage dump shared by the children ----

func writeDump(name string, ps []corpus.Passage) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	for i := range ps {
		if err := enc.Encode(&ps[i]); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readDump(name string) ([]corpus.Passage, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	var ps []corpus.Passage
	for {
		var p corpus.Passage
		if err := dec.Decode(&p); err != nil {
			if errors.Is(err, io.EOF) {
				return ps, nil
			}
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		ps = append(ps, p)
	}
}

// ---- (a) summitbot ----

type summitEngine struct {
	cfg childConfig
	dir string
	x   *index.Index
}

func (e *summitEngine) build(ctx context.Context) (time.Duration, error) {
	e.dir = filepath.Join(e.cfg.Work, "summitbot-index")
	if err := os.RemoveAll(e.dir); err != nil {
		return 0, err
	}
	p := &progress{name: engSummitbot}
	start := time.Now()
	var loadEnd time.Time
	x, err := index.Open(ctx, index.Options{
		Dir:       e.dir,
		Corpus:    os.DirFS(e.cfg.CorpusDir),
		BatchSize: e.cfg.Batch,
		Progress: func(stage string, done, total int) {
			if stage == "load" && done == total {
				// The last file is loaded, split and tagged: what follows
				// in Open is indexing.
				loadEnd = time.Now()
			}
			p.report(stage, done, total)
		},
	})
	if err != nil {
		return 0, err
	}
	e.x = x
	if loadEnd.IsZero() {
		loadEnd = start
	}
	return loadEnd.Sub(start), nil
}

func (e *summitEngine) open() error { return nil } // Open already reopened it read-only

func (e *summitEngine) search(ctx context.Context, q qline) (hitInfo, error) {
	res, err := e.x.Search(ctx, corpus.Query{Text: q.Text, Event: q.Event, Limit: 5})
	if err != nil {
		return hitInfo{}, err
	}
	h := hitInfo{hits: len(res.Hits), total: int64(res.Total)}
	if len(res.Hits) > 0 {
		h.top, h.fragment = res.Hits[0].Title, res.Hits[0].Fragment
	}
	return h, nil
}

func (e *summitEngine) size() (int64, error) { return dirSize(e.dir) }
func (e *summitEngine) close() error         { return e.x.Close() }
func (e *summitEngine) passages() int        { return e.x.Info().Passages }
func (e *summitEngine) version() string {
	return "summitbot " + index.Version + ", bleve " + moduleVersion("github.com/blevesearch/bleve/v2")
}

// ---- (b) plain Bleve, default mapping ----

// bleveDoc is the passage as a Bleve user would index it with the default
// (dynamic) mapping: the fields summitbot's own document has, less its
// private typo-correction field.
type bleveDoc struct {
	Text     string   `json:"text"`
	Title    string   `json:"title"`
	Source   string   `json:"source"`
	URL      string   `json:"url,omitempty"`
	Date     string   `json:"date,omitempty"`
	Events   []string `json:"events,omitempty"`
	Position float64  `json:"position"`
}

type bleveEngine struct {
	cfg childConfig
	ps  []corpus.Passage
	n   int
	dir string
	bl  bleve.Index
}

func (e *bleveEngine) build(ctx context.Context) (time.Duration, error) {
	e.dir = filepath.Join(e.cfg.Work, "bleve-index")
	if err := os.RemoveAll(e.dir); err != nil {
		return 0, err
	}
	bl, err := bleve.New(e.dir, bleve.NewIndexMapping())
	if err != nil {
		return 0, err
	}
	p := &progress{name: engBleve}
	b := bl.NewBatch()
	for i := range e.ps {
		ps := &e.ps[i]
		d := bleveDoc{Text: ps.Text, Title: ps.Title, Source: ps.Source, URL: ps.URL, Events: ps.Events, Position: float64(ps.Position)}
		if !ps.Date.IsZero() {
			d.Date = ps.Date.Format(time.RFC3339)
		}
		if err := b.Index(ps.ID, d); err != nil {
			bl.Close()
			return 0, err
		}
		if b.Size() >= e.cfg.Batch {
			if err := bl.Batch(b); err != nil {
				bl.Close()
				return 0, err
			}
			b.Reset()
			p.report("index", i+1, len(e.ps))
		}
	}
	if err := bl.Batch(b); err != nil {
		bl.Close()
		return 0, err
	}
	p.report("index", len(e.ps), len(e.ps))
	e.n = len(e.ps)
	e.ps = nil
	return 0, bl.Close()
}

func (e *bleveEngine) open() error {
	bl, err := bleve.OpenUsing(e.dir, map[string]any{"read_only": true})
	e.bl = bl
	return err
}

func (e *bleveEngine) search(ctx context.Context, q qline) (hitInfo, error) {
	// summitbot's semantics: passages with every word first, only they
	// when there are a page of them
	all := bleve.NewMatchQuery(q.Peer)
	all.SetField("_all")
	all.SetOperator(query.MatchQueryOperatorAnd)
	sr, err := e.page(ctx, all, pageSize)
	if err != nil {
		return hitInfo{}, err
	}
	if sr.Total < pageSize && len(strings.Fields(q.Peer)) > 1 {
		some := bleve.NewMatchQuery(q.Peer)
		some.SetField("_all")
		rest := bleve.NewBooleanQuery()
		rest.AddMust(some)
		rest.AddMustNot(all)
		more, err := e.page(ctx, rest, pageSize-len(sr.Hits))
		if err != nil {
			return hitInfo{}, err
		}
		sr.Total += more.Total
		sr.Hits = append(sr.Hits, more.Hits...)
	}
	h := hitInfo{hits: len(sr.Hits), total: int64(sr.Total)}
	if len(sr.Hits) > 0 {
		dm := sr.Hits[0]
		h.top, _ = dm.Fields["title"].(string)
		if f := dm.Fragments["text"]; len(f) > 0 {
			h.fragment = f[0]
		} else {
			for _, f := range dm.Fragments {
				if len(f) > 0 {
					h.fragment = f[0]
					break
				}
			}
		}
	}
	return h, nil
}

func (e *bleveEngine) page(ctx context.Context, q query.Query, size int) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Highlight = bleve.NewHighlight()
	req.Fields = []string{"title", "source"}
	return e.bl.SearchInContext(ctx, req)
}

func (e *bleveEngine) size() (int64, error) { return dirSize(e.dir) }
func (e *bleveEngine) close() error         { return e.bl.Close() }
func (e *bleveEngine) passages() int        { return e.n }
func (e *bleveEngine) version() string {
	return "bleve " + moduleVersion("github.com/blevesearch/bleve/v2") + " (scorch)"
}

// ---- (c) SQLite FTS5 ----

type ftsEngine struct {
	cfg  childConfig
	ps   []corpus.Passage
	n    int
	file string
	db   *sql.DB
	stmt *sql.Stmt
	ver  string
}

const ftsSchema = `CREATE VIRTUAL TABLE p USING fts5(title, text, source UNINDEXED, tokenize='porter unicode61')`

const ftsQuery = `SELECT source, title, snippet(p, 1, '**', '**', '…', 32), bm25(p) FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?`

func (e *ftsEngine) build(ctx context.Context) (time.Duration, error) {
	dir := filepath.Join(e.cfg.Work, "fts5-index")
	if err := os.RemoveAll(dir); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	e.file = filepath.Join(dir, "passages.db")
	db, err := sql.Open("sqlite3", "file:"+e.file)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, ftsSchema); err != nil {
		return 0, err
	}
	p := &progress{name: engFTS5}
	for start := 0; start < len(e.ps); start += e.cfg.Batch {
		end := min(start+e.cfg.Batch, len(e.ps))
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO p(title, text, source) VALUES(?, ?, ?)`)
		if err != nil {
			tx.Rollback()
			return 0, err
		}
		for i := start; i < end; i++ {
			if _, err := st.ExecContext(ctx, e.ps[i].Title, e.ps[i].Text, e.ps[i].Source); err != nil {
				st.Close()
				tx.Rollback()
				return 0, err
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			return 0, err
		}
		p.report("index", end, len(e.ps))
	}
	e.n = len(e.ps)
	e.ps = nil
	return 0, db.Close()
}

func (e *ftsEngine) open() error {
	db, err := sql.Open("sqlite3", "file:"+e.file+"?mode=ro")
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	if err := db.QueryRow(`SELECT sqlite_version()`).Scan(&e.ver); err != nil {
		db.Close()
		return err
	}
	st, err := db.Prepare(ftsQuery)
	if err != nil {
		db.Close()
		return err
	}
	e.db, e.stmt = db, st
	return nil
}

// fts5Match turns user text into FTS5 queries that cannot be query syntax:
// each whitespace-separated token becomes an FTS5 string (double quotes,
// inner quotes doubled), which FTS5 tokenizes like the text (so "Jong-un"
// is the phrase "jong un"). all joins the strings with AND; rest is what
// matches some but not all of them ("" for a single token). Searching all,
// then rest when all has fewer than a page, is summitbot's semantics:
// passages with every word first, only they when there are five. Tokens
// without a letter or digit are dropped (they would be empty phrases).
func fts5Match(s string) (all, rest string) {
	parts := fts5Tokens(s)
	all = strings.Join(parts, " AND ")
	if len(parts) > 1 {
		rest = "(" + strings.Join(parts, " OR ") + ") NOT (" + all + ")"
	}
	return all, rest
}

func fts5Tokens(s string) []string {
	var parts []string
	for _, tok := range strings.Fields(s) {
		if !strings.ContainsFunc(tok, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		parts = append(parts, `"`+strings.ReplaceAll(tok, `"`, `""`)+`"`)
	}
	return parts
}

func (e *ftsEngine) search(ctx context.Context, q qline) (hitInfo, error) {
	all, rest := fts5Match(q.Peer)
	h := hitInfo{total: -1}
	if all == "" {
		return h, nil
	}
	if err := e.query(ctx, &h, all, pageSize); err != nil {
		return h, err
	}
	if h.hits < pageSize && rest != "" {
		if err := e.query(ctx, &h, rest, pageSize-h.hits); err != nil {
			return h, err
		}
	}
	return h, nil
}

// pageSize is the hits a search asks for; with fewer passages that have
// every word, the others fill the page.
const pageSize = 5

func (e *ftsEngine) query(ctx context.Context, h *hitInfo, match string, limit int) error {
	rows, err := e.stmt.QueryContext(ctx, match, limit)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var source, title, snip string
		var score float64
		if err := rows.Scan(&source, &title, &snip, &score); err != nil {
			return err
		}
		if h.hits == 0 {
			h.top, h.fragment = title, snip
		}
		h.hits++
	}
	return rows.Err()
}

func (e *ftsEngine) size() (int64, error) { return dirSize(filepath.Dir(e.file)) }
func (e *ftsEngine) close() error {
	e.stmt.Close()
	return e.db.Close()
}
func (e *ftsEngine) passages() int { return e.n }
func (e *ftsEngine) version() string {
	return "SQLite " + e.ver + " via mattn/go-sqlite3 " + moduleVersion("github.com/mattn/go-sqlite3")
}

func moduleVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == path {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "unknown"
}
