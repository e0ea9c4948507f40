package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
)

// Command names.
const (
	cmdSummit   = "summit"
	cmdSearch   = "search"
	cmdAsk      = "ask"
	cmdTimeline = "timeline"
	cmdHelp     = "help"
	cmdAbout    = "about"
	cmdAdmin    = "summitadmin"
	// cmdFindSources is the message command, named as Discord shows it
	// under Apps (message commands may have spaces and capitals).
	cmdFindSources = "Find sources"
)

// commandTable is every command the bot answers, slash commands and the
// message command alike, in the order they are registered. Commands (what
// is registered), dispatch, the autocomplete, whether an answer is
// private, its deadline and /help are all read from it: adding a command
// is one entry here, its handler, and its /help line in each language
// (texts.help.lines).
var commandTable = []command{
	{
		name:     cmdSummit,
		desc:     fixed("A summit's card and the best passages about it", "정상회담 카드와 가장 관련 있는 구절"),
		options:  []option{eventOption(true), narrowOption},
		run:      (*Bot).summit,
		complete: map[string]completer{"event": (*Bot).eventChoices},
		helpAt:   2, helpArgs: summitExamples,
	},
	{
		name:     cmdSearch,
		desc:     aboutSubject(func(tx *texts) (string, string) { return tx.descSearch, tx.descSearchAny }),
		options:  []option{lookForOption, eventOption(false)},
		run:      (*Bot).searchCmd,
		complete: map[string]completer{"query": (*Bot).queryChoices, "event": (*Bot).eventChoices},
		helpAt:   3, helpArgs: searchExamples,
	},
	{
		name:    cmdAsk,
		desc:    aboutSubject(func(tx *texts) (string, string) { return tx.descAsk, tx.descAskAny }),
		options: []option{questionOption},
		run:     (*Bot).ask,
		helpAt:  1, helpArgs: askExamples,
	},
	{
		name:     cmdTimeline,
		desc:     fixed("Every summit in date order, with its outcome", "모든 정상회담을 날짜순으로, 결과와 함께"),
		options:  []option{withOption},
		run:      (*Bot).timeline,
		complete: map[string]completer{"with": (*Bot).leaderChoices},
		helpAt:   4,
	},
	{
		name:    cmdHelp,
		desc:    fixed("What summitbot can do, with examples", "summitbot 사용법과 예시"),
		run:     (*Bot).help,
		private: true,
		helpAt:  0, // its text is the page's title and introduction
	},
	{
		name:    cmdAbout,
		desc:    fixed("Corpus size, index freshness and version", "말뭉치 크기, 색인 갱신 시각, 버전"),
		run:     (*Bot).about,
		private: true,
		helpAt:  6,
	},
	{
		name: cmdAdmin,
		desc: fixed("Moderator tools: reload the articles, show statistics, list the news feeds", "운영자 도구: 기사 다시 불러오기, 통계 보기, 뉴스 피드 보기"),
		subs: []subcommand{
			{name: "reindex", desc: fixed("Reload the corpus and rebuild the index without downtime", "중단 없이 말뭉치를 다시 불러와 색인 재구축"),
				run: (*Bot).reindex, timeout: 10 * time.Minute},
			{name: "stats", desc: fixed("Index and usage statistics", "색인 및 사용 통계"), run: (*Bot).stats},
			{name: "sources", desc: fixed("The news feeds: last success, last error, articles written", "뉴스 피드: 마지막 성공, 마지막 오류, 저장한 기사"),
				run: (*Bot).sources},
		},
		moderator: true,
		private:   true,
		helpAt:    7,
	},
	{
		// Right-click a message → Apps → Find sources: the message's text
		// is searched (and answered, when it asks) for its asker alone.
		name:    cmdFindSources,
		kind:    discordgo.MessageApplicationCommand,
		local:   "출처 찾기",
		run:     (*Bot).findSources,
		private: true,
		helpAt:  5,
	},
}

