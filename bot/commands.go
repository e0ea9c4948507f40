package bot

import "github.com/bwmarrin/discordgo"

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

func eventOption(required bool) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionString,
		Name:                     "event",
		Description:              "Singapore 2018, Hanoi 2019, the DMZ 2019, or a fourth meeting",
		DescriptionLocalizations: ko("싱가포르 2018, 하노이 2019, 판문점 DMZ 2019, 또는 4차 회담"),
		Required:                 required,
		Autocomplete:             true,
		MaxLength:                100,
	}
}

// Commands are the slash command definitions; `summitbot commands` prints
// them and `summitbot register` sends exactly these.
func Commands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{
			Name:                     cmdSummit,
			Description:              "A summit's card and the best passages about it",
			DescriptionLocalizations: ptr(ko("정상회담 카드와 가장 관련 있는 구절")),
			Contexts:                 everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				eventOption(true),
				{
					Type:                     discordgo.ApplicationCommandOptionString,
					Name:                     "query",
					Description:              "Narrow the passages, e.g. sanctions relief",
					DescriptionLocalizations: ko("구절 좁히기, 예: sanctions relief"),
					MaxLength:                MaxQueryRunes,
				},
				hideOption(),
			},
		},
		{
			Name:                     cmdSearch,
			Description:              "Search the articles about the Trump–Kim summits",
			DescriptionLocalizations: ptr(ko("트럼프–김정은 정상회담 기사 검색")),
			Contexts:                 everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:                     discordgo.ApplicationCommandOptionString,
					Name:                     "query",
					Description:              "What to look for, e.g. love letters",
					DescriptionLocalizations: ko("찾을 내용, 예: love letters"),
					Required:                 true,
					Autocomplete:             true,
					MinLength:                ptr(1),
					MaxLength:                MaxQueryRunes,
				},
				eventOption(false),
				hideOption(),
			},
		},
		{
			Name:                     cmdAsk,
			Description:              "Ask a question about the Trump–Kim summits",
			DescriptionLocalizations: ptr(ko("트럼프–김정은 정상회담에 대해 질문하기")),
			Contexts:                 everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:                     discordgo.ApplicationCommandOptionString,
					Name:                     "question",
					Description:              "e.g. When did Trump cross into North Korea?",
					DescriptionLocalizations: ko("예: 트럼프는 언제 북한 땅을 밟았나요?"),
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
			Options:                  []*discordgo.ApplicationCommandOption{hideOption()},
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
