package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
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

// A subcommand is stopped only by the settings it reads: Needs.Only
// limits the checks to its groups; what it requires is checked whatever
// Only says.
func TestValidateOnlyWhatIsUsed(t *testing.T) {
	bad := map[string]string{"DISCORD_TOKEN": "hunter2", "SHARD_ID": "one", "SHARD_COUNT": "2", "DISCORD_GUILD_ID": "12",
		"DISCORD_PUBLIC_KEY": "xyz", "HTTP_ADDR": "nowhere", "LOG_LEVEL": "loud", "CORPUS_DIR": "/no/such"}
	cfg, err := Load(func(k string) string { return bad[k] }, "")
	if err != nil {
		t.Fatal(err)
	}
	all := []string{"DISCORD_TOKEN", "SHARD_ID", "DISCORD_GUILD_ID", "DISCORD_PUBLIC_KEY", "HTTP_ADDR", "LOG_LEVEL", "CORPUS_DIR"}
	tests := []struct {
		needs Needs
		want  []string
	}{
		{Needs{Only: CorpusSettings}, []string{"CORPUS_DIR"}},
		{Needs{Only: AddrSettings}, []string{"HTTP_ADDR"}},
		{Needs{Only: LogSettings}, []string{"LOG_LEVEL"}},
		{Needs{Only: DiscordSettings}, []string{"SHARD_ID", "DISCORD_GUILD_ID", "DISCORD_PUBLIC_KEY"}},
		{Needs{Token: true, Only: CorpusSettings}, []string{"DISCORD_TOKEN", "CORPUS_DIR"}},
		{Needs{PublicKey: true, Only: AddrSettings}, []string{"DISCORD_PUBLIC_KEY", "HTTP_ADDR"}},
		{Needs{AppID: true, Only: LogSettings}, []string{"DISCORD_TOKEN", "LOG_LEVEL"}},
		{Needs{Only: AllSettings}, []string{"SHARD_ID", "DISCORD_GUILD_ID", "DISCORD_PUBLIC_KEY", "HTTP_ADDR", "LOG_LEVEL", "CORPUS_DIR"}},
		{Needs{Token: true}, all},
	}
	for _, tt := range tests {
		err := cfg.Validate(tt.needs)
		for _, name := range all {
			reported := err != nil && (strings.Contains(err.Error(), name+":") || strings.Contains(err.Error(), name+" /"))
			if reported != slices.Contains(tt.want, name) {
				t.Errorf("%+v: reports %s: %v, want %v (%v)", tt.needs, name, reported, !reported, err)
			}
		}
	}
	// An application id spares the token.
	cfg.AppID = "123456789012345678"
	if err := cfg.Validate(Needs{AppID: true, Only: CorpusSettings}); err == nil || strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("AppID with DISCORD_APP_ID set: %v", err)
	}
	if got := (Needs{AppID: true, Only: CorpusSettings | IndexSettings}).Vars(); strings.Join(got, " ") != "DISCORD_TOKEN DISCORD_APP_ID CORPUS_DIR INDEX_DIR" {
		t.Errorf("Vars: %q", got)
	}
	if got := (Needs{AppID: true, Only: CorpusSettings}).Vars(); strings.Join(got, " ") != "DISCORD_TOKEN DISCORD_APP_ID CORPUS_DIR" {
		t.Errorf("Vars of the corpus alone: %q", got)
	}
}

// INDEX_DIR is a group of its own: what reads only the catalogue checks
// CORPUS_DIR and is not stopped by an INDEX_DIR that is a file.
func TestIndexSettingsApart(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	os.WriteFile(file, []byte("x"), 0o600)
	cfg := Config{CorpusDir: filepath.Join(dir, "nope"), IndexDir: file}
	for _, tt := range []struct {
		only          Settings
		corpus, index bool
	}{
		{CorpusSettings, true, false},
		{IndexSettings, false, true},
		{CorpusSettings | IndexSettings, true, true},
		{DiscordSettings, false, false},
		{AllSettings, true, true},
	} {
		err := cfg.Validate(Needs{Only: tt.only})
		corpus := err != nil && strings.Contains(err.Error(), "CORPUS_DIR")
		index := err != nil && strings.Contains(err.Error(), "INDEX_DIR")
		if corpus != tt.corpus || index != tt.index {
			t.Errorf("Only %b: reports CORPUS_DIR %v, INDEX_DIR %v; want %v, %v (%v)", tt.only, corpus, index, tt.corpus, tt.index, err)
		}
	}
}

