package bot

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/answer"
	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/discordmd"
)

// FeedbackObserver is an Observer that also counts the 👍/👎 votes on
// answers. It is separate from Observer, and checked with a type
// assertion, so that Observers written before it (tests' counters, other
// programs') keep compiling and working: without it, votes are still
// logged and shown by /summitadmin stats.
type FeedbackObserver interface {
	// Feedback records one counted vote: vote is "up" or "down", event a
	// catalogue id or "none" or "other", kind an answer kind or "none";
	// the bot never passes anything else, so the labels stay bounded.
	Feedback(vote, event, kind string)
}

// clickRoute says which handler serves a button.
type clickRoute int

const (
	routePage     clickRoute = iota // paging buttons, and anything unknown (decodePage rejects it)
	routeFeedback                   // "Was this helpful?" buttons
)

// routeClick routes a button by its custom_id's prefix. It is the one
// place that does: the handler (component), the privacy of the answer
// (ephemeral) and the deferral (updatesMessage) all ask it.
func routeClick(customID string) clickRoute {
	if strings.HasPrefix(customID, feedbackFamily) {
		return routeFeedback // any version: decodeFeedback rejects those it does not write
	}
	return routePage
}

// updatesMessage reports whether the answer to a click replaces the
// clicked message (a page): only then is a deferral of type 6, an update.
// Any other click (a vote, or a button that is no longer valid) is
// answered by a new private message, so its deferral must be a private
// type 5: a type 6 would make the edit that follows overwrite the public
// answer with the thanks or the error.
func updatesMessage(i *discordgo.Interaction) bool {
	data, ok := componentData(i)
	if !ok || routeClick(data.CustomID) != routePage {
		return false
	}
	_, err := decodePage(data.CustomID)
	return err == nil
}

// feedbackState is what counting and logging a vote needs, kept in the
// button's custom_id so that the bot stays stateless: any replica, before
// or after a restart, can count the click.
type feedbackState struct {
	Up       bool
	Event    string // the answer's first event id; "" when it had none
	Kind     string // one of answerKinds()
	Question string // as much of the question as fits, cut with "…"
}

// The custom_id is "fb1|<u or d>|<event id or empty>|<kind>|<question>".
const (
	feedbackFamily = "fb"
	feedbackPrefix = "fb1"
)

// Labels of the votes' metrics and log lines that are not a catalogue id
// or an answer kind.
const (
	voteUp     = "up"
	voteDown   = "down"
	eventNone  = "none"  // the answer was about no event
	eventOther = "other" // an event no longer (or never) in the catalogue
	kindNone   = "none"  // the bot could not answer
)

// answerKinds are the kinds a button may carry: answer.Kinds, so that a
// new kind keeps its buttons, and kindNone. A fixed set, so that a forged
// custom_id cannot add labels.
func answerKinds() []string {
	var out []string
	for _, k := range answer.Kinds() {
		out = append(out, string(k))
	}
	return append(out, kindNone)
}

var errBadFeedback = errors.New("not a feedback button of this bot")

// encode returns the custom_id; false when the state is not one a button
// may carry (an event id or kind outside the rules, an empty question).
// The question is cleaned and cut to what fits.
func (f feedbackState) encode() (string, bool) {
	if f.Event != "" && !corpus.ValidID(f.Event) || !slices.Contains(answerKinds(), f.Kind) {
		return "", false
	}
	vote := "d"
	if f.Up {
		vote = "u"
	}
	head := strings.Join([]string{feedbackPrefix, vote, f.Event, f.Kind, ""}, "|")
	q := fitUnits(questionText(f.Question), maxCustomID-utf16Len(head))
	if q == "" {
		return "", false
	}
	return head + q, true
}

// fitUnits cuts clean text to at most n UTF-16 units, ending with "…" when
// cut; the result is still clean (corpus.CleanText leaves it as it is).
func fitUnits(s string, n int) string {
	if utf16Len(s) <= n {
		return s
	}
	used, cut := 1, 0 // the ellipsis is one unit
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if used+w > n {
			cut = i
			break
		}
		used += w
	}
	s = strings.TrimRight(s[:cut], " ")
	if s == "" {
		return ""
	}
	return s + "…"
}

