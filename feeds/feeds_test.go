package feeds

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/summitbot/summitbot/corpus"
)

// An RSS feed and an Atom feed each give their on-topic article, which
// the corpus loader then reads with the item's title, date and URL.
func TestFetchRSSAndAtom(t *testing.T) {
	tests := []struct {
		name, feedType string
		feed           func(string, ...item) string
		date           string // as the feed writes it
		link           string // as the feed writes it; relative links resolve against the feed
	}{
		{"rss", "application/rss+xml", rss, "Thu, 28 Feb 2019 09:30:00 +0000", "/news/hanoi"},
		{"atom", "application/atom+xml", atom, "2019-02-28T09:30:00Z", "/news/hanoi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			link := s.url(tt.link)
			if tt.name == "atom" {
				link = tt.link // relative
			}
			s.serveText("/feed", tt.feedType, tt.feed("World: Asia", item{title: "No deal in Hanoi: talks end early", link: link, date: tt.date}))
			s.page("/news/hanoi", "Page title", "", hanoiText)
			dir := t.TempDir()
			rep := fetch(t, testOptions(t, dir, s.url("/feed")))
			checkCounts(t, rep.Feeds[0], counts{written: 1})
			if rep.Written != 1 || rep.Failed != 0 {
				t.Errorf("report totals %+v", rep)
			}
			md := readArticle(t, dir, s.url("/news/hanoi"))
			for _, want := range []string{"title: 'No deal in Hanoi: talks end early'", "feed: 'World: Asia'", "url: " + s.url("/news/hanoi"), "fetched: \"2025-03-01T12:00:00Z\""} {
				if !strings.Contains(md, want) {
					t.Errorf("article lacks %q:\n%s", want, md)
				}
			}

			c, err := corpus.Load(context.Background(), os.DirFS(dir), corpus.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if c.Articles != 1 || len(c.Skipped) > 0 || len(c.Warnings) > 0 {
				t.Fatalf("corpus: %d articles, skipped %v, warnings %v", c.Articles, c.Skipped, c.Warnings)
			}
			name, _ := fileName(s.url("/news/hanoi"))
			want := time.Date(2019, 2, 28, 9, 30, 0, 0, time.UTC)
			tagged := false
			for _, p := range c.Passages {
				if p.Title != "No deal in Hanoi: talks end early" || !p.Date.Equal(want) || p.URL != s.url("/news/hanoi") || p.Source != name {
					t.Errorf("passage %s: title %q, date %v, url %q, source %q", p.ID, p.Title, p.Date, p.URL, p.Source)
				}
				tagged = tagged || slices.Contains(p.Events, "hanoi")
			}
			if !tagged {
				t.Errorf("no passage tagged hanoi: %+v", c.Passages)
			}
		})
	}
}

// The page's navigation, scripts and footer do not reach the article; its
// paragraphs do, separated by blank lines.
func TestFetchKeepsOnlyTheArticle(t *testing.T) {
	_, _, md := fetchOnePage(t, "News", "Hanoi", "Hanoi", "")
	for _, w := range append(strings.Fields(navWords), scriptWords, "document.write", "console.log", "Copyright") {
		if strings.Contains(md, w) {
			t.Errorf("the article holds boilerplate %q:\n%s", w, md)
		}
	}
	if !strings.Contains(md, "\n\n"+strings.ReplaceAll(hanoiText, "'", "’")) && !strings.Contains(md, "\n\n"+hanoiText+"\n") {
		t.Errorf("the article lacks the page's paragraphs:\n%s", md)
	}
}

