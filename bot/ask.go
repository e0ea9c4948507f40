package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/answer"
	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/discordmd"
)

// maxQuestionRunes bounds a question, from /ask or a mention.
const maxQuestionRunes = 300

// answerers keeps one Answerer per catalogue: a reindex brings a new
// catalogue, and with it a new Answerer.
type answerers struct {
	mu  sync.Mutex
	cat *corpus.Catalogue
	a   *answer.Answerer
}

func (b *Bot) answerer() *answer.Answerer {
	cat := b.search.Catalogue()
	b.ans.mu.Lock()
	defer b.ans.mu.Unlock()
	if b.ans.cat != cat || b.ans.a == nil {
		b.ans.cat, b.ans.a = cat, answer.New(cat, b.searchPassages)
	}
	return b.ans.a
}

// searchPassages is the Searcher as the answerer asks it.
func (b *Bot) searchPassages(ctx context.Context, text, event string, limit int) ([]corpus.Hit, error) {
	res, err := b.search.Search(ctx, corpus.Query{Text: text, Event: event, Limit: limit})
	if err != nil {
		return nil, err
	}
	return res.Hits, nil
}

// ask is /ask: the answer to a question, with its sources.
func (b *Bot) ask(ctx context.Context, r request) (*discordgo.InteractionResponseData, error) {
	q := questionText(r.opts.str("question"))
	if q == "" {
		return nil, userError{r.tx.noQuestion(b.search.Catalogue())}
	}
	em, row, err := b.answerEmbed(ctx, r.tx, q)
	if err != nil {
		return nil, err
	}
	return &discordgo.InteractionResponseData{Embeds: fitEmbeds([]*discordgo.MessageEmbed{em}), Components: row}, nil
}

// questionText is a question as the bot answers, shows, logs and keeps it
// in a button: cleaned (corpus.CleanText) and without Discord's tokens
// (discordmd.StripTokens), at most maxQuestionRunes runes. A mention of
// someone else is no word of the question, and kept it would write that
// user's id into the log and the custom_id. Cleaning comes first too, so
// that no format character hides a token ("<@\u200b123>").
func questionText(s string) string {
	s = corpus.CleanText(s, len(s)) // len in bytes: never cuts
	return corpus.CleanText(discordmd.StripTokens(s), maxQuestionRunes)
}

// answerEmbed answers a question, with the "Was this helpful?" buttons
// to go under it.
func (b *Bot) answerEmbed(ctx context.Context, tx *texts, q string) (*discordgo.MessageEmbed, []discordgo.MessageComponent, error) {
	a, err := b.answerer().Answer(ctx, q)
	if err != nil {
		return nil, nil, fmt.Errorf("answer %q: %w", q, err)
	}
	return b.answerCard(tx, q, a), feedbackRow(tx, q, a), nil
}

// answerCard shows an answer: one or two sentences from the catalogue and
// the passages that back them, or a plain "not in the corpus".
func (b *Bot) answerCard(tx *texts, q string, a answer.Answer) *discordgo.MessageEmbed {
	em := &discordgo.MessageEmbed{Title: questionMark + escapeCut(q, 200), Color: colorDefault}
	if !a.Found {
		asked := a.Question
		if asked == "" {
			asked = q
		}
		em.Description = fmt.Sprintf(tx.notAnswered, discordmd.Escape(searchHint(asked, maxQueryRunes)))
		return em
	}
	if len(a.Events) > 0 {
		ev, _ := b.search.Catalogue().Event(a.Events[0])
		em.Color = colorOf(ev)
	}
	em.Description = answerText(tx, a)
	for n, p := range a.Passages {
		if n == 3 {
			break
		}
		em.Fields = append(em.Fields, passageField(tx, n+1, p))
	}
	em.Footer = &discordgo.MessageEmbedFooter{Text: tx.answerFooter}
	if a.FromCorpus {
		em.Footer.Text = tx.corpusFooter
	}
	return em
}

