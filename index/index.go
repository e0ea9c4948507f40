package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
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

	"github.com/summitbot/summitbot/corpus"
)

// Version of the index layout; an index built by another version is rebuilt.
// v5: passages no longer index their date; v6: a file table, for updates
// in place.
const Version = "index-v6"

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
	// RequireArticles fails a build that would find no article (see
	// Info.CheckArticles) before it replaces anything: `summitbot index` on
	// a folder of unsupported files must not swap in an empty index.
	RequireArticles bool
	// Warn is called for every skipped corpus file, every article indexed
	// despite a problem and every index folder inside the corpus folder
	// that is left out (see corpus.LoadOptions.Warn).
	Warn func(corpus.Warning)
	// Progress is called as a build goes: stage is "load" or "index".
	Progress func(stage string, done, total int)
	// BatchSize is the number of passages per index batch (default 2000).
	BatchSize int
	// Rebuild builds an on-disk index afresh even when the one there could
	// be updated in place or is up to date.
	Rebuild bool

	// stamps, when set, are the corpus's stamps taken just before by
	// Live.Watch, which an on-disk Open uses rather than stamping the
	// folder again (a third of an update's time on 25,000 files).
	stamps *corpus.Stamps

	// batch, when set, replaces Bleve's Batch during a build: tests inject
	// failures and panics through it.
	batch func(bleve.Index, *bleve.Batch) error
}

// Info describes an index generation.
type Info struct {
	Version string `json:"version"`
	// Fingerprint changes with any corpus file; Base only with what all
	// of them depend on (layout, mapping, catalogue): a generation whose
	// Base matches the corpus is updated in place rather than rebuilt.
	Fingerprint string `json:"fingerprint"`
	Base        string `json:"base"`
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
	// Change is what this Open applied when it updated the index in place
	// rather than rebuilding it; nil otherwise.
	Change *Change `json:"-"`
	// Newest is the indexed article with the latest date; zero when none
	// has a date.
	Newest Article `json:"-"`
	// Path is the generation folder, empty for an in-memory index.
	Path string `json:"-"`
}

// Summary is the one-line account of the indexed corpus: "12 articles, 73
// passages, 1 skipped", and the unsupported files not read, if any.
func (i Info) Summary() string {
	return corpus.SummaryOf(i.Articles, i.Passages, i.Skipped, i.Unsupported, i.UnsupportedFiles)
}

// errNoArticles means the corpus holds no article summitbot can read.
var errNoArticles = errors.New("no articles")

// CheckArticles fails with errNoArticles, naming the file types read, when
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
	return fmt.Errorf("%w in the corpus folder (%s); summitbot reads %s and %s files", errNoArticles, msg, strings.Join(exts[:len(exts)-1], ", "), exts[len(exts)-1])
}

// corpusInfo is the part of Info that describes the loaded corpus.
func corpusInfo(c *corpus.Corpus) Info {
	return Info{Version: Version, Articles: c.Articles, Passages: len(c.Passages), Skipped: len(c.Skipped),
		Unsupported: len(c.Unsupported), UnsupportedFiles: slices.Clone(c.Unsupported[:min(len(c.Unsupported), corpus.UnsupportedNamed)])}
}

// Index is an open, searchable passage index.
type Index struct {
	bl       bleve.Index
	analyzer analysis.Analyzer
	cat      *corpus.Catalogue
	info     Info
	vocab    *vocab
	articles map[string]article // by articleKey
	// synonyms maps a term to its single-word synonyms' terms, as Bleve
	// expands them at query time, for highlighting.
	synonyms map[string][]string
	// members holds each synonym group's members as query words joined by
	// spaces (the catalogue's Synonyms[g][i] is members[g][i]), split once
	// rather than on every search.
	members [][]string

	// stamp is the corpus's fingerprint (corpus.Fingerprint) taken before
	// it was read, "" for the embedded corpus: Live.Watch compares the
	// folder with it.
	stamp string

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
	x, err := newIndex(src)
	if err != nil {
		return nil, err
	}
	if opts.Dir == "" {
		switch {
		case opts.stamps != nil:
			x.stamp = opts.stamps.Fingerprint()
		case opts.Corpus != nil:
			x.stamp, _ = corpus.Fingerprint(src)
		}
		err = x.build(ctx, src, opts)
	} else {
		err = x.openDir(ctx, src, opts)
	}
	if err != nil {
		return nil, err
	}
	return x, nil
}