// AllSettings is every group that has variables, and nothing else, so
// that Only's zero (AllSettings) checks them all.
func TestAllSettingsIsEveryGroup(t *testing.T) {
	var union Settings
	for _, v := range vars {
		if union&v.group != 0 {
			t.Errorf("group %b is listed twice", v.group)
		}
		union |= v.group
	}
	if union != AllSettings {
		t.Errorf("the groups of vars are %b, AllSettings %b", union, AllSettings)
	}
	if got, want := (Needs{}).Vars(), (Needs{Only: AllSettings}).Vars(); !slices.Equal(got, want) {
		t.Errorf("Needs{} reads %q, Needs{Only: AllSettings} %q", got, want)
	}
}

// FEEDS, FETCH_EVERY and FEEDS_DIR: every problem at once, with the
// variable's name and a hint.
func TestFeedSettings(t *testing.T) {
	corpusDir := t.TempDir()
	os.WriteFile(filepath.Join(corpusDir, "afile"), []byte("x"), 0o600)
	tests := []struct {
		name      string
		env       map[string]string
		wantFeeds []string
		wantEvery time.Duration
		wantDir   string   // FeedsFolder, relative to corpusDir unless absolute
		wantErrs  []string // each in the error, in order
	}{
		{"unset", map[string]string{}, nil, DefaultFetchEvery, "feeds", nil},
		{"unset without a corpus", map[string]string{"CORPUS_DIR": ""}, nil, DefaultFetchEvery, "feeds", nil},
		{"separators", map[string]string{"FEEDS": "https://a.example/rss, http://b.example/atom.xml\nhttps://c.example/feed\thttps://d.example/x,,", "FETCH_EVERY": "2h", "FEEDS_DIR": "news"},
			[]string{"https://a.example/rss", "http://b.example/atom.xml", "https://c.example/feed", "https://d.example/x"}, 2 * time.Hour, "news", nil},
		{"absolute folder", map[string]string{"FEEDS": "https://a.example/rss", "FEEDS_DIR": "/var/feeds"}, []string{"https://a.example/rss"}, DefaultFetchEvery, "/var/feeds", nil},
		{"bad urls", map[string]string{"FEEDS": "https://ok.example/rss example.com/rss ftp://x.example/f /rel", "FETCH_EVERY": "soon"},
			[]string{"https://ok.example/rss"}, DefaultFetchEvery, "feeds",
			[]string{`FEEDS: "example.com/rss" is not an absolute http or https URL (hint:`, `FEEDS: "ftp://x.example/f"`, `FEEDS: "/rel"`, `FETCH_EVERY: "soon" is not a duration (hint:`}},
		{"too often", map[string]string{"FEEDS": "https://a.example/rss", "FETCH_EVERY": "30s"}, []string{"https://a.example/rss"}, DefaultFetchEvery, "feeds",
			[]string{"FETCH_EVERY: 30s is less than 1m0s (hint:"}},
		{"no corpus", map[string]string{"FEEDS": "https://a.example/rss", "CORPUS_DIR": ""}, []string{"https://a.example/rss"}, DefaultFetchEvery, "feeds",
			[]string{"FEEDS is set but CORPUS_DIR is not (hint:"}},
		{"no corpus, bad feed", map[string]string{"FEEDS": "nope", "CORPUS_DIR": ""}, nil, DefaultFetchEvery, "feeds",
			[]string{`FEEDS: "nope"`, "FEEDS is set but CORPUS_DIR is not"}},
		{"folder is a file", map[string]string{"FEEDS": "https://a.example/rss", "FEEDS_DIR": "afile"}, []string{"https://a.example/rss"}, DefaultFetchEvery, "afile",
			[]string{"FEEDS_DIR: ", "is a file, not a folder (hint:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"CORPUS_DIR": corpusDir}
			for k, v := range tt.env {
				env[k] = v
			}
			cfg, err := Load(func(k string) string { return env[k] }, "")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cfg.Feeds, tt.wantFeeds) || cfg.FetchEvery != tt.wantEvery {
				t.Errorf("Feeds %q, FetchEvery %s; want %q, %s", cfg.Feeds, cfg.FetchEvery, tt.wantFeeds, tt.wantEvery)
			}
			wantDir := tt.wantDir
			if !filepath.IsAbs(wantDir) {
				wantDir = filepath.Join(env["CORPUS_DIR"], wantDir)
			}
			if got := cfg.FeedsFolder(); got != wantDir {
				t.Errorf("FeedsFolder() = %q, want %q", got, wantDir)
			}
			err = cfg.Validate(Needs{Only: CorpusSettings | FeedSettings})
			if len(tt.wantErrs) == 0 {
				if err != nil {
					t.Errorf("Validate: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate: no error, want %q", tt.wantErrs)
			}
			rest := err.Error()
			for _, w := range tt.wantErrs {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("Validate: %v\nlacks (in order) %q", err, w)
				}
				rest = rest[i+len(w):]
			}
			// A subcommand that does not read the feed settings is not
			// stopped by them.
			if err := cfg.Validate(Needs{Only: CorpusSettings}); err != nil {
				t.Errorf("Validate of the corpus alone: %v", err)
			}
		})
	}
}

