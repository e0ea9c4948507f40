package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the program with an empty environment unless env is given.
func runCLI(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr syncBuffer // the bot's goroutines may log as run returns
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), args, getenv, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSummitOnBuiltinCorpus(t *testing.T) {
	t.Chdir(t.TempDir()) // no stray .env
	out, _, err := runCLI(t, nil, "summit", "hanoi")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Hanoi summit (27–28 February 2019)", "Sofitel Legend Metropole", "Outcomes:", "Further reading:", "passages:", "articles/"} {
		if !strings.Contains(out, want) {
			t.Errorf("summit hanoi output lacks %q:\n%s", want, out)
		}
	}
	// Aliases resolve.
	for _, alias := range []string{"vietnam", "panmunjom", "sentosa", "next"} {
		if _, _, err := runCLI(t, nil, "summit", "--limit", "1", alias); err != nil {
			t.Errorf("summit %s: %v", alias, err)
		}
	}
}

func TestSearchJSON(t *testing.T) {
	t.Chdir(t.TempDir())
	out, _, err := runCLI(t, nil, "search", "--json", "sanctions", "relief", "--limit", "3")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Hits []map[string]any `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(res.Hits) == 0 || len(res.Hits) > 3 {
		t.Fatalf("want 1-3 hits, got %d", len(res.Hits))
	}
	for _, key := range []string{"source", "title", "date", "url", "text", "fragment", "events", "score"} {
		if _, ok := res.Hits[0][key]; !ok {
			t.Errorf("hit lacks %q: %v", key, res.Hits[0])
		}
	}
	if !strings.Contains(res.Hits[0]["fragment"].(string), "**") {
		t.Errorf("fragment is not highlighted: %v", res.Hits[0]["fragment"])
	}

	out, _, err = runCLI(t, nil, "summit", "--json", "dmz")
	if err != nil {
		t.Fatal(err)
	}
	var card struct {
		Event struct {
			ID    string `json:"id"`
			Start string `json:"start"`
		} `json:"event"`
		Hits []map[string]any `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &card); err != nil || card.Event.ID != "dmz" || card.Event.Start != "2019-06-30" || len(card.Hits) == 0 {
		t.Errorf("summit --json dmz: %v %+v", err, card)
	}
	out, _, err = runCLI(t, nil, "events", "--json")
	if err != nil || !strings.Contains(out, `"id": "fourth"`) {
		t.Errorf("events --json: %v\n%s", err, out)
	}
}

func TestErrorsNameTheFix(t *testing.T) {
	t.Chdir(t.TempDir())
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		want  []string
		usage bool
	}{
		{"unknown event", []string{"summit", "atlantis"}, nil, []string{`unknown event "atlantis"`, "singapore, hanoi, dmz, fourth"}, true},
		{"missing corpus", []string{"search", "--corpus", "/no/such/folder", "x"}, nil, []string{"CORPUS_DIR", "/no/such/folder", "does not exist"}, false},
		{"missing corpus from env", []string{"events"}, map[string]string{"CORPUS_DIR": "/no/such"}, []string{"CORPUS_DIR", "/no/such"}, false},
		{"index without folder", []string{"index"}, nil, []string{"--index DIR or INDEX_DIR"}, true},
		{"no query", []string{"search"}, nil, []string{"search needs a QUERY"}, true},
		{"bad flag", []string{"search", "--nope", "x"}, nil, []string{"flag provided but not defined"}, true},
		{"bad limit", []string{"search", "--limit", "0", "x"}, nil, []string{"--limit"}, true},
		{"unknown subcommand", []string{"frobnicate"}, nil, []string{`unknown subcommand "frobnicate"`}, true},
		{"index folder is a file", []string{"search", "--index", "/etc/hostname", "x"}, nil, []string{"INDEX_DIR", "is a file"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCLI(t, tt.env, tt.args...)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			var u usageError
			if errors.As(err, &u) != tt.usage {
				t.Errorf("usage error = %v, want %v", !tt.usage, tt.usage)
			}
		})
	}
	// Two config problems are reported together, by a subcommand that
	// reads both settings.
	_, _, err := runCLI(t, map[string]string{"CORPUS_DIR": "/no/such", "INDEX_DIR": "/etc/hostname"}, "search", "x")
	if err == nil || !strings.Contains(err.Error(), "CORPUS_DIR") || !strings.Contains(err.Error(), "INDEX_DIR") {
		t.Errorf("want both problems at once, got %v", err)
	}
	// events reads only the catalogue: INDEX_DIR does not concern it.
	_, _, err = runCLI(t, map[string]string{"CORPUS_DIR": "/no/such", "INDEX_DIR": "/etc/hostname"}, "events")
	if err == nil || !strings.Contains(err.Error(), "CORPUS_DIR") || strings.Contains(err.Error(), "INDEX_DIR") {
		t.Errorf("events: want the CORPUS_DIR problem alone, got %v", err)
	}
}

func TestIndexCommandAndDotEnv(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	corpusDir := filepath.Join(dir, "my articles")
	writeFile(t, filepath.Join(corpusDir, "a.md"), "---\ntitle: Talks\ndate: 2019-02-28\n---\nKim Jong-un and Donald Trump met in Hanoi for a summit that ended early.\n")
	writeFile(t, filepath.Join(corpusDir, "bad.md"), "\x00\x01binary")
	writeFile(t, filepath.Join(dir, ".env"), "CORPUS_DIR='"+corpusDir+"'\nINDEX_DIR="+filepath.Join(dir, "idx")+"\n")

	out, errOut, err := runCLI(t, nil, "index")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "index built") || !strings.Contains(errOut, "warning: skipped bad.md") || !strings.Contains(errOut, "1 articles, 1 passages, 1 skipped") {
		t.Errorf("first index run:\nstdout %s\nstderr %s", out, errOut)
	}
	out, _, err = runCLI(t, nil, "index")
	if err != nil || !strings.Contains(out, "index up to date") {
		t.Errorf("second index run: %v %s", err, out)
	}
	out, _, err = runCLI(t, nil, "search", "hanoi")
	if err != nil || !strings.Contains(out, "a.md") {
		t.Errorf("search through .env settings: %v %s", err, out)
	}
	// The environment wins over .env, flags over both.
	other := filepath.Join(dir, "other")
	writeFile(t, filepath.Join(other, "b.txt"), "Trump crossed the military demarcation line at Panmunjom to greet Kim.")
	out, _, err = runCLI(t, map[string]string{"CORPUS_DIR": other}, "search", "--index", filepath.Join(dir, "idx2"), "panmunjom")
	if err != nil || !strings.Contains(out, "b.txt") {
		t.Errorf("env over .env: %v %s", err, out)
	}
	// --strict turns the skipped file into a failure that names it.
	_, _, err = runCLI(t, nil, "index", "--strict", "--index", filepath.Join(dir, "idx3"))
	if err == nil || !strings.Contains(err.Error(), "bad.md") {
		t.Errorf("--strict: %v", err)
	}
}

func TestHelp(t *testing.T) {
	out, _, err := runCLI(t, nil, "help")
	if err != nil || !strings.Contains(out, "summitbot search [flags] QUERY") {
		t.Errorf("help: %v %s", err, out)
	}
	// No subcommand means run, which needs a token and says where to get one.
	t.Chdir(t.TempDir())
	_, _, err = runCLI(t, nil)
	if err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") || !strings.Contains(err.Error(), "developers/applications") {
		t.Errorf("no args: %v", err)
	}
}
