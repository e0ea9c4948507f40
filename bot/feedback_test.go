package bot

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/discordtest"
)

// votesObserver records the votes the bot reports (FeedbackObserver) on
// top of what countingObserver counts.
type votesObserver struct {
	countingObserver
	mu    sync.Mutex
	votes []string // "vote event kind"
}

func (o *votesObserver) Feedback(vote, event, kind string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.votes = append(o.votes, vote+" "+event+" "+kind)
}

func (o *votesObserver) got() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.votes)
}

// The kinds a button may carry, as literals: the oracle must not move
// with answerKinds.
var wantKinds = []string{"when", "where", "who", "what", "outcome", "why", "next", "asked", "general", "none"}

func TestFeedbackRoundTrip(t *testing.T) {
	for _, f := range []feedbackState{
		{Up: true, Event: "hanoi", Kind: "why", Question: "Why did the Hanoi summit fail?"},
		{Event: "singapore", Kind: "where", Question: "a|b|c | d"},
		{Up: true, Kind: "none", Question: "Who won the 2020 Super Bowl?"},
		{Event: "dmz", Kind: "when", Question: "트럼프는 언제 판문점에 갔나요?"},
		{Up: true, Event: "0-x_y", Kind: "general", Question: "🙂 emoji 🙂"},
	} {
		id, ok := f.encode()
		if !ok {
			t.Fatalf("%+v does not encode", f)
		}
		got, err := decodeFeedback(id)
		if err != nil || got != f {
			t.Errorf("%q: got %+v, %v; want %+v", id, got, err, f)
		}
		if n := utf16Units(id); n > discordCustomID {
			t.Errorf("%q: %d UTF-16 units", id, n)
		}
	}
	for _, k := range wantKinds {
		if _, ok := (feedbackState{Kind: k, Question: "q"}).encode(); !ok {
			t.Errorf("kind %q does not encode", k)
		}
	}
	for _, bad := range []feedbackState{
		{Kind: "how", Question: "q"},
		{Event: "Hanoi", Kind: "why", Question: "q"},
		{Event: strings.Repeat("e", 33), Kind: "why", Question: "q"},
		{Kind: "why", Question: " \n "},
	} {
		if id, ok := bad.encode(); ok {
			t.Errorf("%+v encodes to %q", bad, id)
		}
	}
}

// The longest event id and kind with the longest questions, in every
// script: the custom_id fits in Discord's 100 UTF-16 units, keeps as much
// of the question as fits, cut with "…", and decodes.
func TestFeedbackLongestFits(t *testing.T) {
	event := strings.Repeat("e", 32) // the catalogue's longest id
	for _, q := range []string{
		strings.Repeat("why ", 75),
		strings.Repeat("하노이 회담은 왜 결렬됐나요 ", 30),
		strings.Repeat("🙂", 300),
		"a" + strings.Repeat("🙂", 299),
	} {
		q = questionText(q) // what /ask keeps of a question
		for _, kind := range []string{"general", "outcome"} {
			id, ok := feedbackState{Up: true, Event: event, Kind: kind, Question: q}.encode()
			if !ok {
				t.Fatalf("%.20q does not encode", q)
			}
			if n := utf16Units(id); n > discordCustomID || n < discordCustomID-2 {
				t.Errorf("%q: %d UTF-16 units, want the most that fits in %d", id, n, discordCustomID)
			}
			f, err := decodeFeedback(id)
			if err != nil {
				t.Fatalf("%q: %v", id, err)
			}
			if !strings.HasSuffix(f.Question, "…") || !strings.HasPrefix(q, strings.TrimSuffix(f.Question, "…")) || !utf8.ValidString(f.Question) {
				t.Errorf("%q: the question is not a cut of %.30q", f.Question, q)
			}
		}
	}
}

