package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/discordtest"
)

// startGateway runs the real gateway adapter over a real discordgo session
// against a fake Discord on loopback. deferAfter is the defer threshold:
// tests that must see a deferral hold the answer back, and tests that must
// not see one use an hour.
func startGateway(t *testing.T, s Searcher, deferAfter time.Duration, o Options) (*discordtest.Server, *Gateway) {
	t.Helper()
	fake := discordtest.NewServer(t, discordtest.Options{})
	sess, err := NewSession(SessionConfig{Token: "MTAw.fake.token", APIURL: fake.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	if o.Burst == 0 {
		o.Burst = 1000
	}
	g := newGateway(New(s, o), sess, o.Logger, deferAfter)
	if err := sess.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	fake.WaitIdentify(t, 1, 5*time.Second)
	return fake, g
}

func dispatch(t *testing.T, fake *discordtest.Server, i *discordgo.Interaction, id string) {
	t.Helper()
	i.ID, i.Token, i.AppID = id, "tok-"+id, fake.AppID()
	fake.Dispatch(t, "INTERACTION_CREATE", i)
}

func callbackOf(id string) func(discordtest.Request) bool {
	return func(r discordtest.Request) bool {
		return r.Method == http.MethodPost && r.Path == "/interactions/"+id+"/tok-"+id+"/callback"
	}
}

func editOf(id string) func(discordtest.Request) bool {
	return func(r discordtest.Request) bool {
		return r.Method == http.MethodPatch && strings.HasSuffix(r.Path, "/tok-"+id+"/messages/@original")
	}
}

func TestGatewayDefersSlowAnswers(t *testing.T) {
	f := newFake()
	// Every search waits for the test: the answers are late by construction.
	f.hold = make(chan struct{})
	fake, _ := startGateway(t, f, 50*time.Millisecond, Options{})

	i, _ := ParseCommandLine("/search query:sanctions hide:true", SimOptions{})
	dispatch(t, fake, i, "200000000000000001")
	cb := fake.WaitRequest(t, 5*time.Second, callbackOf("200000000000000001"))
	if typ, flags := deferralOf(t, cb.Body); typ != 5 || flags&64 == 0 {
		t.Errorf("slow command: want a private deferral (type 5, flags 64), got %s", cb.Body)
	}

	// A slow button click defers as an update (type 6), then edits.
	dispatch(t, fake, ClickInteraction("pg1|s|1|0||sanctions", SimOptions{}), "200000000000000002")
	cb = fake.WaitRequest(t, 5*time.Second, callbackOf("200000000000000002"))
	if !strings.Contains(string(cb.Body), `"type":6`) {
		t.Errorf("slow click: want type 6, got %s", cb.Body)
	}

	close(f.hold)
	edit := fake.WaitRequest(t, 5*time.Second, editOf("200000000000000001"))
	if !strings.Contains(string(edit.Body), `"embeds"`) || !strings.Contains(string(edit.Body), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("the edit carries the answer and parses no mentions: %s", edit.Body)
	}
	fake.WaitRequest(t, 5*time.Second, editOf("200000000000000002"))

	if spec := discordtest.SpecOrSkip(t); spec != nil {
		if n := spec.ValidateAll(t, fake.Requests()); n < 4 {
			t.Errorf("validated only %d payloads", n)
		}
	}
}

func TestGatewayAnswersAndShutsDown(t *testing.T) {
	f := newFake()
	logs, log := newLogSink()
	fake, g := startGateway(t, f, time.Hour, Options{Logger: log})

	// A ready answer goes out as it is: /timeline attaches its picture,
	// multipart with payload_json and the PNG.
	i, _ := ParseCommandLine("/timeline", SimOptions{})
	dispatch(t, fake, i, "200000000000000003")
	cb := fake.WaitRequest(t, 30*time.Second, callbackOf("200000000000000003"))
	if !strings.HasPrefix(cb.Header.Get("Content-Type"), "multipart/form-data") || !strings.Contains(string(cb.Body), `{"type":4`) ||
		!strings.Contains(string(cb.Body), `filename="timeline.png"`) || !strings.Contains(string(cb.Body), "\x89PNG") {
		t.Errorf("want type 4 with the timeline attached, got %s %.120q", cb.Header.Get("Content-Type"), cb.Body)
	}

	// Shutdown waits for the interaction in flight, and takes no new one.
	f.hold, f.entered = make(chan struct{}), make(chan struct{}, 1)
	i, _ = ParseCommandLine("/search query:sanctions", SimOptions{})
	dispatch(t, fake, i, "200000000000000004")
	<-f.entered // the search is running: the interaction is in flight
	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		shut <- g.Shutdown(ctx)
	}()
	// Once the shutdown is under way, new interactions are refused.
	select {
	case <-g.resp.track.stopping():
	case <-time.After(5 * time.Second):
		t.Fatal("the shutdown did not begin")
	}
	dispatch(t, fake, ClickInteraction("pg1|s|1|0||sanctions", SimOptions{}), "200000000000000005")
	logs.wait(t, 5*time.Second, "interaction not taken: shutting down", "interaction=200000000000000005")
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned while an interaction was in flight: %v", err)
	default:
	}
	close(f.hold)
	fake.WaitRequest(t, 5*time.Second, callbackOf("200000000000000004"))
	if err := <-shut; err != nil {
		t.Fatal(err)
	}
	for _, r := range fake.Requests() {
		if strings.Contains(r.Path, "200000000000000005") {
			t.Errorf("an interaction after shutdown was answered: %s", r.Path)
		}
	}
}

// deferralOf reads a first response's type and flags (64: private).
func deferralOf(t *testing.T, body []byte) (typ, flags int) {
	t.Helper()
	var r struct {
		Type int `json:"type"`
		Data struct {
			Flags int `json:"flags"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("first response: %v: %s", err, body)
	}
	return r.Type, r.Data.Flags
}
