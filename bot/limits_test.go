package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
)

// The tests of this file hold Discord's limits (the discord* literals of
// bot_test.go) against replies to inputs far larger than any limit, and
// check that where the bot cuts it cuts at the limit itself: a limit of
// bot/limits.go set above Discord's gives an over-limit reply, one set
// below gives a reply shorter than the expected one.

// repeatRunes is n runes of unit, which must be one rune or more.
func repeatRunes(unit string, n int) string {
	r := []rune(strings.Repeat(unit, n/runes(unit)+1))
	return string(r[:n])
}

func fields(n int, name, value string) []*discordgo.MessageEmbedField {
	out := make([]*discordgo.MessageEmbedField, n)
	for i := range out {
		out[i] = &discordgo.MessageEmbedField{Name: name, Value: value}
	}
	return out
}

func TestFitEmbedsCutsAtDiscordLimits(t *testing.T) {
	long := func(n int) string { return repeatRunes("한", n) } // multibyte: counted in runes, not bytes
	embeds := func(es ...*discordgo.MessageEmbed) func() []*discordgo.MessageEmbed {
		return func() []*discordgo.MessageEmbed { return es }
	}
	tests := []struct {
		name     string
		in       func() []*discordgo.MessageEmbed
		measure  func([]*discordgo.MessageEmbed) int
		min, max int // the measure must lie in [min, max]
	}{
		{"title", embeds(&discordgo.MessageEmbed{Title: long(1000)}),
			func(e []*discordgo.MessageEmbed) int { return runes(e[0].Title) }, 256, 256},
		{"description", embeds(&discordgo.MessageEmbed{Description: long(10000)}),
			func(e []*discordgo.MessageEmbed) int { return runes(e[0].Description) }, 4096, 4096},
		{"field name", embeds(&discordgo.MessageEmbed{Fields: fields(1, long(1000), "v")}),
			func(e []*discordgo.MessageEmbed) int { return runes(e[0].Fields[0].Name) }, 256, 256},
		{"field value", embeds(&discordgo.MessageEmbed{Fields: fields(1, "n", long(3000))}),
			func(e []*discordgo.MessageEmbed) int { return runes(e[0].Fields[0].Value) }, 1024, 1024},
		{"number of fields", embeds(&discordgo.MessageEmbed{Fields: fields(40, "n", "v")}),
			func(e []*discordgo.MessageEmbed) int { return len(e[0].Fields) }, 25, 25},
		{"footer", embeds(&discordgo.MessageEmbed{Footer: &discordgo.MessageEmbedFooter{Text: long(5000)}}),
			func(e []*discordgo.MessageEmbed) int { return runes(e[0].Footer.Text) }, 2048, 2048},
		{"author name", embeds(&discordgo.MessageEmbed{Author: &discordgo.MessageEmbedAuthor{Name: long(1000)}}),
			func(e []*discordgo.MessageEmbed) int { return runes(e[0].Author.Name) }, 256, 256},
		{"number of embeds", func() []*discordgo.MessageEmbed {
			var es []*discordgo.MessageEmbed
			for range 20 {
				es = append(es, &discordgo.MessageEmbed{Title: "t"})
			}
			return es
		}, func(e []*discordgo.MessageEmbed) int { return len(e) }, 10, 10},
		// 1000 + 5×1000 + 2 = 6002 runes: the last (2-rune) field goes and
		// the message is exactly 6000; one rune less room and a 1000-rune
		// field goes too, two more and the 2-rune field stays.
		{"total 6000: the small last field dropped", embeds(&discordgo.MessageEmbed{Description: long(1000),
			Fields: append(fields(5, "n", long(999)), &discordgo.MessageEmbedField{Name: "n", Value: "v"})}),
			func(e []*discordgo.MessageEmbed) int { return len(e[0].Fields) }, 5, 5},
		// 999 + 5×1000 + 2 = 6001 runes: one rune over, so the 2-rune field goes.
		{"total 6000: one rune over", embeds(&discordgo.MessageEmbed{Description: long(999),
			Fields: append(fields(5, "n", long(999)), &discordgo.MessageEmbedField{Name: "n", Value: "v"})}),
			func(e []*discordgo.MessageEmbed) int { return len(e[0].Fields) }, 5, 5},
		// Fields spread over two embeds count together.
		{"total 6000 across embeds", embeds(
			&discordgo.MessageEmbed{Title: long(200), Fields: fields(3, "n", long(999))},
			&discordgo.MessageEmbed{Title: long(200), Fields: fields(3, "n", long(999))}),
			func(e []*discordgo.MessageEmbed) int { return len(e[0].Fields) + len(e[1].Fields) }, 5, 5},
		// No fields to drop: the longer description is shortened, leaving
		// at most the ellipsis' rune and an escape's unused.
		{"total 6000: descriptions shortened", embeds(
			&discordgo.MessageEmbed{Title: long(100), Description: long(4000)},
			&discordgo.MessageEmbed{Description: long(3000), Footer: &discordgo.MessageEmbedFooter{Text: long(500)}}),
			func(e []*discordgo.MessageEmbed) int { return discordTotal(e) }, 5998, 6000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := fitEmbeds(tt.in())
			checkEmbeds(t, out)
			if got := tt.measure(out); got < tt.min || got > tt.max {
				t.Errorf("got %d, want %d–%d: the cut must be at Discord's limit", got, tt.min, tt.max)
			}
		})
	}
}

