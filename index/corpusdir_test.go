package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/summitbot/summitbot/corpus"
)

// An index folder inside the corpus folder is not read as articles, so it
// does not change the fingerprint: the next start reuses the index.
func TestIndexFolderInsideCorpus(t *testing.T) {
	corpusDir := writeCorpus(t, map[string]string{
		"a.md":      md("A", "2018-06-12", "Kim Jong-un and Donald Trump signed a joint statement in Singapore."),
		"b.txt":     "The Hanoi summit ended without a deal.",
		"page.html": "<p>Not read.</p>",
	})
	indexDir := filepath.Join(corpusDir, "idx")
	var mu sync.Mutex
	var warned []corpus.Warning
	open := func() Info {
		t.Helper()
		x, err := Open(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(corpusDir), Warn: func(w corpus.Warning) {
			mu.Lock()
			warned = append(warned, w)
			mu.Unlock()
		}})
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		return x.Info()
	}
	first := open()
	if !first.Built || first.Articles != 2 {
		t.Fatalf("first open: %+v", first)
	}
	if again := open(); again.Built || again.Fingerprint != first.Fingerprint {
		t.Errorf("the second open must reuse the index: %+v", again)
	}

	// A rebuild finds the index inside the corpus folder, says so once and
	// reads none of its files (CURRENT, summitbot.json, articles.json,
	// index_meta.json) as articles.
	touchLater(t, corpusDir, "c.md", md("C", "2019-06-30", "Trump crossed into North Korea at Panmunjom."))
	rebuilt := open()
	if !rebuilt.Built || rebuilt.Articles != 3 || rebuilt.Skipped != 0 {
		t.Errorf("rebuild: %+v, want 3 articles and nothing skipped", rebuilt)
	}
	if len(warned) != 1 || warned[0].Path != "idx/" || !warned[0].Kept {
		t.Errorf("warnings %v, want one about idx/", warned)
	}
	if again := open(); again.Built || again.Fingerprint != rebuilt.Fingerprint {
		t.Errorf("the open after the rebuild must reuse the index: %+v", again)
	}
	// The unsupported file is counted, named, and remembered on disk.
	if got := rebuilt.Summary(); !strings.HasPrefix(got, "3 articles, ") || !strings.HasSuffix(got, ", 0 skipped, 1 unsupported file not read: page.html") {
		t.Errorf("Summary() = %q, want 3 articles and page.html named", got)
	}
	if got := open().Summary(); got != rebuilt.Summary() {
		t.Errorf("reused index: Summary() = %q, want %q", got, rebuilt.Summary())
	}
}

func TestCheckArticles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // in the error; nil for none
	}{
		{"articles", map[string]string{"a.txt": "Kim met Trump."}, nil},
		{"only unsupported files", map[string]string{"page.html": "<p>x</p>", "report.pdf": "%PDF"}, []string{"no articles", "2 unsupported files not read: page.html, report.pdf", ".md", ".txt", ".json", "and .ndjson files"}},
		{"only bad files", map[string]string{"bad.md": "\x00"}, []string{"no articles", "1 skipped", ".markdown"}},
		{"empty folder", map[string]string{}, []string{"no articles", "0 skipped"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := openMem(t, writeCorpus(t, tt.files)).Info().CheckArticles()
			if tt.want == nil {
				if err != nil {
					t.Errorf("got %v", err)
				}
				return
			}
			if !errors.Is(err, errNoArticles) {
				t.Fatalf("got %v, want errNoArticles", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
}

// The catalogue newIndex resolved for a corpus folder is the one its
// passages are tagged with: loading the articles does not read the
// folder's catalogue file again (one edited in between changes nothing).
func TestCorpusTaggedWithResolvedCatalogue(t *testing.T) {
	dir := writeCorpus(t, map[string]string{
		corpus.CatalogueFile: "standalone: true\nevents:\n  - {id: glassboro, name: Glassboro, tagging: {phrases: [glassboro summit]}}\n",
		"a.md":               md("A", "1967-06-23", "The Glassboro summit opened on a hot day."),
	})
	src := os.DirFS(dir)
	x, err := newIndex(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, corpus.CatalogueFile), []byte("events: [oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := loadCorpus(context.Background(), src, x.cat, Options{})
	if err != nil {
		t.Fatalf("loadCorpus read the catalogue file again: %v", err)
	}
	if c.Catalogue != x.cat {
		t.Errorf("corpus catalogue %q, want the index's", c.Catalogue.IDs())
	}
	if len(c.Passages) != 1 || len(c.Passages[0].Events) != 1 || c.Passages[0].Events[0] != "glassboro" {
		t.Errorf("passages %+v, want one tagged glassboro", c.Passages)
	}
}
