package corpus

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// A date that cannot be read costs the date, not the article: it is
// indexed undated, with a warning that says so.
func TestUnreadableDateKeepsArticle(t *testing.T) {
	tests := []struct {
		name, file, data string
		wantID           string // the warning's and the article's path
		want             string // in the warning's reason; "" for no warning
		date             time.Time
	}{
		{"front matter, not a date", "a.md", "---\ntitle: T\ndate: sometime soon\n---\nBody text here.\n", "a.md", `front matter: unrecognised date "sometime soon": indexed without a date`, time.Time{}},
		{"front matter, wrong type", "a.md", "---\ndate: [2018]\n---\nBody text here.\n", "a.md", "front matter: date: unexpected value [2018]: indexed without a date", time.Time{}},
		{"front matter, the next date key is read", "a.md", "---\ndate: soon\npublished: 2019-02-28\n---\nBody text here.\n", "a.md", "", day(2019, time.February, 28)},
		{"json object", "a.json", `{"body": "x.", "date": "later"}`, "a.json", `unrecognised date "later": indexed without a date`, time.Time{}},
		{"json lines", "a.jsonl", `{"body": "Fine.", "date": "2019-06-30"}` + "\n" + `{"body": "Still kept.", "date": "the day after"}` + "\n", "a.jsonl:2", `unrecognised date "the day after": indexed without a date`, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, warns, err := parseFile(tt.file, []byte(tt.data))
			if err != nil {
				t.Fatalf("the article must be kept: %v", err)
			}
			i := slices.IndexFunc(arts, func(a Article) bool { return a.Path == tt.wantID })
			if i < 0 {
				t.Fatalf("no article %s in %+v", tt.wantID, arts)
			}
			if !arts[i].Date.Equal(tt.date) || arts[i].Body == "" {
				t.Errorf("article %+v, want date %v and its body", arts[i], tt.date)
			}
			if tt.want == "" {
				if len(warns) != 0 {
					t.Errorf("unexpected warnings %v", warns)
				}
				return
			}
			if len(warns) != 1 || warns[0].Path != tt.wantID || warns[0].Reason != tt.want || !warns[0].Kept {
				t.Errorf("warnings %+v, want one kept warning for %s: %q", warns, tt.wantID, tt.want)
			}
		})
	}
}

func TestLoadUndatedArticle(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"good.md":    goodMD,
		"undated.md": "---\ntitle: Undated\ndate: the week after Hanoi\n---\nThe envoys met again the week after the Hanoi summit.\n",
	})
	var warned []Warning
	c := mustLoad(t, os.DirFS(dir), LoadOptions{Warn: func(w Warning) { warned = append(warned, w) }})
	if c.Articles != 2 || len(c.Skipped) != 0 || len(c.Warnings) != 1 || c.Warnings[0].Path != "undated.md" {
		t.Fatalf("articles %d, skipped %v, warnings %v: want 2 articles, the undated one with a warning", c.Articles, c.Skipped, c.Warnings)
	}
	if len(warned) != 1 || warned[0] != c.Warnings[0] {
		t.Errorf("Warn got %v, want %v", warned, c.Warnings)
	}
	ps := bySource(c.Passages)["undated.md"]
	if len(ps) == 0 || !ps[0].Date.IsZero() || ps[0].Title != "Undated" {
		t.Errorf("undated passages %+v", ps)
	}
	if got := c.Summary(); got != "2 articles, 2 passages, 0 skipped" {
		t.Errorf("Summary() = %q", got)
	}
	// --strict still refuses it.
	_, err := Load(t.Context(), os.DirFS(dir), LoadOptions{Strict: true})
	if err == nil || !strings.Contains(err.Error(), "undated.md: front matter: unrecognised date") {
		t.Errorf("strict load: %v", err)
	}
}

// indexTree is the layout package index writes into an index folder.
func indexTree(dir string) map[string]string {
	gen := dir + "gen-20260101T000000-deadbeef/"
	return map[string]string{
		dir + "CURRENT":                "gen-20260101T000000-deadbeef\n",
		gen + "index_meta.json":        `{"storage":"scorch","index_type":"scorch"}`,
		gen + "summitbot.json":         `{"version":"index-v4","articles":1}`,
		gen + "articles.json":          `[{"title":"Not an article","body":"Not an article."}]`,
		gen + "store/000000000001.zap": "zap",
	}
}

