package index

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	"golang.org/x/sync/errgroup"

	"github.com/summitbot/summitbot/corpus"
)

// Version of the index layout; an index built by another version is rebuilt.
const Version = "index-v4"

// Files inside an index folder.
const (
	currentFile = "CURRENT"        // names the generation folder in use
	infoFile    = "summitbot.json" // Info of a generation, written last
	genPrefix   = "gen-"
)

// Options say where the corpus and the index live.
type Options struct {
	// Dir is the index folder; empty builds the index in memory.
	Dir string
	// Corpus is the article folder; nil means the embedded default corpus.
	Corpus fs.FS
	// Strict fails the build on any skipped file.
	Strict bool
	// RequireArticles fails a build that would find no article (with
	// ErrNoArticles) before it replaces anything: `summitbot index` on a
	// folder of unsupported files must not swap in an empty index.
	RequireArticles bool
	// ReadOnly opens the index already in Dir without ever building, as a
	// second process beside the one that maintains the index does.
	ReadOnly bool
	// Warn is called for every skipped corpus file, every article indexed
	// despite a problem and every index folder inside the corpus folder
	// that is left out (see corpus.LoadOptions.Warn).
	Warn func(corpus.Warning)
	// Progress is called as a build goes: stage is "load" or "index".
	Progress func(stage string, done, total int)
	// BatchSize is the number of passages per index batch (default 2000).
	BatchSize int

	// batch, when set, replaces Bleve's Batch during a build: tests inject
	// failures and panics through it.
	batch func(bleve.Index, *bleve.Batch) error
}

// Info describes an index generation.
type Info struct {
	Version     string `json:"version"`
	Fingerprint string `json:"fingerprint"`
	Articles    int    `json:"articles"`
	Passages    int    `json:"passages"`
	Skipped     int    `json:"skipped"`
	// Unsupported counts the corpus files not read because their type is
	// not an article format; UnsupportedFiles names the first few.
	Unsupported      int       `json:"unsupported,omitempty"`
	UnsupportedFiles []string  `json:"unsupported_files,omitempty"`
	BuiltAt          time.Time `json:"built_at"`
	// Files holds the SHA-256 of the generation's own files (vocabulary,
	// article table), which have no checksum of their own.
	Files map[string]string `json:"files,omitempty"`
	// Built is true when this Open built the index rather than reusing one.
	Built bool `json:"-"`
	// Path is the generation folder, empty for an in-memory index.
	Path string `json:"-"`
}

// Summary is the one-line account of the indexed corpus: "12 articles, 73
// passages, 1 skipped", and the unsupported files not read, if any.
func (i Info) Summary() string {
	return corpus.SummaryOf(i.Articles, i.Passages, i.Skipped, i.Unsupported, i.UnsupportedFiles)
}

// ErrNoArticles means the corpus holds no article summitbot can read.
var ErrNoArticles = errors.New("no articles")

// CheckArticles fails with ErrNoArticles, naming the file types read, when
// the index holds no article.
func (i Info) CheckArticles() error {
	if i.Articles > 0 {
		return nil
	}
	exts := corpus.Extensions()
	msg := fmt.Sprintf("%d skipped", i.Skipped)
	if i.Unsupported > 0 {
		msg = corpus.DescribeUnsupported(i.Unsupported, i.UnsupportedFiles)
		if i.Skipped > 0 {
			msg = fmt.Sprintf("%d skipped, %s", i.Skipped, msg)
		}
	}
	return fmt.Errorf("%w in the corpus folder (%s); summitbot reads %s and %s files", ErrNoArticles, msg, strings.Join(exts[:len(exts)-1], ", "), exts[len(exts)-1])
}

// corpusInfo is the part of Info that describes the loaded corpus.
func corpusInfo(c *corpus.Corpus) Info {
	return Info{Version: Version, Articles: c.Articles, Passages: len(c.Passages), Skipped: len(c.Skipped),
		Unsupported: len(c.Unsupported), UnsupportedFiles: slices.Clone(c.Unsupported[:min(len(c.Unsupported), corpus.UnsupportedNamed)])}
}

