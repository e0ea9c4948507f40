package bot

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
)

// spoken are the languages the bot replies in; textsFor reads any other
// locale as English.
var spoken = []*texts{english, korean}

func TestSpokenAreAllTheLanguages(t *testing.T) {
	for _, l := range []discordgo.Locale{discordgo.EnglishUS, discordgo.EnglishGB, discordgo.Korean, discordgo.Japanese, discordgo.French, ""} {
		tx := textsFor(l)
		if !slices.Contains(spoken, tx) && tx.help.lines[cmdHelp] != english.help.lines[cmdHelp] {
			t.Errorf("%q is answered in a language not in spoken", l)
		}
	}
}

// spy records which handler answered, with what request and deadline.
type spy struct {
	mu    sync.Mutex
	calls []spyCall
}

type spyCall struct {
	who     string // "cmd" or "cmd sub" or "cmd option" for a completer
	private bool
	left    time.Duration // until the context's deadline
}

func (s *spy) handler(who string) handler {
	return func(_ *Bot, ctx context.Context, r request) (*discordgo.InteractionResponseData, error) {
		dl, _ := ctx.Deadline()
		s.mu.Lock()
		s.calls = append(s.calls, spyCall{who: who, private: r.private, left: time.Until(dl)})
		s.mu.Unlock()
		return &discordgo.InteractionResponseData{Content: who}, nil
	}
}

func (s *spy) completer(who string) completer {
	return func(*Bot, *texts, string) []*discordgo.ApplicationCommandOptionChoice {
		s.mu.Lock()
		s.calls = append(s.calls, spyCall{who: who})
		s.mu.Unlock()
		return []*discordgo.ApplicationCommandOptionChoice{{Name: who, Value: who}}
	}
}

// take returns the calls since the last take.
func (s *spy) take() []spyCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls
	s.calls = nil
	return c
}

// spiedTable is a copy of the command table whose handlers and completers
// are spies and whose facts are changed: every private flag and moderator
// flag flipped, and timeouts of their own. A bot answering from it must
// follow it, which shows that dispatch, privacy, permission and deadlines
// come from the table and from nowhere else.
func spiedTable(s *spy) []command {
	cmds := slices.Clone(commandTable)
	for n := range cmds {
		c := &cmds[n]
		c.private, c.moderator = !c.private, !c.moderator
		c.timeout = 0
		if n%2 == 1 {
			c.timeout = time.Duration(n+1) * time.Hour
		}
		if c.run != nil {
			c.run = s.handler(c.name)
		}
		c.subs = slices.Clone(c.subs)
		for m := range c.subs {
			sub := &c.subs[m]
			sub.run = s.handler(c.name + " " + sub.name)
			sub.timeout = 0
			if m%2 == 0 {
				sub.timeout = time.Duration(m+1) * 10 * time.Hour
			}
		}
		complete := map[string]completer{}
		for name := range c.complete {
			complete[name] = s.completer(c.name + " " + name)
		}
		c.complete = complete
	}
	return cmds
}

// invocations are the ways to run a table's entry: the command, or each
// of its subcommands, with the name the spy records.
func invocations(c command) map[string][]*discordgo.ApplicationCommandInteractionDataOption {
	if len(c.subs) == 0 {
		return map[string][]*discordgo.ApplicationCommandInteractionDataOption{c.name: nil}
	}
	out := map[string][]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, s := range c.subs {
		out[c.name+" "+s.name] = []*discordgo.ApplicationCommandInteractionDataOption{{Name: s.name, Type: discordgo.ApplicationCommandOptionSubCommand}}
	}
	return out
}

// tableTimeout is what the entry says of how long /who may take: its
// subcommand's timeout, else its own, else def.
func tableTimeout(c command, who string, def time.Duration) time.Duration {
	for _, s := range c.subs {
		if c.name+" "+s.name == who && s.timeout > 0 {
			return s.timeout
		}
	}
	if c.timeout > 0 {
		return c.timeout
	}
	return def
}

func commandInteraction(name string, opts []*discordgo.ApplicationCommandInteractionDataOption, manager bool) *discordgo.Interaction {
	var perms int64 = discordgo.PermissionSendMessages
	if manager {
		perms |= discordgo.PermissionManageGuild
	}
	return &discordgo.Interaction{ID: "1", Token: "t", Type: discordgo.InteractionApplicationCommand, GuildID: "2",
		Member: &discordgo.Member{User: &discordgo.User{ID: "3"}, Permissions: perms},
		Data:   discordgo.ApplicationCommandInteractionData{Name: name, Options: opts}}
}

