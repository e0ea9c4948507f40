package index

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

// updateCorpus is the corpus the update tests start from: a.md stays, b.md
// changes, c.md goes, and a JSON Lines file holds two articles.
func updateCorpus(t *testing.T) string {
	t.Helper()
	return writeCorpus(t, map[string]string{
		"a.md": md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
		"b.md": md("B", "2019-02-28", "The Hanoi summit ended early without a deal on Yongbyon."),
		"c.md": md("C", "2019-06-30", "Trump stepped across the demarcation line at Panmunjom."),
		"d/feed.jsonl": `{"title": "D1", "date": "2019-03-01", "text": "Analysts weighed the sanctions relief Pyongyang had asked for."}` + "\n" +
			`{"title": "D2", "date": "2019-03-02", "text": "Satellite images showed work at the Sohae launch site."}` + "\n",
		"notes.html": "<p>not an article</p>",
	})
}

// changeCorpus adds, changes and removes files, each with a later time so
// that the change shows in the stamps whatever the clock's resolution.
func changeCorpus(t *testing.T, dir string) {
	t.Helper()
	touchLater(t, dir, "b.md", md("B", "2019-02-28", "The Hanoi summit ended early; the talks on the Tongchang-ri engine site went nowhere."))
	touchLater(t, dir, "e.md", md("E", "2025-09-03", "Kim Jong-un watched the Beijing parade beside Xi Jinping and Vladimir Putin."))
	touchLater(t, dir, "d/feed.jsonl", `{"title": "D1", "date": "2019-03-01", "text": "Analysts weighed the sanctions relief Pyongyang had asked for."}`+"\n")
	if err := os.Remove(filepath.Join(dir, "c.md")); err != nil {
		t.Fatal(err)
	}
}

// An index updated in place holds what a full build of the same corpus
// holds, byte for byte: the vocabulary, the article table and the file
// table, and the same counts and search results.
func TestUpdateMatchesRebuild(t *testing.T) {
	corpusDir := updateCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "idx")
	first := openDir(t, corpusDir, indexDir)
	if !first.Info().Built || first.Info().Change != nil {
		t.Fatalf("first open: %+v, want a full build", first.Info())
	}
	changeCorpus(t, corpusDir)

	updated := openDir(t, corpusDir, indexDir)
	got := updated.Info()
	want := Change{Added: []string{"e.md"}, Changed: []string{"b.md", "d/feed.jsonl"}, Removed: []string{"c.md"}}
	if got.Change == nil || fmt.Sprint(*got.Change) != fmt.Sprint(want) {
		t.Fatalf("update applied %+v, want %+v", got.Change, want)
	}
	if got.Newest.Title != "E" || got.Newest.Source != "e.md" || first.Info().Newest.Title != "C" {
		t.Errorf("newest article: %+v after the update, %+v before; want E, then C", got.Newest, first.Info().Newest)
	}
	if got.Path == first.Info().Path {
		t.Errorf("the update wrote into the generation in use, %s", got.Path)
	}

	fresh := openDir(t, corpusDir, filepath.Join(t.TempDir(), "fresh"))
	if f := fresh.Info(); got.Articles != f.Articles || got.Passages != f.Passages || got.Skipped != f.Skipped || got.Summary() != f.Summary() {
		t.Errorf("updated index: %s; a full build: %s", got.Summary(), f.Summary())
	}
	for _, name := range []string{vocabFile, articlesFile, filesFile} {
		a, err := os.ReadFile(filepath.Join(got.Path, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(fresh.Info().Path, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from a full build's (%d bytes, want %d)", name, len(a), len(b))
		}
	}
	for _, q := range []struct {
		text string
		hits int
	}{
		{"joint statement", 1},    // unchanged
		{"Tongchang-ri", 1},       // changed, new text
		{"Yongbyon", 0},           // changed, old text gone
		{"demarcation line", 0},   // removed
		{"Beijing parade", 1},     // added
		{"sanctions relief", 1},   // the record kept in a changed file
		{"Sohae", 0},              // the record dropped from it
		{"Singapore OR Hanoi", 2}, // nothing else
	} {
		for name, x := range map[string]*Index{"updated": updated, "full build": fresh} {
			res := find(t, x, corpus.Query{Text: q.text})
			if len(res.Hits) != q.hits {
				t.Errorf("%s: %q gives %d hits, want %d", name, q.text, len(res.Hits), q.hits)
			}
		}
	}
	// The vocabulary follows: the removed article's words are gone from
	// autocomplete, the added article's are there.
	for prefix, want := range map[string]bool{"demarc": false, "tongch": true, "parad": true} {
		s, err := updated.suggest(prefix, 5)
		if err != nil {
			t.Fatal(err)
		}
		if (len(s) > 0) != want {
			t.Errorf("suggest(%q) = %q, want completions: %v", prefix, s, want)
		}
	}
	if again := openDir(t, corpusDir, indexDir).Info(); again.Built || again.Path != got.Path {
		t.Errorf("the open after the update must reuse it: %+v", again)
	}
}

// A change of the catalogue, or --rebuild, builds afresh; an update leaves
// one generation behind.
func TestUpdateOrRebuild(t *testing.T) {
	corpusDir := updateCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "idx")
	openDir(t, corpusDir, indexDir)

	touchLater(t, corpusDir, "e.md", md("E", "2025-09-03", "Kim Jong-un watched the Beijing parade."))
	if info := openDir(t, corpusDir, indexDir).Info(); info.Change == nil {
		t.Errorf("a new article must be applied in place: %+v", info)
	} else {
		checkNoLeftovers(t, indexDir, info.Path)
	}

	touchLater(t, corpusDir, corpus.CatalogueFile, "synonyms:\n  - [parade, march past]\n")
	info := openDir(t, corpusDir, indexDir).Info()
	if !info.Built || info.Change != nil {
		t.Errorf("a changed catalogue must rebuild: built=%v change=%+v", info.Built, info.Change)
	}

	x, err := Open(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(corpusDir), Rebuild: true})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if i := x.Info(); !i.Built || i.Change != nil || i.Path == info.Path {
		t.Errorf("Rebuild must build afresh: %+v", i)
	}
}

