package discordtest

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func choices(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		v := string(rune('a' + i%26))
		out[i] = map[string]any{"name": v, "value": v}
	}
	return out
}

// validCommands is what a slash-command bot registers: a top-level
// command with typed options, choices and a subcommand.
func validCommands() []map[string]any {
	return []map[string]any{
		{
			"name": "search", "description": "Search the docs", "type": 1,
			"options": []map[string]any{
				{"type": 3, "name": "query", "description": "What to look for", "required": true, "max_length": 200},
				{"type": 3, "name": "section", "description": "Limit to a section", "choices": choices(25)},
				{"type": 4, "name": "limit", "description": "How many", "min_value": 1, "max_value": 10},
				{"type": 5, "name": "public", "description": "Show to everyone"},
			},
			"contexts":          []int{0},
			"integration_types": []int{0},
		},
		{
			"name": "admin", "description": "Admin tools",
			"default_member_permissions": 8,
			"options": []map[string]any{
				{"type": 1, "name": "reindex", "description": "Rebuild the index"},
			},
		},
	}
}

func TestValidateCommandRegistration(t *testing.T) {
	sp := SpecOrSkip(t)
	for _, p := range []string{"/applications/100000000000000001/commands", "/applications/1/guilds/2/commands"} {
		if err := sp.ValidateRequest("PUT", p, []byte(mustJSON(t, validCommands()))); err != nil {
			t.Errorf("valid commands rejected for %s: %v", p, err)
		}
	}
	if err := sp.ValidateRequest("PUT", "/applications/1/commands", []byte(`[]`)); err != nil {
		t.Errorf("empty registration rejected: %v", err)
	}

	invalid := []struct {
		name    string
		mutate  func(cmds []map[string]any)
		wantMsg string // a fragment of the error, to prove it names the problem
	}{
		{"name over 32 chars", func(c []map[string]any) { c[0]["name"] = strings.Repeat("a", 33) }, "'/0/name': maxLength: got 33, want 32"},
		{"empty name", func(c []map[string]any) { c[0]["name"] = "" }, "'/0/name': minLength"},
		{"description over 100 chars", func(c []map[string]any) { c[1]["description"] = strings.Repeat("d", 101) }, "'/1/description': maxLength: got 101, want 100"},
		{"option description over 100 chars", func(c []map[string]any) {
			c[0]["options"].([]map[string]any)[0]["description"] = strings.Repeat("d", 101)
		}, "'/0/options/0/description': maxLength: got 101, want 100"},
		{"option with unknown type", func(c []map[string]any) { c[0]["options"].([]map[string]any)[3]["type"] = 99 }, "'/0/options/3/type': got 99, want one of 1, 2, 3"},
		{"more than 25 choices", func(c []map[string]any) { c[0]["options"].([]map[string]any)[1]["choices"] = choices(26) }, "'/0/options/1/choices': maxItems: got 26, want 25"},
		{"more than 25 options", func(c []map[string]any) {
			opts := make([]map[string]any, 26)
			for i := range opts {
				opts[i] = map[string]any{"type": 5, "name": "o" + strings.Repeat("x", i), "description": "d"}
			}
			c[0]["options"] = opts
		}, "'/0/options': maxItems: got 26, want 25"},
		{"option missing description", func(c []map[string]any) { delete(c[0]["options"].([]map[string]any)[0], "description") }, "'/0/options/0'"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			cmds := validCommands()
			tc.mutate(cmds)
			err := sp.ValidateRequest("PUT", "/applications/1/commands", []byte(mustJSON(t, cmds)))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error does not mention %q:\n%v", tc.wantMsg, err)
			}
			t.Logf("%v", err)
		})
	}

	// Permission bitfields are documented (and sent by discordgo) as decimal
	// strings although the spec says integer; see numberPermissions.
	for perm, wantOK := range map[any]bool{"8": true, 8: true, nil: true, "MANAGE_GUILD": false, "-1": false, "18014398509481984": false} {
		cmds := validCommands()
		cmds[1]["default_member_permissions"] = perm
		err := sp.ValidateRequest("PUT", "/applications/1/commands", []byte(mustJSON(t, cmds)))
		if (err == nil) != wantOK {
			t.Errorf("default_member_permissions %#v: err %v, want ok=%v", perm, err, wantOK)
		}
	}

	// Discord only accepts lowercase names without spaces (^[-_\p{L}\p{N}...]{1,32}$),
	// but the OpenAPI spec states just minLength 1 / maxLength 32, so that rule
	// cannot be checked here. Keep this visible rather than pretending.
	for _, name := range []string{"Search", "two words"} {
		cmds := validCommands()
		cmds[0]["name"] = name
		if err := sp.ValidateRequest("PUT", "/applications/1/commands", []byte(mustJSON(t, cmds))); err == nil {
			t.Logf("spec gap: command name %q is accepted (the spec has no name pattern)", name)
		} else {
			t.Logf("the spec now constrains command name %q: %v", name, err)
		}
	}
}