// Index is an open, searchable passage index.
type Index struct {
	bl       bleve.Index
	mapping  *mapping.IndexMappingImpl
	analyzer analysis.Analyzer
	cat      *corpus.Catalogue
	info     Info
	vocab    *vocab
	articles map[string]article // by articleKey
	// synonyms maps a term to its single-word synonyms' terms, as Bleve
	// expands them at query time, for highlighting.
	synonyms map[string][]string
	// members holds each synonym group's members as query words joined by
	// spaces (the catalogue's Synonyms[g][i] is members[g][i]), split once rather than
	// on every search.
	members [][]string

	closeOnce sync.Once
	closeErr  error
}

// Open returns a searchable index for the corpus: in memory when Dir is
// empty; otherwise the index in Dir when its fingerprint matches the
// corpus, or a fresh one built aside and swapped in.
func Open(ctx context.Context, opts Options) (*Index, error) {
	src := opts.Corpus
	if src == nil {
		src = corpus.Builtin()
	}
	cat, err := corpus.CatalogueFor(src, nil)
	if err != nil {
		return nil, err
	}
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	x := &Index{mapping: m, cat: cat, analyzer: m.AnalyzerNamed(en.AnalyzerName)}
	x.synonyms = synonymTerms(cat.Synonyms, x.analyze)
	for _, group := range cat.Synonyms {
		var ms []string
		for _, member := range group {
			ms = append(ms, strings.Join(queryWords(member), " "))
		}
		x.members = append(x.members, ms)
	}

	if opts.Dir == "" {
		c, err := loadCorpus(ctx, src, cat, opts)
		if err != nil {
			return nil, err
		}
		err = recovered("build index", func() error {
			bl, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
			if err != nil {
				return fmt.Errorf("create in-memory index: %w", err)
			}
			defer func() {
				if x.bl == nil {
					bl.Close()
				}
			}()
			words, err := fill(ctx, bl, c.Passages, cat.Synonyms, false, opts)
			if err != nil {
				return err
			}
			data, err := words.bytes()
			if err == nil {
				x.vocab, err = loadVocab(data)
			}
			if err != nil {
				return err
			}
			x.bl = bl
			return nil
		})
		if err != nil {
			return nil, err
		}
		x.articles = articleTable(c.Passages)
		x.info = corpusInfo(c)
		x.info.BuiltAt, x.info.Built = time.Now().UTC(), true
		return x, nil
	}

	fp, err := corpus.Fingerprint(src)
	if err != nil {
		return nil, err
	}
	fp = Version + ":" + shapeOf(cat) + ":" + fp
	gen, info, curErr := readCurrent(opts.Dir)
	switch {
	case curErr == nil && (info.Fingerprint == fp || opts.ReadOnly):
		// fresh, or a reader that must not build
	case opts.ReadOnly:
		return nil, fmt.Errorf("open index %q read-only: %w", opts.Dir, curErr)
	default:
		if gen, info, err = rebuild(ctx, src, cat, fp, opts); err != nil {
			return nil, err
		}
	}
	if err := x.openGeneration(gen, info); err != nil {
		if opts.ReadOnly {
			return nil, err
		}
		// A generation that cannot be opened is rebuilt from the corpus.
		if gen, info, err = rebuild(ctx, src, cat, fp, opts); err != nil {
			return nil, err
		}
		if err := x.openGeneration(gen, info); err != nil {
			return nil, err
		}
	}
	info.Path = gen
	x.info = info
	return x, nil
}

