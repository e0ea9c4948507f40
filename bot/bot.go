package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"
)

// Options tune a Bot; the zero value is usable.
type Options struct {
	// Version is shown by /about.
	Version string
	// Logger receives one line per interaction; nil discards.
	Logger *slog.Logger
	// Rate and Burst limit each user's commands and button clicks
	// (default: one every 2 s, bursts of 5). Autocomplete is not limited.
	Rate  rate.Limit
	Burst int
	// Now is the clock (tests fix it); default time.Now.
	Now func() time.Time
	// Timeout bounds one interaction (default 10 s); a command's entry
	// in the table may give it longer (a reindex gets 10 min).
	Timeout time.Duration
	// Observer, when set, is told about every interaction and REST failure
	// (metrics).
	Observer Observer
}

// Observer receives what operators measure.
type Observer interface {
	Interaction(command, outcome string, d time.Duration)
	RESTError(operation string)
}

// Bot answers interactions. It is safe for concurrent use.
type Bot struct {
	search  Searcher
	opts    Options
	log     *slog.Logger
	started time.Time
	cmds    []command // the commands it answers: commandTable

	mu        sync.Mutex
	limiters  map[string]*userLimiter
	lastSweep time.Time

	ans    answerers
	pic    pictureCache
	counts map[string]int // "command outcome" -> interactions
	fb     feedbackBook   // the votes on answers (feedback.go)
}

type userLimiter struct {
	lim  *rate.Limiter
	seen time.Time
}

// New returns a bot answering from s.
func New(s Searcher, opts Options) *Bot {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Rate == 0 {
		opts.Rate = rate.Every(2 * time.Second)
	}
	if opts.Burst == 0 {
		opts.Burst = 5
	}
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Bot{search: s, opts: opts, log: log, started: opts.Now(), limiters: map[string]*userLimiter{}, counts: map[string]int{}, cmds: commandTable}
}

// userError is a problem the user can fix; its text is shown to them.
type userError struct{ msg string }

func (e userError) Error() string { return e.msg }

// failure is a failure of ours whose explanation is shown (msg), while the
// error itself is logged and counted as an error.
type failure struct {
	msg string
	err error
}

func (e failure) Error() string { return e.err.Error() }
func (e failure) Unwrap() error { return e.err }

// Outcomes logged and counted per interaction.
const (
	outcomeOK          = "ok"
	outcomeUserError   = "user_error"
	outcomeError       = "error"
	outcomePanic       = "panic"
	outcomeRateLimited = "rate_limited"
	outcomeDenied      = "denied"
	// outcomeMalformed: Discord sent an interaction without the data its
	// type needs (discordgo hands over what it could decode).
	outcomeMalformed = "malformed"
	// outcomeDropped: an interaction without id or token, which nothing
	// can answer; it is logged and counted, never answered.
	outcomeDropped = "dropped"
)

// errRateLimited refuses a user over the per-user rate limit.
var errRateLimited = errors.New("per-user rate limit")

// errMalformed marks an interaction whose data is missing or of the wrong
// type for its interaction type.
var errMalformed = errors.New("interaction data missing or of the wrong type")

// denied refuses a moderator's command (cmd) to a member without the
// Manage Server permission; its text comes from the locale.
type denied struct{ cmd string }

func (d denied) Error() string { return "/" + d.cmd + ": missing Manage Server permission" }

// Handle answers one interaction. It never panics and always returns a
// response: failures become a friendly ephemeral message (an empty list
// for autocomplete), while the full error goes to the log with the
// command, guild and interaction id.
func (b *Bot) Handle(ctx context.Context, i *discordgo.Interaction) (resp *discordgo.InteractionResponse) {
	t := b.tally("unknown")
	tx := textsFor("")
	defer b.settle(t, func() { resp = onlyChoices(i, errorResponse(tx.errInternal)) }, interactionAttrs(i)...)
	if i == nil {
		t.outcome, t.err = outcomeMalformed, errMalformed
		return errorResponse(tx.errInternal)
	}
	t.name, tx = commandName(i), textsFor(i.Locale)
	if i.Type == discordgo.InteractionPing {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}
	}
	resp, err := b.answer(ctx, tx, i)
	if err != nil {
		var msg string
		t.outcome, msg = classify(tx, err)
		t.err, resp = err, errorResponse(msg)
	}
	return onlyChoices(i, resp)
}

