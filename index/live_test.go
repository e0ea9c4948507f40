package index

import (
	"context"
	"errors"
	"fmt"
	"github.com/summitbot/summitbot/corpus"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLiveReindexWhileSearching(t *testing.T) {
	corpusDir := writeCorpus(t, map[string]string{
		"a.md": md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
	})
	l, err := OpenLive(context.Background(), Options{Corpus: os.DirFS(corpusDir), Dir: filepath.Join(t.TempDir(), "idx")})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var failed, ran atomic.Int64
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := l.Search(context.Background(), corpus.Query{Text: "joint statement"})
				if err != nil || len(res.Hits) != 1 {
					failed.Add(1)
				}
				ran.Add(1)
			}
		})
	}
	for i := range 3 {
		later := time.Now().Add(time.Duration(i+1) * time.Minute)
		name := filepath.Join(corpusDir, "b.md")
		os.WriteFile(name, []byte(md("B", "2019-02-28", "The Hanoi summit ended early, round "+string(rune('1'+i))+".")), 0o644)
		os.Chtimes(name, later, later)
		info, err := l.Reindex(context.Background())
		if err != nil || !info.Built || info.Passages != 2 {
			t.Fatalf("reindex %d: %+v %v", i, info, err)
		}
	}
	// A reindex that fails leaves the index serving.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	os.WriteFile(filepath.Join(corpusDir, "c.md"), []byte(md("C", "2019-06-30", "Panmunjom.")), 0o644)
	if _, err := l.Reindex(ctx); err == nil {
		t.Error("a cancelled reindex must fail")
	}
	close(stop)
	wg.Wait()
	if failed.Load() != 0 || ran.Load() == 0 {
		t.Errorf("%d of %d searches failed during reindexing", failed.Load(), ran.Load())
	}
	if _, last := l.Info(); last.IsZero() {
		t.Error("last reindex time not recorded")
	}
	if got := len(find(t, l.cur, corpus.Query{Text: "hanoi"}).Hits); got != 1 {
		t.Errorf("after reindexing: %d hanoi hits", got)
	}
}

func TestSuggest(t *testing.T) {
	x := openMem(t, writeCorpus(t, map[string]string{
		"a.txt": "Sanctions relief was discussed. Sanctions again. Sanctuary cities were not. The sandwich was fine.",
	}))
	got, err := x.suggest("north korea sanc", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 2 || got[0] != "north korea sanctions" || got[1] != "north korea sanctuary" {
		t.Errorf("got %q", got)
	}
	if got, _ := x.suggest("s", 5); len(got) != 0 {
		t.Errorf("one letter is too short to suggest: %q", got)
	}
}

func TestReindexWhenCorpusVanished(t *testing.T) {
	corpusDir, l := openLiveOnOneArticle(t)
	if err := os.RemoveAll(corpusDir); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Reindex(context.Background()); !errors.Is(err, corpus.ErrCorpusUnavailable) {
		t.Fatalf("reindex of a vanished corpus: %v", err)
	}
	if got := len(find(t, l.cur, corpus.Query{Text: "joint statement"}).Hits); got != 1 {
		t.Errorf("the last good index must keep serving, got %d hits", got)
	}
}

func TestReindexWhileCorpusChanges(t *testing.T) {
	// Files appear, change and disappear while reindexes run: each reindex
	// either succeeds with a consistent index or fails leaving the old one.
	corpusDir, l := openLiveOnOneArticle(t)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			name := filepath.Join(corpusDir, fmt.Sprintf("f%d.md", n%5))
			if n%3 == 0 {
				os.Remove(name)
			} else {
				os.WriteFile(name, []byte(md("F", "2019-02-28", fmt.Sprintf("The Hanoi summit, version %d.", n))), 0o644)
			}
		}
	})
	for range 10 {
		if _, err := l.Reindex(context.Background()); err != nil {
			t.Logf("reindex during changes failed (the old index keeps serving): %v", err)
		}
		if got := len(find(t, l.cur, corpus.Query{Text: "joint statement"}).Hits); got != 1 {
			t.Errorf("the stable article is always found, got %d hits", got)
		}
	}
	close(stop)
	wg.Wait()
}

// openLiveOnOneArticle is a live index over a corpus folder of one
// article about the Singapore statement.
func openLiveOnOneArticle(t *testing.T) (string, *Live) {
	t.Helper()
	corpusDir := writeCorpus(t, map[string]string{
		"a.md": md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
	})
	l, err := OpenLive(context.Background(), Options{Corpus: os.DirFS(corpusDir)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return corpusDir, l
}
