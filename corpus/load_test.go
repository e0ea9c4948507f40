package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

const goodMD = `---
title: Good markdown
date: 2019-02-28
url: https://example.org/good
---
The second summit ended early in the afternoon. Both sides left without signing anything.
`

// badFolder is a corpus with three good files and every kind of bad one.
// The value of wantSkipped is a word the warning's reason must hold.
var (
	badFolder = map[string]string{
		"good.md":            goodMD,
		"notes/good two.txt": "Plain text article, one paragraph per line.\nIt has a second line as well.\n",
		"feeds/good.json":    `{"title": "Good JSON", "body": "A body of text for the article."}`,
		"binary.md":          "---\ntitle: Binary\n---\nText\x00\x00\x01\x02 more.\n",
		"empty.txt":          "",
		"blank.md":           "  \n\t\n   \n",
		"latin1.txt":         "Caf\xe9 au lait in Hanoi \xe0 7h.\n",
		"badfm.md":           "---\ntitle: [unclosed\ndate: 2019-02-28\n---\nBody text here.\n",
		"noclose.md":         "---\ntitle: Never closed\n\nBody text here.\n",
		"notext.md":          "---\ntitle: Only metadata\n---\n",
		"broken.json":        `{"title": "Broken", "body": "unterminated`,
		// ignored: hidden, unknown extensions, the catalogue
		".hidden.md":           "Hidden text.\x00",
		".drafts/draft.md":     "Draft text.\x00",
		"notes/.cache/x.txt":   "\x00",
		"image.png":            "\x89PNG\x00\x00",
		"notes/readme.rst":     "Not an article.\x00",
		"feeds/data.yaml":      "a: [",
		CatalogueFile:          "events: []\n",
		"Makefile":             "all:\n",
		"notes/UPPER CASE.MD":  "Upper-case extension still counts as Markdown.\n",
		"notes/x.markdown":     "The .markdown extension counts too.\n",
		"notes/feed.ndjson":    `{"body": "One line of NDJSON."}` + "\n",
		"notes/y.text":         "The .text extension counts too.\n",
		"notes/sub/deeper.txt": "Nested folders are read as well.\n",
	}
	wantSkipped = map[string]string{
		"binary.md":   "binary",
		"empty.txt":   "empty",
		"blank.md":    "empty",
		"latin1.txt":  "UTF-8",
		"badfm.md":    "front matter",
		"noclose.md":  "no closing",
		"notext.md":   "no text",
		"broken.json": "invalid JSON",
	}
	wantArticles = []string{
		"feeds/good.json", "good.md", "notes/UPPER CASE.MD", "notes/feed.ndjson",
		"notes/good two.txt", "notes/sub/deeper.txt", "notes/x.markdown", "notes/y.text",
	}
)