func TestFeedbackRejectsForgedIDs(t *testing.T) {
	obs := &votesObserver{}
	b := New(newFake(), Options{Now: fixedNow, Burst: 1000, Observer: obs})
	for _, id := range []string{
		"", "fb", "fb1", "fb1|u||none", "fb2|u||none|q", "fb|u||none|q", "fb1 |u||none|q",
		"fb1|x||none|q", "fb1|U||none|q", "fb1|up||none|q",
		"fb1|u||how|q", "fb1|u||NONE|q", "fb1|u|||q", "fb1|u|hanoi|why |q", // a kind outside the set
		"fb1|u|Hanoi|why|q", "fb1|u|-hanoi|why|q", "fb1|u|ha noi|why|q", "fb1|u|" + strings.Repeat("e", 33) + "|why|q",
		"fb1|u|a|b|why|q", // a '|' in the event shifts the fields
		"fb1|u|hanoi|why|", "fb1|u|hanoi|why| q", "fb1|u|hanoi|why|q ", "fb1|u|hanoi|why|a  b", "fb1|u|hanoi|why|a\nb",
		"fb1|u|hanoi|why|a\tb", "fb1|u|hanoi|why|\xff", "fb1|u|hanoi|why|a\u0085b",
		"fb1|u|hanoi|why|" + strings.Repeat("q", 90),               // over 100 characters
		"fb1|u|hanoi|why|" + strings.Repeat("🙂", 43),               // 59 runes, 102 UTF-16 units
		"fb1|u||none|a <@1> b", "fb1|u|hanoi|why|did @everyone go", // encode strips Discord's tokens from questions
		"fb1|u|hanoi|why|Why did\u200b the Hanoi summit fail?", // and format characters
	} {
		if f, err := decodeFeedback(id); err == nil {
			t.Errorf("%q decodes to %+v", id, f)
		}
		resp := roundTrip(t, b.Handle(context.Background(), ClickInteraction(id, SimOptions{})))
		if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 ||
			!strings.Contains(resp.Data.Content, "This button is no longer valid") {
			t.Errorf("%q: want the friendly private error, got type %d %+v", id, resp.Type, resp.Data)
		}
	}
	if v := obs.got(); len(v) != 0 {
		t.Errorf("forged ids were counted: %v", v)
	}
	if lines := b.fb.field(english).Value; lines != english.noFeedback {
		t.Errorf("forged ids reached the stats: %q", lines)
	}
}

func FuzzDecodeFeedback(f *testing.F) {
	for _, s := range []string{
		"fb1|u|hanoi|why|Why did the Hanoi summit fail?", "fb1|d||none|q", "fb1|u|atlantis|general|a|b",
		"fb1|d|dmz|when|트럼프는 언제?", "fb1|u||none|🙂…", "fb1|u||how|q", "pg1|s|1|0||q",
	} {
		f.Add(s)
	}
	cat := newFake().Catalogue()
	ids := cat.IDs()
	f.Fuzz(func(t *testing.T, id string) {
		st, err := decodeFeedback(id)
		if err != nil {
			return
		}
		again, ok := st.encode()
		if !ok || again != id {
			t.Fatalf("%q decodes to %+v which encodes to %q", id, st, again)
		}
		// Whatever is accepted, the metric labels stay in fixed sets.
		vote, event, kind := st.labels(cat)
		if vote != "up" && vote != "down" || !slices.Contains(wantKinds, kind) ||
			event != "none" && event != "other" && !slices.Contains(ids, event) {
			t.Fatalf("%q: labels %q %q %q out of bounds", id, vote, event, kind)
		}
	})
}

// clickOn is the click of the button labelled label under resp's answer,
// by user, with the clicked message as Discord sends it (id, embeds).
func clickOn(t *testing.T, resp *discordgo.InteractionResponse, label, user, messageID string, o SimOptions) *discordgo.Interaction {
	t.Helper()
	i := ClickInteraction(buttonID(t, resp, label), o)
	i.Member.User = &discordgo.User{ID: user}
	if messageID != "" {
		i.Message = &discordgo.Message{ID: messageID, Embeds: resp.Data.Embeds, Flags: resp.Data.Flags}
	}
	return i
}

