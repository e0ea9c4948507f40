//go:build news

package index

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

// TestNewsUpdate measures what the README reports of updates in place on
// the news index: adding, changing and removing one article, each until a
// search sees it, against the full build. The figures are measured, not
// asserted; what is asserted is that each change is visible, and that no
// search fails while the updates run.
func TestNewsUpdate(t *testing.T) {
	base, build := newsIndex(t)
	src := sharedDir(t, "corpus/news")
	corpusDir := mirror(t, src)
	indexDir := filepath.Join(t.TempDir(), "idx")
	copyGeneration(t, base.Info().Path, indexDir)

	l, err := OpenLive(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(corpusDir)})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if info, _ := l.Info(); info.Built {
		t.Fatalf("the mirrored corpus must reuse the copied index: %+v", info)
	}
	stop := searchMeanwhile(t, l)

	start := time.Now()
	st, err := corpus.Stamp(os.DirFS(corpusDir))
	if err != nil {
		t.Fatal(err)
	}
	stampCost := time.Since(start)

	// An existing article to change: the first with several passages.
	var existing string
	for f, r := range mustFileTable(t, l) {
		for _, n := range r.Passages {
			if n >= 5 && r.Articles == 1 && (existing == "" || f < existing) {
				existing = f
			}
		}
	}
	steps := []struct {
		name        string
		apply       func()
		find, other string // a query that must find one hit, and one that must find none ("" for none)
	}{
		{"add one article", func() {
			write(t, corpusDir, "zz-summitbot/new.md", "Quokkaville", 1)
		}, "quokkaville", ""},
		{"change it", func() {
			write(t, corpusDir, "zz-summitbot/new.md", "Wombatburg", 2)
		}, "wombatburg", "quokkaville"},
		{"change a news article", func() {
			p := filepath.Join(corpusDir, filepath.FromSlash(existing))
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			os.Remove(p)
			if err := os.WriteFile(p, append(data, []byte("\n\nA closing line about Platypusfield.\n")...), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "platypusfield", ""},
		{"remove one article", func() {
			if err := os.Remove(filepath.Join(corpusDir, "zz-summitbot", "new.md")); err != nil {
				t.Fatal(err)
			}
		}, "", "wombatburg"},
	}
	report := fmt.Sprintf("news update in place (%d files; stamping the corpus %s):", len(st.Files), stampCost.Round(time.Millisecond))
	for _, s := range steps {
		s.apply()
		// What Live.Watch does once it looks: stamp the folder, then apply.
		start := time.Now()
		st, err := corpus.Stamp(os.DirFS(corpusDir))
		if err != nil {
			t.Fatal(err)
		}
		info, err := l.reindexWith(context.Background(), &st)
		took := time.Since(start)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if info.Change == nil || info.Change.Size() != 1 {
			t.Fatalf("%s: applied %+v, want one file", s.name, info.Change)
		}
		for q, want := range map[string]int{s.find: 1, s.other: 0} {
			if q == "" {
				continue
			}
			res, err := l.Search(context.Background(), corpus.Query{Text: q})
			if err != nil || len(res.Hits) != want {
				t.Errorf("%s: %q gives %v hits (%v), want %d", s.name, q, res, err, want)
			}
		}
		report += fmt.Sprintf(" %s %s", s.name, took.Round(time.Millisecond))
		if base.Info().Built {
			report += fmt.Sprintf(" (%.1f%% of the build)", 100*took.Seconds()/build.Seconds())
		}
		report += ";"
	}
	if !base.Info().Built {
		report += " the build's time is unknown: the news index was reused (SUMMITBOT_NEWS_INDEX)"
	} else {
		report += fmt.Sprintf(" the full build took %s", build.Round(100*time.Millisecond))
	}
	searches, failed := stop()
	report += fmt.Sprintf("; %d searches meanwhile, %d failed", searches, failed)
	t.Log(report)
	fmt.Println(report)
	if failed > 0 {
		t.Errorf("%d of %d searches failed during the updates", failed, searches)
	}
}

// mirror makes a corpus folder whose files are links to those of src, so
// that it has src's stamps and can change without touching src.
func mirror(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		return os.Symlink(p, filepath.Join(dst, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// copyGeneration makes indexDir an index whose generation is a linked copy
// of gen.
func copyGeneration(t *testing.T, gen, indexDir string) {
	t.Helper()
	name := genPrefix + "copy"
	dst := filepath.Join(indexDir, name)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := linkIndex(gen, dst); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{infoFile, vocabFile, articlesFile, filesFile} {
		if err := copyFile(filepath.Join(gen, f), filepath.Join(dst, f)); err != nil {
			t.Fatal(err)
		}
	}
	if err := swapCurrent(indexDir, name); err != nil {
		t.Fatal(err)
	}
}

func mustFileTable(t *testing.T, l *Live) map[string]fileRecord {
	t.Helper()
	info, _ := l.Info()
	files, err := readFileTable(info.Path, info)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// write writes a short article naming place, dated later than anything
// before it so that the change shows in its stamp.
func write(t *testing.T, dir, name, place string, round int) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	body := "---\ntitle: Summit talk in " + place + "\ndate: 2026-12-01\n---\n" +
		"Officials said a fourth meeting between Donald Trump and Kim Jong-un could be held in " + place +
		", though no date has been set.\n\nDiplomats in Seoul were cautious about the report.\n"
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Duration(round) * time.Hour)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
}

// searchMeanwhile searches l on two goroutines until the function it
// returns is called, which reports the searches run and failed.
func searchMeanwhile(t *testing.T, l *Live) func() (int, int) {
	t.Helper()
	done := make(chan struct{})
	type count struct{ ran, failed int }
	out := make(chan count, 2)
	for range 2 {
		go func() {
			var c count
			for {
				select {
				case <-done:
					out <- c
					return
				default:
				}
				res, err := l.Search(context.Background(), corpus.Query{Text: "Hanoi summit"})
				c.ran++
				if err != nil || len(res.Hits) == 0 {
					c.failed++
				}
			}
		}()
	}
	return func() (int, int) {
		close(done)
		var total count
		for range 2 {
			c := <-out
			total.ran += c.ran
			total.failed += c.failed
		}
		return total.ran, total.failed
	}
}