// answerText is the answer first: the catalogue's sentence with the corpus
// sentence that backs it quoted below, or the corpus's own sentence quoted
// with its source; the question's words in the quote in bold, and a note
// when the message asked more than one thing.
func answerText(tx *texts, a answer.Answer) string {
	var b strings.Builder
	if !a.FromCorpus {
		b.WriteString(escapeCut(a.Text, 1500))
	}
	if a.Quote != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("> " + boldWords(escapeCut(a.Quote, 1200), a.Marks))
		if len(a.Passages) > 0 {
			p := a.Passages[0]
			src := p.Title
			if src == "" {
				src = p.Source
			}
			b.WriteString("\n— " + linkTo(escapeCut(src, 200), p.URL))
			if !p.Date.IsZero() {
				b.WriteString(", " + tx.date(p.Date))
			}
		}
	}
	if a.More {
		b.WriteString("\n-# " + tx.answeredFirst)
	}
	return b.String()
}

// boldWords puts the words (letters and digits only, so escaping left them
// alone) in bold wherever they stand as whole words, neighbours in one run
// ("**Capella Hotel**").
func boldWords(s string, words []string) string {
	if len(words) == 0 {
		return s
	}
	quoted := make([]string, 0, len(words))
	for _, w := range words {
		quoted = append(quoted, regexp.QuoteMeta(w))
	}
	re, err := regexp.Compile(`(?i)\b(?:` + strings.Join(quoted, "|") + `)\w*`)
	if err != nil {
		return s
	}
	return strings.ReplaceAll(re.ReplaceAllString(s, "**$0**"), "** **", " ")
}

var questionWords = regexp.MustCompile(`(?i)\b(what|when|where|who|whom|why|how|did|does|do|is|was|were|are|the|a|an|of|in|on|at|to|for|and|or)\b|[?!.,]`)

// searchHint turns a question into the words to try with /search, as many
// whole words as fit in n runes (a /search query holds no more).
func searchHint(q string, n int) string {
	var out []string
	size := -1
	for _, w := range strings.Fields(questionWords.ReplaceAllString(q, " ")) {
		if size+1+utf8.RuneCountInString(w) > n {
			break
		}
		out = append(out, w)
		size += 1 + utf8.RuneCountInString(w)
	}
	return strings.Join(out, " ")
}

// answerMessage answers a channel message that mentions the bot, as a reply
// that pings nobody, not even its author. It returns nil for messages to
// ignore: from bots (itself included), without a mention of botID, or with
// nothing asked. locale is the server's preferred language.
func (b *Bot) answerMessage(ctx context.Context, m *discordgo.Message, botID string, locale discordgo.Locale) (reply *discordgo.MessageSend) {
	if m == nil || m.Author == nil || m.Author.Bot || botID == "" || m.Author.ID == botID {
		return nil
	}
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			mentioned = true
		}
	}
	if !mentioned {
		return nil
	}
	tx := textsFor(locale)
	// The bot's own mention is the address, not the question; it goes
	// with every other token.
	q := questionText(m.Content)
	t := b.tally("mention")
	reply = &discordgo.MessageSend{
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, RepliedUser: false},
		Reference:       &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: ptr(false)},
	}
	defer b.settle(t, func() { reply.Embeds, reply.Components, reply.Content = nil, nil, tx.errInternal }, "guild", m.GuildID, "message", m.ID)
	if q == "" {
		t.outcome, t.err = outcomeUserError, errors.New("mention without a question")
		reply.Content = tx.mentionHelpFor(b.search.Catalogue())
	} else if em, row, err := b.answerMention(ctx, tx, m.Author.ID, q); err != nil {
		t.err = err
		t.outcome, reply.Content = classify(tx, err)
	} else {
		reply.Embeds, reply.Components = fitEmbeds([]*discordgo.MessageEmbed{em}), row
	}
	reply.Content = truncate(reply.Content, maxContent)
	return reply
}

// answerMention answers a mention's question as Handle answers /ask: the
// same rate limit, then the answer within Options.Timeout.
func (b *Bot) answerMention(ctx context.Context, tx *texts, user, q string) (*discordgo.MessageEmbed, []discordgo.MessageComponent, error) {
	if !b.allow(user) {
		return nil, nil, errRateLimited
	}
	ctx, cancel := context.WithTimeout(ctx, b.opts.Timeout)
	defer cancel()
	return b.answerEmbed(ctx, tx, q)
}
