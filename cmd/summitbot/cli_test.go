package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/config"
)

// flagLine is a flag's line in a subcommand's usage: "  --limit N  show ...".
var flagLine = regexp.MustCompile(`(?m)^  --([a-z]+)`)

// Each subcommand's --help (and help NAME) prints its own usage with its
// own flags only, not the top-level text.
func TestSubcommandHelpShowsOnlyItsFlags(t *testing.T) {
	want := map[string][]string{
		"run":         {"corpus", "guild", "index", "register", "strict"},
		"serve":       {"corpus", "index", "strict"},
		"healthcheck": nil,
		"version":     nil,
		"register":    {"corpus", "guild"},
		"commands":    {"corpus"},
		"simulate":    {"admin", "click", "corpus", "dm", "focus", "index", "locale", "message", "out", "strict"},
		"invite":      nil,
		"search":      {"corpus", "event", "index", "json", "limit", "strict"},
		"summit":      {"corpus", "index", "json", "limit", "strict"},
		"events":      {"corpus", "json"},
		"index":       {"corpus", "index", "rebuild", "strict"},
		"fetch":       {"corpus"},
	}
	for _, sc := range subcommands {
		if _, ok := want[sc.name]; !ok {
			t.Errorf("subcommand %s is not in this test", sc.name)
		}
	}
	for name, flags := range want {
		for _, args := range [][]string{{name, "--help"}, {name, "-h"}, {"help", name}} {
			out, _, err := runCLI(t, nil, args...)
			if err != nil {
				t.Errorf("%q: %v", args, err)
				continue
			}
			var got []string
			for _, m := range flagLine.FindAllStringSubmatch(out, -1) {
				got = append(got, m[1])
			}
			if !slices.Equal(got, flags) {
				t.Errorf("%q lists the flags %q, want %q:\n%s", args, got, flags, out)
			}
			if !strings.HasPrefix(out, "Usage: summitbot ") || strings.Contains(out, "summitbot help [SUBCOMMAND]") {
				t.Errorf("%q does not print the subcommand's own usage:\n%s", args, out)
			}
		}
	}
	// A flag's help is its definition's.
	out, _, _ := runCLI(t, nil, "search", "--help")
	for _, w := range []string{"--limit N", "show N passages, 1 to 50 (default 5)", "--event ID", "CORPUS_DIR, INDEX_DIR"} {
		if !strings.Contains(out, w) {
			t.Errorf("search --help lacks %q:\n%s", w, out)
		}
	}
	// index requires its folder: its --index has no in-memory default.
	out, _, _ = runCLI(t, nil, "index", "--help")
	if !strings.Contains(out, "build or refresh the index in folder DIR (env INDEX_DIR; required)") || strings.Contains(out, "in memory") {
		t.Errorf("index --help does not say its folder is required:\n%s", out)
	}
}

