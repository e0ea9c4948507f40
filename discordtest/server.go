package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// defaultAppID is the application ID the fake uses when Options.AppID is
// empty. It is a syntactically valid snowflake so it passes spec validation.
const defaultAppID = "100000000000000001"

// defaultChannelID is the channel_id the fake reports for messages created
// through an interaction's webhook when it did not see the interaction's
// channel (it learns it from INTERACTION_CREATE dispatches).
const defaultChannelID = "300000000000000001"

// Options configures a fake Discord. The zero value is ready to use.
type Options struct {
	// AppID is the application ID (READY's application.id, the id of
	// GET /applications/@me, and the only {application_id} the command
	// endpoints accept). Default defaultAppID.
	AppID string
	// BotUserID is the bot user's ID (READY's user.id, GET /users/@me).
	// Default: the same as AppID, as on real Discord for bots.
	BotUserID string
	// HeartbeatInterval is sent in HELLO. Default 45s, like Discord; tests
	// of heartbeat handling can make it short.
	HeartbeatInterval time.Duration
	// Guilds are the guilds the bot user is a member of, sent in READY as
	// unavailable guilds. When set, a channel of any other guild that an
	// INTERACTION_CREATE names is out of the bot's reach (see Server).
	Guilds []string
}

// Request is one REST request the fake received.
type Request struct {
	// Method is the HTTP method, e.g. "POST".
	Method string
	// Path is relative to the API base and URL-decoded, e.g.
	// "/applications/1/commands", "/interactions/9/tok/callback",
	// "/webhooks/1/tok/messages/@original". Requests outside the API base
	// (which get a 404) keep their full path.
	Path string
	// Query holds the parsed query string.
	Query url.Values
	// Header holds the request headers (Authorization, Content-Type, ...).
	Header http.Header
	// Body is the raw request body; for multipart requests (file uploads)
	// it is the whole multipart body.
	Body []byte
}

// clone deep-copies r so callers can neither race with nor corrupt the
// recorded history.
func (r Request) clone() Request {
	r.Query = cloneValues(r.Query)
	r.Header = r.Header.Clone()
	if r.Body != nil {
		r.Body = append([]byte(nil), r.Body...)
	}
	return r
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Server is a fake Discord REST API and gateway listening on 127.0.0.1.
// Create it with NewServer; all methods are safe for concurrent use.
type Server struct {
	opts     Options
	hs       *httptest.Server
	upgrader websocket.Upgrader
	routes   []route
	ids      atomic.Uint64 // source of fresh snowflakes
	gwWG     sync.WaitGroup

	mu         sync.Mutex
	changed    chan struct{} // closed (and replaced) whenever requests or identifies grow
	closed     bool
	requests   []Request
	identifies []json.RawMessage
	sessions   int // READYs sent so far, for unique session ids
	resumes    int // RESUMEs received (answered with INVALID_SESSION)
	conns      map[*gatewayConn]struct{}
	responder  func(Request) (status int, body any, handled bool)
	commands   map[string][]map[string]any // scope ("global" or guild id) → registered commands
	originals  map[string]map[string]any   // interaction token → original response message
	channels   map[string]string           // interaction token → channel id seen in INTERACTION_CREATE
	outOfReach map[string]bool             // channel ids the bot user cannot see (403 Missing Access)
}

// NewServer starts a fake Discord on 127.0.0.1. t.Cleanup closes every
// gateway websocket and the HTTP server. Close any discordgo session before
// the test returns (a deferred session.Close() in the test body runs before
// cleanups): a session with ShouldReconnectOnError would otherwise keep
// redialling the closed server forever.
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.AppID == "" {
		opts.AppID = defaultAppID
	}
	if opts.BotUserID == "" {
		opts.BotUserID = opts.AppID
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = 45 * time.Second
	}
	s := &Server{
		opts: opts,
		upgrader: websocket.Upgrader{
			// Test clients are trusted; discordgo sends no Origin anyway.
			CheckOrigin: func(*http.Request) bool { return true },
		},
		changed:    make(chan struct{}),
		conns:      make(map[*gatewayConn]struct{}),
		commands:   make(map[string][]map[string]any),
		originals:  make(map[string]map[string]any),
		channels:   make(map[string]string),
		outOfReach: make(map[string]bool),
	}
	s.ids.Store(900000000000000000)
	s.routes = s.defaultRoutes()
	s.hs = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(s.close)
	return s
}

