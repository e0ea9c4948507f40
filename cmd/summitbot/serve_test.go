package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/discordtest"
)

// addrFrom waits for the line "... <prefix>http://ADDR..." in out, on the
// buffer's writes rather than on a clock, and returns http://ADDR.
func addrFrom(t *testing.T, out *syncBuffer, prefix string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if !out.waitFor(ctx, prefix) {
		t.Fatalf("no %q line in output:\n%s", prefix, out.String())
	}
	// A log line is one write: the address came with the prefix.
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `(http://[0-9.:\[\]]+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no address after %q:\n%s", prefix, out.String())
	}
	return m[1]
}

func get(t *testing.T, url string, want int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Errorf("GET %s: %d, want %d: %s", url, resp.StatusCode, want, body)
	}
	return string(body)
}

// signedRequest is a POST of body to url signed with priv, as Discord signs.
func signedRequest(url string, priv ed25519.PrivateKey, body []byte) *http.Request {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
	return req
}

func signedPost(client *http.Client, url string, priv ed25519.PrivateKey, body []byte) (*http.Response, error) {
	return client.Do(signedRequest(url, priv, body))
}

// startServe runs `summitbot serve` on a free loopback port.
func startServe(t *testing.T, env map[string]string) (base string, stop func()) {
	t.Helper()
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, &stdout, &stderr) }()
	base = addrFrom(t, &stdout, "serving interactions on ")
	base = strings.TrimSuffix(base, "/interactions")
	return base, func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop")
		}
		if strings.Contains(stderr.String()+stdout.String(), env["DISCORD_PUBLIC_KEY"]) {
			t.Error("the public key appears in the logs")
		}
	}
}

// startRun runs `summitbot run` with args and env in the background and
// returns its output; stop cancels it and waits for it to exit, failing
// the test when it fails or does not stop.
func startRun(t *testing.T, env map[string]string, args ...string) (stdout, stderr *syncBuffer, stop func()) {
	t.Helper()
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"run"}, args...), func(k string) string { return env[k] }, stdout, stderr)
	}()
	return stdout, stderr, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v\n%s", err, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Error("run did not stop after cancel")
		}
	}
}

func TestServe(t *testing.T) {
	t.Chdir(t.TempDir())
	// A corpus big enough that the index takes a moment to build, so the
	// server is seen listening before it is ready.
	dir := t.TempDir()
	for n := range 400 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", n)), []byte(strings.Repeat(fmt.Sprintf("Kim Jong-un met Donald Trump in Hanoi in February 2019, talks round %d. ", n), 40)), 0o644)
	}
	pub, priv, _ := ed25519.GenerateKey(nil)
	fake := discordtest.NewServer(t, discordtest.Options{})
	env := map[string]string{"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "HTTP_ADDR": "127.0.0.1:0", "CORPUS_DIR": dir, "DISCORD_API_URL": fake.APIURL()}
	base, stop := startServe(t, env)
	defer stop()

	get(t, base+"/healthz", 200)
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz before the index is open: %d, want 503", resp.StatusCode)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("never ready")
		}
		time.Sleep(20 * time.Millisecond)
	}

	client := &http.Client{Timeout: 10 * time.Second}
	r, err := signedPost(client, base+"/interactions", priv, []byte(`{"id":"1","application_id":"2","type":1,"token":"t","version":1}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"type":1}` {
		t.Errorf("PING: %d %s", r.StatusCode, body)
	}
	i, _ := bot.ParseCommandLine("/search query:hanoi talks", bot.SimOptions{})
	cmd, _ := json.Marshal(i)
	r, err = signedPost(client, base+"/interactions", priv, cmd)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || !strings.Contains(string(body), `"type":4`) {
		t.Errorf("command: %d %.200s", r.StatusCode, body)
	}
	_, otherPriv, _ := ed25519.GenerateKey(nil)
	r, err = signedPost(client, base+"/interactions", otherPriv, cmd)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 401 {
		t.Errorf("wrong key: %d", r.StatusCode)
	}
	metrics := get(t, base+"/metrics", 200)
	for _, want := range []string{`summitbot_interactions_total{command="search",outcome="ok"} 1`, "summitbot_search_duration_seconds_count", "summitbot_index_last_reindex_timestamp_seconds"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if m := regexp.MustCompile(`summitbot_index_passages (\d+)`).FindStringSubmatch(metrics); m == nil || m[1] == "0" {
		t.Errorf("metrics lack the passage count")
	}
	// healthcheck, as the container runs it.
	out, _, err := runCLI(t, map[string]string{"HTTP_ADDR": strings.TrimPrefix(base, "http://")}, "healthcheck")
	if err != nil || !strings.Contains(out, "healthy") {
		t.Errorf("healthcheck: %v %s", err, out)
	}
}

func TestServeNeedsPublicKey(t *testing.T) {
	t.Chdir(t.TempDir())
	_, _, err := runCLI(t, map[string]string{}, "serve")
	if err == nil || !strings.Contains(err.Error(), "DISCORD_PUBLIC_KEY") {
		t.Errorf("serve without a key: %v", err)
	}
	if _, _, err := runCLI(t, map[string]string{"HTTP_ADDR": "127.0.0.1:1"}, "healthcheck"); err == nil {
		t.Error("healthcheck against nothing must fail")
	}
	out, _, err := runCLI(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "summitbot ") {
		t.Errorf("version: %v %q", err, out)
	}
}