// A flag another subcommand takes, an unknown one, or words a subcommand
// does not take are mistakes in the command line (exit status 2), found
// before any setting is read or any index built.
func TestOtherSubcommandsFlagsRejected(t *testing.T) {
	t.Chdir(t.TempDir())
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"version", "--json"}, "-json"},
		{[]string{"version", "--click", "x", "--json", "--admin"}, "-click"},
		{[]string{"healthcheck", "--limit", "3"}, "-limit"},
		{[]string{"healthcheck", "--limit", "0"}, "-limit"},
		{[]string{"events", "--click", "x"}, "-click"},
		{[]string{"events", "--strict"}, "-strict"},
		{[]string{"commands", "--index", "x"}, "-index"},
		{[]string{"register", "--strict"}, "-strict"},
		{[]string{"invite", "--guild", "123456789012345678"}, "-guild"},
		{[]string{"serve", "--json"}, "-json"},
		{[]string{"run", "--limit", "3"}, "-limit"},
		{[]string{"--limit", "3"}, "-limit"},
		{[]string{"summit", "--event", "dmz", "hanoi"}, "-event"},
		{[]string{"search", "--register", "x"}, "-register"},
		{[]string{"index", "--json"}, "-json"},
		{[]string{"simulate", "--limit", "3", "/timeline"}, "-limit"},
		{[]string{"version", "now"}, `version takes no arguments, got "now"`},
		{[]string{"healthcheck", "x"}, "healthcheck takes no arguments"},
		{[]string{"events", "hanoi"}, "events takes no arguments"},
		{[]string{"commands", "x"}, "commands takes no arguments"},
		{[]string{"invite", "x"}, "invite takes no arguments"},
		{[]string{"index", "--index", "x", "y"}, "index takes no arguments"},
		{[]string{"search", "   "}, "search needs a QUERY"},
		{[]string{"search", "--event", "hanoi"}, "search needs a QUERY"},
		{[]string{"summit"}, "summit needs an EVENT"},
		{[]string{"summit", "--limit", "51", "hanoi"}, "--limit must be between 1 and 50"},
		{[]string{"search", "--limit", "x", "hanoi"}, "-limit"},
		{[]string{"help", "search", "summit"}, "help takes one subcommand"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, errOut, err := runCLI(t, nil, tt.args...)
			var u usageError
			if !errors.As(err, &u) {
				t.Fatalf("want a usage error (exit 2), got %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
			if errOut != "" {
				t.Errorf("the mistake is found after reading settings or the corpus: stderr %q", errOut)
			}
		})
	}
}

// A mistyped subcommand or event names the nearest one.
func TestDidYouMean(t *testing.T) {
	t.Chdir(t.TempDir())
	tests := []struct {
		args []string
		want string // "" wants no suggestion
	}{
		{[]string{"serach", "sanctions"}, `unknown subcommand "serach": did you mean search?`},
		{[]string{"evnets"}, "did you mean events?"},
		{[]string{"hlep"}, "did you mean help?"},
		{[]string{"help", "simulte"}, "did you mean simulate?"},
		{[]string{"frobnicate"}, ""},
		{[]string{"summit", "hanio"}, `unknown event "hanio" (did you mean hanoi?)`},
		{[]string{"summit", "Singapur"}, "did you mean singapore?"},
		{[]string{"summit", "vietman"}, "did you mean hanoi?"},      // an alias
		{[]string{"summit", "hanio summit"}, "did you mean hanoi?"}, // a name
		{[]string{"search", "--event", "dmzz", "x"}, "did you mean dmz?"},
		{[]string{"summit", "atlantis"}, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := runCLI(t, nil, tt.args...)
			var u usageError
			if !errors.As(err, &u) {
				t.Fatalf("want a usage error (exit 2), got %v", err)
			}
			if tt.want == "" && strings.Contains(err.Error(), "did you mean") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want %q", err, tt.want)
			}
		})
	}
}

// A mistyped event is told before the corpus is indexed: no "corpus:"
// summary on stderr, which building the index prints.
func TestUnknownEventBeforeIndexing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	articles := filepath.Join(dir, "articles")
	for i := range 200 {
		writeFile(t, filepath.Join(articles, fmt.Sprintf("a%03d.md", i)),
			fmt.Sprintf("---\ntitle: Talks %d\ndate: 2019-02-28\n---\nKim Jong-un and Donald Trump met in Hanoi for a summit that ended early (%d).\n", i, i))
	}
	// The summary line is there when the event is known, so its absence
	// below means something.
	if _, errOut, err := runCLI(t, nil, "summit", "hanoi", "--corpus", articles, "--limit", "1"); err != nil || !strings.Contains(errOut, "corpus: 200 articles") {
		t.Fatalf("summit hanoi: %v, stderr %q", err, errOut)
	}
	for _, args := range [][]string{
		{"summit", "hanio", "--corpus", articles},
		{"search", "--event", "dmzz", "--corpus", articles, "talks"},
		{"summit", "hanio", "--corpus", articles, "--index", filepath.Join(dir, "idx")},
	} {
		_, errOut, err := runCLI(t, nil, args...)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), "did you mean") {
			t.Errorf("%q: want a usage error (exit 2) with a suggestion, got %v", args, err)
		}
		if strings.Contains(errOut, "corpus:") {
			t.Errorf("%q indexed the corpus before telling the mistake: stderr %q", args, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "idx")); err == nil {
		t.Error("summit hanio --index built an index")
	}
}

