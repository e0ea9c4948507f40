package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/discordtest"
	"github.com/summitbot/summitbot/ops"
)

// Discord's payloads are not always what its documentation says, and
// discordgo hands a handler whatever it could decode. Nothing of it may
// end the process.
func TestHandleMalformedInteractions(t *testing.T) {
	obs := &countingObserver{}
	b := New(newFake(), Options{Burst: 1000, Observer: obs})
	tests := []struct {
		name     string
		i        *discordgo.Interaction
		wantType discordgo.InteractionResponseType
		outcome  string
	}{
		{"nil", nil, discordgo.InteractionResponseChannelMessageWithSource, "unknown malformed"},
		{"autocomplete without data", &discordgo.Interaction{ID: "1", Token: "t", Type: discordgo.InteractionApplicationCommandAutocomplete},
			discordgo.InteractionApplicationCommandAutocompleteResult, "type 4 without data malformed"},
		{"command without data", &discordgo.Interaction{ID: "2", Token: "t", Type: discordgo.InteractionApplicationCommand},
			discordgo.InteractionResponseChannelMessageWithSource, "type 2 without data malformed"},
		{"button without data", &discordgo.Interaction{ID: "3", Token: "t", Type: discordgo.InteractionMessageComponent},
			discordgo.InteractionResponseChannelMessageWithSource, "button malformed"},
		{"command with a button's data", &discordgo.Interaction{ID: "4", Token: "t", Type: discordgo.InteractionApplicationCommand,
			Data: discordgo.MessageComponentInteractionData{CustomID: "x"}}, discordgo.InteractionResponseChannelMessageWithSource, "type 2 without data malformed"},
		{"null options", &discordgo.Interaction{ID: "5", Token: "t", Type: discordgo.InteractionApplicationCommand,
			Data: discordgo.ApplicationCommandInteractionData{Name: "summitadmin", Options: []*discordgo.ApplicationCommandInteractionDataOption{nil}}},
			discordgo.InteractionResponseChannelMessageWithSource, "summitadmin denied"},
		{"null option in an autocomplete", &discordgo.Interaction{ID: "6", Token: "t", Type: discordgo.InteractionApplicationCommandAutocomplete,
			Data: discordgo.ApplicationCommandInteractionData{Name: "search", Options: []*discordgo.ApplicationCommandInteractionDataOption{nil, {Name: "query", Type: discordgo.ApplicationCommandOptionString, Value: "sanc", Focused: true}}}},
			discordgo.InteractionApplicationCommandAutocompleteResult, "autocomplete search ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := b.Handle(context.Background(), tt.i)
			if resp == nil || resp.Type != tt.wantType {
				t.Fatalf("response %+v, want type %d", resp, tt.wantType)
			}
			if tt.wantType == discordgo.InteractionResponseChannelMessageWithSource && (resp.Data == nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0) {
				t.Errorf("a malformed interaction gets a private error: %+v", resp.Data)
			}
			if tt.wantType == discordgo.InteractionApplicationCommandAutocompleteResult && (resp.Data == nil || resp.Data.Choices == nil) {
				t.Errorf("autocomplete gets a list of choices, even empty: %+v", resp.Data)
			}
			obs.wait(t, time.Second, tt.outcome, func(_, h map[string]int) bool { return h[tt.outcome] > 0 })
			// The transports decide on deferral with private: it must not panic either.
			if tt.i != nil {
				ephemeral(commandTable, tt.i)
			}
		})
	}
}

