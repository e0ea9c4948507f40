// Package config reads summitbot's settings from the environment and an
// optional .env file, and validates them once, reporting every problem at
// the same time with the variable's name and a hint.
package config

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"
)

// Config holds the settings of every subcommand.
type Config struct {
	// CorpusDir is the article folder; empty means the embedded corpus.
	CorpusDir string
	// IndexDir is the on-disk index folder; empty means in memory.
	IndexDir string

	// Token is the bot token (DISCORD_TOKEN). Never log it.
	Token string
	// AppID is the application id; empty means: ask Discord.
	AppID string
	// GuildID registers commands in one guild (development).
	GuildID string
	// APIURL replaces https://discord.com/api/v9 (a proxy, or a fake Discord).
	APIURL string
	// GatewayURL replaces the gateway URL Discord hands out.
	GatewayURL string
	// ShardID and ShardCount run one shard of a sharded bot.
	ShardID, ShardCount int
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// PublicKey is the application's Ed25519 public key, hex (HTTP mode).
	PublicKey string
	// HTTPAddr is where `serve` listens (default ":8080").
	HTTPAddr string
	// MetricsAddr serves /healthz, /readyz and /metrics on a port of its
	// own; empty: see OpsAddr.
	MetricsAddr string

	// Feeds are the RSS and Atom feeds kept in the corpus (FEEDS); none
	// means no fetching.
	Feeds []string
	// FetchEvery is how often run and serve fetch the feeds (FETCH_EVERY,
	// default DefaultFetchEvery).
	FetchEvery time.Duration
	// FeedsDir is the folder the fetched articles are written to
	// (FEEDS_DIR; empty: DefaultFeedsDir), relative to CorpusDir unless
	// absolute; FeedsFolder resolves it.
	FeedsDir string
	// CorpusPoll is how often run and serve look for changed corpus files
	// and apply them (CORPUS_POLL, default DefaultCorpusPoll; 0: never).
	CorpusPoll time.Duration

	// Warnings are problems worth telling the operator that do not stop
	// the program, such as a world-readable .env; Warn adds those that
	// depend on settings a flag may change.
	Warnings []string

	// shardErrs are SHARD_ID and SHARD_COUNT values Load could not read;
	// Validate reports them with the other Discord settings.
	shardErrs []error
	// feedErrs are FEEDS and FETCH_EVERY values Load could not read;
	// Validate reports them with the other feed settings.
	feedErrs []error
	// feedsSet says FEEDS is set, even if to nothing usable.
	feedsSet bool
}

// Feed defaults.
const (
	// DefaultFetchEvery is how often the feeds are fetched when
	// FETCH_EVERY is unset.
	DefaultFetchEvery = 30 * time.Minute
	// MinFetchEvery is the shortest FETCH_EVERY.
	MinFetchEvery = time.Minute
	// DefaultFeedsDir is FEEDS_DIR's default, inside CORPUS_DIR.
	DefaultFeedsDir = "feeds"
	// DefaultCorpusPoll is how often a corpus folder is looked at for
	// changes when CORPUS_POLL is unset: a look stats every file, about
	// 0.34–0.44 s for the 24,833 files of the news corpus.
	DefaultCorpusPoll = 30 * time.Second
)

// FeedsFolder is the folder the fetched articles are written to:
// FeedsDir, inside CorpusDir unless it is absolute.
func (c Config) FeedsFolder() string {
	dir := c.FeedsDir
	if dir == "" {
		dir = DefaultFeedsDir
	}
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(c.CorpusDir, dir)
}

// Address defaults: every listening address is resolved here, so that the
// servers and healthcheck agree on them.
const (
	// defaultHTTPAddr is where `serve` takes interactions (HTTP_ADDR).
	defaultHTTPAddr = ":8080"
	// DefaultGatewayOpsAddr is where gateway mode (`run`) serves health and
	// metrics when METRICS_ADDR is unset.
	DefaultGatewayOpsAddr = ":9090"
)

// Mode is how the bot receives interactions.
type Mode int

const (
	// ModeGateway is `run`: interactions over the gateway websocket.
	ModeGateway Mode = iota
	// ModeHTTP is `serve`: interactions POSTed to HTTPAddr.
	ModeHTTP
)