// answer is Handle's work: the rate limit (autocomplete is not limited),
// the interaction's deadline, and the answer of its kind.
func (b *Bot) answer(ctx context.Context, tx *texts, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	if i.Type != discordgo.InteractionApplicationCommandAutocomplete && !b.allow(userID(i)) {
		return nil, errRateLimited
	}
	ctx, cancel := context.WithTimeout(ctx, b.timeout(i))
	defer cancel()
	return b.dispatch(ctx, tx, i)
}

// classify says how a failed answer went (its outcome) and what its asker
// is told, the same for interactions and mentions.
func classify(tx *texts, err error) (outcome, msg string) {
	var ue userError
	var fe failure
	var de denied
	switch {
	case errors.As(err, &fe):
		return outcomeError, fe.msg
	case errors.As(err, &de):
		return outcomeDenied, fmt.Sprintf(tx.errDenied, de.cmd)
	case errors.As(err, &ue):
		return outcomeUserError, ue.msg
	case errors.Is(err, errRateLimited):
		return outcomeRateLimited, tx.errRate
	case errors.Is(err, errMalformed):
		return outcomeMalformed, tx.errInternal
	case errors.Is(err, context.DeadlineExceeded):
		return outcomeError, tx.errSlow
	}
	return outcomeError, tx.errInternal
}

// onlyChoices keeps an autocomplete's answer a list of choices, the only
// answer it can have; other interactions keep theirs.
func onlyChoices(i *discordgo.Interaction, resp *discordgo.InteractionResponse) *discordgo.InteractionResponse {
	if i != nil && i.Type == discordgo.InteractionApplicationCommandAutocomplete && (resp == nil || resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult) {
		return noChoices()
	}
	return resp
}

// interactionAttrs say which interaction a log line is about.
func interactionAttrs(i *discordgo.Interaction) []any {
	var guild, id string
	var kind int
	if i != nil {
		guild, id, kind = i.GuildID, i.ID, int(i.Type)
	}
	return []any{"guild", guild, "interaction", id, "type", kind}
}

// tally is the bookkeeping of one thing the bot answers, an interaction or
// a mention: what it was, how it went and since when.
type tally struct {
	name, outcome string
	err           error
	start         time.Time
}

func (b *Bot) tally(name string) *tally {
	return &tally{name: name, outcome: outcomeOK, start: b.opts.Now()}
}

// settle closes the bookkeeping of one answer; it is deferred by Handle
// and answerMessage alike. A panic of the answer is recovered (onPanic
// then puts a friendly answer in its place) and recorded as one.
func (b *Bot) settle(t *tally, onPanic func(), attrs ...any) {
	if p := recover(); p != nil {
		t.outcome, t.err = outcomePanic, panicError(p)
		onPanic()
	}
	b.record(t.name, t.outcome, t.err, t.start, attrs...)
}

// record is the bookkeeping of everything the bot answers, interactions
// and mentions alike: the count /summitadmin stats shows, the metrics and
// one log line (attrs say which interaction or message it was).
func (b *Bot) record(name, outcome string, err error, start time.Time, attrs ...any) {
	d := b.opts.Now().Sub(start)
	b.count(name, outcome)
	// The metrics last: a test that waits on them then sees the log line too.
	if b.opts.Observer != nil {
		defer b.opts.Observer.Interaction(name, outcome, d)
	}
	attrs = append([]any{"cmd", name}, attrs...)
	attrs = append(attrs, "latency", d, "outcome", outcome)
	switch outcome {
	case outcomeError, outcomePanic:
		b.log.Error("interaction failed", append(attrs, "err", err)...)
	case outcomeMalformed, outcomeDropped:
		b.log.Warn("interaction malformed", append(attrs, "err", err)...)
	case outcomeUserError, outcomeDenied, outcomeRateLimited:
		b.log.Info("interaction refused", append(attrs, "reason", err)...)
	default:
		b.log.Info("interaction", attrs...)
	}
}

