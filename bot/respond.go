package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// responder answers interactions within Discord's window, for both
// transports: the answer when it is ready within deferAfter, otherwise a
// deferral (type 5, or 6 for a page click) followed by an edit of
// @original, or by a private follow-up when a deferred page fails.
// How the first response travels is the transport's business (a REST
// callback for the gateway, the HTTP response body for the endpoint).
type responder struct {
	bot        *Bot
	log        *slog.Logger
	deferAfter time.Duration
	followup   Followup
	track      tracker
	ctx        context.Context // cancelled when a shutdown gives up waiting
	cancel     context.CancelFunc
}

func newResponder(b *Bot, log *slog.Logger, deferAfter time.Duration, f Followup) *responder {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if deferAfter <= 0 {
		deferAfter = defaultDeferAfter
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &responder{bot: b, log: log, deferAfter: deferAfter, followup: f, ctx: ctx, cancel: cancel}
}

// serveResult says what became of an interaction handed to serve.
type serveResult int

const (
	served       serveResult = iota // answered, or deferred and being edited
	droppedEmpty                    // no id or token: nothing to answer
	droppedClose                    // shutting down: not taken
	panicked                        // a panic of ours, recovered and logged
)

// serve answers i through respond, which sends the first response before
// deadline (Discord's window, counted from the interaction's arrival); it
// returns once that is sent, while an edit after a deferral goes on in the
// background, tracked for Shutdown. It never panics.
func (r *responder) serve(i *discordgo.Interaction, respond func(resp *discordgo.InteractionResponse, deadline time.Time)) (res serveResult) {
	arrived := time.Now() // the REST deadlines are wall-clock, whatever the bot's clock
	deadline := arrived.Add(callbackWindow)
	tracked, editing := false, false
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("serve interaction: panic", "err", panicError(p))
			res = panicked
		}
		if tracked && !editing {
			r.track.leave()
		}
	}()
	if i == nil || i.ID == "" || i.Token == "" {
		r.bot.dropped(i)
		return droppedEmpty
	}
	if !r.track.enter() {
		r.log.Info("interaction not taken: shutting down", "interaction", i.ID, "guild", i.GuildID)
		return droppedClose
	}
	tracked = true
	done := make(chan *discordgo.InteractionResponse, 1)
	go func() { done <- r.bot.Handle(r.ctx, i) }() // Handle recovers its own panics

	timer := time.NewTimer(r.deferAfter)
	defer timer.Stop()
	select {
	case resp := <-done:
		respond(resp, deadline)
		return served
	case <-timer.C:
	}
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		respond(<-done, deadline) // autocomplete cannot be deferred
		return served
	}
	d := deferral(i, r.bot.private(i))
	respond(d, deadline)
	editing = true
	go func() {
		defer r.track.leave()
		defer func() {
			if p := recover(); p != nil {
				r.log.Error("edit deferred response: panic", "interaction", i.ID, "guild", i.GuildID, "err", panicError(p))
			}
		}()
		r.bot.sendDeferred(r.followup, interactionLog(r.log, i), i, d, <-done, arrived)
	}()
	return served
}

// panicError is a recovered panic as an error, with the stack that led to
// it, for the log.
func panicError(p any) error {
	return fmt.Errorf("panic: %v\n%s", p, debug.Stack())
}

// deferral is the response that buys time for i: type 6 for a button whose
// answer updates its message (a page), else type 5, private when the
// answer will be (a vote's thanks, an error).
func deferral(i *discordgo.Interaction, private bool) *discordgo.InteractionResponse {
	if updatesMessage(i) {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	}
	d := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if private {
		d.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	return d
}

// shutdown stops taking interactions and waits for those in flight,
// follow-ups included, until ctx ends; then it cancels what still runs.
func (r *responder) shutdown(ctx context.Context) error {
	defer r.cancel()
	return r.track.shutdown(ctx)
}

// tracker counts work in flight so that a shutdown can wait for it, and
// refuses new work once the shutdown has begun.
type tracker struct {
	mu      sync.Mutex
	closing bool
	stop    chan struct{} // closed when the shutdown begins; made on first use
	wg      sync.WaitGroup
}

// stopping is closed once the shutdown has begun and no new work is taken.
func (t *tracker) stopping() <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stop == nil {
		t.stop = make(chan struct{})
	}
	return t.stop
}

// enter registers one piece of work; false once shutting down.
func (t *tracker) enter() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing {
		return false
	}
	t.wg.Add(1)
	return true
}

func (t *tracker) leave() { t.wg.Done() }

func (t *tracker) isClosing() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.closing
}

func (t *tracker) shutdown(ctx context.Context) error {
	t.mu.Lock()
	if !t.closing {
		t.closing = true
		if t.stop == nil {
			t.stop = make(chan struct{})
		}
		close(t.stop)
	}
	t.mu.Unlock()
	idle := make(chan struct{})
	go func() { t.wg.Wait(); close(idle) }()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("shutdown: interactions still in flight: %w", ctx.Err())
	}
}

// interactionLog is log with the interaction's id and guild, for REST
// failures after the interaction's own log line.
func interactionLog(log *slog.Logger, i *discordgo.Interaction) *slog.Logger {
	return log.With("interaction", i.ID, "guild", i.GuildID)
}

// sendDeferred sends the answer to i after deferral d: an edit of
// @original, except when d was an update (type 6, a page click) and the
// answer is not one (an error). @original is then the public message that
// was clicked, which an edit would overwrite for everyone; the error goes
// as a private follow-up message instead.
func (b *Bot) sendDeferred(f Followup, log *slog.Logger, i *discordgo.Interaction, d, resp *discordgo.InteractionResponse, arrived time.Time) {
	if d.Type == discordgo.InteractionResponseDeferredMessageUpdate && resp != nil && resp.Type != discordgo.InteractionResponseUpdateMessage {
		b.followupPrivate(f, log, i, resp, arrived)
		return
	}
	b.editOriginal(f, log, i, resp, arrived)
}

// followupPrivate sends resp as a new ephemeral message after a deferral.
func (b *Bot) followupPrivate(f Followup, log *slog.Logger, i *discordgo.Interaction, resp *discordgo.InteractionResponse, arrived time.Time) {
	if f == nil || resp.Data == nil {
		return
	}
	d := resp.Data
	params := &discordgo.WebhookParams{Content: d.Content, Embeds: d.Embeds, Components: d.Components,
		AllowedMentions: d.AllowedMentions, Files: d.Files, Flags: discordgo.MessageFlagsEphemeral}
	if d.Attachments != nil {
		params.Attachments = *d.Attachments
	}
	b.callREST(log, "send deferred error", arrived.Add(tokenLifetime), func() error {
		rewind(resp)
		_, err := f.FollowupMessageCreate(i, true, params)
		return err
	})
}

// editOriginal sends a deferred answer as an edit of the original response.
func (b *Bot) editOriginal(f Followup, log *slog.Logger, i *discordgo.Interaction, resp *discordgo.InteractionResponse, arrived time.Time) {
	if f == nil || resp == nil || resp.Data == nil {
		return
	}
	d := resp.Data
	edit := &discordgo.WebhookEdit{Content: &d.Content, Embeds: &d.Embeds, Components: &d.Components,
		AllowedMentions: d.AllowedMentions, Files: d.Files, Attachments: d.Attachments}
	b.callREST(log, "edit deferred response", arrived.Add(tokenLifetime), func() error {
		rewind(resp)
		_, err := f.InteractionResponseEdit(i, edit)
		return err
	})
}