// APIURL is the REST base that replaces "https://discord.com/api/v9",
// e.g. "http://127.0.0.1:PORT/api/v9" (no trailing slash).
func (s *Server) APIURL() string { return s.hs.URL + "/api/v9" }

// GatewayURL is the websocket URL the fake advertises in GET /gateway,
// e.g. "ws://127.0.0.1:PORT/gateway".
func (s *Server) GatewayURL() string { return "ws://" + s.hs.Listener.Addr().String() + "/gateway" }

// AppID is the application ID the fake uses (Options.AppID or its default).
func (s *Server) AppID() string { return s.opts.AppID }

// BotUserID is the bot user's ID the fake uses (Options.BotUserID or its
// default).
func (s *Server) BotUserID() string { return s.opts.BotUserID }

// Requests returns a copy of every REST request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = r.clone()
	}
	return out
}

// Identifies returns a copy of the "d" payload of every IDENTIFY received so
// far, in order.
func (s *Server) Identifies() []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]json.RawMessage, len(s.identifies))
	for i, id := range s.identifies {
		out[i] = append(json.RawMessage(nil), id...)
	}
	return out
}

// SetResponder installs fn as an override consulted before the default REST
// handlers (after the request was recorded). If fn returns handled=false the
// defaults answer. The body is written verbatim when it is a []byte or
// json.RawMessage, not at all when nil, and JSON-encoded otherwise. Use it
// to make REST misbehave, e.g. a 429 with
// {"message":"You are being rate limited.","retry_after":0.01,"global":false}.
// SetResponder(nil) removes the override.
func (s *Server) SetResponder(fn func(Request) (status int, body any, handled bool)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.responder = fn
}

// WaitRequest returns the first recorded request (even one received before
// the call) for which match returns true, waiting up to timeout for it to
// arrive. On timeout it fails the test with a list of what was received, so
// like t.Fatal it must be called from the test's goroutine.
func (s *Server) WaitRequest(t testing.TB, timeout time.Duration, match func(Request) bool) Request {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	seen := 0
	for {
		s.mu.Lock()
		fresh := make([]Request, 0, len(s.requests)-seen)
		for _, r := range s.requests[seen:] {
			fresh = append(fresh, r.clone())
		}
		seen = len(s.requests)
		ch := s.changed
		s.mu.Unlock()
		// match runs unlocked so it may call back into the Server.
		for _, r := range fresh {
			if match(r) {
				return r
			}
		}
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("discordtest: no matching REST request within %v; received:\n%s", timeout, s.requestSummary())
			return Request{}
		}
	}
}

