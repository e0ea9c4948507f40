package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
)

// SimOptions describe who sends a simulated interaction.
type SimOptions struct {
	// Admin gives the user the Manage Server permission.
	Admin bool
	// DM sends the interaction from a direct message (no guild, no member).
	DM bool
	// Focus makes it an autocomplete interaction with this option focused.
	Focus string
	// Locale is the user's Discord language (default en-US), e.g. "ko".
	Locale string
}

// ParseCommandLine turns a command line as a user types it, such as
// "/summit event:hanoi query:sanctions relief hide:true", into the
// interaction Discord would send. Options are those of Commands().
func ParseCommandLine(line string, o SimOptions) (*discordgo.Interaction, error) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "/") {
		return nil, fmt.Errorf("a command line starts with /, e.g. /summit event:hanoi")
	}
	fields := strings.Fields(line[1:])
	if len(fields) == 0 {
		return nil, fmt.Errorf("no command name after /")
	}
	name := fields[0]
	cmds := Commands(&corpus.Catalogue{}) // option names and types, whatever the events: no need to parse the built-in catalogue
	idx := slices.IndexFunc(cmds, func(c *discordgo.ApplicationCommand) bool { return c.Name == name })
	if idx < 0 {
		return nil, fmt.Errorf("unknown command /%s", name)
	}
	def := cmds[idx]
	rest := strings.TrimSpace(strings.TrimPrefix(line[1:], name))
	defs := def.Options
	var sub *discordgo.ApplicationCommandInteractionDataOption
	if len(defs) > 0 && defs[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		subName, after, _ := strings.Cut(rest, " ")
		si := slices.IndexFunc(defs, func(d *discordgo.ApplicationCommandOption) bool { return d.Name == subName })
		if si < 0 {
			return nil, fmt.Errorf("/%s needs a subcommand: %s", name, optionNames(defs))
		}
		sub = &discordgo.ApplicationCommandInteractionDataOption{Name: subName, Type: discordgo.ApplicationCommandOptionSubCommand}
		defs, rest = defs[si].Options, strings.TrimSpace(after)
	}
	opts, err := parseOptions(rest, defs, o.Focus)
	if err != nil {
		return nil, fmt.Errorf("/%s: %w", name, err)
	}
	data := discordgo.ApplicationCommandInteractionData{ID: "sim-command", Name: name, CommandType: discordgo.ChatApplicationCommand}
	if sub != nil {
		sub.Options = opts
		data.Options = []*discordgo.ApplicationCommandInteractionDataOption{sub}
	} else {
		data.Options = opts
	}
	typ := discordgo.InteractionApplicationCommand
	if o.Focus != "" {
		typ = discordgo.InteractionApplicationCommandAutocomplete
	}
	i := simInteraction(typ, o)
	i.Data = data
	return i, nil
}

// MessageCommandInteraction is the interaction Discord sends when a user
// runs the message command ("Find sources") on a message, by someone
// else, that says text: the message is in data.resolved.
func MessageCommandInteraction(text string, o SimOptions) *discordgo.Interaction {
	i := simInteraction(discordgo.InteractionApplicationCommand, o)
	const target = "100000000000000007"
	msg := &discordgo.Message{ID: target, ChannelID: i.ChannelID, Content: text, Type: discordgo.MessageTypeDefault,
		Author: &discordgo.User{ID: "100000000000000008", Username: "someone"}}
	i.Data = discordgo.ApplicationCommandInteractionData{ID: "sim-command", Name: cmdFindSources, CommandType: discordgo.MessageApplicationCommand,
		TargetID: target, Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{target: msg}}}
	return i
}

// ClickInteraction is the interaction Discord sends when a user clicks the
// button with this custom_id.
func ClickInteraction(customID string, o SimOptions) *discordgo.Interaction {
	i := simInteraction(discordgo.InteractionMessageComponent, o)
	i.Data = discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent}
	return i
}