// decodeFeedback parses a custom_id strictly: anything else than what
// encode writes is rejected (a question with a user's mention or a format
// character in it included), so that the state's labels and logged
// question are always ones the bot made.
func decodeFeedback(id string) (feedbackState, error) {
	parts := strings.SplitN(id, "|", 5)
	if len(parts) != 5 || parts[0] != feedbackPrefix || utf16Len(id) > maxCustomID {
		return feedbackState{}, errBadFeedback
	}
	var f feedbackState
	switch parts[1] {
	case "u":
		f.Up = true
	case "d":
	default:
		return feedbackState{}, errBadFeedback
	}
	f.Event, f.Kind, f.Question = parts[2], parts[3], parts[4]
	if again, ok := f.encode(); !ok || again != id {
		return feedbackState{}, errBadFeedback
	}
	return f, nil
}

// labels are the vote's metric labels: the event is kept only when the
// current catalogue has it, so that even a forged custom_id adds no label
// value beyond the catalogue's ids, "none" and "other".
func (f feedbackState) labels(cat *corpus.Catalogue) (vote, event, kind string) {
	vote, event, kind = voteDown, eventNone, f.Kind
	if f.Up {
		vote = voteUp
	}
	if f.Event != "" {
		event = eventOther
		if _, ok := cat.Event(f.Event); ok {
			event = f.Event
		}
	}
	return vote, event, kind
}

// feedbackRow is the "Was this helpful?" row under an answer to q; nil
// when its state cannot be a button (then the answer goes without).
func feedbackRow(tx *texts, q string, a answer.Answer) []discordgo.MessageComponent {
	f := feedbackState{Kind: kindNone, Question: q}
	if a.Found {
		f.Kind = string(a.Kind)
	}
	if len(a.Events) > 0 {
		f.Event = a.Events[0]
	}
	down, okDown := f.encode()
	f.Up = true
	up, okUp := f.encode()
	if !okUp || !okDown {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: tx.helpful, Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: up},
		discordgo.Button{Label: tx.notHelpful, Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: down},
	}}}
}

// questionMark begins the title of an answer, before the question.
const questionMark = "❓ "

// feedback serves a vote: counted once per voter and answer, logged with
// the question, and thanked privately; the public answer stays as it is.
func (b *Bot) feedback(tx *texts, i *discordgo.Interaction, customID string) (*discordgo.InteractionResponse, error) {
	f, err := decodeFeedback(customID)
	if err != nil {
		return nil, userError{tx.errButton}
	}
	vote, event, kind := f.labels(b.search.Catalogue())
	q, from := f.Question, "button" // as clean as decoding demands: no mention
	if mq, ok := messageQuestion(i.Message, q); ok {
		q, from = mq, "message"
	}
	counted := b.fb.vote(voterKey(i, f), feedbackKey{vote, event, kind})
	if obs, ok := b.opts.Observer.(FeedbackObserver); ok && counted {
		obs.Feedback(vote, event, kind)
	}
	attrs := []any{"vote", vote, "event", event, "kind", kind, "question", q, "question_from", from, "counted", counted,
		"guild", i.GuildID, "interaction", i.ID}
	if event == eventOther {
		attrs = append(attrs, "event_id", f.Event)
	}
	if i.Message != nil {
		attrs = append(attrs, "message", i.Message.ID)
	}
	b.log.Info("answer feedback", attrs...)
	return message(&discordgo.InteractionResponseData{Content: tx.feedbackThanks}, true), nil
}

// messageQuestion is the question as the clicked answer's title shows it
// (up to 200 runes, where the custom_id holds fewer), un-escaped: the most
// faithful record of what the voter saw. False when the message has no
// such title, or one that does not begin with the button's question (it
// is not the answer the button was made for).
func messageQuestion(m *discordgo.Message, fromButton string) (string, bool) {
	if m == nil || len(m.Embeds) == 0 || m.Embeds[0] == nil {
		return "", false
	}
	title, ok := strings.CutPrefix(m.Embeds[0].Title, questionMark)
	if !ok {
		return "", false
	}
	q := questionText(discordmd.Unescape(title))
	if q == "" || !strings.HasPrefix(q, strings.TrimSuffix(fromButton, "…")) {
		return "", false
	}
	return q, true
}

