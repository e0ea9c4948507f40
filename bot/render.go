package bot

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/discordmd"
)

// colorDefault is the embed colour of everything but an event with its
// own (the catalogue's color).
const colorDefault = 0x5865F2

// colorOf is the event's colour from the catalogue; nil or none gives the
// neutral one.
func colorOf(e *corpus.Event) int {
	if e != nil {
		if c, ok := e.RGB(); ok {
			return c
		}
	}
	return colorDefault
}

// escapeCut escapes user or corpus text after cutting it to n runes, so the
// cut never splits an escape.
func escapeCut(s string, n int) string {
	return discordmd.Escape(truncateRunes(s, n))
}

// safeURL returns u when it is an absolute http(s) URL, for use in links:
// without its userinfo (user:password@), which is never shown, and with
// the characters that would end or break the Markdown link
// percent-encoded ("<", ">" and "`" are not allowed in URLs anyway).
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return ""
	}
	p.User = nil
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "`", "%60").Replace(p.String())
}

// linkTo makes label (Markdown already) a link to rawURL when that is a
// safe http(s) URL, and leaves it plain otherwise.
func linkTo(label, rawURL string) string {
	if u := safeURL(rawURL); u != "" {
		return fmt.Sprintf("[%s](%s)", label, u)
	}
	return label
}

// eventCard is an event's catalogue entry as an embed.
func eventCard(tx *texts, e *corpus.Event) *discordgo.MessageEmbed {
	em := &discordgo.MessageEmbed{
		Title:       escapeCut(tx.eventName(e), maxEmbedTitle-10),
		Description: escapeCut(tx.eventSummary(e), 3000),
		Color:       colorOf(e),
	}
	add := func(name, value string, inline bool) {
		if value != "" {
			em.Fields = append(em.Fields, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: inline})
		}
	}
	add(tx.when, tx.eventDates(e), true)
	add(tx.where, escapeCut(e.Place, 300), true)
	if len(e.Participants) > 0 {
		add(tx.who, escapeCut(strings.Join(e.Participants, ", "), 900), false)
	}
	var lines []string
	for _, o := range e.Outcomes {
		lines = append(lines, "• "+escapeCut(o, 300))
	}
	add(tx.outcomes, joinFit(lines, maxFieldValue), false)
	lines = nil
	for _, l := range e.Links {
		if u := safeURL(l.URL); u != "" {
			lines = append(lines, fmt.Sprintf("[%s](%s)", escapeCut(l.Title, 150), u))
		}
	}
	add(tx.further, joinFit(lines, maxFieldValue), false)
	return em
}

// joinFit joins whole lines while they fit in n runes.
func joinFit(lines []string, n int) string {
	var b strings.Builder
	used := 0
	for _, l := range lines {
		ln := len([]rune(l))
		if used > 0 {
			ln++
		}
		if used+ln > n {
			break
		}
		if used > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
		used += ln
	}
	return b.String()
}

// hitsEmbed lists a page of passages with their sources.
func hitsEmbed(tx *texts, p pageState, ev *corpus.Event, res *corpus.Result) *discordgo.MessageEmbed {
	em := &discordgo.MessageEmbed{Color: colorDefault}
	switch {
	case p.Command == cmdSummit && p.Query != "":
		em.Title = fmt.Sprintf(tx.passagesAboutQuery, escapeCut(tx.eventName(ev), 80), escapeCut(p.Query, maxQueryRunes))
	case p.Command == cmdSummit:
		em.Title = fmt.Sprintf(tx.passagesAbout, escapeCut(tx.eventName(ev), 80))
	case ev != nil:
		em.Title = fmt.Sprintf(tx.queryEventFirst, escapeCut(p.Query, maxQueryRunes), escapeCut(tx.eventName(ev), 80))
	default:
		em.Title = fmt.Sprintf(tx.queryTitle, escapeCut(p.Query, maxQueryRunes))
	}
	if ev != nil {
		em.Color = colorOf(ev)
	}
	if len(res.Hits) == 0 {
		if p.Command == cmdSummit {
			em.Description = tx.noPassagesEvent
		} else {
			em.Description = tx.noPassages
		}
		return em
	}
	for n, h := range res.Hits {
		em.Fields = append(em.Fields, passageField(tx, p.Page*pageSize+n+1, h))
	}
	pages := (res.Total + pageSize - 1) / pageSize
	em.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf(tx.pageFooter, p.Page+1, max(pages, 1), res.Total)}
	return em
}

