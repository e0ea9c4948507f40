package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
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
	// Warnings are about articles indexed all the same (Kept): a date that
	// could not be read, say.
	Warnings []Warning
	// Unsupported lists the files not read because their type is not an
	// article format (.html, .pdf, no extension...), sorted.
	Unsupported []string
	// Excluded lists the folders left out because they hold an index, not
	// articles (an index folder inside the corpus folder), sorted.
	Excluded []string
	// FileArticles counts the articles each file read gave (files that
	// gave none are absent): an index updated file by file keeps its
	// article count right with it.
	FileArticles map[string]int
}

// Summary is the one-line report printed at the end of a load.
func (c *Corpus) Summary() string {
	return SummaryOf(c.Articles, len(c.Passages), len(c.Skipped), len(c.Unsupported), c.Unsupported)
}

// SummaryOf is the one-line account of a corpus, "12 articles, 73
// passages, 1 skipped", with the unsupported files not read, if any (names
// holds the first of them); an index's record of its corpus says it too.
func SummaryOf(articles, passages, skipped, unsupported int, names []string) string {
	s := fmt.Sprintf("%d articles, %d passages, %d skipped", articles, passages, skipped)
	if unsupported > 0 {
		s += ", " + DescribeUnsupported(unsupported, names)
	}
	return s
}

// UnsupportedNamed is how many unsupported files a summary names.
const UnsupportedNamed = 3

// DescribeUnsupported says how many unsupported files were not read and
// names the first few of names: "4 unsupported files not read: a.html,
// b.pdf, c.docx and 1 more".
func DescribeUnsupported(total int, names []string) string {
	names = names[:min(len(names), UnsupportedNamed, total)]
	s := fmt.Sprintf("%d unsupported files not read", total)
	if total == 1 {
		s = "1 unsupported file not read"
	}
	if len(names) == 0 {
		return s
	}
	list := strings.Join(names, ", ")
	if more := total - len(names); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	return s + ": " + list
}

// Extensions are the file name extensions read as articles, in any case.
func Extensions() []string { return slices.Clone(extensions) }

var extensions = []string{".md", ".markdown", ".txt", ".text", ".json", ".jsonl", ".ndjson"}

// LoadOptions tune Load.
type LoadOptions struct {
	// Strict turns every warning into a failure of the whole load.
	Strict bool
	// Warn, when set, is called for each skipped file as it is found, for
	// each article indexed despite a problem (Warning.Kept), and once for
	// each index folder left out (Kept too).
	Warn func(Warning)
	// Progress, when set, is called after each file with the files done
	// and the total.
	Progress func(done, total int)
	// Base is the catalogue the corpus folder's own catalogue extends;
	// nil means the embedded default catalogue.
	Base *Catalogue
	// Catalogue, when set, is the catalogue that applies to the folder,
	// already resolved (see CatalogueFor): the passages are tagged with it
	// and the corpus holds it as it is; the folder's CatalogueFile is not
	// read again and Base is not used.
	Catalogue *Catalogue
	// Only, when not nil, names the article files to read (paths as in
	// Stamps.Files); the folder is not walked, so the corpus lists no
	// unsupported file and no excluded folder. Index updates read the
	// files that changed this way.
	Only []string
}