func TestFeedbackButtons(t *testing.T) {
	b, _ := newTestBot(t, newFake())
	for _, tt := range []struct {
		line, locale string
		up, down     string // the buttons' custom_ids
	}{
		{"/ask question:Why did the Hanoi summit fail?", "", "fb1|u|hanoi|why|Why did the Hanoi summit fail?", "fb1|d|hanoi|why|Why did the Hanoi summit fail?"},
		{"/ask question:Who won the 2020 Super Bowl?", "", "fb1|u||none|Who won the 2020 Super Bowl?", "fb1|d||none|Who won the 2020 Super Bowl?"},
		{"/ask question:Where was the Singapore summit? hide:true", "ko", "fb1|u|singapore|where|Where was the Singapore summit?", "fb1|d|singapore|where|Where was the Singapore summit?"},
	} {
		resp := simulate(t, b, tt.line, SimOptions{Locale: tt.locale})
		up, down := english.helpful, english.notHelpful
		if tt.locale == "ko" {
			up, down = korean.helpful, korean.notHelpful
		}
		if got := buttonID(t, resp, up); got != tt.up {
			t.Errorf("%s: 👍 %q, want %q", tt.line, got, tt.up)
		}
		if got := buttonID(t, resp, down); got != tt.down {
			t.Errorf("%s: 👎 %q, want %q", tt.line, got, tt.down)
		}
		if e := button(t, resp, up).Emoji; e == nil || e.Name != "👍" {
			t.Errorf("%s: the 👍 button's emoji is %+v", tt.line, e)
		}
		if e := button(t, resp, down).Emoji; e == nil || e.Name != "👎" {
			t.Errorf("%s: the 👎 button's emoji is %+v", tt.line, e)
		}
	}
}

func TestFeedbackClick(t *testing.T) {
	obs := &votesObserver{}
	logs, log := newLogSink()
	b := New(newFake(), Options{Version: "test", Now: fixedNow, Burst: 1000, Observer: obs, Logger: log})
	why := simulate(t, b, "/ask question:Why did the *Hanoi* summit fail? <@123>", SimOptions{})
	none := simulate(t, b, "/ask question:Who won the 2020 Super Bowl?", SimOptions{})

	tests := []struct {
		name  string
		click *discordgo.Interaction
		vote  string // what the observer is told; "" for nothing
		log   []string
	}{
		{"up", clickOn(t, why, "Helpful", "501", "801", SimOptions{}), "up hanoi why",
			[]string{`msg="answer feedback" vote=up event=hanoi kind=why question="Why did the *Hanoi* summit fail?" question_from=message counted=true`, "message=801"}},
		{"again", clickOn(t, why, "Helpful", "501", "801", SimOptions{}), "",
			[]string{"vote=up event=hanoi kind=why", "counted=false"}},
		{"a change of mind", clickOn(t, why, "Not helpful", "501", "801", SimOptions{}), "",
			[]string{"vote=down event=hanoi kind=why", "counted=false"}},
		{"another user", clickOn(t, why, "Not helpful", "502", "801", SimOptions{}), "down hanoi why",
			[]string{"vote=down event=hanoi kind=why", "counted=true"}},
		{"not answered, without the message", clickOn(t, none, "Not helpful", "501", "", SimOptions{}), "down none none",
			[]string{`vote=down event=none kind=none question="Who won the 2020 Super Bowl?" question_from=button counted=true`}},
		{"an event since dropped", ClickInteraction("fb1|d|atlantis|general|where is atlantis", SimOptions{}), "down other general",
			[]string{"vote=down event=other kind=general", "event_id=atlantis"}},
	}
	var want []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := roundTrip(t, b.Handle(context.Background(), tt.click))
			if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 ||
				resp.Data.Content != "Thanks — noted." || len(resp.Data.Embeds) != 0 || len(resp.Data.Components) != 0 {
				t.Errorf("want a private thanks as a new message (type 4, flags 64), got type %d %+v", resp.Type, resp.Data)
			}
			if tt.vote != "" {
				want = append(want, tt.vote)
			}
			if got := obs.got(); !slices.Equal(got, want) {
				t.Errorf("votes counted %q, want %q", got, want)
			}
			logs.wait(t, 0, tt.log...)
		})
	}
	if !strings.Contains(logs.String(), "cmd=feedback") || strings.Contains(logs.String(), "cmd=button") {
		t.Errorf("a vote's interaction is logged as cmd=feedback, apart from page clicks:\n%s", logs)
	}
}

