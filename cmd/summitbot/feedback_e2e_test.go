package main

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/discordtest"
)

// TestFeedbackEndToEnd runs the real bot (summitbot run) against a fake
// Discord: an /ask answer carries 👍/👎, a click on 👍 is thanked
// privately (a new ephemeral message, the public answer untouched),
// counted in /metrics by event and kind, and logged with the question; a
// mention's answer carries the buttons too and still pings nobody.
func TestFeedbackEndToEnd(t *testing.T) {
	specPath := discordtest.FindSpec() // before leaving the package folder
	t.Chdir(t.TempDir())
	fake := discordtest.NewServer(t, discordtest.Options{})
	env := map[string]string{"DISCORD_TOKEN": "MTAwMDAw.fake-feedback.token", "DISCORD_API_URL": fake.APIURL(),
		"DISCORD_GATEWAY_URL": fake.GatewayURL(), "METRICS_ADDR": "127.0.0.1:0"}
	stdout, stderr, stop := startRun(t, env)
	defer stop()
	fake.WaitIdentify(t, 1, 20*time.Second)

	send := func(i *discordgo.Interaction, id, user string) discordtest.Answer {
		t.Helper()
		i.ID, i.Token, i.AppID = id, "tok"+id, fake.AppID()
		i.Member.User = &discordgo.User{ID: user, Username: "member"}
		fake.Dispatch(t, "INTERACTION_CREATE", i)
		return fake.WaitAnswer(t, 30*time.Second, id, "tok"+id)
	}
	type message struct {
		Content string                    `json:"content"`
		Flags   int                       `json:"flags"`
		Embeds  []*discordgo.MessageEmbed `json:"embeds"`
		Rows    []struct {
			Components []struct {
				CustomID string `json:"custom_id"`
				Label    string `json:"label"`
				Emoji    struct {
					Name string `json:"name"`
				} `json:"emoji"`
			} `json:"components"`
		} `json:"components"`
		AllowedMentions *struct {
			Parse       []string `json:"parse"`
			RepliedUser bool     `json:"replied_user"`
		} `json:"allowed_mentions"`
	}
	decode := func(raw []byte) message {
		t.Helper()
		var m message
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("message: %v: %s", err, raw)
		}
		return m
	}
	buttonOf := func(m message, emoji string) string {
		t.Helper()
		for _, row := range m.Rows {
			for _, c := range row.Components {
				if c.Emoji.Name == emoji {
					return c.CustomID
				}
			}
		}
		t.Fatalf("no %s button in %+v", emoji, m.Rows)
		return ""
	}

	// /ask: a public answer with the buttons.
	i, err := bot.ParseCommandLine("/ask question:Why did the Hanoi summit fail?", bot.SimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	asked := send(i, "310000000000000001", "510000000000000001")
	ans := decode(asked.Data)
	if asked.Type != 4 || ans.Flags&64 != 0 || len(ans.Embeds) != 1 {
		t.Fatalf("/ask answer: type %d %s", asked.Type, asked.Data)
	}
	up := buttonOf(ans, "👍")
	if !strings.HasPrefix(up, "fb1|u|hanoi|why|") || len(buttonOf(ans, "👎")) == 0 {
		t.Fatalf("👍 custom_id %q", up)
	}

	// The click, with the clicked message as Discord sends it.
	touches := func() int { // requests about the /ask answer
		n := 0
		for _, r := range fake.Requests() {
			if strings.Contains(r.Path, "tok310000000000000001") {
				n++
			}
		}
		return n
	}
	before := touches()
	click := bot.ClickInteraction(up, bot.SimOptions{})
	click.Message = &discordgo.Message{ID: "410000000000000001", ChannelID: click.ChannelID, Embeds: ans.Embeds}
	thanks := send(click, "310000000000000002", "510000000000000002")
	m := decode(thanks.Data)
	private := m.Flags&64 != 0
	if thanks.Deferred { // then the deferral says it: an edit carries no flags
		var first struct {
			Type int `json:"type"`
			Data struct {
				Flags int `json:"flags"`
			} `json:"data"`
		}
		cb := fake.WaitRequest(t, time.Second, func(r discordtest.Request) bool {
			return r.Method == http.MethodPost && r.Path == "/interactions/310000000000000002/tok310000000000000002/callback"
		})
		if err := json.Unmarshal(cb.JSON(), &first); err != nil {
			t.Fatalf("thanks deferral: %v: %s", err, cb.Body)
		}
		private = first.Type == 5 && first.Data.Flags&64 != 0
	}
	if thanks.Type != 4 || !private || m.Content != "Thanks — noted." || len(m.Embeds) != 0 || len(m.Rows) != 0 {
		t.Errorf("want a private thanks alone in a new message (type 4 or a private 5), got type %d deferred %v: %s", thanks.Type, thanks.Deferred, thanks.Data)
	}
	if n := touches(); n != before {
		t.Errorf("the click touched the public answer (%d requests about it, %d before)", n, before)
	}

	// A mention's answer carries the buttons and pings nobody.
	posted := mentionBot(t, fake, "4100000000000000", "where was the Singapore summit? @everyone")
	reply := decode(posted.Body)
	if reply.AllowedMentions == nil || reply.AllowedMentions.Parse == nil || len(reply.AllowedMentions.Parse) != 0 || reply.AllowedMentions.RepliedUser {
		t.Errorf("the mention reply must ping nobody: %s", posted.Body)
	}
	if id := buttonOf(reply, "👎"); !strings.HasPrefix(id, "fb1|d|singapore|where|") {
		t.Errorf("mention 👎 custom_id %q", id)
	}

	validatePayloads(t, specPath, fake.Requests(), 3) // the answer, the thanks, the mention's reply

	// The vote is in /metrics, by event and kind, once the thanks is sent
	// (the bot counts before it answers), and the log has the question.
	base := addrFrom(t, stdout, "metrics and health on ")
	if body := get(t, base+"/metrics", 200); !strings.Contains(body, `summitbot_feedback_total{event="hanoi",kind="why",vote="up"} 1`+"\n") {
		t.Errorf("/metrics lacks the vote:\n%s", grepLines(body, "summitbot_feedback"))
	}
	if logs := stderr.String(); !regexp.MustCompile(`msg="answer feedback" vote=up event=hanoi kind=why question="Why did the Hanoi summit fail\?" question_from=message counted=true`).MatchString(logs) {
		t.Errorf("no feedback log line with the question:\n%s", logs)
	}
}

// grepLines keeps the lines of s that hold sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