// discordTotal counts what Discord counts against the 6000 runes.
func discordTotal(embeds []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range embeds {
		n += runes(e.Title) + runes(e.Description)
		for _, f := range e.Fields {
			n += runes(f.Name) + runes(f.Value)
		}
		if e.Footer != nil {
			n += runes(e.Footer.Text)
		}
		if e.Author != nil {
			n += runes(e.Author.Name)
		}
	}
	return n
}

func TestMessageCutsContentAt2000(t *testing.T) {
	for _, content := range []string{repeatRunes("é", 2001), repeatRunes("🙂", 10000)} {
		resp := message(&discordgo.InteractionResponseData{Content: content}, false)
		checkLimits(t, resp)
		if n := runes(resp.Data.Content); n != discordContent {
			t.Errorf("content of %d runes cut to %d, want %d", runes(content), n, discordContent)
		}
	}
}

// giantSearcher is a corpus far beyond every limit: 80 events with huge
// names, summaries, places, participants, outcomes and links, and
// passages with huge titles, sources, URLs, texts and fragments. Suggest
// offers as many completions as asked for.
type giantSearcher struct{ *fakeSearcher }

func (giantSearcher) Suggest(prefix string, limit int) ([]string, error) {
	var out []string
	for n := range limit {
		out = append(out, fmt.Sprintf("%s%03d", prefix, n))
	}
	return out, nil
}

// giantID is the id of the n-th giant event, 29 characters.
func giantID(n int) string { return fmt.Sprintf("giant%02d%s", n, strings.Repeat("x", 22)) }

func newGiant() giantSearcher {
	f := newFake()
	// "*" doubles when escaped, so escaped text outgrows its cut.
	star := func(n int) string { return repeatRunes("한*", n) }
	cat := &corpus.Catalogue{}
	day := time.Date(2019, 2, 27, 0, 0, 0, 0, time.UTC)
	for n := range 80 {
		e := &corpus.Event{ID: giantID(n), Name: fmt.Sprintf("%02d ", n) + repeatRunes("한", 300), Status: "held",
			Start: corpus.Date{Time: day}, Place: "p", Summary: "s"}
		switch n {
		case 0:
			e.Name = star(400)
		case 1:
			e.Summary = star(5000)
		case 2:
			e.Participants = []string{star(2000)}
		case 3:
			for range 40 {
				e.Outcomes = append(e.Outcomes, star(300))
			}
		case 4:
			for k := range 40 {
				e.Links = append(e.Links, corpus.Link{Title: star(300), URL: fmt.Sprintf("https://example.org/%d/%s", k, strings.Repeat("a", 300))})
			}
		}
		cat.Events = append(cat.Events, e)
	}
	f.cat = cat
	var hits []corpus.Hit
	for n := range 12 {
		hits = append(hits, corpus.Hit{Passage: corpus.Passage{Source: strings.Repeat("s", 500), Title: star(500), Date: day,
			URL:    "https://example.org/" + strings.Repeat("u", 3000),
			Text:   star(10000),
			Events: []string{giantID(0)}},
			Fragment: strings.Repeat(fmt.Sprintf("**%d** passage ", n), 1000)})
	}
	hits[1].URL = "https://example.org/short" // the fragment, not the link, fills the value
	f.hits = hits
	return giantSearcher{f}
}