func TestFeedbackReplies(t *testing.T) {
	for _, tt := range []struct {
		name, locale string
		label        string
	}{
		{"feedback-thanks", "", "Helpful"},
		{"ko-feedback-thanks", "ko", "도움이 안 됐어요"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, newFake())
			o := SimOptions{Locale: tt.locale}
			ans := simulate(t, b, "/ask question:Why did the Hanoi summit fail?", o)
			golden(t, tt.name, roundTrip(t, b.Handle(context.Background(), clickOn(t, ans, tt.label, "501", "801", o))))
		})
	}

	// /summitadmin stats shows the votes since start, the most voted down
	// first, in both languages.
	b, _ := newTestBot(t, newFake())
	why := simulate(t, b, "/ask question:Why did the Hanoi summit fail?", SimOptions{})
	when := simulate(t, b, "/ask question:when did trump cross into north korea", SimOptions{})
	none := simulate(t, b, "/ask question:Who won the 2020 Super Bowl?", SimOptions{})
	for _, c := range []*discordgo.Interaction{
		clickOn(t, why, "Helpful", "501", "801", SimOptions{}),
		clickOn(t, why, "Helpful", "501", "801", SimOptions{}), // counted once
		clickOn(t, why, "Not helpful", "502", "801", SimOptions{}),
		clickOn(t, when, "Helpful", "501", "802", SimOptions{}),
		clickOn(t, none, "Not helpful", "501", "803", SimOptions{}),
		clickOn(t, none, "Not helpful", "502", "803", SimOptions{}),
	} {
		roundTrip(t, b.Handle(context.Background(), c))
	}
	stats := simulate(t, b, "/summitadmin stats", SimOptions{Admin: true})
	golden(t, "admin-stats-feedback", stats)
	field := stats.Data.Embeds[0].Fields[len(stats.Data.Embeds[0].Fields)-1]
	if field.Name != "Answer feedback since start" || !strings.HasPrefix(field.Value, "👍 2 · 👎 3\nnone · none: 👍 0 · 👎 2\n") {
		t.Errorf("stats field %q: %q", field.Name, field.Value)
	}
	golden(t, "ko-admin-stats-feedback", simulate(t, b, "/summitadmin stats", SimOptions{Admin: true, Locale: "ko"}))
}

