package bot

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/discordmd"
)

// Embed colours: one per event, a neutral one for everything else.
const colorDefault = 0x5865F2

var eventColors = map[string]int{"singapore": 0xE67E22, "hanoi": 0xC0392B, "dmz": 0x27AE60, "fourth": 0x8E44AD}

func colorOf(id string) int {
	if c, ok := eventColors[id]; ok {
		return c
	}
	return colorDefault
}

// escapeCut escapes user or corpus text after cutting it to n runes, so the
// cut never splits an escape.
func escapeCut(s string, n int) string {
	return discordmd.Escape(truncateRunes(s, n))
}

// safeURL returns u when it is an absolute http(s) URL, for use in links.
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return ""
	}
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(p.String())
}

// eventCard is an event's catalogue entry as an embed.
func eventCard(e *corpus.Event) *discordgo.MessageEmbed {
	em := &discordgo.MessageEmbed{
		Title:       escapeCut(e.Name, maxEmbedTitle-10),
		Description: escapeCut(e.Summary, 3000),
		Color:       colorOf(e.ID),
	}
	add := func(name, value string, inline bool) {
		if value != "" {
			em.Fields = append(em.Fields, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: inline})
		}
	}
	add("When", e.Dates(), true)
	add("Where", escapeCut(e.Place, 300), true)
	if len(e.Participants) > 0 {
		add("Who", escapeCut(strings.Join(e.Participants, ", "), 900), false)
	}
	var lines []string
	for _, o := range e.Outcomes {
		lines = append(lines, "• "+escapeCut(o, 300))
	}
	add("Outcomes", joinFit(lines, maxFieldValue), false)
	lines = nil
	for _, l := range e.Links {
		if u := safeURL(l.URL); u != "" {
			lines = append(lines, fmt.Sprintf("[%s](%s)", escapeCut(l.Title, 150), u))
		}
	}
	add("Further reading", joinFit(lines, maxFieldValue), false)
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
func hitsEmbed(p pageState, ev *corpus.Event, res *Result) *discordgo.MessageEmbed {
	em := &discordgo.MessageEmbed{Color: colorDefault}
	switch {
	case p.Command == cmdSummit && p.Query != "":
		em.Title = fmt.Sprintf("Passages about %s: “%s”", escapeCut(ev.Name, 80), escapeCut(p.Query, MaxQueryRunes))
	case p.Command == cmdSummit:
		em.Title = "Passages about " + escapeCut(ev.Name, 80)
	case ev != nil:
		em.Title = fmt.Sprintf("“%s” — %s first", escapeCut(p.Query, MaxQueryRunes), escapeCut(ev.Name, 80))
	default:
		em.Title = fmt.Sprintf("“%s”", escapeCut(p.Query, MaxQueryRunes))
	}
	if ev != nil {
		em.Color = colorOf(ev.ID)
	}
	if len(res.Hits) == 0 {
		if p.Command == cmdSummit {
			em.Description = "No passages in the corpus match. Try without a query, or with other words."
		} else {
			em.Description = "No passages match. Try fewer or other words, or `/summit` for an event's card."
		}
		return em
	}
	for n, h := range res.Hits {
		name := fmt.Sprintf("%d. %s", p.Page*pageSize+n+1, escapeCut(h.Title, 180))
		if !h.Date.IsZero() {
			name += " — " + h.Date.Format("2 Jan 2006")
		}
		src := escapeCut(h.Source, 120)
		if u := safeURL(h.URL); u != "" {
			src = fmt.Sprintf("[%s](%s)", src, u)
		}
		frag := h.Fragment
		if frag == "" {
			frag = escapeCut(h.Text, 400)
		}
		value := truncate(frag, maxFieldValue-len([]rune(src))-10) + "\n— " + src
		em.Fields = append(em.Fields, &discordgo.MessageEmbedField{Name: name, Value: value})
	}
	pages := (res.Total + pageSize - 1) / pageSize
	em.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d of %d · %d passages", p.Page+1, max(pages, 1), res.Total)}
	return em
}

