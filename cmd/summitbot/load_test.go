//go:build load

// The load test runs without the race detector (see test.sh): it measures.

package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
)

// TestLoadHTTPInteractions sends many concurrent signed requests (commands,
// autocomplete, button clicks, and forged signatures) to `summitbot serve`
// on loopback, and reports throughput and latency. Bounded in count and time.
func TestLoadHTTPInteractions(t *testing.T) {
	t.Chdir(t.TempDir())
	pub, priv, _ := ed25519.GenerateKey(nil)
	_, wrong, _ := ed25519.GenerateKey(nil)
	goroutinesBefore := runtime.NumGoroutine()
	base, stop := startServe(t, map[string]string{"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error"})
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if r, err := http.Get(base + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("never ready")
		}
	}

	// The mix: searches, event cards, autocomplete, page clicks; each
	// request from its own user so the per-user rate limit stays out of it.
	type kind struct {
		line, focus, click string
		want               discordgo.InteractionResponseType
	}
	kinds := []kind{
		{line: "/search query:sanctions relief", want: 4}, {line: "/search query:love letters event:singapore", want: 4},
		{line: "/search query:pyongyan talks", want: 4}, {line: "/summit event:hanoi", want: 4},
		{line: "/summit event:dmz query:demarcation line", want: 4}, {line: "/help", want: 4},
		{line: "/search query:sanct", focus: "query", want: 8}, {line: "/summit event:ha", focus: "event", want: 8},
		{click: "pg1|s|1|0||sanctions", want: 7},
	}
	bodies := func(n int, k kind) []byte {
		var i *discordgo.Interaction
		if k.click != "" {
			i = bot.ClickInteraction(k.click, bot.SimOptions{})
		} else {
			var err error
			if i, err = bot.ParseCommandLine(k.line, bot.SimOptions{Focus: k.focus}); err != nil {
				t.Fatal(err)
			}
		}
		i.Member.User = &discordgo.User{ID: fmt.Sprint(500000000000000000 + n)}
		b, _ := json.Marshal(i)
		return b
	}

	const (
		workers  = 16
		total    = 30000
		maxTotal = 60 * time.Second
	)
	// Requests are built and signed up front, so the load generator, which
	// shares the two cores with the server, spends its time sending.
	type prepared struct {
		req  *http.Request
		bad  bool
		want discordgo.InteractionResponseType
		name string
	}
	rng := rand.New(rand.NewPCG(1, 7))
	reqs := make([]prepared, total)
	for n := range reqs {
		k := kinds[rng.IntN(len(kinds))]
		bad := rng.IntN(10) == 0
		key := priv
		if bad {
			key = wrong
		}
		reqs[n] = prepared{req: signedRequest(base+"/interactions", key, bodies(n, k)), bad: bad, want: k.want, name: k.line + k.click}
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}}
	var next, okValid, okRejected, failures atomic.Int64
	lat := make([][]time.Duration, workers)
	var firstErr sync.Once
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				n := int(next.Add(1)) - 1
				if n >= total || time.Since(start) > maxTotal {
					return
				}
				p := reqs[n]
				bad := p.bad
				t0 := time.Now()
				resp, err := client.Do(p.req)
				if err != nil {
					failures.Add(1)
					firstErr.Do(func() { t.Errorf("request: %v", err) })
					continue
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				lat[w] = append(lat[w], time.Since(t0))
				switch {
				case bad && resp.StatusCode == 401:
					okRejected.Add(1)
				case !bad && resp.StatusCode == 200 && strings.HasPrefix(string(got), fmt.Sprintf(`{"type":%d`, p.want)) && !strings.Contains(string(got), "⚠️"):
					okValid.Add(1)
				default:
					failures.Add(1)
					firstErr.Do(func() { t.Errorf("bad=%v %q: %d %.200s", bad, p.name, resp.StatusCode, got) })
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	sent := len(all)
	report := fmt.Sprintf("load: %d signed requests (%d valid answered, %d forged rejected, %d failures) from %d workers in %s: %.0f requests/s, p50 %s, p99 %s",
		sent, okValid.Load(), okRejected.Load(), failures.Load(), workers, elapsed.Round(time.Millisecond), float64(sent)/elapsed.Seconds(),
		all[sent/2].Round(10*time.Microsecond), all[sent*99/100].Round(10*time.Microsecond))
	t.Log(report)
	fmt.Println(report)
	if failures.Load() != 0 {
		t.Errorf("%d failures", failures.Load())
	}

	client.CloseIdleConnections()
	stop()
	// No goroutine outlives the server.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if n := runtime.NumGoroutine(); n <= goroutinesBefore+2 {
			break
		} else if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Errorf("goroutine leak: %d before, %d after\n%s", goroutinesBefore, n, buf[:runtime.Stack(buf, true)])
			break
		}
	}
}