// Every command and subcommand of the table is answered by its own
// handler, private, refused to non-moderators and bounded in time as its
// entry says; every completer answers its own option.
func TestCommandTableDrivesDispatch(t *testing.T) {
	s := &spy{}
	const def = 17 * time.Minute
	b := New(newFake(), Options{Now: fixedNow, Burst: 1 << 30, Timeout: def})
	b.cmds = spiedTable(s)
	hide := &discordgo.ApplicationCommandInteractionDataOption{Name: "hide", Type: discordgo.ApplicationCommandOptionBoolean, Value: true}
	for _, c := range b.cmds {
		for who, opts := range invocations(c) {
			wantLeft := tableTimeout(c, who, def)

			i := commandInteraction(c.name, opts, true)
			resp := b.Handle(context.Background(), i)
			calls := s.take()
			if len(calls) != 1 || calls[0].who != who {
				t.Errorf("/%s: handled by %+v, want its own handler; reply %+v", who, calls, resp.Data)
				continue
			}
			got := calls[0]
			if got.private != c.private || (resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0) != c.private || b.private(i) != c.private {
				t.Errorf("/%s: request private %v, reply flags %d, deferral private %v; the table says %v",
					who, got.private, resp.Data.Flags, b.private(i), c.private)
			}
			if got.left > wantLeft || got.left < wantLeft-time.Minute {
				t.Errorf("/%s: %v left to answer, the table says %v", who, got.left, wantLeft)
			}

			// hide:true makes any command private.
			withHide := commandInteraction(c.name, opts, true)
			if len(opts) > 0 {
				sub := *opts[0]
				sub.Options = []*discordgo.ApplicationCommandInteractionDataOption{hide}
				withHide.Data = discordgo.ApplicationCommandInteractionData{Name: c.name, Options: []*discordgo.ApplicationCommandInteractionDataOption{&sub}}
			} else {
				withHide.Data = discordgo.ApplicationCommandInteractionData{Name: c.name, Options: []*discordgo.ApplicationCommandInteractionDataOption{hide}}
			}
			b.Handle(context.Background(), withHide)
			if calls := s.take(); len(calls) != 1 || !calls[0].private || !b.private(withHide) {
				t.Errorf("/%s hide:true: %+v, deferral private %v; want private", who, calls, b.private(withHide))
			}

			// Only a moderator's command is refused to members without Manage Server.
			resp = b.Handle(context.Background(), commandInteraction(c.name, opts, false))
			ran := len(s.take()) == 1
			if ran == c.moderator {
				t.Errorf("/%s by a member without Manage Server: ran %v, the table says moderator %v (%q)", who, ran, c.moderator, resp.Data.Content)
			}
		}
		// Each completer answers its own option; other options get none.
		for _, o := range append(slices.Collect(maps.Keys(c.complete)), "hide") {
			i := commandInteraction(c.name, []*discordgo.ApplicationCommandInteractionDataOption{
				{Name: o, Type: discordgo.ApplicationCommandOptionString, Value: "x", Focused: true}}, true)
			i.Type = discordgo.InteractionApplicationCommandAutocomplete
			resp := b.Handle(context.Background(), i)
			calls := s.take()
			if c.complete[o] == nil {
				if len(calls) != 0 || len(resp.Data.Choices) != 0 {
					t.Errorf("/%s %s has no completer, got %+v", c.name, o, calls)
				}
				continue
			}
			if len(calls) != 1 || calls[0].who != c.name+" "+o || len(resp.Data.Choices) != 1 {
				t.Errorf("/%s %s: completed by %+v, choices %+v", c.name, o, calls, resp.Data.Choices)
			}
		}
	}
	// A command not in the table reaches no handler.
	resp := b.Handle(context.Background(), commandInteraction("frobnicate", nil, true))
	if calls := s.take(); len(calls) != 0 || !strings.Contains(resp.Data.Content, "/frobnicate") {
		t.Errorf("an unknown command: %+v %q", calls, resp.Data.Content)
	}
}

// The built-in table's own facts reach the transports: what Ephemeral
// (and so the deferral) says, and how long a command may take.
func TestCommandTableFacts(t *testing.T) {
	b := New(newFake(), Options{})
	for _, c := range commandTable {
		for who, opts := range invocations(c) {
			i := commandInteraction(c.name, opts, true)
			if ephemeral(commandTable, i) != c.private {
				t.Errorf("/%s: private %v, the table says private %v", who, ephemeral(commandTable, i), c.private)
			}
			if got, want := b.timeout(i), tableTimeout(c, who, b.opts.Timeout); got != want {
				t.Errorf("/%s: timeout %v, the table says %v", who, got, want)
			}
		}
	}
	reindex := commandInteraction(cmdAdmin, []*discordgo.ApplicationCommandInteractionDataOption{{Name: "reindex", Type: discordgo.ApplicationCommandOptionSubCommand}}, true)
	if b.timeout(reindex) != 10*time.Minute {
		t.Errorf("a reindex gets 10 min, got %v", b.timeout(reindex))
	}
}