// Load reads every article under the root of fsys, recursively, skipping
// hidden files and folders, index folders (see isIndexFolder) and the
// catalogue file. Files that cannot be used are skipped with a warning;
// with Strict they fail the load instead, as do the warnings of articles
// indexed despite a problem.
func Load(ctx context.Context, fsys fs.FS, opts LoadOptions) (*Corpus, error) {
	cat := opts.Catalogue
	if cat == nil {
		var err error
		if cat, err = CatalogueFor(fsys, opts.Base); err != nil {
			return nil, err
		}
	}
	list, err := listing{files: slices.Sorted(slices.Values(opts.Only))}, error(nil)
	if opts.Only == nil {
		list, err = listFiles(fsys)
	}
	if err != nil {
		return nil, err
	}
	if opts.Warn != nil {
		for _, dir := range list.excluded {
			opts.Warn(excludedWarning(dir))
		}
	}
	results, err := readFiles(ctx, fsys, cat, list.files, opts)
	if err != nil {
		return nil, err
	}
	c := gather(cat, list, results)
	if opts.Strict {
		if err := strictError(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// fileResult is what one file of the corpus gave: its articles' count and
// tagged passages, and the warnings about it.
type fileResult struct {
	articles int
	passages []Passage
	warns    []Warning
}

// readFiles reads, splits and tags the files on GOMAXPROCS workers, telling
// opts.Warn and opts.Progress about each file as it is done. The results
// are indexed like files, so the corpus does not depend on which worker
// finished first. A cancelled ctx stops the feed and fails the load.
func readFiles(ctx context.Context, fsys fs.FS, cat *Catalogue, files []string, opts LoadOptions) ([]fileResult, error) {
	tagger := newTagger(cat)
	results := make([]fileResult, len(files))
	jobs := make(chan int)
	rep := &reporter{opts: opts, total: len(files)}
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				results[i] = readFile(fsys, files[i], tagger, cat)
				rep.done(results[i].warns)
			}
		})
	}
	cancelled := feed(ctx, jobs, len(files))
	close(jobs)
	wg.Wait()
	if cancelled != nil {
		return nil, fmt.Errorf("load corpus: %w", cancelled)
	}
	return results, nil
}

// readFile reads one file's articles and tags their passages; a file that
// cannot be read or parsed is a warning, not a failure.
func readFile(fsys fs.FS, name string, tagger *tagger, cat *Catalogue) fileResult {
	arts, warns, err := readArticles(fsys, name)
	if err != nil {
		warns = append(warns, Warning{Path: name, Reason: err.Error()})
	}
	r := fileResult{articles: len(arts), warns: warns}
	for _, a := range arts {
		r.passages = append(r.passages, tagPassages(tagger, cat, a)...)
	}
	return r
}

// reporter passes the workers' news to Load's callbacks one file at a
// time, so that the callbacks need not be safe for concurrent use.
type reporter struct {
	opts  LoadOptions
	total int
	mu    sync.Mutex
	count int
}

// done reports a finished file: its warnings, then the progress.
func (r *reporter) done(warns []Warning) {
	if r.opts.Progress == nil && r.opts.Warn == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count++
	if r.opts.Warn != nil {
		for _, w := range warns {
			r.opts.Warn(w)
		}
	}
	if r.opts.Progress != nil {
		r.opts.Progress(r.count, r.total)
	}
}

