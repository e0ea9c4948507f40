package bot

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/discordtest"
)

// countingObserver counts what the bot reports to its Observer, and lets a
// test wait for a count instead of polling.
type countingObserver struct {
	mu      sync.Mutex
	rest    map[string]int
	handled map[string]int // "command outcome"
	changed chan struct{}
}

func (o *countingObserver) Interaction(command, outcome string, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.handled == nil {
		o.handled = map[string]int{}
	}
	o.handled[command+" "+outcome]++
	o.notifyLocked()
}

func (o *countingObserver) RESTError(op string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.rest == nil {
		o.rest = map[string]int{}
	}
	o.rest[op]++
	o.notifyLocked()
}

func (o *countingObserver) notifyLocked() {
	if o.changed != nil {
		close(o.changed)
	}
	o.changed = make(chan struct{})
}

// wait blocks until cond holds on the counts (rest, handled), or fails the
// test after timeout.
func (o *countingObserver) wait(t testing.TB, timeout time.Duration, what string, cond func(rest, handled map[string]int) bool) {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		o.mu.Lock()
		if o.changed == nil {
			o.changed = make(chan struct{})
		}
		ok, ch := cond(o.rest, o.handled), o.changed
		rest, handled := fmt.Sprint(o.rest), fmt.Sprint(o.handled)
		o.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("observer: %s did not happen within %v (rest errors %s, interactions %s)", what, timeout, rest, handled)
		}
	}
}

func requestsTo(fake *discordtest.Server, method, pathPart string) []discordtest.Request {
	var out []discordtest.Request
	for _, r := range fake.Requests() {
		if r.Method == method && strings.Contains(r.Path, pathPart) {
			out = append(out, r)
		}
	}
	return out
}

func TestRESTFaultsAreSurvived(t *testing.T) {
	f := newFake()
	obs := &countingObserver{}
	fake := discordtest.NewServer(t, discordtest.Options{})
	sess, err := NewSession(SessionConfig{Token: "MTAw.fake.token", APIURL: fake.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	newGateway(New(f, Options{Burst: 1000, Observer: obs}), sess, nil, 100*time.Millisecond)
	if err := sess.Open(); err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	fake.WaitIdentify(t, 1, 5*time.Second)

	// 1. A 429 on the callback: retried after retry_after, within 3 s.
	var limited atomic.Int32
	fake.SetResponder(func(r discordtest.Request) (int, any, bool) {
		if strings.Contains(r.Path, "/interactions/200000000000000011/") && limited.Add(1) == 1 {
			return http.StatusTooManyRequests, map[string]any{"message": "You are being rate limited.", "retry_after": 0.3, "global": false}, true
		}
		return 0, nil, false
	})
	i, _ := ParseCommandLine("/help", SimOptions{})
	dispatch(t, fake, i, "200000000000000011")
	fake.WaitRequest(t, 5*time.Second, func(r discordtest.Request) bool {
		return strings.Contains(r.Path, "/interactions/200000000000000011/") && len(requestsTo(fake, "POST", "/interactions/200000000000000011/")) == 2
	})
	tries := requestsTo(fake, "POST", "/interactions/200000000000000011/")
	if len(tries) != 2 {
		t.Fatalf("429: want exactly one retry, got %d tries", len(tries))
	}

	// 2. 500 twice on the deferred edit: retried with backoff, then it lands.
	var failing atomic.Int32
	fake.SetResponder(func(r discordtest.Request) (int, any, bool) {
		if r.Method == http.MethodPatch && strings.Contains(r.Path, "tok-200000000000000012") && failing.Add(1) <= 2 {
			return http.StatusInternalServerError, map[string]any{"message": "500: Internal Server Error", "code": 0}, true
		}
		return 0, nil, false
	})
	// The search is held until the deferral is out, so the answer is
	// certainly late, whatever the machine's speed.
	f.hold = make(chan struct{})
	i, _ = ParseCommandLine("/search query:sanctions", SimOptions{})
	dispatch(t, fake, i, "200000000000000012")
	fake.WaitRequest(t, 5*time.Second, callbackOf("200000000000000012"))
	close(f.hold)
	fake.WaitRequest(t, 10*time.Second, func(discordtest.Request) bool {
		return len(requestsTo(fake, "PATCH", "tok-200000000000000012")) >= 3
	})
	if n := len(requestsTo(fake, "PATCH", "tok-200000000000000012")); n != 3 {
		t.Errorf("5xx on the edit: want 3 tries (2 failures, 1 success), got %d", n)
	}

	// 3. A callback that always fails: bounded tries, then an error counted.
	fake.SetResponder(func(r discordtest.Request) (int, any, bool) {
		if strings.Contains(r.Path, "/interactions/200000000000000013/") {
			return http.StatusServiceUnavailable, map[string]any{"message": "unavailable", "code": 0}, true
		}
		return 0, nil, false
	})
	i, _ = ParseCommandLine("/about", SimOptions{})
	dispatch(t, fake, i, "200000000000000013")
	obs.wait(t, 10*time.Second, "a failed callback reported", func(rest, _ map[string]int) bool { return rest["respond to interaction"] > 0 })
	if n := len(requestsTo(fake, "POST", "/interactions/200000000000000013/")); n < 2 || n > restAttempts {
		t.Errorf("always-failing callback: %d tries, want 2..%d", n, restAttempts)
	}
	obs.mu.Lock()
	if obs.rest["respond to interaction"] != 1 {
		t.Errorf("the final failure is reported once: %v", obs.rest)
	}
	obs.mu.Unlock()
	fake.SetResponder(nil)

	// 4. The gateway sends INVALID_SESSION on resume after a drop: the bot
	// identifies again and keeps answering.
	fake.DropConnections()
	fake.WaitIdentify(t, 2, 10*time.Second)
	i, _ = ParseCommandLine("/help", SimOptions{})
	dispatch(t, fake, i, "200000000000000014")
	fake.WaitRequest(t, 5*time.Second, callbackOf("200000000000000014"))
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestRetryAfterClassifiesErrors(t *testing.T) {
	resp := func(code int) *http.Response { return &http.Response{StatusCode: code} }
	tests := []struct {
		name  string
		err   error
		retry bool
		wait  time.Duration
	}{
		{"rate limited", &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &discordgo.TooManyRequests{RetryAfter: 1500 * time.Millisecond}}}, true, 1500 * time.Millisecond},
		{"server error", &discordgo.RESTError{Response: resp(503)}, true, 200 * time.Millisecond},
		{"client error", &discordgo.RESTError{Response: resp(400)}, false, 0},
		{"unknown interaction", &discordgo.RESTError{Response: resp(404)}, false, 0},
		{"network timeout", &url.Error{Op: "Post", URL: "x", Err: timeoutErr{}}, true, 200 * time.Millisecond},
		{"other", errors.New("boom"), false, 0},
	}
	for _, tt := range tests {
		wait, retry := retryAfter(tt.err, 200*time.Millisecond)
		if retry != tt.retry || (retry && wait != tt.wait) {
			t.Errorf("%s: retry %v after %s, want %v after %s", tt.name, retry, wait, tt.retry, tt.wait)
		}
	}
}
