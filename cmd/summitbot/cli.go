package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/config"
	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/index"
)

// usageError marks mistakes in the command line (exit status 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// options holds the flags of every subcommand; each subcommand's FlagSet
// defines only its own, so the others keep their zero values.
type options struct {
	corpusDir, indexDir string      // --corpus, --index
	strict              bool        // --strict
	rebuild             bool        // index --rebuild
	json                bool        // --json
	limit               int         // --limit
	event               string      // search --event
	register            bool        // run --register
	guild               string      // --guild
	click, outDir       string      // simulate --click, --out
	message             givenString // simulate --message, which may be given empty
	sim                 bot.SimOptions
}

// givenString is a string flag that remembers whether it was given: an
// empty message is still a message to simulate (a post of only pictures
// has no text), unlike no --message at all.
type givenString struct {
	value string
	given bool
}

func (g *givenString) String() string {
	if g == nil {
		return ""
	}
	return g.value
}

func (g *givenString) Set(s string) error {
	g.value, g.given = s, true
	return nil
}

// call is one run of a subcommand: its settings, flags and words.
type call struct {
	cfg            config.Config
	opts           *options
	words          []string // the positional words, flags taken out
	stdout, stderr io.Writer
}

// subcommand is one row of the table of subcommands.
type subcommand struct {
	name    string
	words   string // the positional words it takes, for its usage line: "QUERY"; "" takes none
	summary string // its line in `summitbot help`
	detail  string // more for `summitbot NAME --help`; optional
	// flags defines its flags on its own FlagSet; nil takes none.
	flags func(*flag.FlagSet, *options)
	// check finds mistakes in its flags and words before any setting is
	// read; optional.
	check func(o *options, words []string) error
	// needs are the settings it reads, and so checks; nil reads none.
	needs *config.Needs
	run   func(context.Context, *call) error
}

// The settings of the subcommands that read the corpus and nothing else:
// catalogueNeeds for those that read only its catalogue (no index, so
// INDEX_DIR does not stop them), articleNeeds for those that search its
// articles through an index.
var (
	catalogueNeeds = &config.Needs{Only: config.CorpusSettings}
	articleNeeds   = &config.Needs{Only: config.CorpusSettings | config.IndexSettings}
)

