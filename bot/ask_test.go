package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/answer"
	"github.com/summitbot/summitbot/corpus"
)

func TestBoldWords(t *testing.T) {
	cases := []struct {
		name, in string
		words    []string
		want     string
	}{
		{"none", "Kim flew to Singapore.", nil, "Kim flew to Singapore."},
		{"whole words, any case", "Kim flew to singapore on Air China.", []string{"Singapore", "china"}, "Kim flew to **singapore** on Air **China**."},
		{"neighbours in one run", "at the Capella Hotel on Sentosa", []string{"capella", "hotel"}, "at the **Capella Hotel** on Sentosa"},
		{"not inside a word", "Kimball met Kim", []string{"kim"}, "**Kimball** met **Kim**"},
		{"a prefix marks the word it starts", "sanctioned sanctions", []string{"sanction"}, "**sanctioned sanctions**"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := boldWords(c.in, c.words); got != c.want {
				t.Errorf("boldWords(%q, %q) = %q, want %q", c.in, c.words, got, c.want)
			}
		})
	}
}

func TestAnswerText(t *testing.T) {
	day := time.Date(2020, 9, 16, 0, 0, 0, 0, time.UTC)
	src := corpus.Hit{Passage: corpus.Passage{Title: "Talks *resume*", URL: "https://example.org/a", Date: day, Text: "Kim arrived in Singapore on June 10."}}
	cases := []struct {
		name   string
		locale discordgo.Locale
		a      answer.Answer
		want   string
	}{
		{
			"catalogue sentence, then the quote that backs it with its linked source",
			"",
			answer.Answer{Text: "The Singapore summit took place on 12 June 2018.", Quote: "Kim arrived in Singapore on June 10.",
				Marks: []string{"singapore"}, Passages: []corpus.Hit{src}, Found: true},
			"The Singapore summit took place on 12 June 2018.\n> Kim arrived in **Singapore** on June 10.\n— [Talks \\*resume\\*](https://example.org/a), 16 Sep 2020",
		},
		{
			"a corpus answer is the quote alone; a second question is noted",
			"",
			answer.Answer{Text: "Kim arrived in Singapore on June 10.", Quote: "Kim arrived in Singapore on June 10.", FromCorpus: true,
				Passages: []corpus.Hit{{Passage: corpus.Passage{Source: "a.md", Text: src.Text}}}, Found: true, More: true},
			"> Kim arrived in Singapore on June 10.\n— a.md\n-# " + textsFor("").answeredFirst,
		},
		{
			"dates follow the reader's language",
			discordgo.Korean,
			answer.Answer{Text: "x", Quote: "Kim arrived.", FromCorpus: true, Passages: []corpus.Hit{{Passage: corpus.Passage{Title: "t", Date: day}}}, Found: true},
			"> Kim arrived.\n— t, " + textsFor(discordgo.Korean).date(day),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := answerText(textsFor(c.locale), c.a); got != c.want {
				t.Errorf("answerText:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestSearchHintCutsAtAWord(t *testing.T) {
	cases := []struct {
		q    string
		n    int
		want string
	}{
		{"When did Trump cross into North Korea?", 50, "Trump cross into North Korea"},
		{"why did the hanoi summit collapse over sanctions relief and yongbyon dismantlement", 30, "hanoi summit collapse over"},
		{"supercalifragilistic", 5, ""},
	}
	for _, c := range cases {
		got := searchHint(c.q, c.n)
		if got != c.want || len([]rune(got)) > c.n {
			t.Errorf("searchHint(%q, %d) = %q, want %q", c.q, c.n, got, c.want)
		}
	}
}

func TestQuestionText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "  where was the singapore summit?\n", "where was the singapore summit?"},
		{"mentions and emoji", "<@123> where <@!124> was <@&5> the <#6> summit <:kim:7>? @everyone @here", "where was the summit ?"},
		{"a token hidden by a format character", "who is <@\u200b123>", "who is"},
		{"Markdown stays, to be escaped where shown", "why did the *Hanoi* summit fail?", "why did the *Hanoi* summit fail?"},
		{"only tokens", "<@1> <t:2:R>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := questionText(tt.in); got != tt.want {
				t.Errorf("questionText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Another user's mention in a question reaches neither the answer's
// title nor its buttons nor the log of a vote; what is shown still pings
// nobody.
func TestQuestionKeepsNoUserID(t *testing.T) {
	const id = "500000000000000777"
	logs, log := newLogSink()
	b := New(newFake(), Options{Now: fixedNow, Burst: 1000, Logger: log})
	check := func(t *testing.T, resp *discordgo.InteractionResponse) {
		t.Helper()
		checkLimits(t, resp)
		body, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(body), id) || rawMention.Match(body) {
			t.Errorf("a user's id or a mention in the reply: %s", body)
		}
	}
	t.Run("ask", func(t *testing.T) {
		resp := simulate(t, b, "/ask question:<@"+id+"> why did the Hanoi summit fail? @everyone", SimOptions{})
		check(t, resp)
		if got := buttonID(t, resp, "Helpful"); got != "fb1|u|hanoi|why|why did the Hanoi summit fail?" {
			t.Errorf("👍 %q", got)
		}
		roundTrip(t, b.Handle(context.Background(), clickOn(t, resp, "Helpful", "501", "801", SimOptions{})))
		logs.wait(t, 0, `question="why did the Hanoi summit fail?" question_from=message`)
		if strings.Contains(logs.String(), id) {
			t.Errorf("the user's id is logged:\n%s", logs.String())
		}
	})
	t.Run("mention", func(t *testing.T) {
		const botID = "900000000000000001"
		m := &discordgo.Message{ID: "800000000000000001", ChannelID: "700000000000000001", GuildID: "600000000000000001",
			Content: "<@" + botID + "> why did Hanoi fail, <@!" + id + ">?", Author: &discordgo.User{ID: "500000000000000001"},
			Mentions: []*discordgo.User{{ID: botID, Bot: true}, {ID: id}}}
		reply := b.answerMessage(context.Background(), m, botID, discordgo.EnglishUS)
		if reply == nil {
			t.Fatal("no reply")
		}
		check(t, &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{Content: reply.Content, Embeds: reply.Embeds,
			Components: reply.Components, AllowedMentions: reply.AllowedMentions}})
		if len(reply.Embeds) != 1 || reply.Embeds[0].Title != "❓ why did Hanoi fail, ?" {
			t.Errorf("reply embeds %+v", reply.Embeds)
		}
	})
}
