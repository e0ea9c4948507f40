package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/timeline"
)

// pageSize is the number of passages on one page of a reply.
const pageSize = 5

// summit is /summit: an event's card and the first page of its passages.
func (b *Bot) summit(ctx context.Context, r request) (*discordgo.InteractionResponseData, error) {
	ev, err := b.resolveEvent(r.tx, r.opts.str("event"))
	if err != nil {
		return nil, err
	}
	p := pageState{Command: cmdSummit, Event: ev.ID, Query: cleanQuery(r.opts.str("query")), Hide: r.private}
	return b.renderPage(ctx, r.tx, p)
}

// searchCmd is /search: the first page of the passages for the query.
func (b *Bot) searchCmd(ctx context.Context, r request) (*discordgo.InteractionResponseData, error) {
	p := pageState{Command: cmdSearch, Query: cleanQuery(r.opts.str("query")), Hide: r.private}
	if p.Query == "" {
		return nil, userError{r.tx.noQuery(b.search.Catalogue())}
	}
	if name := r.opts.str("event"); name != "" {
		ev, err := b.resolveEvent(r.tx, name)
		if err != nil {
			return nil, err
		}
		p.Event = ev.ID
	}
	return b.renderPage(ctx, r.tx, p)
}

// component serves a button, as routeClick routes it: a vote is counted
// and thanked privately (feedback); a page is recomputed from the state in
// the custom_id and replaces the message.
func (b *Bot) component(ctx context.Context, tx *texts, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	click, ok := componentData(i)
	if !ok {
		return nil, errMalformed
	}
	if routeClick(click.CustomID) == routeFeedback {
		return b.feedback(tx, i, click.CustomID)
	}
	p, err := decodePage(click.CustomID)
	if err != nil {
		return nil, userError{tx.errButton}
	}
	if p.Event != "" {
		if _, ok := b.search.Catalogue().Event(p.Event); !ok {
			return nil, userError{tx.errButton}
		}
	}
	data, err := b.renderPage(ctx, tx, p)
	if err != nil {
		return nil, err
	}
	resp := message(data, false)
	resp.Type = discordgo.InteractionResponseUpdateMessage // the page replaces the message, which keeps its flags
	return resp, nil
}

// renderPage runs the search of a page and renders it.
func (b *Bot) renderPage(ctx context.Context, tx *texts, p pageState) (*discordgo.InteractionResponseData, error) {
	res, err := b.search.Search(ctx, corpus.Query{Text: p.Query, Event: p.Event, Limit: pageSize, Offset: p.Page * pageSize})
	if err != nil {
		return nil, fmt.Errorf("search %+v: %w", p, err)
	}
	if p.Page > 0 && len(res.Hits) == 0 {
		return nil, userError{tx.errStale}
	}
	var embeds []*discordgo.MessageEmbed
	cat := b.search.Catalogue()
	var ev *corpus.Event
	if p.Event != "" {
		ev, _ = cat.Event(p.Event)
	}
	if p.Command == cmdSummit && ev != nil {
		embeds = append(embeds, eventCard(tx, ev))
	}
	embeds = append(embeds, hitsEmbed(tx, p, ev, res))
	data := &discordgo.InteractionResponseData{Embeds: fitEmbeds(embeds), Components: pager(tx, p, res.Total)}
	return data, nil
}

func (b *Bot) resolveEvent(tx *texts, name string) (*corpus.Event, error) {
	cat := b.search.Catalogue()
	if ev, ok := cat.Resolve(name); ok {
		return ev, nil
	}
	return nil, userError{fmt.Sprintf(tx.errUnknownEvent, escapeCut(name, 50), strings.Join(cat.IDs(), ", "))}
}

// timelineFile is the name of the timeline picture attached to /timeline.
const timelineFile = "timeline.png"

// timeline lists the events as text (for screen readers) and attaches the
// timeline picture, shown inside the embed.
// With a leader (option with), only that leader's meetings.
func (b *Bot) timeline(_ context.Context, r request) (*discordgo.InteractionResponseData, error) {
	tx, cat := r.tx, b.search.Catalogue()
	leader := ""
	if typed := strings.TrimSpace(r.opts.str("with")); typed != "" {
		l, ok := cat.Leader(typed)
		if !ok {
			return nil, userError{fmt.Sprintf(tx.errUnknownLeader, escapeCut(typed, 50), escapeCut(strings.Join(cat.Leaders(), ", "), 1000))}
		}
		leader = l
	}
	em := timelineEmbed(tx, cat, leader)
	data := &discordgo.InteractionResponseData{Embeds: fitEmbeds([]*discordgo.MessageEmbed{em})}
	png, err := b.timelinePNG(tx, cat, leader)
	if err != nil {
		b.log.Warn("render timeline picture; answering with the text alone", "err", err)
	} else {
		em.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + timelineFile}
		data.Files = []*discordgo.File{{Name: timelineFile, ContentType: "image/png", Reader: bytes.NewReader(png)}}
		data.Attachments = &[]*discordgo.MessageAttachment{{ID: "0", Filename: timelineFile, ContentType: "image/png", Size: len(png)}}
	}
	return data, nil
}