// OpsAddr is where mode m serves /healthz, /readyz and /metrics:
// METRICS_ADDR when set; otherwise HTTP mode shares HTTP_ADDR and gateway
// mode, which has no HTTP server of its own, uses DefaultGatewayOpsAddr.
func (c Config) OpsAddr(m Mode) string {
	switch {
	case c.MetricsAddr != "":
		return c.MetricsAddr
	case m == ModeHTTP:
		return c.HTTPAddr
	default:
		return DefaultGatewayOpsAddr
	}
}

// HealthAddrs are the addresses healthcheck asks, in order: the ops
// address of each mode, once each. A container's health check does not
// know which mode its process runs in; asking both finds the one there.
func (c Config) HealthAddrs() []string {
	var out []string
	for _, m := range []Mode{ModeGateway, ModeHTTP} {
		if a := c.OpsAddr(m); !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// String describes the configuration without secrets.
func (c Config) String() string {
	token := "unset"
	if c.Token != "" {
		token = "set"
	}
	return fmt.Sprintf("corpus=%q index=%q token=%s app=%q guild=%q api=%q gateway=%q shard=%d/%d",
		c.CorpusDir, c.IndexDir, token, c.AppID, c.GuildID, c.APIURL, c.GatewayURL, c.ShardID, c.ShardCount)
}

// Load reads the variables from getenv, falling back to envFile (a .env
// file; a missing file is fine). The real environment wins over the file.
func Load(getenv func(string) string, envFile string) (Config, error) {
	fileVars := map[string]string{}
	var warnings []string
	if envFile != "" {
		vars, err := godotenv.Read(envFile)
		switch {
		case err == nil:
			fileVars = vars
			if fi, err := os.Stat(envFile); err == nil && fi.Mode().Perm()&0o004 != 0 {
				warnings = append(warnings, fmt.Sprintf("%s is readable by every user of this machine and may hold DISCORD_TOKEN; run: chmod 600 %s", envFile, envFile))
			}
		case errors.Is(err, fs.ErrNotExist):
		default:
			return Config{}, fmt.Errorf("read %s: %w", envFile, err)
		}
	}
	get := func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fileVars[name]
	}
	c := Config{
		CorpusDir:   get("CORPUS_DIR"),
		IndexDir:    get("INDEX_DIR"),
		Token:       strings.TrimSpace(strings.TrimPrefix(get("DISCORD_TOKEN"), "Bot ")),
		AppID:       get("DISCORD_APP_ID"),
		GuildID:     get("DISCORD_GUILD_ID"),
		APIURL:      get("DISCORD_API_URL"),
		GatewayURL:  get("DISCORD_GATEWAY_URL"),
		LogLevel:    get("LOG_LEVEL"),
		PublicKey:   strings.TrimSpace(get("DISCORD_PUBLIC_KEY")),
		HTTPAddr:    get("HTTP_ADDR"),
		MetricsAddr: get("METRICS_ADDR"),
		Warnings:    warnings,
	}
	if c.HTTPAddr == "" {
		c.HTTPAddr = defaultHTTPAddr
	}
	c.loadFeeds(get)
	for _, v := range []struct {
		name string
		dst  *int
	}{{"SHARD_ID", &c.ShardID}, {"SHARD_COUNT", &c.ShardCount}} {
		if raw := get(v.name); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil || n < 0 {
				c.shardErrs = append(c.shardErrs, fmt.Errorf("%s: %q is not a whole number (hint: shards are numbered from 0)", v.name, raw))
				continue
			}
			*v.dst = n
		}
	}
	return c, nil
}

// Settings are groups of settings; Needs.Only names the groups a
// subcommand reads, and so the ones Validate checks.
type Settings uint

const (
	// CorpusSettings: CORPUS_DIR. The subcommands that read only the
	// catalogue (events, commands, register) check it alone.
	CorpusSettings Settings = 1 << iota
	// IndexSettings: INDEX_DIR, for the subcommands that search the
	// articles and so open or build an index.
	IndexSettings
	// DiscordSettings: DISCORD_APP_ID, DISCORD_GUILD_ID, DISCORD_API_URL,
	// DISCORD_GATEWAY_URL, SHARD_ID, SHARD_COUNT, and DISCORD_PUBLIC_KEY
	// when it is set.
	DiscordSettings
	// AddrSettings: HTTP_ADDR and METRICS_ADDR.
	AddrSettings
	// LogSettings: LOG_LEVEL.
	LogSettings
	// FeedSettings: FEEDS, FETCH_EVERY, FEEDS_DIR and CORPUS_POLL, which
	// keep the corpus current.
	FeedSettings

	// AllSettings are every group.
	AllSettings = CorpusSettings | IndexSettings | DiscordSettings | AddrSettings | LogSettings | FeedSettings
)

