package feeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"

	"github.com/summitbot/summitbot/corpus"
)

// Defaults of Options.
const (
	defaultTimeout   = 20 * time.Second
	defaultMaxBytes  = 5 << 20
	defaultHostDelay = 2 * time.Second
)

// Options configure one pass of Fetch.
type Options struct {
	Feeds     []string          // RSS or Atom URLs
	Dir       string            // folder the articles are written to (CORPUS_DIR/feeds by default)
	Catalogue *corpus.Catalogue // decides which items are about the subject; nil: the built-in catalogue
	Client    *http.Client      // nil: a client with Timeout; Fetch uses a copy whose CheckRedirect is its own
	UserAgent string            // "": DefaultUserAgent("")
	Timeout   time.Duration     // per request; default 20s
	MaxBytes  int64             // per response body; default 5 MiB; a larger body fails that fetch
	HostDelay time.Duration     // minimum gap between two requests to one host; default 2s
	Now       func() time.Time  // nil: time.Now
	Logger    *slog.Logger      // nil: discard
	Metrics   Recorder          // nil: none
}

// Recorder receives a pass's outcomes (ops.Metrics implements it).
type Recorder interface {
	// FeedItems counts n items of one outcome: "written", "duplicate",
	// "off_topic" or "failed".
	FeedItems(outcome string, n int)
}

// The outcomes of an item, as Recorder receives them.
const (
	outcomeWritten   = "written"
	outcomeDuplicate = "duplicate"
	outcomeOffTopic  = "off_topic"
	outcomeFailed    = "failed"
	// outcomeFailedBefore, which Recorder does not receive, is an item
	// that failed for good in an earlier pass: it is skipped.
	outcomeFailedBefore = "failed_before"
)

// Report is what one pass did.
type Report struct {
	Feeds                                []FeedReport
	Written, Duplicate, OffTopic, Failed int // items, summed over feeds
}

// FeedReport is what one pass did with one feed. Items counts the feed's
// items that have a link, but for those that failed for good in an earlier
// pass (they are skipped); each of them is counted once more as written,
// duplicate, off-topic or failed.
type FeedReport struct {
	URL                                         string
	Items, Written, Duplicate, OffTopic, Failed int
	NotModified                                 bool  // the feed answered 304
	Err                                         error // the feed itself failed (its items were not read)
}

// DefaultUserAgent is the User-Agent summitbot sends: "summitbot/VERSION
// (+https://github.com/summitbot/summitbot)", or without "/VERSION" when
// version is empty. Only the first word of version is used, so that a
// version such as "v1.2.0 (0123abcd)" still makes a valid product token.
func DefaultUserAgent(version string) string {
	product := "summitbot"
	if f := strings.Fields(version); len(f) > 0 {
		product += "/" + f[0]
	}
	return product + " (+https://github.com/summitbot/summitbot)"
}

// Fetch runs one pass over opts.Feeds, one feed after another, and writes
// the new articles about the subject into opts.Dir. A feed or a page that
// fails is logged, counted in the Report and recorded in the state (a
// feed's error; a page that failed for good, which is not fetched again);
// it never stops the other feeds. Fetch returns an error only for what stops
// every feed: a folder it cannot write to, a state file it cannot read
// (one whose content is damaged is only logged, and replaced), or ctx
// done (the Report then holds the feeds done so far). At the end of a
// pass the state forgets the feeds no longer in opts.Feeds.
func Fetch(ctx context.Context, opts Options) (Report, error) {
	opts, err := withDefaults(opts)
	if err != nil {
		return Report{}, fmt.Errorf("fetch feeds: %w", err)
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return Report{}, fmt.Errorf("fetch feeds: %w", err)
	}
	state, err := ReadState(opts.Dir)
	switch {
	case errors.Is(err, errDamagedState):
		// A damaged state costs the conditional requests of one pass.
		opts.Logger.Warn("feed state unreadable; starting afresh", "err", err)
		state = State{}
	case err != nil:
		// Not the file's fault (permissions, a failing disk): overwriting
		// it would lose what it holds.
		return Report{}, fmt.Errorf("fetch feeds: %w", err)
	}
	p := &pass{
		opts:     opts,
		state:    state,
		parser:   gofeed.NewParser(),
		seen:     map[string]bool{},
		limiters: map[string]*rate.Limiter{},
		robots:   map[string]robotsResult{},
	}
	p.client = p.redirecting(opts.Client, false)
	p.pageClient = p.redirecting(opts.Client, true)
	p.loadOffTopic()
	p.failed = newMemory(&p.state.Failed)
	if len(opts.Feeds) == 0 {
		p.done() // already
	}
	// Saving the state first finds an unwritable folder before any request;
	// the state is saved again after each feed.
	if err := writeState(opts.Dir, p.state); err != nil {
		return Report{}, fmt.Errorf("fetch feeds: %w", err)
	}
	var rep Report
	for i, f := range opts.Feeds {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("fetch feeds: %w", err)
		}
		fr := p.feed(ctx, f)
		rep.add(fr)
		if m := opts.Metrics; m != nil {
			m.FeedItems(outcomeWritten, fr.Written)
			m.FeedItems(outcomeDuplicate, fr.Duplicate)
			m.FeedItems(outcomeOffTopic, fr.OffTopic)
			m.FeedItems(outcomeFailed, fr.Failed)
		}
		if i == len(opts.Feeds)-1 && ctx.Err() == nil {
			p.done() // the last save says so
		}
		if err := writeState(opts.Dir, p.state); err != nil {
			return rep, fmt.Errorf("fetch feeds: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("fetch feeds: %w", err)
		}
	}
	return rep, nil
}

