package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Limits of the HTTP interactions endpoint.
const (
	// defaultMaxBody bounds a request body; Discord's interactions are a
	// few kilobytes, with resolved data rarely over 100 KB.
	defaultMaxBody = 1 << 20
	// defaultReplayWindow is how far a request's signed timestamp may be
	// from our clock; an older request is a replay.
	defaultReplayWindow = 30 * time.Second
)

// Followup sends what comes after a deferral: the edit of the original
// response, or a private follow-up message when the original must not be
// edited (an error after a page's deferred update). The gateway mode and
// the HTTP mode share the REST client.
type Followup interface {
	InteractionResponseEdit(i *discordgo.Interaction, edit *discordgo.WebhookEdit, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	FollowupMessageCreate(i *discordgo.Interaction, wait bool, data *discordgo.WebhookParams, opts ...discordgo.RequestOption) (*discordgo.Message, error)
}

// HTTPOptions configure the HTTP interactions endpoint.
type HTTPOptions struct {
	// PublicKey is the application's public key (DISCORD_PUBLIC_KEY).
	PublicKey ed25519.PublicKey
	// Followup edits deferred responses, or follows them up, over REST.
	Followup Followup
	// MaxBody and ReplayWindow default to 1 MiB and 30 seconds.
	MaxBody      int64
	ReplayWindow time.Duration
	// DeferAfter defaults to two seconds, under Discord's three.
	DeferAfter time.Duration
	// Logger receives the endpoint's failures; nil discards.
	Logger *slog.Logger
	// Now is the clock the replay window is checked with; default time.Now.
	Now func() time.Time
}

// HTTPHandler serves Discord's POST interactions: it checks the Ed25519
// signature before anything else, answers PING with PONG and everything
// else with the same core as the gateway, deferring slow answers.
type HTTPHandler struct {
	opts HTTPOptions
	resp *responder
}

// NewHTTPHandler returns the handler for POST /interactions.
func NewHTTPHandler(b *Bot, o HTTPOptions) *HTTPHandler {
	if o.MaxBody <= 0 {
		o.MaxBody = defaultMaxBody
	}
	if o.ReplayWindow <= 0 {
		o.ReplayWindow = defaultReplayWindow
	}
	if o.DeferAfter <= 0 {
		o.DeferAfter = defaultDeferAfter
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &HTTPHandler{opts: o, resp: newResponder(b, o.Logger, o.DeferAfter, o.Followup)}
}

// ServeHTTP implements http.Handler. Nothing a request holds makes it
// panic past its own recover, which logs the stack and answers 500.
func (h *HTTPHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			h.resp.log.Error("interactions endpoint: panic", "err", panicError(p))
			httpError(w, http.StatusInternalServerError, "internal error")
		}
	}()
	body, fail := h.signedBody(w, r)
	if fail == nil {
		fail = h.serve(w, r, body)
	}
	if fail != nil {
		httpError(w, fail.code, fail.msg)
	}
}

// httpFailure is a request refused with an HTTP status.
type httpFailure struct {
	code int
	msg  string
}

// signedBody is the request's body once it is known to be Discord's: a
// POST, signed with the application's key over its timestamp and body,
// recent, and not too large. Nothing else is looked at before.
func (h *HTTPHandler) signedBody(w http.ResponseWriter, r *http.Request) ([]byte, *httpFailure) {
	badSignature := &httpFailure{http.StatusUnauthorized, "invalid request signature"}
	tooLarge := &httpFailure{http.StatusRequestEntityTooLarge, "request body too large"}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return nil, &httpFailure{http.StatusMethodNotAllowed, "method not allowed"}
	}
	sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
	ts := r.Header.Get("X-Signature-Timestamp")
	if err != nil || len(sig) != ed25519.SignatureSize || ts == "" {
		return nil, badSignature
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return nil, badSignature
	}
	if d := h.opts.Now().Sub(time.Unix(secs, 0)); d > h.opts.ReplayWindow || d < -h.opts.ReplayWindow {
		return nil, &httpFailure{http.StatusUnauthorized, "stale request timestamp"}
	}
	if r.ContentLength > h.opts.MaxBody {
		return nil, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, tooLarge
	}
	if err != nil {
		return nil, &httpFailure{http.StatusBadRequest, "unreadable body"}
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if len(h.opts.PublicKey) != ed25519.PublicKeySize || !ed25519.Verify(h.opts.PublicKey, msg, sig) {
		return nil, badSignature
	}
	return body, nil
}

// serve answers a signed request's interaction: PING with PONG, anything
// else through the responder, whose first response is the HTTP response.
func (h *HTTPHandler) serve(w http.ResponseWriter, r *http.Request, body []byte) *httpFailure {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return &httpFailure{http.StatusUnsupportedMediaType, "content type must be application/json"}
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		// discordgo keeps the envelope when only the data is undecodable:
		// answered, like the gateway's, as a malformed interaction.
		if i.ID == "" || i.Token == "" {
			return &httpFailure{http.StatusBadRequest, "invalid interaction JSON"}
		}
		h.resp.log.Warn("interaction data undecodable", "interaction", i.ID, "guild", i.GuildID, "type", int(i.Type), "err", err)
		i.Data = nil
	}
	if i.Type == discordgo.InteractionPing {
		writeResponse(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return nil
	}
	switch h.resp.serve(&i, func(resp *discordgo.InteractionResponse, _ time.Time) { writeResponse(w, resp) }) {
	case droppedEmpty:
		return &httpFailure{http.StatusBadRequest, "interaction without id or token"}
	case droppedClose:
		return &httpFailure{http.StatusServiceUnavailable, "shutting down"}
	case panicked:
		return &httpFailure{http.StatusInternalServerError, "internal error"}
	}
	return nil
}

// Shutdown stops taking interactions and waits for those in flight,
// follow-ups included, until ctx ends.
func (h *HTTPHandler) Shutdown(ctx context.Context) error { return h.resp.shutdown(ctx) }

// writeResponse writes an interaction response as JSON, or as multipart
// with payload_json when it carries files.
func writeResponse(w http.ResponseWriter, resp *discordgo.InteractionResponse) {
	if resp.Data != nil && len(resp.Data.Files) > 0 {
		ct, body, err := discordgo.MultipartBodyWithJSON(resp, resp.Data.Files)
		if err == nil {
			w.Header().Set("Content-Type", ct)
			w.Write(body)
			return
		}
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(resp); err != nil {
		httpError(w, http.StatusInternalServerError, "encode response")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}

func httpError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": msg})
}