// command is one command: its definition, its handler and what the bot
// knows of it. Its definition is derived (see define): a command that is
// not private gets the hide option, a moderator's command is offered in
// servers that installed the bot only and to Manage Server by default,
// every other command wherever its user is (servers, DMs, group DMs, with
// the bot installed to the server or to the user's account), and the
// options with a completer autocomplete.
type command struct {
	name string
	// kind is its type: zero for a slash command (CHAT_INPUT), or
	// discordgo.MessageApplicationCommand for one on a message's Apps menu,
	// which has neither description nor options, and whose handler gets
	// the message (request.target).
	kind discordgo.ApplicationCommandType
	// local is its name in Korean, for a message command: a slash
	// command's name stays English everywhere.
	local string
	desc  describer
	// options are its options, in order (hide comes last by itself).
	options []option
	// run answers it; a command with subcommands has none.
	run handler
	// subs are its subcommands, each with its own handler.
	subs []subcommand
	// complete suggests values for its options, by option name.
	complete map[string]completer
	// private: always answered privately; otherwise hide:true makes it so.
	private bool
	// moderator: only members with Manage Server may run it (checked here
	// too: servers can change who sees the command).
	moderator bool
	// timeout bounds its answer; zero: Options.Timeout.
	timeout time.Duration
	// helpAt is its place in /help, whose line in each language is keyed
	// by its name (texts.help.lines); helpArgs, if set, fill that line's
	// text with examples from the catalogue.
	helpAt   int
	helpArgs func(tx *texts, cat *corpus.Catalogue) []any
}

// subcommand is one subcommand of a command; the command's facts
// (private, moderator, help) hold for it, a timeout of its own replaces
// the command's.
type subcommand struct {
	name    string
	desc    describer
	run     handler
	timeout time.Duration
}

// request is a command as its handler sees it.
type request struct {
	tx   *texts
	opts options // of the subcommand, for a command with subcommands
	// private: the answer is shown to its asker alone (the command always
	// is, or hide:true). The reply is flagged so by the dispatcher; a
	// handler reads it only to keep it (paging buttons).
	private bool
	// target is the message a message command was run on, as Discord
	// resolved it; nil for slash commands (and when Discord sent none).
	target *discordgo.Message
}

// handler answers a command with the message to send; the dispatcher
// makes it the reply, private or not as the table says.
type handler func(b *Bot, ctx context.Context, r request) (*discordgo.InteractionResponseData, error)

// completer suggests values for an option from what the user has typed.
type completer func(b *Bot, tx *texts, typed string) []*discordgo.ApplicationCommandOptionChoice

// describer is a command's description in a language, which may be made
// of the catalogue's words.
type describer func(tx *texts, cat *corpus.Catalogue) string

// option builds one option's definition for the catalogue.
type option func(cat *corpus.Catalogue) *discordgo.ApplicationCommandOption

// fixed is a description that does not depend on the catalogue.
func fixed(en, ko string) describer {
	return func(tx *texts, _ *corpus.Catalogue) string {
		if tx == korean {
			return ko
		}
		return en
	}
}

// aboutSubject is a description naming the catalogue's subject: a format
// ("Search the articles about %s") and what stands when it would not fit.
func aboutSubject(words func(tx *texts) (format, fallback string)) describer {
	return func(tx *texts, cat *corpus.Catalogue) string {
		format, fallback := words(tx)
		return described(format, tx.subject(cat), fallback)
	}
}

// Commands are the slash command definitions for the catalogue's events
// (nil: the built-in one); `summitbot commands` prints them and `summitbot
// register` sends exactly these.
func Commands(cat *corpus.Catalogue) []*discordgo.ApplicationCommand {
	if cat == nil {
		cat, _ = corpus.DefaultCatalogue() // embedded and tested: it parses
		if cat == nil {
			cat = &corpus.Catalogue{}
		}
	}
	out := make([]*discordgo.ApplicationCommand, len(commandTable))
	for n := range commandTable {
		out[n] = commandTable[n].define(cat)
	}
	return out
}

