package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/discordtest"
)

func TestCommandsPrintsWhatRegisterSends(t *testing.T) {
	t.Chdir(t.TempDir())
	out, _, err := runCLI(t, nil, "commands")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(bot.Commands(nil))
	var got any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	compact, _ := json.Marshal(got)
	var w any
	json.Unmarshal(want, &w)
	wantCompact, _ := json.Marshal(w)
	if string(compact) != string(wantCompact) {
		t.Errorf("commands output differs from bot.Commands()")
	}

	fake := discordtest.NewServer(t, discordtest.Options{})
	env := map[string]string{"DISCORD_TOKEN": "MTAw.fake.token", "DISCORD_API_URL": fake.APIURL()}
	out, _, err = runCLI(t, env, "register", "--guild", "123456789012345678")
	if err != nil || !strings.Contains(out, "registered 7 commands in guild 123456789012345678") {
		t.Fatalf("register: %v %s", err, out)
	}
	reg := fake.WaitRequest(t, time.Second, func(r discordtest.Request) bool {
		return r.Method == http.MethodPut && r.Path == "/applications/"+fake.AppID()+"/guilds/123456789012345678/commands"
	})
	var sent any
	json.Unmarshal(reg.Body, &sent)
	sentCompact, _ := json.Marshal(sent)
	if string(sentCompact) != string(wantCompact) {
		t.Errorf("register sent something else than `commands` prints")
	}
}

func TestSimulate(t *testing.T) {
	t.Chdir(t.TempDir())
	out, _, err := runCLI(t, nil, "simulate", "/summit event:hanoi query:sanctions relief")
	if err != nil {
		t.Fatal(err)
	}
	var resp struct {
		Type int `json:"type"`
		Data struct {
			Embeds          []map[string]any `json:"embeds"`
			AllowedMentions map[string]any   `json:"allowed_mentions"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil || resp.Type != 4 || len(resp.Data.Embeds) != 2 || resp.Data.AllowedMentions == nil {
		t.Fatalf("simulate summit: %v %s", err, out)
	}
	out, _, err = runCLI(t, nil, "simulate", "--click", "pg1|m|1|0|hanoi|")
	if err != nil || !strings.HasPrefix(strings.TrimSpace(out), "{\n  \"type\": 7") {
		t.Errorf("simulate --click: %v %.80s", err, out)
	}
	out, _, err = runCLI(t, nil, "simulate", "--focus", "query", "/search query:sanct")
	if err != nil || !strings.Contains(out, `"type": 8`) {
		t.Errorf("simulate --focus: %v %.80s", err, out)
	}
	dir := t.TempDir()
	out, errOut, err := runCLI(t, nil, "simulate", "--out", dir, "/timeline")
	if err != nil || !strings.Contains(out, `"filename": "timeline.png"`) || !strings.Contains(out, `"size": `) || !strings.Contains(errOut, "timeline.png") {
		t.Errorf("simulate /timeline --out: %v %s", err, errOut)
	}
	if png, err := os.ReadFile(filepath.Join(dir, "timeline.png")); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("the picture was not written: %v", err)
	}
	out, _, err = runCLI(t, nil, "simulate", "--locale", "ko", "/summit event:hanoi")
	if err != nil || !strings.Contains(out, "일시") {
		t.Errorf("simulate --locale ko: %v", err)
	}
	out, _, err = runCLI(t, nil, "simulate", "/ask question:When was the Singapore summit?")
	if err != nil || !strings.Contains(out, "12 June 2018") {
		t.Errorf("simulate /ask: %v %.300s", err, out)
	}
	out, _, err = runCLI(t, nil, "simulate", "/search query:love letters hide:true")
	if err != nil || !strings.Contains(out, `"flags": 64`) {
		t.Errorf("simulate hide:true: %v", err)
	}
	for _, args := range [][]string{{"simulate"}, {"simulate", "summit hanoi"}, {"simulate", "/nope"}, {"simulate", "/summit"}, {"simulate", "/search query:x hide:maybe"}} {
		_, _, err := runCLI(t, nil, args...)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("%q: want a usage error, got %v", args, err)
		}
	}
}

func TestInvite(t *testing.T) {
	t.Chdir(t.TempDir())
	out, _, err := runCLI(t, map[string]string{"DISCORD_APP_ID": "123456789012345678"}, "invite")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"https://discord.com/oauth2/authorize?", "client_id=123456789012345678", "scope=bot+applications.commands", "permissions=84992"} {
		if !strings.Contains(out, want) {
			t.Errorf("invite %q lacks %q", out, want)
		}
	}
	if _, _, err := runCLI(t, nil, "invite"); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("invite without app id or token: %v", err)
	}
}
