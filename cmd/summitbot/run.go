package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/config"
	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/index"
)

const usage = `summitbot answers questions about the Trump–Kim Jong-un summits and Kim Jong-un's
other summits (with Moon Jae-in, Xi Jinping and Vladimir Putin).

Usage:
  summitbot [run] [--register]          run the Discord bot over the gateway (the default)
  summitbot serve                       answer interactions Discord POSTs to HTTP_ADDR/interactions
  summitbot healthcheck                 exit 0 when the local server's /healthz answers
  summitbot version                     print the version
  summitbot register [--guild ID]       register the slash commands (globally, or in one guild)
  summitbot commands                    print the command definitions register sends (JSON)
  summitbot simulate [flags] '/CMD ...' print the exact response the bot would send
  summitbot invite                      print the URL that adds the bot to a server
  summitbot search [flags] QUERY        best passages for QUERY
  summitbot summit [flags] EVENT [QUERY] an event's card and its best passages
  summitbot events [flags]              the event catalogue
  summitbot index [flags]               build or refresh the on-disk index
  summitbot help                        this text

Flags of every subcommand:
  --corpus DIR   article folder (env CORPUS_DIR; default: the built-in corpus)
  --index DIR    index folder (env INDEX_DIR; default: build in memory)
  --strict       fail on any corpus file that cannot be read
search and summit also take:
  --json         print JSON: {"hits": [...]} (summit adds "event")
  --limit N      number of passages (default 5, at most 50)
search also takes:
  --event ID     rank passages about this event first
events also takes --json.
run takes --register (register the commands at start); register takes
--guild ID (env DISCORD_GUILD_ID; default: global commands).
simulate takes:
  --click ID     simulate a click on the button with this custom_id
  --focus NAME   simulate autocomplete while typing option NAME
  --admin        the user has the Manage Server permission
  --dm           the command comes from a direct message
  --locale LANG  the user's Discord language, e.g. ko
  --out DIR      write the response's attachments (the /timeline picture) to DIR

Settings are read from the environment and from a .env file in the current
folder; flags win over both. Discord settings: DISCORD_TOKEN, DISCORD_APP_ID,
DISCORD_GUILD_ID, DISCORD_PUBLIC_KEY, DISCORD_API_URL, DISCORD_GATEWAY_URL,
SHARD_ID, SHARD_COUNT, HTTP_ADDR, METRICS_ADDR, LOG_LEVEL (see .env.example).
`