// passageField shows one passage: its number, title and date as the
// field's name; the fragment (or the start of the text) and the linked
// source as its value.
func passageField(tx *texts, number int, h corpus.Hit) *discordgo.MessageEmbedField {
	name := fmt.Sprintf("%d. %s", number, escapeCut(h.Title, 180))
	if !h.Date.IsZero() {
		name += " — " + tx.date(h.Date)
	}
	src := linkTo(escapeCut(h.Source, 120), h.URL)
	frag := h.Fragment
	if frag == "" {
		frag = escapeCut(h.Text, 400)
	}
	return &discordgo.MessageEmbedField{Name: name, Value: truncate(frag, maxFieldValue-len([]rune(src))-10) + "\n— " + src}
}

// pager returns Prev/Next buttons when there is more than one page. The
// state of the neighbouring pages lives in their custom_ids.
func pager(tx *texts, p pageState, total int) []discordgo.MessageComponent {
	pages := (total + pageSize - 1) / pageSize
	if pages <= 1 {
		return []discordgo.MessageComponent{}
	}
	prev, next := p, p
	prev.Page, next.Page = p.Page-1, p.Page+1
	prevID, okPrev := prev.encode()
	nextID, okNext := next.encode()
	if !okPrev || !okNext {
		return []discordgo.MessageComponent{} // the state does not fit: one page only
	}
	prevBtn := discordgo.Button{Label: tx.prev, Style: discordgo.SecondaryButton, CustomID: prevID}
	nextBtn := discordgo.Button{Label: tx.next, Style: discordgo.SecondaryButton, CustomID: nextID}
	if p.Page == 0 {
		prevBtn.Disabled, prevBtn.CustomID = true, "pg-none-prev"
	}
	if p.Page+1 >= pages || p.Page+1 > maxPage {
		nextBtn.Disabled, nextBtn.CustomID = true, "pg-none-next"
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{prevBtn, nextBtn}}}
}

// timelineRunes is what the timeline's list may take of an embed's
// description (4096), leaving room for the other embeds' texts.
const timelineRunes = 4000

// timelineEmbed lists every event in date order (or one leader's), one
// line each with its place and first outcome. Every event is named: when
// the lines would not fit, outcomes and places are cut shorter, and
// dropped at last.
func timelineEmbed(tx *texts, cat *corpus.Catalogue, leader string) *discordgo.MessageEmbed {
	events := timelineEvents(cat, leader)
	var lines []string
	for _, cut := range []struct{ outcome, place int }{{300, 120}, {150, 120}, {80, 60}, {0, 40}, {0, 0}} {
		lines = lines[:0]
		used := 0
		for _, e := range events {
			line := fmt.Sprintf("**%s — %s**", tx.eventDates(e), escapeCut(tx.eventName(e), 100))
			if e.Place != "" && e.Status != "prospective" && cut.place > 0 {
				line += " · " + escapeCut(e.Place, cut.place)
			}
			if len(e.Outcomes) > 0 && cut.outcome > 0 {
				line += "\n" + escapeCut(e.Outcomes[0], cut.outcome)
			}
			lines = append(lines, line)
			used += utf8.RuneCountInString(line) + 1
		}
		if used <= timelineRunes {
			break
		}
	}
	return &discordgo.MessageEmbed{
		Title:       escapeCut(tx.timelineTitleWith(cat, leader), 256),
		Description: joinFit(lines, timelineRunes),
		Color:       colorDefault,
		Footer:      &discordgo.MessageEmbedFooter{Text: tx.timelineFooter},
	}
}

