package bot

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// feedsFake is the fake searcher whose corpus follows news feeds: its
// stats know the newest article and when the feeds last ran.
type feedsFake struct {
	*fakeSearcher
	feeds []FeedSource
}

func (f feedsFake) Stats() Stats {
	st := f.fakeSearcher.Stats()
	st.Newest = NewestArticle{
		Title: "Kim *meets* Putin @everyone", Source: "feeds/example.org/kim-putin.md",
		URL: "https://example.org/news/kim-putin", Date: time.Date(2026, 11, 24, 6, 30, 0, 0, time.UTC),
	}
	st.FeedsLastRun = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	return st
}

func (f feedsFake) FeedSources() []FeedSource { return f.feeds }

// longError is a fetch error a feed could really report: long, with
// Markdown and mentions in it (a server's error page quoted back).
var longError = "GET https://news.example/rss: 503 **Service Unavailable** @everyone <@123> [click](https://evil.example)\n" +
	strings.Repeat("_retry_ later `now` ", 80)

func twoFeeds() []FeedSource {
	ok := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	return []FeedSource{
		{URL: "https://example.org/feed.xml", LastRun: ok, LastSuccess: ok, Written: 12},
		{URL: "https://reader:s3cret@news.example/@kim/rss?q=<b>", LastRun: ok, LastSuccess: ok.Add(-26 * time.Hour), LastError: longError, Written: 3},
	}
}

// manyFeeds are n feeds, every failEvery-th failing with longError (none
// when failEvery is 0).
func manyFeeds(n, failEvery int) []FeedSource {
	ok := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	var out []FeedSource
	for i := range n {
		f := FeedSource{URL: fmt.Sprintf("https://feeds%02d.example.org/world/asia/korea/rss.xml", i), LastRun: ok, LastSuccess: ok, Written: i}
		if failEvery > 0 && i%failEvery == 0 {
			f.LastError = fmt.Sprintf("feed %d: %s", i, longError)
			f.LastSuccess = time.Time{}
		}
		out = append(out, f)
	}
	return out
}

// moreShown reads "N more feeds not shown (of M)" from a footer.
var moreShown = regexp.MustCompile(`^(\d+) more feeds not shown \(of (\d+)\)`)