// define is the command's definition for the catalogue.
func (c *command) define(cat *corpus.Catalogue) *discordgo.ApplicationCommand {
	d := &discordgo.ApplicationCommand{
		Name:             c.name,
		Contexts:         everywhere,
		IntegrationTypes: anyInstall,
	}
	if c.moderator {
		d.Contexts, d.IntegrationTypes = guildOnly, serverInstall
		d.DefaultMemberPermissions = ptr(int64(discordgo.PermissionManageGuild))
	}
	if c.kind == discordgo.MessageApplicationCommand {
		// No description, no options: Discord refuses them on a message command.
		d.Type = c.kind
		if c.local != "" {
			d.NameLocalizations = ptr(map[discordgo.Locale]string{discordgo.Korean: c.local})
		}
		return d
	}
	d.Description, d.DescriptionLocalizations = c.desc(english, cat), ptr(ko(c.desc(korean, cat)))
	for _, o := range c.options {
		opt := o(cat)
		opt.Autocomplete = c.complete[opt.Name] != nil
		d.Options = append(d.Options, opt)
	}
	for _, s := range c.subs {
		d.Options = append(d.Options, &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: s.name,
			Description: s.desc(english, cat), DescriptionLocalizations: ko(s.desc(korean, cat)),
		})
	}
	if !c.private {
		d.Options = append(d.Options, hideOption())
	}
	return d
}

// call is a command's data matched with the table: the entry, the
// subcommand chosen (nil for a command without, or when none or an
// unknown one was chosen) and the options given to it.
type call struct {
	cmd  *command
	sub  *subcommand
	opts options
}

// lookup matches data with the table, by name and, when Discord says it,
// type (a message command and a slash command may share a name); false for
// a command not in it.
func lookup(cmds []command, data discordgo.ApplicationCommandInteractionData) (call, bool) {
	n := slices.IndexFunc(cmds, func(c command) bool {
		return c.name == data.Name && (data.CommandType == 0 || data.CommandType == c.typ())
	})
	if n < 0 {
		return call{}, false
	}
	c := call{cmd: &cmds[n], opts: optionMap(data.Options)}
	if len(c.cmd.subs) > 0 && len(data.Options) > 0 {
		first := data.Options[0]
		if s := slices.IndexFunc(c.cmd.subs, func(s subcommand) bool { return s.name == first.Name }); s >= 0 {
			c.sub, c.opts = &c.cmd.subs[s], optionMap(first.Options)
		}
	}
	return c, true
}

// typ is the command's type as Discord numbers it: 1 for a slash command.
func (c *command) typ() discordgo.ApplicationCommandType {
	if c.kind == 0 {
		return discordgo.ChatApplicationCommand
	}
	return c.kind
}

// private reports whether the answer is shown to its asker alone.
func (c call) private() bool { return c.cmd.private || c.opts.boolean("hide") }

// timeout is the call's deadline: the subcommand's, the command's, or def.
func (c call) timeout(def time.Duration) time.Duration {
	switch {
	case c.sub != nil && c.sub.timeout > 0:
		return c.sub.timeout
	case c.cmd.timeout > 0:
		return c.cmd.timeout
	}
	return def
}

// handler is what answers the call; nil for a command of subcommands
// called without a known one.
func (c call) handler() handler {
	if c.sub != nil {
		return c.sub.run
	}
	return c.cmd.run
}

// subcommands lists the command's subcommands as a user types them:
// "/summitadmin reindex or /summitadmin stats".
func (c *command) subcommands(tx *texts) string {
	names := make([]string, len(c.subs))
	for n, s := range c.subs {
		names[n] = "/" + c.name + " " + s.name
	}
	return strings.Join(names, tx.or)
}

// maxQueryRunes bounds the query option so that a page's state, query
// included, always fits in a button's custom_id.
const maxQueryRunes = 50

func ptr[T any](v T) *T { return &v }

