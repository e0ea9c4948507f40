package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestArticleKey(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"news/a.md#0", "news/a.md"},
		{"news/a#b.md#12", "news/a#b.md"},
		{"feed.jsonl:3#1", "feed.jsonl:3"},
		{"no-hash", "no-hash"},
	} {
		if got := articleKey(c.id); got != c.want {
			t.Errorf("articleKey(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}

// Each passage gets its own article's title, source, URL and date, also
// for several articles in one file, in memory and on disk.
func TestHitsCarryTheirArticle(t *testing.T) {
	dir := writeCorpus(t, map[string]string{
		"feed.jsonl": `{"title": "Hanoi ends early", "url": "https://example.org/hanoi", "date": "2019-02-28", "text": "The Hanoi summit ended early without any agreement on sanctions."}
{"title": "Singapore statement", "url": "https://example.org/sg", "date": "2018-06-12", "text": "In Singapore the two leaders signed a short joint statement."}
`,
		"news/dmz.md": md("DMZ visit", "2019-06-30", "Trump stepped across the line at Panmunjom to greet Kim."),
	})
	want := map[string]Hit{
		"hanoi sanctions":   {Source: "feed.jsonl", Title: "Hanoi ends early", URL: "https://example.org/hanoi", Date: time.Date(2019, 2, 28, 0, 0, 0, 0, time.UTC)},
		"joint statement":   {Source: "feed.jsonl", Title: "Singapore statement", URL: "https://example.org/sg", Date: time.Date(2018, 6, 12, 0, 0, 0, 0, time.UTC)},
		"panmunjom stepped": {Source: "news/dmz.md", Title: "DMZ visit", URL: "https://example.org/DMZ visit", Date: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC)},
	}
	onDisk := filepath.Join(t.TempDir(), "idx")
	for name, x := range map[string]*Index{"memory": openMem(t, dir), "disk": openDir(t, dir, onDisk, false), "read-only": openDir(t, dir, onDisk, true)} {
		for q, w := range want {
			res := find(t, x, Query{Text: q, Limit: 1})
			if len(res.Hits) != 1 {
				t.Fatalf("%s: %q: no hit", name, q)
			}
			h := res.Hits[0]
			if h.Source != w.Source || h.Title != w.Title || h.URL != w.URL || !h.Date.Equal(w.Date) || h.Date.Location() != time.UTC {
				t.Errorf("%s: %q: got %q %q %q %v, want %q %q %q %v", name, q, h.Source, h.Title, h.URL, h.Date, w.Source, w.Title, w.URL, w.Date)
			}
		}
	}
}

// A generation missing a file of its own is rebuilt, or refused read-only.
func TestMissingGenerationFile(t *testing.T) {
	for _, file := range []string{vocabFile, articlesFile} {
		t.Run(file, func(t *testing.T) {
			corpusDir := writeCorpus(t, map[string]string{
				"a.md": md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
			})
			indexDir := filepath.Join(t.TempDir(), "idx")
			x := openDir(t, corpusDir, indexDir, false)
			gen := x.Info().Path
			x.Close()
			if err := os.Remove(filepath.Join(gen, file)); err != nil {
				t.Fatal(err)
			}
			if _, err := Open(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(corpusDir), ReadOnly: true}); err == nil || !strings.Contains(err.Error(), file) {
				t.Errorf("read-only open without %s: %v", file, err)
			}
			y := openDir(t, corpusDir, indexDir, false)
			if !y.Info().Built {
				t.Errorf("a generation without %s must be rebuilt", file)
			}
			res := find(t, y, Query{Text: "singapur"})
			if len(res.Hits) != 1 || res.Hits[0].Title != "A" {
				t.Errorf("after the rebuild: %+v", res.Hits)
			}
		})
	}
}