func TestLoadSkipsBadFilesKeepsGood(t *testing.T) {
	dir := writeTree(t, badFolder)
	var warned []Warning
	var progress [][2]int
	c := mustLoad(t, os.DirFS(dir), LoadOptions{
		Warn:     func(w Warning) { warned = append(warned, w) },
		Progress: func(done, total int) { progress = append(progress, [2]int{done, total}) },
	})

	var sources []string
	for src := range bySource(c.Passages) {
		sources = append(sources, src)
	}
	slices.Sort(sources)
	if !slices.Equal(sources, wantArticles) {
		t.Errorf("sources\n%q\nwant\n%q", sources, wantArticles)
	}
	if c.Articles != len(wantArticles) {
		t.Errorf("Articles = %d, want %d", c.Articles, len(wantArticles))
	}
	if len(c.Skipped) != len(wantSkipped) {
		t.Errorf("Skipped = %v, want %d warnings", c.Skipped, len(wantSkipped))
	}
	for path, reason := range wantSkipped {
		w, ok := warningFor(c.Skipped, path)
		if !ok {
			t.Errorf("no warning for %s", path)
			continue
		}
		if !strings.Contains(w.Reason, reason) {
			t.Errorf("%s: reason %q, want it to mention %q", path, w.Reason, reason)
		}
		if w.String() != path+": "+w.Reason {
			t.Errorf("Warning.String() = %q", w.String())
		}
	}
	// Passages and warnings come in file order, whatever the concurrency.
	if !slices.IsSortedFunc(c.Skipped, func(a, b Warning) int { return strings.Compare(a.Path, b.Path) }) {
		t.Errorf("warnings not sorted by path: %v", c.Skipped)
	}
	if !slices.IsSortedFunc(c.Passages, func(a, b Passage) int { return strings.Compare(a.Source, b.Source) }) {
		t.Error("passages not sorted by source")
	}
	wantSummary := fmt.Sprintf("%d articles, %d passages, %d skipped, 4 unsupported files not read: Makefile, feeds/data.yaml, image.png and 1 more", len(wantArticles), len(c.Passages), len(wantSkipped))
	if got := c.Summary(); got != wantSummary {
		t.Errorf("Summary() = %q, want %q", got, wantSummary)
	}
	if len(c.Passages) < len(wantArticles) {
		t.Errorf("%d passages for %d articles", len(c.Passages), len(wantArticles))
	}
	checkPassages(t, c.Passages)

	// The Warn callback sees the same warnings (in completion order).
	sortW := func(ws []Warning) []Warning {
		ws = slices.Clone(ws)
		slices.SortFunc(ws, func(a, b Warning) int { return strings.Compare(a.Path, b.Path) })
		return ws
	}
	if !reflect.DeepEqual(sortW(warned), sortW(c.Skipped)) {
		t.Errorf("Warn got %v, Skipped %v", warned, c.Skipped)
	}
	total := len(wantArticles) + len(wantSkipped)
	if len(progress) != total {
		t.Fatalf("Progress called %d times, want %d", len(progress), total)
	}
	for i, p := range progress {
		if p != [2]int{i + 1, total} {
			t.Errorf("Progress call %d = %v, want (%d, %d)", i, p, i+1, total)
		}
	}
}

func TestLoadStrict(t *testing.T) {
	dir := writeTree(t, badFolder)
	c, err := Load(t.Context(), os.DirFS(dir), LoadOptions{Strict: true})
	if err == nil {
		t.Fatalf("no error; summary %s", c.Summary())
	}
	if c != nil {
		t.Error("corpus returned with the error")
	}
	msg := err.Error()
	if !strings.Contains(msg, fmt.Sprintf("%d problem", len(wantSkipped))) {
		t.Errorf("error does not count the problems: %v", msg)
	}
	for path, reason := range wantSkipped {
		if !strings.Contains(msg, path+": ") || !strings.Contains(msg, reason) {
			t.Errorf("error does not name %s (%s):\n%s", path, reason, msg)
		}
	}

	// A clean folder loads in strict mode.
	clean := writeTree(t, map[string]string{"good.md": goodMD})
	if _, err := Load(t.Context(), os.DirFS(clean), LoadOptions{Strict: true}); err != nil {
		t.Errorf("strict load of a clean folder: %v", err)
	}

	// A JSON Lines file with one bad line is a problem in strict mode.
	jl := writeTree(t, map[string]string{"feed.jsonl": `{"body":"Fine."}` + "\nnot json\n"})
	if _, err := Load(t.Context(), os.DirFS(jl), LoadOptions{Strict: true}); err == nil || !strings.Contains(err.Error(), "feed.jsonl:2") {
		t.Errorf("strict load with a bad JSON line: %v", err)
	}
}

