package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/discordtest"
)

// A page click deferred as an update (type 6) whose answer then fails must
// not edit @original, the public message that was clicked: the error goes
// as a private follow-up message (POST /webhooks/{app}/{token}, flags 64),
// over either transport.
func TestDeferredPageErrorIsPrivate(t *testing.T) {
	for _, tt := range []struct {
		name string
		// start runs a bot over the transport against a fake Discord;
		// click sends it i and returns the body of its first response,
		// and stop waits for the work after the deferral to end.
		start func(t *testing.T, f *fakeSearcher) (fake *discordtest.Server, click func(i *discordgo.Interaction) []byte, stop func() error)
	}{
		{"gateway", func(t *testing.T, f *fakeSearcher) (*discordtest.Server, func(*discordgo.Interaction) []byte, func() error) {
			fake, g := startGateway(t, f, time.Millisecond, Options{})
			click := func(i *discordgo.Interaction) []byte {
				fake.Dispatch(t, "INTERACTION_CREATE", i)
				return fake.WaitRequest(t, 5*time.Second, callbackOf(i.ID)).Body
			}
			return fake, click, func() error { return g.Shutdown(context.Background()) }
		}},
		{"http", func(t *testing.T, f *fakeSearcher) (*discordtest.Server, func(*discordgo.Interaction) []byte, func() error) {
			fake := discordtest.NewServer(t, discordtest.Options{})
			rest, err := NewSession(SessionConfig{APIURL: fake.APIURL()})
			if err != nil {
				t.Fatal(err)
			}
			key := newSigner(t)
			h := NewHTTPHandler(New(f, Options{Burst: 1000}), HTTPOptions{PublicKey: key.pub, Followup: rest, DeferAfter: time.Millisecond})
			click := func(i *discordgo.Interaction) []byte {
				body, err := json.Marshal(i)
				if err != nil {
					t.Fatal(err)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, key.request(body, time.Now()))
				if w.Code != http.StatusOK {
					t.Fatalf("click: %d %s", w.Code, w.Body)
				}
				return w.Body.Bytes()
			}
			return fake, click, func() error { return h.Shutdown(context.Background()) }
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			// The search waits until the deferral is out, then fails.
			f.hold, f.err = make(chan struct{}), errors.New("index unavailable")
			release := sync.OnceFunc(func() { close(f.hold) })
			t.Cleanup(release) // should the test end early
			fake, click, stop := tt.start(t, f)

			const id = "200000000000000301"
			i := ClickInteraction("pg1|s|1|0||sanctions", SimOptions{})
			i.ID, i.Token, i.AppID = id, "tok-"+id, fake.AppID()
			first := click(i)
			if typ, _ := deferralOf(t, first); typ != int(discordgo.InteractionResponseDeferredMessageUpdate) {
				t.Fatalf("slow page click: want a deferred update (type 6), got %s", first)
			}
			release()

			// Whichever comes first, a follow-up or an edit of @original:
			// only the follow-up is right.
			followup := func(r discordtest.Request) bool {
				return r.Method == http.MethodPost && r.Path == "/webhooks/"+fake.AppID()+"/tok-"+id
			}
			sent := fake.WaitRequest(t, 5*time.Second, func(r discordtest.Request) bool { return followup(r) || editOf(id)(r) })
			if !followup(sent) {
				t.Fatalf("the error of a deferred page went as %s %s, want a follow-up message: %s", sent.Method, sent.Path, sent.Body)
			}
			var msg struct {
				Content string `json:"content"`
				Flags   int    `json:"flags"`
			}
			if err := json.Unmarshal(sent.JSON(), &msg); err != nil {
				t.Fatalf("follow-up: %v: %s", err, sent.Body)
			}
			if msg.Flags&int(discordgo.MessageFlagsEphemeral) == 0 || !strings.HasPrefix(msg.Content, "⚠️ ") {
				t.Errorf("the follow-up is the private error: %s", sent.Body)
			}

			if err := stop(); err != nil { // nothing is sent after this
				t.Fatal(err)
			}
			for _, r := range fake.Requests() {
				if editOf(id)(r) {
					t.Errorf("@original was edited: %s", r.Body)
				}
			}
			if spec := discordtest.SpecOrSkip(t); spec != nil {
				if err := spec.ValidateRequest(http.MethodPost, "/interactions/"+id+"/tok-"+id+"/callback", first); err != nil {
					t.Errorf("deferral: %v", err)
				}
				if err := spec.ValidateRequest(sent.Method, sent.Path, sent.Body); err != nil {
					t.Errorf("follow-up: %v", err)
				}
				spec.ValidateAll(t, fake.Requests())
			}
		})
	}
}