// Index folders inside the corpus folder are not read, and said so once
// each; hidden folders are not read either.
func TestLoadLeavesOutIndexFolders(t *testing.T) {
	article := map[string]string{"a.md": goodMD, "notes/b.txt": "Plain text article.\n"}
	tests := []struct {
		name         string
		extra        map[string]string
		wantFiles    []string
		wantExcluded []string
	}{
		{"index folder inside", indexTree("idx/"), []string{"a.md", "notes/b.txt"}, []string{"idx"}},
		{"index folder deeper", indexTree("var/cache/idx/"), []string{"a.md", "notes/b.txt"}, []string{"var/cache/idx"}},
		{"a Bleve index being built, no CURRENT yet", map[string]string{"idx/gen-x.build/index_meta.json": "{}", "idx/gen-x.build/store/root.bolt": "b"}, []string{"a.md", "notes/b.txt"}, []string{"idx/gen-x.build"}},
		{"the corpus folder is the index folder", indexTree(""), []string{"a.md", "notes/b.txt"}, []string{"."}},
		{"hidden folders, silently", map[string]string{".git/HEAD.md": "x", ".obsidian/app.json": "{}"}, []string{"a.md", "notes/b.txt"}, nil},
		{"a CURRENT file that names no generation is no index", map[string]string{"news/CURRENT": "current affairs", "news/c.md": "Current affairs.\n"}, []string{"a.md", "news/c.md", "notes/b.txt"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTree(t, article)
			before, err := Fingerprint(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			for name, content := range tt.extra {
				writeFile(t, dir, name, content)
			}
			var mu sync.Mutex
			var warned []Warning
			c := mustLoad(t, os.DirFS(dir), LoadOptions{Warn: func(w Warning) {
				mu.Lock()
				warned = append(warned, w)
				mu.Unlock()
			}})
			var got []string
			for src := range bySource(c.Passages) {
				got = append(got, src)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.wantFiles) || c.Articles != len(tt.wantFiles) {
				t.Errorf("read %q (%d articles), want %q", got, c.Articles, tt.wantFiles)
			}
			if !slices.Equal(c.Excluded, tt.wantExcluded) {
				t.Errorf("excluded %q, want %q", c.Excluded, tt.wantExcluded)
			}
			if len(warned) != len(tt.wantExcluded) {
				t.Fatalf("warnings %v, want one per excluded folder %q", warned, tt.wantExcluded)
			}
			for i, w := range warned {
				if !w.Kept || !strings.Contains(w.Reason, "index") || !strings.HasPrefix(w.Path, tt.wantExcluded[i]) {
					t.Errorf("warning %+v for %s", w, tt.wantExcluded[i])
				}
			}
			if len(c.Skipped) != 0 {
				t.Errorf("skipped %v", c.Skipped)
			}
			// --strict does not fail on an index folder left out.
			if _, err := Load(t.Context(), os.DirFS(dir), LoadOptions{Strict: true}); err != nil {
				t.Errorf("strict load: %v", err)
			}
			// What an index writes does not change the fingerprint, so an
			// index kept in the corpus folder is reused, not rebuilt.
			after, err := Fingerprint(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			if changed := after != before; changed != (len(tt.wantFiles) != len(article)) {
				t.Errorf("fingerprint changed = %v", changed)
			}
		})
	}
}

// Files of other types are counted and named, not silently ignored.
func TestLoadUnsupportedFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"page.html": "<p>Hanoi</p>", "report.pdf": "%PDF", "b/slides.pptx": "x", "b/c/notes.docx": "x", "README": "x",
		".hidden.pdf": "x", CatalogueFile: "events: []\n",
	})
	var warned []Warning
	c := mustLoad(t, os.DirFS(dir), LoadOptions{Warn: func(w Warning) { warned = append(warned, w) }})
	want := []string{"README", "b/c/notes.docx", "b/slides.pptx", "page.html", "report.pdf"}
	if !slices.Equal(c.Unsupported, want) || c.Articles != 0 || len(warned) != 0 {
		t.Errorf("unsupported %q (articles %d, warnings %v), want %q", c.Unsupported, c.Articles, warned, want)
	}
	if got := c.Summary(); got != "0 articles, 0 passages, 0 skipped, 5 unsupported files not read: README, b/c/notes.docx, b/slides.pptx and 2 more" {
		t.Errorf("Summary() = %q", got)
	}
}

func TestDescribeUnsupported(t *testing.T) {
	tests := []struct {
		total int
		names []string
		want  string
	}{
		{1, []string{"a.pdf"}, "1 unsupported file not read: a.pdf"},
		{3, []string{"a.pdf", "b.html", "c"}, "3 unsupported files not read: a.pdf, b.html, c"},
		{4, []string{"a.pdf", "b.html", "c", "d"}, "4 unsupported files not read: a.pdf, b.html, c and 1 more"},
		{120, []string{"a.pdf", "b.html", "c"}, "120 unsupported files not read: a.pdf, b.html, c and 117 more"},
		{7, nil, "7 unsupported files not read"},
	}
	for _, tt := range tests {
		if got := DescribeUnsupported(tt.total, tt.names); got != tt.want {
			t.Errorf("DescribeUnsupported(%d, %q) = %q, want %q", tt.total, tt.names, got, tt.want)
		}
	}
	if got := Extensions(); !slices.Contains(got, ".md") || !slices.Contains(got, ".jsonl") || slices.Contains(got, ".html") {
		t.Errorf("Extensions() = %q", got)
	}
}