func simInteraction(t discordgo.InteractionType, o SimOptions) *discordgo.Interaction {
	i := &discordgo.Interaction{ID: "100000000000000002", AppID: "100000000000000001", Type: t, Token: "sim-token", Locale: discordgo.EnglishUS, Version: 1}
	if o.Locale != "" {
		i.Locale = discordgo.Locale(o.Locale)
	}
	user := &discordgo.User{ID: "100000000000000003", Username: "simulated"}
	if o.DM {
		// A DM with the bot, which the user installed to their account.
		i.User, i.Context = user, discordgo.InteractionContextBotDM
		i.AuthorizingIntegrationOwners = map[discordgo.ApplicationIntegrationType]string{discordgo.ApplicationIntegrationUserInstall: user.ID}
		i.ChannelID = "100000000000000004"
		return i
	}
	var perms int64 = discordgo.PermissionSendMessages | discordgo.PermissionUseSlashCommands
	if o.Admin {
		perms |= discordgo.PermissionManageGuild
	}
	// A server that added the bot.
	i.GuildID, i.ChannelID, i.Context = "100000000000000005", "100000000000000006", discordgo.InteractionContextGuild
	i.AuthorizingIntegrationOwners = map[discordgo.ApplicationIntegrationType]string{discordgo.ApplicationIntegrationGuildInstall: i.GuildID}
	i.Member = &discordgo.Member{User: user, Permissions: perms}
	return i
}

func optionNames(defs []*discordgo.ApplicationCommandOption) string {
	names := make([]string, len(defs))
	for i, d := range defs {
		names[i] = d.Name
	}
	return strings.Join(names, ", ")
}

// parseOptions reads "name:value" pairs; a value runs until the next
// "name:" of a known option, so values may contain spaces.
func parseOptions(s string, defs []*discordgo.ApplicationCommandOption, focus string) ([]*discordgo.ApplicationCommandInteractionDataOption, error) {
	if s == "" && focus == "" {
		return checkRequired(nil, defs)
	}
	names := make([]string, len(defs))
	for i, d := range defs {
		names[i] = regexp.QuoteMeta(d.Name)
	}
	var out []*discordgo.ApplicationCommandInteractionDataOption
	if len(names) == 0 {
		if s != "" {
			return nil, fmt.Errorf("takes no options, got %q", s)
		}
		return nil, nil
	}
	re := regexp.MustCompile(`(?:^|\s)(` + strings.Join(names, "|") + `):`)
	locs := re.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 || strings.TrimSpace(s[:locs[0][0]]) != "" {
		if s != "" {
			return nil, fmt.Errorf("options are written name:value (known: %s), got %q", optionNames(defs), s)
		}
	}
	for k, loc := range locs {
		name := s[loc[2]:loc[3]]
		end := len(s)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		value := strings.TrimSpace(s[loc[1]:end])
		def := defs[slices.IndexFunc(defs, func(d *discordgo.ApplicationCommandOption) bool { return d.Name == name })]
		opt := &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: def.Type, Focused: name == focus}
		switch def.Type {
		case discordgo.ApplicationCommandOptionBoolean:
			b, err := strconv.ParseBool(value)
			if err != nil {
				return nil, fmt.Errorf("%s: want true or false, got %q", name, value)
			}
			opt.Value = b
		case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
			f, err := strconv.ParseFloat(value, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: want a number, got %q", name, value)
			}
			opt.Value = f
		default:
			opt.Value = value
		}
		out = append(out, opt)
	}
	if focus != "" && !slices.ContainsFunc(out, func(o *discordgo.ApplicationCommandInteractionDataOption) bool { return o.Focused }) {
		out = append(out, &discordgo.ApplicationCommandInteractionDataOption{Name: focus, Type: discordgo.ApplicationCommandOptionString, Value: "", Focused: true})
	}
	if focus != "" {
		return out, nil
	}
	return checkRequired(out, defs)
}

func checkRequired(got []*discordgo.ApplicationCommandInteractionDataOption, defs []*discordgo.ApplicationCommandOption) ([]*discordgo.ApplicationCommandInteractionDataOption, error) {
	for _, d := range defs {
		if d.Required && !slices.ContainsFunc(got, func(o *discordgo.ApplicationCommandInteractionDataOption) bool { return o.Name == d.Name }) {
			return nil, fmt.Errorf("option %s is required", d.Name)
		}
	}
	return got, nil
}