// A link met twice, in one feed or in two, is fetched and written once; a
// second pass writes nothing and keeps the same files.
func TestFetchDuplicates(t *testing.T) {
	s := newSite(t)
	hanoi := item{title: "Hanoi", link: s.url("/a")}
	missing := item{title: "Gone", link: s.url("/gone")} // 404: nothing written, fetched once in all (it failed for good)
	s.serveText("/one", "application/rss+xml", rss("One", hanoi, hanoi, missing, missing))
	s.serveText("/two", "application/rss+xml", rss("Two", item{title: "Hanoi again", link: s.url("/a#comments")}))
	s.page("/a", "Hanoi", "", hanoiText)
	dir := t.TempDir()
	opts := testOptions(t, dir, s.url("/one"), s.url("/two"))
	rep := fetch(t, opts)
	checkCounts(t, rep.Feeds[0], counts{written: 1, duplicate: 2, failed: 1})
	checkCounts(t, rep.Feeds[1], counts{duplicate: 1})
	if n := len(s.requests("/gone")); n != 1 {
		t.Errorf("the missing page was asked for %d times in one pass, want once", n)
	}
	first := articles(t, dir)
	if len(first) != 1 {
		t.Fatalf("articles after the first pass: %v", first)
	}

	rep = fetch(t, opts)
	// The first /gone is skipped (it failed for good), the second is a
	// duplicate.
	checkCounts(t, rep.Feeds[0], counts{duplicate: 3})
	checkCounts(t, rep.Feeds[1], counts{duplicate: 1})
	if n := len(s.requests("/gone")); n != 1 {
		t.Errorf("the missing page was asked for %d times in two passes, want once", n)
	}
	if rep.Written != 0 {
		t.Errorf("second pass wrote %d", rep.Written)
	}
	if second := articles(t, dir); !slices.Equal(first, second) {
		t.Errorf("articles changed: %v then %v", first, second)
	}
	if n := len(s.requests("/a")); n != 1 {
		t.Errorf("the page was fetched %d times, want once", n)
	}
}

// An item about something else is not written, and a later pass does not
// fetch its page again.
func TestFetchOffTopic(t *testing.T) {
	s := newSite(t)
	s.serveText("/feed", "application/rss+xml", rss("Local",
		item{title: "Seed potatoes shared out", link: s.url("/garden")},
		item{title: "Hanoi", link: s.url("/hanoi")}))
	s.page("/garden", "Seed potatoes", "", gardenText)
	s.page("/hanoi", "Hanoi", "", hanoiText)
	dir := t.TempDir()
	opts := testOptions(t, dir, s.url("/feed"))
	rep := fetch(t, opts)
	checkCounts(t, rep.Feeds[0], counts{written: 1, offTopic: 1})
	hanoiName, _ := fileName(s.url("/hanoi"))
	if got := articles(t, dir); !slices.Equal(got, []string{hanoiName}) {
		t.Errorf("articles %v, want only %s", got, hanoiName)
	}

	rep = fetch(t, opts)
	checkCounts(t, rep.Feeds[0], counts{duplicate: 1, offTopic: 1})
	if n := len(s.requests("/garden")); n != 1 {
		t.Errorf("the off-topic page was fetched %d times, want once", n)
	}

	// Another catalogue judges again.
	cat, err := corpus.CatalogueFor(gardenCatalogue(), nil)
	if err != nil {
		t.Fatal(err)
	}
	opts.Catalogue = cat
	rep = fetch(t, opts)
	checkCounts(t, rep.Feeds[0], counts{written: 1, duplicate: 1})
	if n := len(s.requests("/garden")); n != 2 {
		t.Errorf("with a new catalogue the off-topic page was fetched %d times in all, want twice", n)
	}
}

// A feed answering 304 to the conditional request of the second pass is
// not read again and nothing is fetched.
func TestFetchNotModified(t *testing.T) {
	s := newSite(t)
	const etag = `"v1"`
	const lastMod = "Fri, 01 Mar 2019 00:00:00 GMT"
	feed := rss("News", item{title: "Hanoi", link: s.url("/a")})
	s.handle("/feed", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, feed)
	})
	s.page("/a", "Hanoi", "", hanoiText)
	dir := t.TempDir()
	opts := testOptions(t, dir, s.url("/feed"))
	fetch(t, opts)
	rep := fetch(t, opts)
	fr := rep.Feeds[0]
	if !fr.NotModified || fr.Err != nil {
		t.Errorf("second pass: NotModified %v, err %v", fr.NotModified, fr.Err)
	}
	checkCounts(t, fr, counts{})
	reqs := s.requests("/feed")
	if len(reqs) != 2 {
		t.Fatalf("feed requests: %+v", reqs)
	}
	if reqs[0].ifNoneMatch != "" || reqs[1].ifNoneMatch != etag || reqs[1].ifModifiedSince != lastMod {
		t.Errorf("conditional headers: first %+v, second %+v", reqs[0], reqs[1])
	}
	if n := len(s.requests("/a")); n != 1 {
		t.Errorf("the page was fetched %d times, want once", n)
	}
	st, err := ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !st.LastRun.Equal(testNow) || len(st.Feeds) != 1 || st.Feeds[0].ETag != etag || st.Feeds[0].LastModified != lastMod || !st.Feeds[0].LastSuccess.Equal(testNow) || st.Feeds[0].Written != 1 {
		t.Errorf("state: %+v", st)
	}
}