// A subcommand checks only the settings it uses: a broken Discord setup
// does not stop version, events, search, summit, index or commands, and
// version reads no settings at all.
func TestSubcommandsCheckOnlyTheirSettings(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	bad := map[string]string{"DISCORD_TOKEN": "hunter2", "SHARD_COUNT": "many", "SHARD_ID": "first",
		"DISCORD_APP_ID": "app", "DISCORD_API_URL": "ftp://x", "DISCORD_PUBLIC_KEY": "xyz", "HTTP_ADDR": "nowhere", "LOG_LEVEL": "loud"}
	idx := filepath.Join(dir, "idx")
	for _, args := range [][]string{
		{"version"}, {"events"}, {"events", "--json"}, {"commands"}, {"index", "--index", idx},
		{"search", "--index", idx, "--limit", "1", "sanctions"}, {"summit", "--index", idx, "--limit", "1", "hanoi"},
	} {
		for _, env := range []map[string]string{nil, bad} {
			if out, _, err := runCLI(t, env, args...); err != nil || out == "" {
				t.Errorf("%q with %d settings: %v", args, len(env), err)
			}
		}
	}
	// What reads only the catalogue is not stopped by INDEX_DIR, which it
	// never reads; register, which needs a token, does not name it.
	notDir := filepath.Join(dir, "not-a-folder")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"events"}, {"events", "--json"}, {"commands"}} {
		if out, _, err := runCLI(t, map[string]string{"INDEX_DIR": notDir}, args...); err != nil || out == "" {
			t.Errorf("%q with INDEX_DIR a file: %v", args, err)
		}
	}
	if _, _, err := runCLI(t, map[string]string{"INDEX_DIR": notDir}, "register"); err == nil || strings.Contains(err.Error(), "INDEX_DIR") {
		t.Errorf("register with INDEX_DIR a file and no token: %v", err)
	}
	// Where the settings are used, they are still checked, all at once.
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"run"}, []string{"DISCORD_TOKEN: does not look like a bot token", "SHARD_COUNT", "SHARD_ID", "DISCORD_APP_ID", "DISCORD_API_URL", "DISCORD_PUBLIC_KEY", "HTTP_ADDR", "LOG_LEVEL"}},
		{[]string{"serve"}, []string{"DISCORD_PUBLIC_KEY: not 64 hexadecimal characters", "SHARD_COUNT", "HTTP_ADDR"}},
		{[]string{"healthcheck"}, []string{"HTTP_ADDR"}},
		{[]string{"simulate", "/timeline"}, []string{"LOG_LEVEL"}},
		{[]string{"invite"}, []string{"DISCORD_APP_ID", "SHARD_COUNT"}},
	} {
		_, _, err := runCLI(t, bad, tt.args...)
		for _, w := range tt.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %v lacks %q", tt.args, err, w)
			}
		}
		if err != nil && tt.args[0] == "healthcheck" && strings.Contains(err.Error(), "SHARD") {
			t.Errorf("healthcheck checks the shards it does not use: %v", err)
		}
	}
	// An unreadable .env stops what reads settings, not version.
	if err := os.Mkdir(filepath.Join(dir, ".env"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, nil, "version"); err != nil {
		t.Errorf("version reads .env: %v", err)
	}
	if _, _, err := runCLI(t, nil, "events"); err == nil || !strings.Contains(err.Error(), ".env") {
		t.Errorf("events with an unreadable .env: %v", err)
	}
}