func TestGiantRepliesStayWithinDiscordLimits(t *testing.T) {
	card := func(t *testing.T, resp *discordgo.InteractionResponse) *discordgo.MessageEmbed {
		t.Helper()
		if len(resp.Data.Embeds) == 0 {
			t.Fatalf("no embed in %+v", resp.Data)
		}
		return resp.Data.Embeds[0]
	}
	field := func(t *testing.T, resp *discordgo.InteractionResponse, embed, n int) *discordgo.MessageEmbedField {
		t.Helper()
		if len(resp.Data.Embeds) <= embed || len(resp.Data.Embeds[embed].Fields) <= n {
			t.Fatalf("no field %d of embed %d in %+v", n, embed, resp.Data)
		}
		return resp.Data.Embeds[embed].Fields[n]
	}
	tests := []struct {
		name    string
		line    string
		focus   string
		measure func(*testing.T, *discordgo.InteractionResponse) int
		want    int
	}{
		{"card title", "/summit event:" + giantID(0) + " query:nothing",
			"", func(t *testing.T, r *discordgo.InteractionResponse) int { return runes(card(t, r).Title) }, 256},
		{"card description", "/summit event:" + giantID(1) + " query:nothing",
			"", func(t *testing.T, r *discordgo.InteractionResponse) int { return runes(card(t, r).Description) }, 4096},
		{"card participants", "/summit event:" + giantID(2) + " query:nothing",
			"", func(t *testing.T, r *discordgo.InteractionResponse) int { return runes(field(t, r, 0, 2).Value) }, 1024},
		{"passage title", "/search query:x",
			"", func(t *testing.T, r *discordgo.InteractionResponse) int { return runes(field(t, r, 0, 0).Name) }, 256},
		{"passage with a huge link", "/search query:x",
			"", func(t *testing.T, r *discordgo.InteractionResponse) int { return runes(field(t, r, 0, 0).Value) }, 1024},
		// The 6000 runes of a message hold 4 of the 5 passages of a page.
		{"passages of a page", "/search query:x",
			"", func(t *testing.T, r *discordgo.InteractionResponse) int { return len(r.Data.Embeds[0].Fields) }, 4},
		{"event choices", "/summit event:", "event",
			func(t *testing.T, r *discordgo.InteractionResponse) int { return len(r.Data.Choices) }, 25},
		{"event choice name", "/summit event:", "event",
			func(t *testing.T, r *discordgo.InteractionResponse) int { return runes(r.Data.Choices[0].Name) }, 100},
		{"query choices", "/search query:", "query",
			func(t *testing.T, r *discordgo.InteractionResponse) int { return len(r.Data.Choices) }, 25},
		{"query choices with completions", "/search query:sanct", "query",
			func(t *testing.T, r *discordgo.InteractionResponse) int { return len(r.Data.Choices) }, 25},
		{"unknown event", "/summit event:atlantis",
			"", func(t *testing.T, r *discordgo.InteractionResponse) int { return runes(r.Data.Content) }, 2000},
		// 44 emoji are 88 UTF-16 units: the page states "pg1|s|1|0||…" and
		// "pg1|s|-1|0||…" (Prev, unused on the first page but encoded) take
		// 99 and 100 units and fit; with 45 emoji they do not.
		{"custom_id of 100 UTF-16 units fits", "/search query:" + strings.Repeat("🙂", 44),
			"", func(t *testing.T, r *discordgo.InteractionResponse) int { return len(r.Data.Components) }, 1},
		{"custom_id over 100 UTF-16 units: no buttons", "/search query:" + strings.Repeat("🙂", 45),
			"", func(t *testing.T, r *discordgo.InteractionResponse) int { return len(r.Data.Components) }, 0},
		// Reach limits too, with no exact expectation.
		{"card outcomes", "/summit event:" + giantID(3), "", nil, 0},
		{"card links", "/summit event:" + giantID(4), "", nil, 0},
		{"card and passages", "/summit event:" + giantID(1) + " query:x", "", nil, 0},
		{"huge query", "/search query:" + strings.Repeat("*<@1>", 400) + " event:" + giantID(0), "", nil, 0},
		{"huge autocomplete query", "/search query:" + strings.Repeat("🙂x", 400), "query", nil, 0},
		{"about", "/about", "", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, newGiant())
			resp := simulate(t, b, tt.line, SimOptions{Focus: tt.focus})
			if tt.measure == nil {
				return
			}
			if resp.Data == nil {
				t.Fatalf("no data in %+v", resp)
			}
			if len(resp.Data.Choices) == 0 && tt.focus != "" {
				t.Fatalf("no choices")
			}
			if got := tt.measure(t, resp); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestGiantPassagesFillTheirFields(t *testing.T) {
	b, _ := newTestBot(t, newGiant())
	resp := simulate(t, b, "/search query:x", SimOptions{})
	// Passage 2 has a short link, so its long fragment fills the value,
	// leaving at most 10 runes unused.
	if n := runes(resp.Data.Embeds[0].Fields[1].Value); n < discordFieldValue-10 || n > discordFieldValue {
		t.Errorf("passage value of %d runes, want %d–%d", n, discordFieldValue-10, discordFieldValue)
	}
}

func TestPageClicksAtTheCustomIDLimit(t *testing.T) {
	b, _ := newTestBot(t, newGiant())
	q89 := strings.Repeat("q", 89) // "pg1|s|1|0||" and 89 units make 100
	tests := []struct {
		id    string
		serve bool
	}{
		{"pg1|s|1|0||" + q89, true},
		{"pg1|s|1|0||" + strings.Repeat("🙂", 44) + "a", true},
		{"pg1|s|1|0||" + q89 + "q", false},
		{"pg1|s|1|0||" + strings.Repeat("🙂", 45), false},
	}
	for _, tt := range tests {
		resp := roundTrip(t, b.Handle(context.Background(), ClickInteraction(tt.id, SimOptions{})))
		if served := resp.Type == discordgo.InteractionResponseUpdateMessage; served != tt.serve {
			t.Errorf("click on a custom_id of %d UTF-16 units: served %v, want %v (%q)", utf16Units(tt.id), served, tt.serve, resp.Data.Content)
			continue
		}
		if !tt.serve {
			continue
		}
		// Page 2's own buttons carry the same query, at exactly 100 units.
		for _, label := range []string{"◀ Prev", "Next ▶"} {
			if n := utf16Units(buttonID(t, resp, label)); n != discordCustomID {
				t.Errorf("%s of %q: custom_id of %d UTF-16 units, want %d", label, tt.id, n, discordCustomID)
			}
		}
	}
}

func TestGiantAnswersStayWithinDiscordLimits(t *testing.T) {
	f := newGiant()
	def := newFake()
	f.cat = def.cat // the answerer needs the real catalogue; the passages stay giant
	for n := range f.hits {
		f.hits[n].Events = []string{"hanoi"}
	}
	b, _ := newTestBot(t, f)
	q := "Why did the Hanoi summit fail? " + strings.Repeat("**@everyone** ", 100)
	resp := simulate(t, b, "/ask question:"+q, SimOptions{})
	if len(resp.Data.Embeds) != 1 || len(resp.Data.Embeds[0].Fields) == 0 {
		t.Fatalf("want an answer with passages, got %+v", resp.Data.Embeds)
	}
	const botID = "900000000000000001"
	reply := b.answerMessage(context.Background(), &discordgo.Message{ID: "1", ChannelID: "2", Content: "<@" + botID + "> " + q,
		Author: &discordgo.User{ID: "3"}, Mentions: []*discordgo.User{{ID: botID}}}, botID, discordgo.EnglishUS)
	if reply == nil || len(reply.Embeds) != 1 {
		t.Fatalf("want a reply with one embed, got %+v", reply)
	}
	checkLimits(t, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: reply.Content, Embeds: reply.Embeds, AllowedMentions: reply.AllowedMentions}})
}
