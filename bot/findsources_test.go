package bot

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// loudMessage is a message full of what must never come back: every kind
// of mention, custom emoji, a timestamp, links and every Markdown mark.
const loudMessage = "# Breaking: **Kim** and Trump @everyone @here <@123> <@!124> <@&456> <#789>\n" +
	"> quote: the `summit` in ||Hanoi|| ended [without a deal](https://evil.example/x) <:kim:111> <a:dance:222> <t:1551312000:R>\n" +
	"- sanctions relief __was__ ~~refused~~ https://example.org/y </search:999>\n" +
	"-# small print \\*escaped\\* ```code block```"

// findSources runs the message command on a message saying text.
func findSources(t *testing.T, b *Bot, text string, o SimOptions) *discordgo.InteractionResponse {
	t.Helper()
	return roundTrip(t, b.Handle(context.Background(), MessageCommandInteraction(text, o)))
}

func TestClaimText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"loud message", loudMessage, "Breaking: Kim and Trump quote: the summit in Hanoi ended without a deal sanctions relief was refused small print escaped code block"},
		{"plain claim", "The Hanoi talks ended without a deal.", "The Hanoi talks ended without a deal."},
		{"only mentions", "<@123> @everyone <#789> <@&456> @here", ""},
		{"only an emoji and a link", "<:kim:111> https://example.org/picture.png", ""},
		{"only Markdown marks", "** __ || ` > # ~~", ""},
		{"empty", "", ""},
		{"a mention joined by a removal", "<\\@123> <@*1> @every*one", "123 1 every one"},
		{"a link behind an underscore", "x_http://evil.example/y", "x"},
		{"a link with parentheses", "[Hanoi](javascript:alert(1)) ended early", "Hanoi ended early"},
		{"Korean", "하노이 회담은 **왜** 결렬됐나?", "하노이 회담은 왜 결렬됐나?"},
		{"format characters", "Hanoi \u202esnoitcnas\u202c talks de\u00adnu\u200bclear\ufeff", "Hanoi snoitcnas talks denuclear"},
		{"a mention hidden by a format character", "Did <@\u200b123456789012345678> say Kim met Trump?", "Did say Kim met Trump?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := claimText(tt.in, maxClaimRunes); got != tt.want {
				t.Errorf("claimText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := claimText(strings.Repeat("sanctions ", 100), 50); utf8.RuneCountInString(got) > 50 {
		t.Errorf("cut to %d runes, want at most 50", utf8.RuneCountInString(got))
	}
}

// A message without text of its own (a bot's answer, a link preview) is
// read from its embeds.
func TestMessageTextFromEmbeds(t *testing.T) {
	m := &discordgo.Message{Embeds: []*discordgo.MessageEmbed{{Title: "Hanoi", Description: "talks ended",
		Fields: []*discordgo.MessageEmbedField{{Name: "sanctions", Value: "relief"}, nil}, Footer: &discordgo.MessageEmbedFooter{Text: "2019"}}, nil}}
	if got := messageClaim(m, maxClaimRunes); got != "Hanoi talks ended sanctions relief 2019" {
		t.Errorf("from embeds: %q", got)
	}
	m.Content = "the content wins"
	if got := messageClaim(m, maxClaimRunes); got != "the content wins" {
		t.Errorf("with content: %q", got)
	}
	if got := messageClaim(nil, maxClaimRunes); got != "" {
		t.Errorf("no message: %q", got)
	}
}