// vars are the variables of each group, in the order help lists them.
var vars = []struct {
	group Settings
	names []string
}{
	{CorpusSettings, []string{"CORPUS_DIR"}},
	{IndexSettings, []string{"INDEX_DIR"}},
	{DiscordSettings, []string{"DISCORD_APP_ID", "DISCORD_GUILD_ID", "DISCORD_API_URL", "DISCORD_GATEWAY_URL", "SHARD_ID", "SHARD_COUNT"}},
	{AddrSettings, []string{"HTTP_ADDR", "METRICS_ADDR"}},
	{LogSettings, []string{"LOG_LEVEL"}},
	{FeedSettings, []string{"FEEDS", "FETCH_EVERY", "FEEDS_DIR", "CORPUS_POLL"}},
}

// Needs says which settings a subcommand requires and which it reads.
type Needs struct {
	// Token: the subcommand talks to Discord.
	Token bool
	// PublicKey: the subcommand verifies signed interactions.
	PublicKey bool
	// AppID: the subcommand needs the application id: DISCORD_APP_ID, or
	// DISCORD_TOKEN to ask Discord for it.
	AppID bool
	// Only limits the checks to the settings of these groups, so that a
	// subcommand is not stopped by a setting it never reads (a bad
	// SHARD_COUNT does not stop `summitbot search`). Zero means
	// AllSettings. Token, PublicKey and AppID are checked whatever Only
	// says.
	Only Settings
}

// checks reports whether Validate checks the group g.
func (n Needs) checks(g Settings) bool {
	only := n.Only
	if only == 0 {
		only = AllSettings
	}
	return only&g != 0
}

// Vars names the variables n reads, and so Validate checks, for help
// texts.
func (n Needs) Vars() []string {
	var out []string
	if n.Token || n.AppID {
		out = append(out, "DISCORD_TOKEN")
	}
	if n.AppID && !n.checks(DiscordSettings) {
		out = append(out, "DISCORD_APP_ID")
	}
	if n.PublicKey || n.checks(DiscordSettings) { // the Discord group checks it when set
		out = append(out, "DISCORD_PUBLIC_KEY")
	}
	for _, v := range vars {
		if n.checks(v.group) {
			out = append(out, v.names...)
		}
	}
	return out
}

// Validate reports every problem at once: a required setting that is
// missing, and any setting of the groups n reads that is malformed.
func (c Config) Validate(n Needs) error {
	var errs []error
	if n.checks(DiscordSettings) {
		errs = append(errs, c.shardErrs...)
	}
	if n.Token || (n.AppID && c.AppID == "") {
		errs = append(errs, c.checkToken()...)
	}
	if n.PublicKey || (c.PublicKey != "" && n.checks(DiscordSettings)) {
		errs = append(errs, c.checkPublicKey()...)
	}
	if n.checks(AddrSettings) {
		errs = append(errs, c.checkAddrs()...)
	}
	if n.checks(DiscordSettings) {
		errs = append(errs, c.checkIDs()...)
		errs = append(errs, c.checkDiscord()...)
	}
	if n.checks(LogSettings) {
		switch strings.ToLower(c.LogLevel) {
		case "", "debug", "info", "warn", "error":
		default:
			errs = append(errs, fmt.Errorf("LOG_LEVEL: %q is not one of debug, info, warn, error", c.LogLevel))
		}
	}
	if n.checks(CorpusSettings) {
		errs = append(errs, c.checkCorpus()...)
	}
	if n.checks(IndexSettings) {
		errs = append(errs, c.checkIndex()...)
	}
	if n.checks(FeedSettings) {
		errs = append(errs, c.checkFeeds()...)
	}
	return errors.Join(errs...)
}

func (c Config) checkToken() []error {
	switch {
	case c.Token == "":
		return []error{errors.New("DISCORD_TOKEN: not set (hint: create an application at https://discord.com/developers/applications, open Bot, press Reset Token, and put the token in .env as DISCORD_TOKEN=...)")}
	case strings.Count(c.Token, ".") != 2 || strings.ContainsAny(c.Token, " \t\n"):
		return []error{errors.New("DISCORD_TOKEN: does not look like a bot token (hint: copy it again from the Bot page of your application; it has three parts separated by dots)")}
	}
	return nil
}