// openGeneration opens a generation's Bleve index, vocabulary and article
// table.
func (x *Index) openGeneration(gen string, info Info) error {
	if info.Version != Version {
		return fmt.Errorf("open index %q: built by %s, this summitbot reads %s: rebuild it (summitbot index --index DIR)", gen, info.Version, Version)
	}
	read := func(name string) ([]byte, error) {
		data, err := os.ReadFile(filepath.Join(gen, name))
		if err != nil {
			return nil, err
		}
		if sum := checksum(data); sum != info.Files[name] {
			return nil, fmt.Errorf("%s is damaged (checksum %.12s…, recorded %.12s…)", name, sum, info.Files[name])
		}
		return data, nil
	}
	data, err := read(vocabFile)
	if err != nil {
		return fmt.Errorf("open index %q: %w", gen, err)
	}
	v, err := loadVocab(data)
	if err != nil {
		return fmt.Errorf("open index %q: %w", gen, err)
	}
	if data, err = read(articlesFile); err != nil {
		return fmt.Errorf("open index %q: %w", gen, err)
	}
	articles, err := decodeArticles(data)
	if err != nil {
		return fmt.Errorf("open index %q: %w", gen, err)
	}
	bl, err := bleve.OpenUsing(gen, map[string]any{"read_only": true})
	if err != nil {
		return fmt.Errorf("open index %q: %w", gen, err)
	}
	x.bl, x.vocab, x.articles = bl, v, articles
	return nil
}

// synonymTerms maps each term of a single-word synonym to the terms of its
// group, analysed as Bleve analyses the synonym source.
func synonymTerms(groups [][]string, analyze func(string) []string) map[string][]string {
	out := map[string][]string{}
	for _, group := range groups {
		var terms []string
		for _, s := range singleWords(group) {
			terms = append(terms, analyze(s)...)
		}
		for _, t := range terms {
			for _, u := range terms {
				if u != t && !slices.Contains(out[t], u) {
					out[t] = append(out[t], u)
				}
			}
		}
	}
	return out
}

// singleWords are the members of a synonym group that Bleve's synonym
// source takes: single words, without hyphens or apostrophes.
func singleWords(group []string) []string {
	var single []string
	for _, s := range group {
		if len(strings.Fields(s)) == 1 && !strings.ContainsAny(s, "-'") {
			single = append(single, s)
		}
	}
	return single
}

// Close releases the index; closing twice is harmless.
func (x *Index) Close() error {
	x.closeOnce.Do(func() { x.closeErr = x.bl.Close() })
	return x.closeErr
}

// Catalogue is the event catalogue of the indexed corpus.
func (x *Index) Catalogue() *corpus.Catalogue { return x.cat }

// Info describes the open index.
func (x *Index) Info() Info { return x.info }