// subcommands are summitbot's subcommands, in the order help lists them.
var subcommands = []subcommand{
	{name: "run", summary: "run the Discord bot over the gateway (the default)",
		detail: "It is what summitbot runs when no subcommand is given.",
		flags: func(fs *flag.FlagSet, o *options) {
			corpusFlags(fs, o, true)
			fs.BoolVar(&o.register, "register", false, "register the commands at start (see register)")
			guildFlag(fs, o)
		},
		needs: &config.Needs{Token: true, Only: config.AllSettings},
		run: func(ctx context.Context, c *call) error {
			return runBot(ctx, c.cfg, c.opts.register, c.opts.strict, c.stdout, c.stderr)
		}},
	{name: "serve", summary: "answer interactions Discord POSTs to HTTP_ADDR/interactions",
		flags: func(fs *flag.FlagSet, o *options) { corpusFlags(fs, o, true) },
		needs: &config.Needs{PublicKey: true, Only: config.AllSettings},
		run: func(ctx context.Context, c *call) error {
			return serveHTTP(ctx, c.cfg, c.opts.strict, c.stdout, c.stderr)
		}},
	{name: "healthcheck", summary: "exit 0 when the local server's /healthz answers",
		detail: "It asks METRICS_ADDR when set, otherwise the health address of each mode in turn.",
		needs:  &config.Needs{Only: config.AddrSettings},
		run:    func(ctx context.Context, c *call) error { return healthcheck(ctx, c.cfg, c.stdout) }},
	{name: "version", summary: "print the version",
		run: func(_ context.Context, c *call) error {
			_, err := fmt.Fprintln(c.stdout, "summitbot", version())
			return err
		}},
	{name: "register", summary: "register the commands (globally, or in one guild)",
		flags: func(fs *flag.FlagSet, o *options) { corpusFlags(fs, o, false); guildFlag(fs, o) },
		needs: &config.Needs{Token: true, Only: config.DiscordSettings | config.CorpusSettings},
		run:   func(ctx context.Context, c *call) error { return registerCommands(ctx, c.cfg, c.stdout) }},
	{name: "commands", summary: "print the command definitions register sends (JSON)",
		flags: func(fs *flag.FlagSet, o *options) { corpusFlags(fs, o, false) },
		needs: catalogueNeeds, run: printCommands},
	{name: "simulate", words: "'/CMD ...'", summary: "print the exact response the bot would send",
		detail: "It takes a command line, such as '/summit event:hanoi', --click ID, or --message TEXT (Find sources\n" +
			"on a message saying TEXT); it needs no network.",
		flags: simulateFlags,
		needs: &config.Needs{Only: config.CorpusSettings | config.IndexSettings | config.LogSettings},
		run: func(ctx context.Context, c *call) error {
			o := c.opts
			return simulate(ctx, c.cfg, c.words, o.click, o.message, o.outDir, o.sim, o.strict, c.stdout, c.stderr)
		}},
	{name: "invite", summary: "print the URLs that add the bot to a server or to your account",
		detail: "It prints two links: one adds the bot to a server you manage, the other to your own Discord account\n" +
			"(user install: its commands in any server, DM or group DM; enable User Install first in the Developer\n" +
			"Portal, Installation → Installation Contexts). It needs DISCORD_APP_ID, or DISCORD_TOKEN to ask\n" +
			"Discord for the application id.",
		needs: &config.Needs{AppID: true, Only: config.DiscordSettings},
		run:   func(ctx context.Context, c *call) error { return invite(ctx, c.cfg, c.stdout) }},
	{name: "search", words: "QUERY", summary: "best passages for QUERY",
		flags: searchFlags, check: checkSearch, needs: articleNeeds, run: runSearch},
	{name: "summit", words: "EVENT [QUERY]", summary: "an event's card and its best passages",
		detail: "EVENT is an id, a name or an alias: panmunjom → dmz, vietnam → hanoi, next → fourth.",
		flags:  summitFlags, check: checkSummit, needs: articleNeeds, run: runSummit},
	{name: "events", summary: "the event catalogue",
		flags: func(fs *flag.FlagSet, o *options) {
			corpusFlags(fs, o, false)
			fs.BoolVar(&o.json, "json", false, `print JSON: {"events": [...]}`)
		},
		needs: catalogueNeeds, run: runEvents},
	{name: "index", summary: "build or refresh the on-disk index",
		detail: "It needs an index folder: --index DIR or INDEX_DIR. Articles added, changed or removed since\n" +
			"the last run are applied in place; a changed catalogue, or --rebuild, builds afresh.",
		flags: indexFlags,
		needs: articleNeeds, run: runIndex},
	{name: "fetch", summary: "fetch the feeds once and write new articles into the corpus",
		detail: "It reads the RSS and Atom feeds of FEEDS and writes the new articles about the catalogue's events\n" +
			"into FEEDS_DIR (default: feeds, inside the corpus folder); run and serve do the same every\n" +
			"FETCH_EVERY when FEEDS is set. It fails only when every feed failed.",
		flags: func(fs *flag.FlagSet, o *options) { corpusFlags(fs, o, false) },
		needs: &config.Needs{Only: config.CorpusSettings | config.FeedSettings | config.LogSettings},
		run:   runFetch},
}

// corpusFlags defines the flags of the subcommands that read the corpus:
// --corpus, and for those that read its articles, not only its
// catalogue, --index and --strict.
func corpusFlags(fs *flag.FlagSet, o *options, articles bool) {
	fs.StringVar(&o.corpusDir, "corpus", "", "article folder `DIR` (env CORPUS_DIR; default: the built-in corpus)")
	if !articles {
		return
	}
	fs.StringVar(&o.indexDir, "index", "", "index folder `DIR` (env INDEX_DIR; default: build in memory at start)")
	strictFlag(fs, o)
}

// indexFlags are the flags of index, whose --index has no in-memory
// default: it is the folder index builds or refreshes.
func indexFlags(fs *flag.FlagSet, o *options) {
	corpusFlags(fs, o, false)
	fs.StringVar(&o.indexDir, "index", "", "build or refresh the index in folder `DIR` (env INDEX_DIR; required)")
	strictFlag(fs, o)
	fs.BoolVar(&o.rebuild, "rebuild", false, "build the index afresh, even where changed articles could be applied in place")
}

func strictFlag(fs *flag.FlagSet, o *options) {
	fs.BoolVar(&o.strict, "strict", false, "fail on any corpus file that cannot be read")
}