// feed sends the job numbers 0 to n-1 until ctx is done, and returns ctx's
// error if it stopped early.
func feed(ctx context.Context, jobs chan<- int, n int) error {
	for i := range n {
		// A select with both cases ready picks one at random: check the
		// context first so that a cancelled load always fails.
		if err := ctx.Err(); err != nil {
			return err
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// gather puts the files' results together in file order: passages and
// article counts, and warnings split into the skipped files and those
// about articles kept.
func gather(cat *Catalogue, list listing, results []fileResult) *Corpus {
	c := &Corpus{Catalogue: cat, Unsupported: list.unsupported, Excluded: list.excluded, FileArticles: map[string]int{}}
	for i, r := range results {
		if r.articles > 0 {
			c.FileArticles[list.files[i]] = r.articles
		}
	}
	n := 0
	for _, r := range results {
		n += len(r.passages)
	}
	c.Passages = make([]Passage, 0, n)
	for _, r := range results {
		c.Articles += r.articles
		c.Passages = append(c.Passages, r.passages...)
		for _, w := range r.warns {
			if w.Kept {
				c.Warnings = append(c.Warnings, w)
			} else {
				c.Skipped = append(c.Skipped, w)
			}
		}
	}
	return c
}

// strictError is the failure of a strict load of c: every skipped file and
// every warning, sorted by path; nil when there are none.
func strictError(c *Corpus) error {
	problems := append(slices.Clone(c.Skipped), c.Warnings...)
	if len(problems) == 0 {
		return nil
	}
	slices.SortStableFunc(problems, func(a, b Warning) int { return strings.Compare(a.Path, b.Path) })
	errs := make([]error, len(problems))
	for i, w := range problems {
		errs[i] = errors.New(w.String())
	}
	return fmt.Errorf("strict load: %d problem(s): %w", len(problems), errors.Join(errs...))
}

// excludedWarning says that the folder dir was not read because it holds an
// index.
func excludedWarning(dir string) Warning {
	if dir == "." {
		return Warning{Path: ".", Reason: "the corpus folder is also the index folder; the index's own files (CURRENT, gen-*) are not read as articles", Kept: true}
	}
	return Warning{Path: dir + "/", Reason: "an index folder inside the corpus folder; its files are not read as articles", Kept: true}
}

// CatalogueFor returns the catalogue that applies to a corpus folder: base
// (the embedded default when nil) extended by the folder's own CatalogueFile,
// or that file alone when it says it is standalone.
func CatalogueFor(fsys fs.FS, base *Catalogue) (*Catalogue, error) {
	own, err := loadCatalogue(fsys)
	if err != nil {
		return nil, err
	}
	cat := own
	if !own.Standalone {
		// Only a catalogue that extends the default needs it read.
		if base == nil {
			if base, err = DefaultCatalogue(); err != nil {
				return nil, err
			}
		}
		cat = base.merge(own)
	}
	if err := cat.check(); err != nil {
		return nil, fmt.Errorf("%s: catalogue: %w", CatalogueFile, err)
	}
	return cat, nil
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
	return parseFile(name, data)
}

// tagPassages splits an article and tags each passage with the events it
// speaks of, plus the events the article declares.
func tagPassages(t *tagger, cat *Catalogue, a Article) []Passage {
	ps := split(a)
	declared := make([]string, 0, len(a.Events))
	for _, id := range a.Events {
		if e, ok := cat.Resolve(id); ok {
			declared = append(declared, e.ID)
		}
	}
	articleCtx := t.hasContext(a.Title) || len(declared) > 0
	for i := range ps {
		ev := t.tag(ps[i].Text, articleCtx)
		if len(declared) > 0 {
			ev = append(ev, declared...)
			slices.Sort(ev)
			ev = slices.Compact(ev)
		}
		ps[i].Events = ev
	}
	return ps
}

// listing is what a walk of the corpus folder found, each list sorted.
type listing struct {
	files       []string // article candidates
	unsupported []string // regular files of other types
	excluded    []string // index folders left out
}

// Index folders, as package index lays them out: CURRENT names the
// generation folder in use, whose name starts with indexGenPrefix. Any
// folder holding bleveMeta is a Bleve index (a generation, or one being
// built).
const (
	indexCurrent   = "CURRENT"
	indexGenPrefix = "gen-"
	bleveMeta      = "index_meta.json"
)

// isIndexFolder reports whether the folder p of fsys is an index folder:
// one whose CURRENT file names a generation, or a Bleve index.
func isIndexFolder(fsys fs.FS, p string) bool {
	if fi, err := fs.Stat(fsys, path.Join(p, bleveMeta)); err == nil && fi.Mode().IsRegular() {
		return true
	}
	f, err := fsys.Open(path.Join(p, indexCurrent))
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 256) // CURRENT holds one short line
	n, _ := io.ReadFull(f, head)
	return strings.HasPrefix(strings.TrimSpace(string(head[:n])), indexGenPrefix)
}

// listFiles walks the corpus folder: the article candidates, the files of
// other types, and the index folders it leaves out. When the corpus folder
// is itself the index folder, only the index's own entries are left out.
func listFiles(fsys fs.FS) (listing, error) {
	var l listing
	rootIsIndex := false
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
			switch {
			case p == ".":
				if rootIsIndex = isIndexFolder(fsys, "."); rootIsIndex {
					l.excluded = append(l.excluded, ".")
				}
			case rootIsIndex && path.Dir(p) == "." && strings.HasPrefix(name, indexGenPrefix):
				return fs.SkipDir
			case isIndexFolder(fsys, p):
				l.excluded = append(l.excluded, p)
				return fs.SkipDir
			}
			return nil
		}
		if rootIsIndex && (p == indexCurrent || p == indexCurrent+".tmp") {
			return nil
		}
		if !isRegularFile(fsys, p, d) {
			return nil
		}
		switch {
		case p == CatalogueFile:
		case isArticleFile(name):
			l.files = append(l.files, p)
		default:
			l.unsupported = append(l.unsupported, p)
		}
		return nil
	})
	if err != nil {
		return listing{}, fmt.Errorf("read corpus folder: %w", err)
	}
	slices.Sort(l.files)
	slices.Sort(l.unsupported)
	slices.Sort(l.excluded)
	return l, nil
}