func TestLoadJSONLinesKeepsGoodLines(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"feed.jsonl": strings.Join([]string{
			`{"title":"One","url":"https://example.org/1","date":"2019-06-30","body":"Trump crossed the line at Panmunjom. Kim Jong-un waited on the northern side."}`,
			`{"title":"Two","body":"Kim Jong-un met Trump again. They spoke for an hour in Freedom House."}`,
			`{"title": "Broken", "body": "no end`,
			`{"title":"Four","body":"The talks in Stockholm broke down the same day. Both sides blamed the other."}`,
		}, "\n") + "\n",
	})
	c := mustLoad(t, os.DirFS(dir), LoadOptions{})
	var ids []string
	for _, p := range c.Passages {
		ids = append(ids, p.ID)
		if p.Source != "feed.jsonl" {
			t.Errorf("%s: Source %q, want feed.jsonl", p.ID, p.Source)
		}
	}
	if want := []string{"feed.jsonl:1#0", "feed.jsonl:2#0", "feed.jsonl:4#0"}; !slices.Equal(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
	if c.Articles != 3 || len(c.Skipped) != 1 || c.Skipped[0].Path != "feed.jsonl:3" {
		t.Errorf("articles %d skipped %v", c.Articles, c.Skipped)
	}
	p := c.Passages[0]
	if p.Title != "One" || p.URL != "https://example.org/1" || !p.Date.Equal(day(2019, time.June, 30)) || !slices.Equal(p.Events, []string{"dmz"}) {
		t.Errorf("first passage %+v", p)
	}
	if got := c.Summary(); got != "3 articles, 3 passages, 1 skipped" {
		t.Errorf("Summary() = %q", got)
	}
}

// errFS fails to read the named files, as an unreadable file would.
type errFS struct {
	fs.FS
	bad map[string]error
}

func (e errFS) Open(name string) (fs.File, error) {
	if err, ok := e.bad[name]; ok {
		return nil, err
	}
	return e.FS.Open(name)
}

func TestLoadUnreadableFile(t *testing.T) {
	files := map[string]string{"good.md": goodMD, "locked.md": goodMD, "odd.txt": "Some text here.\n"}
	t.Run("chmod 000", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root can read a file with mode 000")
		}
		dir := writeTree(t, files)
		if err := os.Chmod(filepath.Join(dir, "locked.md"), 0); err != nil {
			t.Fatal(err)
		}
		c := mustLoad(t, os.DirFS(dir), LoadOptions{})
		w, ok := warningFor(c.Skipped, "locked.md")
		if !ok || !strings.Contains(w.Reason, "unreadable") || !strings.Contains(w.Reason, "permission denied") {
			t.Errorf("warning %v (found %v)", w, ok)
		}
		if c.Articles != 2 {
			t.Errorf("Articles = %d, want 2", c.Articles)
		}
	})
	t.Run("read error from the file system", func(t *testing.T) {
		dir := writeTree(t, files)
		fsys := errFS{os.DirFS(dir), map[string]error{
			"locked.md": &fs.PathError{Op: "open", Path: "locked.md", Err: fs.ErrPermission},
			"odd.txt":   errors.New("device on fire"), // not a *PathError
		}}
		c := mustLoad(t, fsys, LoadOptions{})
		want := map[string]string{"locked.md": "unreadable: permission denied", "odd.txt": "unreadable: device on fire"}
		for p, reason := range want {
			if w, ok := warningFor(c.Skipped, p); !ok || w.Reason != reason {
				t.Errorf("%s: warning %q (found %v), want %q", p, w.Reason, ok, reason)
			}
		}
		if c.Articles != 1 || c.Summary() != fmt.Sprintf("1 articles, %d passages, 2 skipped", len(c.Passages)) {
			t.Errorf("Summary() = %q", c.Summary())
		}
	})
}