// newIndex is an index of the corpus src with its catalogue and analyser,
// not yet opened.
func newIndex(src fs.FS) (*Index, error) {
	cat, err := corpus.CatalogueFor(src, nil)
	if err != nil {
		return nil, err
	}
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	x := &Index{cat: cat, analyzer: m.AnalyzerNamed(en.AnalyzerName)}
	x.synonyms = synonymTerms(cat.Synonyms, x.analyze)
	for _, group := range cat.Synonyms {
		var ms []string
		for _, member := range group {
			ms = append(ms, strings.Join(queryWords(member), " "))
		}
		x.members = append(x.members, ms)
	}
	return x, nil
}

// build builds the index in memory.
func (x *Index) build(ctx context.Context, src fs.FS, opts Options) error {
	c, err := loadCorpus(ctx, src, x.cat, opts)
	if err != nil {
		return err
	}
	err = recovered("build index", func() error {
		m, err := newMapping()
		if err != nil {
			return fmt.Errorf("index mapping: %w", err)
		}
		bl, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return fmt.Errorf("create in-memory index: %w", err)
		}
		defer func() {
			if x.bl == nil {
				bl.Close()
			}
		}()
		words, err := fill(ctx, bl, c.Passages, x.cat.Synonyms, false, opts)
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
		return err
	}
	x.articles = articleTable(c.Passages)
	x.info = corpusInfo(c)
	x.info.Newest = newest(x.articles)
	x.info.BuiltAt, x.info.Built = time.Now().UTC(), true
	return nil
}

// openDir opens the generation in opts.Dir when its fingerprint matches
// the corpus and it opens cleanly; otherwise it builds a new one.
func (x *Index) openDir(ctx context.Context, src fs.FS, opts Options) error {
	sc, err := stampCorpus(src, x.cat, opts.stamps)
	if err != nil {
		return err
	}
	if opts.Corpus != nil {
		x.stamp = sc.st.Fingerprint()
	}
	gen, info, err := readCurrent(opts.Dir)
	switch {
	case err == nil && !opts.Rebuild && info.Fingerprint == sc.fp: // up to date
	case err == nil && !opts.Rebuild && info.Base == sc.base:
		gen, info, err = update(ctx, src, x.cat, gen, info, sc, opts)
	default:
		gen, info, err = rebuild(ctx, src, x.cat, sc, opts)
	}
	if err != nil {
		return err
	}
	if err := x.openGeneration(gen, info); err != nil {
		// A generation that cannot be opened is rebuilt from the corpus.
		if gen, info, err = rebuild(ctx, src, x.cat, sc, opts); err != nil {
			return err
		}
		if err := x.openGeneration(gen, info); err != nil {
			return err
		}
	}
	info.Path = gen
	info.Newest = newest(x.articles)
	x.info = info
	return nil
}

// openGeneration opens a generation's Bleve index, vocabulary and article
// table.
func (x *Index) openGeneration(gen string, info Info) error {
	if info.Version != Version {
		return fmt.Errorf("open index %q: built by %s, this summitbot reads %s: rebuild it (summitbot index --index DIR)", gen, info.Version, Version)
	}
	read := func(name string) ([]byte, error) { return readGenFile(gen, info, name) }
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

// Close releases the index; closing twice is harmless.
func (x *Index) Close() error {
	x.closeOnce.Do(func() { x.closeErr = x.bl.Close() })
	return x.closeErr
}

// Catalogue is the event catalogue of the indexed corpus.
func (x *Index) Catalogue() *corpus.Catalogue { return x.cat }

// Info describes the open index.
func (x *Index) Info() Info { return x.info }

// loadCorpus loads the articles of src and tags them with cat, the
// catalogue newIndex resolved for src: it is not resolved again.
func loadCorpus(ctx context.Context, src fs.FS, cat *corpus.Catalogue, opts Options) (*corpus.Corpus, error) {
	lo := corpus.LoadOptions{Strict: opts.Strict, Warn: opts.Warn, Catalogue: cat}
	if opts.Progress != nil {
		lo.Progress = func(done, total int) { opts.Progress("load", done, total) }
	}
	c, err := corpus.Load(ctx, src, lo)
	if err != nil {
		return nil, err
	}
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