// voterKey is who voted on which answer: the user and the clicked
// message, or without the message (Discord always sends it; a test may
// not) the answer as the button describes it.
func voterKey(i *discordgo.Interaction, f feedbackState) string {
	answerID := "answer " + f.Event + "|" + f.Kind + "|" + f.Question
	if i.Message != nil && i.Message.ID != "" {
		answerID = "message " + i.Message.ID
	}
	return userID(i) + " " + answerID
}

// feedbackKey is one series of votes.
type feedbackKey struct{ vote, event, kind string }

// feedbackMemory is how many (voter, answer) pairs a bot remembers to
// count one vote each; beyond it the oldest are forgotten.
const feedbackMemory = 10000

// feedbackBook counts the votes since start, one per voter and answer:
// ten clicks on 👍 count once, and so does a change of mind (the first
// vote counts; the later ones are logged as not counted). It remembers a
// bounded number of (voter, answer) pairs (oldest forgotten first), in this process only.
type feedbackBook struct {
	mu     sync.Mutex
	limit  int // feedbackMemory when 0
	seen   map[string]bool
	order  []string // the keys of seen, oldest first from next on
	next   int
	counts map[feedbackKey]int
}

// vote counts a vote unless this voter already voted on this answer
// (among the last feedbackMemory pairs of voter and answer).
func (fb *feedbackBook) vote(voter string, k feedbackKey) bool {
	fb.mu.Lock()
	defer fb.mu.Unlock()
	if fb.seen == nil {
		fb.seen, fb.counts = map[string]bool{}, map[feedbackKey]int{}
	}
	if fb.seen[voter] {
		return false
	}
	limit := fb.limit
	if limit <= 0 {
		limit = feedbackMemory
	}
	if len(fb.order) < limit {
		fb.order = append(fb.order, voter)
	} else {
		delete(fb.seen, fb.order[fb.next])
		fb.order[fb.next] = voter
		fb.next = (fb.next + 1) % limit
	}
	fb.seen[voter] = true
	fb.counts[k]++
	return true
}

// field is /summitadmin stats' account of the votes: the totals, then one
// line per event and kind, the most voted down first (what the bot
// answers badly), as many as fit.
func (fb *feedbackBook) field(tx *texts) *discordgo.MessageEmbedField {
	fb.mu.Lock()
	type line struct {
		event, kind string
		up, down    int
	}
	by := map[[2]string]*line{}
	up, down := 0, 0
	for k, n := range fb.counts {
		l := by[[2]string{k.event, k.kind}]
		if l == nil {
			l = &line{event: k.event, kind: k.kind}
			by[[2]string{k.event, k.kind}] = l
		}
		if k.vote == voteUp {
			l.up, up = l.up+n, up+n
		} else {
			l.down, down = l.down+n, down+n
		}
	}
	fb.mu.Unlock()
	if up+down == 0 {
		return &discordgo.MessageEmbedField{Name: tx.feedbackF, Value: tx.noFeedback}
	}
	lines := make([]*line, 0, len(by))
	for _, l := range by {
		lines = append(lines, l)
	}
	sort.Slice(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		if a.down != b.down {
			return a.down > b.down
		}
		if a.up != b.up {
			return a.up > b.up
		}
		return a.event+"|"+a.kind < b.event+"|"+b.kind
	})
	out := []string{fmt.Sprintf("👍 %d · 👎 %d", up, down)}
	for _, l := range lines {
		out = append(out, fmt.Sprintf("%s · %s: 👍 %d · 👎 %d", discordmd.Escape(l.event), l.kind, l.up, l.down))
	}
	return &discordgo.MessageEmbedField{Name: tx.feedbackF, Value: joinFit(out, maxFieldValue)}
}
