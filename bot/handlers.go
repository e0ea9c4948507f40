package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
)

// pageSize is the number of passages on one page of a reply.
const pageSize = 5

func (b *Bot) summit(ctx context.Context, o options) (*discordgo.InteractionResponse, error) {
	ev, err := b.resolveEvent(o.str("event"))
	if err != nil {
		return nil, err
	}
	p := pageState{Command: cmdSummit, Event: ev.ID, Query: cleanQuery(o.str("query")), Hide: o.boolean("hide")}
	data, err := b.renderPage(ctx, p)
	if err != nil {
		return nil, err
	}
	return message(data, p.Hide), nil
}

func (b *Bot) searchCmd(ctx context.Context, o options) (*discordgo.InteractionResponse, error) {
	p := pageState{Command: cmdSearch, Query: cleanQuery(o.str("query")), Hide: o.boolean("hide")}
	if p.Query == "" {
		return nil, userError{"Give some words to search for, e.g. /search query:sanctions relief"}
	}
	if name := o.str("event"); name != "" {
		ev, err := b.resolveEvent(name)
		if err != nil {
			return nil, err
		}
		p.Event = ev.ID
	}
	data, err := b.renderPage(ctx, p)
	if err != nil {
		return nil, err
	}
	return message(data, p.Hide), nil
}

// component serves a paging button: the page is recomputed from the state
// in the custom_id and replaces the message.
func (b *Bot) component(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	p, err := decodePage(i.MessageComponentData().CustomID)
	if err != nil {
		return nil, userError{"This button is no longer valid. Run the command again to get fresh results."}
	}
	if p.Event != "" {
		if _, ok := b.search.Catalogue().Event(p.Event); !ok {
			return nil, userError{"This button is no longer valid. Run the command again to get fresh results."}
		}
	}
	data, err := b.renderPage(ctx, p)
	if err != nil {
		return nil, err
	}
	resp := message(data, false)
	resp.Type = discordgo.InteractionResponseUpdateMessage // the page replaces the message, which keeps its flags
	return resp, nil
}

// renderPage runs the search of a page and renders it.
func (b *Bot) renderPage(ctx context.Context, p pageState) (*discordgo.InteractionResponseData, error) {
	res, err := b.search.Search(ctx, Query{Text: p.Query, Event: p.Event, Limit: pageSize, Offset: p.Page * pageSize})
	if err != nil {
		return nil, fmt.Errorf("search %+v: %w", p, err)
	}
	if p.Page > 0 && len(res.Hits) == 0 {
		return nil, userError{"These results have changed since the message was sent. Run the command again."}
	}
	var embeds []*discordgo.MessageEmbed
	cat := b.search.Catalogue()
	var ev *corpus.Event
	if p.Event != "" {
		ev, _ = cat.Event(p.Event)
	}
	if p.Command == cmdSummit && ev != nil {
		embeds = append(embeds, eventCard(ev))
	}
	embeds = append(embeds, hitsEmbed(p, ev, res))
	data := &discordgo.InteractionResponseData{Embeds: fitEmbeds(embeds), Components: pager(p, res.Total)}
	return data, nil
}

func (b *Bot) resolveEvent(name string) (*corpus.Event, error) {
	cat := b.search.Catalogue()
	if ev, ok := cat.Resolve(name); ok {
		return ev, nil
	}
	names := make([]string, 0, len(cat.Events))
	for _, e := range cat.Chronological() {
		names = append(names, e.ID)
	}
	return nil, userError{fmt.Sprintf("I don't know the event “%s”. Try one of: %s.", escapeCut(name, 50), strings.Join(names, ", "))}
}

func (b *Bot) timeline(o options) (*discordgo.InteractionResponse, error) {
	return message(&discordgo.InteractionResponseData{Embeds: fitEmbeds([]*discordgo.MessageEmbed{timelineEmbed(b.search.Catalogue())})}, o.boolean("hide")), nil
}

func (b *Bot) help() (*discordgo.InteractionResponse, error) {
	return message(&discordgo.InteractionResponseData{Embeds: fitEmbeds([]*discordgo.MessageEmbed{helpEmbed()})}, true), nil
}

func (b *Bot) about() (*discordgo.InteractionResponse, error) {
	return message(&discordgo.InteractionResponseData{Embeds: fitEmbeds([]*discordgo.MessageEmbed{b.aboutEmbed()})}, true), nil
}

