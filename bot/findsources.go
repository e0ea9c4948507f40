package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/answer"
	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/discordmd"
)

// maxClaimRunes bounds what "Find sources" searches of a message: a
// question's worth, enough for a claim or two, no cost for a wall of text.
const maxClaimRunes = maxQuestionRunes

// findSources is the message command "Find sources": the passages that
// best match what the message says and, when it asks something, the
// answer first. The message is user input like any option: cleaned of
// mentions, links and Markdown before it is searched, and escaped where
// it is shown. Always private (the table says so): the asker alone sees
// it, wherever the message was.
func (b *Bot) findSources(ctx context.Context, r request) (*discordgo.InteractionResponseData, error) {
	text := messageClaim(r.target, maxClaimRunes)
	if text == "" {
		return nil, userError{r.tx.findNothing}
	}
	var embeds []*discordgo.MessageEmbed
	if answer.IsQuestion(text) {
		// No vote buttons: issue 18 puts them under what someone asked
		// (/ask, a mention); here the question is another's message that
		// the bot took for one, and a vote would judge that guess as much
		// as the answer.
		em, _, err := b.answerEmbed(ctx, r.tx, text)
		if err != nil {
			return nil, err
		}
		embeds = append(embeds, em)
	}
	res, err := b.search.Search(ctx, corpus.Query{Text: text, Limit: pageSize})
	if err != nil {
		return nil, fmt.Errorf("find sources for %q: %w", text, err)
	}
	// One page, without buttons: the claim is longer than a button's
	// custom_id can keep, and /search pages through more.
	em := hitsEmbed(r.tx, pageState{Command: cmdSearch, Query: text}, nil, res)
	em.Title = fmt.Sprintf(r.tx.findTitle, escapeCut(text, 200))
	if len(res.Hits) > 0 {
		em.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf(r.tx.findFooter, len(res.Hits), res.Total)}
	}
	embeds = append(embeds, em)
	return &discordgo.InteractionResponseData{Embeds: fitEmbeds(embeds)}, nil
}

// targetMessage is the message a message command was run on, from the
// data Discord resolved; nil for any other command or when it is missing.
func targetMessage(data discordgo.ApplicationCommandInteractionData) *discordgo.Message {
	if data.TargetID == "" || data.Resolved == nil {
		return nil
	}
	return data.Resolved.Messages[data.TargetID]
}

// messageText is what a message says: its content or, when it has none,
// its poll's question or the text of its embeds (a bot's answer, a link
// preview); a forward has none of its own, and says what the message it
// forwards (its first snapshot with words) says.
func messageText(m *discordgo.Message) string {
	if m == nil {
		return ""
	}
	if s := ownText(m); strings.TrimSpace(s) != "" {
		return s
	}
	for _, snap := range m.MessageSnapshots {
		// A snapshot's own snapshots are not read: Discord forwards one
		// level, and the text is the forwarded message's.
		if s := ownText(snap.Message); strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// ownText is what a message itself says: see messageText.
func ownText(m *discordgo.Message) string {
	if m == nil {
		return ""
	}
	if strings.TrimSpace(m.Content) != "" {
		return m.Content
	}
	if m.Poll != nil && strings.TrimSpace(m.Poll.Question.Text) != "" {
		return m.Poll.Question.Text
	}
	var parts []string
	for _, e := range m.Embeds {
		if e == nil {
			continue
		}
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			if f != nil {
				parts = append(parts, f.Name, f.Value)
			}
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// messageClaim is the message's text as a search: see claimText.
func messageClaim(m *discordgo.Message, n int) string { return claimText(messageText(m), n) }

// claimText makes a message's text a search, at most n runes: Discord's
// markup, links and Markdown marks go (see discordmd.Plain, which also
// drops the format characters that could hide a mention: <@\u200b123>),
// then corpus.CleanText. Nothing that pings, links or formats is left; ""
// when no letter or digit is (only mentions, links or emoji).
func claimText(s string, n int) string {
	s = corpus.CleanText(discordmd.Plain(s), n)
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	return s
}