// malformedEvents are INTERACTION_CREATE payloads as a broken or future
// Discord might send them.
var malformedEvents = []struct {
	name string
	raw  string
	// answer is the callback type the bot sends, 0 when it must drop it
	answer int
}{
	{"autocomplete without data", `{"id":"300000000000000001","token":"tok-300000000000000001","application_id":"%s","type":4}`, 8},
	{"command without data", `{"id":"300000000000000002","token":"tok-300000000000000002","application_id":"%s","type":2}`, 4},
	{"button without data", `{"id":"300000000000000003","token":"tok-300000000000000003","application_id":"%s","type":3}`, 4},
	{"command with data of the wrong shape", `{"id":"300000000000000004","token":"tok-300000000000000004","application_id":"%s","type":2,"data":[1,2]}`, 4},
	{"id of the wrong type", `{"id":300000000000000005,"application_id":"%s","type":2,"data":{"name":"help"}}`, 0},
	{"null", `null`, 0},
	{"not an object", `"surprise"`, 0},
	{"unknown type", `{"id":"300000000000000008","token":"tok-300000000000000008","application_id":"%s","type":99}`, 4},
	{"null option", `{"id":"300000000000000009","token":"tok-300000000000000009","application_id":"%s","type":2,"data":{"name":"search","options":[null]}}`, 4},
	{"null option without id", `{"token":"t","application_id":"%s","type":2,"data":{"name":"search","options":[null]}}`, 0},
}

func TestGatewaySurvivesMalformedEvents(t *testing.T) {
	logs, log := newLogSink()
	obs := &countingObserver{}
	fake, _ := startGateway(t, newFake(), time.Hour, Options{Logger: log, Observer: obs})
	dropped := 0
	for _, ev := range malformedEvents {
		raw := ev.raw
		if strings.Contains(raw, "%s") {
			raw = fmt.Sprintf(raw, fake.AppID())
		}
		fake.Dispatch(t, "INTERACTION_CREATE", json.RawMessage(raw))
		if ev.answer == 0 {
			dropped++
			continue
		}
		id := regexp.MustCompile(`"id":"(\d+)"`).FindStringSubmatch(raw)[1]
		cb := fake.WaitRequest(t, 5*time.Second, callbackOf(id))
		if !strings.Contains(string(cb.Body), fmt.Sprintf(`"type":%d`, ev.answer)) {
			t.Errorf("%s: want a type %d answer, got %s", ev.name, ev.answer, cb.Body)
		}
	}
	// Interactions without id or token are dropped: logged once each as a
	// warning, counted as "dropped", never answered.
	obs.wait(t, 5*time.Second, "every empty interaction dropped", func(_, h map[string]int) bool {
		n := 0
		for k, v := range h {
			if strings.HasSuffix(k, " dropped") {
				n += v
			}
		}
		return n == dropped
	})
	if n := strings.Count(logs.String(), "outcome=dropped"); n != dropped {
		t.Errorf("want one log line per dropped interaction (%d), got %d:\n%s", dropped, n, logs)
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "outcome=dropped") && !strings.Contains(line, "level=WARN") {
			t.Errorf("a dropped interaction is a warning: %s", line)
		}
	}

	// A malformed message event is survived too.
	fake.Dispatch(t, "MESSAGE_CREATE", json.RawMessage(`{"id":"1","author":"nobody","mentions":7}`))
	fake.Dispatch(t, "MESSAGE_CREATE", json.RawMessage(`null`))

	// The process is up and answers the next command.
	i, _ := ParseCommandLine("/help", SimOptions{})
	dispatch(t, fake, i, "300000000000000100")
	cb := fake.WaitRequest(t, 5*time.Second, callbackOf("300000000000000100"))
	if !strings.Contains(string(cb.Body), `"type":4`) {
		t.Errorf("/help after malformed events: %s", cb.Body)
	}
	for _, r := range fake.Requests() {
		if strings.Contains(r.Path, "/interactions//") || strings.Contains(r.Path, "300000000000000005") {
			t.Errorf("a dropped interaction was answered: %s %s", r.Method, r.Path)
		}
	}
	if spec := discordtest.SpecOrSkip(t); spec != nil {
		spec.ValidateAll(t, fake.Requests())
	}
}

