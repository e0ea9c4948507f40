package bot

import "github.com/bwmarrin/discordgo"

// Command names.
const (
	cmdSummit   = "summit"
	cmdSearch   = "search"
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

func hideOption() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:        discordgo.ApplicationCommandOptionBoolean,
		Name:        "hide",
		Description: "Show the answer only to you",
	}
}

func eventOption(required bool) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:         discordgo.ApplicationCommandOptionString,
		Name:         "event",
		Description:  "Singapore 2018, Hanoi 2019, the DMZ 2019, or a fourth meeting",
		Required:     required,
		Autocomplete: true,
		MaxLength:    100,
	}
}

// Commands are the slash command definitions; `summitbot commands` prints
// them and `summitbot register` sends exactly these.
func Commands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{
			Name:        cmdSummit,
			Description: "A summit's card and the best passages about it",
			Contexts:    everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				eventOption(true),
				{
					Type:        discordgo.ApplicationCommandOptionString,
					Name:        "query",
					Description: "Narrow the passages, e.g. sanctions relief",
					MaxLength:   MaxQueryRunes,
				},
				hideOption(),
			},
		},
		{
			Name:        cmdSearch,
			Description: "Search the articles about the Trump–Kim summits",
			Contexts:    everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         "query",
					Description:  "What to look for, e.g. love letters",
					Required:     true,
					Autocomplete: true,
					MinLength:    ptr(1),
					MaxLength:    MaxQueryRunes,
				},
				eventOption(false),
				hideOption(),
			},
		},
		{
			Name:        cmdTimeline,
			Description: "Every summit in date order, with its outcome",
			Contexts:    everywhere,
			Options:     []*discordgo.ApplicationCommandOption{hideOption()},
		},
		{
			Name:        cmdHelp,
			Description: "What summitbot can do, with examples",
			Contexts:    everywhere,
		},
		{
			Name:        cmdAbout,
			Description: "Corpus size, index freshness and version",
			Contexts:    everywhere,
		},
		{
			Name:                     cmdAdmin,
			Description:              "Moderator tools: reload the articles, show statistics",
			Contexts:                 guildOnly,
			DefaultMemberPermissions: ptr(int64(discordgo.PermissionManageGuild)),
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        "reindex",
					Description: "Reload the corpus and rebuild the index without downtime",
				},
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        "stats",
					Description: "Index and usage statistics",
				},
			},
		},
	}
}
