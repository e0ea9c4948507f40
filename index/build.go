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
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/summitbot/summitbot/corpus"
)

// workSuffix names the folder a generation is built in.
const workSuffix = ".build"

// rebuild builds a new generation beside the current one (see
// newGeneration) from the whole corpus.
func rebuild(ctx context.Context, src fs.FS, cat *corpus.Catalogue, sc stamped, opts Options) (string, Info, error) {
	if err := checkWritable(opts.Dir); err != nil {
		return "", Info{}, err
	}
	c, err := loadCorpus(ctx, src, cat, opts)
	if err != nil {
		return "", Info{}, err
	}
	return newGeneration(opts.Dir, "build index", func(gen string) (Info, error) {
		// Bleve builds in a work folder; the finished index is compacted
		// into the generation folder (see compact). Both names start with
		// genPrefix, so a crash leaves nothing removeOldGenerations would
		// not clean.
		defer os.RemoveAll(gen + workSuffix)
		return buildGeneration(ctx, c, gen, sc, opts)
	})
}

// newGeneration makes a generation in a new folder of dir with fill, then
// points CURRENT at it with an atomic rename and removes superseded
// generations. When fill fails, for any reason including a panic inside
// Bleve, CURRENT and the generation it names are left untouched and the new
// folder is removed: a build or an update killed at any point leaves CURRENT
// naming a complete generation, old or new.
func newGeneration(dir, op string, fill func(gen string) (Info, error)) (string, Info, error) {
	name := newGenerationName()
	gen := filepath.Join(dir, name)
	var info Info
	err := recovered(op, func() error {
		var err error
		info, err = fill(gen)
		if err == nil {
			err = swapCurrent(dir, name)
		}
		return err
	})
	if err != nil {
		// Measure the free space before the cleanup gives it back.
		err = explainBuildError(dir, err)
		os.RemoveAll(gen)
		return "", Info{}, err
	}
	removeOldGenerations(dir, name)
	info.Built = true
	return gen, info, nil
}

// buildGeneration indexes the corpus into the generation folder gen and
// writes the generation's own files (see writeGeneration).
func buildGeneration(ctx context.Context, c *corpus.Corpus, gen string, sc stamped, opts Options) (Info, error) {
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
	read := slices.Collect(maps.Keys(sc.st.Files))
	return writeGeneration(gen, corpusInfo(c), sc, words, articleTable(c.Passages), fileTable(c, sc.st.Files, read))
}

// writeGeneration writes a generation's own files beside Bleve's: the
// vocabulary, the article table, the file table and, last, its Info.
func writeGeneration(gen string, info Info, sc stamped, words *vocabCounter, articles map[string]article, files map[string]fileRecord) (Info, error) {
	info.Fingerprint, info.Base, info.BuiltAt, info.Files = sc.fp, sc.base, time.Now().UTC(), map[string]string{}
	vocabData, err := words.bytes()
	var articleData, fileData []byte
	if err == nil {
		articleData, err = encodeArticles(articles)
	}
	if err == nil {
		if fileData, err = json.Marshal(files); err != nil {
			err = fmt.Errorf("write file table: %w", err)
		}
	}
	for name, data := range map[string][]byte{vocabFile: vocabData, articlesFile: articleData, filesFile: fileData} {
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

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
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