// done records in the state that the pass went through every feed: its
// time, and only the feeds it was given.
func (p *pass) done() {
	p.state.LastRun = p.opts.Now()
	p.state.keepFeeds(p.opts.Feeds)
}

func (r *Report) add(f FeedReport) {
	r.Feeds = append(r.Feeds, f)
	r.Written += f.Written
	r.Duplicate += f.Duplicate
	r.OffTopic += f.OffTopic
	r.Failed += f.Failed
}

// withDefaults fills in the options left zero.
func withDefaults(o Options) (Options, error) {
	if o.Dir == "" {
		return o, errors.New("no folder to write the articles to")
	}
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = defaultMaxBytes
	}
	if o.HostDelay <= 0 {
		o.HostDelay = defaultHostDelay
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: o.Timeout}
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent("")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Catalogue == nil {
		cat, err := corpus.DefaultCatalogue()
		if err != nil {
			return o, err
		}
		o.Catalogue = cat
	}
	return o, nil
}

// pass is the work of one Fetch: its state and what it learnt of the hosts.
type pass struct {
	opts       Options
	client     *http.Client // for feeds and robots.txt
	pageClient *http.Client // for pages: robots.txt checks their redirects too
	state      State
	parser     *gofeed.Parser
	seen       map[string]bool          // file names met this pass
	offTopic   memory                   // file names of items found off-topic
	failed     memory                   // normalised URLs of items that failed for good
	limiters   map[string]*rate.Limiter // by host
	robots     map[string]robotsResult  // by scheme://host
}

// robotsResult is a host's robots.txt, or why it could not be had.
type robotsResult struct {
	data *robotstxt.RobotsData
	err  error
}

// errNotModified is a 304 answer to a conditional request.
var errNotModified = errors.New("not modified")

// response is a fetched body with its status and headers.
type response struct {
	status int
	header http.Header
	body   []byte
}

// maxRedirects is how many redirects a request follows, as net/http's
// default.
const maxRedirects = 10

// redirecting is a copy of c (its Transport, Timeout and Jar kept) whose
// every redirect waits for its host's turn and, when robots is set, must be
// allowed by its host's robots.txt, so that a redirect is as polite as
// the request it follows.
func (p *pass) redirecting(c *http.Client, robots bool) *http.Client {
	rc := *c
	rc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return errTooManyRedirects
		}
		if robots {
			if err := p.allowed(req.Context(), req.URL); err != nil {
				return err
			}
		}
		return p.limiter(req.URL.Host).Wait(req.Context())
	}
	return &rc
}

