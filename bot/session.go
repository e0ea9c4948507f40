package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Intents are the gateway intents the bot asks for.
const Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages

// SessionConfig says how to reach Discord.
type SessionConfig struct {
	// Token is the bot's token (DISCORD_TOKEN); empty for REST calls that
	// need none.
	Token string
	// APIURL replaces https://discord.com/api/v9 for every REST call, as a
	// rate-limit proxy (or a test's fake Discord) needs; empty keeps it.
	APIURL string
	// GatewayURL, when set, is the websocket URL used instead of the one
	// Discord's /gateway endpoint returns.
	GatewayURL string
	// ShardID and ShardCount run one shard of a sharded bot (count 0 or 1:
	// no sharding).
	ShardID, ShardCount int
}

// NewSession returns a discordgo session configured for the bot: the Guilds
// and Guild Messages intents, none privileged (slash commands need none;
// messages that mention the bot carry their content without the Message
// Content intent), REST and gateway traffic sent where the configuration says.
func NewSession(c SessionConfig) (*discordgo.Session, error) {
	auth := ""
	if c.Token != "" {
		auth = "Bot " + c.Token // empty: REST calls that need none, as interaction follow-ups
	}
	s, err := discordgo.New(auth)
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	s.Identify.Intents = Intents
	s.ShouldReconnectOnError = true
	// Rate limits are retried by callREST, which knows the interaction's
	// deadline; discordgo would wait and retry without bound.
	s.ShouldRetryOnRateLimit = false
	s.StateEnabled = true
	if c.ShardCount > 1 {
		s.ShardID, s.ShardCount = c.ShardID, c.ShardCount
	}
	rt := &rewriter{next: http.DefaultTransport, gateway: c.GatewayURL}
	if c.APIURL != "" {
		u, err := url.Parse(strings.TrimRight(c.APIURL, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("new session: DISCORD_API_URL %q is not an http(s) URL", c.APIURL)
		}
		rt.base = u
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: rt}
	return s, nil
}

// rewriter sends discordgo's REST calls to another base URL and answers
// the gateway lookup itself when a gateway URL is configured. It is the
// session's own transport, so discordgo's package globals stay untouched.
type rewriter struct {
	next    http.RoundTripper
	base    *url.URL // nil: Discord itself
	gateway string
}

func (r *rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	discordAPI := strings.TrimSuffix(discordgo.EndpointAPI, "/")
	full := req.URL.String()
	rest, isAPI := strings.CutPrefix(full, discordAPI)
	if isAPI && r.gateway != "" && req.Method == http.MethodGet && (rest == "/gateway" || strings.HasPrefix(rest, "/gateway?")) {
		body, _ := json.Marshal(map[string]string{"url": r.gateway})
		return &http.Response{
			StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header:  http.Header{"Content-Type": {"application/json"}},
			Body:    io.NopCloser(bytes.NewReader(body)),
			Request: req,
		}, nil
	}
	if isAPI && r.base != nil {
		u, err := url.Parse(r.base.String() + rest)
		if err != nil {
			return nil, fmt.Errorf("rewrite %s: %w", req.URL.Path, err)
		}
		req = req.Clone(req.Context())
		req.URL = u
		req.Host = u.Host
	}
	return r.next.RoundTrip(req)
}
