package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/config"
	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/ops"
)

// shutdownGrace is how long in-flight interactions may take to finish after
// SIGINT/SIGTERM.
const shutdownGrace = 15 * time.Second

// runBot connects to the gateway and answers interactions until ctx ends.
func runBot(ctx context.Context, cfg config.Config, register, strict bool, stdout, stderr io.Writer) error {
	log := newLogger(cfg.LogLevel, stderr)
	metrics := ops.NewMetrics()
	var opened atomic.Bool
	srv, err := opsServer(cfg.OpsAddr(config.ModeGateway), metrics, func() error {
		if !opened.Load() {
			return errors.New("the index is not open yet")
		}
		return nil
	}, log, stdout)
	if err != nil {
		return err
	}
	defer srv.Close()
	live, err := openIndex(ctx, cfg, openHow{strict: strict}, stderr)
	if err != nil {
		return err
	}
	defer live.Close() // after the session: no interaction may reach a closed index
	eng := newEngine(cfg, live, metrics, log)
	stopUpkeep := keepCurrent(ctx, cfg, eng, log)
	defer stopUpkeep() // before the index closes

	s, err := bot.NewSession(sessionConfig(cfg))
	if err != nil {
		return err
	}
	b := bot.New(eng, bot.Options{Version: version(), Logger: log, Observer: metrics})
	gw := bot.NewGateway(b, s, log)
	if err := s.Open(); err != nil {
		return fmt.Errorf("connect to the Discord gateway: %w", explainAuth(err))
	}
	defer closeGateway(gw, s, log)
	opened.Store(true)

	if register {
		if err := registerAtStart(s, cfg, live.Catalogue(), log); err != nil {
			return err
		}
	}
	user := ""
	if s.State != nil && s.State.User != nil {
		user = s.State.User.Username
	}
	log.Info("summitbot ready", "user", user, "shard", cfg.ShardID, "shards", max(cfg.ShardCount, 1),
		"passages", eng.Stats().Passages, "version", version())

	<-ctx.Done()
	log.Info("shutting down: finishing interactions in flight")
	return nil
}

// closeGateway closes the gateway, letting interactions in flight finish
// within shutdownGrace, then the session: so the session's close is logged
// as a close, not as a lost connection, and no interaction is cut off.
func closeGateway(gw *bot.Gateway, s *discordgo.Session, log *slog.Logger) {
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := gw.Shutdown(sctx); err != nil {
		log.Warn("shutdown", "err", err)
	}
	if err := s.Close(); err != nil {
		log.Warn("close gateway session", "err", err)
	}
}

// registerAtStart registers the commands over the open session (run --register).
func registerAtStart(s *discordgo.Session, cfg config.Config, cat *corpus.Catalogue, log *slog.Logger) error {
	appID, err := applicationID(s, cfg)
	if err != nil {
		return err
	}
	cmds, err := bot.Register(s, appID, cfg.GuildID, cat)
	if err != nil {
		return explainAuth(err)
	}
	log.Info("commands registered", "guild", cfg.GuildID, "count", len(cmds))
	return nil
}

// authError is Discord refusing the token: said plainly, with how to get
// a new one, instead of Discord's raw response.
type authError struct{ err error }

func (e authError) Error() string {
	return "DISCORD_TOKEN: Discord rejected the token: it is wrong, or was reset (hint: open https://discord.com/developers/applications, " +
		"choose the application, open Bot, press Reset Token, and put the new token in .env as DISCORD_TOKEN=...)"
}

func (e authError) Unwrap() error { return e.err }

// explainAuth turns Discord's refusal of the token (HTTP 401 over REST,
// close code 4004 on the gateway) into an authError; other errors pass.
func explainAuth(err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return authError{err}
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code == 4004 { // Authentication failed
		return authError{err}
	}
	return err
}

func sessionConfig(cfg config.Config) bot.SessionConfig {
	return bot.SessionConfig{Token: cfg.Token, APIURL: cfg.APIURL, GatewayURL: cfg.GatewayURL, ShardID: cfg.ShardID, ShardCount: cfg.ShardCount}
}

// applicationID is DISCORD_APP_ID, or the application the token belongs to.
func applicationID(s *discordgo.Session, cfg config.Config) (string, error) {
	if cfg.AppID != "" {
		return cfg.AppID, nil
	}
	app, err := s.Application("@me")
	if err != nil {
		return "", fmt.Errorf("look up the application of DISCORD_TOKEN (or set DISCORD_APP_ID): %w", explainAuth(err))
	}
	return app.ID, nil
}

// registerCommands bulk-overwrites the commands over REST, without a
// gateway connection.
func registerCommands(_ context.Context, cfg config.Config, stdout io.Writer) error {
	s, err := bot.NewSession(sessionConfig(cfg))
	if err != nil {
		return err
	}
	appID, err := applicationID(s, cfg)
	if err != nil {
		return err
	}
	cat, err := catalogueOf(cfg)
	if err != nil {
		return err
	}
	cmds, err := bot.Register(s, appID, cfg.GuildID, cat)
	if err != nil {
		return explainAuth(err)
	}
	where := "globally (they may take up to an hour to appear everywhere)"
	if cfg.GuildID != "" {
		where = "in guild " + cfg.GuildID + " (available at once)"
	}
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = "/" + c.Name
		if c.Type == discordgo.MessageApplicationCommand {
			names[i] = fmt.Sprintf("%q (on messages)", c.Name)
		}
	}
	fmt.Fprintf(stdout, "registered %d commands %s: %s\n", len(cmds), where, strings.Join(names, " "))
	return nil
}