func loadCorpus(ctx context.Context, src fs.FS, cat *corpus.Catalogue, opts Options) (*corpus.Corpus, error) {
	lo := corpus.LoadOptions{Strict: opts.Strict, Warn: opts.Warn}
	if opts.Progress != nil {
		lo.Progress = func(done, total int) { opts.Progress("load", done, total) }
	}
	c, err := corpus.Load(ctx, src, lo)
	if err != nil {
		return nil, err
	}
	c.Catalogue = cat
	if opts.RequireArticles {
		if err := corpusInfo(c).CheckArticles(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// readCurrent returns the generation folder CURRENT names and its Info.
func readCurrent(dir string) (string, Info, error) {
	var info Info
	name, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return "", info, err
	}
	gen := filepath.Join(dir, filepath.Base(strings.TrimSpace(string(name))))
	data, err := os.ReadFile(filepath.Join(gen, infoFile))
	if err != nil {
		return "", info, err
	}
	if err := json.Unmarshal(data, &info); err != nil {
		return "", info, fmt.Errorf("read %s: %w", infoFile, err)
	}
	return gen, info, nil
}

// rebuild builds a new generation beside the current one, then points
// CURRENT at it with an atomic rename and removes superseded generations.
// A build that fails, for any reason including a panic inside Bleve, leaves
// CURRENT and the generation it names untouched and removes its own files.
func rebuild(ctx context.Context, src fs.FS, cat *corpus.Catalogue, fp string, opts Options) (string, Info, error) {
	if err := checkWritable(opts.Dir); err != nil {
		return "", Info{}, err
	}
	c, err := loadCorpus(ctx, src, cat, opts)
	if err != nil {
		return "", Info{}, err
	}
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	name := genPrefix + time.Now().UTC().Format("20060102T150405") + "-" + hex.EncodeToString(suffix)
	gen := filepath.Join(opts.Dir, name)
	// Bleve builds in a work folder; the finished index is compacted into
	// the generation folder (see compact). Both names start with genPrefix,
	// so a crash leaves nothing removeOldGenerations would not clean.
	defer os.RemoveAll(gen + workSuffix)
	var info Info
	err = recovered("build index", func() error {
		var err error
		info, err = buildGeneration(ctx, c, gen, fp, opts)
		if err == nil {
			err = swapCurrent(opts.Dir, name)
		}
		return err
	})
	if err != nil {
		// Measure the free space before the cleanup gives it back.
		err = explainBuildError(opts.Dir, err)
		os.RemoveAll(gen)
		return "", Info{}, err
	}
	removeOldGenerations(opts.Dir, name)
	info.Built = true
	return gen, info, nil
}

// buildGeneration indexes the corpus into the generation folder gen and
// writes the generation's own files, its Info last.
func buildGeneration(ctx context.Context, c *corpus.Corpus, gen, fp string, opts Options) (Info, error) {
	m, err := newMapping()
	if err != nil {
		return Info{}, err
	}
	work := gen + workSuffix // removed by rebuild
	// Bleve's background goroutines (persister, merger) report their
	// failures, a full disk among them, only through a callback: watch
	// them so that they fail the build instead of stalling it.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	store := work + string(os.PathSeparator) + "store" // the path Bleve reports
	buildWatch.Store(store, cancel)
	defer buildWatch.Delete(store)
	// Batches are unsafe (Batch returns once its segment is in the index,
	// before it is on disk): when persisting a safe batch fails (a full
	// disk), Bleve closes the batch's segment although the index holds it,
	// and the next batch or the persister's retry panics on it (zapx
	// invertedIndexCache.insertLOCKED: assignment to entry in nil map),
	// the persister in a goroutine of Bleve's own that nothing can
	// recover. fillIndex waits for the persistence itself.
	bl, err := bleve.NewUsing(work, m, scorch.Name, scorch.Name, map[string]any{
		"asyncErrorCallbackName": asyncErrorCallback,
		"unsafe_batch":           true,
	})
	if err != nil {
		return Info{}, fmt.Errorf("create index %q: %w", work, err)
	}
	open := true
	defer func() {
		if open {
			bl.Close()
		}
	}()
	words, err := fill(ctx, bl, c.Passages, c.Catalogue.Synonyms, true, opts)
	if err == nil {
		err = compact(ctx, bl, gen)
	}
	if err != nil {
		// A panic or a failed batch often follows what the persister or
		// merger reported first (a full disk): keep both.
		var be *bleveError
		if errors.As(context.Cause(ctx), &be) && !errors.Is(err, be) && !strings.Contains(be.Error(), rootCause(err).Error()) {
			err = fmt.Errorf("%w; before that, %w", err, be)
		}
		return Info{}, err
	}
	open = false
	if err := bl.Close(); err != nil {
		return Info{}, fmt.Errorf("close index %q: %w", work, err)
	}
	info := corpusInfo(c)
	info.Fingerprint, info.BuiltAt, info.Files = fp, time.Now().UTC(), map[string]string{}
	vocabData, err := words.bytes()
	var articleData []byte
	if err == nil {
		articleData, err = encodeArticles(articleTable(c.Passages))
	}
	for name, data := range map[string][]byte{vocabFile: vocabData, articlesFile: articleData} {
		if err == nil {
			err = writeFileSync(filepath.Join(gen, name), data)
			info.Files[name] = checksum(data)
		}
	}
	if err != nil {
		return Info{}, err
	}
	data, _ := json.MarshalIndent(info, "", "  ")
	if err := writeFileSync(filepath.Join(gen, infoFile), data); err != nil {
		return Info{}, err
	}
	// The generation's entries must be on disk before CURRENT names it.
	syncDir(gen)
	return info, nil
}

// swapCurrent points CURRENT at the generation name with an atomic rename.
func swapCurrent(dir, name string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	if err := writeFileSync(tmp, []byte(name+"\n")); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("swap index: %w", err)
	}
	syncDir(dir)
	return nil
}

// asyncErrorCallback is the name under which this package registers its
// callback for the errors of Bleve's background goroutines.
const asyncErrorCallback = "summitbot-build"

// buildWatch maps the store folder of each on-disk build in progress to
// the function that cancels it; Bleve names the folder when it reports an
// error of its persister or merger.
var buildWatch sync.Map // string -> context.CancelCauseFunc

func init() {
	// Bleve's registry is read-only once the program runs: register here.
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = func(err error, path string) {
		if errors.Is(err, scorch.ErrCleanup) {
			return // merged-away files that could not be removed yet: harmless
		}
		if cancel, ok := buildWatch.Load(path); ok {
			cancel.(context.CancelCauseFunc)(&bleveError{err})
		}
	}
}

// bleveError is an error one of Bleve's background goroutines reported.
type bleveError struct{ err error }

func (e *bleveError) Error() string { return "bleve reported: " + e.err.Error() }
func (e *bleveError) Unwrap() error { return e.err }

// rootCause is the innermost error err wraps.
func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// panicError is a panic recovered during a build, inside Bleve or ours.
type panicError struct {
	op    string
	value any
	at    string // the function and line that panicked
}

func (e *panicError) Error() string {
	if e.at == "" {
		return fmt.Sprintf("%s: panic: %v", e.op, e.value)
	}
	return fmt.Sprintf("%s: panic: %v (in %s)", e.op, e.value, e.at)
}

// Unwrap exposes a panic value that is an error (a runtime error, say).
func (e *panicError) Unwrap() error {
	err, _ := e.value.(error)
	return err
}

// recovered runs fn and turns a panic into an error naming op. Every
// goroutine of a build that calls into Bleve runs under it: a panic there
// would otherwise end the process, and the index serving in it.
func recovered(op string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{op: op, value: r, at: panicSite()}
		}
	}()
	return fn()
}

