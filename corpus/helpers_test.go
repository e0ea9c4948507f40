package corpus

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// writeTree creates the files (slash-separated relative path -> content)
// under a fresh temporary folder and returns the folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, dir, name, content)
	}
	return dir
}

// writeFile writes one file under dir, creating its parent folders.
func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mustLoad loads fsys and fails the test on error.
func mustLoad(t *testing.T, fsys fs.FS, opts LoadOptions) *Corpus {
	t.Helper()
	c, err := Load(context.Background(), fsys, opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// mustParse parses one file that must hold exactly one article.
func mustParse(t *testing.T, name, data string) Article {
	t.Helper()
	arts, warns, err := parseFile(name, []byte(data))
	if err != nil {
		t.Fatalf("ParseFile(%q): %v", name, err)
	}
	if len(warns) != 0 {
		t.Fatalf("ParseFile(%q): unexpected warnings %v", name, warns)
	}
	if len(arts) != 1 {
		t.Fatalf("ParseFile(%q): got %d articles, want 1", name, len(arts))
	}
	return arts[0]
}

// mustCatalogue returns the embedded default catalogue.
func mustCatalogue(t testing.TB) *Catalogue {
	t.Helper()
	c, err := DefaultCatalogue()
	if err != nil {
		t.Fatalf("DefaultCatalogue: %v", err)
	}
	return c
}

// day is midnight UTC of the given date.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// sentence returns a plain English sentence of about n runes, numbered so
// that sentences differ, ending with a full stop.
func sentence(i, n int) string {
	words := []string{"Envoys", "from", "both", "sides", "met", "again", "to", "discuss", "the", "agenda", "for", "talks"}
	var b strings.Builder
	b.WriteString("Round ")
	b.WriteString(strconv.Itoa(i))
	for k := 0; utf8.RuneCountInString(b.String()) < n-1; k++ {
		b.WriteByte(' ')
		b.WriteString(strings.ToLower(words[k%len(words)]))
	}
	b.WriteByte('.')
	return b.String()
}

// paragraph joins sentences of about sentRunes runes until the paragraph
// holds at least total runes.
func paragraph(total, sentRunes int) string {
	var parts []string
	n := 0
	for i := 1; n < total; i++ {
		s := sentence(i, sentRunes)
		parts = append(parts, s)
		n += utf8.RuneCountInString(s) + 1
	}
	return strings.Join(parts, " ")
}

// paragraphUpTo joins sentences of about sentRunes runes while the
// paragraph stays within max runes.
func paragraphUpTo(max, sentRunes int) string {
	var parts []string
	n := -1
	for i := 1; ; i++ {
		s := sentence(i, sentRunes)
		if n+1+utf8.RuneCountInString(s) > max {
			return strings.Join(parts, " ")
		}
		parts = append(parts, s)
		n += utf8.RuneCountInString(s) + 1
	}
}

// texts returns the passage texts.
func texts(ps []Passage) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Text
	}
	return out
}

// bySource groups passages by their source file.
func bySource(ps []Passage) map[string][]Passage {
	m := map[string][]Passage{}
	for _, p := range ps {
		m[p.Source] = append(m[p.Source], p)
	}
	return m
}

// warningFor returns the warning for path, if any.
func warningFor(ws []Warning, path string) (Warning, bool) {
	i := slices.IndexFunc(ws, func(w Warning) bool { return w.Path == path })
	if i < 0 {
		return Warning{}, false
	}
	return ws[i], true
}

// checkPassages asserts the invariants every passage must hold.
func checkPassages(t *testing.T, ps []Passage) {
	t.Helper()
	seen := map[string]bool{}
	for _, p := range ps {
		if n := utf8.RuneCountInString(p.Text); n > maxPassageRunes || n == 0 {
			t.Errorf("passage %s: %d runes, want 1..%d", p.ID, n, maxPassageRunes)
		}
		if !utf8.ValidString(p.Text) {
			t.Errorf("passage %s: text is not valid UTF-8", p.ID)
		}
		if seen[p.ID] {
			t.Errorf("passage id %s is not unique", p.ID)
		}
		seen[p.ID] = true
	}
}