// TestMentionFeedbackButtons: a mention's answer carries the buttons too,
// in a reply that still pings nobody; its payload is checked against
// Discord's limits and the OpenAPI spec, and kept as a golden file (out
// of testdata/golden, whose files are interaction callbacks).
func TestMentionFeedbackButtons(t *testing.T) {
	b, _ := newTestBot(t, newFake())
	const botID = "900000000000000001"
	m := &discordgo.Message{ID: "800000000000000001", ChannelID: "700000000000000001", GuildID: "600000000000000001",
		Content: "<@" + botID + "> why did Hanoi fail? @everyone", Author: &discordgo.User{ID: "500000000000000001"},
		Mentions: []*discordgo.User{{ID: botID, Bot: true}}}
	reply := b.answerMessage(context.Background(), m, botID, discordgo.EnglishUS)
	if reply == nil {
		t.Fatal("no reply")
	}
	if reply.AllowedMentions == nil || reply.AllowedMentions.Parse == nil || len(reply.AllowedMentions.Parse) != 0 || reply.AllowedMentions.RepliedUser {
		t.Errorf("the reply must ping nobody: %+v", reply.AllowedMentions)
	}
	resp := &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{Content: reply.Content, Embeds: reply.Embeds,
		Components: reply.Components, AllowedMentions: reply.AllowedMentions}}
	checkLimits(t, resp)
	if got := buttonID(t, resp, "Not helpful"); got != "fb1|d|hanoi|why|why did Hanoi fail?" {
		t.Errorf("👎 %q", got)
	}
	body, err := json.MarshalIndent(reply, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	goldenFile(t, filepath.Join("testdata", "golden-messages", "mention-ask.json"), append(body, '\n'))
	if spec := discordtest.SpecOrSkip(t); spec != nil {
		if err := spec.ValidateRequest("POST", "/channels/1/messages", body); err != nil {
			t.Errorf("reply payload: %v", err)
		}
	}
	// A click on it is thanked privately, with the question of the reply.
	logs, log := newLogSink()
	b2 := New(newFake(), Options{Now: fixedNow, Burst: 1000, Logger: log})
	click := clickOn(t, resp, "Helpful", "501", "801", SimOptions{})
	if got := roundTrip(t, b2.Handle(context.Background(), click)); got.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || got.Type != 4 {
		t.Errorf("thanks: type %d flags %d", got.Type, got.Data.Flags)
	}
	logs.wait(t, 0, `question="why did Hanoi fail?" question_from=message`)
}

