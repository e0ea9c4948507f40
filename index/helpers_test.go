package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/summitbot/summitbot/corpus"
)

// writeCorpus creates a corpus folder from file names and contents.
func writeCorpus(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// openMem indexes a corpus folder in memory.
func openMem(t *testing.T, dir string) *Index {
	t.Helper()
	x, err := Open(context.Background(), Options{Corpus: os.DirFS(dir)})
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func find(t *testing.T, x *Index, q corpus.Query) *corpus.Result {
	t.Helper()
	res, err := x.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

func sources(res *corpus.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Source)
	}
	return out
}

func rank(res *corpus.Result, source string) int {
	return slices.Index(sources(res), source)
}

// md builds a Markdown article with front matter.
func md(title, date, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\nsource: https://example.org/" + title + "\n---\n" + body + "\n"
}

// builtinSynonyms are the built-in catalogue's synonym groups.
func builtinSynonyms(t *testing.T) [][]string {
	t.Helper()
	cat, err := corpus.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Synonyms) == 0 {
		t.Fatal("the built-in catalogue has no synonyms")
	}
	return cat.Synonyms
}
