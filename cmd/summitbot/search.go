package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/config"
	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/index"
)

// The subcommands that read the corpus from the command line: search,
// summit, events, index and commands.

func searchFlags(fs *flag.FlagSet, o *options) {
	corpusFlags(fs, o, true)
	fs.BoolVar(&o.json, "json", false, `print JSON: {"hits": [...], "total": N}`)
	limitFlag(fs, o)
	fs.StringVar(&o.event, "event", "", "rank the passages about event `ID` first (an id, a name or an alias)")
}

func summitFlags(fs *flag.FlagSet, o *options) {
	corpusFlags(fs, o, true)
	fs.BoolVar(&o.json, "json", false, `print JSON: {"event": {...}, "hits": [...], "total": N}`)
	limitFlag(fs, o)
}

func checkSearch(o *options, words []string) error {
	if q := strings.Join(words, " "); corpus.CleanText(q, utf8.RuneCountInString(q)) == "" {
		return usageError{"search needs a QUERY, e.g. summitbot search sanctions relief"}
	}
	return checkLimit(o.limit)
}

func checkSummit(o *options, words []string) error {
	if len(words) == 0 || strings.TrimSpace(words[0]) == "" {
		return usageError{"summit needs an EVENT, e.g. summitbot summit hanoi"}
	}
	return checkLimit(o.limit)
}

func checkLimit(n int) error {
	if n < 1 || n > index.MaxLimit {
		return usageError{fmt.Sprintf("--limit must be between 1 and %d", index.MaxLimit)}
	}
	return nil
}

func runSearch(ctx context.Context, c *call) error {
	q := corpus.Query{Text: strings.Join(c.words, " "), Limit: c.opts.limit}
	if c.opts.event != "" {
		// Before the index: a mistyped event is told at once, not after
		// a whole corpus has been indexed.
		ev, err := eventOf(c.cfg, c.opts.event)
		if err != nil {
			return err
		}
		q.Event = ev.ID
	}
	idx, err := openIndex(ctx, c.cfg, openHow{strict: c.opts.strict}, c.stderr)
	if err != nil {
		return err
	}
	defer idx.Close()
	res, err := idx.Search(ctx, q)
	if err != nil {
		return err
	}
	if c.opts.json {
		return writeJSON(c.stdout, res)
	}
	printHits(c.stdout, res)
	return nil
}

func runSummit(ctx context.Context, c *call) error {
	ev, err := eventOf(c.cfg, c.words[0]) // before the index, as in runSearch
	if err != nil {
		return err
	}
	idx, err := openIndex(ctx, c.cfg, openHow{strict: c.opts.strict}, c.stderr)
	if err != nil {
		return err
	}
	defer idx.Close()
	res, err := idx.Search(ctx, corpus.Query{Text: strings.Join(c.words[1:], " "), Event: ev.ID, Limit: c.opts.limit})
	if err != nil {
		return err
	}
	if c.opts.json {
		return writeJSON(c.stdout, struct {
			Event *corpus.Event `json:"event"`
			*corpus.Result
		}{ev, res})
	}
	printEvent(c.stdout, ev)
	fmt.Fprintln(c.stdout)
	printHits(c.stdout, res)
	return nil
}

func runEvents(_ context.Context, c *call) error {
	cat, err := catalogueOf(c.cfg)
	if err != nil {
		return err
	}
	return printEvents(c.stdout, cat, c.opts.json)
}

func printCommands(_ context.Context, c *call) error {
	cat, err := catalogueOf(c.cfg)
	if err != nil {
		return err
	}
	return writeJSON(c.stdout, bot.Commands(cat))
}

func runIndex(ctx context.Context, c *call) error {
	if c.cfg.IndexDir == "" {
		return usageError{"index needs an index folder: --index DIR or INDEX_DIR"}
	}
	start := time.Now()
	idx, err := openIndex(ctx, c.cfg, openHow{strict: c.opts.strict, requireArticles: true, rebuild: c.opts.rebuild}, c.stderr)
	if err != nil {
		return err
	}
	defer idx.Close()
	info, _ := idx.Info()
	verb := "up to date"
	switch ch := info.Change; {
	case ch != nil:
		verb = fmt.Sprintf("updated in place (%d added, %d changed, %d removed)", len(ch.Added), len(ch.Changed), len(ch.Removed))
	case info.Built:
		verb = "built"
	}
	fmt.Fprintf(c.stdout, "index %s: %s (%s) in %s\n",
		verb, info.Path, info.Summary(), time.Since(start).Round(time.Millisecond))
	return info.CheckArticles() // an index reused unbuilt was not checked by RequireArticles
}

// eventOf finds the event typed on the command line in the catalogue of
// the configured corpus, which is the one its index is built with, so it
// can be called before the index is opened.
func eventOf(cfg config.Config, typed string) (*corpus.Event, error) {
	cat, err := catalogueOf(cfg)
	if err != nil {
		return nil, err
	}
	return resolveEvent(cat, typed)
}

// resolveEvent finds the event typed on the command line; an unknown one
// is a mistake in the command line, told with the nearest id, name or
// alias ("did you mean hanoi?") and the known ids.
func resolveEvent(cat *corpus.Catalogue, typed string) (*corpus.Event, error) {
	if ev, ok := cat.Resolve(typed); ok {
		return ev, nil
	}
	msg := fmt.Sprintf("unknown event %q", typed)
	if id, ok := cat.Suggest(typed); ok {
		msg += fmt.Sprintf(" (did you mean %s?)", id)
	}
	return nil, usageError{msg + "; known events are " + strings.Join(cat.IDs(), ", ")}
}

func corpusFS(cfg config.Config) fs.FS {
	if cfg.CorpusDir == "" {
		return corpus.Builtin()
	}
	return os.DirFS(cfg.CorpusDir)
}

// maxWarnings is how many skipped files are named one by one.
const maxWarnings = 10

// openHow are openIndex's choices: --strict; a corpus without articles is
// an error before any index is replaced (`summitbot index`); --rebuild.
type openHow struct{ strict, requireArticles, rebuild bool }

// openIndex opens or builds the index, warning about skipped files and
// drawing a progress bar when stderr is a terminal.
func openIndex(ctx context.Context, cfg config.Config, how openHow, stderr io.Writer) (*index.Live, error) {
	warned := 0
	opts := index.Options{
		Dir:             cfg.IndexDir,
		Corpus:          corpusFS(cfg),
		Strict:          how.strict,
		RequireArticles: how.requireArticles,
		Rebuild:         how.rebuild,
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

func printHits(w io.Writer, res *corpus.Result) {
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
