package bot

import (
	"fmt"
	"strconv"
	"strings"
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
)

// MaxQueryRunes bounds the query option so that a page's state, query
// included, always fits in a button's custom_id.
const MaxQueryRunes = 50

func ptr[T any](v T) *T { return &v }

// The public commands run in servers and in DMs with the bot; the
// moderator command runs in servers only.
var (
	everywhere = &[]discordgo.InteractionContextType{
		discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM,
	}
	guildOnly = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
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

func eventOption(cat *corpus.Catalogue, required bool) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionString,
		Name:                     "event",
		Description:              eventsDescription(english, cat),
		DescriptionLocalizations: ko(eventsDescription(korean, cat)),
		Required:                 required,
		Autocomplete:             true,
		MaxLength:                100,
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
		Autocomplete:             true,
		MaxLength:                100,
	}
}

// eventsDescription lists the catalogue's event ids with their years, as
// an option's description (at most 100 runes): "singapore (2018), hanoi
// (2019), …"; a catalogue with too many for that says to type.
func eventsDescription(tx *texts, cat *corpus.Catalogue) string {
	var ids []string
	for _, e := range cat.Events {
		when := tx.optionNotHeld
		if !e.Start.IsZero() && e.Status != "prospective" {
			when = strconv.Itoa(e.Start.Year())
		}
		ids = append(ids, fmt.Sprintf("%s (%s)", e.ID, when))
	}
	if d := strings.Join(ids, ", "); d != "" && utf8.RuneCountInString(d) <= maxDescriptionRunes {
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
	return []*discordgo.ApplicationCommand{
		{
			Name:                     cmdSummit,
			Description:              "A summit's card and the best passages about it",
			DescriptionLocalizations: ptr(ko("정상회담 카드와 가장 관련 있는 구절")),
			Contexts:                 everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				eventOption(cat, true),
				{
					Type:                     discordgo.ApplicationCommandOptionString,
					Name:                     "query",
					Description:              described(english.descNarrow, english.search(cat, 0), ""),
					DescriptionLocalizations: ko(described(korean.descNarrow, korean.search(cat, 0), "")),
					MaxLength:                MaxQueryRunes,
				},
				hideOption(),
			},
		},
		{
			Name:                     cmdSearch,
			Description:              described(english.descSearch, english.subject(cat), english.descSearchAny),
			DescriptionLocalizations: ptr(ko(described(korean.descSearch, korean.subject(cat), korean.descSearchAny))),
			Contexts:                 everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:                     discordgo.ApplicationCommandOptionString,
					Name:                     "query",
					Description:              described(english.descLookFor, english.search(cat, 1), ""),
					DescriptionLocalizations: ko(described(korean.descLookFor, korean.search(cat, 1), "")),
					Required:                 true,
					Autocomplete:             true,
					MinLength:                ptr(1),
					MaxLength:                MaxQueryRunes,
				},
				eventOption(cat, false),
				hideOption(),
			},
		},
		{
			Name:                     cmdAsk,
			Description:              described(english.descAsk, english.subject(cat), english.descAskAny),
			DescriptionLocalizations: ptr(ko(described(korean.descAsk, korean.subject(cat), korean.descAskAny))),
			Contexts:                 everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:                     discordgo.ApplicationCommandOptionString,
					Name:                     "question",
					Description:              described(english.descQuestion, english.question(cat, 1), english.descQuestionAny),
					DescriptionLocalizations: ko(described(korean.descQuestion, korean.question(cat, 1), korean.descQuestionAny)),
					Required:                 true,
					MinLength:                ptr(2),
					MaxLength:                MaxQuestionRunes,
				},
				hideOption(),
			},
		},
		{
			Name:                     cmdTimeline,
			Description:              "Every summit in date order, with its outcome",
			DescriptionLocalizations: ptr(ko("모든 정상회담을 날짜순으로, 결과와 함께")),
			Contexts:                 everywhere,
			Options:                  []*discordgo.ApplicationCommandOption{withOption(cat), hideOption()},
		},
		{
			Name:                     cmdHelp,
			Description:              "What summitbot can do, with examples",
			DescriptionLocalizations: ptr(ko("summitbot 사용법과 예시")),
			Contexts:                 everywhere,
		},
		{
			Name:                     cmdAbout,
			Description:              "Corpus size, index freshness and version",
			DescriptionLocalizations: ptr(ko("말뭉치 크기, 색인 갱신 시각, 버전")),
			Contexts:                 everywhere,
		},
		{
			Name:                     cmdAdmin,
			Description:              "Moderator tools: reload the articles, show statistics",
			DescriptionLocalizations: ptr(ko("운영자 도구: 기사 다시 불러오기, 통계 보기")),
			Contexts:                 guildOnly,
			DefaultMemberPermissions: ptr(int64(discordgo.PermissionManageGuild)),
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:                     discordgo.ApplicationCommandOptionSubCommand,
					Name:                     "reindex",
					Description:              "Reload the corpus and rebuild the index without downtime",
					DescriptionLocalizations: ko("중단 없이 말뭉치를 다시 불러와 색인 재구축"),
				},
				{
					Type:                     discordgo.ApplicationCommandOptionSubCommand,
					Name:                     "stats",
					Description:              "Index and usage statistics",
					DescriptionLocalizations: ko("색인 및 사용 통계"),
				},
			},
		},
	}
}