// Every command of the table has its /help line in every language the bot
// speaks, /help shows them all in help order, and no line is left over.
func TestCommandTableHelp(t *testing.T) {
	cat, err := corpus.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	order := slices.SortedStableFunc(slices.Values(commandTable), func(a, b command) int { return a.helpAt - b.helpAt })
	for n := 1; n < len(order); n++ {
		if order[n].helpAt == order[n-1].helpAt {
			t.Errorf("/%s and /%s share help place %d", order[n-1].name, order[n].name, order[n].helpAt)
		}
	}
	for _, tx := range spoken {
		keys := map[string]bool{}
		for _, c := range commandTable {
			keys[c.name] = true
			line, ok := tx.help.lines[c.name]
			if !ok || line[0] == "" || line[1] == "" {
				t.Errorf("%s: /%s has no help line", tx.locale, c.name)
				continue
			}
			text := line[1]
			if c.helpArgs != nil {
				text = fmt.Sprintf(text, c.helpArgs(tx, cat)...)
			}
			if strings.Contains(text, "%!") || (c.helpArgs == nil && strings.Contains(text, "%s")) {
				t.Errorf("%s: /%s's help text and its examples disagree: %q", tx.locale, c.name, text)
			}
		}
		for k := range tx.help.lines {
			if !keys[k] {
				t.Errorf("%s: help line %q belongs to no command", tx.locale, k)
			}
		}

		b, _ := newTestBot(t, newFake())
		resp := simulate(t, b, "/help", SimOptions{Locale: tx.locale})
		em := resp.Data.Embeds[0]
		var names []string
		for _, f := range em.Fields {
			names = append(names, f.Name)
		}
		var want []string
		for _, c := range order {
			if c.name != cmdHelp {
				want = append(want, tx.help.lines[c.name][0])
			}
		}
		if !slices.Equal(names, want) {
			t.Errorf("%s: /help lists %q, want %q", tx.locale, names, want)
		}
		if em.Description != tx.help.lines[cmdHelp][1] || !strings.HasPrefix(em.Title, "summitbot") {
			t.Errorf("%s: /help's title and introduction are its own help line: %q %q", tx.locale, em.Title, em.Description)
		}
	}
}

// What is registered is derived from the table: the same commands in the
// same order, a moderator's command for servers and Manage Server only,
// hide on every command that is not always private, autocomplete exactly
// on the options with a completer.
// The spied table, with its facts changed, is checked too.
func TestCommandDefinitionsComeFromTheTable(t *testing.T) {
	defs := Commands(nil)
	if len(defs) != len(commandTable) {
		t.Fatalf("%d definitions for %d commands", len(defs), len(commandTable))
	}
	checkDefinitions(t, commandTable, defs)
	cat, err := corpus.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	spied := spiedTable(&spy{})
	defs = nil
	for _, c := range spied {
		defs = append(defs, c.define(cat))
	}
	checkDefinitions(t, spied, defs)
}

func checkDefinitions(t *testing.T, cmds []command, defs []*discordgo.ApplicationCommand) {
	t.Helper()
	for n, c := range cmds {
		d := defs[n]
		if d.Name != c.name {
			t.Errorf("definition %d is /%s, the table's is /%s", n, d.Name, c.name)
		}
		moderatorOnly := d.DefaultMemberPermissions != nil && *d.DefaultMemberPermissions == discordgo.PermissionManageGuild &&
			d.Contexts != nil && slices.Equal(*d.Contexts, []discordgo.InteractionContextType{discordgo.InteractionContextGuild})
		if moderatorOnly != c.moderator {
			t.Errorf("/%s: registered for moderators in servers only %v, the table says moderator %v", c.name, moderatorOnly, c.moderator)
		}
		hasHide := len(d.Options) > 0 && d.Options[len(d.Options)-1].Name == "hide"
		if c.kind == discordgo.MessageApplicationCommand {
			// Options, hide included, are slash commands' alone.
			if d.Type != discordgo.MessageApplicationCommand || len(d.Options) != 0 || d.Description != "" {
				t.Errorf("%q: type %d, %d options, description %q; want a message command without either", c.name, d.Type, len(d.Options), d.Description)
			}
		} else if hasHide == c.private {
			t.Errorf("/%s: hide option %v, the table says private %v", c.name, hasHide, c.private)
		}
		seen := 0
		for _, o := range d.Options {
			if o.Autocomplete != (c.complete[o.Name] != nil) {
				t.Errorf("/%s %s: autocomplete %v, completer %v", c.name, o.Name, o.Autocomplete, c.complete[o.Name] != nil)
			}
			if c.complete[o.Name] != nil {
				seen++
			}
			if o.Type == discordgo.ApplicationCommandOptionSubCommand &&
				!slices.ContainsFunc(c.subs, func(s subcommand) bool { return s.name == o.Name }) {
				t.Errorf("/%s %s: a subcommand not in the table", c.name, o.Name)
			}
		}
		if seen != len(c.complete) {
			t.Errorf("/%s: %d completers for %d options", c.name, len(c.complete), seen)
		}
	}
}
