package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `summitbot index` on a folder with no article fails, names what it found
// and keeps the index it had.
func TestIndexWithoutArticles(t *testing.T) {
	t.Chdir(t.TempDir())
	dir := t.TempDir()
	corpusDir, indexDir := filepath.Join(dir, "articles"), filepath.Join(dir, "index")
	writeFile(t, filepath.Join(corpusDir, "talks.md"), "---\ntitle: Talks resume\ndate: 2019-06-30\n---\nThe two leaders met at the demarcation line in Panmunjom.\n")
	out, _, err := runCLI(t, nil, "index", "--corpus", corpusDir, "--index", indexDir)
	if err != nil || !strings.Contains(out, "index built") {
		t.Fatalf("first build: %v %s", err, out)
	}
	current, err := os.ReadFile(filepath.Join(indexDir, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}

	os.Remove(filepath.Join(corpusDir, "talks.md"))
	writeFile(t, filepath.Join(corpusDir, "page.html"), "<p>hello</p>")
	writeFile(t, filepath.Join(corpusDir, "report.pdf"), "%PDF-1.4")
	_, _, err = runCLI(t, nil, "index", "--corpus", corpusDir, "--index", indexDir)
	if err == nil {
		t.Fatal("a corpus of unsupported files must fail `summitbot index`")
	}
	for _, want := range []string{"no articles", "page.html", "report.pdf", ".md"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if now, _ := os.ReadFile(filepath.Join(indexDir, "CURRENT")); string(now) != string(current) {
		t.Errorf("the failed build replaced the index: CURRENT %q, was %q", now, current)
	}
	var u usageError
	if errors.As(err, &u) {
		t.Errorf("not a command-line mistake (exit 2) but a failure (exit 1): %v", err)
	}
}

// `summitbot index` applies a new article in place and says so; --rebuild
// builds afresh.
func TestIndexUpdatesInPlace(t *testing.T) {
	t.Chdir(t.TempDir())
	dir := t.TempDir()
	corpusDir, indexDir := filepath.Join(dir, "articles"), filepath.Join(dir, "index")
	writeFile(t, filepath.Join(corpusDir, "talks.md"), "---\ntitle: Talks resume\ndate: 2019-06-30\n---\nThe two leaders met at the demarcation line in Panmunjom.\n")
	if out, _, err := runCLI(t, nil, "index", "--corpus", corpusDir, "--index", indexDir); err != nil || !strings.Contains(out, "index built") {
		t.Fatalf("first build: %v %s", err, out)
	}
	writeFile(t, filepath.Join(corpusDir, "hanoi.md"), "---\ntitle: Hanoi\ndate: 2019-02-28\n---\nThe Hanoi summit ended without an agreement.\n")
	out, _, err := runCLI(t, nil, "index", "--corpus", corpusDir, "--index", indexDir)
	if err != nil || !strings.Contains(out, "index updated in place (1 added, 0 changed, 0 removed)") || !strings.Contains(out, "2 articles") {
		t.Errorf("update: %v %s", err, out)
	}
	out, _, err = runCLI(t, nil, "index", "--rebuild", "--corpus", corpusDir, "--index", indexDir)
	if err != nil || !strings.Contains(out, "index built") || !strings.Contains(out, "2 articles") {
		t.Errorf("--rebuild: %v %s", err, out)
	}
}
