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
// against a fake Discord on loopback.
func startGateway(t *testing.T, s Searcher, deferAfter time.Duration) (*discordtest.Server, *Gateway) {
	t.Helper()
	fake := discordtest.NewServer(t, discordtest.Options{})
	sess, err := NewSession(SessionConfig{Token: "MTAw.fake.token", APIURL: fake.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	g := NewGateway(New(s, Options{Burst: 1000}), sess, nil)
	g.deferAfter = deferAfter
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

func TestGatewayDefersSlowAnswers(t *testing.T) {
	f := newFake()
	f.delay = 300 * time.Millisecond
	fake, g := startGateway(t, f, 50*time.Millisecond)

	i, _ := ParseCommandLine("/search query:sanctions hide:true", SimOptions{})
	dispatch(t, fake, i, "200000000000000001")
	cb := fake.WaitRequest(t, 5*time.Second, callbackOf("200000000000000001"))
	var deferred struct {
		Type int `json:"type"`
		Data struct {
			Flags int `json:"flags"`
		} `json:"data"`
	}
	json.Unmarshal(cb.Body, &deferred)
	if deferred.Type != 5 || deferred.Data.Flags&64 == 0 {
		t.Errorf("slow command: want a private deferral (type 5, flags 64), got %s", cb.Body)
	}
	edit := fake.WaitRequest(t, 5*time.Second, func(r discordtest.Request) bool {
		return r.Method == http.MethodPatch && strings.HasSuffix(r.Path, "/tok-200000000000000001/messages/@original")
	})
	if !strings.Contains(string(edit.Body), `"embeds"`) || !strings.Contains(string(edit.Body), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("the edit carries the answer and parses no mentions: %s", edit.Body)
	}

	// A slow button click defers as an update (type 6), then edits.
	dispatch(t, fake, ClickInteraction("pg1|s|1|0||sanctions", SimOptions{}), "200000000000000002")
	cb = fake.WaitRequest(t, 5*time.Second, callbackOf("200000000000000002"))
	if !strings.Contains(string(cb.Body), `"type":6`) {
		t.Errorf("slow click: want type 6, got %s", cb.Body)
	}
	fake.WaitRequest(t, 5*time.Second, func(r discordtest.Request) bool {
		return r.Method == http.MethodPatch && strings.HasSuffix(r.Path, "/tok-200000000000000002/messages/@original")
	})

	// A fast answer is not deferred (the picture is rendered once, then cached).
	f.delay = 0
	if _, err := g.bot.timelinePNG(f.cat); err != nil {
		t.Fatal(err)
	}
	i, _ = ParseCommandLine("/timeline", SimOptions{})
	dispatch(t, fake, i, "200000000000000003")
	cb = fake.WaitRequest(t, 5*time.Second, callbackOf("200000000000000003"))
	// /timeline attaches its picture: multipart with payload_json and the PNG.
	if !strings.HasPrefix(cb.Header.Get("Content-Type"), "multipart/form-data") || !strings.Contains(string(cb.Body), `{"type":4`) ||
		!strings.Contains(string(cb.Body), `filename="timeline.png"`) || !strings.Contains(string(cb.Body), "\x89PNG") {
		t.Errorf("fast command: want type 4 with the timeline attached, got %s %.120q", cb.Header.Get("Content-Type"), cb.Body)
	}

	// Shutdown waits for the interaction in flight, and takes no new one.
	f.delay = 300 * time.Millisecond
	i, _ = ParseCommandLine("/search query:sanctions", SimOptions{})
	dispatch(t, fake, i, "200000000000000004")
	time.Sleep(20 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := g.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	fake.WaitRequest(t, time.Second, func(r discordtest.Request) bool {
		return r.Method == http.MethodPatch && strings.Contains(r.Path, "tok-200000000000000004")
	})
	dispatch(t, fake, ClickInteraction("pg1|s|1|0||sanctions", SimOptions{}), "200000000000000005")
	time.Sleep(100 * time.Millisecond)
	for _, r := range fake.Requests() {
		if strings.Contains(r.Path, "200000000000000005") {
			t.Errorf("an interaction after shutdown was answered: %s", r.Path)
		}
	}

	if spec := discordtest.SpecOrSkip(t); spec != nil {
		if n := spec.ValidateAll(t, fake.Requests()); n < 7 {
			t.Errorf("validated only %d payloads", n)
		}
	}
}