func TestHTTPMalformedInteractions(t *testing.T) {
	key := newSigner(t)
	obs := &countingObserver{}
	h := NewHTTPHandler(New(newFake(), Options{Burst: 1000, Observer: obs}), HTTPOptions{PublicKey: key.pub, DeferAfter: time.Hour})
	tests := []struct {
		name string
		body string
		code int
		want string
	}{
		{"autocomplete without data", `{"id":"1","token":"t","type":4}`, 200, `"type":8`},
		{"command without data", `{"id":"2","token":"t","type":2}`, 200, `"flags":64`},
		{"button without data", `{"id":"3","token":"t","type":3}`, 200, `"flags":64`},
		{"no id", `{"token":"t","type":2,"data":{"name":"help"}}`, 400, "without id or token"},
		{"no token", `{"id":"4","type":2,"data":{"name":"help"}}`, 400, "without id or token"},
		{"data of the wrong shape", `{"id":"5","token":"t","type":2,"data":"x"}`, 200, `"flags":64`},
		{"not an interaction", `{"id":5,"token":"t","type":2}`, 400, "invalid interaction JSON"},
		{"null option", `{"id":"6","token":"t","type":2,"data":{"name":"summit","options":[null]}}`, 200, `"flags":64`},
		{"null option without id", `{"token":"t","type":2,"data":{"name":"help","options":[null]}}`, 400, "without id or token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, key.request([]byte(tt.body), time.Now()))
			if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("got %d %s, want %d with %s", w.Code, w.Body, tt.code, tt.want)
			}
		})
	}
	obs.wait(t, time.Second, "three dropped", func(_, h map[string]int) bool { return h["help dropped"] == 3 })
}