// dropped records an interaction that cannot be answered: without id or
// token there is no callback to send (discordgo hands over an empty
// interaction when it cannot decode an event).
func (b *Bot) dropped(i *discordgo.Interaction) {
	name, kind := "unknown", 0
	if i != nil {
		name, kind = commandName(i), int(i.Type)
	}
	b.record(name, outcomeDropped, errors.New("interaction without id or token: dropped"), b.opts.Now(), "type", kind)
}

func noChoices() *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}},
	}
}

func (b *Bot) dispatch(ctx context.Context, tx *texts, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		return b.command(ctx, tx, i)
	case discordgo.InteractionApplicationCommandAutocomplete:
		return b.autocomplete(ctx, tx, i)
	case discordgo.InteractionMessageComponent:
		return b.component(ctx, tx, i)
	}
	return nil, userError{tx.errKind}
}

// command answers a slash command with the handler the table gives it,
// private as the table and the options say.
func (b *Bot) command(ctx context.Context, tx *texts, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	data, ok := commandData(i)
	if !ok {
		return nil, errMalformed
	}
	c, ok := lookup(b.cmds, data)
	switch {
	case !ok:
		return nil, userError{fmt.Sprintf(tx.errUnknownCmd, escapeCut(data.Name, 40))}
	case c.cmd.moderator && !canManage(i):
		return nil, denied{c.cmd.name}
	case c.handler() == nil:
		return nil, userError{fmt.Sprintf(tx.errSubcommand, c.cmd.subcommands(tx))}
	}
	r := request{tx: tx, opts: c.opts, private: c.private(), target: targetMessage(data)}
	reply, err := c.handler()(b, ctx, r)
	if err != nil {
		return nil, err
	}
	return message(reply, r.private), nil
}

// timeout is how long the bot may take to answer i: what the table says
// for a command, Options.Timeout for anything else.
func (b *Bot) timeout(i *discordgo.Interaction) time.Duration {
	if data, ok := commandData(i); ok && i.Type == discordgo.InteractionApplicationCommand {
		if c, ok := lookup(b.cmds, data); ok {
			return c.timeout(b.opts.Timeout)
		}
	}
	return b.opts.Timeout
}

// canManage checks the moderator permission on our side: Discord's
// default_member_permissions only hides the command and servers can
// override it. The server must have installed the bot too: a member's
// permissions where the bot is installed to their account alone (Discord
// then names no server install among the authorizing_integration_owners)
// are no moderator's over the bot. Interactions that name no owners at all
// (older payloads) are judged by the permissions alone.
func canManage(i *discordgo.Interaction) bool {
	if i.Member == nil || i.GuildID == "" {
		return false
	}
	if owners := i.AuthorizingIntegrationOwners; len(owners) > 0 && owners[discordgo.ApplicationIntegrationGuildInstall] != i.GuildID {
		return false
	}
	p := i.Member.Permissions
	return p&discordgo.PermissionManageGuild != 0 || p&discordgo.PermissionAdministrator != 0
}

// allow applies the per-user rate limit and forgets users idle for long.
func (b *Bot) allow(user string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.opts.Now()
	// Forget idle users now and then; a sweep on every call would cost
	// O(users) per interaction.
	if now.Sub(b.lastSweep) > time.Minute {
		b.lastSweep = now
		for id, l := range b.limiters {
			if now.Sub(l.seen) > 10*time.Minute {
				delete(b.limiters, id)
			}
		}
	}
	l, ok := b.limiters[user]
	if !ok {
		l = &userLimiter{lim: rate.NewLimiter(b.opts.Rate, b.opts.Burst)}
		b.limiters[user] = l
	}
	l.seen = now
	return l.lim.AllowN(now, 1)
}

// restError logs and counts a failed REST call.
func (b *Bot) restError(log *slog.Logger, op string, err error) {
	log.Error(op, "err", redactTokens(err))
	if b.opts.Observer != nil {
		b.opts.Observer.RESTError(op)
	}
}