// A message full of mentions and Markdown: the reply is private, pings
// nobody, holds none of the message's mentions or Markdown, searched only
// the message's words, and keeps Discord's limits.
func TestFindSourcesOfALoudMessage(t *testing.T) {
	f := newFake()
	b, _ := newTestBot(t, f)
	resp := findSources(t, b, loudMessage, SimOptions{})
	if resp.Type != 4 || resp.Data.Flags&64 == 0 {
		t.Errorf("want a private message (type 4, flags 64), got type %d flags %d", resp.Type, resp.Data.Flags)
	}
	if am := resp.Data.AllowedMentions; am == nil || am.Parse == nil || len(am.Parse) != 0 {
		t.Errorf("allowed_mentions %+v, want parse []", am)
	}
	checkLimits(t, resp) // Discord's limits as literals: content 2000, description 4096, field 1024, total 6000
	if len(resp.Data.Embeds) == 0 || !strings.HasPrefix(resp.Data.Embeds[len(resp.Data.Embeds)-1].Title, "Sources for “Breaking: Kim and Trump") {
		t.Fatalf("want the passages titled with the message's words:\n%s", replyText(resp))
	}
	// The message's own text, as far as it comes back: the title. The
	// passages are the corpus's (the fake's hold mentions of their own,
	// escaped by the existing rendering).
	title := resp.Data.Embeds[len(resp.Data.Embeds)-1].Title
	for _, raw := range []string{"@everyone", "@here", "<@123>", "<@!124>", "<@&456>", "<#789>", "<:kim:111>", "<a:dance:222>", "<t:",
		"</search", "**", "__", "~~", "||", "`", "https://", "evil.example", "[without", "> quote", "# Breaking", "-#"} {
		if strings.Contains(title, raw) {
			t.Errorf("the title echoes %q: %q", raw, title)
		}
	}
	shown := replyText(resp)
	for _, raw := range []string{"@everyone", "@here", "<@123>", "<@!124>", "<@&456>", "<#789>", "evil.example/x", "<:kim:111>"} {
		if strings.Contains(shown, raw) {
			t.Errorf("the reply holds %q", raw)
		}
	}
	if rawMention.MatchString(shown) {
		t.Errorf("the reply can ping: %s", shown)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queries) == 0 {
		t.Fatal("nothing was searched")
	}
	for _, q := range f.queries {
		if strings.ContainsAny(q.Text, "<>@*_~|`#\\") || strings.Contains(q.Text, "://") {
			t.Errorf("searched %q: the message's markup was not cleaned", q.Text)
		}
	}
}