// timelinePNG renders the catalogue's timeline (all events, or one
// leader's) once per language; a reindex brings a new catalogue and so new
// pictures. The picture is Korean for Korean readers and English for all
// others, whose replies are English too.
func (b *Bot) timelinePNG(tx *texts, cat *corpus.Catalogue, leader string) ([]byte, error) {
	key := pictureKey{locale: timeline.English, leader: leader}
	ptx := english
	if tx.locale == korean.locale {
		key.locale, ptx = timeline.Korean, korean
	}
	b.pic.mu.Lock()
	defer b.pic.mu.Unlock()
	if b.pic.cat != cat {
		b.pic.cat, b.pic.png = cat, map[pictureKey][]byte{}
	}
	if png, ok := b.pic.png[key]; ok {
		return png, nil
	}
	png, err := timeline.Render(timelineEvents(cat, leader), timeline.Options{Title: ptx.timelineTitleWith(cat, leader), Locale: key.locale})
	if err != nil {
		return nil, fmt.Errorf("render timeline: %w", err)
	}
	b.pic.png[key] = png
	return png, nil
}

// timelineEvents are the events the timeline shows: all, or one leader's.
func timelineEvents(cat *corpus.Catalogue, leader string) []*corpus.Event {
	if leader == "" {
		return cat.Chronological()
	}
	return cat.LedBy(leader)
}

// pictureCache holds the rendered timelines of one catalogue, by language
// and leader; there are only twice as many as the catalogue has leaders,
// plus two.
type pictureCache struct {
	mu  sync.Mutex
	cat *corpus.Catalogue
	png map[pictureKey][]byte
}

// pictureKey names one cached timeline: its language (timeline.English or
// timeline.Korean) and its leader ("" for all events).
type pictureKey struct{ locale, leader string }

// help is /help: every command of the table with what it does.
func (b *Bot) help(_ context.Context, r request) (*discordgo.InteractionResponseData, error) {
	em := helpEmbed(r.tx, b.search.Catalogue(), b.cmds)
	return &discordgo.InteractionResponseData{Embeds: fitEmbeds([]*discordgo.MessageEmbed{em})}, nil
}

// about is /about: the corpus, the index and the version.
func (b *Bot) about(_ context.Context, r request) (*discordgo.InteractionResponseData, error) {
	return &discordgo.InteractionResponseData{Embeds: fitEmbeds([]*discordgo.MessageEmbed{b.aboutEmbed(r.tx)})}, nil
}

// stats is /summitadmin stats: /about and the interactions since start.
func (b *Bot) stats(_ context.Context, r request) (*discordgo.InteractionResponseData, error) {
	tx := r.tx
	e := b.aboutEmbed(tx)
	e.Title = tx.statsTitle
	usage := b.usage()
	if len(usage) == 0 {
		usage = []string{tx.noUsage}
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: tx.usageF, Value: strings.Join(usage, "\n")}, b.fb.field(tx))
	return &discordgo.InteractionResponseData{Embeds: fitEmbeds([]*discordgo.MessageEmbed{e})}, nil
}

// sources is /summitadmin sources: each news feed with its last success,
// last error and the articles written from it. Without any (no feed has
// run in this corpus folder yet, or the fetcher's state cannot be read:
// the fetcher may run elsewhere), where feeds are set.
func (b *Bot) sources(_ context.Context, r request) (*discordgo.InteractionResponseData, error) {
	var feeds []FeedSource
	if fs, ok := b.search.(FeedSources); ok {
		feeds = fs.FeedSources()
	}
	if len(feeds) == 0 {
		return &discordgo.InteractionResponseData{Content: r.tx.noFeeds}, nil
	}
	return &discordgo.InteractionResponseData{Embeds: fitEmbeds([]*discordgo.MessageEmbed{sourcesEmbed(r.tx, feeds)})}, nil
}

// reindex is /summitadmin reindex: reload the corpus, rebuild the index
// and swap it in while the old one serves.
func (b *Bot) reindex(ctx context.Context, req request) (*discordgo.InteractionResponseData, error) {
	tx := req.tx
	r, ok := b.search.(Reindexer)
	if !ok {
		return nil, userError{tx.errNoReindex}
	}
	start := b.opts.Now()
	st, err := r.Reindex(ctx)
	if errors.Is(err, corpus.ErrCorpusUnavailable) {
		b.log.Error("reindex", "err", err)
		return nil, userError{tx.reindexGone}
	}
	if err != nil {
		// The moderator learns that it failed and keeps serving, a full
		// disk said plainly (the likeliest cause); the whole error, which
		// may hold paths of the host, goes to the log only.
		msg := tx.reindexFailed
		if errors.Is(err, syscall.ENOSPC) {
			msg = tx.reindexFull
		}
		return nil, failure{msg, fmt.Errorf("reindex failed; the old index keeps serving: %w", err)}
	}
	what := tx.reindexSame
	if st.Built {
		what = tx.reindexBuilt
	}
	msg := what + "\n" + fmt.Sprintf(tx.reindexSum, st.Articles, st.Passages, st.Skipped, b.opts.Now().Sub(start).Round(1e6))
	return &discordgo.InteractionResponseData{Content: msg}, nil
}