// panicSite names the function and line that panicked, called from the
// deferred function that recovered the panic.
func panicSite() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	panicking := false
	for {
		f, more := frames.Next()
		if f.Function == "runtime.gopanic" {
			panicking = true
		} else if panicking && !strings.HasPrefix(f.Function, "runtime.") {
			return fmt.Sprintf("%s at %s:%d", f.Function, filepath.Base(f.File), f.Line)
		}
		if !more {
			return ""
		}
	}
}

// lowSpace is the free space under which a file system counts as full when
// a build panicked without saying why.
const lowSpace = 1 << 20

// explainBuildError says that the index folder's file system is full when
// that made the build fail: when the error says so (Bleve often reports
// ENOSPC as text only), or when Bleve panicked with little space left.
func explainBuildError(dir string, err error) error {
	free, total, statErr := diskSpace(dir)
	said := errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), syscall.ENOSPC.Error())
	var pe *panicError
	if !said && (!errors.As(err, &pe) || statErr != nil || (free >= lowSpace && free*100 >= total)) {
		return err
	}
	hint := "free some space or choose another folder with --index or INDEX_DIR"
	if statErr != nil {
		return fmt.Errorf("build index in %q: %w (%s): %w", dir, syscall.ENOSPC, hint, err)
	}
	return fmt.Errorf("build index in %q: %w (%s free of %s; %s): %w", dir, syscall.ENOSPC, bytesize(free), bytesize(total), hint, err)
}