// messageQuestion prefers the clicked message's title, un-escaped, and
// only when it is the answer the button was made for.
func TestMessageQuestion(t *testing.T) {
	msg := func(title string) *discordgo.Message {
		return &discordgo.Message{Embeds: []*discordgo.MessageEmbed{{Title: title}}}
	}
	long := strings.Repeat("why did it fail ", 12)
	long = long[:len(long)-1]
	fromButton, _ := feedbackState{Kind: "why", Question: long}.encode()
	fb, _ := decodeFeedback(fromButton)
	for _, tt := range []struct {
		name   string
		m      *discordgo.Message
		button string
		want   string
		ok     bool
	}{
		{"escaped", msg("❓ " + escapeCut("a *b* (c)", 200)), "a *b* (c)", "a *b* (c)", true},
		// an answer made before questions lost their tokens
		{"tokens", msg("❓ " + escapeCut("a *b* <@1> @everyone", 200)), "a *b*", "a *b*", true},
		{"longer than the button's", msg("❓ " + escapeCut(long, 200)), fb.Question, long, true},
		{"another answer", msg("❓ something else"), "a question", "", false},
		{"not an answer", msg("Passages about Hanoi"), "a question", "", false},
		{"no embed", &discordgo.Message{}, "q", "", false},
		{"no message", nil, "q", "", false},
	} {
		got, ok := messageQuestion(tt.m, tt.button)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: got %q %v, want %q %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

// A vote's answer is private, and so is its deferral: a private type 5
// (then an edit of that new message), never a type 6, whose edit would
// overwrite the public answer. A page still defers as an update.
func TestFeedbackDeferral(t *testing.T) {
	b, _ := newTestBot(t, newFake())
	for _, tt := range []struct {
		id      string
		typ     discordgo.InteractionResponseType
		private bool
	}{
		{"fb1|u|hanoi|why|Why did the Hanoi summit fail?", discordgo.InteractionResponseDeferredChannelMessageWithSource, true},
		{"fb9|u|hanoi|why|q", discordgo.InteractionResponseDeferredChannelMessageWithSource, true},
		{"nonsense", discordgo.InteractionResponseDeferredChannelMessageWithSource, true},
		{"pg1|s|1|0||sanctions", discordgo.InteractionResponseDeferredMessageUpdate, false},
		{"pg1|s|1|1||sanctions", discordgo.InteractionResponseDeferredMessageUpdate, true},
	} {
		i := ClickInteraction(tt.id, SimOptions{})
		d := deferral(i, b.private(i))
		if d.Type != tt.typ {
			t.Errorf("%q: deferral type %d, want %d", tt.id, d.Type, tt.typ)
		}
		if tt.typ == discordgo.InteractionResponseDeferredChannelMessageWithSource && (d.Data == nil || d.Data.Flags&discordgo.MessageFlagsEphemeral == 0) {
			t.Errorf("%q: the deferral must be private: %+v", tt.id, d.Data)
		}
		if b.private(i) != tt.private {
			t.Errorf("%q: private %v, want %v", tt.id, b.private(i), tt.private)
		}
	}
}

func TestFeedbackBookForgetsOldest(t *testing.T) {
	fb := feedbackBook{limit: 2}
	k := feedbackKey{"up", "hanoi", "why"}
	for _, tt := range []struct {
		voter string
		want  bool
	}{{"a", true}, {"a", false}, {"b", true}, {"c", true}, {"b", false}, {"a", true}, {"c", false}} {
		if got := fb.vote(tt.voter, k); got != tt.want {
			t.Errorf("vote of %s: counted %v, want %v", tt.voter, got, tt.want)
		}
	}
	if len(fb.seen) > 2 || len(fb.order) > 2 || fb.counts[k] != 4 {
		t.Errorf("seen %d, order %d, count %d", len(fb.seen), len(fb.order), fb.counts[k])
	}
}

// heldCatalogue is a searcher whose Catalogue waits for the test once
// held: a vote (which reads only the catalogue) is then late by
// construction.
type heldCatalogue struct {
	*fakeSearcher
	hold chan struct{}
}

func (h heldCatalogue) Catalogue() *corpus.Catalogue {
	<-h.hold
	return h.fakeSearcher.Catalogue()
}

// A slow vote is deferred privately (type 5, flags 64), and the thanks
// then edits that deferred message: the public answer is never updated.
func TestGatewayDefersVotesPrivately(t *testing.T) {
	h := heldCatalogue{newFake(), make(chan struct{})}
	release := sync.OnceFunc(func() { close(h.hold) })
	t.Cleanup(release) // should the test end early
	fake, _ := startGateway(t, h, 50*time.Millisecond, Options{})
	dispatch(t, fake, ClickInteraction("fb1|u|hanoi|why|Why did the Hanoi summit fail?", SimOptions{}), "200000000000000101")
	cb := fake.WaitRequest(t, 5*time.Second, callbackOf("200000000000000101"))
	if typ, flags := deferralOf(t, cb.Body); typ != 5 || flags&64 == 0 {
		t.Errorf("slow vote: want a private deferral (type 5, flags 64), got %s", cb.Body)
	}
	release()
	edit := fake.WaitRequest(t, 5*time.Second, editOf("200000000000000101"))
	if !strings.Contains(string(edit.Body), `"content":"Thanks — noted."`) {
		t.Errorf("the edit of the deferred message carries the thanks: %s", edit.Body)
	}
	if spec := discordtest.SpecOrSkip(t); spec != nil {
		if n := spec.ValidateAll(t, fake.Requests()); n < 2 {
			t.Errorf("validated only %d payloads", n)
		}
	}
}

// Votes are rate-limited per user like any click; a refused vote is not
// counted.
func TestFeedbackRateLimited(t *testing.T) {
	obs := &votesObserver{}
	b := New(newFake(), Options{Now: fixedNow, Rate: 1, Burst: 2, Observer: obs})
	ans := simulate(t, b, "/ask question:Why did the Hanoi summit fail?", SimOptions{})
	first := roundTrip(t, b.Handle(context.Background(), clickOn(t, ans, "Helpful", "100000000000000003", "801", SimOptions{})))
	second := roundTrip(t, b.Handle(context.Background(), clickOn(t, ans, "Helpful", "100000000000000003", "802", SimOptions{})))
	if first.Data.Content != "Thanks — noted." || !strings.Contains(second.Data.Content, "a little fast") || second.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("first %q, second %q", first.Data.Content, second.Data.Content)
	}
	if got := obs.got(); !slices.Equal(got, []string{"up hanoi why"}) {
		t.Errorf("counted %q", got)
	}
}
