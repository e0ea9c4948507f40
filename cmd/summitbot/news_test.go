//go:build news

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/config"
)

// newsBot opens the news corpus index (built in a temporary folder, or kept
// in SUMMITBOT_NEWS_INDEX) behind a real bot.
func newsBot(t testing.TB) *bot.Bot {
	t.Helper()
	src, _ := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus", "news"))
	if _, err := os.Stat(src); err != nil {
		msg := fmt.Sprintf("SKIP %s: ../shared/corpus/news is absent", t.Name())
		fmt.Fprintln(os.Stderr, msg)
		t.Skip(msg)
	}
	dir := os.Getenv("SUMMITBOT_NEWS_INDEX")
	if dir == "" {
		dir = t.TempDir()
	}
	live, err := openIndex(context.Background(), config.Config{CorpusDir: src, IndexDir: dir}, openHow{}, discard{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Close() })
	return bot.New(&engine{live: live, corpus: "news"}, bot.Options{Burst: 1 << 30})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// interactionMix is a realistic mix: searches, event cards, autocomplete
// and page clicks.
func interactionMix(t testing.TB) []*discordgo.Interaction {
	t.Helper()
	var out []*discordgo.Interaction
	for _, line := range []string{
		"/search query:sanctions relief", "/search query:love letters", "/search query:Kim Jong Un health",
		"/search query:coronavirus vaccine", "/search query:Boris Johnson lockdown", "/search query:pyongyan talks",
		"/search query:denuclearizaton", "/search query:sanctions event:hanoi", "/summit event:hanoi",
		"/summit event:singapore query:joint statement", "/summit event:dmz", "/summit event:fourth", "/timeline",
	} {
		i, err := bot.ParseCommandLine(line, bot.SimOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, i)
	}
	for _, line := range []string{"/search query:sanc", "/search query:trum", "/summit event:ha"} {
		focus := "query"
		if line == "/summit event:ha" {
			focus = "event"
		}
		i, err := bot.ParseCommandLine(line, bot.SimOptions{Focus: focus})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, i)
	}
	out = append(out, bot.ClickInteraction("pg1|s|1|0||sanctions", bot.SimOptions{}), bot.ClickInteraction("pg1|m|1|0|hanoi|", bot.SimOptions{}))
	return out
}

// TestNewsInteractionLatency measures command in, response JSON out, on the
// news corpus; the README reports its figures.
func TestNewsInteractionLatency(t *testing.T) {
	b := newsBot(t)
	mix := interactionMix(t)
	var lat []time.Duration
	for round := range 21 {
		for _, i := range mix {
			start := time.Now()
			resp := b.Handle(context.Background(), i)
			if _, err := json.Marshal(resp); err != nil {
				t.Fatal(err)
			}
			if round > 0 { // round 0 warms the page cache of the memory-mapped index
				lat = append(lat, time.Since(start))
			}
			if resp.Data != nil && resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0 && resp.Data.Content != "" {
				t.Errorf("%v: error reply %q", i.Data, resp.Data.Content)
			}
		}
	}
	slices.Sort(lat)
	report := fmt.Sprintf("interaction handling on the news corpus, %d interactions: p50 %s, p99 %s",
		len(lat), lat[len(lat)/2].Round(10*time.Microsecond), lat[len(lat)*99/100].Round(10*time.Microsecond))
	t.Log(report)
	fmt.Println(report)
}

func BenchmarkNewsInteraction(b *testing.B) {
	bt := newsBot(b)
	mix := interactionMix(b)
	for n := 0; b.Loop(); n++ {
		resp := bt.Handle(context.Background(), mix[n%len(mix)])
		if _, err := json.Marshal(resp); err != nil {
			b.Fatal(err)
		}
	}
}