func TestCorpusPoll(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want time.Duration
		err  string
	}{
		{"", 30 * time.Second, ""},
		{"5s", 5 * time.Second, ""},
		{"0", 0, ""},
		{"0s", 0, ""},
		{"500ms", 30 * time.Second, `CORPUS_POLL: "500ms" is not a duration of a second or more (hint:`},
		{"often", 30 * time.Second, `CORPUS_POLL: "often"`},
	} {
		cfg, err := Load(func(k string) string { return map[string]string{"CORPUS_POLL": c.raw}[k] }, "")
		if err != nil {
			t.Fatal(err)
		}
		verr := cfg.Validate(Needs{Only: FeedSettings})
		if cfg.CorpusPoll != c.want || (c.err == "") != (verr == nil) || (verr != nil && !strings.Contains(verr.Error(), c.err)) {
			t.Errorf("CORPUS_POLL=%q: %s, %v; want %s, %q", c.raw, cfg.CorpusPoll, verr, c.want, c.err)
		}
	}
}

// FEEDS_DIR outside CORPUS_DIR is allowed, but warned of: the bot serves
// CORPUS_DIR and would not see the fetched articles.
func TestFeedsDirOutsideCorpusWarns(t *testing.T) {
	corpusDir := t.TempDir()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		warn bool
	}{
		{"default", map[string]string{}, false},
		{"relative inside", map[string]string{"FEEDS_DIR": "news/today"}, false},
		{"the corpus itself", map[string]string{"FEEDS_DIR": "."}, false},
		{"a name starting with dots", map[string]string{"FEEDS_DIR": "..feeds"}, false},
		{"absolute inside", map[string]string{"FEEDS_DIR": filepath.Join(corpusDir, "feeds")}, false},
		{"relative corpus, absolute inside", map[string]string{"CORPUS_DIR": "corpus", "FEEDS_DIR": filepath.Join(wd, "corpus", "feeds")}, false},
		{"absolute elsewhere", map[string]string{"FEEDS_DIR": "/var/feeds"}, true},
		{"up and out", map[string]string{"FEEDS_DIR": "../feeds"}, true},
		{"the parent", map[string]string{"FEEDS_DIR": ".."}, true},
		{"in and out", map[string]string{"FEEDS_DIR": "news/../../feeds"}, true},
		{"elsewhere without FEEDS", map[string]string{"FEEDS": "", "FEEDS_DIR": "/var/feeds"}, false},
		{"no corpus", map[string]string{"CORPUS_DIR": "", "FEEDS_DIR": "/var/feeds"}, false}, // an error instead
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"CORPUS_DIR": corpusDir, "FEEDS": "https://a.example/rss"}
			for k, v := range tt.env {
				env[k] = v
			}
			cfg, err := Load(func(k string) string { return env[k] }, "")
			if err != nil {
				t.Fatal(err)
			}
			warned := slices.ContainsFunc(cfg.Warn(), func(w string) bool {
				return strings.Contains(w, "FEEDS_DIR") && strings.Contains(w, "will not see") && strings.Contains(w, "hint: keep FEEDS_DIR inside CORPUS_DIR")
			})
			if warned != tt.warn || len(cfg.Warn()) > 1 {
				t.Errorf("warnings %q, want a FEEDS_DIR warning: %v", cfg.Warn(), tt.warn)
			}
		})
	}
}
