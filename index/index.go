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
	"slices"
	"strings"
	"sync"
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
	// ReadOnly opens the index already in Dir without ever building, as a
	// second process beside the one that maintains the index does.
	ReadOnly bool
	// Warn is called for every skipped corpus file.
	Warn func(corpus.Warning)
	// Progress is called as a build goes: stage is "load" or "index".
	Progress func(stage string, done, total int)
	// BatchSize is the number of passages per index batch (default 2000).
	BatchSize int
}

// Info describes an index generation.
type Info struct {
	Version     string    `json:"version"`
	Fingerprint string    `json:"fingerprint"`
	Articles    int       `json:"articles"`
	Passages    int       `json:"passages"`
	Skipped     int       `json:"skipped"`
	BuiltAt     time.Time `json:"built_at"`
	// Files holds the SHA-256 of the generation's own files (vocabulary,
	// article table), which have no checksum of their own.
	Files map[string]string `json:"files,omitempty"`
	// Built is true when this Open built the index rather than reusing one.
	Built bool `json:"-"`
	// Path is the generation folder, empty for an in-memory index.
	Path string `json:"-"`
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
	// spaces (synonymGroups[g][i] is members[g][i]), split once rather than
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
	x.synonyms = synonymTerms(x.analyze)
	for _, group := range synonymGroups {
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
		bl, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("create in-memory index: %w", err)
		}
		words, err := fill(ctx, bl, c.Passages, opts)
		if err != nil {
			bl.Close()
			return nil, err
		}
		data, err := words.bytes()
		if err == nil {
			x.vocab, err = loadVocab(data)
		}
		if err != nil {
			bl.Close()
			return nil, err
		}
		x.bl = bl
		x.articles = articleTable(c.Passages)
		x.info = Info{Version: Version, Articles: c.Articles, Passages: len(c.Passages), Skipped: len(c.Skipped), BuiltAt: time.Now().UTC(), Built: true}
		return x, nil
	}

	fp, err := corpus.Fingerprint(src)
	if err != nil {
		return nil, err
	}
	fp = Version + ":" + fp
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
func synonymTerms(analyze func(string) []string) map[string][]string {
	out := map[string][]string{}
	for _, group := range synonymGroups {
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
	m, err := newMapping()
	if err != nil {
		return "", Info{}, err
	}
	// Bleve builds in a work folder; the finished index is compacted into
	// the generation folder (see compact). Both names start with genPrefix,
	// so a crash leaves nothing removeOldGenerations would not clean.
	work := gen + workSuffix
	defer os.RemoveAll(work)
	bl, err := bleve.NewUsing(work, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return "", Info{}, fmt.Errorf("create index %q: %w", work, err)
	}
	words, err := fill(ctx, bl, c.Passages, opts)
	if err == nil {
		err = compact(ctx, bl, gen)
	}
	if err != nil {
		bl.Close()
		os.RemoveAll(gen)
		return "", Info{}, err
	}
	if err := bl.Close(); err != nil {
		os.RemoveAll(gen)
		return "", Info{}, fmt.Errorf("close index %q: %w", work, err)
	}
	info := Info{Version: Version, Fingerprint: fp, Articles: c.Articles, Passages: len(c.Passages), Skipped: len(c.Skipped), BuiltAt: time.Now().UTC(), Files: map[string]string{}}
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
		os.RemoveAll(gen)
		return "", Info{}, err
	}
	data, _ := json.MarshalIndent(info, "", "  ")
	if err := writeFileSync(filepath.Join(gen, infoFile), data); err != nil {
		os.RemoveAll(gen)
		return "", Info{}, err
	}
	// The generation's entries must be on disk before CURRENT names it.
	syncDir(gen)
	if err := writeFileSync(filepath.Join(opts.Dir, currentFile+".tmp"), []byte(name+"\n")); err != nil {
		os.RemoveAll(gen)
		return "", Info{}, err
	}
	if err := os.Rename(filepath.Join(opts.Dir, currentFile+".tmp"), filepath.Join(opts.Dir, currentFile)); err != nil {
		os.RemoveAll(gen)
		return "", Info{}, fmt.Errorf("swap index: %w", err)
	}
	syncDir(opts.Dir)
	removeOldGenerations(opts.Dir, name)
	info.Built = true
	return gen, info, nil
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
		//nolint:staticcheck // SA1029: the key must be the string Bleve looks up
		returned <- s.ForceMerge(context.WithValue(ctx, scorchMergeDone, outcome), &plan)
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
// counts the passages' words for the vocabulary on the side.
func fill(ctx context.Context, bl bleve.Index, passages []corpus.Passage, opts Options) (*vocabCounter, error) {
	words := newVocabCounter()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range passages {
			if i%1024 == 0 {
				select {
				case <-stop:
					return
				default:
				}
			}
			words.add(passages[i].Text)
		}
	})
	err := fillIndex(ctx, bl, passages, opts)
	if err != nil {
		close(stop)
	}
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return words, nil
}

// indexWorkers is the number of batches handed to Bleve at once: Bleve
// analyses a batch on every core but builds its segment on one, so a
// second batch being analysed meanwhile keeps the cores busy.
const indexWorkers = 2

func fillIndex(ctx context.Context, bl bleve.Index, passages []corpus.Passage, opts Options) error {
	size := opts.BatchSize
	if size <= 0 {
		size = 2000
	}
	b := bl.NewBatch()
	for i, group := range synonymGroups {
		single := singleWords(group)
		if len(single) < 2 {
			continue
		}
		if err := b.IndexSynonym(fmt.Sprintf("syn-%d", i), synonymCollection, &bleve.SynonymDefinition{Synonyms: single}); err != nil {
			return fmt.Errorf("index synonyms: %w", err)
		}
	}
	if err := bl.Batch(b); err != nil {
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
				if err := bl.Batch(b); err != nil {
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
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if len(passages) == 0 && opts.Progress != nil {
		opts.Progress("index", 0, 0)
	}
	return nil
}
