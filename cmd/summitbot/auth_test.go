package main

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/summitbot/summitbot/discordtest"
)

// A well-formed but wrong token: Discord answers 401, and the operator is
// told that the token was rejected and how to get a new one, not shown
// Discord's raw response.
func TestRejectedToken(t *testing.T) {
	t.Chdir(t.TempDir())
	fake := discordtest.NewServer(t, discordtest.Options{})
	fake.SetResponder(func(discordtest.Request) (int, any, bool) {
		return http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0}, true
	})
	env := map[string]string{"DISCORD_TOKEN": "MTAwMDAw.wrong.token", "DISCORD_API_URL": fake.APIURL(), "DISCORD_GATEWAY_URL": fake.GatewayURL()}
	for _, args := range [][]string{{"invite"}, {"register", "--guild", "123456789012345678"}, {"run", "--register"}} {
		t.Run(args[0], func(t *testing.T) {
			_, _, err := runCLI(t, env, args...)
			var ae authError
			if err == nil || !errors.As(err, &ae) {
				t.Fatalf("want the token reported as rejected, got %v", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "Discord rejected the token") || !strings.Contains(msg, "Reset Token") || strings.Contains(msg, "401: Unauthorized") {
				t.Errorf("message: %s", msg)
			}
		})
	}
}

func TestExplainAuth(t *testing.T) {
	other := errors.New("connection refused")
	tests := []struct {
		err      error
		rejected bool
	}{
		{&websocket.CloseError{Code: 4004, Text: "Authentication failed."}, true},
		{&websocket.CloseError{Code: 4000, Text: "Unknown error."}, false},
		{other, false},
	}
	for _, tt := range tests {
		var ae authError
		if got := errors.As(explainAuth(tt.err), &ae); got != tt.rejected {
			t.Errorf("%v: rejected %v, want %v", tt.err, got, tt.rejected)
		}
		if !errors.Is(explainAuth(tt.err), tt.err) {
			t.Errorf("%v: the cause is kept for errors.Is", tt.err)
		}
	}
}
