package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/discordtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var fixedNow = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }

func newTestBot(t *testing.T, s Searcher) (*Bot, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	b := New(s, Options{Version: "test", Now: fixedNow, Logger: slog.New(slog.NewTextHandler(&logs, nil)), Burst: 1000})
	return b, &logs
}

// simulate runs a command line through the bot.
func simulate(t *testing.T, b *Bot, line string, o SimOptions) *discordgo.InteractionResponse {
	t.Helper()
	i, err := ParseCommandLine(line, o)
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	return roundTrip(t, b.Handle(context.Background(), i))
}

// roundTrip checks resp against Discord's limits, marshals it to JSON as
// the wire does, decodes that JSON back into a discordgo.InteractionResponse
// and returns the decoded one: callers see what Discord would receive. The
// decoded response must marshal to the same bytes, so nothing is lost.
func roundTrip(t *testing.T, resp *discordgo.InteractionResponse) *discordgo.InteractionResponse {
	t.Helper()
	checkLimits(t, resp)
	body, err := json.Marshal(resp)
	if err != nil {
		t.Fatalf("response does not marshal: %v", err)
	}
	got, err := decodeResponse(body)
	if err != nil {
		t.Fatalf("response does not unmarshal: %v\n%s", err, body)
	}
	again, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("decoded response does not marshal: %v", err)
	}
	if !bytes.Equal(again, body) {
		t.Fatalf("the response changed on its way through JSON:\nsent    %s\ndecoded %s", body, again)
	}
	checkLimits(t, got)
	return got
}

