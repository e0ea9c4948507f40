package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// recordingTB captures failures so tests can check that helpers report
// them, without failing the real test.
type recordingTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	fatal  bool
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.mu.Lock()
	r.fatal = true
	r.mu.Unlock()
}

func (r *recordingTB) messages() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.errors, "\n")
}

type apiClient struct {
	t   *testing.T
	srv *Server
}

func (c apiClient) do(method, path, body string) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.srv.APIURL()+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if len(data) > 0 && resp.Header.Get("Content-Type") != "application/json" {
		c.t.Errorf("%s %s: Content-Type %q", method, path, resp.Header.Get("Content-Type"))
	}
	return resp.StatusCode, data
}

func (c apiClient) object(method, path, body string, wantStatus int) map[string]any {
	c.t.Helper()
	status, data := c.do(method, path, body)
	if status != wantStatus {
		c.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, status, wantStatus, data)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatalf("%s %s: %v in %s", method, path, err, data)
	}
	return m
}

func TestRESTDefaults(t *testing.T) {
	srv := NewServer(t, Options{AppID: "111", BotUserID: "222"})
	c := apiClient{t, srv}
	t.Cleanup(http.DefaultClient.CloseIdleConnections)

	if !strings.HasPrefix(srv.APIURL(), "http://127.0.0.1:") || !strings.HasSuffix(srv.APIURL(), "/api/v9") {
		t.Errorf("APIURL = %s", srv.APIURL())
	}
	if !strings.HasPrefix(srv.GatewayURL(), "ws://127.0.0.1:") || !strings.HasSuffix(srv.GatewayURL(), "/gateway") {
		t.Errorf("GatewayURL = %s", srv.GatewayURL())
	}

	for _, p := range []string{"/gateway", "/gateway/bot"} {
		g := c.object("GET", p, "", 200)
		if g["url"] != srv.GatewayURL() || g["shards"] != 1.0 {
			t.Errorf("GET %s = %v", p, g)
		}
	}
	for _, p := range []string{"/oauth2/applications/@me", "/applications/@me"} {
		if a := c.object("GET", p, "", 200); a["id"] != "111" || a["bot_public"] != true {
			t.Errorf("GET %s = %v", p, a)
		}
	}
	if u := c.object("GET", "/users/@me", "", 200); u["id"] != "222" || u["bot"] != true {
		t.Errorf("GET /users/@me = %v", u)
	}

	// Command registration echoes with ids; re-registering keeps them.
	for _, p := range []string{"/applications/111/commands", "/applications/111/guilds/42/commands"} {
		status, data := c.do("PUT", p, `[{"name":"ping","description":"Ping"},{"name":"help","description":"Help","type":1}]`)
		var cmds []map[string]any
		if err := json.Unmarshal(data, &cmds); status != 200 || err != nil || len(cmds) != 2 {
			t.Fatalf("PUT %s: %d %s", p, status, data)
		}
		for _, cmd := range cmds {
			if cmd["id"] == "" || cmd["application_id"] != "111" || cmd["version"] == nil || cmd["type"] != 1.0 {
				t.Errorf("PUT %s returned %v", p, cmd)
			}
		}
		if strings.Contains(p, "guilds") && cmds[0]["guild_id"] != "42" {
			t.Errorf("guild command without guild_id: %v", cmds[0])
		}
		_, again := c.do("PUT", p, `[{"name":"ping","description":"Ping v2"}]`)
		var cmds2 []map[string]any
		_ = json.Unmarshal(again, &cmds2)
		if len(cmds2) != 1 || cmds2[0]["id"] != cmds[0]["id"] {
			t.Errorf("re-PUT changed the id: %v then %v", cmds[0], cmds2)
		}
		_, list := c.do("GET", p, "")
		if !bytes.Contains(list, []byte("Ping v2")) || bytes.Contains(list, []byte("help")) {
			t.Errorf("GET %s = %s", p, list)
		}
	}
	if e := c.object("PUT", "/applications/999/commands", `[]`, 403); e["code"] != 20012.0 {
		t.Errorf("wrong application: %v", e)
	}
	if status, data := c.do("PUT", "/applications/111/commands", `{"not":"an array"}`); status != 400 {
		t.Errorf("PUT with object body: %d %s", status, data)
	}

	// Interaction flow.
	if status, data := c.do("POST", "/interactions/9/tok/callback", `{"type":4,"data":{"content":"hi"}}`); status != 204 || len(data) != 0 {
		t.Errorf("callback: %d %q", status, data)
	}
	if m := c.object("GET", "/webhooks/111/tok/messages/@original", "", 200); m["content"] != "hi" {
		t.Errorf("original after callback = %v", m)
	}
	m := c.object("PATCH", "/webhooks/111/tok/messages/@original", `{"content":"edited","embeds":[{"title":"T"}],"components":[]}`, 200)
	if m["content"] != "edited" || m["id"] == "" || m["channel_id"] != defaultChannelID || len(m["embeds"].([]any)) != 1 {
		t.Errorf("PATCH @original = %v", m)
	}
	if m := c.object("PATCH", "/webhooks/111/tok/messages/555", `{"content":"x"}`, 200); m["id"] != "555" {
		t.Errorf("PATCH message 555 = %v", m)
	}
	if m := c.object("POST", "/webhooks/111/tok", `{"content":"follow-up"}`, 200); m["content"] != "follow-up" {
		t.Errorf("follow-up = %v", m)
	}
	if m := c.object("POST", "/channels/77/messages", `{"content":"hello"}`, 200); m["content"] != "hello" || m["channel_id"] != "77" {
		t.Errorf("channel message = %v", m)
	}

	// Unknown paths and methods.
	if e := c.object("GET", "/nope", "", 404); e["message"] != "404: Not Found" || e["code"] != 0.0 {
		t.Errorf("404 body = %v", e)
	}
	if status, _ := c.do("DELETE", "/gateway", ""); status != 405 {
		t.Errorf("DELETE /gateway: %d, want 405", status)
	}
	resp, err := http.Get(strings.TrimSuffix(srv.APIURL(), "/api/v9") + "/elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("non-API path: %d", resp.StatusCode)
	}

	// Everything was recorded, in order, with bodies.
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	if last.Method != "GET" || last.Path != "/elsewhere" {
		t.Errorf("last request = %s %s", last.Method, last.Path)
	}
	cb := srv.WaitRequest(t, time.Second, func(r Request) bool { return strings.HasSuffix(r.Path, "/callback") })
	if cb.Path != "/interactions/9/tok/callback" || string(cb.Body) != `{"type":4,"data":{"content":"hi"}}` || cb.Header.Get("Content-Type") != "application/json" {
		t.Errorf("recorded callback = %+v", cb)
	}
	// Requests returns copies.
	reqs[0].Body = nil
	reqs[0].Header.Set("X-Mutated", "1")
	if again := srv.Requests(); again[0].Header.Get("X-Mutated") != "" {
		t.Error("Requests exposed internal state")
	}
}

