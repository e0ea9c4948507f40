package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The synthetic corpus: news-like Markdown articles written to a folder, so
// that every engine gets its passages through summitbot's own corpus.Load
// (parse, split, tag) exactly as with real articles.
//
// Words are drawn from a Zipf distribution over a vocabulary whose most
// frequent ranks are English function words, then a few hundred news words
// (including every word of index/testdata/queries.txt), then a long tail of
// generated pseudo-words. Each paragraph is 200–600 characters of sentences,
// so each paragraph becomes one passage (corpus.Load, splitting articles,
// merges paragraphs under 120 runes and cuts those over 1,000). About one
// paragraph in twenty carries a sentence about a summit (Hanoi, Singapore,
// the DMZ, a fourth meeting) with a context phrase such as "Kim Jong-un", so
// event tagging and the event queries have hits, as in the news corpus.

var functionWords = strings.Fields(`the of and to a in that is for on it was with as said he by at
from his be have has are but not an they this had were which or will been their who would after
more we one also she its two new up her about there than over out when all into some could last
year years people first time if told other them so only can no what week government our while
just like before three being officials country state day since may most against during police
both many under where then because`)

// topicWords are news words; the ones the fixed query list uses are among
// them so that every query (typos aside) finds passages.
var topicWords = strings.Fields(`president sanctions summit denuclearization Yongbyon Bolton
Pyongyang coronavirus election relief love letters Nobel Peace Prize nomination health missile
test meeting joint military exercises demilitarized zone Boris Johnson lockdown stock market crash
statement talks vaccine Trump Kim North Korea Korean South Seoul Beijing Washington Moon Pompeo
diplomacy nuclear weapons envoy negotiations border Singapore Hanoi Vietnam economy prices shares
investors bank inflation unemployment jobs workers hospital patients doctors virus cases deaths
pandemic schools students teachers football club match season league players goal court judge
trial prison minister parliament vote campaign voters party leader opposition protest city council
housing rent weather storm flood fire climate energy oil gas company profits sales chief executive
deal trade tariffs China Russia Europe Britain London America American British Chinese Russian
French Germany German Japan Japanese India Australia Canada family mother father children son
daughter wife husband friends home house car road train airport flight travel holiday beach hotel
restaurant food water money pounds dollars million billion percent figures report data study
research scientists university experts warned claims revealed announced confirmed denied accused
charged arrested killed injured died found shot attack security troops army navy war peace treaty
agreement talks diplomats embassy foreign ministry spokesman spokeswoman press conference interview
television radio newspaper social media Twitter Facebook online internet technology phone app
Apple Google Amazon Microsoft Tesla Netflix film music star singer actor actress show series
royal Queen Prince Harry Meghan Duchess palace church health care NHS testing masks distancing
restrictions rules tier Scotland Wales Ireland England Labour Conservative Tory Democrats
Republicans Congress Senate White House Biden Obama Clinton Putin Xi Jinping Merkel Macron
inquiry investigation evidence lawyers officers detectives victims suspect murder crime drugs
gang knife gun violence border migrants asylum refugees immigration visa crisis emergency
disaster relief aid charity donations volunteers community local national international global
world region island mountain river forest wildlife animals dog cat zoo farm farmers crops harvest
summer winter spring autumn morning evening night weekend Monday Tuesday Wednesday Thursday Friday
Saturday Sunday January February March April June July August September October November December`)

// summitSentences mention a summit event together with a context phrase,
// as the news does, so corpus tagging and the event queries have hits.
var summitSentences = []string{
	"Kim Jong-un and Donald Trump met at the Hanoi summit in February 2019, where talks on sanctions relief collapsed.",
	"The Hanoi summit ended early after Trump said sometimes you have to walk, and North Korea refused to give up Yongbyon.",
	"North Korea wanted sanctions relief in Hanoi in exchange for closing the Yongbyon nuclear complex.",
	"The Singapore summit on June 12 2018 ended with a joint statement on the denuclearization of the Korean Peninsula.",
	"Trump and Kim shook hands at the Capella Hotel on Sentosa island in Singapore before talks on denuclearization.",
	"Critics said the Singapore joint statement signed by Kim Jong Un was vague about denuclearization.",
	"Trump stepped into North Korea at Panmunjom in the demilitarized zone on June 30 2019, a first for a sitting president.",
	"Kim Jong-un greeted Trump at the military demarcation line before talks in Freedom House.",
	"Officials in Pyongyang said a fourth summit with Kim could happen only if Washington dropped its demand for denuclearization.",
	"Trump said he would meet Kim again and praised the love letters he had received from Kim Jong Un.",
	"John Bolton wrote that the love letters between Trump and Kim Jong-un did little to stop the Yongbyon reactor.",
	"North Korea fired a missile test into the sea as joint military exercises began, and sanctions stayed in place.",
	"South Korean officials backed a Nobel Peace Prize nomination for Trump after the summit with Kim Jong-un.",
	"Rumours about Kim Jong Un health spread after he missed a ceremony in Pyongyang, and North Korea said nothing.",
	"The DPRK said sanctions relief must come before any talks on denuclearization with the United States.",
	"Pompeo flew to Pyongyang to prepare the second Trump Kim meeting and the sanctions talks.",
}