// pager returns Prev/Next buttons when there is more than one page. The
// state of the neighbouring pages lives in their custom_ids.
func pager(p pageState, total int) []discordgo.MessageComponent {
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
	prevBtn := discordgo.Button{Label: "◀ Prev", Style: discordgo.SecondaryButton, CustomID: prevID}
	nextBtn := discordgo.Button{Label: "Next ▶", Style: discordgo.SecondaryButton, CustomID: nextID}
	if p.Page == 0 {
		prevBtn.Disabled, prevBtn.CustomID = true, "pg-none-prev"
	}
	if p.Page+1 >= pages || p.Page+1 > maxPage {
		nextBtn.Disabled, nextBtn.CustomID = true, "pg-none-next"
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{prevBtn, nextBtn}}}
}

// timelineEmbed lists every event in date order, one line each.
func timelineEmbed(cat *corpus.Catalogue) *discordgo.MessageEmbed {
	var lines []string
	for _, e := range cat.Chronological() {
		line := fmt.Sprintf("**%s — %s**", e.Dates(), escapeCut(e.Name, 100))
		if e.Place != "" && e.Status != "prospective" {
			line += " · " + escapeCut(e.Place, 120)
		}
		if len(e.Outcomes) > 0 {
			line += "\n" + escapeCut(e.Outcomes[0], 300)
		}
		lines = append(lines, line)
	}
	return &discordgo.MessageEmbed{
		Title:       "The Trump–Kim summits",
		Description: joinFit(lines, 4000),
		Color:       colorDefault,
		Footer:      &discordgo.MessageEmbedFooter{Text: "/summit event:<name> for an event's card and sources"},
	}
}

func helpEmbed() *discordgo.MessageEmbed {
	return &discordgo.MessageEmbed{
		Title:       "summitbot — the Trump–Kim summits, with sources",
		Description: "Answers come from an indexed article corpus; every passage links to its source. Add `hide:True` to any command to see the answer alone.",
		Color:       colorDefault,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "/summit event:<event> [query]", Value: "An event's card (dates, place, participants, outcomes, further reading) and the best passages about it.\nExamples: `/summit event:hanoi`, `/summit event:dmz query:demarcation line`"},
			{Name: "/search query:<words> [event]", Value: "The best passages for your words, highlighted, with sources. Typos and synonyms are fine.\nExamples: `/search query:sanctions relief`, `/search query:love letters event:singapore`"},
			{Name: "/timeline", Value: "Every summit in date order, with its outcome."},
			{Name: "/about", Value: "Corpus size, index freshness and version."},
			{Name: "/summitadmin reindex | stats", Value: "For moderators with Manage Server: reload the articles without downtime, or show statistics."},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: "Events: singapore (2018), hanoi (2019), dmz (2019), fourth (talked about, not held)"},
	}
}

func (b *Bot) aboutEmbed() *discordgo.MessageEmbed {
	st := b.search.Stats()
	fields := []*discordgo.MessageEmbedField{
		{Name: "Corpus", Value: escapeCut(st.Corpus, 200), Inline: true},
		{Name: "Articles", Value: fmt.Sprint(st.Articles), Inline: true},
		{Name: "Passages", Value: fmt.Sprint(st.Passages), Inline: true},
		{Name: "Events", Value: fmt.Sprint(len(b.search.Catalogue().Events)), Inline: true},
		{Name: "Index built", Value: timestamp(st.BuiltAt), Inline: true},
		{Name: "Version", Value: escapeCut(b.opts.Version, 100), Inline: true},
	}
	if !st.LastReindex.IsZero() {
		fields = append(fields, &discordgo.MessageEmbedField{Name: "Last reindex", Value: timestamp(st.LastReindex), Inline: true})
	}
	if st.Skipped > 0 {
		fields = append(fields, &discordgo.MessageEmbedField{Name: "Files skipped", Value: fmt.Sprint(st.Skipped), Inline: true})
	}
	fields = append(fields, &discordgo.MessageEmbedField{Name: "Up since", Value: timestamp(b.started), Inline: true})
	return &discordgo.MessageEmbed{Title: "About summitbot", Color: colorDefault, Fields: fields}
}

// timestamp renders a time as a Discord timestamp, shown in each reader's
// own time zone and language.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return fmt.Sprintf("<t:%d:f> (<t:%d:R>)", t.Unix(), t.Unix())
}
