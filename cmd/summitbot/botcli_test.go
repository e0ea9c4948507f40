package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/discordtest"
)

func TestCommandsPrintsWhatRegisterSends(t *testing.T) {
	specPath := discordtest.FindSpec() // before leaving the package folder
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

	checkInstallContexts(t, []byte(out))
	if specPath == "" {
		t.Log("SKIP part of TestCommandsPrintsWhatRegisterSends: ../shared/discord/openapi.json is absent, `commands` is NOT validated")
	} else {
		spec, err := discordtest.LoadSpec(specPath)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/applications/1/commands", "/applications/1/guilds/2/commands"} {
			if err := spec.ValidateRequest("PUT", path, []byte(out)); err != nil {
				t.Errorf("`commands` output as PUT %s: %v", path, err)
			}
		}
	}

	fake := discordtest.NewServer(t, discordtest.Options{})
	env := map[string]string{"DISCORD_TOKEN": "MTAw.fake.token", "DISCORD_API_URL": fake.APIURL()}
	out, _, err = runCLI(t, env, "register", "--guild", "123456789012345678")
	if err != nil || !strings.Contains(out, "registered 8 commands in guild 123456789012345678") ||
		!strings.Contains(out, `/summitadmin "Find sources" (on messages)`) {
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

// checkInstallContexts asserts, with Discord's documented numbers rather
// than the bot's constants, where each printed command is offered: the
// public commands, the message command included, installed to a server
// or a user (integration_types GUILD_INSTALL 0, USER_INSTALL 1) in servers,
// the bot's DMs and private channels (contexts GUILD 0, BOT_DM 1,
// PRIVATE_CHANNEL 2); summitadmin only installed to a server, in servers.
// "Find sources" is a MESSAGE command (type 3) with no description.
func checkInstallContexts(t *testing.T, printed []byte) {
	t.Helper()
	var cmds []struct {
		Name             string            `json:"name"`
		Type             int               `json:"type"`
		Description      *string           `json:"description"`
		Options          json.RawMessage   `json:"options"`
		NameLocal        map[string]string `json:"name_localizations"`
		IntegrationTypes []int             `json:"integration_types"`
		Contexts         []int             `json:"contexts"`
	}
	if err := json.Unmarshal(printed, &cmds); err != nil {
		t.Fatalf("commands output: %v", err)
	}
	seen := map[string]bool{}
	for _, c := range cmds {
		seen[c.Name] = true
		wantTypes, wantContexts := []int{0, 1}, []int{0, 1, 2}
		if c.Name == "summitadmin" {
			wantTypes, wantContexts = []int{0}, []int{0}
		}
		if !slices.Equal(c.IntegrationTypes, wantTypes) || !slices.Equal(c.Contexts, wantContexts) {
			t.Errorf("%q: integration_types %v contexts %v, want %v %v", c.Name, c.IntegrationTypes, c.Contexts, wantTypes, wantContexts)
		}
		if c.Name == "Find sources" {
			if c.Type != 3 || (c.Description != nil && *c.Description != "") || (len(c.Options) > 0 && string(c.Options) != "null") || c.NameLocal["ko"] != "출처 찾기" {
				t.Errorf("Find sources: type %d, description %v, options %s, names %v; want a message command (3) without description or options", c.Type, c.Description, c.Options, c.NameLocal)
			}
		} else if c.Type != 0 && c.Type != 1 {
			t.Errorf("/%s: type %d, want a slash command (1, or left out)", c.Name, c.Type)
		}
	}
	for _, name := range []string{"ask", "search", "summit", "timeline", "help", "about", "summitadmin", "Find sources"} {
		if !seen[name] {
			t.Errorf("commands lacks %q", name)
		}
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
	// Find sources on a message: private, the message's words searched,
	// its mention gone.
	out, _, err = runCLI(t, nil, "simulate", "--message", "The Hanoi summit ended without a deal <@123>")
	if err != nil || !strings.Contains(out, `"flags": 64`) || !strings.Contains(out, "Sources for “The Hanoi summit ended without a deal”") || strings.Contains(out, "123") {
		t.Errorf("simulate --message: %v %.300s", err, out)
	}
	// An empty message is still one: Find sources answers it with its
	// private note, not a usage error.
	out, _, err = runCLI(t, nil, "simulate", "--message", "")
	if err != nil || !strings.Contains(out, `"flags": 64`) || !strings.Contains(out, `"content": "⚠️ `) || strings.Contains(out, "Sources for") {
		t.Errorf("simulate --message '': %v %.300s", err, out)
	}
	for _, args := range [][]string{{"simulate", "--message", "x", "/help"}, {"simulate", "--message", "", "/help"}, {"simulate", "--message", "x", "--click", "pg1|s|1|0||x"}, {"simulate"}, {"simulate", "summit hanoi"}, {"simulate", "/nope"}, {"simulate", "/summit"}, {"simulate", "/search query:x hide:maybe"}} {
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
	// Two links, each after the line that explains it: a server install
	// (integration_type 0) with the bot scope and the permissions a reply
	// to a mention needs, and a user install (integration_type 1) with
	// the commands scope alone; then where to enable user install.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var links []url.Values
	for n, l := range lines {
		if !strings.HasPrefix(l, "https://") {
			continue
		}
		u, err := url.Parse(l)
		if err != nil || u.Host != "discord.com" || u.Path != "/oauth2/authorize" || n == 0 || strings.HasPrefix(lines[n-1], "https://") {
			t.Fatalf("invite link %q (%v) without its explanation above it:\n%s", l, err, out)
		}
		links = append(links, u.Query())
	}
	want := []url.Values{
		{"client_id": {"123456789012345678"}, "scope": {"bot applications.commands"}, "permissions": {"84992"}, "integration_type": {"0"}},
		{"client_id": {"123456789012345678"}, "scope": {"applications.commands"}, "integration_type": {"1"}},
	}
	if !reflect.DeepEqual(links, want) {
		t.Errorf("invite links %v, want %v:\n%s", links, want, out)
	}
	for _, w := range []string{"server", "your own account", "Developer Portal", "Installation Contexts", "User Install"} {
		if !strings.Contains(out, w) {
			t.Errorf("invite does not say %q:\n%s", w, out)
		}
	}
	if _, _, err := runCLI(t, nil, "invite"); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("invite without app id or token: %v", err)
	}
}
