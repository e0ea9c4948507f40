package index

import (
	"context"
	"github.com/summitbot/summitbot/corpus"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// touchLater writes a corpus file with a modification time in the future,
// so that the fingerprint changes and a reindex rebuilds.
func touchLater(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
}

// checkServes asserts that the live index still answers from the first
// corpus: one hit for "joint statement", none for the article added since.
func checkServes(t *testing.T, l *Live) {
	t.Helper()
	res, err := l.Search(context.Background(), corpus.Query{Text: "joint statement"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("the old index must keep serving: %v, %+v", err, res)
	}
	if res := find(t, l.cur, corpus.Query{Text: "yongbyon"}); len(res.Hits) != 0 {
		t.Errorf("the failed build was swapped in: %d hits for the new article", len(res.Hits))
	}
}

// checkNoLeftovers asserts that the index folder holds CURRENT and the one
// generation it names, nothing of the failed build.
func checkNoLeftovers(t *testing.T, indexDir, gen string) {
	t.Helper()
	entries, err := os.ReadDir(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 || names[0] != currentFile || filepath.Join(indexDir, names[1]) != gen {
		t.Errorf("index folder holds %q, want CURRENT and %s only", names, filepath.Base(gen))
	}
}
