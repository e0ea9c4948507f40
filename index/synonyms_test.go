package index

import (
	"context"
	"github.com/summitbot/summitbot/corpus"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// A synonym added to the catalogue takes effect in an index kept on disk:
// the index is rebuilt, though the catalogue file kept its size and time
// (what the corpus fingerprint looks at), because synonyms shape it.
func TestChangedSynonymRebuilds(t *testing.T) {
	const (
		before = "synonyms:\n  - [summit, meeting]\n# padding: xxxxxxxxxxxxxx\n"
		after  = "synonyms:\n  - [summit, meeting]\n  - [frobnicate, quuxify]\n"
	)
	if len(before) != len(after) {
		t.Fatalf("the two catalogues must be of one size: %d and %d bytes", len(before), len(after))
	}
	dir := writeCorpus(t, map[string]string{
		"events.yaml": before,
		"a.md":        md("A", "2020-01-02", "Officials in Pyongyang were said to frobnicate the agreement before the talks."),
	})
	indexDir := t.TempDir()
	search := func() (*corpus.Result, Info) {
		t.Helper()
		x, err := Open(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(dir)})
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		res, err := x.Search(context.Background(), corpus.Query{Text: "quuxify", Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		return res, x.Info()
	}
	res, first := search()
	if slices.Contains(sources(res), "a.md") {
		t.Fatalf("before the synonym, quuxify found %v", sources(res))
	}

	rewriteKeepingTime(t, filepath.Join(dir, "events.yaml"), after)
	res, second := search()
	if !second.Built || second.Fingerprint == first.Fingerprint {
		t.Errorf("the changed synonym did not rebuild the index: built=%v, fingerprint %q both times", second.Built, second.Fingerprint)
	}
	if !slices.Contains(sources(res), "a.md") {
		t.Errorf("after the synonym, quuxify found %v, want a.md (frobnicate)", sources(res))
	}
	if _, third := search(); third.Built {
		t.Error("the third open rebuilt the index again; nothing had changed")
	}
	if !strings.Contains(second.Fingerprint, Version+":") {
		t.Errorf("fingerprint %q does not carry the layout version", second.Fingerprint)
	}
}

// An event's own tagging context shapes the index too: changing it re-tags
// the passages though the catalogue file kept its size and time.
func TestChangedTaggingContextRebuilds(t *testing.T) {
	const (
		before = "events:\n  - id: glassboro\n    name: Glassboro\n    tagging:\n      places: [hollybush]\n      context: [kosygin]\n"
		after  = "events:\n  - id: glassboro\n    name: Glassboro\n    tagging:\n      places: [hollybush]\n      context: [johnson]\n"
	)
	if len(before) != len(after) {
		t.Fatalf("the two catalogues must be of one size: %d and %d bytes", len(before), len(after))
	}
	dir := writeCorpus(t, map[string]string{
		"events.yaml": before,
		"a.md":        md("A", "2020-01-02", "Johnson showed his guests around Hollybush before lunch on the lawn."),
	})
	indexDir := t.TempDir()
	events := func() ([]string, Info) {
		t.Helper()
		x, err := Open(context.Background(), Options{Dir: indexDir, Corpus: os.DirFS(dir)})
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		res, err := x.Search(context.Background(), corpus.Query{Text: "Hollybush", Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 {
			t.Fatalf("Hollybush found %d passages, want 1", len(res.Hits))
		}
		return res.Hits[0].Events, x.Info()
	}
	got, first := events()
	if len(got) != 0 {
		t.Fatalf("with context kosygin the passage is tagged %q, want nothing", got)
	}
	rewriteKeepingTime(t, filepath.Join(dir, "events.yaml"), after)
	got, second := events()
	if !second.Built || second.Fingerprint == first.Fingerprint {
		t.Errorf("the changed context did not rebuild the index: built=%v, fingerprint %q both times", second.Built, second.Fingerprint)
	}
	if !slices.Equal(got, []string{"glassboro"}) {
		t.Errorf("with context johnson the passage is tagged %q, want [glassboro]", got)
	}
}

// rewriteKeepingTime writes content into file and gives it back its old
// modification time, so that only what the file says can tell the change.
func rewriteKeepingTime(t *testing.T, file, content string) {
	t.Helper()
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, time.Time{}, st.ModTime()); err != nil {
		t.Fatal(err)
	}
}