func TestSetResponder(t *testing.T) {
	srv := NewServer(t, Options{})
	c := apiClient{t, srv}
	t.Cleanup(http.DefaultClient.CloseIdleConnections)
	calls := 0
	srv.SetResponder(func(r Request) (int, any, bool) {
		if r.Path != "/users/@me" {
			return 0, nil, false
		}
		calls++
		if calls == 1 {
			return 429, map[string]any{"message": "You are being rate limited.", "retry_after": 0.01, "global": false}, true
		}
		return 502, json.RawMessage(`{"message":"bad gateway"}`), true
	})
	if e := c.object("GET", "/users/@me", "", 429); e["retry_after"] != 0.01 {
		t.Errorf("429 body = %v", e)
	}
	if e := c.object("GET", "/users/@me", "", 502); e["message"] != "bad gateway" {
		t.Errorf("502 body = %v", e)
	}
	// Unhandled requests fall through to the defaults.
	c.object("GET", "/applications/@me", "", 200)
	srv.SetResponder(nil)
	c.object("GET", "/users/@me", "", 200)
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("recorded %d requests, want 4 (overridden ones too)", n)
	}
}

func TestWaitTimeoutsFailTheTest(t *testing.T) {
	srv := NewServer(t, Options{})
	rec := &recordingTB{TB: t}
	// Both return (the test would hang otherwise) and record a fatal failure.
	srv.WaitRequest(rec, 50*time.Millisecond, func(Request) bool { return true })
	srv.WaitIdentify(rec, 1, 50*time.Millisecond)
	if msg := rec.messages(); !rec.fatal || !strings.Contains(msg, "no matching REST request") || !strings.Contains(msg, "IDENTIFY") {
		t.Errorf("recorded failures: %q", msg)
	}
	rec2 := &recordingTB{TB: t}
	srv.Dispatch(rec2, "MESSAGE_CREATE", map[string]any{})
	if !strings.Contains(rec2.messages(), "reached no identified gateway session") {
		t.Errorf("Dispatch without sessions reported %q", rec2.messages())
	}
}