// A page that does not answer within Timeout fails its item; the others
// are written.
func TestFetchSlowPage(t *testing.T) {
	s := newSite(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // before the server closes
	s.handle("/slow", func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	s.serveText("/feed", "application/rss+xml", rss("News",
		item{title: "Slow", link: s.url("/slow")},
		item{title: "Hanoi", link: s.url("/a")}))
	s.page("/a", "Hanoi", "", hanoiText)
	dir := t.TempDir()
	opts := testOptions(t, dir, s.url("/feed"))
	opts.Timeout = 200 * time.Millisecond
	rep := fetch(t, opts)
	checkCounts(t, rep.Feeds[0], counts{written: 1, failed: 1})
}

// A page larger than MaxBytes fails its item.
func TestFetchHugePage(t *testing.T) {
	s := newSite(t)
	s.page("/huge", "Hanoi", "", strings.Repeat(hanoiText+"\n\n", 200))
	s.page("/a", "Hanoi", "", hanoiText)
	s.serveText("/feed", "application/rss+xml", rss("News",
		item{title: "Huge", link: s.url("/huge")},
		item{title: "Hanoi", link: s.url("/a")}))
	dir := t.TempDir()
	opts := testOptions(t, dir, s.url("/feed"))
	opts.MaxBytes = 64 << 10
	rep := fetch(t, opts)
	checkCounts(t, rep.Feeds[0], counts{written: 1, failed: 1})
	if name, _ := fileName(s.url("/huge")); slices.Contains(articles(t, dir), name) {
		t.Errorf("the huge page was written")
	}
}

// A feed or a page answering 500 fails alone: the other feed writes, the
// state records the error, and the next pass tries again.
func TestFetchServerErrors(t *testing.T) {
	s := newSite(t)
	var broken atomic.Bool
	broken.Store(true)
	failing := func(ok http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if broken.Load() {
				http.Error(w, "oops", http.StatusInternalServerError)
				return
			}
			ok(w, r)
		}
	}
	s.handle("/bad-feed", failing(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss("Bad", item{title: "Hanoi three", link: s.url("/c")}))
	}))
	// The good feed's ETag must not be kept while /b fails, or the
	// next pass would get a 304 and never retry /b.
	goodFeed := rss("Good", item{title: "Hanoi", link: s.url("/a")}, item{title: "Hanoi too", link: s.url("/b")})
	s.handle("/good-feed", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"good"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"good"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, goodFeed)
	})
	s.page("/a", "Hanoi", "", hanoiText)
	s.handle("/b", failing(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, htmlPage("Hanoi too", "", hanoiText))
	}))
	s.page("/c", "Hanoi three", "", hanoiText)
	dir := t.TempDir()
	opts := testOptions(t, dir, s.url("/bad-feed"), s.url("/good-feed"))

	rep := fetch(t, opts)
	if rep.Feeds[0].Err == nil || !strings.Contains(rep.Feeds[0].Err.Error(), "500") {
		t.Errorf("bad feed: err %v", rep.Feeds[0].Err)
	}
	checkCounts(t, rep.Feeds[0], counts{})
	checkCounts(t, rep.Feeds[1], counts{written: 1, failed: 1})
	st, err := ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Feeds) != 2 || !strings.Contains(st.Feeds[0].LastError, "500") || !st.Feeds[0].LastSuccess.IsZero() || st.Feeds[1].LastError != "" {
		t.Errorf("state: %+v", st.Feeds)
	}

	broken.Store(false)
	rep = fetch(t, opts)
	checkCounts(t, rep.Feeds[0], counts{written: 1})
	checkCounts(t, rep.Feeds[1], counts{written: 1, duplicate: 1})
	if st, _ := ReadState(dir); st.Feeds[0].LastError != "" || st.Feeds[0].Written != 1 || st.Feeds[1].Written != 2 || st.Feeds[1].ETag != `"good"` {
		t.Errorf("state after the retry: %+v", st.Feeds)
	}
	rep = fetch(t, opts)
	if !rep.Feeds[1].NotModified {
		t.Errorf("third pass: the good feed's ETag was not sent once every item was dealt with")
	}
}

