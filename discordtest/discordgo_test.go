package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// discordAPI is the base discordgo v0.29 hard-codes in its endpoints.
const discordAPI = "https://discord.com/api/v9"

// rewriteTransport sends discordgo's REST calls to the fake instead of
// discord.com, leaving discordgo's package globals alone. Anything else is
// refused so a test can never reach the real network.
type rewriteTransport struct {
	base http.RoundTripper
	to   string
}

func (rt rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	u := req.URL.String()
	rest, ok := strings.CutPrefix(u, discordAPI)
	if !ok {
		return nil, fmt.Errorf("rewriteTransport: refusing request to %s", u)
	}
	target, err := url.Parse(rt.to + rest)
	if err != nil {
		return nil, err
	}
	r2 := req.Clone(req.Context())
	r2.URL = target
	r2.Host = ""
	return rt.base.RoundTrip(r2)
}

// checkGoroutines fails the test if goroutines started during it are still
// running once every other cleanup has run. Register it first: cleanups run
// last-registered-first.
func checkGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(3 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Errorf("goroutine leak: %d before, %d after\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// slashCommand is a minimal APPLICATION_COMMAND interaction as Discord
// dispatches it in INTERACTION_CREATE.
func slashCommand(appID, id, token, name string) map[string]any {
	return map[string]any{
		"id":             id,
		"application_id": appID,
		"type":           2,
		"token":          token,
		"version":        1,
		"guild_id":       "400000000000000001",
		"channel_id":     "500000000000000001",
		"locale":         "en-US",
		"guild_locale":   "en-US",
		"member": map[string]any{
			"user":        map[string]any{"id": "600000000000000001", "username": "alice", "discriminator": "0"},
			"roles":       []string{},
			"permissions": "0",
			"joined_at":   "2024-01-01T00:00:00Z",
		},
		"data": map[string]any{"id": "700000000000000001", "name": name, "type": 1},
	}
}

type handled struct {
	ic  *discordgo.InteractionCreate
	err error
}

func TestDiscordgoSessionEndToEnd(t *testing.T) {
	checkGoroutines(t)
	start := time.Now()
	srv := NewServer(t, Options{})

	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	dg, err := discordgo.New("Bot test-token")
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = &http.Client{Transport: rewriteTransport{base: tr, to: srv.APIURL()}, Timeout: 5 * time.Second}
	dg.ShouldReconnectOnError = true
	dg.Identify.Intents = discordgo.IntentsGuilds

	got := make(chan handled, 4)
	dg.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{
				Content:         "pong",
				Flags:           discordgo.MessageFlagsEphemeral,
				AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
			},
		})
		got <- handled{ic, err}
	})

	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	// Runs before the server's cleanup, so the session never redials a
	// closed server.
	defer dg.Close()

	if dg.State.User == nil || dg.State.User.ID != srv.BotUserID() {
		t.Fatalf("State.User = %+v, want ID %s", dg.State.User, srv.BotUserID())
	}
	srv.WaitIdentify(t, 1, 5*time.Second)
	var ident struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
	}
	if err := json.Unmarshal(srv.Identifies()[0], &ident); err != nil {
		t.Fatal(err)
	}
	if ident.Token != "Bot test-token" || ident.Intents != int(discordgo.IntentsGuilds) {
		t.Errorf("IDENTIFY = %+v, want token %q and intents %d", ident, "Bot test-token", discordgo.IntentsGuilds)
	}

	// Command registration through discordgo, as a bot does at start-up.
	perm := int64(discordgo.PermissionManageGuild)
	registered, err := dg.ApplicationCommandBulkOverwrite(srv.AppID(), "", []*discordgo.ApplicationCommand{{
		Name: "ping", Description: "Check the bot is alive", DefaultMemberPermissions: &perm,
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "echo", Description: "Text to echo", Autocomplete: true},
		},
	}})
	if err != nil || len(registered) != 1 || registered[0].ID == "" || registered[0].ApplicationID != srv.AppID() || registered[0].Version == "" {
		t.Fatalf("ApplicationCommandBulkOverwrite = %+v, %v", registered, err)
	}

	roundTrip := func(id, token string) {
		t.Helper()
		srv.Dispatch(t, "INTERACTION_CREATE", slashCommand(srv.AppID(), id, token, "ping"))
		select {
		case h := <-got:
			if h.err != nil {
				t.Fatalf("InteractionRespond: %v", h.err)
			}
			if h.ic.ID != id || h.ic.Type != discordgo.InteractionApplicationCommand || h.ic.ApplicationCommandData().Name != "ping" {
				t.Fatalf("handler got interaction %s type %v, want %s ping", h.ic.ID, h.ic.Type, id)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("interaction %s did not reach the handler", id)
		}
		want := "/interactions/" + id + "/" + token + "/callback"
		req := srv.WaitRequest(t, 5*time.Second, func(r Request) bool { return r.Method == "POST" && r.Path == want })
		var cb discordgo.InteractionResponse
		if err := json.Unmarshal(req.Body, &cb); err != nil || cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Data.Content != "pong" {
			t.Fatalf("callback body %s (err %v)", req.Body, err)
		}
		if req.Header.Get("Authorization") != "Bot test-token" {
			t.Errorf("Authorization = %q", req.Header.Get("Authorization"))
		}
	}
	roundTrip("800000000000000001", "tok-1")
	t.Logf("connected and answered first interaction after %v", time.Since(start))

	// Reconnect: discordgo notices the dead socket, dials again, RESUMEs,
	// gets INVALID_SESSION and IDENTIFYs on the same socket.
	srv.DropConnections()
	srv.WaitIdentify(t, 2, 10*time.Second)
	srv.mu.Lock()
	resumes := srv.resumes
	srv.mu.Unlock()
	if resumes != 1 {
		t.Errorf("RESUMEs = %d, want 1 (discordgo resumes after a drop)", resumes)
	}
	roundTrip("800000000000000002", "tok-2")
	t.Logf("reconnected and answered second interaction after %v", time.Since(start))

	t.Run("payloads match spec", func(t *testing.T) {
		sp := SpecOrSkip(t)
		if n := sp.ValidateAll(t, srv.Requests()); n != 3 {
			t.Errorf("validated %d requests, want the command registration and 2 callbacks", n)
		}
	})
}