// Replies to mentions are interactions to operators: counted in the
// metrics (the rate-limit counter included), logged with the message id,
// and a panic logged with its stack.
func TestMentionBookkeeping(t *testing.T) {
	metrics := ops.NewMetrics()
	logs, log := newLogSink()
	f := newFake()
	b := New(f, Options{Burst: 1, Observer: metrics, Logger: log})
	bot := &discordgo.User{ID: "500000000000000001", Bot: true}
	user := &discordgo.User{ID: "500000000000000009", Username: "asker"}
	msg := func(id string) *discordgo.Message {
		return &discordgo.Message{ID: id, ChannelID: "7", GuildID: "8", Content: "<@500000000000000001> why did Hanoi fail?", Author: user, Mentions: []*discordgo.User{bot}}
	}
	if r := b.answerMessage(context.Background(), msg("600000000000000001"), bot.ID, ""); r == nil || len(r.Embeds) == 0 {
		t.Fatalf("the first mention is answered: %+v", r)
	}
	if r := b.answerMessage(context.Background(), msg("600000000000000002"), bot.ID, ""); r == nil || len(r.Embeds) != 0 || r.Content == "" {
		t.Fatalf("the second at once is rate limited: %+v", r)
	}
	f.panic = true
	b2 := New(f, Options{Burst: 1000, Observer: metrics, Logger: log})
	if r := b2.answerMessage(context.Background(), msg("600000000000000003"), bot.ID, ""); r == nil || len(r.Embeds) != 0 || r.Content == "" {
		t.Fatalf("a panic becomes a friendly reply: %+v", r)
	}

	w := httptest.NewRecorder()
	metrics.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(w.Body)
	for _, want := range []string{
		`summitbot_interactions_total{command="mention",outcome="ok"} 1`,
		`summitbot_interactions_total{command="mention",outcome="rate_limited"} 1`,
		`summitbot_interactions_total{command="mention",outcome="panic"} 1`,
		`summitbot_rate_limited_total 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	line := logs.wait(t, time.Second, "cmd=mention", "message=600000000000000001")
	if strings.Contains(line, "interaction=") {
		t.Errorf("a mention's log line names a message, not an interaction: %s", line)
	}
	panicked := logs.wait(t, time.Second, "cmd=mention", "outcome=panic")
	if !strings.Contains(panicked, "goroutine") || !strings.Contains(panicked, "search exploded") {
		t.Errorf("the panic of a mention is logged with its stack: %s", panicked)
	}
}

func TestGatewayLogsReconnect(t *testing.T) {
	logs, log := newLogSink()
	fake, _ := startGateway(t, newFake(), time.Hour, Options{Logger: log})
	fake.DropConnections()
	fake.WaitIdentify(t, 2, 10*time.Second)
	logs.wait(t, 10*time.Second, "gateway reconnected")
	if n := strings.Count(logs.String(), "gateway reconnected"); n != 1 {
		t.Errorf("one outage, one reconnect logged; got %d:\n%s", n, logs)
	}
}

// The disconnect and the READY that ends an outage are handled in
// goroutines of their own, in either order: each order logs the outage
// once, and a late disconnect does not start a phantom one.
func TestGatewayReconnectOrder(t *testing.T) {
	for _, readyFirst := range []bool{false, true} {
		logs, log := newLogSink()
		g := &Gateway{log: log, resp: newResponder(New(newFake(), Options{}), log, time.Hour, nil)}
		g.connected() // the first session
		g.lastReady = time.Now().Add(-time.Minute)
		if readyFirst {
			g.connected()
			g.disconnected()
		} else {
			g.disconnected()
			g.connected()
		}
		if n := strings.Count(logs.String(), "gateway reconnected"); n != 1 {
			t.Errorf("ready first %v: %d reconnect lines:\n%s", readyFirst, n, logs)
		}
		if !g.down.IsZero() {
			t.Errorf("ready first %v: an outage is still open after the reconnect", readyFirst)
		}
		if !readyFirst && !strings.Contains(logs.String(), "down=") {
			t.Errorf("the outage's length is logged: %s", logs)
		}
	}
}

// A failed reindex tells the moderator what failed, a full disk plainly,
// and the log gets the whole error; the old index serves on (the index
// package's tests prove that part).
func TestReindexFailureIsReported(t *testing.T) {
	tests := []struct {
		name          string
		err           error
		reply, logged string
	}{
		{"full disk", fmt.Errorf("build index in %q: %w (12 KiB free of 2.0 MiB): write segment: %w", "/srv/idx", syscall.ENOSPC, syscall.ENOSPC),
			"no space left on device", "12 KiB free"},
		{"panic inside the search library", errors.New("build index: panic: assignment to entry in nil map (in zapx.insertLOCKED)"),
			"The reindex failed", "assignment to entry in nil map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs, log := newLogSink()
			f := newFake()
			f.reindexErr = tt.err
			obs := &countingObserver{}
			b := New(f, Options{Logger: log, Observer: obs})
			i, err := ParseCommandLine("/summitadmin reindex", SimOptions{Admin: true})
			if err != nil {
				t.Fatal(err)
			}
			resp := b.Handle(context.Background(), i)
			if resp.Data == nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(resp.Data.Content, tt.reply) ||
				!strings.Contains(resp.Data.Content, "last good index keeps serving") || strings.Contains(resp.Data.Content, "/srv/idx") {
				t.Errorf("moderator's reply (the cause, no host paths): %+v", resp.Data)
			}
			logs.wait(t, time.Second, "level=ERROR", "reindex failed", tt.logged)
			// An error to alert on, not a user's mistake.
			obs.wait(t, time.Second, "counted as an error", func(_, h map[string]int) bool { return h["summitadmin reindex error"] == 1 })
		})
	}
}

// A network error quotes the URL, which holds the interaction's token: it
// never reaches the log.
func TestRESTLogsHoldNoToken(t *testing.T) {
	for _, u := range []string{
		"https://discord.com/api/v9/interactions/123456789012345678/aW50ZXJhY3Rpb24tdG9rZW4/callback",
		"https://discord.com/api/v9/webhooks/123456789012345678/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original",
	} {
		got := redactTokens(&url.Error{Op: "Post", URL: u, Err: timeoutErr{}})
		if strings.Contains(got, "aW50ZXJhY3Rpb24tdG9rZW4") || !strings.Contains(got, "[token]") {
			t.Errorf("logged %q", got)
		}
	}
}
