package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Corpus is a loaded article folder: its passages, tagged with the events
// of its catalogue, and what was skipped on the way.
type Corpus struct {
	Catalogue *Catalogue
	Passages  []Passage
	Articles  int
	Skipped   []Warning
}

// Summary is the one-line report printed at the end of a load.
func (c *Corpus) Summary() string {
	return fmt.Sprintf("%d articles, %d passages, %d skipped", c.Articles, len(c.Passages), len(c.Skipped))
}

// LoadOptions tune Load.
type LoadOptions struct {
	// Strict turns every warning into a failure of the whole load.
	Strict bool
	// Warn, when set, is called for each skipped file as it is found.
	Warn func(Warning)
	// Progress, when set, is called after each file with the files done
	// and the total.
	Progress func(done, total int)
	// Base is the catalogue the corpus folder's own catalogue extends;
	// nil means the embedded default catalogue.
	Base *Catalogue
}

// Load reads every article under the root of fsys, recursively, skipping
// hidden files and folders and the catalogue file. Files that cannot be
// used are skipped with a warning; with Strict they fail the load instead.
func Load(ctx context.Context, fsys fs.FS, opts LoadOptions) (*Corpus, error) {
	cat, err := CatalogueFor(fsys, opts.Base)
	if err != nil {
		return nil, err
	}
	files, err := listFiles(fsys)
	if err != nil {
		return nil, err
	}
	tagger := NewTagger(cat)

	type result struct {
		articles int
		passages []Passage
		warns    []Warning
	}
	results := make([]result, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				r := &results[i]
				arts, warns, err := readArticles(fsys, files[i])
				if err != nil {
					warns = append(warns, Warning{Path: files[i], Reason: err.Error()})
				}
				r.warns = warns
				r.articles = len(arts)
				for _, a := range arts {
					r.passages = append(r.passages, tagPassages(tagger, cat, a)...)
				}
				if opts.Progress != nil || opts.Warn != nil {
					mu.Lock()
					done++
					if opts.Warn != nil {
						for _, w := range r.warns {
							opts.Warn(w)
						}
					}
					if opts.Progress != nil {
						opts.Progress(done, len(files))
					}
					mu.Unlock()
				}
			}
		})
	}
	var cancelled error
feed:
	for i := range files {
		// A select with both cases ready picks one at random: check the
		// context first so that a cancelled load always fails.
		if err := ctx.Err(); err != nil {
			cancelled = err
			break feed
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			cancelled = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if cancelled != nil {
		return nil, fmt.Errorf("load corpus: %w", cancelled)
	}

	c := &Corpus{Catalogue: cat}
	n := 0
	for _, r := range results {
		n += len(r.passages)
	}
	c.Passages = make([]Passage, 0, n)
	for _, r := range results {
		c.Articles += r.articles
		c.Passages = append(c.Passages, r.passages...)
		c.Skipped = append(c.Skipped, r.warns...)
	}
	if opts.Strict && len(c.Skipped) > 0 {
		errs := make([]error, len(c.Skipped))
		for i, w := range c.Skipped {
			errs[i] = errors.New(w.String())
		}
		return nil, fmt.Errorf("strict load: %d problem(s): %w", len(c.Skipped), errors.Join(errs...))
	}
	return c, nil
}

// CatalogueFor returns the catalogue that applies to a corpus folder: base
// (the embedded default when nil) extended by the folder's own CatalogueFile.
func CatalogueFor(fsys fs.FS, base *Catalogue) (*Catalogue, error) {
	if base == nil {
		var err error
		if base, err = DefaultCatalogue(); err != nil {
			return nil, err
		}
	}
	own, err := LoadCatalogue(fsys)
	if err != nil {
		return nil, err
	}
	return base.Merge(own), nil
}

func readArticles(fsys fs.FS, name string) ([]Article, []Warning, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		// The path is already in the warning: keep only the cause.
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Err != nil {
			err = pe.Err
		}
		return nil, nil, fmt.Errorf("unreadable: %w", err)
	}
	return ParseFile(name, data)
}

// tagPassages splits an article and tags each passage with the events it
// speaks of, plus the events the article declares.
func tagPassages(t *Tagger, cat *Catalogue, a Article) []Passage {
	ps := Split(a)
	declared := make([]string, 0, len(a.Events))
	for _, id := range a.Events {
		if e, ok := cat.Resolve(id); ok {
			declared = append(declared, e.ID)
		}
	}
	articleCtx := t.HasContext(a.Title) || len(declared) > 0
	for i := range ps {
		ev := t.Tag(ps[i].Text, articleCtx)
		if len(declared) > 0 {
			ev = append(ev, declared...)
			slices.Sort(ev)
			ev = slices.Compact(ev)
		}
		ps[i].Events = ev
	}
	return ps
}

// listFiles returns the article candidates under the root, sorted.
func listFiles(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil // an unreadable sub-folder is reported by its files' absence, not fatal
		}
		name := d.Name()
		if p != "." && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Kubernetes mounts ConfigMap files as symlinks: follow links to
			// regular files (links to folders are not walked, so no loops).
			if fi, err := fs.Stat(fsys, p); err != nil || !fi.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if p == CatalogueFile || !isArticleFile(name) {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read corpus folder: %w", err)
	}
	slices.Sort(files)
	return files, nil
}

func isArticleFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".txt", ".text", ".json", ".jsonl", ".ndjson":
		return true
	}
	return false
}

// FingerprintVersion changes whenever parsing, splitting or tagging changes
// in a way that makes an existing index stale.
const FingerprintVersion = "corpus-v2"

// Fingerprint identifies the content of a corpus folder cheaply: the path,
// size and modification time of every article file and of the catalogue
// (file content where the file system has no times, as in embedded files).
func Fingerprint(fsys fs.FS) (string, error) {
	files, err := listFiles(fsys)
	if err != nil {
		return "", err
	}
	if _, err := fs.Stat(fsys, CatalogueFile); err == nil {
		files = append(files, CatalogueFile)
	}
	h := sha256.New()
	fmt.Fprintln(h, FingerprintVersion)
	if def, err := fs.ReadFile(Builtin(), CatalogueFile); err == nil {
		h.Write(def) // the default catalogue is part of every corpus
	}
	for _, f := range files {
		info, err := fs.Stat(fsys, f)
		if err != nil {
			fmt.Fprintf(h, "%s\x00missing\n", f)
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", f, info.Size(), info.ModTime().UnixNano())
		if info.ModTime().IsZero() {
			data, err := fs.ReadFile(fsys, f)
			if err == nil {
				h.Write(data)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
