package index

import (
	"context"
	"errors"
	"fmt"
	"github.com/summitbot/summitbot/corpus"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// openDir opens the index in indexDir over the corpus in corpusDir, as
// Open does: reusing the generation CURRENT names when it matches the
// corpus, building one otherwise.
func openDir(t *testing.T, corpusDir, indexDir string) *Index {
	t.Helper()
	x, err := Open(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(corpusDir)})
	if err != nil {
		t.Fatalf("open %s: %v", indexDir, err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func generations(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPersistenceAndFingerprint(t *testing.T) {
	corpusDir := writeCorpus(t, map[string]string{
		"a.md": md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
	})
	indexDir := filepath.Join(t.TempDir(), "idx")

	first := openDir(t, corpusDir, indexDir)
	if !first.Info().Built || first.Info().Passages != 1 {
		t.Fatalf("first open must build: %+v", first.Info())
	}
	fp := first.Info().Fingerprint
	first.Close()

	again := openDir(t, corpusDir, indexDir)
	if again.Info().Built || again.Info().Fingerprint != fp {
		t.Errorf("unchanged corpus must reuse the index: %+v", again.Info())
	}
	// A second Open of the folder while the first holds it, as a second
	// process would, reuses the same generation: Bleve opens it read-only.
	reader := openDir(t, corpusDir, indexDir)
	if reader.Info().Built || reader.Info().Path != again.Info().Path {
		t.Errorf("a second Open must reuse the generation the first holds: %+v", reader.Info())
	}
	if got := len(find(t, reader, corpus.Query{Text: "joint statement"}).Hits); got != 1 {
		t.Errorf("second reader: %d hits", got)
	}
	reader.Close()
	again.Close()

	// Changing the corpus rebuilds aside and swaps; the old generation goes.
	oldGen := again.Info().Path
	later := time.Now().Add(time.Minute)
	if err := os.WriteFile(filepath.Join(corpusDir, "b.md"), []byte(md("B", "2019-02-28", "The Hanoi summit ended without a deal.")), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(filepath.Join(corpusDir, "b.md"), later, later)
	rebuilt := openDir(t, corpusDir, indexDir)
	if !rebuilt.Info().Built || rebuilt.Info().Fingerprint == fp || rebuilt.Info().Passages != 2 {
		t.Errorf("changed corpus must rebuild: %+v", rebuilt.Info())
	}
	if gens := generations(t, indexDir); len(gens) != 1 || gens[0] == oldGen {
		t.Errorf("after the swap only the new generation remains: %v", gens)
	}
	if got := len(find(t, rebuilt, corpus.Query{Text: "hanoi"}).Hits); got != 1 {
		t.Errorf("rebuilt index misses the new article")
	}
}

func TestCrashMidBuildKeepsOldIndex(t *testing.T) {
	corpusDir := writeCorpus(t, map[string]string{
		"a.md": md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
	})
	indexDir := filepath.Join(t.TempDir(), "idx")
	x := openDir(t, corpusDir, indexDir)
	good := x.Info()
	x.Close()

	// A crashed build leaves a half-written generation behind...
	half := filepath.Join(indexDir, genPrefix+"20990101T000000-deadbeef")
	if err := os.MkdirAll(filepath.Join(half, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(half, "index_meta.json"), []byte("{garbage"), 0o644)
	// ...and a build interrupted right now (cancelled context) changes nothing.
	os.WriteFile(filepath.Join(corpusDir, "b.md"), []byte(md("B", "2019-02-28", "The Hanoi summit ended without a deal.")), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Open(ctx, Options{Dir: indexDir, Corpus: os.DirFS(corpusDir)}); err == nil {
		t.Fatal("a cancelled build must fail")
	}
	// CURRENT still names the old generation, which opens as it was (Open
	// itself would rebuild it now, the corpus having changed).
	gen, info, err := readCurrent(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	if gen != good.Path || info.Fingerprint != good.Fingerprint {
		t.Errorf("CURRENT names %s (fingerprint %s), want the old generation %s (%s)", gen, info.Fingerprint, good.Path, good.Fingerprint)
	}
	survivor, err := newIndex(os.DirFS(corpusDir))
	if err != nil {
		t.Fatal(err)
	}
	if err := survivor.openGeneration(gen, info); err != nil {
		t.Fatalf("the old index must keep serving: %v", err)
	}
	defer survivor.Close()
	if got := len(find(t, survivor, corpus.Query{Text: "joint statement"}).Hits); got != 1 {
		t.Errorf("old index: %d hits", got)
	}
}

// builtIndex builds a one-article index on disk and closes it, returning
// the corpus, index and generation folders.
func builtIndex(t *testing.T) (corpusDir, indexDir, gen string) {
	t.Helper()
	corpusDir = writeCorpus(t, map[string]string{
		"a.md": md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
	})
	indexDir = filepath.Join(t.TempDir(), "idx")
	x := openDir(t, corpusDir, indexDir)
	gen = x.Info().Path
	x.Close()
	return corpusDir, indexDir, gen
}

func TestCorruptIndexIsRebuilt(t *testing.T) {
	corpusDir, indexDir, gen := builtIndex(t)
	// Destroy the generation's Bleve files but keep its info file.
	entries, _ := os.ReadDir(gen)
	for _, e := range entries {
		if e.Name() != infoFile {
			os.RemoveAll(filepath.Join(gen, e.Name()))
		}
	}
	os.WriteFile(filepath.Join(gen, "index_meta.json"), []byte("not json"), 0o644)
	y := openDir(t, corpusDir, indexDir)
	if !y.Info().Built {
		t.Errorf("a corrupt index must be rebuilt")
	}
	if got := len(find(t, y, corpus.Query{Text: "joint statement"}).Hits); got != 1 {
		t.Errorf("rebuilt index: %d hits", got)
	}
}

func TestUnwritableIndexFolder(t *testing.T) {
	corpusDir := writeCorpus(t, map[string]string{"a.txt": "Kim Jong-un met Trump in Singapore."})
	file := filepath.Join(t.TempDir(), "plainfile")
	os.WriteFile(file, []byte("x"), 0o644)
	_, err := Open(context.Background(), Options{Dir: filepath.Join(file, "idx"), Corpus: os.DirFS(corpusDir)})
	if err == nil || !strings.Contains(err.Error(), "INDEX_DIR") || !strings.Contains(err.Error(), "cannot be created") {
		t.Errorf("want a clear error naming the fix, got %v", err)
	}
	if os.Geteuid() != 0 {
		ro := filepath.Join(t.TempDir(), "ro")
		os.MkdirAll(ro, 0o555)
		_, err := Open(context.Background(), Options{Dir: ro, Corpus: os.DirFS(corpusDir)})
		if err == nil || !strings.Contains(err.Error(), "not writable") {
			t.Errorf("read-only folder: got %v", err)
		}
	} else {
		t.Log("running as root: the read-only folder case cannot be tested (root writes anywhere)")
	}
}

// A build leaves one generation holding one segment, and no work folder.
func TestBuildIsCompacted(t *testing.T) {
	corpusDir := writeCorpus(t, map[string]string{
		"a.md": md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
		"b.md": md("B", "2019-02-28", "The Hanoi summit ended without a deal."),
	})
	indexDir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(corpusDir), BatchSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	checkNoLeftovers(t, indexDir, x.Info().Path)
	segments, err := filepath.Glob(filepath.Join(x.Info().Path, "store", "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	if len(segments) != 1 {
		t.Errorf("%d segments, want 1: %q", len(segments), segments)
	}
	if got := len(find(t, x, corpus.Query{Text: "hanoi deal"}).Hits); got != 1 {
		t.Errorf("compacted index: %d hits", got)
	}
}

// Bleve's merger reports a force merge's outcome on a channel it finds in
// the context under scorchMergeDone; forceMerge relies on it to return when
// a merge fails instead of waiting for the index to close.
func TestForceMergeReportsOutcome(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	bl, err := bleve.NewUsing(filepath.Join(t.TempDir(), "x"), m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bl.Close()
	for i := range 3 {
		b := bl.NewBatch()
		if err := b.Index(fmt.Sprintf("a.md#%d", i), doc{Text: "Kim met Trump in Hanoi."}); err != nil {
			t.Fatal(err)
		}
		if err := bl.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	adv, err := bl.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	s := adv.(*scorch.Scorch)
	outcome := make(chan error, 1)
	plan := mergeplan.SingleSegmentMergePlanOptions
	if err := s.ForceMerge(context.WithValue(context.Background(), scorchMergeDone, outcome), &plan); err != nil { //nolint:staticcheck // SA1029: Bleve's key
		t.Fatal(err)
	}
	select {
	case err := <-outcome:
		if err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("Bleve did not report the merge under the context key %q: forceMerge cannot see a failed merge", scorchMergeDone)
	}
	if err := forceMerge(context.Background(), s); err != nil {
		t.Errorf("forceMerge: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := forceMerge(ctx, s); err == nil || !errors.Is(err, context.Canceled) {
		t.Errorf("forceMerge with a cancelled context: %v", err)
	}
}