// autocomplete suggests values for the option being typed, with the
// completer the table gives that option of that command.
func (b *Bot) autocomplete(_ context.Context, tx *texts, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	data, ok := commandData(i)
	if !ok {
		return nil, errMalformed
	}
	var choices []*discordgo.ApplicationCommandOptionChoice
	if c, ok := lookup(b.cmds, data); ok && c.sub == nil {
		if f := c.opts.focused(); f != nil && c.cmd.complete[f.Name] != nil {
			typed, _ := f.Value.(string)
			choices = c.cmd.complete[f.Name](b, tx, typed)
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

// eventChoices lists the events matching what the user typed, in any
// language the catalogue names them in: first those whose name starts with
// it, then those with a word of the name that does, then those whose name
// holds it, then those whose id or an alias starts with it, each group by
// date. Before the user types, the catalogue's own order: its author puts
// first what people ask about most.
func (b *Bot) eventChoices(tx *texts, typed string) []*discordgo.ApplicationCommandOptionChoice {
	t := strings.ToLower(strings.TrimSpace(typed))
	cat := b.search.Catalogue()
	events := cat.Chronological()
	if t == "" {
		events = cat.Events
	}
	var groups [4][]*corpus.Event
	for _, e := range events {
		if rank, ok := eventMatch(e, t); ok {
			groups[rank] = append(groups[rank], e)
		}
	}
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, e := range slices.Concat(groups[:]...) {
		if len(out) == maxChoices {
			break
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{
			Name:  truncate(tx.eventName(e)+" — "+tx.eventDates(e), maxChoiceRunes),
			Value: e.ID,
		})
	}
	return out
}

// eventMatch ranks how an event matches the lower-case text typed: 0 for
// a name that starts with it, 1 for a word of a name that does, 2 for a
// name that holds it, 3 for an id or alias that starts with it.
func eventMatch(e *corpus.Event, t string) (int, bool) {
	if t == "" {
		return 0, true
	}
	var names []string
	for _, n := range e.AllNames() {
		names = append(names, strings.ToLower(n))
	}
	tests := []func(n string) bool{
		func(n string) bool { return strings.HasPrefix(n, t) },
		func(n string) bool { return strings.Contains(n, " "+t) },
		func(n string) bool { return strings.Contains(n, t) },
	}
	for rank, test := range tests {
		if slices.ContainsFunc(names, test) {
			return rank, true
		}
	}
	if strings.HasPrefix(e.ID, t) || slices.ContainsFunc(e.Aliases, func(a string) bool { return strings.HasPrefix(a, t) }) {
		return 3, true
	}
	return 0, false
}

// leaderChoices lists the leaders matching what the user typed, as the
// catalogue ranks them (so what is offered is what /timeline takes), each
// with how many events they led.
func (b *Bot) leaderChoices(_ *texts, typed string) []*discordgo.ApplicationCommandOptionChoice {
	cat := b.search.Catalogue()
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, l := range cat.MatchLeaders(typed) {
		if len(out) == maxChoices {
			break
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{
			Name:  truncate(fmt.Sprintf("%s (%d)", l, len(cat.LedBy(l))), maxChoiceRunes),
			Value: truncate(l, maxChoiceRunes),
		})
	}
	return out
}

// queryChoices suggests searches: before the user types, the catalogue's
// suggested searches, then its events' names; after, the names and
// searches that hold what was typed, then the index's own words.
func (b *Bot) queryChoices(_ *texts, typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = cleanQuery(typed)
	t := strings.ToLower(typed)
	cat := b.search.Catalogue()
	var names []string
	for _, e := range cat.Events {
		names = append(names, e.Name)
	}
	sugg := slices.Concat(names, cat.Subject.Searches)
	if t == "" {
		sugg = slices.Concat(cat.Subject.Searches, names)
	}
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
		s = truncateRunes(s, maxQueryRunes)
		if s == "" || seen[strings.ToLower(s)] || len(out) == maxChoices {
			continue
		}
		seen[strings.ToLower(s)] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
	}
	return out
}

// cleanQuery makes a query option safe to keep (see corpus.CleanText), at
// most maxQueryRunes runes.
func cleanQuery(s string) string { return corpus.CleanText(s, maxQueryRunes) }

// truncateRunes cuts s to n runes (see corpus.CutRunes), with no space left
// at either end when it cuts.
func truncateRunes(s string, n int) string {
	if cut := corpus.CutRunes(s, n); cut != s {
		return strings.TrimSpace(cut)
	}
	return s
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