// gatewayClient is a raw websocket client for protocol-level checks.
type gatewayClient struct {
	t  *testing.T
	ws *websocket.Conn
}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  int64           `json:"s"`
	T  string          `json:"t"`
}

func dialGateway(t *testing.T, srv *Server) *gatewayClient {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(srv.GatewayURL()+"/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return &gatewayClient{t, ws}
}

func (g *gatewayClient) send(v string) {
	g.t.Helper()
	if err := g.ws.WriteMessage(websocket.TextMessage, []byte(v)); err != nil {
		g.t.Fatal(err)
	}
}

func (g *gatewayClient) read() frame {
	g.t.Helper()
	_ = g.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	mt, data, err := g.ws.ReadMessage()
	if err != nil {
		g.t.Fatal(err)
	}
	if mt != websocket.TextMessage {
		g.t.Fatalf("frame type %d, want text (uncompressed)", mt)
	}
	var f frame
	if err := json.Unmarshal(data, &f); err != nil {
		g.t.Fatalf("%v in %s", err, data)
	}
	return f
}

func TestGatewayProtocol(t *testing.T) {
	srv := NewServer(t, Options{AppID: "111", HeartbeatInterval: 1500 * time.Millisecond})
	g := dialGateway(t, srv)

	hello := g.read()
	if hello.Op != 10 || string(hello.D) != `{"heartbeat_interval":1500}` {
		t.Fatalf("HELLO = %+v %s", hello, hello.D)
	}
	g.send(`{"op":1,"d":null}`)
	if ack := g.read(); ack.Op != 11 {
		t.Fatalf("heartbeat answered with %+v", ack)
	}

	g.send(`{"op":2,"d":{"token":"Bot x","intents":1,"properties":{},"shard":[1,2]}}`)
	ready := g.read()
	var rd struct {
		V         int    `json:"v"`
		SessionID string `json:"session_id"`
		Resume    string `json:"resume_gateway_url"`
		User      struct {
			ID  string `json:"id"`
			Bot bool   `json:"bot"`
		} `json:"user"`
		Application struct {
			ID string `json:"id"`
		} `json:"application"`
		Shard [2]int `json:"shard"`
	}
	if err := json.Unmarshal(ready.D, &rd); err != nil {
		t.Fatal(err)
	}
	if ready.Op != 0 || ready.T != "READY" || ready.S != 1 || rd.V != 9 || rd.SessionID != "session-1" ||
		rd.Resume != srv.GatewayURL() || rd.User.ID != "111" || !rd.User.Bot || rd.Application.ID != "111" || rd.Shard != [2]int{1, 2} {
		t.Fatalf("READY = %+v %+v", ready, rd)
	}
	srv.WaitIdentify(t, 1, time.Second)
	if ids := srv.Identifies(); !strings.Contains(string(ids[0]), `"token":"Bot x"`) {
		t.Errorf("Identifies = %s", ids)
	}

	srv.Dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "1"})
	srv.Dispatch(t, "GUILD_CREATE", json.RawMessage(`{"id":"2"}`))
	for i, want := range []struct {
		t string
		s int64
		d string
	}{{"MESSAGE_CREATE", 2, `{"id":"1"}`}, {"GUILD_CREATE", 3, `{"id":"2"}`}} {
		f := g.read()
		if f.Op != 0 || f.T != want.t || f.S != want.s || string(f.D) != want.d {
			t.Errorf("dispatch %d = %+v %s", i, f, f.D)
		}
	}

	// A resume is refused with a non-resumable INVALID_SESSION.
	g.send(`{"op":6,"d":{"token":"Bot x","session_id":"session-1","seq":3}}`)
	if inv := g.read(); inv.Op != 9 || string(inv.D) != "false" {
		t.Errorf("RESUME answered with %+v %s", inv, inv.D)
	}

	// A second client; DropConnections kills both without a close frame.
	g2 := dialGateway(t, srv)
	g2.read() // HELLO
	srv.DropConnections()
	for _, c := range []*gatewayClient{g, g2} {
		_ = c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, _, err := c.ws.ReadMessage()
		if err == nil {
			t.Fatal("connection still open after DropConnections")
		}
		if websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway) {
			t.Errorf("got a clean close %v, want an abrupt one", err)
		}
	}

	// Garbage is answered with close code 4002 like Discord's decode error.
	g3 := dialGateway(t, srv)
	g3.read()
	g3.send(`not json`)
	_ = g3.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := g3.ws.ReadMessage(); !websocket.IsCloseError(err, 4002) {
		t.Errorf("after garbage: %v, want close 4002", err)
	}
}

