package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// The replies that changed when commands became one table, each pinned.
func TestRepliesOfTheCommandTable(t *testing.T) {
	ctx := context.Background()
	parse := func(line string, o SimOptions) *discordgo.Interaction {
		t.Helper()
		i, err := ParseCommandLine(line, o)
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	b, _ := newTestBot(t, newFake())

	// An unknown subcommand of /summitadmin asks for one of its own.
	i := parse("/summitadmin stats", SimOptions{Admin: true})
	data := i.Data.(discordgo.ApplicationCommandInteractionData)
	data.Options[0].Name = "bogus"
	i.Data = data
	if resp := roundTrip(t, b.Handle(ctx, i)); !strings.Contains(resp.Data.Content, "Choose a subcommand") {
		t.Errorf("/summitadmin bogus: %q", resp.Data.Content)
	}

	// An unknown command is answered privately, and so deferred.
	i = parse("/help", SimOptions{})
	data = i.Data.(discordgo.ApplicationCommandInteractionData)
	data.Name = "nope"
	i.Data = data
	if !b.private(i) {
		t.Errorf("the deferral of an unknown command is public")
	}
	if resp := roundTrip(t, b.Handle(ctx, i)); resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("the answer to an unknown command is public: %+v", resp.Data)
	}

	// An option no completer serves (summit's query, not marked for
	// autocomplete) gets no choices.
	resp := roundTrip(t, b.Handle(ctx, parse("/summit event:hanoi query:sanc", SimOptions{Focus: "query"})))
	if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(resp.Data.Choices) != 0 {
		t.Errorf("/summit query autocomplete: type %d, %d choices", resp.Type, len(resp.Data.Choices))
	}

	// A mention whose answer runs out of time says so, as /ask does.
	f := newFake()
	f.delay = time.Second
	slow := New(f, Options{Now: fixedNow, Timeout: 20 * time.Millisecond, Burst: 1000})
	user := &discordgo.User{ID: "500000000000000009", Username: "asker"}
	msg := &discordgo.Message{ID: "600000000000000001", ChannelID: "7", GuildID: "8", Author: user,
		Content: "<@500000000000000001> what did kim say about sanctions relief in the articles?", Mentions: []*discordgo.User{{ID: "500000000000000001", Bot: true}}}
	if r := slow.answerMessage(ctx, msg, "500000000000000001", ""); r == nil || !strings.Contains(r.Content, "took too long") {
		t.Errorf("a mention that timed out: %+v", r)
	}
}