func guildFlag(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.guild, "guild", "", "register the commands in guild `ID` only (env DISCORD_GUILD_ID; default: global commands)")
}

func limitFlag(fs *flag.FlagSet, o *options) {
	fs.IntVar(&o.limit, "limit", index.DefaultLimit, fmt.Sprintf("show `N` passages, 1 to %d", index.MaxLimit))
}

func simulateFlags(fs *flag.FlagSet, o *options) {
	corpusFlags(fs, o, true)
	fs.StringVar(&o.click, "click", "", "simulate a click on the button with custom_id `ID`")
	fs.Var(&o.message, "message", "simulate Find sources on a message saying `TEXT`")
	fs.StringVar(&o.sim.Focus, "focus", "", "simulate autocomplete while typing option `NAME`")
	fs.BoolVar(&o.sim.Admin, "admin", false, "the user has the Manage Server permission")
	fs.BoolVar(&o.sim.DM, "dm", false, "the command comes from a direct message")
	fs.StringVar(&o.sim.Locale, "locale", "", "the user's Discord language `LANG`, e.g. ko")
	fs.StringVar(&o.outDir, "out", "", "write the response's attachments (the /timeline picture) to `DIR`")
}

// run is the whole program; main only wires it to the process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	name, rest := "run", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, rest = args[0], args[1:]
	}
	if name == "help" || (len(args) > 0 && isHelpFlag(args[0])) {
		return help(args[1:], stdout)
	}
	sc, err := lookup(name)
	if err != nil {
		return err
	}
	var o options
	words, err := parseInterspersed(sc.flagSet(&o), rest)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return sc.usage(stdout)
	case err != nil:
		return usageError{fmt.Sprintf("%s: %v (see summitbot %s --help)", name, err, name)}
	case sc.words == "" && len(words) > 0:
		return usageError{fmt.Sprintf("%s takes no arguments, got %q (see summitbot %s --help)", name, strings.Join(words, " "), name)}
	}
	if sc.check != nil {
		if err := sc.check(&o, words); err != nil {
			return err
		}
	}
	c := &call{opts: &o, words: words, stdout: stdout, stderr: stderr}
	if sc.needs != nil {
		if c.cfg, err = settings(getenv, *sc.needs, &o, stderr); err != nil {
			return err
		}
	}
	return sc.run(ctx, c)
}

// settings reads the settings, lets the flags override them, and checks
// those the subcommand reads.
func settings(getenv func(string) string, needs config.Needs, o *options, stderr io.Writer) (config.Config, error) {
	cfg, err := config.Load(getenv, ".env")
	if err != nil {
		return cfg, err
	}
	if o.corpusDir != "" {
		cfg.CorpusDir = o.corpusDir
	}
	if o.indexDir != "" {
		cfg.IndexDir = o.indexDir
	}
	if o.guild != "" {
		cfg.GuildID = o.guild
	}
	for _, w := range cfg.Warn() { // after the flags: --corpus decides where FEEDS_DIR is
		fmt.Fprintln(stderr, "warning:", w)
	}
	return cfg, cfg.Validate(needs)
}

func isHelpFlag(s string) bool {
	return s == "-h" || s == "--help" || s == "-help" || s == "--h"
}

// lookup finds a subcommand by name, or says which one was meant.
func lookup(name string) (*subcommand, error) {
	names := []string{"help"}
	for i := range subcommands {
		if subcommands[i].name == name {
			return &subcommands[i], nil
		}
		names = append(names, subcommands[i].name)
	}
	msg := fmt.Sprintf("unknown subcommand %q", name)
	if near, ok := corpus.Nearest(name, names); ok {
		msg += fmt.Sprintf(": did you mean %s?", near)
	}
	return nil, usageError{msg + " (see summitbot help)"}
}