// isRegularFile reports whether the entry d at p is a regular file or a
// link to one: Kubernetes mounts ConfigMap files as symlinks (links to
// folders are not walked, so there are no loops).
func isRegularFile(fsys fs.FS, p string, d fs.DirEntry) bool {
	if d.Type()&fs.ModeSymlink == 0 {
		return d.Type().IsRegular()
	}
	fi, err := fs.Stat(fsys, p)
	return err == nil && fi.Mode().IsRegular()
}

func isArticleFile(name string) bool {
	return slices.Contains(extensions, strings.ToLower(path.Ext(name)))
}

// fingerprintVersion changes whenever parsing, splitting or tagging changes
// in a way that makes an existing index stale.
const fingerprintVersion = "corpus-v4" // v4: an event's own tagging context; a place or date needs context beside it

// Stamps is a cheap account of a corpus folder's content, file by file,
// for deciding what changed since an index was built (see Fingerprint).
type Stamps struct {
	// Static covers what every file depends on: the parser's version, the
	// default catalogue and the folder's own catalogue file. When it
	// changes, every file must be read again.
	Static string
	// Files maps each article file to its stamp: its size and modification
	// time, or a hash of its content where the file system has no times,
	// as in embedded files.
	Files map[string]string
	// Unsupported lists the files not read because of their type, sorted.
	Unsupported []string
	// Excluded lists the index folders left out, sorted.
	Excluded []string
}

// Warnings are what a Load of the folder says about it beyond its files:
// the index folders it leaves out.
func (st Stamps) Warnings() []Warning {
	var out []Warning
	for _, dir := range st.Excluded {
		out = append(out, excludedWarning(dir))
	}
	return out
}

// Stamp returns the stamps of the corpus folder. Hidden files and folders
// and index folders are left out, as Load leaves them out: an index kept
// inside the corpus folder does not change them.
func Stamp(fsys fs.FS) (Stamps, error) {
	list, err := listFiles(fsys)
	if err != nil {
		return Stamps{}, err
	}
	h := sha256.New()
	fmt.Fprintln(h, fingerprintVersion)
	if def, err := fs.ReadFile(Builtin(), CatalogueFile); err == nil {
		h.Write(def) // the default catalogue is part of every corpus
	}
	if _, err := fs.Stat(fsys, CatalogueFile); err == nil {
		fmt.Fprintf(h, "%s\x00%s\n", CatalogueFile, stampOf(fsys, CatalogueFile))
	}
	st := Stamps{Static: hex.EncodeToString(h.Sum(nil)), Files: make(map[string]string, len(list.files)), Unsupported: list.unsupported, Excluded: list.excluded}
	for _, f := range list.files {
		st.Files[f] = stampOf(fsys, f)
	}
	return st, nil
}

// stampOf is a file's size and modification time, or the hash of its
// content when the file system gives no time.
func stampOf(fsys fs.FS, name string) string {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return "missing"
	}
	if info.ModTime().IsZero() {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "unreadable"
		}
		sum := sha256.Sum256(data)
		return "sha256:" + hex.EncodeToString(sum[:])
	}
	return fmt.Sprintf("%d:%d", info.Size(), info.ModTime().UnixNano())
}

// Fingerprint identifies the content of a corpus folder cheaply: its
// Stamps in one hash.
func Fingerprint(fsys fs.FS) (string, error) {
	st, err := Stamp(fsys)
	if err != nil {
		return "", err
	}
	return st.Fingerprint(), nil
}

// Fingerprint is the stamps in one hash.
func (st Stamps) Fingerprint() string {
	h := sha256.New()
	fmt.Fprintln(h, st.Static)
	for _, f := range slices.Sorted(maps.Keys(st.Files)) {
		fmt.Fprintf(h, "%s\x00%s\n", f, st.Files[f])
	}
	return hex.EncodeToString(h.Sum(nil))
}