// An item that fails for good (4xx, robots.txt, not HTML, too large, no
// text) is remembered and not fetched again, and its feed's validators are
// kept; one that fails for a passing reason (5xx, 429) is retried next
// pass, its feed asked without them.
func TestFetchFailuresLastingOrNot(t *testing.T) {
	tests := []struct {
		name    string
		serve   func(*site) // serves /x, or not
		opts    func(*Options)
		lasting bool
	}{
		{"404", func(*site) {}, nil, true},
		{"410", func(s *site) {
			s.handle("/x", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "gone", http.StatusGone) })
		}, nil, true},
		{"robots.txt disallows", func(s *site) {
			s.serveText("/robots.txt", "text/plain", "User-agent: summitbot\nDisallow: /x\n")
			s.page("/x", "Hanoi", "", hanoiText)
		}, nil, true},
		{"not HTML", func(s *site) { s.serveText("/x", "application/pdf", "%PDF-1.4 "+hanoiText) }, nil, true},
		{"too large", func(s *site) { s.page("/x", "Hanoi", "", strings.Repeat(hanoiText+"\n\n", 200)) },
			func(o *Options) { o.MaxBytes = 64 << 10 }, true},
		{"no text", func(s *site) { s.serveText("/x", "text/html", "<html><body></body></html>") }, nil, true},
		{"500", func(s *site) {
			s.handle("/x", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) })
		}, nil, false},
		{"429", func(s *site) {
			s.handle("/x", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "slow down", http.StatusTooManyRequests) })
		}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			const etag = `"v1"`
			// The feed always answers in full, so that its items are read
			// on every pass, and says which validators it was sent.
			s.handle("/feed", func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("ETag", etag)
				w.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprint(w, rss("News", item{title: "Hanoi", link: s.url("/a")}, item{title: "Failing", link: s.url("/x")}))
			})
			s.page("/a", "Hanoi", "", hanoiText)
			tt.serve(s)
			dir := t.TempDir()
			opts := testOptions(t, dir, s.url("/feed"))
			if tt.opts != nil {
				tt.opts(&opts)
			}
			rep := fetch(t, opts)
			checkCounts(t, rep.Feeds[0], counts{written: 1, failed: 1})
			asked := len(s.requests("/x"))

			rep = fetch(t, opts)
			st, err := ReadState(dir)
			if err != nil {
				t.Fatal(err)
			}
			feedReqs := s.requests("/feed")
			if tt.lasting {
				checkCounts(t, rep.Feeds[0], counts{duplicate: 1})
				if n := len(s.requests("/x")); n != asked {
					t.Errorf("the page was asked for %d times in the second pass", n-asked)
				}
				if feedReqs[1].ifNoneMatch != etag {
					t.Errorf("second pass: the feed was asked with If-None-Match %q, want %q", feedReqs[1].ifNoneMatch, etag)
				}
				if !slices.Equal(st.Failed, []string{s.url("/x")}) || st.Feeds[0].ETag != etag {
					t.Errorf("state: failed %q, feed %+v", st.Failed, st.Feeds[0])
				}
				return
			}
			checkCounts(t, rep.Feeds[0], counts{duplicate: 1, failed: 1})
			if n := len(s.requests("/x")); n != 2*asked || n == 0 {
				t.Errorf("the page was asked for %d times in two passes, want once a pass", n)
			}
			if feedReqs[1].ifNoneMatch != "" {
				t.Errorf("second pass: the feed was asked with If-None-Match %q, want none", feedReqs[1].ifNoneMatch)
			}
			if len(st.Failed) > 0 || st.Feeds[0].ETag != "" {
				t.Errorf("state: failed %q, feed %+v", st.Failed, st.Feeds[0])
			}
		})
	}
}

