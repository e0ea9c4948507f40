package bot

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/answer"
	"github.com/summitbot/summitbot/corpus"
)

func TestBoldWords(t *testing.T) {
	cases := []struct {
		name, in string
		words    []string
		want     string
	}{
		{"none", "Kim flew to Singapore.", nil, "Kim flew to Singapore."},
		{"whole words, any case", "Kim flew to singapore on Air China.", []string{"Singapore", "china"}, "Kim flew to **singapore** on Air **China**."},
		{"neighbours in one run", "at the Capella Hotel on Sentosa", []string{"capella", "hotel"}, "at the **Capella Hotel** on Sentosa"},
		{"not inside a word", "Kimball met Kim", []string{"kim"}, "**Kimball** met **Kim**"},
		{"a prefix marks the word it starts", "sanctioned sanctions", []string{"sanction"}, "**sanctioned sanctions**"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := boldWords(c.in, c.words); got != c.want {
				t.Errorf("boldWords(%q, %q) = %q, want %q", c.in, c.words, got, c.want)
			}
		})
	}
}

func TestAnswerText(t *testing.T) {
	day := time.Date(2020, 9, 16, 0, 0, 0, 0, time.UTC)
	src := corpus.Hit{Passage: corpus.Passage{Title: "Talks *resume*", URL: "https://example.org/a", Date: day, Text: "Kim arrived in Singapore on June 10."}}
	cases := []struct {
		name   string
		locale discordgo.Locale
		a      answer.Answer
		want   string
	}{
		{
			"catalogue sentence, then the quote that backs it with its linked source",
			"",
			answer.Answer{Text: "The Singapore summit took place on 12 June 2018.", Quote: "Kim arrived in Singapore on June 10.",
				Marks: []string{"singapore"}, Passages: []corpus.Hit{src}, Found: true},
			"The Singapore summit took place on 12 June 2018.\n> Kim arrived in **Singapore** on June 10.\n— [Talks \\*resume\\*](https://example.org/a), 16 Sep 2020",
		},
		{
			"a corpus answer is the quote alone; a second question is noted",
			"",
			answer.Answer{Text: "Kim arrived in Singapore on June 10.", Quote: "Kim arrived in Singapore on June 10.", FromCorpus: true,
				Passages: []corpus.Hit{{Passage: corpus.Passage{Source: "a.md", Text: src.Text}}}, Found: true, More: true},
			"> Kim arrived in Singapore on June 10.\n— a.md\n-# " + textsFor("").answeredFirst,
		},
		{
			"dates follow the reader's language",
			discordgo.Korean,
			answer.Answer{Text: "x", Quote: "Kim arrived.", FromCorpus: true, Passages: []corpus.Hit{{Passage: corpus.Passage{Title: "t", Date: day}}}, Found: true},
			"> Kim arrived.\n— t, " + textsFor(discordgo.Korean).date(day),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := answerText(textsFor(c.locale), c.a); got != c.want {
				t.Errorf("answerText:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestSearchHintCutsAtAWord(t *testing.T) {
	cases := []struct {
		q    string
		n    int
		want string
	}{
		{"When did Trump cross into North Korea?", 50, "Trump cross into North Korea"},
		{"why did the hanoi summit collapse over sanctions relief and yongbyon dismantlement", 30, "hanoi summit collapse over"},
		{"supercalifragilistic", 5, ""},
	}
	for _, c := range cases {
		got := searchHint(c.q, c.n)
		if got != c.want || len([]rune(got)) > c.n {
			t.Errorf("searchHint(%q, %d) = %q, want %q", c.q, c.n, got, c.want)
		}
	}
}