// usageError marks mistakes in the command line (exit status 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// run is the whole program; main only wires it to the process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd, rest := "run", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	case "run", "serve", "healthcheck", "version", "register", "commands", "simulate", "invite", "search", "summit", "events", "index":
	default:
		fmt.Fprint(stderr, usage)
		return usageError{fmt.Sprintf("unknown subcommand %q", cmd)}
	}

	fset := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	corpusDir := fset.String("corpus", "", "")
	indexDir := fset.String("index", "", "")
	strict := fset.Bool("strict", false, "")
	asJSON := fset.Bool("json", false, "")
	limit := fset.Int("limit", index.DefaultLimit, "")
	event := fset.String("event", "", "")
	register := fset.Bool("register", false, "")
	guild := fset.String("guild", "", "")
	click := fset.String("click", "", "")
	focus := fset.String("focus", "", "")
	admin := fset.Bool("admin", false, "")
	dm := fset.Bool("dm", false, "")
	locale := fset.String("locale", "", "")
	outDir := fset.String("out", "", "")
	pos, err := parseInterspersed(fset, rest)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return nil
	}
	if err != nil {
		return usageError{fmt.Sprintf("%s: %v (see summitbot help)", cmd, err)}
	}

	cfg, err := config.Load(getenv, ".env")
	if err != nil {
		return err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if *corpusDir != "" {
		cfg.CorpusDir = *corpusDir
	}
	if *indexDir != "" {
		cfg.IndexDir = *indexDir
	}
	if *guild != "" {
		cfg.GuildID = *guild
	}
	needs := config.Needs{Token: cmd == "run" || cmd == "register" || (cmd == "invite" && cfg.AppID == ""), PublicKey: cmd == "serve"}
	if err := cfg.Validate(needs); err != nil {
		return err
	}
	if *limit < 1 || *limit > index.MaxLimit {
		return usageError{fmt.Sprintf("--limit must be between 1 and %d", index.MaxLimit)}
	}

	switch cmd {
	case "version":
		fmt.Fprintln(stdout, "summitbot", version())
		return nil
	case "healthcheck":
		return healthcheck(ctx, cfg, stdout)
	case "serve":
		if len(pos) > 0 {
			return usageError{"serve takes no arguments"}
		}
		return serveHTTP(ctx, cfg, *strict, stdout, stderr)
	case "commands":
		cat, err := catalogueOf(cfg)
		if err != nil {
			return err
		}
		return writeJSON(stdout, bot.Commands(cat))
	case "invite":
		return invite(ctx, cfg, stdout)
	case "register":
		return registerCommands(ctx, cfg, stdout)
	case "run":
		if len(pos) > 0 {
			return usageError{"run takes no arguments"}
		}
		return runBot(ctx, cfg, *register, *strict, stdout, stderr)
	case "simulate":
		return simulate(ctx, cfg, pos, *click, *outDir, bot.SimOptions{Admin: *admin, DM: *dm, Focus: *focus, Locale: *locale}, *strict, stdout, stderr)
	case "events":
		if len(pos) > 0 {
			return usageError{"events takes no arguments"}
		}
		cat, err := corpus.CatalogueFor(corpusFS(cfg), nil)
		if err != nil {
			return err
		}
		return printEvents(stdout, cat, *asJSON)
	case "search":
		if len(pos) == 0 {
			return usageError{"search needs a QUERY, e.g. summitbot search sanctions relief"}
		}
	case "summit":
		if len(pos) == 0 {
			return usageError{"summit needs an EVENT, e.g. summitbot summit hanoi"}
		}
	case "index":
		if len(pos) > 0 {
			return usageError{"index takes no arguments"}
		}
		if cfg.IndexDir == "" {
			return usageError{"index needs an index folder: --index DIR or INDEX_DIR"}
		}
	}

	start := time.Now()
	idx, err := openIndex(ctx, cfg, *strict, cmd == "index", stderr)
	if err != nil {
		return err
	}
	defer idx.Close()

	switch cmd {
	case "index":
		info, _ := idx.Info()
		verb := "up to date"
		if info.Built {
			verb = "built"
		}
		fmt.Fprintf(stdout, "index %s: %s (%s) in %s\n",
			verb, info.Path, info.Summary(), time.Since(start).Round(time.Millisecond))
		return info.CheckArticles() // an index reused unbuilt was not checked by RequireArticles
	case "search":
		q := index.Query{Text: strings.Join(pos, " "), Limit: *limit}
		if *event != "" {
			ev, ok := idx.Catalogue().Resolve(*event)
			if !ok {
				return unknownEvent(*event, idx.Catalogue())
			}
			q.Event = ev.ID
		}
		res, err := idx.Search(ctx, q)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(stdout, res)
		}
		printHits(stdout, res)
		return nil
	default: // summit
		ev, ok := idx.Catalogue().Resolve(pos[0])
		if !ok {
			return unknownEvent(pos[0], idx.Catalogue())
		}
		res, err := idx.Search(ctx, index.Query{Text: strings.Join(pos[1:], " "), Event: ev.ID, Limit: *limit})
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(stdout, struct {
				Event *corpus.Event `json:"event"`
				*index.Result
			}{ev, res})
		}
		printEvent(stdout, ev)
		fmt.Fprintln(stdout)
		printHits(stdout, res)
		return nil
	}
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

func unknownEvent(name string, cat *corpus.Catalogue) error {
	return fmt.Errorf("unknown event %q: known events are %s", name, strings.Join(cat.IDs(), ", "))
}

func corpusFS(cfg config.Config) fs.FS {
	if cfg.CorpusDir == "" {
		return corpus.Builtin()
	}
	return os.DirFS(cfg.CorpusDir)
}

// maxWarnings is how many skipped files are named one by one.
const maxWarnings = 10

