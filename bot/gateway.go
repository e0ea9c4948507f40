package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DeferAfter is how long an answer may take before the gateway defers it
// (type 5 or 6) and edits the original message later: Discord drops
// interactions not answered within 3 s.
const DeferAfter = 2 * time.Second

// Gateway feeds interactions from a discordgo session to the bot and sends
// the answers back over REST, deferring slow ones.
type Gateway struct {
	bot        *Bot
	log        *slog.Logger
	deferAfter time.Duration

	mu       sync.Mutex
	closing  bool
	inflight sync.WaitGroup
	baseCtx  context.Context
	cancel   context.CancelFunc
	botID    atomic.Value // string, from READY
}

// NewGateway wires b to s: every INTERACTION_CREATE is answered. Call
// Shutdown before closing the session.
func NewGateway(b *Bot, s *discordgo.Session, log *slog.Logger) *Gateway {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	g := &Gateway{bot: b, log: log, deferAfter: DeferAfter, baseCtx: ctx, cancel: cancel}
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		g.serve(s, ic.Interaction)
	})
	// The bot's own id comes from READY; reading s.State.User instead would
	// race with discordgo rewriting it on every reconnect.
	s.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) {
		if r.User != nil {
			g.botID.Store(r.User.ID)
		}
	})
	s.AddHandler(func(s *discordgo.Session, mc *discordgo.MessageCreate) {
		g.mention(s, mc.Message)
	})
	return g
}

// mention answers a channel message that mentions the bot with a reply.
func (g *Gateway) mention(s *discordgo.Session, m *discordgo.Message) {
	botID, _ := g.botID.Load().(string)
	if botID == "" || m.Author == nil || m.Author.Bot {
		return
	}
	g.mu.Lock()
	if g.closing {
		g.mu.Unlock()
		return
	}
	g.inflight.Add(1)
	g.mu.Unlock()
	defer g.inflight.Done()
	locale := discordgo.EnglishUS
	if guild, err := s.State.Guild(m.GuildID); err == nil && guild.PreferredLocale != "" && m.GuildID != "" {
		locale = discordgo.Locale(guild.PreferredLocale)
	}
	reply := g.bot.AnswerMessage(g.baseCtx, m, botID, locale)
	if reply == nil {
		return
	}
	g.bot.callREST(g.log, "reply to mention", &discordgo.Interaction{ID: m.ID, GuildID: m.GuildID}, time.Now().Add(time.Minute), func() error {
		_, err := s.ChannelMessageSendComplex(m.ChannelID, reply)
		return err
	})
}

// serve answers one interaction: directly when the bot is quick, otherwise
// with a deferral followed by an edit of the original response.
func (g *Gateway) serve(s *discordgo.Session, i *discordgo.Interaction) {
	g.mu.Lock()
	if g.closing {
		g.mu.Unlock()
		return // shutting down: Discord shows the user a failure, and nothing half-done happens
	}
	g.inflight.Add(1)
	g.mu.Unlock()
	defer g.inflight.Done()

	arrived := time.Now()
	done := make(chan *discordgo.InteractionResponse, 1)
	go func() { done <- g.bot.Handle(g.baseCtx, i) }()

	timer := time.NewTimer(g.deferAfter)
	defer timer.Stop()
	select {
	case resp := <-done:
		g.respond(s, i, resp, arrived)
		return
	case <-timer.C:
	}
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		g.respond(s, i, <-done, arrived) // autocomplete cannot be deferred
		return
	}
	deferred := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if i.Type == discordgo.InteractionMessageComponent {
		deferred.Type = discordgo.InteractionResponseDeferredMessageUpdate
	} else if Ephemeral(i) {
		deferred.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	g.bot.callREST(g.log, "defer interaction", i, arrived.Add(callbackWindow), func() error {
		return s.InteractionRespond(i, deferred)
	})
	g.bot.editOriginal(s, g.log, i, <-done, arrived)
}

func (g *Gateway) respond(s *discordgo.Session, i *discordgo.Interaction, resp *discordgo.InteractionResponse, arrived time.Time) {
	g.bot.callREST(g.log, "respond to interaction", i, arrived.Add(callbackWindow), func() error {
		return s.InteractionRespond(i, rewind(resp))
	})
}

// rewind lets a retried response upload its files again.
func rewind(resp *discordgo.InteractionResponse) *discordgo.InteractionResponse {
	if resp.Data != nil {
		for _, f := range resp.Data.Files {
			if seeker, ok := f.Reader.(io.Seeker); ok {
				seeker.Seek(0, io.SeekStart)
			}
		}
	}
	return resp
}

// Shutdown stops taking interactions and waits for those in flight, until
// ctx ends; then it cancels what is still running.
func (g *Gateway) Shutdown(ctx context.Context) error {
	g.mu.Lock()
	g.closing = true
	g.mu.Unlock()
	defer g.cancel()
	idle := make(chan struct{})
	go func() { g.inflight.Wait(); close(idle) }()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("shutdown: interactions still in flight: %w", ctx.Err())
	}
}

// Register bulk-overwrites the slash commands, globally (guildID empty:
// may take up to an hour to show) or in one guild (at once).
func Register(s *discordgo.Session, appID, guildID string) ([]*discordgo.ApplicationCommand, error) {
	if appID == "" {
		return nil, errors.New("register commands: no application id")
	}
	cmds, err := s.ApplicationCommandBulkOverwrite(appID, guildID, Commands())
	if err != nil {
		where := "globally"
		if guildID != "" {
			where = "in guild " + guildID
		}
		return nil, fmt.Errorf("register commands %s: %w", where, err)
	}
	return cmds, nil
}