// replyText is every text of a reply Discord would show, decoded (the
// JSON encoding hides "<" as \u003c).
func replyText(resp *discordgo.InteractionResponse) string {
	parts := []string{resp.Data.Content}
	for _, e := range resp.Data.Embeds {
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// A question gets the /ask answer above the passages; a claim gets the
// passages alone; a message with no words a friendly private note.
func TestFindSourcesQuestionClaimEmpty(t *testing.T) {
	b, logs := newTestBot(t, newFake())
	q := findSources(t, b, "Why did the Hanoi summit fail?", SimOptions{})
	if len(q.Data.Embeds) != 2 || !strings.HasPrefix(q.Data.Embeds[0].Title, "❓ Why did the Hanoi summit fail?") ||
		!strings.HasPrefix(q.Data.Embeds[1].Title, "Sources for") {
		t.Errorf("a question: want the answer, then the passages:\n%s", replyText(q))
	}
	c := findSources(t, b, "The Hanoi talks ended without a deal over sanctions relief.", SimOptions{})
	if len(c.Data.Embeds) != 1 || !strings.HasPrefix(c.Data.Embeds[0].Title, "Sources for") || len(c.Data.Embeds[0].Fields) == 0 ||
		c.Data.Components == nil || len(c.Data.Components) != 0 {
		t.Errorf("a claim: want one embed of passages without buttons (%d components):\n%s", len(c.Data.Components), replyText(c))
	}
	for _, text := range []string{"", "<@123> @everyone", "https://example.org/a.png"} {
		e := findSources(t, b, text, SimOptions{})
		if e.Data.Flags&64 == 0 || len(e.Data.Embeds) != 0 || !strings.Contains(e.Data.Content, "no words I can look up") {
			t.Errorf("%q: want a friendly private note (flags %d), got\n%s", text, e.Data.Flags, replyText(e))
		}
	}
	// Logs and metrics name it as Discord shows it; a message without
	// words is the user's matter, not an error of ours.
	for _, want := range []string{`cmd="Find sources"`, "outcome=ok", "outcome=user_error"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log lacks %s:\n%s", want, logs)
		}
	}
	if usage := strings.Join(b.usage(), "; "); !strings.Contains(usage, "Find sources ok: 2") || !strings.Contains(usage, "Find sources user_error: 3") {
		t.Errorf("usage counts: %s", usage)
	}
	// A message command Discord sent without the resolved message is the same.
	i := MessageCommandInteraction("x", SimOptions{})
	d := i.Data.(discordgo.ApplicationCommandInteractionData)
	d.Resolved = nil
	i.Data = d
	if r := b.Handle(context.Background(), i); r.Data.Flags&64 == 0 || !strings.Contains(r.Data.Content, "no words I can look up") {
		t.Errorf("no resolved message: %+v", r.Data)
	}
}

func TestFindSourcesGolden(t *testing.T) {
	tests := []struct {
		name, text string
		o          SimOptions
	}{
		{"find-sources-loud", loudMessage, SimOptions{}},
		{"find-sources-question", "Why did the Hanoi summit fail?", SimOptions{}},
		{"find-sources-claim", "The Hanoi talks ended without a deal over sanctions relief.", SimOptions{}},
		{"find-sources-nothing", "<@123> @everyone <:kim:111>", SimOptions{}},
		{"ko-find-sources-claim", "하노이 회담은 제재 완화 문제로 합의 없이 끝났다", SimOptions{Locale: "ko"}},
		{"find-sources-dm", "Trump and Kim met at the DMZ in 2019.", SimOptions{DM: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, newFake())
			golden(t, tt.name, findSources(t, b, tt.text, tt.o))
		})
	}
}

// Whatever a message says, what is searched is clean and what comes back
// is private, pings nobody and fits Discord.
func FuzzFindSources(f *testing.F) {
	for _, s := range []string{loudMessage, "", "Why did Hanoi fail?", "<@&1>", "x_http://a", "@every<@1>one", "\\<#2>", "[a](<https://b>)",
		"**bold** `code` > quote ||spoiler|| # heading", strings.Repeat("사", 2000), "\x00\xff<@\u200b1>", "Hanoi \u202esnoitcnas\u202c talks"} {
		f.Add(s)
	}
	b := New(newFake(), Options{Burst: 1 << 30})
	mention := regexp.MustCompile(`<(?:@[!&]?|#)\d+>|@(?:everyone|here)`)
	link := regexp.MustCompile(`(?i)[a-z][a-z0-9+.\-]*://`)
	f.Fuzz(func(t *testing.T, s string) {
		got := claimText(s, maxClaimRunes)
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > maxClaimRunes || got != strings.TrimSpace(got) {
			t.Fatalf("claimText(%q) = %q: not clean", s, got)
		}
		if mention.MatchString(got) || strings.ContainsAny(got, "*_~|`\\<>@") || link.MatchString(got) {
			t.Fatalf("claimText(%q) = %q: markup left", s, got)
		}
		if strings.ContainsFunc(got, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) {
			t.Fatalf("claimText(%q) = %q: control or format characters", s, got)
		}
		resp := b.Handle(context.Background(), MessageCommandInteraction(s, SimOptions{}))
		if resp.Data == nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Fatalf("%q: not private", s)
		}
		checkLimits(t, resp)
	})
}