// openIndex opens or builds the index, warning about skipped files and
// drawing a progress bar when stderr is a terminal.
// requireArticles makes a corpus without articles an error before any
// index is replaced (`summitbot index`).
func openIndex(ctx context.Context, cfg config.Config, strict, requireArticles bool, stderr io.Writer) (*index.Live, error) {
	warned := 0
	opts := index.Options{
		Dir:             cfg.IndexDir,
		Corpus:          corpusFS(cfg),
		Strict:          strict,
		RequireArticles: requireArticles,
		Warn: func(w corpus.Warning) {
			// A big corpus can have hundreds of bad files: show the first
			// few, the count comes with the summary.
			if warned++; warned <= maxWarnings {
				what := "skipped "
				if w.Kept { // indexed all the same, or not articles
					what = ""
				}
				fmt.Fprintf(stderr, "warning: %s%s\n", what, w)
			}
		},
	}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		stage := ""
		opts.Progress = func(s string, done, total int) {
			if s != stage {
				if bar != nil {
					_ = bar.Finish()
				}
				stage = s
				desc := "reading articles"
				if s == "index" {
					desc = "indexing passages"
				}
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(stderr),
					progressbar.OptionSetDescription(desc), progressbar.OptionShowCount(),
					progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
			}
			_ = bar.Set(done)
		}
	}
	idx, err := index.OpenLive(ctx, opts)
	if err != nil {
		return nil, err
	}
	if info, _ := idx.Info(); info.Built {
		if warned > maxWarnings {
			fmt.Fprintf(stderr, "warning: %d more warnings (--strict lists them all and fails)\n", warned-maxWarnings)
		}
		fmt.Fprintf(stderr, "corpus: %s\n", info.Summary())
	}
	return idx, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func printEvents(w io.Writer, cat *corpus.Catalogue, asJSON bool) error {
	events := cat.Chronological()
	if asJSON {
		return writeJSON(w, struct {
			Events []*corpus.Event `json:"events"`
		}{events})
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tEVENT\tDATES\tPLACE")
	for _, e := range events {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.ID, e.Name, e.Dates(), e.Place)
	}
	return tw.Flush()
}

func printEvent(w io.Writer, e *corpus.Event) {
	fmt.Fprintf(w, "%s (%s)\n", e.Name, e.Dates())
	if e.Place != "" {
		fmt.Fprintf(w, "Place: %s\n", e.Place)
	}
	if len(e.Participants) > 0 {
		fmt.Fprintf(w, "Participants: %s\n", strings.Join(e.Participants, ", "))
	}
	fmt.Fprintf(w, "\n%s\n", wrap(e.Summary, 78, ""))
	if len(e.Outcomes) > 0 {
		fmt.Fprintln(w, "\nOutcomes:")
		for _, o := range e.Outcomes {
			fmt.Fprintf(w, "  - %s\n", wrap(o, 74, "    "))
		}
	}
	if len(e.Links) > 0 {
		fmt.Fprintln(w, "\nFurther reading:")
		for _, l := range e.Links {
			fmt.Fprintf(w, "  %s <%s>\n", l.Title, l.URL)
		}
	}
}

func printHits(w io.Writer, res *index.Result) {
	if len(res.Hits) == 0 {
		fmt.Fprintln(w, "No passages found.")
		return
	}
	fmt.Fprintf(w, "%d of %d passages:\n", len(res.Hits), res.Total)
	for i, h := range res.Hits {
		meta := []string{h.Source}
		if !h.Date.IsZero() {
			meta = append([]string{h.Date.Format("2 Jan 2006")}, meta...)
		}
		fmt.Fprintf(w, "\n%d. %s\n   %s\n", i+1, h.Title, strings.Join(meta, " · "))
		if h.URL != "" {
			fmt.Fprintf(w, "   %s\n", h.URL)
		}
		if len(h.Events) > 0 {
			fmt.Fprintf(w, "   events: %s\n", strings.Join(h.Events, ", "))
		}
		fmt.Fprintf(w, "   %s\n", wrap(h.Text, 75, "   "))
	}
}

// wrap breaks text into lines of at most width runes, indenting the rest.
func wrap(s string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(s) {
		l := len([]rune(word))
		if i > 0 && n+1+l > width {
			b.WriteString("\n" + indent)
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += l
	}
	return b.String()
}
