package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/discordtest"
)

// syncBuffer is a log sink the bot goroutines and the test share.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{} // closed and replaced at each write
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written != nil {
		close(s.written)
		s.written = nil
	}
	return s.b.Write(p)
}

// waitFor waits until the buffer holds sub, or ctx ends; it reports
// whether sub came.
func (s *syncBuffer) waitFor(ctx context.Context, sub string) bool {
	for {
		s.mu.Lock()
		if strings.Contains(s.b.String(), sub) {
			s.mu.Unlock()
			return true
		}
		if s.written == nil {
			s.written = make(chan struct{})
		}
		written := s.written
		s.mu.Unlock()
		select {
		case <-written:
		case <-ctx.Done():
			return false
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestEndToEnd runs the real bot (summitbot run --register) against a fake
// Discord on loopback, reached through DISCORD_API_URL.
func TestEndToEnd(t *testing.T) {
	specPath := discordtest.FindSpec() // before leaving the package folder
	t.Chdir(t.TempDir())
	fake := discordtest.NewServer(t, discordtest.Options{})
	const token = "MTAwMDAw.fake-e2e.token-secret"
	env := map[string]string{"DISCORD_TOKEN": token, "DISCORD_API_URL": fake.APIURL(), "DISCORD_GATEWAY_URL": fake.GatewayURL(),
		"SHARD_ID": "1", "SHARD_COUNT": "2", "LOG_LEVEL": "debug", "METRICS_ADDR": "127.0.0.1:0"}
	stdout, stderr, stop := startRun(t, env, "--register")
	defer func() {
		stop()
		if strings.Contains(stderr.String()+stdout.String(), token) {
			t.Error("the token appears in the logs")
		}
	}()

	fake.WaitIdentify(t, 1, 20*time.Second)
	reg := fake.WaitRequest(t, 10*time.Second, func(r discordtest.Request) bool {
		return r.Method == http.MethodPut && r.Path == "/applications/"+fake.AppID()+"/commands"
	})
	var cmds []map[string]any
	if err := json.Unmarshal(reg.Body, &cmds); err != nil || len(cmds) != len(bot.Commands(nil)) {
		t.Fatalf("registration body: %v %s", err, reg.Body)
	}
	var identify struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
		Shard   [2]int `json:"shard"`
	}
	json.Unmarshal(fake.Identifies()[0], &identify)
	if identify.Intents != int(bot.Intents) || !strings.HasSuffix(identify.Token, token) || identify.Shard != [2]int{1, 2} {
		t.Errorf("identify: intents %d (want Guilds and Guild Messages), shard %v (want [1 2])", identify.Intents, identify.Shard)
	}
	for _, r := range fake.Requests() {
		if strings.HasPrefix(r.Path, "/gateway") {
			t.Errorf("DISCORD_GATEWAY_URL is set, yet the bot asked Discord for the gateway: %s", r.Path)
		}
	}

	n := 0
	// send dispatches an interaction and returns its answer, deferred or
	// not: whether an answer is ready within the bot's 2 s is a matter of
	// the machine's speed, not of correctness.
	send := func(i *discordgo.Interaction) discordtest.Answer {
		t.Helper()
		n++
		id := fmt.Sprintf("3000000000000000%02d", n) // 18 digits, a snowflake
		i.ID, i.Token, i.AppID = id, "tok"+id, fake.AppID()
		if i.Member != nil { // a different member each time: the per-user rate limit is tested elsewhere
			i.Member.User = &discordgo.User{ID: "5000000000000000" + fmt.Sprintf("%02d", n), Username: "member"}
		}
		fake.Dispatch(t, "INTERACTION_CREATE", i)
		return fake.WaitAnswer(t, 30*time.Second, id, "tok"+id)
	}
	cmdLine := func(line string, o bot.SimOptions) *discordgo.Interaction {
		t.Helper()
		i, err := bot.ParseCommandLine(line, o)
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	type reply struct {
		Type int
		Data struct {
			Embeds []struct {
				Title string `json:"title"`
			} `json:"embeds"`
			Components []struct {
				Components []struct {
					CustomID string `json:"custom_id"`
					Label    string `json:"label"`
				} `json:"components"`
			} `json:"components"`
			Choices []struct {
				Value string `json:"value"`
			} `json:"choices"`
		}
	}
	parse := func(a discordtest.Answer) reply {
		rep := reply{Type: a.Type}
		if err := json.Unmarshal(a.Data, &rep.Data); err != nil {
			t.Fatalf("answer data: %v: %s", err, a.Data)
		}
		return rep
	}

	// A command.
	rep := parse(send(cmdLine("/search query:sanctions", bot.SimOptions{})))
	if rep.Type != 4 || len(rep.Data.Embeds) == 0 || !strings.Contains(rep.Data.Embeds[0].Title, "sanctions") {
		t.Fatalf("search reply: %+v", rep)
	}
	next := ""
	for _, row := range rep.Data.Components {
		for _, c := range row.Components {
			if strings.HasPrefix(c.Label, "Next") {
				next = c.CustomID
			}
		}
	}
	if next == "" {
		t.Fatalf("no Next button on a multi-page search: %+v", rep.Data.Components)
	}
	// A button click serves page 2 by updating the message.
	if rep := parse(send(bot.ClickInteraction(next, bot.SimOptions{}))); rep.Type != 7 || len(rep.Data.Embeds) == 0 {
		t.Errorf("click reply: %+v", rep)
	}
	// An autocomplete.
	if rep := parse(send(cmdLine("/summit event:han", bot.SimOptions{Focus: "event"}))); rep.Type != 8 || len(rep.Data.Choices) == 0 || rep.Data.Choices[0].Value != "hanoi" {
		t.Errorf("autocomplete reply: %+v", rep)
	}
	// /about shows no secret.
	about := send(cmdLine("/about", bot.SimOptions{}))
	if strings.Contains(string(about.Data), token) || strings.Contains(string(about.Data), "fake-e2e") {
		t.Error("the token appears in /about")
	}
	// An event card.
	if rep := parse(send(cmdLine("/summit event:panmunjom", bot.SimOptions{}))); rep.Type != 4 || len(rep.Data.Embeds) != 2 {
		t.Errorf("summit reply: %+v", rep)
	}

	// A question asked by mentioning the bot gets a reply that pings nobody.
	posted := mentionBot(t, fake, "4000000000000000", "why did the Hanoi summit fail?")
	var msg struct {
		Embeds []struct {
			Description string `json:"description"`
		} `json:"embeds"`
		AllowedMentions struct {
			Parse       []string `json:"parse"`
			RepliedUser bool     `json:"replied_user"`
		} `json:"allowed_mentions"`
		Reference struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	if err := json.Unmarshal(posted.Body, &msg); err != nil || msg.Reference.MessageID != "400000000000000001" ||
		msg.AllowedMentions.Parse == nil || len(msg.AllowedMentions.Parse) != 0 || msg.AllowedMentions.RepliedUser ||
		len(msg.Embeds) != 1 || !strings.Contains(msg.Embeds[0].Description, "sanctions") {
		t.Errorf("mention reply: %v %s", err, posted.Body)
	}
	// A bot's message is ignored.
	fake.Dispatch(t, "MESSAGE_CREATE", map[string]any{
		"id": "400000000000000005", "channel_id": "400000000000000006", "content": "<@" + fake.BotUserID() + "> hi", "type": 0,
		"author":   map[string]any{"id": "400000000000000007", "username": "otherbot", "bot": true},
		"mentions": []map[string]any{{"id": fake.BotUserID(), "username": "summitbot", "bot": true}},
	})

	// The websocket drops: the bot reconnects and answers again.
	fake.DropConnections()
	fake.WaitIdentify(t, 2, 20*time.Second)
	if rep := parse(send(cmdLine("/summit event:singapore", bot.SimOptions{}))); rep.Type != 4 {
		t.Errorf("after reconnect: %+v", rep)
	}
	// /timeline uploads its picture: multipart, payload_json plus the PNG.
	tl := send(cmdLine("/timeline", bot.SimOptions{})).Carrier
	if !strings.HasPrefix(tl.Header.Get("Content-Type"), "multipart/form-data") || !strings.Contains(string(tl.Body), "\x89PNG") ||
		!strings.Contains(string(tl.Body), `"url":"attachment://timeline.png"`) {
		t.Errorf("timeline answer: %s %.200q", tl.Header.Get("Content-Type"), tl.Body)
	}

	// Installed to a user's account, the bot answers where it is no
	// member, through the interaction alone (the fake refuses those
	// channels, 403 Missing Access): Find sources in a group DM, /ask in a
	// server that has not added it.
	groupDM := bot.MessageCommandInteraction("The Hanoi summit ended without a deal over sanctions relief.", bot.SimOptions{DM: true})
	groupDM.Context, groupDM.ChannelID = discordgo.InteractionContextPrivateChannel, "400000000000000010"
	groupDM.AuthorizingIntegrationOwners = map[discordgo.ApplicationIntegrationType]string{discordgo.ApplicationIntegrationUserInstall: groupDM.User.ID}
	if a := send(groupDM); a.Type != 4 || !strings.Contains(string(a.Data), `"flags":64`) || !strings.Contains(string(a.Data), "Sources for") {
		t.Errorf("Find sources in a group DM: %d %.300s", a.Type, a.Data)
	}
	elsewhere := cmdLine("/ask question:Why did the Hanoi summit fail?", bot.SimOptions{})
	elsewhere.GuildID, elsewhere.ChannelID = "400000000000000011", "400000000000000012"
	elsewhere.AuthorizingIntegrationOwners = map[discordgo.ApplicationIntegrationType]string{discordgo.ApplicationIntegrationUserInstall: "400000000000000013"}
	if rep := parse(send(elsewhere)); rep.Type != 4 || len(rep.Data.Embeds) == 0 {
		t.Errorf("/ask in a server without the bot: %+v", rep)
	}
	for _, ch := range []string{"400000000000000010", "400000000000000012"} {
		if !fake.OutOfReach(ch) {
			t.Errorf("the fake takes channel %s for one the bot can reach", ch)
		}
		for _, r := range fake.Requests() {
			if strings.HasPrefix(r.Path, "/channels/"+ch) {
				t.Errorf("a channel endpoint where the bot is no member: %s %s", r.Method, r.Path)
			}
		}
	}

	validatePayloads(t, specPath, fake.Requests(), 6)
	// The gateway mode serves health and metrics too, and the counters moved.
	base := addrFrom(t, stdout, "metrics and health on ")
	if body := get(t, base+"/readyz", 200); !strings.Contains(body, "ready") {
		t.Errorf("readyz: %s", body)
	}
	metricsBody := get(t, base+"/metrics", 200)
	if strings.Contains(metricsBody, token) || strings.Contains(metricsBody, "fake-e2e") {
		t.Error("the token appears in /metrics")
	}
	if body := metricsBody; !strings.Contains(body, `summitbot_interactions_total{command="search",outcome="ok"} 1`) ||
		!strings.Contains(body, `summitbot_interactions_total{command="button",outcome="ok"} 1`) || !strings.Contains(body, "summitbot_index_passages ") {
		t.Errorf("metrics do not show the interactions:\n%s", body)
	}
	for _, r := range fake.Requests() {
		if r.Path == "/channels/400000000000000006/messages" {
			t.Error("the bot answered another bot")
		}
	}
	logs := stderr.String()
	for _, want := range []string{"commands registered", "summitbot ready", "cmd=search", "cmd=button", "interaction="} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q", want)
		}
	}
}

// validatePayloads validates the requests the bot sent against Discord's
// OpenAPI spec at specPath (found before the test left its package folder),
// and wants at least min of them validated. Without the spec it says so
// loudly, on stderr too, and the rest of the test goes on.
func validatePayloads(t *testing.T, specPath string, reqs []discordtest.Request, min int) {
	t.Helper()
	if specPath == "" {
		msg := "SKIP part of " + t.Name() + ": ../shared/discord/openapi.json is absent, payloads are NOT validated"
		fmt.Fprintln(os.Stderr, msg)
		t.Log(msg)
		return
	}
	spec, err := discordtest.LoadSpec(specPath)
	if err != nil {
		t.Fatal(err)
	}
	if got := spec.ValidateAll(t, reqs); got < min {
		t.Errorf("validated %d payloads, want at least %d", got, min)
	}
}

// mentionBot posts a message that mentions the bot with words, in a
// channel of a server, and returns the bot's reply as it was posted. ids
// is a 16-digit prefix that makes the message, channel, server and author
// ids (…01 to …04) of this test's own.
func mentionBot(t *testing.T, fake *discordtest.Server, ids, words string) discordtest.Request {
	t.Helper()
	fake.Dispatch(t, "MESSAGE_CREATE", map[string]any{
		"id": ids + "01", "channel_id": ids + "02", "guild_id": ids + "03",
		"content": "<@" + fake.BotUserID() + "> " + words, "type": 0,
		"author":   map[string]any{"id": ids + "04", "username": "asker"},
		"mentions": []map[string]any{{"id": fake.BotUserID(), "username": "summitbot", "bot": true}},
	})
	return fake.WaitRequest(t, 10*time.Second, func(r discordtest.Request) bool {
		return r.Method == http.MethodPost && r.Path == "/channels/"+ids+"02/messages"
	})
}