// parseInterspersed lets flags follow positional arguments
// ("summitbot search hanoi --limit 3").
func parseInterspersed(fset *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fset.Parse(args); err != nil {
			return nil, err
		}
		args = fset.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (sc *subcommand) flagSet(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet(sc.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if sc.flags != nil {
		sc.flags(fs, o)
	}
	return fs
}

// synopsis is the subcommand's usage line, without the summary.
func (sc *subcommand) synopsis() string {
	s := "summitbot " + sc.name
	if sc.name == "run" {
		s = "summitbot [run]"
	}
	if sc.flags != nil {
		s += " [flags]"
	}
	if sc.words != "" {
		s += " " + sc.words
	}
	return s
}

const about = `summitbot answers questions about the Trump–Kim Jong-un summits and Kim Jong-un's
other summits (with Moon Jae-in, Xi Jinping and Vladimir Putin).
`

const environment = `"summitbot SUBCOMMAND --help" or "summitbot help SUBCOMMAND" lists the flags of
a subcommand and the settings it checks; flags may come before or after the words.

Settings are read from the environment and from a .env file in the current
folder; flags win over both. Each subcommand checks only the settings it
uses: CORPUS_DIR, INDEX_DIR, DISCORD_TOKEN, DISCORD_APP_ID,
DISCORD_GUILD_ID, DISCORD_PUBLIC_KEY, DISCORD_API_URL, DISCORD_GATEWAY_URL,
SHARD_ID, SHARD_COUNT, HTTP_ADDR, METRICS_ADDR, LOG_LEVEL, FEEDS,
FETCH_EVERY, FEEDS_DIR (see .env.example).

Exit status: 0 on success, 1 on an error, 2 on a mistake in the command line.
`

// usage is the text of `summitbot help`.
func usage() string {
	var b strings.Builder
	b.WriteString(about + "\nUsage:\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for i := range subcommands {
		fmt.Fprintf(tw, "  %s\t%s\n", subcommands[i].synopsis(), subcommands[i].summary)
	}
	fmt.Fprintf(tw, "  summitbot help [SUBCOMMAND]\tthis text, or a subcommand's flags\n")
	tw.Flush()
	b.WriteString("\n" + environment)
	return b.String()
}

// help prints `summitbot help` or, given a subcommand, its usage.
func help(args []string, stdout io.Writer) error {
	switch {
	case len(args) == 0:
		_, err := io.WriteString(stdout, usage())
		return err
	case len(args) > 1:
		return usageError{"help takes one subcommand at most, e.g. summitbot help search"}
	case args[0] == "help":
		_, err := io.WriteString(stdout, usage())
		return err
	}
	sc, err := lookup(args[0])
	if err != nil {
		return err
	}
	return sc.usage(stdout)
}

// usage prints the subcommand's usage: its synopsis, summary, flags (their
// help is their definition's) and the settings it reads.
func (sc *subcommand) usage(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s\n  %s\n", sc.synopsis(), sc.summary)
	if sc.detail != "" {
		fmt.Fprintf(&b, "\n%s\n", sc.detail)
	}
	if sc.flags == nil {
		b.WriteString("\nIt takes no flags.\n")
	} else {
		where := ""
		if sc.words != "" {
			where = " (before or after the words)"
		}
		fmt.Fprintf(&b, "\nFlags%s:\n", where)
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		for _, f := range sc.flagList() {
			fmt.Fprintf(tw, "  %s\t%s\n", f.name, f.help)
		}
		tw.Flush()
	}
	if sc.needs == nil {
		b.WriteString("\nIt uses no settings.\n")
	} else {
		fmt.Fprintf(&b, "\nSettings it checks (environment or .env; flags win):\n  %s\n", wrap(strings.Join(sc.settings(), ", "), 76, "  "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// settings names the settings the subcommand checks, those it cannot do
// without marked "(required)", and DISCORD_PUBLIC_KEY, which only serve
// needs and the others check when it is set, "(optional)".
func (sc *subcommand) settings() []string {
	if sc.needs == nil {
		return nil
	}
	names := sc.needs.Vars()
	for i, n := range names {
		switch {
		case n == "DISCORD_TOKEN" && sc.needs.Token, n == "DISCORD_PUBLIC_KEY" && sc.needs.PublicKey:
			names[i] += " (required)"
		case n == "DISCORD_PUBLIC_KEY":
			names[i] += " (optional)"
		}
	}
	return names
}

// flagDoc is a flag as help shows it: "--limit N", "show N passages, 1 to 50 (default 5)".
type flagDoc struct{ name, help string }

// flagList is the subcommand's flags in name order, with the help their
// definitions give.
func (sc *subcommand) flagList() []flagDoc {
	var out []flagDoc
	sc.flagSet(&options{}).VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		name := "--" + f.Name
		if arg != "" {
			name += " " + arg
		}
		if f.DefValue != "" && f.DefValue != "false" {
			text += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		out = append(out, flagDoc{name, text})
	})
	return out
}