// A subcommand's help lists every setting it checks: each variable named
// by Validate's errors over broken settings is in its "Settings it
// checks" (DISCORD_PUBLIC_KEY, checked when set by run, register and
// invite, was missing there).
func TestHelpListsWhatIsChecked(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	writeFile(t, file, "x")
	bad := map[string]string{"CORPUS_DIR": filepath.Join(dir, "nope"), "INDEX_DIR": file,
		"DISCORD_TOKEN": "hunter2", "DISCORD_APP_ID": "app", "DISCORD_GUILD_ID": "12", "DISCORD_API_URL": "ftp://x",
		"DISCORD_GATEWAY_URL": "http://x", "SHARD_ID": "one", "SHARD_COUNT": "2", "DISCORD_PUBLIC_KEY": "xyz",
		"HTTP_ADDR": "nowhere", "METRICS_ADDR": "nowhere", "LOG_LEVEL": "loud"}
	cfg, err := config.Load(func(k string) string { return bad[k] }, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range subcommands {
		if sc.needs == nil {
			continue
		}
		var listed []string
		for _, v := range sc.settings() {
			name, _, _ := strings.Cut(v, " (")
			listed = append(listed, name)
		}
		err := cfg.Validate(*sc.needs)
		if err == nil {
			t.Errorf("%s: no problem found", sc.name)
			continue
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			name, _, _ := strings.Cut(strings.Fields(line)[0], ":")
			if !slices.Contains(listed, name) {
				t.Errorf("%s checks %s, which its help does not list (%q): %s", sc.name, name, listed, line)
			}
		}
	}
	out, _, _ := runCLI(t, nil, "run", "--help")
	if !strings.Contains(out, "DISCORD_PUBLIC_KEY (optional)") {
		t.Errorf("run --help does not list DISCORD_PUBLIC_KEY as optional:\n%s", out)
	}
}

// The README's "Command line" section shows the subcommands as
// `summitbot help` does, and each subcommand's flags and settings as its
// --help does.
func TestReadmeAgreesWithHelp(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	if i := strings.Index(section, "\n## Command line\n"); i >= 0 {
		section = section[i:]
	}
	if i := strings.Index(section[1:], "\n## "); i >= 0 {
		section = section[:i+1]
	}
	help := usage()
	lines := help[strings.Index(help, "Usage:\n")+len("Usage:\n"):]
	lines = lines[:strings.Index(lines, "\n\n")+1]
	block := "```\n" + strings.ReplaceAll(strings.TrimPrefix(lines, "  "), "\n  ", "\n") + "```\n"
	if !strings.Contains(section, block) {
		t.Errorf("README's Command line section lacks the subcommands as help lists them:\n%s", block)
	}
	for _, sc := range subcommands {
		if row := readmeRow(&sc); !strings.Contains(section, row) {
			t.Errorf("README's Command line section lacks the row\n%s", row)
		}
	}
	for _, w := range []string{"Exit status: 0 on success, 1 on an error, 2 on a mistake in the command line"} {
		if !strings.Contains(help, w) || !strings.Contains(section, w) {
			t.Errorf("help and README do not both say %q", w)
		}
	}
}

// readmeRow is the subcommand's row in the README's table of flags and
// settings.
func readmeRow(sc *subcommand) string {
	var flags, vars []string
	for _, f := range sc.flagList() {
		flags = append(flags, "`"+f.name+"`")
	}
	for _, v := range sc.settings() {
		// "NAME (required)" or "NAME (optional)" is `NAME` (required).
		name, mark, marked := strings.Cut(v, " (")
		if marked {
			name += "` (" + mark
		} else {
			name += "`"
		}
		vars = append(vars, "`"+name)
	}
	return fmt.Sprintf("| `%s` | %s | %s |", sc.name, orNone(strings.Join(flags, " ")), orNone(strings.Join(vars, " ")))
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
