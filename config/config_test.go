package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadPrecedence(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, ".env")
	os.WriteFile(envFile, []byte("CORPUS_DIR=/from/file\nINDEX_DIR=/idx/from/file\n"), 0o600)
	tests := []struct {
		name       string
		env        map[string]string
		file       string
		wantCorpus string
		wantIndex  string
	}{
		{"file only", nil, envFile, "/from/file", "/idx/from/file"},
		{"environment wins", map[string]string{"CORPUS_DIR": "/from/env"}, envFile, "/from/env", "/idx/from/file"},
		{"no file", map[string]string{"INDEX_DIR": "/x"}, filepath.Join(dir, "missing.env"), "", "/x"},
		{"no file name", nil, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(func(k string) string { return tt.env[k] }, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.CorpusDir != tt.wantCorpus || cfg.IndexDir != tt.wantIndex {
				t.Errorf("got %+v", cfg)
			}
		})
	}
}

func TestLoadBadEnvFile(t *testing.T) {
	dir := t.TempDir()
	// A folder where the file should be cannot be read.
	if _, err := Load(func(string) string { return "" }, dir); err == nil {
		t.Error("want an error for an unreadable .env")
	}
}

func TestValidateReportsEverything(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	os.WriteFile(file, []byte("x"), 0o600)
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"fine", Config{CorpusDir: dir, IndexDir: filepath.Join(dir, "new")}, nil},
		{"defaults", Config{}, nil},
		{"missing corpus", Config{CorpusDir: filepath.Join(dir, "nope")}, []string{"CORPUS_DIR", "does not exist", "hint"}},
		{"corpus is a file", Config{CorpusDir: file}, []string{"CORPUS_DIR", "is a file"}},
		{"both wrong", Config{CorpusDir: file, IndexDir: file}, []string{"CORPUS_DIR", "INDEX_DIR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate(Needs{})
			if (err != nil) != (tt.want != nil) {
				t.Fatalf("err = %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
}

func TestDiscordSettings(t *testing.T) {
	env := map[string]string{
		"DISCORD_TOKEN": "Bot MTIz.abc.def", "DISCORD_APP_ID": "123456789012345678", "DISCORD_GUILD_ID": "223456789012345678",
		"DISCORD_API_URL": "http://127.0.0.1:9/api/v9", "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway",
		"SHARD_ID": "1", "SHARD_COUNT": "4", "LOG_LEVEL": "debug",
	}
	cfg, err := Load(func(k string) string { return env[k] }, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(Needs{Token: true}); err != nil {
		t.Fatalf("valid settings rejected: %v", err)
	}
	if cfg.Token != "MTIz.abc.def" || cfg.ShardID != 1 || cfg.ShardCount != 4 {
		t.Errorf("parsed %+v", cfg)
	}
	if strings.Contains(cfg.String(), "MTIz") || strings.Contains(fmt.Sprintf("%v %+v", cfg, cfg), "abc.def") {
		t.Errorf("the token leaks through formatting: %v", cfg)
	}

	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"missing token", map[string]string{}, []string{"DISCORD_TOKEN: not set", "developers/applications"}},
		{"malformed token", map[string]string{"DISCORD_TOKEN": "hunter2"}, []string{"DISCORD_TOKEN: does not look like a bot token"}},
		{"everything wrong at once", map[string]string{
			"DISCORD_TOKEN": "a.b.c", "DISCORD_APP_ID": "app", "DISCORD_GUILD_ID": "12", "DISCORD_API_URL": "ftp://x",
			"DISCORD_GATEWAY_URL": "http://x", "SHARD_ID": "5", "SHARD_COUNT": "2", "LOG_LEVEL": "loud",
		}, []string{"DISCORD_APP_ID", "DISCORD_GUILD_ID", "DISCORD_API_URL", "DISCORD_GATEWAY_URL", "SHARD_ID: 5 must be below SHARD_COUNT 2", "LOG_LEVEL"}},
		{"shard not a number", map[string]string{"DISCORD_TOKEN": "a.b.c", "SHARD_ID": "one"}, []string{"SHARD_ID: \"one\" is not a whole number"}},
		{"shard id alone", map[string]string{"DISCORD_TOKEN": "a.b.c", "SHARD_ID": "2"}, []string{"SHARD_ID: set without SHARD_COUNT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(func(k string) string { return tt.env[k] }, "")
			if err != nil {
				t.Fatal(err)
			}
			err = cfg.Validate(Needs{Token: true})
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
			if tok := tt.env["DISCORD_TOKEN"]; len(tok) > 5 && strings.Contains(err.Error(), tok) {
				t.Errorf("the token appears in the error")
			}
		})
	}
}

func TestWorldReadableEnvFileWarns(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, ".env")
	os.WriteFile(envFile, []byte("DISCORD_TOKEN=a.b.c\n"), 0o644)
	os.Chmod(envFile, 0o644)
	cfg, err := Load(func(string) string { return "" }, envFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Warnings) != 1 || !strings.Contains(cfg.Warnings[0], "chmod 600") || strings.Contains(cfg.Warnings[0], "a.b.c") {
		t.Errorf("warnings: %q", cfg.Warnings)
	}
	os.Chmod(envFile, 0o600)
	if cfg, _ := Load(func(string) string { return "" }, envFile); len(cfg.Warnings) != 0 {
		t.Errorf("a private .env warns: %q", cfg.Warnings)
	}
}