func (s *Server) requestSummary() string {
	reqs := s.Requests()
	if len(reqs) == 0 {
		return "\t(none)"
	}
	var b strings.Builder
	for i, r := range reqs {
		fmt.Fprintf(&b, "\t#%d %s %s", i, r.Method, r.Path)
		if len(r.Body) > 0 {
			fmt.Fprintf(&b, " %s", truncate(string(r.Body), 200))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// WaitIdentify waits until n IDENTIFY payloads were received in total (over
// all connections, since the server started) and fails the test on timeout.
// When it returns, the n-th session has already been sent READY, so a
// following Dispatch reaches it. Call it from the test's goroutine.
func (s *Server) WaitIdentify(t testing.TB, n int, timeout time.Duration) {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		got := len(s.identifies)
		ch := s.changed
		s.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("discordtest: got %d IDENTIFY payloads within %v, want %d", got, timeout, n)
			return
		}
	}
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) close() {
	s.mu.Lock()
	s.closed = true
	conns := s.connsLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	// Hijacked (websocket) connections are not tracked by httptest, so wait
	// for their handlers ourselves to leave no goroutines behind.
	s.hs.Close()
	s.gwWG.Wait()
}

func (s *Server) connsLocked() []*gatewayConn {
	out := make([]*gatewayConn, 0, len(s.conns))
	for c := range s.conns {
		out = append(out, c)
	}
	return out
}

// newID returns a fresh, increasing snowflake.
func (s *Server) newID() string {
	return strconv.FormatUint(s.ids.Add(1), 10)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	// discordgo appends a slash to the gateway URL before adding the query.
	if r.URL.Path == "/gateway" || r.URL.Path == "/gateway/" {
		s.serveGateway(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError("400: Bad Request", 0))
		return
	}
	rel, inAPI := apiPath(r.URL.Path)
	req := Request{
		Method: r.Method,
		Path:   rel,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Body:   body,
	}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.notifyLocked()
	responder := s.responder
	s.mu.Unlock()

	if !inAPI {
		writeJSON(w, http.StatusNotFound, apiError("404: Not Found", 0))
		return
	}
	if responder != nil {
		if status, body, handled := responder(req.clone()); handled {
			writeJSON(w, status, body)
			return
		}
	}
	if s.missingAccess(req.Path) {
		writeJSON(w, http.StatusForbidden, apiError("Missing Access", 50001))
		return
	}
	status, resp := s.route(req)
	writeJSON(w, status, resp)
}

// missingAccess reports whether path is a channel's endpoint
// (/channels/{id}/...) for a channel out of the bot user's reach.
func (s *Server) missingAccess(path string) bool {
	segs := splitPath(path)
	if len(segs) < 2 || segs[0] != "channels" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.outOfReach[segs[1]]
}

// OutOfReach reports whether the bot user cannot reach the channel, as
// learnt from the INTERACTION_CREATE dispatches that named it.
func (s *Server) OutOfReach(channelID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.outOfReach[channelID]
}

// apiPath strips the "/api/v{N}" prefix; ok is false for paths outside it.
func apiPath(p string) (rel string, ok bool) {
	rest, found := strings.CutPrefix(p, "/api/v")
	if !found {
		return p, false
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	if i == 0 || (i < len(rest) && rest[i] != '/') {
		return p, false
	}
	rel = rest[i:]
	if rel == "" {
		rel = "/"
	}
	return rel, true
}

// writeJSON writes body as described on SetResponder.
func writeJSON(w http.ResponseWriter, status int, body any) {
	var data []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		data = b
	case json.RawMessage:
		data = b
	default:
		var err error
		if data, err = json.Marshal(b); err != nil {
			status = http.StatusInternalServerError
			data, _ = json.Marshal(apiError("discordtest: cannot encode response: "+err.Error(), 0))
		}
	}
	if data != nil {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	if data != nil && status != http.StatusNoContent {
		_, _ = w.Write(data)
	}
}

func apiError(msg string, code int) map[string]any {
	return map[string]any{"message": msg, "code": code}
}

// JSON is the request's JSON document: the body itself, or the
// payload_json part of a multipart upload (how discordgo sends files).
func (r Request) JSON() []byte { return jsonPayload(r) }

// Answer is what a bot answered to one interaction, whether at once or
// after deferring it: how long an answer takes is the bot's business.
type Answer struct {
	// Type is the callback's type, or for a deferral the type it stands
	// for: 4 (a message) after a type 5, 7 (an update) after a type 6.
	Type int
	// Deferred says the first callback was a deferral.
	Deferred bool
	// Data is the message: the callback's data, or after a deferral the
	// edit of @original.
	Data json.RawMessage
	// Carrier is the request that carried Data (the callback, or the edit).
	Carrier Request
}

// WaitAnswer waits up to timeout for the answer to the interaction with
// this id and token, following a deferral to the edit of @original.
func (s *Server) WaitAnswer(t testing.TB, timeout time.Duration, id, token string) Answer {
	t.Helper()
	deadline := time.Now().Add(timeout)
	cb := s.WaitRequest(t, timeout, func(r Request) bool {
		return r.Method == http.MethodPost && r.Path == "/interactions/"+id+"/"+token+"/callback"
	})
	var first struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(cb.JSON(), &first); err != nil {
		t.Fatalf("discordtest: callback of interaction %s: %v: %s", id, err, cb.Body)
	}
	a := Answer{Type: first.Type, Data: first.Data, Carrier: cb}
	if first.Type != 5 && first.Type != 6 {
		return a
	}
	a.Deferred, a.Type = true, map[int]int{5: 4, 6: 7}[first.Type]
	a.Carrier = s.WaitRequest(t, time.Until(deadline), func(r Request) bool {
		return r.Method == http.MethodPatch && strings.HasSuffix(r.Path, "/"+token+"/messages/@original")
	})
	a.Data = a.Carrier.JSON()
	return a
}