// What cleaning leaves of Markdown's characters ("#", brackets,
// parentheses) is escaped where the message's words are shown, in the
// passages' title and in the answer's.
func TestFindSourcesEscapesWhatItShows(t *testing.T) {
	b, _ := newTestBot(t, newFake())
	for _, tt := range []struct{ text, title string }{
		{"The #1 issue in Hanoi was [sanctions] (relief)", `Sources for “The \#1 issue in Hanoi was \[sanctions\] \(relief\)”`},
		{"Was the #1 issue in Hanoi [sanctions]?", `❓ Was the \#1 issue in Hanoi \[sanctions\]?`},
	} {
		resp := findSources(t, b, tt.text, SimOptions{})
		if len(resp.Data.Embeds) == 0 || resp.Data.Embeds[0].Title != tt.title {
			t.Errorf("%q: reply\n%s\nwant the title %q", tt.text, replyText(resp), tt.title)
		}
	}
}

func TestMessageText(t *testing.T) {
	embed := &discordgo.MessageEmbed{Title: "Talks end", Description: "No deal in Hanoi", Fields: []*discordgo.MessageEmbedField{nil, {Name: "n", Value: "v"}},
		Footer: &discordgo.MessageEmbedFooter{Text: "f"}}
	forward := func(m *discordgo.Message) *discordgo.Message {
		return &discordgo.Message{MessageSnapshots: []discordgo.MessageSnapshot{{Message: nil}, {Message: &discordgo.Message{Content: " "}}, {Message: m}}}
	}
	tests := []struct {
		name string
		m    *discordgo.Message
		want string
	}{
		{"nil", nil, ""},
		{"content", &discordgo.Message{Content: "Kim met Trump", Embeds: []*discordgo.MessageEmbed{embed}}, "Kim met Trump"},
		{"embeds", &discordgo.Message{Content: " \n", Embeds: []*discordgo.MessageEmbed{nil, embed}}, "Talks end\nNo deal in Hanoi\nn\nv\nf"},
		{"poll", &discordgo.Message{Poll: &discordgo.Poll{Question: discordgo.PollMedia{Text: "Will they meet again?"}}}, "Will they meet again?"},
		{"forward", forward(&discordgo.Message{Content: "The Hanoi talks ended early"}), "The Hanoi talks ended early"},
		{"forwarded embeds", forward(&discordgo.Message{Embeds: []*discordgo.MessageEmbed{embed}}), "Talks end\nNo deal in Hanoi\nn\nv\nf"},
		{"forwarded poll", forward(&discordgo.Message{Poll: &discordgo.Poll{Question: discordgo.PollMedia{Text: "Who walked away?"}}}), "Who walked away?"},
		{"a forward's own words first", &discordgo.Message{Content: "look", MessageSnapshots: []discordgo.MessageSnapshot{{Message: &discordgo.Message{Content: "x"}}}}, "look"},
		{"an empty forward", forward(&discordgo.Message{}), ""},
		{"nested snapshots are not read", forward(forward(&discordgo.Message{Content: "deep"})), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := messageText(tt.m); got != tt.want {
				t.Errorf("messageText = %q, want %q", got, tt.want)
			}
		})
	}
}

// Find sources on a forwarded message looks up what the forward carries.
func TestFindSourcesForwarded(t *testing.T) {
	b, _ := newTestBot(t, newFake())
	i := MessageCommandInteraction("", SimOptions{})
	d := i.Data.(discordgo.ApplicationCommandInteractionData)
	m := d.Resolved.Messages[d.TargetID]
	m.MessageReference = &discordgo.MessageReference{Type: discordgo.MessageReferenceTypeForward, MessageID: "100000000000000009", ChannelID: "100000000000000010"}
	m.MessageSnapshots = []discordgo.MessageSnapshot{{Message: &discordgo.Message{Content: "The Hanoi talks ended without a deal over sanctions relief."}}}
	resp := roundTrip(t, b.Handle(context.Background(), i))
	if resp.Data == nil || len(resp.Data.Embeds) == 0 || !strings.Contains(resp.Data.Embeds[0].Title, "The Hanoi talks ended without a deal") {
		t.Errorf("reply to a forward:\n%s", replyText(resp))
	}
	checkLimits(t, resp)
}