// bytesize formats a number of bytes for people.
func bytesize(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// workSuffix names the folder a generation is built in.
const workSuffix = ".build"

// compact merges a freshly built index into one segment and copies it to
// dir. An online build leaves a couple of dozen segments, and every query
// term is looked up in each: on the news corpus one segment answers in
// about 25 % less time at the median and at p99, for about 6 s more
// build. Bleve deletes merged-away segment files only in a background
// cleanup that Close does not wait for, hence the copy of the live
// snapshot alone.
func compact(ctx context.Context, bl bleve.Index, dir string) error {
	adv, err := bl.Advanced()
	if err != nil {
		return fmt.Errorf("compact index: %w", err)
	}
	if s, ok := adv.(*scorch.Scorch); ok {
		if err := forceMerge(ctx, s); err != nil {
			return err
		}
	}
	c, ok := bl.(bleve.IndexCopyable)
	if !ok {
		return fmt.Errorf("compact index: %T cannot be copied", bl)
	}
	if err := c.CopyTo(bleve.FileSystemDirectory(dir)); err != nil {
		return fmt.Errorf("compact index into %q: %w", dir, err)
	}
	// The copy is not synced: do it before CURRENT may point at it.
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("sync index: %w", err)
		}
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("sync index: %w", err)
		}
		defer f.Close()
		if err := f.Sync(); err != nil && !d.IsDir() {
			return fmt.Errorf("sync index: %w", err)
		}
		return nil
	})
}

// scorchMergeDone is the context key under which Bleve's merger reports the
// outcome of a force merge (scorch's mergeDoneKey, an untyped string
// constant, so the key must be a plain string). Without it a failed merge
// (a full disk) is retried in a loop and ForceMerge waits until the index
// is closed.
const scorchMergeDone = "mergeDone"

// forceMerge merges s into one segment. On failure or cancellation it
// returns at once; the caller's Close then releases the merge.
func forceMerge(ctx context.Context, s *scorch.Scorch) error {
	plan := mergeplan.SingleSegmentMergePlanOptions
	plan.SegmentsPerMergeTask = math.MaxInt32 // all segments in one merge
	outcome := make(chan error, 1)
	returned := make(chan error, 1)
	go func() {
		returned <- recovered("compact index", func() error {
			//nolint:staticcheck // SA1029: the key must be the string Bleve looks up
			return s.ForceMerge(context.WithValue(ctx, scorchMergeDone, outcome), &plan)
		})
	}()
	select {
	case err := <-outcome:
		if err != nil {
			return fmt.Errorf("compact index: %w", err)
		}
		if err := <-returned; err != nil {
			return fmt.Errorf("compact index: %w", err)
		}
	case err := <-returned: // refused before merging
		if err != nil {
			return fmt.Errorf("compact index: %w", err)
		}
	case <-ctx.Done():
		return fmt.Errorf("compact index: %w", context.Cause(ctx))
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("compact index: %w", err)
	}
	return nil
}

// checkWritable creates the folder if needed and proves a file can be
// written in it, so an unusable folder fails before a long build.
func checkWritable(dir string) error {
	hint := "choose another folder with --index or INDEX_DIR"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("index folder %q cannot be created (%s): %w", dir, hint, err)
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return fmt.Errorf("index folder %q is not writable (%s): %w", dir, hint, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

func checksum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func writeFileSync(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", name, err)
	}
	return f.Close()
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// removeOldGenerations deletes every generation but keep. Folders without
// an info file may be a build in progress in another process, so only
// those older than a day are removed.
func removeOldGenerations(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), genPrefix) || e.Name() == keep {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if _, err := os.Stat(filepath.Join(p, infoFile)); errors.Is(err, fs.ErrNotExist) {
			if fi, err := e.Info(); err != nil || time.Since(fi.ModTime()) < 24*time.Hour {
				continue
			}
		}
		os.RemoveAll(p)
	}
}

// fill indexes the synonym definitions and the passages in batches, and
// counts the passages' words for the vocabulary on the side. With durable,
// it returns once every batch is on disk (see fillIndex).
func fill(ctx context.Context, bl bleve.Index, passages []corpus.Passage, synonyms [][]string, durable bool, opts Options) (*vocabCounter, error) {
	words := newVocabCounter()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var countErr error
	wg.Go(func() {
		countErr = recovered("count words", func() error {
			for i := range passages {
				if i%1024 == 0 {
					select {
					case <-stop:
						return nil
					default:
					}
				}
				words.add(passages[i].Text)
			}
			return nil
		})
	})
	err := recovered("build index", func() error { return fillIndex(ctx, bl, passages, synonyms, durable, opts) })
	if err != nil {
		close(stop)
	}
	wg.Wait()
	if err == nil {
		err = countErr
	}
	if err != nil {
		return nil, err
	}
	return words, nil
}