// helpEmbed is /help for the catalogue: its own help line as title and
// introduction, then every other command of the table in help order, with
// examples from the catalogue.
func helpEmbed(tx *texts, cat *corpus.Catalogue, cmds []command) *discordgo.MessageEmbed {
	head := tx.help.lines[cmdHelp]
	em := &discordgo.MessageEmbed{Title: fmt.Sprintf(head[0], tx.subject(cat)), Description: head[1], Color: colorDefault,
		Footer: &discordgo.MessageEmbedFooter{Text: tx.helpEvents(cat)}}
	for _, c := range slices.SortedStableFunc(slices.Values(cmds), func(a, b command) int { return a.helpAt - b.helpAt }) {
		if c.name == cmdHelp {
			continue
		}
		line := tx.help.lines[c.name]
		if c.helpArgs != nil {
			line[1] = fmt.Sprintf(line[1], c.helpArgs(tx, cat)...)
		}
		em.Fields = append(em.Fields, &discordgo.MessageEmbedField{Name: line[0], Value: line[1]})
	}
	return em
}

func (b *Bot) aboutEmbed(tx *texts) *discordgo.MessageEmbed {
	st := b.search.Stats()
	fields := []*discordgo.MessageEmbedField{
		{Name: tx.corpusF, Value: escapeCut(st.Corpus, 200), Inline: true},
		{Name: tx.articlesF, Value: fmt.Sprint(st.Articles), Inline: true},
		{Name: tx.passagesF, Value: fmt.Sprint(st.Passages), Inline: true},
		{Name: tx.eventsF, Value: fmt.Sprint(len(b.search.Catalogue().Events)), Inline: true},
		{Name: tx.builtF, Value: timestamp(tx, st.BuiltAt), Inline: true},
		{Name: tx.versionF, Value: escapeCut(b.opts.Version, 100), Inline: true},
	}
	if !st.LastReindex.IsZero() {
		fields = append(fields, &discordgo.MessageEmbedField{Name: tx.lastReindexF, Value: timestamp(tx, st.LastReindex), Inline: true})
	}
	if st.Skipped > 0 {
		fields = append(fields, &discordgo.MessageEmbedField{Name: tx.skippedF, Value: fmt.Sprint(st.Skipped), Inline: true})
	}
	if v := newestValue(tx, st.Newest); v != "" {
		fields = append(fields, &discordgo.MessageEmbedField{Name: tx.newestF, Value: v})
	}
	if !st.FeedsLastRun.IsZero() {
		fields = append(fields, &discordgo.MessageEmbedField{Name: tx.feedsRunF, Value: timestamp(tx, st.FeedsLastRun), Inline: true})
	}
	fields = append(fields, &discordgo.MessageEmbedField{Name: tx.upSinceF, Value: timestamp(tx, b.started), Inline: true})
	return &discordgo.MessageEmbed{Title: tx.aboutTitle, Color: colorDefault, Fields: fields}
}

// timestamp renders a time as a Discord timestamp, shown in each reader's
// own time zone and language.
func timestamp(tx *texts, t time.Time) string {
	if t.IsZero() {
		return tx.unknown
	}
	return fmt.Sprintf("<t:%d:f> (<t:%d:R>)", t.Unix(), t.Unix())
}

// newestValue shows the newest article: its title (or, without one, its
// source), linked when it has a safe URL, then its date; "" when nothing
// is known of it. An article's date is a day, shown as passages show
// theirs: as a Discord timestamp it would be midnight UTC, the evening
// before for readers west of UTC.
func newestValue(tx *texts, a NewestArticle) string {
	label := a.Title
	if strings.TrimSpace(label) == "" {
		label = a.Source
	}
	var parts []string
	if strings.TrimSpace(label) != "" {
		text := escapeCut(label, 200)
		// A link too long for the field would be cut through its URL.
		if linked := linkTo(text, a.URL); utf8.RuneCountInString(linked) <= maxFieldValue-100 {
			text = linked
		}
		parts = append(parts, text)
	}
	if !a.Date.IsZero() {
		parts = append(parts, tx.date(a.Date))
	}
	return strings.Join(parts, "\n")
}

