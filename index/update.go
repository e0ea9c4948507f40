package index

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/summitbot/summitbot/corpus"
)

// filesFile holds a generation's file table, beside Bleve's files: what
// each corpus file put in the index, so that a change to a few files is
// applied without reading the others again.
const filesFile = "files.json"

// fileRecord is what one corpus file put in the index.
type fileRecord struct {
	// Stamp is the file's corpus.Stamps entry when it was read.
	Stamp    string `json:"stamp"`
	Articles int    `json:"articles,omitempty"`
	// Passages counts the passages of each of its articles, by article
	// key: their IDs are the key, "#" and 0 to the count less one.
	Passages map[string]int `json:"passages,omitempty"`
	// Skipped counts the file's parts skipped (the whole file, or some
	// records of a JSON Lines file).
	Skipped int `json:"skipped,omitempty"`
}

// fileTable is the file table of a loaded corpus whose files had the
// given stamps.
func fileTable(c *corpus.Corpus, stamps map[string]string, read []string) map[string]fileRecord {
	out := make(map[string]fileRecord, len(read))
	for _, f := range read {
		out[f] = fileRecord{Stamp: stamps[f], Articles: c.FileArticles[f]}
	}
	for i := range c.Passages {
		p := &c.Passages[i]
		r, ok := out[p.Source]
		if !ok {
			continue
		}
		if r.Passages == nil {
			r.Passages = map[string]int{}
		}
		r.Passages[articleKey(p.ID)]++
		out[p.Source] = r
	}
	for _, w := range c.Skipped {
		// A warning names the file, or a record of it as "file:line".
		f := w.Path
		if _, ok := out[f]; !ok {
			if i := strings.LastIndexByte(f, ':'); i > 0 {
				f = f[:i]
			}
		}
		if r, ok := out[f]; ok {
			r.Skipped++
			out[f] = r
		}
	}
	return out
}

// tableInfo fills the counts of info from a file table.
func tableInfo(info Info, files map[string]fileRecord) Info {
	info.Articles, info.Passages, info.Skipped = 0, 0, 0
	for _, r := range files {
		info.Articles += r.Articles
		info.Skipped += r.Skipped
		for _, n := range r.Passages {
			info.Passages += n
		}
	}
	return info
}

// Change says what an update applied: the corpus files added, changed
// and removed since the generation it started from.
type Change struct {
	Added, Changed, Removed []string
}

// Size is the number of files the change touches.
func (c Change) Size() int { return len(c.Added) + len(c.Changed) + len(c.Removed) }

// toRead are the files the change reads: the added and the changed.
func (c Change) toRead() []string { return slices.Concat(c.Added, c.Changed) }

// toDrop are the files whose passages leave the index: the changed and
// the removed.
func (c Change) toDrop() []string { return slices.Concat(c.Changed, c.Removed) }

// diffFiles compares a file table with the corpus's stamps now.
func diffFiles(old map[string]fileRecord, now map[string]string) Change {
	var c Change
	for f, stamp := range now {
		r, ok := old[f]
		switch {
		case !ok:
			c.Added = append(c.Added, f)
		case r.Stamp != stamp:
			c.Changed = append(c.Changed, f)
		}
	}
	for f := range old {
		if _, ok := now[f]; !ok {
			c.Removed = append(c.Removed, f)
		}
	}
	slices.Sort(c.Added)
	slices.Sort(c.Changed)
	slices.Sort(c.Removed)
	return c
}

// worthUpdating reports whether a change to a corpus of n files is better
// applied in place than by a full rebuild: a rebuild reads every file but
// leaves one compact segment, so it wins once a good part of the corpus
// changed.
func worthUpdating(c Change, n int) bool { return c.Size() <= max(16, n/4) }

// stamped is a corpus's stamps with the fingerprints an index keeps.
type stamped struct {
	st corpus.Stamps
	// fp changes with any file; base only with what every file depends
	// on (layout, mapping, synonyms, catalogue): a generation whose base
	// matches can be updated in place.
	fp, base string
}

// stampCorpus stamps src, or takes the stamps given (Live.Watch has just
// taken them).
func stampCorpus(src fs.FS, cat *corpus.Catalogue, given *corpus.Stamps) (stamped, error) {
	if given == nil {
		st, err := corpus.Stamp(src)
		if err != nil {
			return stamped{}, err
		}
		given = &st
	}
	st := *given
	prefix := Version + ":" + shapeOf(cat) + ":"
	return stamped{st: st, fp: prefix + st.Fingerprint(), base: prefix + st.Static}, nil
}