// get fetches u with client after waiting for its host's turn, with the
// User-Agent and the headers h, and reads at most MaxBytes of its body: a
// longer body is an error.
func (p *pass) get(ctx context.Context, client *http.Client, u *url.URL, h http.Header) (response, error) {
	if err := p.limiter(u.Host).Wait(ctx); err != nil {
		return response{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return response{}, err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", p.opts.UserAgent)
	resp, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	r := response{status: resp.StatusCode, header: resp.Header}
	if resp.StatusCode == http.StatusNotModified {
		return r, nil
	}
	r.body, err = io.ReadAll(io.LimitReader(resp.Body, p.opts.MaxBytes+1))
	if err != nil {
		return r, fmt.Errorf("read body: %w", err)
	}
	if int64(len(r.body)) > p.opts.MaxBytes {
		return r, fmt.Errorf("%w: more than %d bytes", errTooLarge, p.opts.MaxBytes)
	}
	return r, nil
}

// limiter is host's limiter: one request at a time, HostDelay apart.
func (p *pass) limiter(host string) *rate.Limiter {
	l := p.limiters[host]
	if l == nil {
		l = rate.NewLimiter(rate.Every(p.opts.HostDelay), 1)
		p.limiters[host] = l
	}
	return l
}

// allowed reports, as an error, whether robots.txt of u's host lets us
// fetch u. It reads each host's robots.txt once a pass (following its
// redirects without asking robots.txt about them): one that is missing
// (4xx) allows everything; one that fails (5xx, a network error) skips the
// host for this pass.
func (p *pass) allowed(ctx context.Context, u *url.URL) error {
	key := u.Scheme + "://" + u.Host
	r, ok := p.robots[key]
	if !ok {
		r = p.fetchRobots(ctx, &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"})
		if ctx.Err() != nil {
			return ctx.Err() // not the host's fault: do not remember it
		}
		p.robots[key] = r
	}
	if r.err != nil {
		return r.err
	}
	if !r.data.TestAgent(u.RequestURI(), p.opts.UserAgent) {
		return errDisallowed
	}
	return nil
}

func (p *pass) fetchRobots(ctx context.Context, u *url.URL) robotsResult {
	resp, err := p.get(ctx, p.client, u, nil)
	switch {
	case err != nil:
		return robotsResult{err: robotsError{fmt.Errorf("fetch %s: %w", u, err)}}
	case resp.status >= 200 && resp.status < 300:
		data, err := robotstxt.FromBytes(resp.body)
		if err != nil {
			return robotsResult{err: robotsError{fmt.Errorf("parse %s: %w", u, err)}}
		}
		return robotsResult{data: data}
	case resp.status >= 400 && resp.status < 500:
		data, _ := robotstxt.FromStatusAndBytes(resp.status, nil) // allows everything
		return robotsResult{data: data}
	}
	return robotsResult{err: robotsError{fmt.Errorf("fetch %s: %w", u, statusError{resp.status})}}
}

// feed reads one feed and its items.
func (p *pass) feed(ctx context.Context, raw string) FeedReport {
	fr := FeedReport{URL: raw}
	st := p.state.feed(raw)
	st.LastRun = p.opts.Now()
	log := p.opts.Logger.With("feed", raw)
	u, err := feedURL(raw)
	var feed *gofeed.Feed
	var resp response
	if err == nil {
		feed, resp, err = p.readFeed(ctx, u, st)
	}
	switch {
	case errors.Is(err, errNotModified):
		fr.NotModified = true
		st.LastSuccess, st.LastError = st.LastRun, ""
		log.Debug("feed not modified")
		return fr
	case ctx.Err() != nil:
		fr.Err = err // not the feed's fault: its state is left as it was
		return fr
	case err != nil:
		fr.Err = err
		st.LastError = err.Error()
		log.Warn("feed failed", "err", err)
		return fr
	}
	source := corpus.CleanText(feed.Title, maxTitleRunes)
	if source == "" {
		source = u.Hostname()
	}
	transient := false // an item failed and is to be retried
	for _, it := range feed.Items {
		if ctx.Err() != nil {
			break
		}
		link := itemLink(u, it)
		if link == "" {
			log.Debug("item without a link skipped", "title", it.Title)
			continue
		}
		outcome, err := p.item(ctx, source, link, it)
		ilog := log.With("url", link)
		if outcome == outcomeFailedBefore {
			ilog.Debug("item skipped: it failed for good before")
			continue
		}
		fr.Items++
		switch outcome {
		case outcomeWritten:
			fr.Written++
			st.Written++
			ilog.Info("article written")
		case outcomeDuplicate:
			fr.Duplicate++
		case outcomeOffTopic:
			fr.OffTopic++
			ilog.Debug("item off-topic")
		default:
			fr.Failed++
			retry := !lasting(err)
			transient = transient || retry
			ilog.Warn("item failed", "err", err, "retried", retry)
		}
	}
	// The validators are kept only when every item was dealt with: an
	// item that failed for a passing reason is retried next pass, which a
	// 304 would prevent.
	st.ETag, st.LastModified = "", ""
	if ctx.Err() != nil {
		return fr // cut short: not a success
	}
	st.LastSuccess, st.LastError = st.LastRun, ""
	if !transient {
		st.ETag, st.LastModified = resp.header.Get("ETag"), resp.header.Get("Last-Modified")
	}
	return fr
}

// feedURL is the parsed URL of the feed at raw, which must be http or https.
func feedURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fetch feed: %q is not an http or https URL", raw)
	}
	return u, nil
}

// readFeed fetches and parses the feed at u, conditionally on what st
// remembers of it; errNotModified when it answers 304.
func (p *pass) readFeed(ctx context.Context, u *url.URL, st *FeedState) (*gofeed.Feed, response, error) {
	h := http.Header{}
	h.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if st.ETag != "" {
		h.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		h.Set("If-Modified-Since", st.LastModified)
	}
	resp, err := p.get(ctx, p.client, u, h)
	switch {
	case err != nil:
		return nil, resp, fmt.Errorf("fetch feed: %w", err)
	case resp.status == http.StatusNotModified:
		return nil, resp, errNotModified
	case resp.status < 200 || resp.status > 299:
		return nil, resp, fmt.Errorf("fetch feed: %w", statusError{resp.status})
	}
	feed, err := p.parser.Parse(bytes.NewReader(resp.body))
	if err != nil {
		return nil, resp, fmt.Errorf("parse feed: %w", err)
	}
	return feed, resp, nil
}

// itemLink is the absolute URL of the item's page, "" when it has none.
func itemLink(base *url.URL, it *gofeed.Item) string {
	link := strings.TrimSpace(it.Link)
	if link == "" && len(it.Links) > 0 {
		link = strings.TrimSpace(it.Links[0])
	}
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return link // fileName reports it
	}
	return base.ResolveReference(u).String()
}