// Where commands are offered. The public commands run in servers, in DMs
// with the bot and in DMs and group DMs between users (private channels),
// installed to a server or to a user's account: answers travel as
// interaction responses only, which need the bot in no server or channel.
// The moderator command runs in servers that installed the bot only.
// These are read-only: define shares them among the definitions.
var (
	everywhere = &[]discordgo.InteractionContextType{
		discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM, discordgo.InteractionContextPrivateChannel,
	}
	guildOnly  = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	anyInstall = &[]discordgo.ApplicationIntegrationType{
		discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall,
	}
	serverInstall = &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
)

// ko is a Korean localization of a description.
func ko(s string) map[discordgo.Locale]string {
	return map[discordgo.Locale]string{discordgo.Korean: s}
}

func hideOption() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionBoolean,
		Name:                     "hide",
		Description:              "Show the answer only to you",
		DescriptionLocalizations: ko("나에게만 답변 보기"),
	}
}

// eventOption picks an event of the catalogue.
func eventOption(required bool) option {
	return func(cat *corpus.Catalogue) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type:                     discordgo.ApplicationCommandOptionString,
			Name:                     "event",
			Description:              eventsDescription(english, cat),
			DescriptionLocalizations: ko(eventsDescription(korean, cat)),
			Required:                 required,
			MaxLength:                100,
		}
	}
}

// narrowOption is /summit's query, which narrows the event's passages.
func narrowOption(cat *corpus.Catalogue) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionString,
		Name:                     "query",
		Description:              described(english.descNarrow, english.search(cat, 0), ""),
		DescriptionLocalizations: ko(described(korean.descNarrow, korean.search(cat, 0), "")),
		MaxLength:                maxQueryRunes,
	}
}

// lookForOption is /search's query.
func lookForOption(cat *corpus.Catalogue) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionString,
		Name:                     "query",
		Description:              described(english.descLookFor, english.search(cat, 1), ""),
		DescriptionLocalizations: ko(described(korean.descLookFor, korean.search(cat, 1), "")),
		Required:                 true,
		MinLength:                ptr(1),
		MaxLength:                maxQueryRunes,
	}
}

// questionOption is /ask's question.
func questionOption(cat *corpus.Catalogue) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionString,
		Name:                     "question",
		Description:              described(english.descQuestion, english.question(cat, 1), english.descQuestionAny),
		DescriptionLocalizations: ko(described(korean.descQuestion, korean.question(cat, 1), korean.descQuestionAny)),
		Required:                 true,
		MinLength:                ptr(2),
		MaxLength:                maxQuestionRunes,
	}
}

// withOption picks one leader's meetings on the timeline; autocomplete
// offers the catalogue's leaders, so its example is one of them.
func withOption(cat *corpus.Catalogue) *discordgo.ApplicationCommandOption {
	example := ""
	if ls := cat.Leaders(); len(ls) > 1 {
		example = ls[1] // the first is in every meeting of a catalogue about one leader
	}
	return &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionString,
		Name:                     "with",
		Description:              described(english.descWith, example, english.descWithAny),
		DescriptionLocalizations: ko(described(korean.descWith, example, korean.descWithAny)),
		MaxLength:                100,
	}
}

// eventsDescription lists the catalogue's event ids with their years, as
// an option's description (at most 100 runes): "singapore (2018), hanoi
// (2019), …"; a catalogue with too many for that says to type.
func eventsDescription(tx *texts, cat *corpus.Catalogue) string {
	if d := eventYears(cat, tx.optionNotHeld); d != "" && utf8.RuneCountInString(d) <= maxDescriptionRunes {
		return d
	}
	return tx.optionTypeEvent
}

// described fills a description's format with the catalogue's words; what
// does not fit Discord's limit is the fallback, or the format's text
// before its example ("Narrow the passages").
func described(format, arg, fallback string) string {
	if d := fmt.Sprintf(format, arg); arg != "" && utf8.RuneCountInString(d) <= maxDescriptionRunes {
		return d
	}
	if fallback == "" {
		fallback, _, _ = strings.Cut(format, ",")
	}
	return fallback
}

// maxDescriptionRunes is Discord's limit on a description.
const maxDescriptionRunes = 100