func TestFeedReplies(t *testing.T) {
	field := func(t *testing.T, resp *discordgo.InteractionResponse, name string) *discordgo.MessageEmbedField {
		t.Helper()
		for _, f := range resp.Data.Embeds[0].Fields {
			if f.Name == name {
				return f
			}
		}
		return nil
	}
	private := func(t *testing.T, resp *discordgo.InteractionResponse) {
		t.Helper()
		if resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("the reply is public; moderators' answers are private")
		}
	}
	tests := []struct {
		name   string
		s      Searcher
		line   string
		locale string
		check  func(t *testing.T, resp *discordgo.InteractionResponse)
	}{
		{"about-feeds", feedsFake{newFake(), twoFeeds()}, "/about", "", func(t *testing.T, resp *discordgo.InteractionResponse) {
			f := field(t, resp, "Newest article")
			if f == nil || f.Value != "[Kim \\*meets\\* Putin @\u200beveryone](https://example.org/news/kim-putin)\n24 Nov 2026" {
				t.Errorf("newest article: %+v", f)
			}
			if f := field(t, resp, "Feeds last fetched"); f == nil || f.Value != "<t:1795599000:f> (<t:1795599000:R>)" {
				t.Errorf("feeds last fetched: %+v", f)
			}
		}},
		{"admin-stats-feeds", feedsFake{newFake(), twoFeeds()}, "/summitadmin stats", "", func(t *testing.T, resp *discordgo.InteractionResponse) {
			if field(t, resp, "Newest article") == nil || field(t, resp, "Feeds last fetched") == nil || field(t, resp, "Interactions since start") == nil {
				t.Errorf("stats: %+v", resp.Data.Embeds[0].Fields)
			}
		}},
		{"about-no-feeds", newFake(), "/about", "", func(t *testing.T, resp *discordgo.InteractionResponse) {
			if field(t, resp, "Newest article") != nil || field(t, resp, "Feeds last fetched") != nil {
				t.Errorf("unknown newest article and feeds that never ran are left out: %+v", resp.Data.Embeds[0].Fields)
			}
		}},
		{"admin-sources-none", newFake(), "/summitadmin sources", "", func(t *testing.T, resp *discordgo.InteractionResponse) {
			private(t, resp)
			if len(resp.Data.Embeds) != 0 || !strings.Contains(resp.Data.Content, "set FEEDS") || strings.HasPrefix(resp.Data.Content, "⚠️") {
				t.Errorf("without feeds, say how to set FEEDS (not as an error): %+v", resp.Data)
			}
			// The fetcher may run elsewhere (a CronJob) and not have run yet:
			// the reply does not claim that no feed is configured.
			for _, want := range []string{"No news feed has run yet in this corpus folder", "on the fetcher that writes into CORPUS_DIR/feeds"} {
				if !strings.Contains(resp.Data.Content, want) {
					t.Errorf("without feeds' state, the reply lacks %q: %q", want, resp.Data.Content)
				}
			}
			if strings.Contains(resp.Data.Content, "configured") {
				t.Errorf("the bot cannot know that no feed is configured: %q", resp.Data.Content)
			}
		}},
		{"admin-sources-empty", feedsFake{newFake(), nil}, "/summitadmin sources", "", func(t *testing.T, resp *discordgo.InteractionResponse) {
			if !strings.Contains(resp.Data.Content, "set FEEDS") {
				t.Errorf("a searcher with no feeds configured: %q", resp.Data.Content)
			}
		}},
		{"admin-sources-2", feedsFake{newFake(), twoFeeds()}, "/summitadmin sources", "", func(t *testing.T, resp *discordgo.InteractionResponse) {
			private(t, resp)
			fs := resp.Data.Embeds[0].Fields
			if len(fs) != 2 || resp.Data.Embeds[0].Footer != nil {
				t.Fatalf("want both feeds and no footer: %+v", resp.Data.Embeds[0])
			}
			bad, good := fs[0], fs[1]
			if !strings.HasPrefix(bad.Name, "1. ⚠️ news.example") || !strings.HasPrefix(good.Name, "2. ✅ example.org") {
				t.Errorf("the failing feed comes first: %q, %q", bad.Name, good.Name)
			}
			for _, want := range []string{
				"[news.example/@\u200bkim/rss](https://news.example/@kim/rss?q=%3Cb%3E)", // linked without credentials; "<" and ">" never end the link, "@" kept
				"Last success: <t:1795505400:f>",
				"Articles written: 3\nLast tried: <t:1795599000:f> (<t:1795599000:R>)\nLast error: ", // the failed try, when it differs from the last success
				`Last error: GET https://news.example/rss: 503 \*\*Service Unavailable\*\* @` + "\u200b" + `everyone \<@` + "\u200b" + `123\> \[click\]\(https://evil.example\) \_retry\_ later \` + "`now\\`",
			} {
				if !strings.Contains(bad.Value, want) {
					t.Errorf("failing feed lacks %q:\n%s", want, bad.Value)
				}
			}
			if strings.Contains(bad.Value, "s3cret") || strings.Contains(bad.Name, "s3cret") {
				t.Errorf("the feed's credentials are shown: %q", bad.Value)
			}
			if !strings.HasSuffix(bad.Value, "…") {
				t.Errorf("the long error is cut with an ellipsis: %q", bad.Value)
			}
			if good.Value != "[example.org/feed.xml](https://example.org/feed.xml)\nLast success: <t:1795599000:f> (<t:1795599000:R>)\nArticles written: 12" {
				t.Errorf("healthy feed: %q", good.Value)
			}
		}},
		{"ko-admin-sources-2", feedsFake{newFake(), twoFeeds()}, "/summitadmin sources", "ko", func(t *testing.T, resp *discordgo.InteractionResponse) {
			if em := resp.Data.Embeds[0]; em.Title != "뉴스 피드 (2개)" || !strings.Contains(em.Fields[0].Value, "마지막 오류: ") {
				t.Errorf("Korean: %q %q", em.Title, em.Fields[0].Value)
			}
		}},
		{"ko-admin-sources-none", newFake(), "/summitadmin sources", "ko", func(t *testing.T, resp *discordgo.InteractionResponse) {
			if !strings.Contains(resp.Data.Content, "FEEDS") || !strings.Contains(resp.Data.Content, "피드") ||
				!strings.Contains(resp.Data.Content, "아직 실행된 뉴스 피드가 없") || !strings.Contains(resp.Data.Content, "CORPUS_DIR/feeds") {
				t.Errorf("Korean, no feeds: %q", resp.Data.Content)
			}
		}},
		{"admin-sources-40", feedsFake{newFake(), manyFeeds(40, 3)}, "/summitadmin sources", "", func(t *testing.T, resp *discordgo.InteractionResponse) {
			em := resp.Data.Embeds[0]
			shown := len(em.Fields)
			if shown == 0 || shown > 25 {
				t.Fatalf("%d feeds shown; Discord takes 1 to 25 fields", shown)
			}
			if em.Footer == nil {
				t.Fatalf("%d of 40 feeds shown and no footer says how many were left out", shown)
			}
			// Errors cut short, every failing feed fits and then some
			// healthy ones (8 feeds fit with errors of 500 runes).
			if shown < 15 {
				t.Errorf("%d feeds shown, want the 14 failing and some healthy ones", shown)
			}
			m := moreShown.FindStringSubmatch(em.Footer.Text)
			if m == nil || m[1] != fmt.Sprint(40-shown) || m[2] != "40" {
				t.Errorf("footer %q, want %d more of 40", em.Footer.Text, 40-shown)
			}
			// Failing feeds (0, 3, …, 39: 14 of them) come first, in order.
			for n, f := range em.Fields {
				want := n * 3
				if n >= 14 {
					want = []int{1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16}[n-14]
				}
				if !strings.Contains(f.Value, fmt.Sprintf("(https://feeds%02d.example.org/", want)) {
					t.Errorf("field %d: want feed %d: %q", n, want, f.Value)
				}
			}
			if !strings.Contains(em.Description, "14") {
				t.Errorf("description %q: 14 feeds failing", em.Description)
			}
		}},
		{"admin-sources-40-healthy", feedsFake{newFake(), manyFeeds(40, 0)}, "/summitadmin sources", "", func(t *testing.T, resp *discordgo.InteractionResponse) {
			em := resp.Data.Embeds[0]
			if len(em.Fields) != 25 || em.Footer == nil || !strings.HasPrefix(em.Footer.Text, "15 more feeds not shown (of 40)") {
				t.Errorf("short fields: Discord's 25 at most, and 15 more said: %d fields, footer %+v", len(em.Fields), em.Footer)
			}
			if em.Description != "" {
				t.Errorf("no feed failing, nothing to say of failing feeds: %q", em.Description)
			}
		}},
	}
	// These replies must be the very ones of another case or of
	// TestGoldenReplies: they are compared with that golden, not kept twice.
	sameAs := map[string]string{
		"about-no-feeds":      "about",              // a searcher without feeds: /about as ever
		"admin-sources-empty": "admin-sources-none", // feeds listed but none: as without FeedSources
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, tt.s)
			resp := simulate(t, b, tt.line, SimOptions{Admin: true, Locale: tt.locale})
			if resp.Data == nil || resp.Type != discordgo.InteractionResponseChannelMessageWithSource {
				t.Fatalf("reply: %+v", resp)
			}
			tt.check(t, resp)
			name := tt.name
			if other, ok := sameAs[name]; ok {
				name = other
			}
			golden(t, name, resp)
		})
	}
}

// An article's date is a day: shown as the day it is in each language,
// never as a Discord timestamp at midnight UTC (the evening before west of
// UTC).
func TestNewestArticleDateIsADay(t *testing.T) {
	a := NewestArticle{Title: "Summit", Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}
	for _, c := range []struct {
		locale discordgo.Locale
		want   string
	}{{"", "Summit\n24 Nov 2026"}, {discordgo.Korean, "Summit\n2026년 11월 24일"}} {
		if got := newestValue(textsFor(c.locale), a); got != c.want {
			t.Errorf("%q: newest article %q, want %q", c.locale, got, c.want)
		}
	}
}

// A feed's error shows on one line, without control characters, cut to
// about 120 runes with an ellipsis, then escaped.
func TestFeedErrorIsCleanedAndCut(t *testing.T) {
	got := feedError("dial tcp:\x1b[31m refused\r\n\tretry *now*\x00")
	if want := `dial tcp: \[31m refused retry \*now\*`; got != want {
		t.Errorf("feedError = %q, want %q", got, want)
	}
	long := feedError(strings.Repeat("é", 500))
	if n := len([]rune(long)); n != 128 || !strings.HasSuffix(long, "…") {
		t.Errorf("a long error is cut to 128 runes with an ellipsis: %d runes, %q", n, long)
	}
	if short := strings.Repeat("é", 128); feedError(short) != short {
		t.Errorf("an error of 128 runes is not cut: %q", feedError(short))
	}
}

// A feed's or an article's credentials never show: safeURL drops them from
// every link, and a URL that is not an http(s) one, or does not parse,
// shows without anything up to its last "@".
func TestCredentialsNeverShow(t *testing.T) {
	if got := safeURL("https://reader:s3cret@news.example/@kim/rss"); got != "https://news.example/@kim/rss" {
		t.Errorf("safeURL keeps userinfo: %q", got)
	}
	if got := linkTo("Kim", "http://reader:s3cret@news.example/a"); got != "[Kim](http://news.example/a)" {
		t.Errorf("an article link keeps userinfo: %q", got)
	}
	for _, c := range []struct{ url, host, shown string }{
		{"https://reader:s3cret@news.example/@kim/rss?q=<b>", "news.example", "[news.example/@\u200bkim/rss](https://news.example/@kim/rss?q=%3Cb%3E)"},
		{"https://reader:s3cret@news example/rss", "news", "news example/rss"},                        // does not parse (a space in the host)
		{"https://reader:s3c/ret@news.example/rss", "news.example", "news.example/rss"},               // does not parse (a "/" in the password)
		{"https://reader:s3cret@news.example:port/rss", "news.example:port", "news.example:port/rss"}, // does not parse (the port)
		{"ftp://reader:s3cret@news.example/rss", "news.example", "news.example/rss"},
		{"reader:s3cret@news.example/rss", "news.example", "news.example/rss"},
		{"feed\n:s3cret@news.example/\x00rss", "news.example", "news.example/ rss"},
	} {
		f := sourceField(english, 1, FeedSource{URL: c.url, LastError: "boom"})
		if strings.Contains(f.Name+f.Value, "s3c") || strings.Contains(f.Name+f.Value, "reader") {
			t.Errorf("%q: credentials shown: %q %q", c.url, f.Name, f.Value)
		}
		if want := "1. ⚠️ " + c.host; f.Name != want {
			t.Errorf("%q: name %q, want %q", c.url, f.Name, want)
		}
		if first, _, _ := strings.Cut(f.Value, "\n"); first != c.shown {
			t.Errorf("%q: shown as %q, want %q", c.url, first, c.shown)
		}
	}
}

// However many feeds, failing or not, the sources embed keeps Discord's
// limits by itself (the reply's fitEmbeds drops nothing more), and its
// footer counts exactly the feeds left out.
func TestSourcesEmbedFitsAndCounts(t *testing.T) {
	for n := 1; n <= 45; n++ {
		for _, failEvery := range []int{0, 1, 2, 3, 7} {
			feeds := manyFeeds(n, failEvery)
			for i := range feeds { // vary the sizes so every budget edge is met
				feeds[i].URL += strings.Repeat("x", (i*37+n)%90)
			}
			em := sourcesEmbed(english, feeds)
			shown := len(em.Fields)
			if total := embedsLength([]*discordgo.MessageEmbed{em}); total > 6000 || shown > 25 || shown == 0 {
				t.Fatalf("%d feeds, every %d failing: %d runes, %d fields", n, failEvery, total, shown)
			}
			fitEmbeds([]*discordgo.MessageEmbed{em})
			if len(em.Fields) != shown {
				t.Fatalf("%d feeds, every %d failing: fitEmbeds dropped %d more fields", n, failEvery, shown-len(em.Fields))
			}
			switch {
			case shown == n && em.Footer != nil:
				t.Errorf("%d feeds all shown, yet a footer: %q", n, em.Footer.Text)
			case shown < n && (em.Footer == nil || !strings.HasPrefix(em.Footer.Text, fmt.Sprintf("%d more feeds not shown (of %d)", n-shown, n))):
				t.Errorf("%d feeds, %d shown: footer %+v", n, shown, em.Footer)
			}
		}
	}
}