// decodeResponse unmarshals an interaction response. discordgo cannot
// unmarshal InteractionResponseData by itself (its components are an
// interface), so they are decoded with discordgo.MessageComponentFromJSON.
func decodeResponse(body []byte) (*discordgo.InteractionResponse, error) {
	var wire struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data *struct {
			discordgo.InteractionResponseData
			Components []json.RawMessage `json:"components"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &wire); err != nil {
		return nil, err
	}
	resp := &discordgo.InteractionResponse{Type: wire.Type}
	if wire.Data == nil {
		return resp, nil
	}
	data := wire.Data.InteractionResponseData
	if wire.Data.Components != nil {
		data.Components = make([]discordgo.MessageComponent, 0, len(wire.Data.Components))
		for _, raw := range wire.Data.Components {
			c, err := discordgo.MessageComponentFromJSON(raw)
			if err != nil {
				return nil, err
			}
			data.Components = append(data.Components, c)
		}
	}
	resp.Data = &data
	return resp, nil
}

func TestRoundTripDecodes(t *testing.T) {
	b, _ := newTestBot(t, newFake())
	i, err := ParseCommandLine("/search query:sanctions", SimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sent := b.Handle(context.Background(), i)
	got := roundTrip(t, sent)
	if got == sent || got.Data == sent.Data {
		t.Fatal("roundTrip returned what it was given, not what it decoded")
	}
	if _, ok := got.Data.Components[0].(*discordgo.ActionsRow); !ok {
		t.Errorf("components are %T, want the *discordgo.ActionsRow discordgo decodes", got.Data.Components[0])
	}
	if got.Data.Embeds[0] == sent.Data.Embeds[0] || got.Data.Embeds[0].Title != sent.Data.Embeds[0].Title {
		t.Errorf("embeds not decoded afresh")
	}
}

var rawMention = regexp.MustCompile(`@(everyone|here)|<@[!&]?\d`)

// Discord's documented limits, as literals on purpose: the oracle must not
// move when bot/limits.go does. Lengths count characters (runes), not
// bytes; custom_id is counted in UTF-16 code units, the stricter count.
// https://discord.com/developers/docs/resources/message#embed-object-embed-limits,
// .../interactions/receiving-and-responding (autocomplete), .../components/reference.
const (
	discordContent     = 2000
	discordEmbeds      = 10
	discordEmbedTitle  = 256
	discordEmbedDesc   = 4096
	discordEmbedFields = 25
	discordFieldName   = 256
	discordFieldValue  = 1024
	discordFooter      = 2048
	discordAuthorName  = 256
	discordEmbedsTotal = 6000 // title, description, field names and values, footer text, author name, over all embeds
	discordChoices     = 25
	discordChoiceRunes = 100 // choice name and string value
	discordCustomID    = 100
	discordButtonLabel = 80
	discordActionRows  = 5
	discordRowButtons  = 5
)

func runes(s string) int { return utf8.RuneCountInString(s) }

// utf16Units counts what JavaScript counts, independently of utf16Len.
func utf16Units(s string) int { return len(utf16.Encode([]rune(s))) }

// checkLimits asserts every Discord limit and that nothing can ping.
func checkLimits(t testing.TB, resp *discordgo.InteractionResponse) {
	t.Helper()
	if resp == nil {
		t.Fatal("nil response")
	}
	d := resp.Data
	if d == nil {
		return
	}
	if resp.Type == discordgo.InteractionApplicationCommandAutocompleteResult {
		if len(d.Choices) > discordChoices {
			t.Errorf("%d choices, Discord takes at most %d", len(d.Choices), discordChoices)
		}
		for _, c := range d.Choices {
			if runes(c.Name) < 1 || runes(c.Name) > discordChoiceRunes {
				t.Errorf("choice name of %d runes: %q", runes(c.Name), c.Name)
			}
			switch v := c.Value.(type) {
			case string:
				if runes(v) > discordChoiceRunes {
					t.Errorf("choice value of %d runes: %q", runes(v), v)
				}
			case float64, int:
			default:
				t.Errorf("choice value %#v is neither a string nor a number", c.Value)
			}
		}
		return
	}
	if d.AllowedMentions == nil || d.AllowedMentions.Parse == nil || len(d.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions must parse nothing: %+v", d.AllowedMentions)
	}
	if runes(d.Content) > discordContent {
		t.Errorf("content %d runes, Discord takes at most %d", runes(d.Content), discordContent)
	}
	if rawMention.MatchString(d.Content) {
		t.Errorf("content can ping: %q", d.Content)
	}
	checkEmbeds(t, d.Embeds)
	rows := buttonRows(t, d.Components)
	if len(rows) > discordActionRows {
		t.Errorf("%d action rows, Discord takes at most %d", len(rows), discordActionRows)
	}
	for _, row := range rows {
		if len(row) > discordRowButtons {
			t.Errorf("%d buttons in a row, Discord takes at most %d", len(row), discordRowButtons)
		}
		for _, btn := range row {
			if runes(btn.Label) > discordButtonLabel {
				t.Errorf("button label of %d runes: %q", runes(btn.Label), btn.Label)
			}
			if n := utf16Units(btn.CustomID); n < 1 || n > discordCustomID {
				t.Errorf("custom_id of %d UTF-16 units: %q", n, btn.CustomID)
			}
		}
	}
}

// checkEmbeds asserts the embed limits of one message, counting the total
// itself rather than with embedsLength.
func checkEmbeds(t testing.TB, embeds []*discordgo.MessageEmbed) {
	t.Helper()
	if len(embeds) > discordEmbeds {
		t.Errorf("%d embeds, Discord takes at most %d", len(embeds), discordEmbeds)
	}
	total := 0
	for _, e := range embeds {
		texts := []string{e.Title, e.Description}
		if runes(e.Title) > discordEmbedTitle {
			t.Errorf("embed title %d runes", runes(e.Title))
		}
		if runes(e.Description) > discordEmbedDesc {
			t.Errorf("embed description %d runes", runes(e.Description))
		}
		if len(e.Fields) > discordEmbedFields {
			t.Errorf("%d fields in an embed", len(e.Fields))
		}
		for _, f := range e.Fields {
			texts = append(texts, f.Name, f.Value)
			if runes(f.Name) > discordFieldName || runes(f.Value) > discordFieldValue || f.Name == "" || f.Value == "" {
				t.Errorf("field out of limits: name %d runes, value %d runes", runes(f.Name), runes(f.Value))
			}
		}
		if e.Footer != nil {
			texts = append(texts, e.Footer.Text)
			if runes(e.Footer.Text) > discordFooter {
				t.Errorf("footer %d runes", runes(e.Footer.Text))
			}
		}
		if e.Author != nil {
			texts = append(texts, e.Author.Name)
			if runes(e.Author.Name) > discordAuthorName {
				t.Errorf("author name %d runes", runes(e.Author.Name))
			}
		}
		for _, s := range texts {
			total += runes(s)
			if rawMention.MatchString(s) {
				t.Errorf("embed text can ping: %q", s)
			}
		}
	}
	if total > discordEmbedsTotal {
		t.Errorf("embeds total %d runes, Discord takes at most %d", total, discordEmbedsTotal)
	}
}

// buttonRows returns the buttons of each action row, whether the
// components are values (as the bot builds them) or pointers (as
// discordgo decodes them).
func buttonRows(t testing.TB, comps []discordgo.MessageComponent) [][]discordgo.Button {
	t.Helper()
	var rows [][]discordgo.Button
	for _, c := range comps {
		var row discordgo.ActionsRow
		switch r := c.(type) {
		case discordgo.ActionsRow:
			row = r
		case *discordgo.ActionsRow:
			row = *r
		default:
			t.Fatalf("top-level component %T, want an action row", c)
		}
		var btns []discordgo.Button
		for _, c := range row.Components {
			switch b := c.(type) {
			case discordgo.Button:
				btns = append(btns, b)
			case *discordgo.Button:
				btns = append(btns, *b)
			default:
				t.Fatalf("component %T in an action row, want a button", c)
			}
		}
		rows = append(rows, btns)
	}
	return rows
}

// golden compares resp, as indented JSON, with testdata/golden/name.json.
func golden(t *testing.T, name string, resp *discordgo.InteractionResponse) {
	t.Helper()
	got, err := json.MarshalIndent(resp, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	goldenFile(t, filepath.Join("testdata", "golden", name+".json"), append(got, '\n'))
}

// goldenFile compares got with the file at path (-update rewrites it).
func goldenFile(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./bot -update rewrites it):\n%s", path, got)
	}
}

func TestGoldenReplies(t *testing.T) {
	tests := []struct {
		name string
		line string
		o    SimOptions
	}{
		{"summit-hanoi", "/summit event:hanoi", SimOptions{}},
		{"summit-alias-query-hidden", "/summit event:Panmunjom query:demarcation line hide:true", SimOptions{}},
		{"summit-unknown-event", "/summit event:atlantis", SimOptions{}},
		{"search", "/search query:sanctions relief", SimOptions{}},
		{"search-event", "/search query:sanctions event:vietnam", SimOptions{}},
		{"search-empty", "/search query:nothing at all", SimOptions{}},
		{"search-hidden", "/search query:love letters hide:true", SimOptions{}},
		{"search-mentions", "/search query:@everyone <@123> **x**", SimOptions{}},
		{"timeline", "/timeline", SimOptions{}},
		{"help", "/help", SimOptions{}},
		{"about", "/about", SimOptions{}},
		{"admin-stats", "/summitadmin stats", SimOptions{Admin: true}},
		{"admin-denied", "/summitadmin reindex", SimOptions{}},
		{"admin-dm", "/summitadmin stats", SimOptions{DM: true}},
		{"admin-reindex", "/summitadmin reindex", SimOptions{Admin: true}},
		{"autocomplete-event", "/summit event:han", SimOptions{Focus: "event"}},
		{"autocomplete-event-empty", "/search query:x event:", SimOptions{Focus: "event"}},
		{"autocomplete-query", "/search query:sanct", SimOptions{Focus: "query"}},
		{"autocomplete-query-empty", "/search query:", SimOptions{Focus: "query"}},
		{"ask-why-hanoi", "/ask question:Why did the Hanoi summit fail?", SimOptions{}},
		{"ask-when-dmz-hidden", "/ask question:when did trump cross into north korea hide:true", SimOptions{}},
		{"ask-unanswerable", "/ask question:Who won the 2020 Super Bowl?", SimOptions{}},
		{"ask-mentions", "/ask question:@everyone where was the singapore summit? <@123>", SimOptions{}},
		{"ko-ask", "/ask question:Where was the Singapore summit?", SimOptions{Locale: "ko"}},
		{"ko-summit", "/summit event:hanoi", SimOptions{Locale: "ko"}},
		{"ko-search", "/search query:sanctions", SimOptions{Locale: "ko"}},
		{"ko-timeline", "/timeline", SimOptions{Locale: "ko"}},
		{"ko-help", "/help", SimOptions{Locale: "ko"}},
		{"ko-unknown-event", "/summit event:atlantis", SimOptions{Locale: "ko"}},
		{"ko-autocomplete-event", "/summit event:", SimOptions{Locale: "ko", Focus: "event"}},
		{"ko-autocomplete-event-korean", "/summit event:하노", SimOptions{Locale: "ko", Focus: "event"}},
		{"ko-summit-korean-name", "/summit event:하노이", SimOptions{Locale: "ko"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := newTestBot(t, newFake())
			resp := simulate(t, b, tt.line, tt.o)
			if resp.Data != nil && resp.Data.Attachments != nil {
				// The PNG's size depends on the Go version's compressor; the
				// picture itself has its own tolerant golden test.
				for _, a := range *resp.Data.Attachments {
					if a.Size < 1000 {
						t.Errorf("attachment %s: %d bytes", a.Filename, a.Size)
					}
					a.Size = 0
				}
			}
			golden(t, tt.name, resp)
		})
	}
}

func TestPaging(t *testing.T) {
	b, _ := newTestBot(t, newFake())
	first := simulate(t, b, "/search query:sanctions hide:true", SimOptions{})
	next := buttonID(t, first, "Next ▶")
	if next != "pg1|s|1|1||sanctions" {
		t.Fatalf("next id %q", next)
	}
	// A second replica (a fresh bot) serves the click from the id alone.
	b2, _ := newTestBot(t, newFake())
	page2 := roundTrip(t, b2.Handle(context.Background(), ClickInteraction(next, SimOptions{})))
	if page2.Type != discordgo.InteractionResponseUpdateMessage {
		t.Fatalf("a page click updates the message, got type %d", page2.Type)
	}
	golden(t, "search-page2", page2)
	last := roundTrip(t, b2.Handle(context.Background(), ClickInteraction(buttonID(t, page2, "Next ▶"), SimOptions{})))
	if !buttonDisabled(t, last, "Next ▶") || buttonDisabled(t, last, "◀ Prev") {
		t.Errorf("on the last page Next is disabled and Prev enabled")
	}
	back := roundTrip(t, b2.Handle(context.Background(), ClickInteraction(buttonID(t, last, "◀ Prev"), SimOptions{})))
	if !strings.Contains(back.Data.Embeds[0].Footer.Text, "Page 2 of 3") {
		t.Errorf("prev from page 3: %q", back.Data.Embeds[0].Footer.Text)
	}

	summit := simulate(t, b, "/summit event:hanoi query:sanctions", SimOptions{})
	p2 := roundTrip(t, b.Handle(context.Background(), ClickInteraction(buttonID(t, summit, "Next ▶"), SimOptions{})))
	if len(p2.Data.Embeds) != 2 || !strings.Contains(p2.Data.Embeds[1].Footer.Text, "Page 2") {
		t.Errorf("summit page 2 keeps the card and shows page 2")
	}
}

func TestForgedAndStaleButtons(t *testing.T) {
	b, logs := newTestBot(t, newFake())
	for _, id := range []string{
		"", "x", "pg1", "pg2|s|1|0||q", "pg1|x|1|0||q", "pg1|s|-1|0||q", "pg1|s|01|0||q", "pg1|s|100|0||q",
		"pg1|s|1|2||q", "pg1|s|1|0||", "pg1|m|1|0||q", "pg1|m|1|0|atlantis|", "pg-none-next",
		"pg1|s|1|0||" + strings.Repeat("q", 120),
		"pg1|s|50|0||sanctions", // stale: the results no longer reach page 51
	} {
		resp := roundTrip(t, b.Handle(context.Background(), ClickInteraction(id, SimOptions{})))
		if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 ||
			!strings.Contains(resp.Data.Content, "Run the command again") {
			t.Errorf("%q: want a friendly ephemeral error, got %+v", id, resp.Data)
		}
	}
	if !strings.Contains(logs.String(), "outcome=user_error") {
		t.Errorf("forged ids are logged:\n%s", logs)
	}
}

func TestErrorsAreFriendlyAndLogged(t *testing.T) {
	f := newFake()
	f.err = context.Canceled
	b, logs := newTestBot(t, f)
	resp := simulate(t, b, "/search query:sanctions", SimOptions{})
	if resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(resp.Data.Content, "something went wrong") || strings.Contains(resp.Data.Content, "canceled") {
		t.Errorf("internal errors are ephemeral and generic: %q", resp.Data.Content)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "context canceled") || !strings.Contains(logs.String(), "cmd=search") {
		t.Errorf("operators get the full error:\n%s", logs)
	}

	f = newFake()
	f.panic = true
	b, logs = newTestBot(t, f)
	resp = simulate(t, b, "/search query:sanctions", SimOptions{})
	if !strings.Contains(resp.Data.Content, "something went wrong") || !strings.Contains(logs.String(), "outcome=panic") || !strings.Contains(logs.String(), "search exploded") {
		t.Errorf("a panic becomes a friendly answer and a log line: %q\n%s", resp.Data.Content, logs)
	}

	f = newFake()
	f.delay = time.Second
	b = New(f, Options{Now: fixedNow, Timeout: 20 * time.Millisecond})
	resp = simulate(t, b, "/search query:sanctions", SimOptions{})
	if !strings.Contains(resp.Data.Content, "took too long") {
		t.Errorf("deadline: %q", resp.Data.Content)
	}

	// Unknown commands, missing and wrong-typed options.
	b, _ = newTestBot(t, newFake())
	for _, i := range []*discordgo.Interaction{
		{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{Name: "frobnicate"}},
		{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{Name: "summit"}},
		{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{Name: "search", Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "query", Value: 42.0}}}},
		{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{Name: "summitadmin"}, GuildID: "1", Member: &discordgo.Member{Permissions: discordgo.PermissionAdministrator}},
		{Type: discordgo.InteractionModalSubmit, Data: discordgo.ModalSubmitInteractionData{CustomID: "x"}},
	} {
		resp := roundTrip(t, b.Handle(context.Background(), i))
		if resp.Data == nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || resp.Data.Content == "" {
			t.Errorf("%+v: want a friendly ephemeral answer, got %+v", i.Data, resp.Data)
		}
	}
}

func TestRateLimit(t *testing.T) {
	now := fixedNow()
	clock := func() time.Time { return now }
	b := New(newFake(), Options{Now: clock, Rate: 1, Burst: 2})
	for n := 0; n < 2; n++ {
		if resp := simulate(t, b, "/search query:sanctions", SimOptions{}); resp.Data.Content != "" {
			t.Fatalf("request %d refused: %q", n, resp.Data.Content)
		}
	}
	resp := simulate(t, b, "/search query:sanctions", SimOptions{})
	if resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(resp.Data.Content, "a little fast") {
		t.Errorf("third request: %q", resp.Data.Content)
	}
	// Autocomplete is never limited.
	if resp := simulate(t, b, "/search query:san", SimOptions{Focus: "query"}); resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		t.Errorf("autocomplete limited")
	}
	now = now.Add(2 * time.Second)
	if resp := simulate(t, b, "/search query:sanctions", SimOptions{}); resp.Data.Content != "" {
		t.Errorf("after waiting: %q", resp.Data.Content)
	}
}

func TestAdminPermissionCheckedServerSide(t *testing.T) {
	f := newFake()
	b, _ := newTestBot(t, f)
	simulate(t, b, "/summitadmin reindex", SimOptions{})
	simulate(t, b, "/summitadmin reindex", SimOptions{DM: true})
	if f.reindexN != 0 {
		t.Fatal("reindex ran without permission")
	}
	simulate(t, b, "/summitadmin reindex", SimOptions{Admin: true})
	if f.reindexN != 1 {
		t.Fatal("reindex did not run for a moderator")
	}
}

func TestCommandDefinitions(t *testing.T) {
	name := regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)
	var check func(opts []*discordgo.ApplicationCommandOption)
	check = func(opts []*discordgo.ApplicationCommandOption) {
		if len(opts) > 25 {
			t.Errorf("%d options", len(opts))
		}
		for _, o := range opts {
			if !name.MatchString(o.Name) || strings.ToLower(o.Name) != o.Name {
				t.Errorf("option name %q", o.Name)
			}
			if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
				t.Errorf("option %s description %d runes", o.Name, n)
			}
			if d := o.DescriptionLocalizations[discordgo.Korean]; utf8.RuneCountInString(d) < 1 || utf8.RuneCountInString(d) > 100 {
				t.Errorf("option %s: Korean description %q", o.Name, d)
			}
			check(o.Options)
		}
	}
	// A message command's name may have capitals and spaces; it has no
	// description and no options (Discord's documented rules for USER and
	// MESSAGE commands), and its Korean name is 1 to 32 runes.
	menuName := regexp.MustCompile(`^[-_ \p{L}\p{N}]{1,32}$`)
	for _, c := range Commands(nil) {
		if c.Type == 3 {
			if !menuName.MatchString(c.Name) || c.Description != "" || c.DescriptionLocalizations != nil || len(c.Options) != 0 {
				t.Errorf("message command %q: description %q, %d options", c.Name, c.Description, len(c.Options))
			}
			if c.NameLocalizations == nil || !menuName.MatchString((*c.NameLocalizations)[discordgo.Korean]) {
				t.Errorf("message command %q: Korean name %v", c.Name, c.NameLocalizations)
			}
			continue
		}
		if !name.MatchString(c.Name) || strings.ToLower(c.Name) != c.Name {
			t.Errorf("command name %q", c.Name)
		}
		if n := utf8.RuneCountInString(c.Description); n < 1 || n > 100 {
			t.Errorf("command %s description %d runes", c.Name, n)
		}
		if c.DescriptionLocalizations == nil {
			t.Errorf("command %s has no Korean description", c.Name)
		} else if d := (*c.DescriptionLocalizations)[discordgo.Korean]; utf8.RuneCountInString(d) < 1 || utf8.RuneCountInString(d) > 100 {
			t.Errorf("command %s: Korean description %q", c.Name, d)
		}
		check(c.Options)
	}
	// The longest possible page state fits in a custom_id.
	p := pageState{Command: cmdSummit, Page: maxPage, Hide: true, Event: strings.Repeat("e", 32), Query: strings.Repeat("q", maxQueryRunes)}
	if _, ok := p.encode(); !ok {
		t.Errorf("the longest page state does not fit in a custom_id")
	}
}

func buttonID(t *testing.T, resp *discordgo.InteractionResponse, label string) string {
	t.Helper()
	return button(t, resp, label).CustomID
}

func buttonDisabled(t *testing.T, resp *discordgo.InteractionResponse, label string) bool {
	t.Helper()
	return button(t, resp, label).Disabled
}

func button(t *testing.T, resp *discordgo.InteractionResponse, label string) discordgo.Button {
	t.Helper()
	for _, row := range buttonRows(t, resp.Data.Components) {
		for _, b := range row {
			if b.Label == label {
				return b
			}
		}
	}
	t.Fatalf("no %q button", label)
	return discordgo.Button{}
}

func FuzzHandle(f *testing.F) {
	f.Add("sanctions relief", "hanoi", true, "pg1|s|1|0||q")
	f.Add("@everyone **x** <@1>", "", false, "")
	f.Add(strings.Repeat("é", 300), "vietnam", false, "pg1|m|2|1|hanoi|"+strings.Repeat("z", 80))
	f.Add("why", "hanoi", false, "fb1|u|hanoi|why|Why did the Hanoi summit fail?")
	b := New(newFake(), Options{Now: fixedNow, Burst: 1 << 30})
	f.Fuzz(func(t *testing.T, query, event string, hide bool, customID string) {
		opts := []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: "query", Type: discordgo.ApplicationCommandOptionString, Value: query},
			{Name: "event", Type: discordgo.ApplicationCommandOptionString, Value: event},
			{Name: "hide", Type: discordgo.ApplicationCommandOptionBoolean, Value: hide},
		}
		for _, name := range []string{"search", "summit"} {
			i := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{Name: name, Options: opts}}
			checkLimits(t, b.Handle(context.Background(), i))
			opts[0].Focused = true
			a := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommandAutocomplete, Data: discordgo.ApplicationCommandInteractionData{Name: name, Options: opts}}
			checkLimits(t, b.Handle(context.Background(), a))
			opts[0].Focused = false
		}
		checkLimits(t, b.Handle(context.Background(), ClickInteraction(customID, SimOptions{})))
	})
}

// TestGoldenRepliesMatchSpec validates every golden reply as the body of an
// interaction callback, and the command definitions as a registration.
func TestGoldenRepliesMatchSpec(t *testing.T) {
	spec := discordtest.SpecOrSkip(t)
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	if err != nil || len(files) < 10 {
		t.Fatalf("golden files: %v %d", err, len(files))
	}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := spec.ValidateRequest("POST", "/interactions/1/tok/callback", body); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	cmds, err := json.Marshal(Commands(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/applications/1/commands", "/applications/1/guilds/2/commands"} {
		if err := spec.ValidateRequest("PUT", path, cmds); err != nil {
			t.Errorf("PUT %s: %v", path, err)
		}
	}
}

func TestMentions(t *testing.T) {
	b, logs := newTestBot(t, newFake())
	const botID = "900000000000000001"
	msg := func(content string, author *discordgo.User, mentions ...*discordgo.User) *discordgo.Message {
		return &discordgo.Message{ID: "800000000000000001", ChannelID: "700000000000000001", GuildID: "600000000000000001",
			Content: content, Author: author, Mentions: mentions}
	}
	me := &discordgo.User{ID: botID, Bot: true}
	user := &discordgo.User{ID: "500000000000000001"}
	other := &discordgo.User{ID: "500000000000000002"}

	reply := b.answerMessage(context.Background(), msg("<@"+botID+"> why did Hanoi fail? @everyone", user, me), botID, discordgo.EnglishUS)
	if reply == nil {
		t.Fatal("a mention with a question gets a reply")
	}
	if reply.Reference == nil || reply.Reference.MessageID != "800000000000000001" || reply.AllowedMentions == nil ||
		reply.AllowedMentions.Parse == nil || len(reply.AllowedMentions.Parse) != 0 || reply.AllowedMentions.RepliedUser {
		t.Errorf("a reply to the asking message that pings nobody, not even its author: %+v %+v", reply.Reference, reply.AllowedMentions)
	}
	if len(reply.Embeds) != 1 || !strings.Contains(reply.Embeds[0].Title, "why did Hanoi fail") || rawMention.MatchString(reply.Embeds[0].Title) {
		t.Errorf("reply embed: %+v", reply.Embeds)
	}
	checkLimits(t, &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{Content: reply.Content, Embeds: reply.Embeds, AllowedMentions: reply.AllowedMentions}})
	body, _ := json.Marshal(reply)
	if spec := discordtest.FindSpec(); spec != "" {
		sp, err := discordtest.LoadSpec(spec)
		if err != nil {
			t.Fatal(err)
		}
		if err := sp.ValidateRequest("POST", "/channels/1/messages", body); err != nil {
			t.Errorf("reply payload: %v", err)
		}
	}
	for name, m := range map[string]*discordgo.Message{
		"from a bot":         msg("<@"+botID+"> hi", &discordgo.User{ID: "1", Bot: true}, me),
		"from itself":        msg("<@"+botID+"> hi", me, me),
		"without a mention":  msg("why did Hanoi fail?", user),
		"mentioning another": msg("<@500000000000000002> why did Hanoi fail?", user, other),
		"no author":          {Content: "x"},
	} {
		if r := b.answerMessage(context.Background(), m, botID, discordgo.EnglishUS); r != nil {
			t.Errorf("%s: want no reply, got %+v", name, r)
		}
	}
	if r := b.answerMessage(context.Background(), msg("<@!"+botID+">", user, me), botID, discordgo.Korean); r == nil || !strings.Contains(r.Content, "물어보세요") {
		t.Errorf("an empty mention gets help in the server's language: %+v", r)
	}
	if !strings.Contains(logs.String(), "cmd=mention") {
		t.Errorf("mentions are logged")
	}
}

// goneCorpus is a searcher whose corpus folder vanished.
type goneCorpus struct{ *fakeSearcher }

func (goneCorpus) Reindex(context.Context) (Stats, error) {
	return Stats{}, fmt.Errorf("reindex: %w: open /data/corpus: no such file or directory", corpus.ErrCorpusUnavailable)
}

func TestReindexOfVanishedCorpusSaysSo(t *testing.T) {
	b, logs := newTestBot(t, goneCorpus{newFake()})
	resp := simulate(t, b, "/summitadmin reindex", SimOptions{Admin: true})
	if resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(resp.Data.Content, "last good index keeps serving") {
		t.Errorf("reindex reply: %q", resp.Data.Content)
	}
	if !strings.Contains(logs.String(), "no such file or directory") {
		t.Errorf("the operator log has the cause:\n%s", logs)
	}
}

// BenchmarkHandle is the quick check of the core's cost per interaction
// (fake searcher; the news-corpus figure is BenchmarkNewsInteraction).
func BenchmarkHandle(b *testing.B) {
	bt := New(newFake(), Options{Burst: 1 << 30})
	lines := []string{"/search query:sanctions relief", "/summit event:hanoi", "/ask question:Why did the Hanoi summit fail?"}
	var is []*discordgo.Interaction
	for _, l := range lines {
		i, err := ParseCommandLine(l, SimOptions{})
		if err != nil {
			b.Fatal(err)
		}
		is = append(is, i)
	}
	for n := 0; b.Loop(); n++ {
		if _, err := json.Marshal(bt.Handle(context.Background(), is[n%len(is)])); err != nil {
			b.Fatal(err)
		}
	}
}
