package main

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/discordtest"
)

// newsSite is a loopback news site: an RSS feed whose items the test adds,
// and each item's page.
type newsSite struct {
	mu    sync.Mutex
	items []string // the place each article is about, in feed order
}

func (s *newsSite) add(place string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = append(s.items, place)
}

func (s *newsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	items := append([]string(nil), s.items...)
	s.mu.Unlock()
	base := "http://" + r.Host
	switch {
	case r.URL.Path == "/rss.xml":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Loopback News</title><link>` + base + `/</link><description>test</description>`)
		for i, place := range items {
			fmt.Fprintf(&b, `<item><title>Summit talk in %s</title><link>%s/articles/%d</link><pubDate>Mon, 0%d Dec 2026 09:00:00 GMT</pubDate></item>`, place, base, i, i+1)
		}
		b.WriteString(`</channel></rss>`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, b.String())
	case strings.HasPrefix(r.URL.Path, "/articles/"):
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/articles/%d", &i); err != nil || i >= len(items) {
			http.NotFound(w, r)
			return
		}
		place := html.EscapeString(items[i])
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Summit talk in %[1]s</title></head><body><nav>Home | World | Sport</nav><article><h1>Summit talk in %[1]s</h1>
<p>Officials in Seoul said on Monday that a fourth meeting between Donald Trump and Kim Jong-un could be held in %[1]s, though no date has been set and Pyongyang has not confirmed it.</p>
<p>The two leaders last met at Panmunjom in June 2019, after the Hanoi summit ended without a deal on sanctions and the Yongbyon nuclear complex.</p>
<p>Diplomats cautioned that the talks would depend on what each side was ready to give up first, as in Singapore in 2018.</p></article>
<footer>Copyright Loopback News</footer></body></html>`, place)
	default:
		http.NotFound(w, r)
	}
}

// The feeds end to end: the bot serves over a fake Discord and watches its
// corpus folder; a feed gains an item; the next `summitbot fetch` writes the
// article, the serving bot applies it in place and /search finds it, while
// every search for an article already there keeps answering.
func TestFeedsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED: -short: the feeds end-to-end test waits on polite fetches")
	}
	site, fake, env := feedsSetup(t, "1s")
	getenv := func(k string) string { return env[k] }
	fetch := func() string {
		t.Helper()
		var out, errOut syncBuffer
		if err := run(context.Background(), []string{"fetch"}, getenv, &out, &errOut); err != nil {
			t.Fatalf("fetch: %v\n%s", err, errOut.String())
		}
		return out.String()
	}
	// The first pass, by a fetcher of its own, as a CronJob runs it.
	if out := fetch(); !strings.Contains(out, "1 written, 0 duplicate") {
		t.Fatalf("first fetch: %s", out)
	}

	// The bot, without FEEDS: it only watches the folder.
	serveEnv := map[string]string{}
	for k, v := range env {
		if k != "FEEDS" {
			serveEnv[k] = v
		}
	}
	_, stderr, stop := startRun(t, serveEnv)
	defer stop()
	fake.WaitIdentify(t, 1, 30*time.Second)

	n := 0
	search := func(query string) string {
		t.Helper()
		n++
		id := fmt.Sprintf("4000000000000%04d", n)
		i, err := bot.ParseCommandLine("/search query:"+query, bot.SimOptions{})
		if err != nil {
			t.Fatal(err)
		}
		i.ID, i.Token, i.AppID = id, "tok"+id, fake.AppID()
		i.Member.User = &discordgo.User{ID: fmt.Sprintf("6000000000000%04d", n), Username: "member"}
		fake.Dispatch(t, "INTERACTION_CREATE", i)
		return string(fake.WaitAnswer(t, 30*time.Second, id, "tok"+id).Data)
	}
	if got := search("Quokkaville"); !strings.Contains(got, "Summit talk in Quokkaville") {
		t.Fatalf("the first article is not found: %s", got)
	}

	// The feed gains an item; the next pass writes it.
	site.add("Wombatburg")
	if out := fetch(); !strings.Contains(out, "1 written, 1 duplicate") {
		t.Fatalf("second fetch: %s", out)
	}
	// The bot applies it within a poll or two; meanwhile every search for
	// the first article answers with it. The test's own deadline bounds
	// the wait.
	deadline, stop := context.WithTimeout(context.Background(), 60*time.Second)
	defer stop()
	for rounds := 1; ; rounds++ {
		if got := search("Quokkaville"); !strings.Contains(got, "Summit talk in Quokkaville") {
			t.Fatalf("a search failed during the update (round %d): %s", rounds, got)
		}
		if got := search("Wombatburg"); strings.Contains(got, "Summit talk in Wombatburg") {
			t.Logf("the new article was found after %d rounds", rounds)
			break
		}
		if deadline.Err() != nil {
			t.Fatalf("the new article was not found; the bot's log:\n%s", stderr.String())
		}
	}
	// The log line follows the swap that made the article searchable.
	if !stderr.waitFor(deadline, "applied corpus changes") {
		t.Fatalf("the bot did not log the change it applied:\n%s", stderr.String())
	}
}

// A bot given FEEDS fetches by itself at start and applies what it wrote,
// with the folder watch off: the feed loop's own refresh serves it.
func TestFeedsInProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED: -short: the in-process feeds test waits on polite fetches")
	}
	_, fake, env := feedsSetup(t, "0")
	_, stderr, stop := startRun(t, env)
	defer stop()
	deadline, stop := context.WithTimeout(context.Background(), 60*time.Second)
	defer stop()
	if !stderr.waitFor(deadline, "reindexed after the feed pass") {
		t.Fatalf("the feed pass was not applied; the bot's log:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), "watching the corpus folder") {
		t.Error("CORPUS_POLL=0 must turn the folder watch off")
	}
	fake.WaitIdentify(t, 1, 30*time.Second)
	i, err := bot.ParseCommandLine("/search query:Quokkaville", bot.SimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	i.ID, i.Token, i.AppID = "40000000000009999", "tok40000000000009999", fake.AppID()
	fake.Dispatch(t, "INTERACTION_CREATE", i)
	if got := string(fake.WaitAnswer(t, 30*time.Second, i.ID, i.Token).Data); !strings.Contains(got, "Summit talk in Quokkaville") {
		t.Errorf("the fetched article is not found: %s", got)
	}
}

// feedsSetup is what both feeds tests start from: a loopback news site
// whose feed has one item (Quokkaville), an empty corpus folder in a
// temporary working folder, a fake Discord, and the settings of a bot
// that serves that corpus, reads that feed and polls the folder every
// poll ("0": not at all).
func feedsSetup(t *testing.T, poll string) (*newsSite, *discordtest.Server, map[string]string) {
	t.Helper()
	t.Chdir(t.TempDir())
	site := &newsSite{}
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	site.add("Quokkaville")
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "corpus"), 0o755); err != nil {
		t.Fatal(err)
	}
	fake := discordtest.NewServer(t, discordtest.Options{})
	env := map[string]string{"DISCORD_TOKEN": "MTAwMDAw.fake-feeds.token", "DISCORD_API_URL": fake.APIURL(), "DISCORD_GATEWAY_URL": fake.GatewayURL(),
		"CORPUS_DIR": filepath.Join(dir, "corpus"), "INDEX_DIR": filepath.Join(dir, "index"), "CORPUS_POLL": poll,
		"FEEDS": srv.URL + "/rss.xml", "LOG_LEVEL": "info", "METRICS_ADDR": "127.0.0.1:0"}
	return site, fake, env
}