// item deals with one item: its outcome, and for a failed one why. An
// item that fails for good (see lasting) is remembered, and on later passes
// its outcome is outcomeFailedBefore.
func (p *pass) item(ctx context.Context, source, link string, it *gofeed.Item) (string, error) {
	nu, err := normalizeURL(link)
	if err != nil {
		return outcomeFailed, fmt.Errorf("%w: %w", errBadLink, err)
	}
	name := nameOf(nu)
	if p.seen[name] {
		return outcomeDuplicate, nil
	}
	p.seen[name] = true
	switch _, err := os.Stat(filepath.Join(p.opts.Dir, name)); {
	case err == nil:
		return outcomeDuplicate, nil
	case !errors.Is(err, os.ErrNotExist):
		return outcomeFailed, fmt.Errorf("look for %s: %w", name, err)
	}
	key := nu.String()
	if p.failed.has[key] {
		return outcomeFailedBefore, nil
	}
	if p.offTopic.has[name] {
		return outcomeOffTopic, nil
	}
	outcome, err := p.newItem(ctx, source, link, name, it)
	if err != nil && lasting(err) {
		p.failed.add(key)
	}
	return outcome, err
}

// newItem fetches the page of an item met for the first time, and writes
// its article when it is about the subject.
func (p *pass) newItem(ctx context.Context, source, link, name string, it *gofeed.Item) (string, error) {
	u, _ := url.Parse(link) // normalizeURL parsed it
	page, err := p.page(ctx, u)
	if err != nil {
		return outcomeFailed, err
	}
	art, err := p.article(u, source, it, page)
	if err != nil {
		return outcomeFailed, err
	}
	about, err := aboutSubject(ctx, p.opts.Catalogue, art)
	if err != nil {
		return outcomeFailed, err
	}
	if !about {
		p.offTopic.add(name)
		return outcomeOffTopic, nil
	}
	if err := writeAtomic(p.opts.Dir, name, art); err != nil {
		return outcomeFailed, fmt.Errorf("write %s: %w", name, err)
	}
	return outcomeWritten, nil
}

// page fetches an HTML page robots.txt lets us fetch, and whose every
// redirect it lets us follow.
func (p *pass) page(ctx context.Context, u *url.URL) (response, error) {
	if err := p.allowed(ctx, u); err != nil {
		return response{}, fmt.Errorf("fetch page: %w", err)
	}
	h := http.Header{}
	h.Set("Accept", "text/html, application/xhtml+xml;q=0.9")
	resp, err := p.get(ctx, p.pageClient, u, h)
	switch {
	case err != nil:
		return resp, fmt.Errorf("fetch page: %w", err)
	case resp.status < 200 || resp.status > 299:
		return resp, fmt.Errorf("fetch page: %w", statusError{resp.status})
	}
	ct := resp.header.Get("Content-Type")
	if ct == "" {
		ct = http.DetectContentType(resp.body)
	}
	if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "text/html" && mt != "application/xhtml+xml") {
		return resp, fmt.Errorf("fetch page: %w but %q", errNotHTML, ct)
	}
	return resp, nil
}
