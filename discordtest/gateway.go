package discordtest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway opcodes the fake speaks.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

// writeTimeout bounds every websocket write so a stuck client cannot wedge
// Dispatch or the server's cleanup.
const writeTimeout = 5 * time.Second

// gatewayPayload is the gateway's envelope. D is omitted only when nil, so
// INVALID_SESSION's "d":false is still sent.
type gatewayPayload struct {
	Op int    `json:"op"`
	D  any    `json:"d,omitempty"`
	S  *int64 `json:"s,omitempty"`
	T  string `json:"t,omitempty"`
}

// gatewayConn is one websocket client.
type gatewayConn struct {
	ws *websocket.Conn

	// wmu serialises writes (gorilla allows one writer at a time) and guards
	// seq and identified, so a dispatch can never overtake READY.
	wmu        sync.Mutex
	seq        int64
	identified bool
}

// write sends one frame as plain text JSON (never zlib, whatever the client
// asked for); the caller holds the write lock.
func (c *gatewayConn) write(p gatewayPayload) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

func (c *gatewayConn) send(p gatewayPayload) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.write(p)
}

// serveGateway runs one gateway connection: HELLO, then an answer to each
// frame the client sends, until either side hangs up.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if !s.enterGateway(w) {
		return
	}
	defer s.gwWG.Done()
	c := s.accept(w, r)
	if c == nil {
		return
	}
	defer s.hangUp(c)

	// At least 1ms: discordgo builds a time.Ticker from it, which panics on 0.
	hello := map[string]any{"heartbeat_interval": max(1, s.opts.HeartbeatInterval.Milliseconds())}
	if c.send(gatewayPayload{Op: opHello, D: hello}) != nil {
		return
	}
	for {
		op, d, ok := c.read()
		if !ok || s.answer(c, op, d) != nil {
			return
		}
	}
}

// enterGateway counts a connection in, so that Close waits for it, unless
// the server is closed, when it answers 503 and returns false.
func (s *Server) enterGateway(w http.ResponseWriter) bool {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return false
	}
	s.gwWG.Add(1)
	s.mu.Unlock()
	return true
}

// accept upgrades the request to a websocket and registers it, so that
// Dispatch and DropConnections reach it; nil when the upgrade fails (it has
// already answered with an HTTP error) or the server closed meanwhile.
func (s *Server) accept(w http.ResponseWriter, r *http.Request) *gatewayConn {
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return nil
	}
	c := &gatewayConn{ws: ws}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return nil
	}
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	return c
}

// hangUp forgets the connection and closes its websocket.
func (s *Server) hangUp(c *gatewayConn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.ws.Close()
}

// read waits for the client's next frame and returns its opcode and data;
// ok is false when the socket is gone or the frame is not JSON, which,
// like Discord, closes the socket with code 4002 "Decode error".
func (c *gatewayConn) read() (op int, d json.RawMessage, ok bool) {
	_, msg, err := c.ws.ReadMessage()
	if err != nil {
		return 0, nil, false
	}
	var p struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if json.Unmarshal(msg, &p) != nil {
		// WriteControl may run concurrently with other writers.
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4002, "Decode error"), time.Now().Add(writeTimeout))
		return 0, nil, false
	}
	return p.Op, p.D, true
}

// answer answers one frame from the client: HEARTBEAT with its ACK,
// IDENTIFY with READY, RESUME with INVALID_SESSION; other opcodes are
// ignored. An error means the connection is done for.
func (s *Server) answer(c *gatewayConn, op int, d json.RawMessage) error {
	switch op {
	case opHeartbeat:
		return c.send(gatewayPayload{Op: opHeartbeatACK})
	case opIdentify:
		return s.identify(c, d)
	case opResume:
		s.mu.Lock()
		s.resumes++
		s.mu.Unlock()
		// The fake keeps no session history, so every resume fails;
		// d=false tells the client to IDENTIFY again on this socket
		// (discordgo v0.29 does exactly that on op 9).
		return c.send(gatewayPayload{Op: opInvalidSession, D: false})
	}
	return nil
}