func (c Config) checkPublicKey() []error {
	if k, err := hex.DecodeString(c.PublicKey); err == nil && len(k) == ed25519.PublicKeySize {
		return nil
	}
	what := "not set"
	if c.PublicKey != "" {
		what = "not 64 hexadecimal characters"
	}
	return []error{fmt.Errorf("DISCORD_PUBLIC_KEY: %s (hint: copy Public Key from General Information at https://discord.com/developers/applications)", what)}
}

func (c Config) checkAddrs() []error {
	var errs []error
	for _, v := range []struct{ name, val string }{{"HTTP_ADDR", c.HTTPAddr}, {"METRICS_ADDR", c.MetricsAddr}} {
		if v.val == "" {
			continue
		}
		if _, port, err := net.SplitHostPort(v.val); err != nil || port == "" {
			errs = append(errs, fmt.Errorf("%s: %q is not host:port (hint: e.g. :8080 or 127.0.0.1:8080)", v.name, v.val))
		}
	}
	return errs
}

// checkIDs checks DISCORD_APP_ID and DISCORD_GUILD_ID.
func (c Config) checkIDs() []error {
	var errs []error
	for _, v := range []struct{ name, val string }{{"DISCORD_APP_ID", c.AppID}, {"DISCORD_GUILD_ID", c.GuildID}} {
		if v.val != "" && !isSnowflake(v.val) {
			errs = append(errs, fmt.Errorf("%s: %q is not a Discord id (hint: enable Developer Mode in Discord, then right-click → Copy ID)", v.name, v.val))
		}
	}
	return errs
}

// checkDiscord checks the URLs and the shard numbers.
func (c Config) checkDiscord() []error {
	var errs []error
	for _, v := range []struct {
		name, val string
		schemes   []string
	}{
		{"DISCORD_API_URL", c.APIURL, []string{"http", "https"}},
		{"DISCORD_GATEWAY_URL", c.GatewayURL, []string{"ws", "wss"}},
	} {
		if v.val == "" {
			continue
		}
		u, err := url.Parse(v.val)
		if err != nil || u.Host == "" || !slices.Contains(v.schemes, u.Scheme) {
			errs = append(errs, fmt.Errorf("%s: %q is not a %s URL (hint: e.g. %s://127.0.0.1:8080)", v.name, v.val, strings.Join(v.schemes, "/"), v.schemes[0]))
		}
	}
	if c.ShardCount > 0 && c.ShardID >= c.ShardCount {
		errs = append(errs, fmt.Errorf("SHARD_ID: %d must be below SHARD_COUNT %d (hint: shards are numbered 0 to SHARD_COUNT-1)", c.ShardID, c.ShardCount))
	}
	if c.ShardCount == 0 && c.ShardID > 0 {
		errs = append(errs, errors.New("SHARD_ID: set without SHARD_COUNT (hint: set both, or neither)"))
	}
	return errs
}

func (c Config) checkCorpus() []error {
	var errs []error
	if c.CorpusDir != "" {
		fi, err := os.Stat(c.CorpusDir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errs = append(errs, fmt.Errorf("CORPUS_DIR / --corpus: folder %q does not exist (hint: give the folder that holds your articles, or leave it unset to use the built-in corpus)", c.CorpusDir))
		case err != nil:
			errs = append(errs, fmt.Errorf("CORPUS_DIR / --corpus: %w", err))
		case !fi.IsDir():
			errs = append(errs, fmt.Errorf("CORPUS_DIR / --corpus: %q is a file, not a folder (hint: give the folder that holds your articles)", c.CorpusDir))
		}
	}
	return errs
}

func (c Config) checkIndex() []error {
	if c.IndexDir != "" {
		if fi, err := os.Stat(c.IndexDir); err == nil && !fi.IsDir() {
			return []error{fmt.Errorf("INDEX_DIR / --index: %q is a file, not a folder (hint: give a folder the index may be written to, or leave it unset to index in memory)", c.IndexDir)}
		}
	}
	return nil
}

