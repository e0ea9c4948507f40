package feeds

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

// testUA is the User-Agent the tests give Fetch.
const testUA = "summitbot/test (+https://github.com/summitbot/summitbot)"

// The pages below are written for these tests.
const (
	// hanoiText is about an event of the built-in catalogue.
	hanoiText = `Donald Trump and Kim Jong-un sat down together for the second time at the Hanoi summit in February 2019, some eight months after their handshake in Singapore.

The meeting in the Vietnamese capital ended early on its second day: the two delegations could not agree on how much sanctions relief would follow the closing of the Yongbyon complex, and the planned signing ceremony never took place.

Trump told reporters afterwards that sometimes you have to walk, while North Korea's foreign minister held a press conference of his own after midnight to give Pyongyang's side of the story.`

	// gardenText is about nothing the catalogue knows.
	gardenText = `The allotment society met on Saturday to share out the seed potatoes for the coming season, and the committee agreed to buy a second water butt for the shed by the gate.

Members were reminded that the compost heaps are for garden waste only, and that the spring show will be held in the church hall as usual, with prizes for the longest runner bean and the heaviest marrow.

Anyone who wants a plot for next year should write to the secretary before the end of the month, as the waiting list is already long.`
)

// The boilerplate of every test page; none of it may reach an article.
const (
	scriptWords = "zebraquokkatoken"
	navWords    = "Horoscopes Crosswords Puzzlecorner"
)

// htmlPage is a news page around text: navigation, a script, a sidebar and
// a footer, and the article's paragraphs; date may be empty.
func htmlPage(title, date, text string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(title) + "</title>")
	if date != "" {
		b.WriteString(`<meta property="article:published_time" content="` + date + `">`)
	}
	b.WriteString(`<script>var tracker = "` + scriptWords + `"; document.write(tracker);</script></head><body>`)
	b.WriteString(`<nav class="site-nav"><ul>`)
	for _, w := range strings.Fields(navWords) {
		b.WriteString(`<li><a href="/` + strings.ToLower(w) + `">` + w + `</a></li>`)
	}
	b.WriteString(`</ul></nav><div class="page"><article><h1>` + html.EscapeString(title) + `</h1>`)
	for _, p := range strings.Split(text, "\n\n") {
		b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		b.WriteString(`<script>console.log("` + scriptWords + `")</script>`)
	}
	b.WriteString(`</article></div><footer class="footer">Copyright Puzzlecorner Media. All rights reserved.</footer></body></html>`)
	return b.String()
}

// item is a feed entry; empty fields are left out.
type item struct {
	title, link, date, description string
}

