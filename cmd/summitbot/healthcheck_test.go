package main

import (
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/config"
	"github.com/summitbot/summitbot/discordtest"
)

// In gateway mode with no METRICS_ADDR, healthcheck must ask the address
// the gateway mode serves health on, not HTTP_ADDR, where nothing listens.
func TestHealthcheckInGatewayMode(t *testing.T) {
	t.Chdir(t.TempDir())
	// The test needs the default port itself, as a container has it.
	probe, err := net.Listen("tcp", config.DefaultGatewayOpsAddr)
	if err != nil {
		msg := fmt.Sprintf("SKIP TestHealthcheckInGatewayMode: %s is in use on this machine (%v); gateway-mode healthcheck is NOT tested", config.DefaultGatewayOpsAddr, err)
		fmt.Fprintln(os.Stderr, msg)
		t.Skip(msg)
	}
	probe.Close()

	fake := discordtest.NewServer(t, discordtest.Options{})
	env := map[string]string{"DISCORD_TOKEN": "MTAwMDAw.fake-hc.token", "DISCORD_APP_ID": fake.AppID(),
		"DISCORD_API_URL": fake.APIURL(), "DISCORD_GATEWAY_URL": fake.GatewayURL()}
	stdout, _, stop := startRun(t, env)
	defer stop()
	addrFrom(t, stdout, "metrics and health on ")
	fake.WaitIdentify(t, 1, 30*time.Second) // started up: the index is open

	out, _, err := runCLI(t, env, "healthcheck")
	if err != nil || !strings.Contains(out, "healthy") {
		t.Errorf("healthcheck in gateway mode without METRICS_ADDR: %v %s", err, out)
	}
}

func TestHealthAddrsPerMode(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want []string
	}{
		{nil, []string{":9090", ":8080"}},
		{map[string]string{"HTTP_ADDR": "127.0.0.1:7000"}, []string{":9090", "127.0.0.1:7000"}},
		{map[string]string{"METRICS_ADDR": ":9100", "HTTP_ADDR": ":7000"}, []string{":9100"}},
	}
	for _, tt := range tests {
		cfg, err := config.Load(func(k string) string { return tt.env[k] }, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.HealthAddrs(); strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%v: health addresses %v, want %v", tt.env, got, tt.want)
		}
	}
}