// loadFeeds reads FEEDS, FETCH_EVERY, FEEDS_DIR and CORPUS_POLL, keeping the
// values it cannot read for Validate.
func (c *Config) loadFeeds(get func(string) string) {
	c.feedsSet = strings.TrimSpace(get("FEEDS")) != ""
	for _, f := range strings.FieldsFunc(get("FEEDS"), func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
		u, err := url.Parse(f)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			c.feedErrs = append(c.feedErrs, fmt.Errorf("FEEDS: %q is not an absolute http or https URL (hint: give the feeds' full addresses, such as https://example.com/rss.xml, separated by spaces, commas or newlines)", f))
			continue
		}
		c.Feeds = append(c.Feeds, f)
	}
	var err error
	if c.FetchEvery, err = durationSetting(get, "FETCH_EVERY", DefaultFetchEvery, MinFetchEvery, false, func(raw string, d time.Duration, parsed bool) error {
		if !parsed {
			return fmt.Errorf("FETCH_EVERY: %q is not a duration (hint: a number and a unit, such as 30m or 2h)", raw)
		}
		return fmt.Errorf("FETCH_EVERY: %s is less than %s (hint: feeds change slowly and their servers deserve politeness; 30m is the default)", d, MinFetchEvery)
	}); err != nil {
		c.feedErrs = append(c.feedErrs, err)
	}
	c.FeedsDir = strings.TrimSpace(get("FEEDS_DIR"))
	if c.CorpusPoll, err = durationSetting(get, "CORPUS_POLL", DefaultCorpusPoll, time.Second, true, func(raw string, _ time.Duration, _ bool) error {
		return fmt.Errorf("CORPUS_POLL: %q is not a duration of a second or more (hint: such as 30s or 5m; 0 turns the watching off)", raw)
	}); err != nil {
		c.feedErrs = append(c.feedErrs, err)
	}
}

// Warn is every warning about the settings as they stand: Warnings, and a
// FEEDS_DIR outside CORPUS_DIR, judged after a --corpus flag has changed
// CorpusDir.
func (c Config) Warn() []string {
	out := slices.Clone(c.Warnings)
	if c.feedsSet && c.CorpusDir != "" && !inside(c.CorpusDir, c.FeedsFolder()) {
		out = append(out, fmt.Sprintf("FEEDS_DIR: %q is not inside CORPUS_DIR %q, so the serving bot will not see the fetched articles (hint: keep FEEDS_DIR inside CORPUS_DIR: a relative FEEDS_DIR such as %q is)", c.FeedsFolder(), c.CorpusDir, DefaultFeedsDir))
	}
	return out
}

// durationSetting is the duration the variable name holds: def when it is
// unset, 0 when it is 0 and zeroOff (0 turns something off). A value that
// is not a duration (parsed false), or is d, shorter than least, is
// reported as bad says, and def is kept.
func durationSetting(get func(string) string, name string, def, least time.Duration, zeroOff bool, bad func(raw string, d time.Duration, parsed bool) error) (time.Duration, error) {
	raw := strings.TrimSpace(get(name))
	if raw == "" {
		return def, nil
	}
	d, err := time.ParseDuration(raw)
	switch {
	case err != nil:
		return def, bad(raw, 0, false)
	case d == 0 && zeroOff:
		return 0, nil
	case d < least:
		return def, bad(raw, d, true)
	}
	return d, nil
}

// inside reports whether the folder dir is root or inside it, as far as
// the paths tell (links are not followed).
func inside(root, dir string) bool {
	r, err1 := filepath.Abs(root)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return true // cannot tell: no warning
	}
	rel, err := filepath.Rel(r, d)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkFeeds reports the FEEDS and FETCH_EVERY values Load could not read,
// FEEDS without CORPUS_DIR, and a FEEDS_DIR that is a file.
func (c Config) checkFeeds() []error {
	errs := slices.Clone(c.feedErrs)
	if c.feedsSet && c.CorpusDir == "" {
		errs = append(errs, errors.New("FEEDS is set but CORPUS_DIR is not (hint: the built-in corpus is read-only; set CORPUS_DIR, or --corpus, to the article folder the fetched articles should join)"))
	}
	if c.feedsSet && c.CorpusDir != "" {
		if fi, err := os.Stat(c.FeedsFolder()); err == nil && !fi.IsDir() {
			errs = append(errs, fmt.Errorf("FEEDS_DIR: %q is a file, not a folder (hint: give a folder, relative to CORPUS_DIR or absolute; it is made when missing)", c.FeedsFolder()))
		}
	}
	return errs
}

// isSnowflake reports whether s is a Discord id: a decimal number.
func isSnowflake(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
