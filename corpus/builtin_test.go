package corpus

import (
	"io/fs"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestBuiltinCorpus(t *testing.T) {
	c := mustLoad(t, Builtin(), LoadOptions{Strict: true})
	if c.Articles < 8 {
		t.Errorf("Articles = %d, want >= 8", c.Articles)
	}
	if len(c.Skipped) != 0 {
		t.Errorf("Skipped = %v", c.Skipped)
	}
	checkPassages(t, c.Passages)

	articles := bySource(c.Passages)
	if len(articles) != c.Articles {
		t.Errorf("%d sources for %d articles", len(articles), c.Articles)
	}
	for src, ps := range articles {
		if !strings.HasPrefix(src, "articles/") || !strings.HasSuffix(src, ".md") {
			t.Errorf("unexpected source %q", src)
		}
		p := ps[0]
		if strings.TrimSpace(p.Title) == "" {
			t.Errorf("%s: no title", src)
		}
		if p.Date.IsZero() || p.Date.Year() < 2017 || p.Date.After(time.Now()) {
			t.Errorf("%s: implausible date %v", src, p.Date)
		}
		u, err := url.Parse(p.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("%s: source URL %q is not an https URL", src, p.URL)
		}
		for _, q := range ps {
			if q.Title != p.Title || !q.Date.Equal(p.Date) || q.URL != p.URL {
				t.Errorf("%s: passages disagree on metadata", q.ID)
			}
		}
	}

	cat := c.Catalogue
	count := map[string]int{}
	for _, p := range c.Passages {
		for _, id := range p.Events {
			if _, ok := cat.Event(id); !ok {
				t.Errorf("%s: tagged with unknown event %q", p.ID, id)
			}
			count[id]++
		}
	}
	for _, id := range []string{"singapore", "hanoi", "dmz", "fourth"} {
		if count[id] < 2 {
			t.Errorf("event %s tags %d passages, want >= 2", id, count[id])
		}
	}
	for _, id := range cat.IDs() {
		if count[id] < 2 {
			t.Errorf("catalogue event %s tags %d passages, want >= 2", id, count[id])
		}
	}
}

func TestBuiltinCatalogue(t *testing.T) {
	cat := mustCatalogue(t)
	for _, id := range []string{"singapore", "hanoi", "dmz", "fourth"} {
		if _, ok := cat.Event(id); !ok {
			t.Errorf("default catalogue has no %s", id)
		}
	}
	tests := []struct {
		id         string
		start, end time.Time
		status     string
		dates      string
	}{
		{"singapore", day(2018, time.June, 12), day(2018, time.June, 12), "held", "12 June 2018"},
		{"hanoi", day(2019, time.February, 27), day(2019, time.February, 28), "held", "27–28 February 2019"},
		{"dmz", day(2019, time.June, 30), day(2019, time.June, 30), "held", "30 June 2019"},
		{"fourth", time.Time{}, time.Time{}, "prospective", "not yet held"},
	}
	for _, tt := range tests {
		e, ok := cat.Event(tt.id)
		if !ok {
			continue
		}
		if !e.Start.Equal(tt.start) || !e.End.Equal(tt.end) {
			t.Errorf("%s: %v – %v, want %v – %v", tt.id, e.Start, e.End, tt.start, tt.end)
		}
		if e.Status != tt.status || e.Dates() != tt.dates {
			t.Errorf("%s: status %q dates %q, want %q %q", tt.id, e.Status, e.Dates(), tt.status, tt.dates)
		}
	}
	for _, e := range cat.Events {
		if e.Name == "" || e.Summary == "" || e.Place == "" || len(e.Participants) == 0 {
			t.Errorf("%s: name, summary, place or participants missing", e.ID)
		}
		if len(e.Tagging.Phrases) == 0 {
			t.Errorf("%s: no tagging phrases", e.ID)
		}
		for _, l := range e.Links {
			if u, err := url.Parse(l.URL); err != nil || u.Scheme != "https" || l.Title == "" {
				t.Errorf("%s: bad link %+v", e.ID, l)
			}
		}
		// Every event resolves by its id and its name.
		for _, q := range []string{e.ID, e.Name, strings.ToUpper(e.ID)} {
			if got, ok := cat.Resolve(q); !ok || got.ID != e.ID {
				t.Errorf("Resolve(%q) does not give %s", q, e.ID)
			}
		}
	}
	// No alias names two events.
	owner := map[string]string{}
	for _, e := range cat.Events {
		for _, a := range e.Aliases {
			if o, dup := owner[norm(a)]; dup && o != e.ID {
				t.Errorf("alias %q names both %s and %s", a, o, e.ID)
			}
			owner[norm(a)] = e.ID
		}
	}
	if !slices.Contains(cat.Context, "kim jong") {
		t.Errorf("context phrases %q lack kim jong", cat.Context)
	}
}

func TestBuiltinFS(t *testing.T) {
	fsys := Builtin()
	if _, err := fs.Stat(fsys, CatalogueFile); err != nil {
		t.Errorf("embedded corpus has no %s: %v", CatalogueFile, err)
	}
	a, err := Fingerprint(fsys)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Fingerprint(Builtin())
	if a != b || len(a) != 64 {
		t.Errorf("fingerprints %q and %q", a, b)
	}
	own, err := loadCatalogue(fsys)
	if err != nil || len(own.Events) == 0 {
		t.Errorf("LoadCatalogue(Builtin()) = %v, %v", own, err)
	}
	// The default corpus, used with the default base, is not doubled.
	cat, err := CatalogueFor(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Events) != len(own.Events) {
		t.Errorf("CatalogueFor(Builtin()) has %d events, want %d", len(cat.Events), len(own.Events))
	}
	// Nor are its synonym groups, terms and context phrases.
	for _, tt := range []struct {
		what      string
		got, want any
	}{
		{"synonyms", cat.Synonyms, own.Synonyms},
		{"terms", cat.Terms, own.Terms},
		{"context", cat.Context, own.Context},
		{"not_events", cat.NotEvents, own.NotEvents},
	} {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("CatalogueFor(Builtin()) %s = %v, want the file's %v", tt.what, tt.got, tt.want)
		}
	}
}