// update makes a new generation from the current one, cur, by applying
// the corpus files that changed since (see newGeneration). It rebuilds
// instead when the change is too large to be worth it or the
// current generation's file table cannot be read.
func update(ctx context.Context, src fs.FS, cat *corpus.Catalogue, cur string, curInfo Info, sc stamped, opts Options) (string, Info, error) {
	files, err := readFileTable(cur, curInfo)
	if err != nil {
		return rebuild(ctx, src, cat, sc, opts)
	}
	ch := diffFiles(files, sc.st.Files)
	if !worthUpdating(ch, len(files)) {
		return rebuild(ctx, src, cat, sc, opts)
	}
	if err := checkWritable(opts.Dir); err != nil {
		return "", Info{}, err
	}
	if opts.Warn != nil {
		for _, w := range sc.st.Warnings() {
			opts.Warn(w)
		}
	}
	c, err := loadChanged(ctx, src, cat, ch.toRead(), opts)
	if err != nil {
		return "", Info{}, err
	}
	gen, info, err := newGeneration(opts.Dir, "update index", func(gen string) (Info, error) {
		return updateGeneration(ctx, cur, gen, curInfo, files, ch, c, sc, opts)
	})
	if err != nil {
		return "", Info{}, err
	}
	info.Change = &ch
	return gen, info, nil
}

// loadChanged loads the files read, none when only files were removed
// (corpus.Load would read the whole folder for an empty list).
func loadChanged(ctx context.Context, src fs.FS, cat *corpus.Catalogue, read []string, opts Options) (*corpus.Corpus, error) {
	if len(read) == 0 {
		return &corpus.Corpus{Catalogue: cat}, nil
	}
	lo := corpus.LoadOptions{Strict: opts.Strict, Warn: opts.Warn, Catalogue: cat, Only: read}
	if opts.Progress != nil {
		lo.Progress = func(done, total int) { opts.Progress("load", done, total) }
	}
	return corpus.Load(ctx, src, lo)
}