// indexWorkers is the number of batches handed to Bleve at once: Bleve
// analyses a batch on every core but builds its segment on one, so a
// second batch being analysed meanwhile keeps the cores busy.
const indexWorkers = 2

// fillIndex indexes the synonyms and the passages. With durable (an index
// on disk, opened with unsafe batches), at most indexWorkers batches wait
// for the persister at a time, as safe batches would, and fillIndex
// returns once all of them are on disk, or when ctx ends: the persister
// reports its failures (a full disk) only through Bleve's asynchronous
// error callback, which cancels the build.
func fillIndex(ctx context.Context, bl bleve.Index, passages []corpus.Passage, synonyms [][]string, durable bool, opts Options) error {
	size := opts.BatchSize
	if size <= 0 {
		size = 2000
	}
	run := bl.Batch
	if opts.batch != nil {
		run = func(b *bleve.Batch) error { return opts.batch(bl, b) }
	}
	unpersisted := make(chan struct{}, indexWorkers) // a token per batch not yet on disk
	batch := func(ctx context.Context, b *bleve.Batch) error {
		if !durable {
			return run(b)
		}
		select {
		case unpersisted <- struct{}{}:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		var once sync.Once
		release := func() { once.Do(func() { <-unpersisted }) }
		// Bleve calls this once the batch is on disk, never on failure.
		b.SetPersistedCallback(func(error) { release() })
		if err := run(b); err != nil {
			release()
			return err
		}
		return nil
	}
	b := bl.NewBatch()
	for i, group := range synonyms {
		single := singleWords(group)
		if len(single) < 2 {
			continue
		}
		if err := b.IndexSynonym(fmt.Sprintf("syn-%d", i), synonymCollection, &bleve.SynonymDefinition{Synonyms: single}); err != nil {
			return fmt.Errorf("index synonyms: %w", err)
		}
	}
	if err := batch(ctx, b); err != nil {
		return fmt.Errorf("index synonyms: %w", err)
	}

	g, gctx := errgroup.WithContext(ctx)
	starts := make(chan int)
	g.Go(func() error {
		defer close(starts)
		for start := 0; start < len(passages); start += size {
			select {
			case starts <- start:
			case <-gctx.Done():
				return fmt.Errorf("build index: %w", context.Cause(gctx))
			}
		}
		return nil
	})
	var mu sync.Mutex // serialises progress reports
	indexed := 0
	for range indexWorkers {
		g.Go(func() error {
			// A panic inside Bleve (a full disk has made zapx panic) must
			// fail the build, not end the process.
			return recovered("build index", func() error {
				for start := range starts {
					end := min(start+size, len(passages))
					b := bl.NewBatch()
					for i := start; i < end; i++ {
						p := &passages[i]
						d := doc{Text: p.Text, Title: p.Title, Events: p.Events}
						if !p.Date.IsZero() {
							day := dayTerm(p.Date)
							d.Date = &day
						}
						if err := b.Index(p.ID, d); err != nil {
							return fmt.Errorf("index passage %s: %w", p.ID, err)
						}
					}
					if err := batch(gctx, b); err != nil {
						return fmt.Errorf("build index: %w", err)
					}
					mu.Lock()
					indexed += end - start
					if opts.Progress != nil {
						opts.Progress("index", indexed, len(passages))
					}
					mu.Unlock()
				}
				return nil
			})
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if durable {
		for range indexWorkers {
			select {
			case unpersisted <- struct{}{}:
			case <-ctx.Done():
				return fmt.Errorf("build index: %w", context.Cause(ctx))
			}
		}
	}
	if len(passages) == 0 && opts.Progress != nil {
		opts.Progress("index", 0, 0)
	}
	return nil
}