// invitePermissions is what the bot asks for when added to a server: what
// a reply to a mention needs (View Channel, Send Messages, Embed Links,
// Read Message History). Slash-command answers need no permission at all.
const invitePermissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory

func invite(_ context.Context, cfg config.Config, stdout io.Writer) error {
	appID := cfg.AppID
	if appID == "" {
		s, err := bot.NewSession(sessionConfig(cfg))
		if err != nil {
			return err
		}
		if appID, err = applicationID(s, cfg); err != nil {
			return err
		}
	}
	_, err := fmt.Fprint(stdout, inviteText(appID))
	return err
}

// inviteText is what invite prints: the two install links of the
// application, each explained in a line. integration_type picks the
// installation context (0: a server, 1: a user's account); naming it and
// the scope overrides the Developer Portal's default install settings.
func inviteText(appID string) string {
	server := url.Values{"client_id": {appID}, "scope": {"bot applications.commands"},
		"permissions": {fmt.Sprint(invitePermissions)}, "integration_type": {"0"}}
	user := url.Values{"client_id": {appID}, "scope": {"applications.commands"}, "integration_type": {"1"}}
	return "Add to a server you manage (its members get the commands; the bot replies to mentions there):\n" +
		"https://discord.com/oauth2/authorize?" + server.Encode() + "\n" +
		"Add to your own account (user install: the commands in any server, DM or group DM, even where the bot is not a member):\n" +
		"https://discord.com/oauth2/authorize?" + user.Encode() + "\n" +
		"User install must first be enabled in the Developer Portal: Installation → Installation Contexts → User Install.\n"
}

// simulate prints the exact interaction response the bot would send for a
// command line, a button click or the message command "Find sources" on a
// message saying message (when --message is given, even empty), without
// any network.
func simulate(ctx context.Context, cfg config.Config, pos []string, click string, message givenString, outDir string, o bot.SimOptions, strict bool, stdout, stderr io.Writer) error {
	var i *discordgo.Interaction
	given := 0
	for _, set := range []bool{len(pos) > 0, click != "", message.given} {
		if set {
			given++
		}
	}
	switch {
	case given > 1:
		return usageError{"simulate takes one of a command line, --click ID or --message TEXT"}
	case click != "":
		i = bot.ClickInteraction(click, o)
	case message.given:
		i = bot.MessageCommandInteraction(message.value, o)
	case len(pos) == 0:
		return usageError{"simulate needs a command line, e.g. summitbot simulate '/summit event:hanoi'"}
	default:
		var err error
		if i, err = bot.ParseCommandLine(strings.Join(pos, " "), o); err != nil {
			return usageError{"simulate: " + err.Error()}
		}
	}
	live, err := openIndex(ctx, cfg, openHow{strict: strict}, stderr)
	if err != nil {
		return err
	}
	defer live.Close()
	log := newLogger(cfg.LogLevel, stderr)
	b := bot.New(newEngine(cfg, live, nil, log), bot.Options{Version: version(), Logger: log})
	resp := b.Handle(ctx, i)
	if err := writeJSON(stdout, resp); err != nil {
		return err
	}
	if outDir == "" || resp.Data == nil {
		return nil
	}
	// The attachments the response would upload, written out to look at.
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	for _, f := range resp.Data.Files {
		data, err := io.ReadAll(f.Reader)
		if err != nil {
			return fmt.Errorf("read attachment %s: %w", f.Name, err)
		}
		path := filepath.Join(outDir, filepath.Base(f.Name))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
		fmt.Fprintf(stderr, "wrote %s (%d bytes)\n", path, len(data))
	}
	return nil
}

func corpusName(cfg config.Config) string {
	if cfg.CorpusDir == "" {
		return "built-in"
	}
	if abs, err := filepath.Abs(cfg.CorpusDir); err == nil {
		return filepath.Base(abs)
	}
	return cfg.CorpusDir
}

// newLogger writes structured logs to w at the configured level.
func newLogger(level string, w io.Writer) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil || level == "" {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// version is the module version or VCS revision stamped by the Go tool.
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			rev := s.Value[:12]
			if v == "" || v == "(devel)" {
				v = rev
			} else {
				v += " (" + rev + ")"
			}
		}
	}
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	return v
}

// catalogueOf is the catalogue of the configured corpus: the built-in one,
// with the corpus folder's events.yaml merged over it. The commands'
// descriptions list its events.
func catalogueOf(cfg config.Config) (*corpus.Catalogue, error) {
	if cfg.CorpusDir == "" {
		return corpus.DefaultCatalogue()
	}
	return corpus.CatalogueFor(os.DirFS(cfg.CorpusDir), nil)
}