// An update reads only the files added or changed: none when files were
// only removed.
func TestUpdateReadsOnlyChangedFiles(t *testing.T) {
	corpusDir := updateCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "idx")
	openDir(t, corpusDir, indexDir)
	for _, c := range []struct {
		name   string
		change func()
		read   int
	}{
		{"add", func() { touchLater(t, corpusDir, "e.md", md("E", "2025-09-03", "The Beijing parade.")) }, 1},
		{"remove", func() { os.Remove(filepath.Join(corpusDir, "c.md")) }, 0},
		{"change", func() { touchLater(t, corpusDir, "a.md", md("A", "2018-06-12", "Singapore again.")) }, 1},
	} {
		c.change()
		read := -1
		x, err := Open(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(corpusDir), Progress: func(stage string, _, total int) {
			if stage == "load" {
				read = total
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		x.Close()
		if max(read, 0) != c.read || x.Info().Change == nil {
			t.Errorf("%s: the update read %d files (change %+v), want %d", c.name, read, x.Info().Change, c.read)
		}
	}
}

// worthUpdating leaves large changes to a full rebuild.
func TestWorthUpdating(t *testing.T) {
	n := func(k int) Change { return Change{Added: make([]string, k)} }
	for _, c := range []struct {
		change Change
		files  int
		want   bool
	}{
		{n(1), 25000, true}, {n(6000), 25000, true}, {n(6251), 25000, false},
		{n(16), 3, true}, {n(17), 3, false},
	} {
		if got := worthUpdating(c.change, c.files); got != c.want {
			t.Errorf("worthUpdating(%d changes, %d files) = %v, want %v", c.change.Size(), c.files, got, c.want)
		}
	}
}

// Watch notices a new article and applies it; searches run meanwhile.
func TestWatchAppliesChanges(t *testing.T) {
	corpusDir := updateCorpus(t)
	l, err := OpenLive(context.Background(), Options{Corpus: os.DirFS(corpusDir), Dir: filepath.Join(t.TempDir(), "idx")})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reports := make(chan Info, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.Watch(ctx, time.Millisecond, func(info Info, err error) {
			if err != nil {
				t.Errorf("watch: %v", err)
			}
			reports <- info
		})
	}()
	touchLater(t, corpusDir, "e.md", md("E", "2025-09-03", "Kim Jong-un watched the Beijing parade beside Xi Jinping."))
	info := <-reports
	if info.Change == nil || !slices.Equal(info.Change.Added, []string{"e.md"}) {
		t.Errorf("watch applied %+v, want e.md added", info.Change)
	}
	if res, err := l.Search(context.Background(), corpus.Query{Text: "Beijing parade"}); err != nil || len(res.Hits) != 1 {
		t.Errorf("the new article is not found: %v, %+v", err, res)
	}
	cancel()
	<-done
}

// A process killed at any moment of an update leaves an index that opens
// and answers, from the old corpus or the new. The child process updates
// the index in a loop; the parent kills it after a varying delay.
func TestUpdateSurvivesKill(t *testing.T) {
	if dir := os.Getenv("SUMMITBOT_UPDATE_CHILD"); dir != "" {
		corpusDir, indexDir, _ := strings.Cut(dir, string(os.PathListSeparator))
		for i := 0; ; i++ {
			name := filepath.Join(corpusDir, "e.md")
			if i%2 == 0 {
				later := time.Now().Add(time.Duration(i) * time.Second)
				os.WriteFile(name, []byte(md("E", "2025-09-03", "Kim Jong-un watched the Beijing parade, round "+fmt.Sprint(i)+".")), 0o644)
				os.Chtimes(name, later, later)
			} else {
				os.Remove(name)
			}
			x, err := Open(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(corpusDir)})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
			x.Close()
		}
	}
	if testing.Short() {
		t.Skip("SKIPPED: -short: the kill test runs a child process")
	}
	corpusDir := updateCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "idx")
	openDir(t, corpusDir, indexDir).Close()
	for round := range 12 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestUpdateSurvivesKill$")
		cmd.Env = append(os.Environ(), "SUMMITBOT_UPDATE_CHILD="+corpusDir+string(os.PathListSeparator)+indexDir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The delays spread the kills over the child's start and its
		// updates; what the test asserts does not depend on them.
		time.Sleep(time.Duration(20+round*37) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		if strings.Contains(stderr.String(), "panic") || strings.Contains(stderr.String(), "FAIL") {
			t.Fatalf("round %d: the child failed before the kill:\n%s", round, stderr.String())
		}
		gen, info, err := readCurrent(indexDir)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		x, err := newIndex(os.DirFS(corpusDir))
		if err != nil {
			t.Fatal(err)
		}
		if err := x.openGeneration(gen, info); err != nil {
			t.Fatalf("round %d: the index left by the kill does not open: %v", round, err)
		}
		res := find(t, x, corpus.Query{Text: "joint statement"})
		parade := find(t, x, corpus.Query{Text: "Beijing parade"})
		x.Close()
		if len(res.Hits) != 1 || len(parade.Hits) > 1 || info.Passages < 5 {
			t.Fatalf("round %d: the index left by the kill answers %d hits, %d for the article in flux, %d passages", round, len(res.Hits), len(parade.Hits), info.Passages)
		}
		t.Logf("round %d: %s, %s", round, filepath.Base(gen), info.Summary())
	}
}

// Refresh reindexes only when the folder changed.
func TestRefresh(t *testing.T) {
	corpusDir := updateCorpus(t)
	l, err := OpenLive(context.Background(), Options{Corpus: os.DirFS(corpusDir), Dir: filepath.Join(t.TempDir(), "idx")})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	before, _ := l.Info()
	if info, changed, err := l.Refresh(context.Background()); err != nil || changed || info.Path != before.Path {
		t.Errorf("an unchanged folder: changed=%v, %v, generation %s (was %s)", changed, err, info.Path, before.Path)
	}
	touchLater(t, corpusDir, "e.md", md("E", "2025-09-03", "Kim Jong-un watched the Beijing parade."))
	if info, changed, err := l.Refresh(context.Background()); err != nil || !changed || info.Change == nil || info.Change.Size() != 1 {
		t.Errorf("a new article: changed=%v, %v, change %+v", changed, err, info.Change)
	}
	if _, changed, err := l.Refresh(context.Background()); err != nil || changed {
		t.Errorf("refreshing again: changed=%v, %v", changed, err)
	}
}