func TestValidateInteractionCallback(t *testing.T) {
	sp := SpecOrSkip(t)
	const path = "/interactions/800000000000000001/aW50ZXJhY3Rpb24:token/callback"
	valid := map[string]string{
		"message":      `{"type":4,"data":{"content":"hi","allowed_mentions":{"parse":[]},"flags":64}}`,
		"deferred":     `{"type":5}`,
		"autocomplete": `{"type":8,"data":{"choices":[{"name":"a","value":"a"}]}}`,
		"embed":        `{"type":4,"data":{"embeds":[{"title":"T","description":"D","url":"https://example.com/x","color":16777215,"fields":[{"name":"n","value":"v","inline":true}]}]}}`,
		"update":       `{"type":7,"data":{"content":"updated","components":[]}}`,
		"pong":         `{"type":1}`,
	}
	for name, body := range valid {
		if err := sp.ValidateRequest("POST", path, []byte(body)); err != nil {
			t.Errorf("%s: valid callback rejected: %v", name, err)
		}
	}
	invalid := map[string]struct{ body, want string }{
		"content over 2000":   {`{"type":4,"data":{"content":"` + strings.Repeat("x", 2001) + `"}}`, "'/data/content': maxLength: got 2001, want 2000"},
		"unknown type":        {`{"type":42}`, "'/type': got 42, want one of 1, 4, 5"},
		"missing type":        {`{"data":{"content":"hi"}}`, "type"},
		"26 autocomplete":     {`{"type":8,"data":{"choices":` + mustJSON(t, choices(26)) + `}}`, "'/data/choices': maxItems: got 26, want 25"},
		"bad embed url":       {`{"type":4,"data":{"embeds":[{"url":"not a url"}]}}`, "'/data/embeds/0/url'"},
		"bad allowed_mention": {`{"type":4,"data":{"content":"hi","allowed_mentions":{"parse":["nobody"]}}}`, "'/data/allowed_mentions/parse/0'"},
		"not json":            {`{"type":4`, "not valid JSON"},
		"empty body":          {``, "requires a request body"},

		// A message callback's data is optional, so {"type":8} would pass as
		// one if its schema took type 8; it does not, and autocomplete (8)
		// needs its data.
		"type 8 without data": {`{"type":8}`, "missing property 'data'"},
	}
	for name, tc := range invalid {
		err := sp.ValidateRequest("POST", path, []byte(tc.body))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error does not mention %q:\n%v", name, tc.want, err)
		}
	}
	// Compiled schemas are cached per pointer: one for every callback
	// above, one more for another operation.
	if err := sp.ValidateRequest("PATCH", "/webhooks/1/tok/messages/@original", []byte(`{"content":"x"}`)); err != nil {
		t.Errorf("edit: %v", err)
	}
	sp.mu.Lock()
	n := len(sp.cache)
	sp.mu.Unlock()
	if n != 2 {
		t.Errorf("%d cached schemas, want 2", n)
	}
}