// Channels the bot user cannot reach answer 403 Missing Access (50001), as
// on Discord: learnt from the INTERACTION_CREATE that named them; every
// other channel, and the interaction's own endpoints, keep answering.
func TestChannelsOutOfReach(t *testing.T) {
	srv := NewServer(t, Options{AppID: "111", Guilds: []string{"500"}})
	g := dialGateway(t, srv)
	g.read() // HELLO
	g.send(`{"op":2,"d":{"token":"Bot x","intents":1,"properties":{}}}`)
	if ready := g.read(); !strings.Contains(string(ready.D), `"guilds":[{"id":"500","unavailable":true}]`) {
		t.Errorf("READY lists the bot's guilds: %s", ready.D)
	}
	srv.WaitIdentify(t, 1, time.Second)
	tests := []struct {
		name, interaction string
		channel           string
		reach             bool
	}{
		{"server that installed the bot", `{"id":"1","token":"a","type":2,"guild_id":"500","channel_id":"10","context":0,"authorizing_integration_owners":{"0":"500"}}`, "10", true},
		{"bot DM", `{"id":"2","token":"b","type":2,"channel_id":"20","context":1,"authorizing_integration_owners":{"0":"0","1":"7"}}`, "20", true},
		{"group DM", `{"id":"3","token":"c","type":2,"channel_id":"30","context":2,"authorizing_integration_owners":{"1":"7"}}`, "30", false},
		{"user install in a server without the bot", `{"id":"4","token":"d","type":2,"guild_id":"600","channel_id":"40","context":0,"authorizing_integration_owners":{"1":"7"}}`, "40", false},
		{"a server the bot has not joined", `{"id":"5","token":"e","type":2,"guild_id":"700","channel_id":"50","context":0}`, "50", false},
		{"a channel no interaction named", "", "60", true},
	}
	c := apiClient{t, srv}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.interaction != "" {
				srv.Dispatch(t, "INTERACTION_CREATE", json.RawMessage(tt.interaction))
				g.read() // delivered: the fake has learnt the channel
			}
			status, body := c.do("POST", "/channels/"+tt.channel+"/messages", `{"content":"hi"}`)
			if tt.reach != (status == http.StatusOK) || srv.OutOfReach(tt.channel) == tt.reach {
				t.Errorf("POST /channels/%s/messages: %d %s; want reachable %v", tt.channel, status, body, tt.reach)
			}
			if !tt.reach && (status != http.StatusForbidden || !strings.Contains(string(body), `"code":50001`)) {
				t.Errorf("want 403 Missing Access (50001), got %d %s", status, body)
			}
		})
	}
	// Without Options.Guilds the install owners alone tell: no server
	// install among them, no bot in the server.
	bare := NewServer(t, Options{})
	gb := dialGateway(t, bare)
	gb.read()
	gb.send(`{"op":2,"d":{"token":"Bot x","intents":1,"properties":{}}}`)
	gb.read()
	bare.WaitIdentify(t, 1, time.Second)
	bare.Dispatch(t, "INTERACTION_CREATE", json.RawMessage(`{"id":"6","token":"f","type":2,"guild_id":"600","channel_id":"70","context":0,"authorizing_integration_owners":{"1":"7"}}`))
	bare.Dispatch(t, "INTERACTION_CREATE", json.RawMessage(`{"id":"7","token":"g","type":2,"guild_id":"601","channel_id":"71","context":0,"authorizing_integration_owners":{"0":"601","1":"7"}}`))
	if !bare.OutOfReach("70") || bare.OutOfReach("71") {
		t.Errorf("by the owners alone: channel 70 out of reach %v (want true), 71 %v (want false)", bare.OutOfReach("70"), bare.OutOfReach("71"))
	}

	// The interaction's callback works wherever it came from.
	if status, body := c.do("POST", "/interactions/3/c/callback", `{"type":4,"data":{"content":"hi"}}`); status != http.StatusNoContent {
		t.Errorf("callback from a group DM: %d %s", status, body)
	}
}
