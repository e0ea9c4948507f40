package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/discordtest"
)

// signer signs requests as Discord does: Ed25519 over timestamp + body.
type signer struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
}

func newSigner(t testing.TB) signer {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return signer{pub, priv}
}

func (s signer) request(body []byte, ts time.Time) *http.Request {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(s.priv, append([]byte(stamp), body...))))
	return r
}

// countingSearcher counts searches, to prove rejected requests do nothing.
type countingSearcher struct {
	*fakeSearcher
	mu sync.Mutex
	n  int
}

func (c *countingSearcher) Search(ctx context.Context, q corpus.Query) (*corpus.Result, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.fakeSearcher.Search(ctx, q)
}

func interactionJSON(t testing.TB, line string, o SimOptions) []byte {
	t.Helper()
	i, err := ParseCommandLine(line, o)
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(i)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func TestHTTPInteractions(t *testing.T) {
	key := newSigner(t)
	cs := &countingSearcher{fakeSearcher: newFake()}
	h := NewHTTPHandler(New(cs, Options{Burst: 1000}), HTTPOptions{PublicKey: key.pub})
	now := time.Now()
	spec := discordtest.FindSpec()

	serve := func(r *http.Request) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}

	// PING answers PONG.
	w := serve(key.request([]byte(`{"id":"1","application_id":"2","type":1,"token":"t","version":1}`), now))
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{"type":1}` {
		t.Fatalf("ping: %d %s", w.Code, w.Body)
	}
	// A signed command is answered.
	cmd := interactionJSON(t, "/search query:sanctions", SimOptions{})
	w = serve(key.request(cmd, now))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"type":4`) || cs.n != 1 {
		t.Fatalf("command: %d %.200s (searches %d)", w.Code, w.Body, cs.n)
	}
	if spec != "" {
		sp, err := discordtest.LoadSpec(spec)
		if err != nil {
			t.Fatal(err)
		}
		if err := sp.ValidateRequest("POST", "/interactions/1/t/callback", w.Body.Bytes()); err != nil {
			t.Errorf("response body: %v", err)
		}
	}
	// Autocomplete.
	w = serve(key.request(interactionJSON(t, "/search query:sanc", SimOptions{Focus: "query"}), now))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"type":8`) {
		t.Errorf("autocomplete: %d %.100s", w.Code, w.Body)
	}

	other := newSigner(t)
	tamperedBody := bytes.Replace(cmd, []byte("sanctions"), []byte("sanctionz"), 1)
	tests := []struct {
		name string
		req  func() *http.Request
		code int
	}{
		{"tampered body", func() *http.Request {
			r := key.request(cmd, now)
			r.Body = io.NopCloser(bytes.NewReader(tamperedBody))
			return r
		}, 401},
		{"tampered timestamp", func() *http.Request {
			r := key.request(cmd, now)
			r.Header.Set("X-Signature-Timestamp", strconv.FormatInt(now.Unix()+1, 10))
			return r
		}, 401},
		{"stale timestamp", func() *http.Request { return key.request(cmd, now.Add(-10*time.Minute)) }, 401},
		{"future timestamp", func() *http.Request { return key.request(cmd, now.Add(10*time.Minute)) }, 401},
		{"wrong key", func() *http.Request { return other.request(cmd, now) }, 401},
		{"missing signature", func() *http.Request {
			r := key.request(cmd, now)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, 401},
		{"missing timestamp", func() *http.Request {
			r := key.request(cmd, now)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, 401},
		{"malformed signature", func() *http.Request {
			r := key.request(cmd, now)
			r.Header.Set("X-Signature-Ed25519", "zz"+r.Header.Get("X-Signature-Ed25519")[2:])
			return r
		}, 401},
		{"oversized body", func() *http.Request {
			big := append(bytes.Repeat([]byte(" "), defaultMaxBody+1), cmd...)
			return key.request(big, now)
		}, 413},
		{"wrong method", func() *http.Request {
			r := key.request(cmd, now)
			r.Method = http.MethodGet
			return r
		}, 405},
		{"wrong content type", func() *http.Request {
			r := key.request(cmd, now)
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, 415},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := cs.n
			w := serve(tt.req())
			if w.Code != tt.code {
				t.Errorf("status %d, want %d", w.Code, tt.code)
			}
			if cs.n != before || strings.Contains(w.Body.String(), `"type":4`) {
				t.Errorf("a rejected request was processed")
			}
		})
	}
}

func TestHTTPDefersSlowAnswers(t *testing.T) {
	key := newSigner(t)
	f := newFake()
	f.delay = 200 * time.Millisecond
	edits := make(chan *discordgo.WebhookEdit, 1)
	h := NewHTTPHandler(New(f, Options{Burst: 1000}), HTTPOptions{PublicKey: key.pub, DeferAfter: 20 * time.Millisecond,
		Followup: followupFunc(func(i *discordgo.Interaction, e *discordgo.WebhookEdit) { edits <- e })})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, key.request(interactionJSON(t, "/search query:sanctions hide:true", SimOptions{}), time.Now()))
	if strings.TrimSpace(w.Body.String()) != `{"type":5,"data":{"tts":false,"content":"","components":null,"embeds":null,"flags":64}}` {
		t.Errorf("deferral: %s", w.Body)
	}
	if path := discordtest.FindSpec(); path != "" {
		sp, err := discordtest.LoadSpec(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := sp.ValidateRequest("POST", "/interactions/1/t/callback", w.Body.Bytes()); err != nil {
			t.Errorf("deferral body: %v", err)
		}
	}
	select {
	case e := <-edits:
		if e.Embeds == nil || len(*e.Embeds) == 0 || e.AllowedMentions == nil {
			t.Errorf("edit: %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no follow-up edit")
	}
	if err := h.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, key.request(interactionJSON(t, "/timeline", SimOptions{}), time.Now()))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("after shutdown: %d", w.Code)
	}
}

type followupFunc func(*discordgo.Interaction, *discordgo.WebhookEdit)

func (f followupFunc) InteractionResponseEdit(i *discordgo.Interaction, e *discordgo.WebhookEdit, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	f(i, e)
	return &discordgo.Message{}, nil
}

// FollowupMessageCreate is not expected of the tests that use followupFunc.
func (f followupFunc) FollowupMessageCreate(*discordgo.Interaction, bool, *discordgo.WebhookParams, ...discordgo.RequestOption) (*discordgo.Message, error) {
	return nil, errors.New("followupFunc: unexpected follow-up message")
}

func FuzzHTTPBody(f *testing.F) {
	key := newSigner(f)
	h := NewHTTPHandler(New(newFake(), Options{Burst: 1 << 30}), HTTPOptions{PublicKey: key.pub})
	f.Add([]byte(`{"type":1}`))
	f.Add([]byte(`{"type":2,"data":{"name":"search","options":[{"name":"query","type":3,"value":"x"}]}}`))
	f.Add([]byte(`{"type":3,"data":{"custom_id":"pg1|s|1|0||x"}}`))
	f.Add([]byte(`{"type":4,"data":{"name":"summit","options":[{"name":"event","type":3,"value":3,"focused":true}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, key.request(body, time.Now()))
		if w.Code != 200 && w.Code != 400 {
			t.Fatalf("signed body got %d: %s", w.Code, w.Body)
		}
	})
}