// rss is an RSS 2.0 feed of items; date is RFC 1123.
func rss(title string, items ...item) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>` + html.EscapeString(title) + `</title><link>http://example.invalid/</link><description>test</description>`)
	for _, it := range items {
		b.WriteString("<item>")
		if it.title != "" {
			b.WriteString("<title>" + html.EscapeString(it.title) + "</title>")
		}
		if it.link != "" {
			b.WriteString("<link>" + html.EscapeString(it.link) + "</link>")
		}
		if it.date != "" {
			b.WriteString("<pubDate>" + it.date + "</pubDate>")
		}
		if it.description != "" {
			b.WriteString("<description>" + html.EscapeString(it.description) + "</description>")
		}
		b.WriteString("</item>")
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// atom is an Atom feed of items; date is RFC 3339.
func atom(title string, items ...item) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>` + html.EscapeString(title) + `</title><id>urn:test</id><updated>2019-03-01T00:00:00Z</updated>`)
	for i, it := range items {
		fmt.Fprintf(&b, "<entry><id>urn:test:%d</id><title>%s</title>", i, html.EscapeString(it.title))
		if it.link != "" {
			b.WriteString(`<link rel="alternate" href="` + html.EscapeString(it.link) + `"/>`)
		}
		if it.date != "" {
			b.WriteString("<published>" + it.date + "</published><updated>" + it.date + "</updated>")
		}
		if it.description != "" {
			b.WriteString(`<summary type="html">` + html.EscapeString(it.description) + "</summary>")
		}
		b.WriteString("</entry>")
	}
	b.WriteString("</feed>")
	return b.String()
}

// request is what the test site saw of one request.
type request struct {
	path, ua, ifNoneMatch, ifModifiedSince string
}

// site is a loopback web site that records every request; paths without a
// handler answer 404 (robots.txt included: everything allowed).
type site struct {
	t        *testing.T
	srv      *httptest.Server
	mu       sync.Mutex
	handlers map[string]http.HandlerFunc
	reqs     []request
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{t: t, handlers: map[string]http.HandlerFunc{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	t.Cleanup(s.checkUserAgent) // runs first, once Fetch is done
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.reqs = append(s.reqs, request{r.URL.RequestURI(), r.UserAgent(), r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")})
	h := s.handlers[r.URL.Path]
	s.mu.Unlock()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// checkUserAgent fails the test if a request came without testUA.
func (s *site) checkUserAgent() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.reqs {
		if r.ua != testUA {
			s.t.Errorf("request for %s came with User-Agent %q, want %q", r.path, r.ua, testUA)
		}
	}
}

func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[path] = h
}

// serveText serves body at path with the content type.
func (s *site) serveText(path, contentType, body string) {
	s.handle(path, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		fmt.Fprint(w, body)
	})
}

func (s *site) page(path, title, date, text string) {
	s.serveText(path, "text/html; charset=utf-8", htmlPage(title, date, text))
}

func (s *site) url(path string) string { return s.srv.URL + path }

// requests are the requests seen for path (with its query), in order.
func (s *site) requests(path string) []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []request
	for _, r := range s.reqs {
		if r.path == path {
			out = append(out, r)
		}
	}
	return out
}

// testNow is the time the tests' passes run at.
var testNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// testOptions are the options of a test pass over feeds into dir.
func testOptions(t *testing.T, dir string, feeds ...string) Options {
	t.Helper()
	cat, err := corpus.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	return Options{
		Feeds: feeds, Dir: dir, Catalogue: cat, UserAgent: testUA,
		Timeout: 10 * time.Second, HostDelay: time.Millisecond,
		Now: func() time.Time { return testNow },
	}
}

// fetch runs a pass, failing the test on an error.
func fetch(t *testing.T, opts Options) Report {
	t.Helper()
	rep, err := Fetch(context.Background(), opts)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(rep.Feeds) != len(opts.Feeds) {
		t.Fatalf("Fetch reported %d feeds, want %d", len(rep.Feeds), len(opts.Feeds))
	}
	return rep
}

// counts are a feed report's item outcomes: written, duplicate,
// off-topic, failed.
type counts struct{ written, duplicate, offTopic, failed int }

func checkCounts(t *testing.T, fr FeedReport, want counts) {
	t.Helper()
	got := counts{fr.Written, fr.Duplicate, fr.OffTopic, fr.Failed}
	if got != want {
		t.Errorf("feed %s: (written, duplicate, off-topic, failed) = %v, want %v (err %v)", fr.URL, got, want, fr.Err)
	}
	if fr.Items != want.written+want.duplicate+want.offTopic+want.failed {
		t.Errorf("feed %s: Items = %d, want the sum of the outcomes %v", fr.URL, fr.Items, want)
	}
}

// articles are the names of the article files in dir, sorted.
func articles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out
}

// readArticle is the file written for the page at link.
func readArticle(t *testing.T, dir, link string) string {
	t.Helper()
	name, err := fileName(link)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("no article for %s: %v", link, err)
	}
	return string(data)
}

// gardenCatalogue is a corpus folder holding only a standalone catalogue
// whose one event the garden page speaks of.
func gardenCatalogue() fstest.MapFS {
	return fstest.MapFS{corpus.CatalogueFile: {Data: []byte(`standalone: true
context: [allotment society]
events:
  - id: spring-show
    name: {en: Spring show}
    status: held
    start: 2025-04-05
    end: 2025-04-05
    place: the church hall
    tagging:
      phrases: [spring show]
`)}}
}

// fetchOnePage fetches a feed (feedTitle) of one undated item (itemTitle)
// whose page (pageTitle, published at pageDate unless empty) holds the
// Hanoi text, into a fresh folder: the report, the folder and the article
// written.
func fetchOnePage(t *testing.T, feedTitle, itemTitle, pageTitle, pageDate string) (Report, string, string) {
	t.Helper()
	s := newSite(t)
	s.serveText("/feed", "application/rss+xml", rss(feedTitle, item{title: itemTitle, link: s.url("/a")}))
	s.page("/a", pageTitle, pageDate, hanoiText)
	dir := t.TempDir()
	rep := fetch(t, testOptions(t, dir, s.url("/feed")))
	return rep, dir, readArticle(t, dir, s.url("/a"))
}