func TestLoadFileNameWithSpaces(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"my summit notes.md": "---\ntitle: Notes with spaces\ndate: June 12th, 2018\nsource: https://example.org/notes\n---\n" +
			"Kim Jong-un and Donald Trump met at the Capella hotel on Sentosa. " + paragraph(200, 60) + "\n\n" + paragraph(200, 60) + "\n",
	})
	c := mustLoad(t, os.DirFS(dir), LoadOptions{})
	if len(c.Passages) != 2 {
		t.Fatalf("got %d passages", len(c.Passages))
	}
	for i, p := range c.Passages {
		if p.ID != fmt.Sprintf("my summit notes.md#%d", i) || p.Source != "my summit notes.md" ||
			p.Title != "Notes with spaces" || p.URL != "https://example.org/notes" || !p.Date.Equal(day(2018, time.June, 12)) {
			t.Errorf("passage %d = %+v", i, p)
		}
	}
	if !slices.Equal(c.Passages[0].Events, []string{"singapore"}) {
		t.Errorf("events %q, want singapore", c.Passages[0].Events)
	}
}

// TestLoadPlainTextOnePerLine: a scraped .txt file with one paragraph per
// line, no blank lines, no title and no date.
func TestLoadPlainTextOnePerLine(t *testing.T) {
	lines := []string{
		"North Korea's leader arrived in the Vietnamese capital on Tuesday after a train journey of more than sixty hours across China.",
		"Crowds lined the road from the border town of Dong Dang, and the motorcade swept into the city shortly before noon.",
		"Officials said the two leaders would hold a dinner on the first evening and talks the next morning.",
		"Photo: Reuters",
		"The White House said the president was optimistic about the meeting but would not be rushed into an agreement on sanctions.",
	}
	dir := writeTree(t, map[string]string{"scraped/arrival.txt": strings.Join(lines, "\r\n") + "\r\n"})
	c := mustLoad(t, os.DirFS(dir), LoadOptions{})
	// Lines 1 and 2 are short sentences and merge into the next line; the
	// caption line is dropped.
	want := []string{lines[0], lines[1] + " " + lines[2], lines[4]}
	if got := texts(c.Passages); !slices.Equal(got, want) {
		t.Fatalf("texts\n%q\nwant\n%q", got, want)
	}
	const title = "North Korea's leader arrived in the Vietnamese capital on Tuesday after a train journey of more…"
	for _, p := range c.Passages {
		if p.Title != title {
			t.Errorf("%s: Title %q, want %q", p.ID, p.Title, title)
		}
		if !p.Date.IsZero() || p.URL != "" || p.Source != "scraped/arrival.txt" {
			t.Errorf("%s: %+v", p.ID, p)
		}
	}
}

func TestLoadStableIDs(t *testing.T) {
	dir := writeTree(t, badFolder)
	a := mustLoad(t, os.DirFS(dir), LoadOptions{})
	for range 3 {
		b := mustLoad(t, os.DirFS(dir), LoadOptions{})
		if len(a.Passages) != len(b.Passages) {
			t.Fatalf("%d vs %d passages", len(a.Passages), len(b.Passages))
		}
		for i := range a.Passages {
			if !equalPassage(a.Passages[i], b.Passages[i]) {
				t.Errorf("passage %d differs between loads:\n%+v\n%+v", i, a.Passages[i], b.Passages[i])
			}
		}
	}
	// The position is the end of the id.
	for _, p := range a.Passages {
		if want := fmt.Sprintf("#%d", p.Position); !strings.HasSuffix(p.ID, want) {
			t.Errorf("%s: position %d", p.ID, p.Position)
		}
	}
}

func TestLoadCancelled(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.md": goodMD})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	// Repeat: a cancelled context must fail the load every time, not only
	// when select happens to pick ctx.Done().
	for range 50 {
		c, err := Load(ctx, os.DirFS(dir), LoadOptions{})
		if !errors.Is(err, context.Canceled) || c != nil {
			t.Fatalf("Load with a cancelled context = %v, %v", c, err)
		}
	}
}