// The failures of an item that would happen again, and those that may not.
func TestLasting(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("fetch page: %w", statusError{http.StatusNotFound}), true},
		{fmt.Errorf("fetch page: %w", statusError{http.StatusForbidden}), true},
		{fmt.Errorf("fetch page: %w", statusError{http.StatusRequestTimeout}), false},
		{fmt.Errorf("fetch page: %w", statusError{http.StatusTooManyRequests}), false},
		{fmt.Errorf("fetch page: %w", statusError{http.StatusBadGateway}), false},
		{fmt.Errorf("fetch page: %w", errDisallowed), true},
		{fmt.Errorf("fetch page: %w", &url.Error{Op: "Get", URL: "http://x.example/a", Err: errDisallowed}), true},
		{fmt.Errorf("fetch page: %w", &url.Error{Op: "Get", URL: "http://x.example/a", Err: errTooManyRedirects}), true},
		{fmt.Errorf("fetch page: %w: more than 10 bytes", errTooLarge), true},
		{fmt.Errorf("fetch page: %w but %q", errNotHTML, "image/png"), true},
		{errNoText, true},
		{fmt.Errorf("read the article back: %w: empty", errCorpusSkips), true},
		{fmt.Errorf("%w: no host", errBadLink), true},
		// robots.txt unavailable, whatever the cause, even through a redirect.
		{fmt.Errorf("fetch page: %w", robotsError{fmt.Errorf("fetch x: %w", statusError{http.StatusNotFound})}), false},
		{fmt.Errorf("fetch page: %w", &url.Error{Op: "Get", URL: "http://x.example/a", Err: robotsError{fmt.Errorf("fetch x: %w", errTooLarge)}}), false},
		{fmt.Errorf("fetch page: %w", context.DeadlineExceeded), false},
		{fmt.Errorf("write a.md: %w", os.ErrPermission), false},
	}
	for _, tt := range tests {
		if got := lasting(tt.err); got != tt.want {
			t.Errorf("lasting(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// An item with no date anywhere is written without one, and the corpus
// reads it undated without a warning.
func TestFetchNoDate(t *testing.T) {
	_, dir, md := fetchOnePage(t, "News", "Undated", "Undated", "")
	if strings.Contains(md, "\ndate:") {
		t.Errorf("the undated article has a date:\n%s", md)
	}
	c, err := corpus.Load(context.Background(), os.DirFS(dir), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != 1 || len(c.Warnings) > 0 || len(c.Passages) == 0 || !c.Passages[0].Date.IsZero() {
		t.Errorf("corpus: %d articles, warnings %v, passages %+v", c.Articles, c.Warnings, c.Passages)
	}
}

// Without an item date the page's own publication date is used.
func TestFetchPageDate(t *testing.T) {
	if _, _, md := fetchOnePage(t, "News", "Dated by its page", "Dated", "2019-03-02T10:00:00Z"); !strings.Contains(md, `date: "2019-03-02T10:00:00Z"`) {
		t.Errorf("the article lacks the page's date:\n%s", md)
	}
}

// Titles and the feed's name are cleaned as the corpus cleans text: white
// space folded, at most maxTitleRunes runes.
func TestFetchTitles(t *testing.T) {
	long := strings.Repeat("Hanoi summit ", 40) // 520 runes
	tests := []struct {
		name, feedTitle, itemTitle, pageTitle string
		wantTitle, wantFeed                   string
	}{
		{"white space", " World:\n\t Asia ", "  No deal\n\tin   Hanoi ", "Page", "No deal in Hanoi", "World: Asia"},
		{"unicode spaces", "World:\u00a0Asia", "No\u2003deal\u00a0in Hanoi", "Page", "No deal in Hanoi", "World: Asia"},
		{"long", long, long, "Page", strings.TrimSpace(long[:maxTitleRunes]), strings.TrimSpace(long[:maxTitleRunes])},
		{"page title", "News", "", "  The page's\n\n  title ", "The page's title", "News"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, dir, md := fetchOnePage(t, tt.feedTitle, tt.itemTitle, tt.pageTitle, "")
			checkCounts(t, rep.Feeds[0], counts{written: 1})
			c, err := corpus.Load(context.Background(), os.DirFS(dir), corpus.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Passages) == 0 || c.Passages[0].Title != tt.wantTitle {
				t.Fatalf("title: passages %+v, want %q", c.Passages, tt.wantTitle)
			}
			if !strings.Contains(md, "feed: "+tt.wantFeed+"\n") && !strings.Contains(md, "feed: '"+tt.wantFeed+"'\n") {
				t.Errorf("the article lacks feed %q:\n%s", tt.wantFeed, md)
			}
		})
	}
}

// A page that gives too little text is replaced by the item's description;
// an item with neither fails.
func TestFetchDescriptionFallback(t *testing.T) {
	s := newSite(t)
	s.serveText("/feed", "application/rss+xml", rss("News",
		item{title: "Short page", link: s.url("/short"), description: "<p>" + strings.ReplaceAll(hanoiText, "\n\n", "</p><p>") + "</p><script>alert('" + scriptWords + "')</script>"},
		item{title: "Empty page", link: s.url("/empty")}))
	s.serveText("/short", "text/html", "<html><body><p>Tiny.</p></body></html>")
	s.serveText("/empty", "text/html", "<html><body></body></html>")
	dir := t.TempDir()
	rep := fetch(t, testOptions(t, dir, s.url("/feed")))
	checkCounts(t, rep.Feeds[0], counts{written: 1, failed: 1})
	md := readArticle(t, dir, s.url("/short"))
	if !strings.Contains(md, "the second time at the Hanoi summit") || strings.Contains(md, scriptWords) || strings.Contains(md, "<p>") {
		t.Errorf("the article is not the description's text:\n%s", md)
	}
}

// A page that is not HTML fails its item.
func TestFetchNotHTML(t *testing.T) {
	s := newSite(t)
	s.serveText("/feed", "application/rss+xml", rss("News", item{title: "A PDF", link: s.url("/a.pdf")}))
	s.serveText("/a.pdf", "application/pdf", "%PDF-1.4 "+hanoiText)
	dir := t.TempDir()
	rep := fetch(t, testOptions(t, dir, s.url("/feed")))
	checkCounts(t, rep.Feeds[0], counts{failed: 1})
}

// Pages robots.txt disallows for our User-Agent are never requested; a
// robots.txt that fails skips its host for the pass.
func TestFetchRobots(t *testing.T) {
	s := newSite(t)
	s.serveText("/robots.txt", "text/plain", "User-agent: *\nDisallow: /\n\nUser-agent: summitbot\nDisallow: /private/\n")
	s.serveText("/feed", "application/rss+xml", rss("News",
		item{title: "Private", link: s.url("/private/a")},
		item{title: "Public", link: s.url("/public/a")}))
	s.page("/private/a", "Hanoi", "", hanoiText)
	s.page("/public/a", "Hanoi", "", hanoiText)
	dir := t.TempDir()
	rep := fetch(t, testOptions(t, dir, s.url("/feed")))
	checkCounts(t, rep.Feeds[0], counts{written: 1, failed: 1})
	if reqs := s.requests("/private/a"); len(reqs) > 0 {
		t.Errorf("the disallowed page was requested: %+v", reqs)
	}
	if n := len(s.requests("/robots.txt")); n != 1 {
		t.Errorf("robots.txt was fetched %d times in one pass, want once", n)
	}

	// robots.txt failing: nothing is fetched from the host this pass.
	s2 := newSite(t)
	s2.handle("/robots.txt", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
	s2.serveText("/feed", "application/rss+xml", rss("News", item{title: "Hanoi", link: s2.url("/a")}, item{title: "Hanoi", link: s2.url("/b")}))
	s2.page("/a", "Hanoi", "", hanoiText)
	dir2 := t.TempDir()
	rep = fetch(t, testOptions(t, dir2, s2.url("/feed")))
	checkCounts(t, rep.Feeds[0], counts{failed: 2})
	if n := len(s2.requests("/a")); n > 0 || len(s2.requests("/robots.txt")) != 1 {
		t.Errorf("with robots.txt failing the page was requested %d times, robots.txt %d", n, len(s2.requests("/robots.txt")))
	}
}

// roundTrips counts the requests of a client given through Options.
type roundTrips struct {
	mu sync.Mutex
	n  int
}

func (r *roundTrips) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.n++
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

// A page's redirect is followed only where robots.txt of the host it leads
// to allows it, that host's robots.txt read through the pass's own
// cache; with the pass's client or one given in Options.
func TestFetchRedirects(t *testing.T) {
	tests := []struct {
		name   string
		client func(*roundTrips) *http.Client
	}{
		{"default client", func(*roundTrips) *http.Client { return nil }},
		{"options' client", func(rt *roundTrips) *http.Client { return &http.Client{Transport: rt, Timeout: 10 * time.Second} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, other := newSite(t), newSite(t)
			s.serveText("/robots.txt", "text/plain", "User-agent: summitbot\nDisallow: /private/\n")
			other.serveText("/robots.txt", "text/plain", "User-agent: summitbot\nDisallow: /private/\n")
			s.handle("/go", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/private/a", http.StatusFound) })
			s.handle("/away", func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.url("/news/b"), http.StatusMovedPermanently)
			})
			s.page("/private/a", "Hanoi", "", hanoiText)
			other.page("/news/b", "Hanoi", "", hanoiText)
			s.serveText("/feed", "application/rss+xml", rss("News",
				item{title: "Hidden", link: s.url("/go")},
				item{title: "Moved", link: s.url("/away")}))
			dir := t.TempDir()
			opts := testOptions(t, dir, s.url("/feed"))
			rt := &roundTrips{}
			opts.Client = tt.client(rt)
			rep := fetch(t, opts)
			checkCounts(t, rep.Feeds[0], counts{written: 1, failed: 1})
			if reqs := s.requests("/private/a"); len(reqs) > 0 {
				t.Errorf("the page robots.txt disallows was fetched through a redirect: %+v", reqs)
			}
			if name, _ := fileName(s.url("/go")); slices.Contains(articles(t, dir), name) {
				t.Errorf("the disallowed page was written")
			}
			readArticle(t, dir, s.url("/away"))
			if n, m := len(other.requests("/robots.txt")), len(other.requests("/news/b")); n != 1 || m != 1 {
				t.Errorf("the other host: robots.txt asked for %d times, the page %d; want once each", n, m)
			}
			if opts.Client != nil {
				if opts.Client.CheckRedirect != nil {
					t.Errorf("Fetch changed the client it was given")
				}
				if rt.n == 0 {
					t.Errorf("the client's Transport was not used")
				}
			}
		})
	}
}

// The default User-Agent names summitbot and its version.
func TestDefaultUserAgent(t *testing.T) {
	tests := []struct{ version, want string }{
		{"v1.2.0", "summitbot/v1.2.0 (+https://github.com/summitbot/summitbot)"},
		{"v1.2.0 (0123456789ab)", "summitbot/v1.2.0 (+https://github.com/summitbot/summitbot)"},
		{"", "summitbot (+https://github.com/summitbot/summitbot)"},
	}
	for _, tt := range tests {
		if got := DefaultUserAgent(tt.version); got != tt.want {
			t.Errorf("DefaultUserAgent(%q) = %q, want %q", tt.version, got, tt.want)
		}
	}
}

// recorder counts what Fetch records.
type recorder struct {
	mu sync.Mutex
	n  map[string]int
}

func (r *recorder) FeedItems(outcome string, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n[outcome] += n
}

// The Recorder receives the pass's outcomes.
func TestFetchRecordsMetrics(t *testing.T) {
	s := newSite(t)
	s.serveText("/feed", "application/rss+xml", rss("News",
		item{title: "Hanoi", link: s.url("/a")}, item{title: "Hanoi", link: s.url("/a")},
		item{title: "Garden", link: s.url("/g")}, item{title: "Missing", link: s.url("/missing")}))
	s.page("/a", "Hanoi", "", hanoiText)
	s.page("/g", "Garden", "", gardenText)
	r := &recorder{n: map[string]int{}}
	opts := testOptions(t, t.TempDir(), s.url("/feed"))
	opts.Metrics = r
	fetch(t, opts)
	want := map[string]int{outcomeWritten: 1, outcomeDuplicate: 1, outcomeOffTopic: 1, outcomeFailed: 1}
	if fmt.Sprint(r.n) != fmt.Sprint(want) {
		t.Errorf("recorded %v, want %v", r.n, want)
	}
}

// Only what stops every feed is an error: a folder that cannot be written,
// or a context done.
func TestFetchErrors(t *testing.T) {
	s := newSite(t)
	s.serveText("/feed", "application/rss+xml", rss("News", item{title: "Hanoi", link: s.url("/a")}))
	s.page("/a", "Hanoi", "", hanoiText)

	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Fetch(context.Background(), testOptions(t, file, s.url("/feed"))); err == nil {
		t.Error("Fetch into a file: no error")
	}
	if _, err := Fetch(context.Background(), testOptions(t, "", s.url("/feed"))); err == nil {
		t.Error("Fetch without a folder: no error")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	if _, err := Fetch(ctx, testOptions(t, dir, s.url("/feed"))); !errors.Is(err, context.Canceled) {
		t.Errorf("Fetch with a cancelled context: %v", err)
	}
	if got := articles(t, dir); len(got) > 0 {
		t.Errorf("a cancelled pass wrote %v", got)
	}
}

// A bad feed URL or a document that is no feed fails that feed only.
func TestFetchBadFeeds(t *testing.T) {
	s := newSite(t)
	s.serveText("/notafeed", "text/html", "<html><body>hello</body></html>")
	s.serveText("/feed", "application/rss+xml", rss("News", item{title: "Hanoi", link: s.url("/a")}))
	s.page("/a", "Hanoi", "", hanoiText)
	rep := fetch(t, testOptions(t, t.TempDir(), "ftp://example.invalid/feed", s.url("/notafeed"), s.url("/missing"), s.url("/feed")))
	for i := range 3 {
		if rep.Feeds[i].Err == nil {
			t.Errorf("feed %s: no error", rep.Feeds[i].URL)
		}
	}
	checkCounts(t, rep.Feeds[3], counts{written: 1})
}

// A state file that cannot be read costs its memory, not the pass.
func TestFetchDamagedState(t *testing.T) {
	s := newSite(t)
	s.serveText("/feed", "application/rss+xml", rss("News", item{title: "Hanoi", link: s.url("/a")}))
	s.page("/a", "Hanoi", "", hanoiText)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, StateFile), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadState(dir); err == nil {
		t.Error("ReadState of a damaged file: no error")
	}
	rep := fetch(t, testOptions(t, dir, s.url("/feed")))
	checkCounts(t, rep.Feeds[0], counts{written: 1})
	if _, err := ReadState(dir); err != nil {
		t.Errorf("the state was not rewritten: %v", err)
	}
}

// A state file that cannot be read for another reason than its content
// stops the pass before any request, and is left as it is: it may hold
// what a pass needs.
func TestFetchStateUnreadable(t *testing.T) {
	s := newSite(t)
	s.serveText("/feed", "application/rss+xml", rss("News", item{title: "Hanoi", link: s.url("/a")}))
	s.page("/a", "Hanoi", "", hanoiText)
	dir := t.TempDir()
	state := filepath.Join(dir, StateFile)
	// A link to itself cannot be opened (ELOOP), whoever runs the test;
	// the rename that saves a state would replace it.
	if err := os.Symlink(StateFile, state); err != nil {
		t.Fatal(err)
	}
	_, err := Fetch(context.Background(), testOptions(t, dir, s.url("/feed")))
	if err == nil || errors.Is(err, errDamagedState) {
		t.Fatalf("Fetch with an unreadable state: %v, want an error that is not damage", err)
	}
	if fi, err := os.Lstat(state); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the state file was replaced: %v, %v", fi, err)
	}
	if n := len(s.requests("/feed")); n > 0 {
		t.Errorf("the feed was fetched %d times", n)
	}
}

// The state keeps only the feeds of the latest pass.
func TestFetchForgetsRemovedFeeds(t *testing.T) {
	s := newSite(t)
	s.serveText("/one", "application/rss+xml", rss("One", item{title: "Hanoi", link: s.url("/a")}))
	s.serveText("/two", "application/rss+xml", rss("Two", item{title: "Hanoi", link: s.url("/a")}))
	s.page("/a", "Hanoi", "", hanoiText)
	dir := t.TempDir()
	tests := []struct {
		feeds []string
		want  []string
	}{
		{[]string{s.url("/one"), s.url("/two")}, []string{s.url("/one"), s.url("/two")}},
		{[]string{s.url("/two")}, []string{s.url("/two")}},
		{[]string{s.url("/one")}, []string{s.url("/one")}},
	}
	for _, tt := range tests {
		fetch(t, testOptions(t, dir, tt.feeds...))
		st, err := ReadState(dir)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range st.Feeds {
			got = append(got, f.URL)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("after a pass over %q the state holds %q", tt.feeds, got)
		}
	}
}

// A pass cancelled in the middle of a feed's items does not record a
// success for that feed, nor the end of the pass.
func TestFetchCancelledInAFeed(t *testing.T) {
	s := newSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.handle("/feed", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss("News", item{title: "Hanoi", link: s.url("/a")}, item{title: "Hanoi too", link: s.url("/b")}))
	})
	s.handle("/a", func(w http.ResponseWriter, _ *http.Request) {
		cancel() // the pass is stopped while it reads this page
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, htmlPage("Hanoi", "", hanoiText))
	})
	s.page("/b", "Hanoi", "", hanoiText)
	dir := t.TempDir()
	if _, err := Fetch(ctx, testOptions(t, dir, s.url("/feed"), s.url("/other"))); !errors.Is(err, context.Canceled) {
		t.Fatalf("Fetch: %v, want context.Canceled", err)
	}
	st, err := ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Feeds) != 1 || !st.Feeds[0].LastSuccess.IsZero() || st.Feeds[0].ETag != "" || !st.LastRun.IsZero() {
		t.Errorf("state after a cancelled pass: %+v", st)
	}
	if n := len(s.requests("/b")) + len(s.requests("/other")); n > 0 {
		t.Errorf("%d requests after the cancel", n)
	}
}

// A missing state file is an empty state.
func TestReadStateMissing(t *testing.T) {
	st, err := ReadState(t.TempDir())
	if err != nil || len(st.Feeds) != 0 || !st.LastRun.IsZero() {
		t.Errorf("ReadState of an empty folder: %+v, %v", st, err)
	}
}