func (b *Bot) count(name, outcome string) {
	b.mu.Lock()
	b.counts[name+" "+outcome]++
	b.mu.Unlock()
}

// usage returns the interaction counts, sorted by key.
func (b *Bot) usage() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]string, 0, len(b.counts))
	for k, n := range b.counts {
		out = append(out, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(out)
	return out
}

// commandName names an interaction for logs: "search", "summitadmin stats",
// "button" (a page), "feedback" (a vote), "autocomplete search", and a
// message command by its name ("Find sources").
func commandName(i *discordgo.Interaction) string {
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		data, ok := commandData(i)
		if !ok {
			return fmt.Sprintf("type %d without data", int(i.Type))
		}
		name := data.Name
		if len(data.Options) > 0 && data.Options[0].Type == discordgo.ApplicationCommandOptionSubCommand {
			name += " " + data.Options[0].Name
		}
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			name = "autocomplete " + name
		}
		return name
	case discordgo.InteractionMessageComponent:
		if data, ok := componentData(i); ok && routeClick(data.CustomID) == routeFeedback {
			return "feedback"
		}
		return "button"
	case discordgo.InteractionPing:
		return "ping"
	}
	return fmt.Sprintf("type %d", int(i.Type))
}

func userID(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

// option is a typed view of the options a user gave.
type options map[string]*discordgo.ApplicationCommandInteractionDataOption

func optionMap(opts []*discordgo.ApplicationCommandInteractionDataOption) options {
	m := options{}
	for _, o := range opts {
		if o != nil { // a null in the JSON
			m[o.Name] = o
		}
	}
	return m
}

// str returns a string option; wrong types read as empty.
func (o options) str(name string) string {
	if v, ok := o[name]; ok {
		if s, ok := v.Value.(string); ok {
			return s
		}
	}
	return ""
}

func (o options) boolean(name string) bool {
	if v, ok := o[name]; ok {
		if b, ok := v.Value.(bool); ok {
			return b
		}
	}
	return false
}

// focused returns the option being typed in an autocomplete.
func (o options) focused() *discordgo.ApplicationCommandInteractionDataOption {
	for _, v := range o {
		if v.Focused {
			return v
		}
	}
	return nil
}

// private reports whether the answer to i will be private (a private
// command, hide:true, an error, a vote's thanks, or a page of a private
// message), so that a deferral is private the same way.
func (b *Bot) private(i *discordgo.Interaction) bool { return ephemeral(b.cmds, i) }

func ephemeral(cmds []command, i *discordgo.Interaction) bool {
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data, ok := commandData(i)
		if !ok {
			return true // the answer is an error, always private
		}
		c, ok := lookup(cmds, data)
		return !ok || c.private()
	case discordgo.InteractionMessageComponent:
		data, ok := componentData(i)
		if !ok || routeClick(data.CustomID) == routeFeedback {
			return true // an error, or the thanks for a vote
		}
		p, err := decodePage(data.CustomID)
		return err != nil || p.Hide
	}
	return false
}

// commandData is the data of a command or autocomplete interaction; false
// when Discord sent none (discordgo's own accessor panics then).
// Null options are left out, so Options[0] is never nil.
func commandData(i *discordgo.Interaction) (discordgo.ApplicationCommandInteractionData, bool) {
	d, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if slices.Contains(d.Options, nil) {
		d.Options = slices.DeleteFunc(slices.Clone(d.Options), func(o *discordgo.ApplicationCommandInteractionDataOption) bool { return o == nil })
	}
	return d, ok && (i.Type == discordgo.InteractionApplicationCommand || i.Type == discordgo.InteractionApplicationCommandAutocomplete)
}

// componentData is the data of a button click; false when there is none.
func componentData(i *discordgo.Interaction) (discordgo.MessageComponentInteractionData, bool) {
	d, ok := i.Data.(discordgo.MessageComponentInteractionData)
	return d, ok && i.Type == discordgo.InteractionMessageComponent
}