func TestLoadCancelDuringLoad(t *testing.T) {
	files := map[string]string{}
	for i := range 200 {
		files[fmt.Sprintf("a%03d.md", i)] = goodMD
	}
	dir := writeTree(t, files)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var n atomic.Int32
	_, err := Load(ctx, os.DirFS(dir), LoadOptions{Progress: func(done, total int) {
		if n.Add(1) == 5 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestLoadMissingFolder(t *testing.T) {
	if _, err := Load(t.Context(), os.DirFS(filepath.Join(t.TempDir(), "nope")), LoadOptions{}); err == nil {
		t.Error("no error for a missing folder")
	}
	// An empty folder is an empty corpus.
	c := mustLoad(t, os.DirFS(t.TempDir()), LoadOptions{})
	if c.Summary() != "0 articles, 0 passages, 0 skipped" {
		t.Errorf("Summary() = %q", c.Summary())
	}
}

// TestLoadFixtureFolder loads the checked-in mixed corpus under testdata.
func TestLoadFixtureFolder(t *testing.T) {
	c := mustLoad(t, os.DirFS("testdata/corpus"), LoadOptions{})
	if got := c.Summary(); got != "6 articles, 8 passages, 2 skipped, 1 unsupported file not read: notes.rst" {
		t.Errorf("Summary() = %q", got)
	}
	wantSkipped := []string{"feeds/wire.jsonl:3", "feeds/wire.jsonl:4"}
	var skipped []string
	for _, w := range c.Skipped {
		skipped = append(skipped, w.Path)
	}
	if !slices.Equal(skipped, wantSkipped) {
		t.Errorf("skipped %q, want %q", skipped, wantSkipped)
	}
	got := map[string]string{}
	for _, p := range c.Passages {
		got[p.ID] = strings.Join(p.Events, ",") + " | " + p.Title + " | " + p.Date.Format(time.DateOnly) + " | " + p.URL
		checkPassages(t, []Passage{p})
	}
	want := map[string]string{
		"articles/hanoi hotel review.txt#0": " | The Old Quarter Inn is a small hotel a short walk from the lake. | 0001-01-01 | ",
		"articles/hanoi hotel review.txt#1": " | The Old Quarter Inn is a small hotel a short walk from the lake. | 0001-01-01 | ",
		"articles/singapore-notes.md#0":     "singapore | Singapore: notes from the first summit | 2018-06-12 | https://example.org/singapore-notes",
		"articles/singapore-notes.md#1":     "singapore | Singapore: notes from the first summit | 2018-06-12 | https://example.org/singapore-notes",
		"feeds/list.json:1#0":               "ulanude | Medvedev and Kim | 2011-08-24 | https://example.org/ulanude",
		"feeds/list.json:2#0":               "dmz | Panmunjom | 2019-06-30 | https://example.org/pan",
		"feeds/wire.jsonl:1#0":              "hanoi | Talks cut short | 2019-02-28 | https://example.org/wire/1",
		"feeds/wire.jsonl:2#0":              " | Economy | 2019-03-01 | https://example.org/wire/2",
	}
	if !reflect.DeepEqual(got, want) {
		for id, g := range got {
			if want[id] != g {
				t.Errorf("%s:\n got %q\nwant %q", id, g, want[id])
			}
		}
		for id := range want {
			if _, ok := got[id]; !ok {
				t.Errorf("missing passage %s", id)
			}
		}
	}
	if e, ok := c.Catalogue.Event("ulanude"); !ok || e.Dates() != "24 August 2011" {
		t.Errorf("fixture catalogue event ulanude: %v", e)
	}
}

func TestFingerprint(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.md":        goodMD,
		"sub/b.txt":   "Second article text.\n",
		CatalogueFile: "events: []\n",
	})
	fsys := os.DirFS(dir)
	fp := func() string {
		t.Helper()
		s, err := Fingerprint(fsys)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	prev := fp()
	if len(prev) != 64 {
		t.Fatalf("fingerprint %q is not a hex SHA-256", prev)
	}
	if again := fp(); again != prev {
		t.Fatalf("same folder, different fingerprints: %s %s", prev, again)
	}
	a := filepath.Join(dir, "a.md")
	steps := []struct {
		name    string
		change  func()
		changes bool
	}{
		{"touch mtime", func() { chtime(t, a, time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)) }, true},
		{"touch mtime again", func() { chtime(t, a, time.Date(2002, 1, 1, 0, 0, 0, 0, time.UTC)) }, true},
		{"change content and size", func() { writeFile(t, dir, "a.md", goodMD+"\nOne more line.\n") }, true},
		{"add an article", func() { writeFile(t, dir, "c.json", `{"body":"New."}`) }, true},
		{"remove an article", func() { remove(t, dir, "sub/b.txt") }, true},
		{"change events.yaml", func() { writeFile(t, dir, CatalogueFile, "events:\n  - {id: x, name: X}\n") }, true},
		{"remove events.yaml", func() { remove(t, dir, CatalogueFile) }, true},
		{"add a hidden file", func() { writeFile(t, dir, ".notes.md", "hidden") }, false},
		{"add a file of another type", func() { writeFile(t, dir, "photo.jpg", "jpeg") }, false},
		{"add a hidden folder", func() { writeFile(t, dir, ".git/x.md", "hidden") }, false},
		{"nothing", func() {}, false},
	}
	for _, s := range steps {
		s.change()
		got := fp()
		if changed := got != prev; changed != s.changes {
			t.Errorf("%s: fingerprint changed = %v, want %v", s.name, changed, s.changes)
		}
		prev = got
	}
}

func chtime(t *testing.T, path string, at time.Time) {
	t.Helper()
	if err := os.Chtimes(path, at, at); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
		t.Fatal(err)
	}
}

// TestFingerprintWithoutTimes: file systems without modification times
// (embedded files) are fingerprinted by content.
func TestFingerprintWithoutTimes(t *testing.T) {
	m := fstest.MapFS{"a.md": {Data: []byte("Alpha text.\n")}}
	fp1, err := Fingerprint(m)
	if err != nil {
		t.Fatal(err)
	}
	m["a.md"] = &fstest.MapFile{Data: []byte("Gamma text.\n")} // same size
	fp2, err := Fingerprint(m)
	if err != nil {
		t.Fatal(err)
	}
	if fp1 == fp2 {
		t.Error("same-size content change not seen without modification times")
	}
	// Modification times, when present, stand for the content.
	at := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	m["a.md"] = &fstest.MapFile{Data: []byte("Alpha text.\n"), ModTime: at}
	fp3, _ := Fingerprint(m)
	m["a.md"] = &fstest.MapFile{Data: []byte("Gamma text.\n"), ModTime: at.Add(time.Second)}
	fp4, _ := Fingerprint(m)
	if fp3 == fp4 || fp3 == fp1 {
		t.Error("modification time change not seen")
	}
	if _, err := Fingerprint(fstest.MapFS{}); err != nil {
		t.Errorf("empty folder: %v", err)
	}
}

func TestSymlinkedArticlesLoad(t *testing.T) {
	// The layout Kubernetes gives a mounted ConfigMap: files are symlinks
	// into a hidden, timestamped folder.
	dir := t.TempDir()
	data := filepath.Join(dir, "..2026_11_25_10_00_00.1")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(data, "a.md"), []byte("---\ntitle: Linked\n---\nKim Jong-un met Donald Trump at the Hanoi summit in February 2019.\n"), 0o644)
	if err := os.Symlink(filepath.Base(data), filepath.Join(dir, "..data")); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	os.Symlink(filepath.Join("..data", "a.md"), filepath.Join(dir, "a.md"))
	os.Symlink("missing.md", filepath.Join(dir, "dangling.md"))
	c, err := Load(context.Background(), os.DirFS(dir), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != 1 || len(c.Passages) != 1 || c.Passages[0].Source != "a.md" {
		t.Errorf("symlinked article: %s, %+v", c.Summary(), c.Passages)
	}
}