var summitTitles = []string{
	"Trump and Kim meet in Hanoi as sanctions talks stall",
	"What the Singapore summit joint statement really said",
	"Trump crosses into North Korea at the DMZ",
	"North Korea says a fourth summit with Kim depends on sanctions",
	"Bolton book reveals the Trump Kim love letters",
	"Kim Jong-un health rumours spread across Asia",
}

type synth struct {
	r     *rand.Rand
	zipf  *rand.Zipf
	vocab []string
}

func newSynth(seed uint64) *synth {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vocab := append([]string{}, functionWords...)
	topics := append([]string{}, topicWords...)
	r.Shuffle(len(topics), func(i, j int) { topics[i], topics[j] = topics[j], topics[i] })
	vocab = append(vocab, topics...)
	seen := map[string]bool{}
	for _, w := range vocab {
		seen[strings.ToLower(w)] = true
	}
	onsets := strings.Fields("b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr st sl pl bl ch sh th")
	vowels := strings.Fields("a e i o u ai ea ou ie oa")
	codas := []string{"", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck", "ng"}
	for len(vocab) < 60000 {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(onsets[r.IntN(len(onsets))])
			b.WriteString(vowels[r.IntN(len(vowels))])
			b.WriteString(codas[r.IntN(len(codas))])
		}
		w := b.String()
		if len(w) < 3 || seen[w] {
			continue
		}
		seen[w] = true
		vocab = append(vocab, w)
	}
	return &synth{r: r, zipf: rand.NewZipf(r, 1.07, 2, uint64(len(vocab)-1)), vocab: vocab}
}

func (s *synth) word() string { return s.vocab[s.zipf.Uint64()] }

// contentWord skips the function words, for titles.
func (s *synth) contentWord() string {
	for {
		if i := s.zipf.Uint64(); i >= uint64(len(functionWords)) {
			return s.vocab[i]
		}
	}
}

func (s *synth) sentence(b *strings.Builder) {
	n := 10 + s.r.IntN(19)
	for i := range n {
		w := s.word()
		if i == 0 {
			r, size := utf8.DecodeRuneInString(w)
			w = string(unicode.ToUpper(r)) + w[size:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if i > 2 && i < n-2 && s.r.IntN(12) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
}

// paragraph is 200–600 characters of sentences; one in twenty carries a
// summit sentence.
func (s *synth) paragraph() string {
	var b strings.Builder
	target := 200 + s.r.IntN(401)
	summit := -1
	if s.r.IntN(20) == 0 {
		summit = s.r.IntN(3)
	}
	for i := 0; b.Len() < target; i++ {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if i == summit {
			b.WriteString(summitSentences[s.r.IntN(len(summitSentences))])
			continue
		}
		s.sentence(&b)
	}
	return b.String()
}

func (s *synth) title() string {
	if s.r.IntN(25) == 0 {
		return summitTitles[s.r.IntN(len(summitTitles))]
	}
	n := 5 + s.r.IntN(6)
	ws := make([]string, n)
	for i := range ws {
		w := s.contentWord()
		r, size := utf8.DecodeRuneInString(w)
		ws[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(ws, " ")
}

// writeSynthetic writes articles holding exactly n paragraphs (passages)
// under dir, 1,000 files per sub-folder, and returns the article count.
func writeSynthetic(dir string, n int, seed uint64) (int, error) {
	s := newSynth(seed)
	articles := 0
	for done := 0; done < n; articles++ {
		k := min(4+s.r.IntN(33), n-done) // 4–36 paragraphs, 20 on average, like the news
		sub := filepath.Join(dir, fmt.Sprintf("%03d", articles/1000))
		if articles%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return 0, err
			}
		}
		f, err := os.Create(filepath.Join(sub, fmt.Sprintf("article-%06d.md", articles)))
		if err != nil {
			return 0, err
		}
		w := bufio.NewWriterSize(f, 64<<10)
		day := s.r.IntN(4 * 365)
		date := fmt.Sprintf("%04d-%02d-%02d", 2018+day/365, 1+day%365/31, 1+day%31%28)
		fmt.Fprintf(w, "---\ntitle: %q\ndate: %s\nsource: https://example.org/synthetic/%06d\n---\n", s.title(), date, articles)
		for range k {
			w.WriteString("\n")
			w.WriteString(s.paragraph())
			w.WriteString("\n")
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return 0, err
		}
		if err := f.Close(); err != nil {
			return 0, err
		}
		done += k
	}
	return articles, nil
}