// sourcesEmbed lists the news feeds, those whose last fetch failed first,
// one field each, as many as fit Discord's limits; the footer says how
// many were left out.
func sourcesEmbed(tx *texts, feeds []FeedSource) *discordgo.MessageEmbed {
	var failing, healthy []FeedSource
	for _, f := range feeds {
		if f.LastError != "" {
			failing = append(failing, f)
		} else {
			healthy = append(healthy, f)
		}
	}
	em := &discordgo.MessageEmbed{Title: fmt.Sprintf(tx.sourcesTitle, len(feeds)), Color: colorDefault}
	if len(failing) > 0 {
		em.Description = fmt.Sprintf(tx.sourcesFailing, len(failing))
	}
	for n, f := range append(failing, healthy...) {
		em.Fields = append(em.Fields, sourceField(tx, n+1, f))
	}
	// fitEmbeds drops the fields that do not fit, from the end, with room
	// kept for the longest footer this list can have; the footer then
	// says how many it dropped.
	em.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf(tx.sourcesLeftOut, len(feeds), len(feeds))}
	fitEmbeds([]*discordgo.MessageEmbed{em})
	em.Footer = nil
	if left := len(feeds) - len(em.Fields); left > 0 {
		em.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf(tx.sourcesLeftOut, left, len(feeds))}
	}
	return em
}

// sourceField is one feed: its number, state and host as the name; its
// host and path linked to its URL, last success, articles written, last
// try (when it was not a success) and last error as the value, which stays under
// Discord's 1024 runes: the link takes at most 500 and the error
// sourceErrorRunes before escaping.
func sourceField(tx *texts, number int, f FeedSource) *discordgo.MessageEmbedField {
	state := "✅"
	if f.LastError != "" {
		state = "⚠️"
	}
	host, hostPath := feedHostPath(f.URL)
	shown := escapeCut(hostPath, 200)
	// A link too long for the field would be cut through its URL.
	if linked := linkTo(shown, f.URL); utf8.RuneCountInString(linked) <= 500 {
		shown = linked
	}
	success := tx.never
	if !f.LastSuccess.IsZero() {
		success = timestamp(tx, f.LastSuccess)
	}
	lines := []string{
		shown,
		fmt.Sprintf(tx.sourceSuccess, success),
		fmt.Sprintf(tx.sourceWritten, f.Written),
	}
	if !f.LastRun.IsZero() && !f.LastRun.Equal(f.LastSuccess) {
		lines = append(lines, fmt.Sprintf(tx.sourceTried, timestamp(tx, f.LastRun)))
	}
	if f.LastError != "" {
		lines = append(lines, fmt.Sprintf(tx.sourceError, feedError(f.LastError)))
	}
	return &discordgo.MessageEmbedField{
		Name:  fmt.Sprintf("%d. %s %s", number, state, escapeCut(host, 100)),
		Value: strings.Join(lines, "\n"),
	}
}

// feedHostPath is what a feed's URL shows of itself, never its
// credentials: an http(s) URL's host, and its host and path. Anything else
// (a URL that does not parse, or of another scheme) loses its scheme and
// everything up to its last "@", where userinfo would end, and is cleaned
// of control characters.
func feedHostPath(raw string) (host, hostPath string) {
	raw = strings.TrimSpace(raw)
	if safeURL(raw) != "" {
		p, _ := url.Parse(raw)
		return p.Host, p.Host + p.EscapedPath()
	}
	s := raw
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+len("://"):]
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		s = s[i+1:]
	}
	s = corpus.CleanText(s, 400)
	host = s
	if i := strings.IndexAny(s, "/?# "); i >= 0 {
		host = s[:i]
	}
	return host, s
}

// sourceErrorRunes is how much of a feed's last error /summitadmin sources
// shows: enough to tell a timeout from a 404 or a parse error, short
// enough that many failing feeds fit (the whole error is in the fetcher's
// log).
const sourceErrorRunes = 128

// feedError is a feed's last error on one line, without control
// characters, cut to sourceErrorRunes (with an ellipsis when cut) and
// escaped.
func feedError(err string) string {
	clean := corpus.CleanText(err, len(err)) // len in bytes: never cuts
	if utf8.RuneCountInString(clean) <= sourceErrorRunes {
		return escapeCut(clean, sourceErrorRunes)
	}
	return escapeCut(clean, sourceErrorRunes-1) + "…"
}