func TestValidateWebhookEdit(t *testing.T) {
	sp := SpecOrSkip(t)
	const path = "/webhooks/100000000000000001/tok/messages/@original"
	embed := func(title string) map[string]any {
		return map[string]any{"title": title, "description": "d", "color": 0x5865F2, "footer": map[string]any{"text": "f"}}
	}
	ok := mustJSON(t, map[string]any{"content": "done", "embeds": []any{embed("Result")}})
	if err := sp.ValidateRequest("PATCH", path, []byte(ok)); err != nil {
		t.Errorf("valid edit rejected: %v", err)
	}
	eleven := make([]any, 11)
	for i := range eleven {
		eleven[i] = embed("e")
	}
	for name, tc := range map[string]struct{ body, want string }{
		"11 embeds":         {mustJSON(t, map[string]any{"embeds": eleven}), "'/embeds': maxItems: got 11, want 10"},
		"title over 256":    {mustJSON(t, map[string]any{"embeds": []any{embed(strings.Repeat("t", 257))}}), "'/embeds/0/title': maxLength: got 257, want 256"},
		"content over 2000": {mustJSON(t, map[string]any{"content": strings.Repeat("c", 2001)}), "'/content': maxLength"},
	} {
		err := sp.ValidateRequest("PATCH", path, []byte(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want mention of %q", name, err, tc.want)
		}
	}
	// Follow-ups and channel messages are covered too.
	if err := sp.ValidateRequest("POST", "/webhooks/1/tok", []byte(`{"content":"follow-up","flags":64}`)); err != nil {
		t.Errorf("follow-up rejected: %v", err)
	}
	if err := sp.ValidateRequest("POST", "/channels/1/messages", []byte(`{"content":"hello"}`)); err != nil {
		t.Errorf("channel message rejected: %v", err)
	}
}

func TestSpecPathMatching(t *testing.T) {
	sp := SpecOrSkip(t)
	for _, tc := range []struct{ method, path, want string }{
		// The literal "@original" beats the {message_id} template.
		{"PATCH", "/webhooks/1/tok/messages/@original", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"},
		{"patch", "/webhooks/1/tok/messages/2", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"},
		{"PUT", "/api/v9/applications/1/commands?with_localizations=true", "/applications/{application_id}/commands"},
		{"PUT", "/applications/1/guilds/2/commands", "/applications/{application_id}/guilds/{guild_id}/commands"},
		{"POST", "/interactions/1/t/callback", "/interactions/{interaction_id}/{interaction_token}/callback"},
		{"GET", "/users/@me", "/users/@me"},
	} {
		op, err := sp.findOperation(tc.method, tc.path)
		if err != nil || op.template != tc.want {
			t.Errorf("%s %s matched %v (%v), want %s", tc.method, tc.path, op, err, tc.want)
		}
	}
	if err := sp.ValidateRequest("POST", "/no/such/endpoint", []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "no operation") {
		t.Errorf("unknown endpoint: %v", err)
	}
	if err := sp.ValidateRequest("POST", "/users/@me", []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "no operation") {
		t.Errorf("unknown method: %v", err)
	}
	if err := sp.ValidateRequest("GET", "/users/@me", nil); err != nil {
		t.Errorf("bodiless GET: %v", err)
	}
	if err := sp.ValidateRequest("GET", "/users/@me", []byte(`{"x":1}`)); err == nil || !strings.Contains(err.Error(), "takes no JSON") {
		t.Errorf("GET with body: %v", err)
	}
	if err := sp.ValidateRequest("DELETE", "/webhooks/1/tok/messages/@original", nil); err != nil {
		t.Errorf("DELETE @original: %v", err)
	}
}

func TestValidateAll(t *testing.T) {
	sp := SpecOrSkip(t)
	jsonHdr := http.Header{"Content-Type": {"application/json"}}
	multipartBody := "--B\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n" +
		`{"content":"` + strings.Repeat("m", 2001) + `"}` +
		"\r\n--B\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\n\r\nhello\r\n--B--\r\n"
	reqs := []Request{
		{Method: "GET", Path: "/gateway/bot"},
		{Method: "PUT", Path: "/applications/1/commands", Header: jsonHdr, Body: []byte(mustJSON(t, validCommands()))},
		{Method: "POST", Path: "/interactions/1/t/callback", Header: jsonHdr, Body: []byte(`{"type":4,"data":{"content":"` + strings.Repeat("x", 2001) + `"}}`)},
		{Method: "POST", Path: "/webhooks/1/t", Header: http.Header{"Content-Type": {"multipart/form-data; boundary=B"}}, Body: []byte(multipartBody)},
		{Method: "POST", Path: "/nowhere", Header: jsonHdr, Body: []byte(`{}`)},
		{Method: "POST", Path: "/channels/1/messages", Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(`hello`)},
	}
	rec := &recordingTB{TB: t}
	if n := sp.ValidateAll(rec, reqs); n != 4 {
		t.Errorf("validated %d requests, want 4", n)
	}
	msgs := rec.messages()
	for _, want := range []string{"request #2 POST /interactions/1/t/callback", "request #3 POST /webhooks/1/t", "request #4 POST /nowhere"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("failures do not mention %q:\n%s", want, msgs)
		}
	}
	if strings.Contains(msgs, "#1 ") {
		t.Errorf("valid request reported:\n%s", msgs)
	}
}

func TestFindSpec(t *testing.T) {
	root := t.TempDir()
	spec := filepath.Join(root, "shared", "discord", "openapi.json")
	if err := os.MkdirAll(filepath.Dir(spec), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(spec, []byte(`{"openapi":"3.1.0","paths":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(root, "main", "bot", "internal")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(pkg)
	got := FindSpec()
	if want, _ := filepath.EvalSymlinks(spec); got == "" {
		t.Fatalf("FindSpec() = %q, want %s", got, want)
	} else if g, _ := filepath.EvalSymlinks(got); g != want {
		t.Fatalf("FindSpec() = %q, want %s", got, want)
	}
	if _, err := LoadSpec(got); err != nil {
		t.Errorf("LoadSpec(minimal) = %v", err)
	}

	empty := t.TempDir()
	t.Chdir(empty)
	if got := FindSpec(); got != "" {
		t.Errorf("FindSpec() in an unrelated dir = %q", got)
	}
	skipped := false
	t.Run("absent spec skips", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		SpecOrSkip(t)
	})
	if !skipped {
		t.Error("SpecOrSkip did not skip without a spec")
	}
	if _, err := LoadSpec(filepath.Join(empty, "missing.json")); err == nil {
		t.Error("LoadSpec of a missing file succeeded")
	}
}
