package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"

	"github.com/summitbot/summitbot/corpus"
	"github.com/summitbot/summitbot/discordmd"
)

// Limits on the work done for one question: a pasted essay is cut, not
// scanned in full.
const (
	maxQuestionRunes = 500
	maxTokens        = 80
	maxTextRunes     = 600 // an answer's text, the bot's limit for one or two sentences
)

// token is one word of a question.
type token struct {
	orig   string // as typed (case kept), for "US" versus "us"
	raw    string // lower-case, month abbreviations and "12th" normalised
	stem   string // see stem
	hangul bool
	// spent: the particle of a phrasal verb read as one word ("up" of
	// "set up", read as "start"), which says nothing more.
	spent bool
}

// sanitize makes user text safe to look at (see corpus.CleanText: format
// characters go), at most maxQuestionRunes runes, without terminal colour
// codes or Discord's tokens (see discordmd.StripTokens).
func sanitize(s string) string {
	// Invalid bytes become spaces first, as corpus.CleanText makes
	// them.
	s = strings.ToValidUTF8(s, " ")
	// Terminal colour codes and Discord's tokens (mentions, emoji,
	// timestamps) carry numbers that are no part of the question.
	s = ansi.ReplaceAllString(s, " ")
	// Cleaned before the tokens go too, so that no format character
	// hides one ("<@\u200b123>").
	s = corpus.CleanText(s, len(s)) // len in bytes: never cuts
	s = discordmd.StripTokens(s)
	return corpus.CleanText(s, maxQuestionRunes)
}

// ansi matches ANSI escape sequences (terminal colour codes).
var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// splitWords splits text into runs of letters and digits; every other
// character (Markdown, punctuation, apostrophes) separates words.
func splitWords(s string) []string {
	ws := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
	out := ws[:0:0]
	for _, w := range ws {
		if compound(w) {
			out = append(out, w)
			continue
		}
		for _, part := range strings.Split(w, "-") {
			if part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// compound reports a hyphenated word made only of little words, which
// means nothing apart: "go-between" is a word; "go" and "between" are
// skipped as words that say nothing.
func compound(w string) bool {
	parts := strings.Split(strings.ToLower(w), "-")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if p == "" || !stopWords[p] && !askWords[p] && !particles[p] {
			return false
		}
	}
	return true
}

// tokenize turns a (sanitized) question into at most maxTokens tokens.
func tokenize(s string) []token {
	ws := splitWords(s)
	if len(ws) > maxTokens {
		ws = ws[:maxTokens]
	}
	out := make([]token, 0, len(ws))
	for _, w := range ws {
		raw := normWord(strings.ToLower(w))
		out = append(out, token{orig: w, raw: raw, stem: stem(raw), hangul: hasHangul(raw)})
	}
	for i := range out {
		if canon, j, ok := phrasalAt(len(out), i, func(j int) string { return out[j].stem }); ok {
			out[i].stem = canon
			out[j].spent = true
		}
	}
	return out
}

// phrasalAt reports the one-word equivalent of a phrasal verb starting at
// i ("called the meeting off" is "cancel"), and where its particle stands,
// reading stems through at.
func phrasalAt(n, i int, at func(int) string) (string, int, bool) {
	v, ok := phrasals[at(i)]
	if !ok {
		return "", 0, false
	}
	for j := i + 1; j < n && j <= i+4; j++ {
		if at(j) == v.particle {
			return v.canon, j, true
		}
	}
	return "", 0, false
}

// normWord maps the spellings people use for the same date word to one:
// "feb" → "february", "12th" → "12".
func normWord(w string) string {
	if m, ok := monthAbbrev[w]; ok {
		return m
	}
	if m, ok := irregular[w]; ok {
		w = m
	}
	if m, ok := equivalents[w]; ok {
		return m
	}
	if n := len(w); n >= 3 && n <= 4 && isDigits(w[:n-2]) {
		switch w[n-2:] {
		case "st", "nd", "rd", "th":
			return w[:n-2]
		}
	}
	return w
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func hasHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

// hangulRunes counts the Hangul letters of s.
func hangulRunes(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			n++
		}
	}
	return n
}

// stem reduces a lower-case word with Bleve's English (Snowball)
// stemmer, the one the index's "en" analyzer applies, so that /ask and
// /search agree on which words match. Numbers and Korean are kept as they
// are.
func stem(w string) string {
	if w == "" || isDigits(w) || hasHangul(w) {
		return w
	}
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

// stems returns the stems of the words of text.
func stems(text string) []string {
	ws := splitWords(strings.ToLower(text))
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = stem(normWord(w))
	}
	for i := range out {
		if canon, _, ok := phrasalAt(len(out), i, func(j int) string { return out[j] }); ok {
			out[i] = canon
		}
	}
	return out
}

// stemSet returns the set of stems of the words of texts.
func stemSet(texts ...string) map[string]bool {
	set := map[string]bool{}
	for _, t := range texts {
		for _, s := range stems(t) {
			set[s] = true
		}
	}
	return set
}

// tokenStems is the set of the tokens' stems.
func tokenStems(toks []token) map[string]bool {
	have := make(map[string]bool, len(toks))
	for _, t := range toks {
		have[t.stem] = true
	}
	return have
}

// knows reports whether a word (by its stem) is in set: the same stem, or
// for longer words one a prefix of the other ("denuclearization" and
// "denuclearize"), or for Hangul a word that starts with it (particles
// follow nouns).
func knows(set map[string]bool, st string) bool {
	if set[st] {
		return true
	}
	if utf8.RuneCountInString(st) < 5 && !hasHangul(st) {
		return false
	}
	for w := range set {
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		if strings.HasPrefix(st, w) && (hasHangul(w) || utf8.RuneCountInString(w) >= 5) {
			return true
		}
		if strings.HasPrefix(w, st) {
			return true
		}
	}
	return false
}

// sentences splits text into sentences as passages are cut (see
// corpus.Sentences).
func sentences(text string) []string { return corpus.Sentences(text) }

// fit returns the leading sentences of text (at most n) that fit in
// maxRunes, or "" when not even the first does.
func fit(text string, n, maxRunes int) string {
	var b strings.Builder
	for i, s := range sentences(text) {
		if i == n {
			break
		}
		add := s
		if b.Len() > 0 {
			add = " " + s
		}
		if utf8.RuneCountInString(b.String()+add) > maxRunes {
			break
		}
		b.WriteString(add)
	}
	return b.String()
}

// pieces cuts a run of text too long to quote (captions that run into the
// next sentence with no full stop) into overlapping pieces of at most
// maxRunes runes, cut at word boundaries and marked with "…" where cut.
func pieces(text string, maxRunes int) []string {
	ws := strings.Fields(text)
	var out []string
	for start := 0; start < len(ws); {
		end := start
		n := 0
		for end < len(ws) && n+utf8.RuneCountInString(ws[end])+3 <= maxRunes {
			n += utf8.RuneCountInString(ws[end]) + 1
			end++
		}
		if end == start {
			end++ // a word longer than a quote stands whole rather than loop
		}
		p := strings.Join(ws[start:end], " ")
		if start > 0 {
			p = "…" + p
		}
		if end < len(ws) {
			p += "…"
		}
		out = append(out, p)
		if end == len(ws) {
			break
		}
		start = max(start+1, end-(end-start)/2) // half of each piece again in the next
	}
	return out
}