// identify answers IDENTIFY with READY and only then records the payload,
// so that once WaitIdentify sees it, Dispatch is guaranteed to reach the
// session.
func (s *Server) identify(c *gatewayConn, d json.RawMessage) error {
	var id struct {
		Shard *[2]int `json:"shard"`
	}
	_ = json.Unmarshal(d, &id) // a malformed identify still gets READY; tests inspect Identifies()
	shard := [2]int{0, 1}
	if id.Shard != nil {
		shard = *id.Shard
	}
	s.mu.Lock()
	s.sessions++
	sessionID := "session-" + strconv.Itoa(s.sessions)
	s.mu.Unlock()

	ready := map[string]any{
		"v":                  9,
		"user":               s.botUser(),
		"session_id":         sessionID,
		"resume_gateway_url": s.GatewayURL(),
		"application":        map[string]any{"id": s.opts.AppID, "flags": 0},
		"guilds":             s.readyGuilds(),
		"private_channels":   []any{},
		"shard":              shard,
	}
	c.wmu.Lock()
	c.seq = 1
	seq := c.seq
	err := c.write(gatewayPayload{Op: opDispatch, T: "READY", S: &seq, D: ready})
	c.identified = err == nil
	c.wmu.Unlock()

	s.mu.Lock()
	s.identifies = append(s.identifies, append(json.RawMessage(nil), d...))
	s.notifyLocked()
	s.mu.Unlock()
	return err
}

// Dispatch sends a dispatch (op 0, t=event, s=the connection's next
// sequence number, d=data) to every connected, identified session. data is
// JSON-encoded; a json.RawMessage is sent as is. Because a dispatch that
// reaches nobody is almost always a synchronisation bug in the test (wait
// with WaitIdentify first), that case is reported with t.Errorf.
func (s *Server) Dispatch(t testing.TB, event string, data any) {
	t.Helper()
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatalf("discordtest: Dispatch(%s): encoding data: %v", event, err)
		return
	}
	if event == "INTERACTION_CREATE" {
		s.rememberInteractionChannel(raw)
	}
	s.mu.Lock()
	conns := s.connsLocked()
	s.mu.Unlock()
	sent := 0
	for _, c := range conns {
		c.wmu.Lock()
		if c.identified {
			c.seq++
			seq := c.seq
			if c.write(gatewayPayload{Op: opDispatch, T: event, S: &seq, D: json.RawMessage(raw)}) == nil {
				sent++
			}
		}
		c.wmu.Unlock()
	}
	if sent == 0 {
		t.Errorf("discordtest: Dispatch(%s) reached no identified gateway session (%d connected)", event, len(conns))
	}
}

// readyGuilds are Options.Guilds as READY lists them.
func (s *Server) readyGuilds() []any {
	out := []any{}
	for _, g := range s.opts.Guilds {
		out = append(out, map[string]any{"id": g, "unavailable": true})
	}
	return out
}

// rememberInteractionChannel lets webhook messages for this interaction's
// token report the right channel_id, and learns whether the bot user can
// reach that channel at all.
func (s *Server) rememberInteractionChannel(raw []byte) {
	var in struct {
		Token     string `json:"token"`
		ChannelID string `json:"channel_id"`
		Channel   struct {
			ID string `json:"id"`
		} `json:"channel"`
		GuildID string            `json:"guild_id"`
		Context *int              `json:"context"`
		Owners  map[string]string `json:"authorizing_integration_owners"`
	}
	if json.Unmarshal(raw, &in) != nil || in.Token == "" {
		return
	}
	ch := in.ChannelID
	if ch == "" {
		ch = in.Channel.ID
	}
	if ch == "" {
		return
	}
	s.mu.Lock()
	s.channels[in.Token] = ch
	if s.unreachable(in.GuildID, in.Context, in.Owners) {
		s.outOfReach[ch] = true
	}
	s.mu.Unlock()
}

// unreachable says, as Discord would, whether the bot user is out of an
// interaction's channel: a private channel (context 2: a DM or group DM
// between users, of which the bot is no recipient), or a server's channel
// where the application is not installed to the server (no "0" among
// authorizing_integration_owners: installed to the user alone) or, with
// Options.Guilds set, whose server the bot has not joined.
func (s *Server) unreachable(guildID string, context *int, owners map[string]string) bool {
	if context != nil && *context == 2 {
		return true
	}
	if guildID == "" {
		return false
	}
	if _, installed := owners["0"]; len(owners) > 0 && !installed {
		return true
	}
	return s.opts.Guilds != nil && !slices.Contains(s.opts.Guilds, guildID)
}

// DropConnections closes every gateway websocket abruptly (no close frame),
// as a network failure would, to exercise the client's reconnect logic.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := s.connsLocked()
	// Forget them now so a Dispatch issued before the handlers notice
	// cannot count a dead socket as delivered.
	for _, c := range conns {
		delete(s.conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
}

func (s *Server) botUser() map[string]any {
	return map[string]any{
		"id":            s.opts.BotUserID,
		"username":      "summitbot",
		"discriminator": "0",
		"global_name":   nil,
		"avatar":        nil,
		"bot":           true,
		"flags":         0,
	}
}
