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

	"github.com/summitbot/summitbot/corpus"
)

// defaultDeferAfter is how long an answer may take before it is deferred (type 5
// or 6) and the original message edited later, over the gateway and the
// HTTP endpoint alike: Discord drops interactions not answered within 3 s.
const defaultDeferAfter = 2 * time.Second

// Gateway feeds interactions from a discordgo session to the bot and sends
// the answers back over REST, deferring slow ones. It also answers messages
// that mention the bot, and logs gateway reconnects.
type Gateway struct {
	bot   *Bot
	log   *slog.Logger
	resp  *responder
	botID atomic.Value // string, from READY

	mu        sync.Mutex
	down      time.Time // when the gateway connection was lost; zero while up
	readies   int       // READY and RESUMED events so far
	lastReady time.Time
}

// NewGateway wires b to s: every INTERACTION_CREATE is answered. Call
// Shutdown before closing the session.
func NewGateway(b *Bot, s *discordgo.Session, log *slog.Logger) *Gateway {
	return newGateway(b, s, log, defaultDeferAfter)
}

func newGateway(b *Bot, s *discordgo.Session, log *slog.Logger, deferAfter time.Duration) *Gateway {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	g := &Gateway{bot: b, log: log, resp: newResponder(b, log, deferAfter, s)}
	// discordgo runs each handler in a goroutine of its own, where a panic
	// would end the process: every handler recovers first.
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		defer g.recover("interaction create")
		var i *discordgo.Interaction
		if ic != nil {
			i = ic.Interaction
		}
		g.resp.serve(i, func(resp *discordgo.InteractionResponse, deadline time.Time) {
			g.bot.callREST(interactionLog(g.log, i), "respond to interaction", deadline, func() error {
				return s.InteractionRespond(i, rewind(resp))
			})
		})
	})
	// The bot's own id comes from READY; reading s.State.User instead would
	// race with discordgo rewriting it on every reconnect.
	s.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) {
		defer g.recover("ready")
		if r != nil && r.User != nil {
			g.botID.Store(r.User.ID)
		}
		g.connected()
	})
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Resumed) { g.connected() })
	s.AddHandler(func(s *discordgo.Session, mc *discordgo.MessageCreate) {
		defer g.recover("message create")
		if mc != nil && mc.Message != nil {
			g.mention(s, mc.Message)
		}
	})
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Disconnect) { g.disconnected() })
	return g
}

// recover logs a panic in a gateway event handler, with its stack, instead
// of letting it end the process.
func (g *Gateway) recover(event string) {
	if p := recover(); p != nil {
		g.log.Error("gateway event: panic", "event", event, "err", panicError(p))
	}
}

// discordgo's handlers run in goroutines of their own, so the disconnect
// of an outage may be handled after the READY that ends it. discordgo sends
// the disconnect only after waiting a second for the close, so a session
// ready for less than that when the disconnect is handled is the new one.
const closeWait = time.Second

func (g *Gateway) disconnected() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.resp.track.isClosing() {
		g.log.Info("gateway closed")
		return
	}
	if g.readies > 1 && time.Since(g.lastReady) < closeWait {
		return // handled after the READY that ended it, which said so
	}
	if g.down.IsZero() {
		g.down = time.Now()
		g.log.Warn("gateway disconnected; reconnecting")
	}
}

// connected is told of READY and RESUMED, which say the session is usable
// (a websocket that connects may still be refused its resume). Every one
// after the first ends an outage; down counts from discordgo's disconnect
// event, which comes about a second after the connection was lost.
func (g *Gateway) connected() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.readies++
	g.lastReady = time.Now()
	switch {
	case g.readies == 1:
	case g.down.IsZero():
		g.log.Info("gateway reconnected")
	default:
		g.log.Info("gateway reconnected", "down", time.Since(g.down).Round(time.Millisecond))
		g.down = time.Time{}
	}
}

// mention answers a channel message that mentions the bot with a reply.
func (g *Gateway) mention(s *discordgo.Session, m *discordgo.Message) {
	botID, _ := g.botID.Load().(string)
	if botID == "" || m.Author == nil || m.Author.Bot {
		return
	}
	if !g.resp.track.enter() {
		return
	}
	defer g.resp.track.leave()
	locale := discordgo.EnglishUS
	if m.GuildID != "" && s.State != nil {
		if guild, err := s.State.Guild(m.GuildID); err == nil && guild.PreferredLocale != "" {
			locale = discordgo.Locale(guild.PreferredLocale)
		}
	}
	reply := g.bot.answerMessage(g.resp.ctx, m, botID, locale)
	if reply == nil {
		return
	}
	g.bot.callREST(g.log.With("message", m.ID, "guild", m.GuildID), "reply to mention", time.Now().Add(time.Minute), func() error {
		_, err := s.ChannelMessageSendComplex(m.ChannelID, reply)
		return err
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
func (g *Gateway) Shutdown(ctx context.Context) error { return g.resp.shutdown(ctx) }

// Register bulk-overwrites the commands (slash commands and the message
// command) for the catalogue's events,
// globally (guildID empty: may take up to an hour to show) or in one guild
// (at once).
func Register(s *discordgo.Session, appID, guildID string, cat *corpus.Catalogue) ([]*discordgo.ApplicationCommand, error) {
	if appID == "" {
		return nil, errors.New("register commands: no application id")
	}
	cmds, err := s.ApplicationCommandBulkOverwrite(appID, guildID, Commands(cat))
	if err != nil {
		where := "globally"
		if guildID != "" {
			where = "in guild " + guildID
		}
		return nil, fmt.Errorf("register commands %s: %w", where, err)
	}
	return cmds, nil
}
