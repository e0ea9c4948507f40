package index

import (
	"github.com/summitbot/summitbot/corpus"
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
		"news/dmz.md": md("DMZ visit", "2019-06-30T01:11:12.345+09:00", "Trump stepped across the line at Panmunjom to greet Kim."),
	})
	want := map[string]corpus.Passage{
		"hanoi sanctions": {Source: "feed.jsonl", Title: "Hanoi ends early", URL: "https://example.org/hanoi", Date: time.Date(2019, 2, 28, 0, 0, 0, 0, time.UTC)},
		"joint statement": {Source: "feed.jsonl", Title: "Singapore statement", URL: "https://example.org/sg", Date: time.Date(2018, 6, 12, 0, 0, 0, 0, time.UTC)},
		// in UTC, and in whole seconds as the article table keeps it
		"panmunjom stepped": {Source: "news/dmz.md", Title: "DMZ visit", URL: "https://example.org/DMZ visit", Date: time.Date(2019, 6, 29, 16, 11, 12, 0, time.UTC)},
	}
	onDisk := filepath.Join(t.TempDir(), "idx")
	for name, x := range map[string]*Index{"memory": openMem(t, dir), "disk": openDir(t, dir, onDisk), "reopened": openDir(t, dir, onDisk)} {
		if name == "reopened" && x.Info().Built {
			t.Errorf("reopened: the index on disk was built again, not read")
		}
		for q, w := range want {
			res := find(t, x, corpus.Query{Text: q, Limit: 1})
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

// A generation whose own files are missing or damaged, or that another
// version built, cannot be opened (openGeneration says why), and Open
// rebuilds it.
func TestDamagedGeneration(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, gen string)
		want   string // in openGeneration's error
	}{
		{"vocabulary missing", func(t *testing.T, gen string) { remove(t, filepath.Join(gen, vocabFile)) }, vocabFile},
		{"article table missing", func(t *testing.T, gen string) { remove(t, filepath.Join(gen, articlesFile)) }, articlesFile},
		{"vocabulary damaged", func(t *testing.T, gen string) { flipByte(t, filepath.Join(gen, vocabFile)) }, vocabFile + " is damaged"},
		{"article table damaged", func(t *testing.T, gen string) { flipByte(t, filepath.Join(gen, articlesFile)) }, articlesFile + " is damaged"},
		{"older version", func(t *testing.T, gen string) {
			p := filepath.Join(gen, infoFile)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(strings.Replace(string(data), Version, "index-v0", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "built by index-v0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			corpusDir, indexDir, gen := builtIndex(t)
			c.damage(t, gen)
			gen, info, err := readCurrent(indexDir)
			if err != nil {
				t.Fatal(err)
			}
			x, err := newIndex(os.DirFS(corpusDir))
			if err != nil {
				t.Fatal(err)
			}
			if err := x.openGeneration(gen, info); err == nil || !strings.Contains(err.Error(), c.want) {
				if err == nil {
					x.Close()
				}
				t.Errorf("openGeneration: %v, want an error saying %q", err, c.want)
			}
			y := openDir(t, corpusDir, indexDir)
			if !y.Info().Built {
				t.Error("the generation must be rebuilt")
			}
			res := find(t, y, corpus.Query{Text: "singapur"})
			if len(res.Hits) != 1 || res.Hits[0].Title != "A" {
				t.Errorf("after the rebuild: %+v", res.Hits)
			}
		})
	}
}

func remove(t *testing.T, name string) {
	t.Helper()
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
}

func flipByte(t *testing.T, name string) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x01
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