func (b *Bot) stats() (*discordgo.InteractionResponse, error) {
	e := b.aboutEmbed()
	e.Title = "summitbot statistics"
	usage := b.usage()
	if len(usage) == 0 {
		usage = []string{"no interactions yet"}
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Interactions since start", Value: strings.Join(usage, "\n")})
	return message(&discordgo.InteractionResponseData{Embeds: fitEmbeds([]*discordgo.MessageEmbed{e})}, true), nil
}

func (b *Bot) reindex(ctx context.Context) (*discordgo.InteractionResponse, error) {
	r, ok := b.search.(Reindexer)
	if !ok {
		return nil, userError{"This summitbot cannot reindex while running."}
	}
	start := b.opts.Now()
	st, err := r.Reindex(ctx)
	if err != nil {
		return nil, fmt.Errorf("reindex: %w", err)
	}
	what := "The corpus had not changed; the index is up to date."
	if st.Built {
		what = "Built a fresh index and swapped it in; searches kept working meanwhile."
	}
	msg := fmt.Sprintf("%s\n%d articles, %d passages, %d files skipped (%s).", what, st.Articles, st.Passages, st.Skipped,
		b.opts.Now().Sub(start).Round(1e6))
	return message(&discordgo.InteractionResponseData{Content: msg}, true), nil
}

// autocomplete suggests events for event options and searches for the
// query option.
func (b *Bot) autocomplete(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	o := optionMap(i.ApplicationCommandData().Options)
	f := o.focused()
	var choices []*discordgo.ApplicationCommandOptionChoice
	if f != nil {
		typed, _ := f.Value.(string)
		switch f.Name {
		case "event":
			choices = b.eventChoices(typed)
		case "query":
			choices = b.queryChoices(typed)
		}
	}
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}, nil
}

func (b *Bot) eventChoices(typed string) []*discordgo.ApplicationCommandOptionChoice {
	t := strings.ToLower(strings.TrimSpace(typed))
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, e := range b.search.Catalogue().Chronological() {
		match := t == "" || strings.Contains(strings.ToLower(e.Name), t) || strings.HasPrefix(e.ID, t)
		for _, a := range e.Aliases {
			match = match || strings.HasPrefix(a, t)
		}
		if match && len(out) < maxChoices {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{
				Name:  truncate(e.Name+" — "+e.Dates(), maxChoiceRunes),
				Value: e.ID,
			})
		}
	}
	return out
}

// suggestedSearches are offered before the user types and matched as they do.
var suggestedSearches = []string{
	"sanctions relief", "love letters", "denuclearization", "Yongbyon", "joint statement",
	"military demarcation line", "Moon Jae-in", "joint military exercises", "remains repatriation",
	"fourth meeting", "Kim Jong-un", "Panmunjom",
}

func (b *Bot) queryChoices(typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = cleanQuery(typed)
	t := strings.ToLower(typed)
	var sugg []string
	for _, e := range b.search.Catalogue().Chronological() {
		sugg = append(sugg, e.Name)
	}
	sugg = append(sugg, suggestedSearches...)
	var picked []string
	for _, s := range sugg {
		if t == "" || strings.Contains(strings.ToLower(s), t) {
			picked = append(picked, s)
		}
	}
	if t != "" {
		if words, err := b.search.Suggest(typed, maxChoices); err == nil {
			picked = append(picked, words...)
		}
		if !slices.ContainsFunc(picked, func(s string) bool { return strings.EqualFold(s, typed) }) {
			picked = append([]string{typed}, picked...) // what they typed stays first
		}
	}
	var out []*discordgo.ApplicationCommandOptionChoice
	seen := map[string]bool{}
	for _, s := range picked {
		s = truncateRunes(s, MaxQueryRunes)
		if s == "" || seen[strings.ToLower(s)] || len(out) == maxChoices {
			continue
		}
		seen[strings.ToLower(s)] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
	}
	return out
}

// cleanQuery makes a query option safe to keep: valid UTF-8, no control
// characters, single spaces, at most MaxQueryRunes runes.
func cleanQuery(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	return truncateRunes(strings.Join(strings.Fields(s), " "), MaxQueryRunes)
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}

// message wraps data as a channel message that never pings anyone.
func message(data *discordgo.InteractionResponseData, hide bool) *discordgo.InteractionResponse {
	data.AllowedMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	if hide {
		data.Flags |= discordgo.MessageFlagsEphemeral
	}
	if data.Embeds == nil {
		data.Embeds = []*discordgo.MessageEmbed{}
	}
	if data.Components == nil {
		data.Components = []discordgo.MessageComponent{}
	}
	data.Content = truncate(data.Content, maxContent)
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
}

// errorResponse is the friendly, private answer to anything that failed.
func errorResponse(msg string) *discordgo.InteractionResponse {
	return message(&discordgo.InteractionResponseData{Content: "⚠️ " + msg}, true)
}