// updateGeneration builds the generation gen from cur and the change ch,
// whose added and changed files c holds.
func updateGeneration(ctx context.Context, cur, gen string, curInfo Info, files map[string]fileRecord, ch Change, c *corpus.Corpus, sc stamped, opts Options) (Info, error) {
	words, articles, err := readTables(cur, curInfo)
	if err != nil {
		return Info{}, err
	}
	if err := linkIndex(cur, gen); err != nil {
		return Info{}, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	bl, closeIndex, err := openWritable(gen, cancel)
	if err != nil {
		return Info{}, err
	}
	defer closeIndex()
	b := bl.NewBatch()
	for _, f := range ch.toDrop() {
		for key, n := range files[f].Passages {
			delete(articles, key)
			for i := range n {
				id := fmt.Sprintf("%s#%d", key, i)
				text, err := storedText(bl, id)
				if err != nil {
					return Info{}, err
				}
				words.remove(text)
				b.Delete(id)
			}
		}
		delete(files, f)
	}
	for i := range c.Passages {
		p := &c.Passages[i]
		if err := b.Index(p.ID, doc{Text: p.Text, Title: p.Title, Events: p.Events}); err != nil {
			return Info{}, fmt.Errorf("index passage %s: %w", p.ID, err)
		}
		words.add(p.Text)
	}
	maps.Copy(articles, articleTable(c.Passages))
	maps.Copy(files, fileTable(c, sc.st.Files, ch.toRead()))
	bt := newBatcher(bl, true, opts)
	if err := bt.batch(ctx, b); err != nil {
		return Info{}, fmt.Errorf("update index: %w", err)
	}
	if err := bt.persisted(ctx); err != nil {
		return Info{}, fmt.Errorf("update index: %w", err)
	}
	if err := closeIndex(); err != nil {
		return Info{}, err
	}
	info := tableInfo(Info{Version: Version, Unsupported: len(sc.st.Unsupported),
		UnsupportedFiles: slices.Clone(sc.st.Unsupported[:min(len(sc.st.Unsupported), corpus.UnsupportedNamed)])}, files)
	if opts.RequireArticles {
		if err := info.CheckArticles(); err != nil {
			return Info{}, err
		}
	}
	return writeGeneration(gen, info, sc, words, articles, files)
}

// maxMergedPassages is the largest segment, in passages, that an update
// merges with others.
const maxMergedPassages = 10000

// openWritable opens the Bleve index in gen for writing, its background
// failures reported to cancel (see buildGeneration); the function returned
// closes it, once.
func openWritable(gen string, cancel context.CancelCauseFunc) (bleve.Index, func() error, error) {
	store := gen + string(os.PathSeparator) + "store" // the path Bleve reports
	buildWatch.Store(store, cancel)
	// Updates merge only their own small segments: left to Bleve's
	// default plan, the fourth update merged the build's segment of half
	// a million passages with them, which took three minutes on the news
	// corpus. A rebuild compacts everything again.
	d := mergeplan.DefaultMergePlanOptions
	plan := map[string]any{ // Bleve reads its options as JSON
		"MaxSegmentsPerTier": d.MaxSegmentsPerTier, "MaxSegmentSize": 2 * maxMergedPassages,
		"TierGrowth": d.TierGrowth, "SegmentsPerMergeTask": d.SegmentsPerMergeTask,
		"FloorSegmentSize": d.FloorSegmentSize, "ReclaimDeletesWeight": d.ReclaimDeletesWeight,
	}
	bl, err := bleve.OpenUsing(gen, map[string]any{
		"asyncErrorCallbackName": asyncErrorCallback,
		"unsafe_batch":           true, // see buildGeneration; the batcher waits for the disk
		"scorchMergePlanOptions": plan,
	})
	if err != nil {
		buildWatch.Delete(store)
		return nil, nil, fmt.Errorf("open index %q for update: %w", gen, err)
	}
	closed, closeErr := false, error(nil)
	return bl, func() error {
		if !closed {
			closed = true
			if closeErr = bl.Close(); closeErr != nil {
				closeErr = fmt.Errorf("close index %q: %w", gen, closeErr)
			}
			buildWatch.Delete(store)
		}
		return closeErr
	}, nil
}

// storedText is the stored text of the passage id.
func storedText(bl bleve.Index, id string) (string, error) {
	d, err := bl.Document(id)
	if err != nil {
		return "", fmt.Errorf("read passage %s: %w", id, err)
	}
	var text string
	if d != nil {
		d.VisitFields(func(f bleveindex.Field) {
			if f.Name() == fieldText {
				text = string(f.Value())
			}
		})
	}
	return text, nil
}

// linkIndex makes gen a copy of the Bleve index in cur that costs almost
// no space or time: Bleve's segment files never change once written, so
// they are hard-linked; its root file, which every batch rewrites, is
// copied. The generation's own files are written afresh.
func linkIndex(cur, gen string) error {
	own := []string{infoFile, vocabFile, articlesFile, filesFile}
	return filepath.WalkDir(cur, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("copy index: %w", err)
		}
		rel, _ := filepath.Rel(cur, p)
		dst := filepath.Join(gen, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, 0o755)
		case slices.Contains(own, rel):
			return nil
		case d.Name() == "root.bolt":
			return copyFile(p, dst)
		}
		if err := os.Link(p, dst); err != nil {
			return copyFile(p, dst) // a file system without hard links
		}
		return nil
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("copy index: %w", err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("copy index: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy index: %w", err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("copy index: %w", err)
	}
	return out.Close()
}

// readGenFile reads one of a generation's own files and checks it against
// the checksum its Info recorded.
func readGenFile(gen string, info Info, name string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(gen, name))
	if err != nil {
		return nil, err
	}
	if sum := checksum(data); sum != info.Files[name] {
		return nil, fmt.Errorf("%s is damaged (checksum %.12s…, recorded %.12s…)", name, sum, info.Files[name])
	}
	return data, nil
}

func readFileTable(gen string, info Info) (map[string]fileRecord, error) {
	data, err := readGenFile(gen, info, filesFile)
	if err != nil {
		return nil, fmt.Errorf("open index %q: %w", gen, err)
	}
	var files map[string]fileRecord
	if err := json.Unmarshal(data, &files); err != nil {
		return nil, fmt.Errorf("open index %q: read %s: %w", gen, filesFile, err)
	}
	return files, nil
}

// readTables reads a generation's vocabulary, as counts to change, and
// its article table.
func readTables(gen string, info Info) (*vocabCounter, map[string]article, error) {
	data, err := readGenFile(gen, info, vocabFile)
	if err != nil {
		return nil, nil, fmt.Errorf("open index %q: %w", gen, err)
	}
	v, err := loadVocab(data)
	if err != nil {
		return nil, nil, fmt.Errorf("open index %q: %w", gen, err)
	}
	words := newVocabCounter()
	if err := v.withPrefix("", func(w string, n uint64) { words.words[w] = &wordCount{passages: n} }); err != nil {
		return nil, nil, err
	}
	if data, err = readGenFile(gen, info, articlesFile); err != nil {
		return nil, nil, fmt.Errorf("open index %q: %w", gen, err)
	}
	articles, err := decodeArticles(data)
	if err != nil {
		return nil, nil, fmt.Errorf("open index %q: %w", gen, err)
	}
	return words, articles, nil
}

// newGenerationName names a new generation folder: it sorts by time and
// two processes never pick the same.
func newGenerationName() string {
	return genPrefix + time.Now().UTC().Format("20060102T150405") + "-" + randomHex(4)
}
