package corpus

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Passage size limits, in runes.
const (
	// maxPassageRunes is the longest passage; longer paragraphs are cut at
	// sentence boundaries.
	maxPassageRunes = 1000
	// shortRunes: a sentence-like paragraph shorter than this is merged into
	// its neighbour so it is not ranked on its own.
	shortRunes = 120
	// captionRunes: a line shorter than this without closing punctuation is
	// a caption, heading or credit, and is dropped.
	captionRunes = 200
	// titleRunes is the longest title made from an article's first
	// sentence when the article has no title of its own.
	titleRunes = 100
)

var boilerplate = regexp.MustCompile(`(?i)^(scroll down for (the )?video|advertisement|share this article|related articles?|read more|click here|comments?|share or comment on this article|follow us on .*|sign up .*newsletter.*|(image|photo|picture)s?( credit)?:.*)[.:!]*$`)

// split cuts an article into passages: one per paragraph, long paragraphs cut
// at sentence boundaries, captions and boilerplate dropped, and very short
// sentences merged into the next paragraph. An article without a title
// gives its passages its first sentence, shortened to titleRunes, as title.
// It does not tag events.
func split(a Article) []Passage {
	var out []Passage
	var pending string // short paragraph waiting to be merged
	paras := paragraphs(a)
	title := a.Title
	if strings.TrimSpace(title) == "" {
		title = fallbackTitle(paras)
	}
	emit := func(text string) {
		out = append(out, Passage{
			ID:       fmt.Sprintf("%s#%d", a.Path, len(out)),
			Source:   sourceOf(a.Path),
			Title:    title,
			Date:     a.Date,
			URL:      a.URL,
			Text:     text,
			Position: len(out),
		})
	}
	for _, para := range paras {
		if isFragment(para) {
			continue
		}
		if pending != "" {
			if utf8.RuneCountInString(pending)+1+utf8.RuneCountInString(para) <= maxPassageRunes {
				para = pending + " " + para
			} else {
				emit(pending)
			}
			pending = ""
		}
		if utf8.RuneCountInString(para) < shortRunes {
			pending = para
			continue
		}
		for _, chunk := range cutSentences(para, maxPassageRunes) {
			emit(chunk)
		}
	}
	if pending != "" {
		if n := len(out); n > 0 && utf8.RuneCountInString(out[n-1].Text)+1+utf8.RuneCountInString(pending) <= maxPassageRunes {
			out[n-1].Text += " " + pending
		} else {
			emit(pending)
		}
	}
	return out
}

// sourceOf strips the ":N" suffix that multi-article files add to a path.
// Only a suffix made entirely of digits counts, so a file named
// "notes:3.txt" keeps its name.
func sourceOf(p string) string {
	if i := strings.LastIndexByte(p, ':'); i > 0 && i > strings.LastIndexByte(p, '/') {
		if n := p[i+1:]; n != "" && strings.Trim(n, "0123456789") == "" {
			return p[:i]
		}
	}
	return p
}

// fallbackTitle is the title of an article that has none: the first
// sentence of its first paragraph that is not boilerplate, cut at a word
// boundary to at most titleRunes runes.
func fallbackTitle(paras []string) string {
	for _, p := range paras {
		if boilerplate.MatchString(p) {
			continue
		}
		s := p
		if ss := sentences(p); len(ss) > 0 {
			s = ss[0]
		}
		return shorten(s, titleRunes)
	}
	return ""
}

// shorten cuts s to at most max runes (max > 1) at a word boundary, marking
// the cut with an ellipsis.
func shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	cut := max - 1 // room for the ellipsis
	i := cut
	for i > 0 && !unicode.IsSpace(r[i]) {
		i--
	}
	if i == 0 { // one word longer than the title: hard cut
		i = cut
	}
	head := strings.TrimRightFunc(string(r[:i]), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r)
	})
	if head == "" {
		head = string(r[:cut])
	}
	return head + "…"
}

// paragraphs returns the cleaned paragraphs of the body.
func paragraphs(a Article) []string {
	var raw []string
	if a.lineParagraphs {
		raw = joinWrapped(strings.Split(a.Body, "\n"))
	} else {
		raw = blankLine.Split(a.Body, -1)
	}
	out := raw[:0]
	for _, p := range raw {
		if p = clean(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// joinWrapped undoes hard wrapping in a body whose lines are paragraphs: a
// line that does not end a sentence, followed by a line that starts with a
// lower-case letter, is one paragraph cut in two, not a caption and a
// paragraph.
func joinWrapped(lines []string) []string {
	out := lines[:0]
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if n := len(out); n > 0 && out[n-1] != "" && l != "" {
			first, _ := utf8.DecodeRuneInString(l)
			if unicode.IsLower(first) && !endsSentence(out[n-1]) {
				out[n-1] += " " + l
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// endsSentence reports whether p ends with sentence punctuation, possibly
// followed by closing quotes or brackets.
func endsSentence(p string) bool {
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(p, `"'”’)]`))
	return strings.ContainsRune(".!?…:;", last)
}

// isFragment reports captions, credits and boilerplate lines.
func isFragment(p string) bool {
	if boilerplate.MatchString(p) {
		return true
	}
	if utf8.RuneCountInString(p) >= captionRunes {
		return false
	}
	return !endsSentence(p)
}

// cutSentences splits text into chunks of at most max runes, preferring
// sentence boundaries, then word boundaries.
func cutSentences(text string, max int) []string {
	if utf8.RuneCountInString(text) <= max {
		return []string{text}
	}
	var chunks []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			chunks = append(chunks, s)
		}
		cur.Reset()
		curLen = 0
	}
	for _, s := range sentences(text) {
		n := utf8.RuneCountInString(s)
		if n > max {
			flush()
			chunks = append(chunks, cutWords(s, max)...)
			continue
		}
		if curLen > 0 && curLen+1+n > max {
			flush()
		}
		if curLen > 0 {
			cur.WriteByte(' ')
			curLen++
		}
		cur.WriteString(s)
		curLen += n
	}
	flush()
	return chunks
}

// cutWords splits an over-long sentence at spaces.
func cutWords(s string, max int) []string {
	var out []string
	words := strings.Fields(s)
	var cur []string
	n := 0
	for _, w := range words {
		wl := utf8.RuneCountInString(w)
		for wl > max { // a "word" longer than a passage: hard cut
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
				cur, n = nil, 0
			}
			r := []rune(w)
			out = append(out, string(r[:max]))
			w = string(r[max:])
			wl = len(r) - max
		}
		if n > 0 && n+1+wl > max {
			out = append(out, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, w)
		n += wl
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true,
	"prof": true, "gen": true, "sen": true, "rep": true, "gov": true, "lt": true, "col": true,
	"vs": true, "no": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"u.s": true, "u.k": true, "u.n": true, "e.g": true, "i.e": true, "inc": true, "co": true,
}

// sentences splits text after ., ! or ? (and closing quotes) when the next
// word starts with a capital letter, digit or quote, or a letter of a script
// without case (Korean, Chinese, ...), skipping abbreviations.
func sentences(text string) []string {
	var out []string
	// rs holds the runes and bytePos their byte offsets in text, taken from
	// the string itself so that invalid UTF-8 (one byte decoded as the
	// three-byte U+FFFD) cannot shift the offsets.
	rs := make([]rune, 0, len(text))
	bytePos := make([]int, 0, len(text)+1)
	for b, r := range text {
		rs = append(rs, r)
		bytePos = append(bytePos, b)
	}
	bytePos = append(bytePos, len(text))
	start := 0
	for i := 0; i < len(rs); i++ {
		if !strings.ContainsRune(".!?…", rs[i]) {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune(`"'”’)]`, rs[j]) {
			j++
		}
		if j >= len(rs) || !unicode.IsSpace(rs[j]) {
			continue
		}
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k >= len(rs) {
			break
		}
		if !startsSentence(rs[k]) {
			continue
		}
		// A closing quote or bracket after the full stop ends the sentence
		// even after an abbreviation: `he said "No." Then`.
		if rs[i] == '.' && j == i+1 && isAbbreviation(rs[start:i]) {
			continue
		}
		out = append(out, strings.TrimSpace(text[bytePos[start]:bytePos[j]]))
		start = k
		i = k - 1
	}
	if start < len(rs) {
		if s := strings.TrimSpace(text[bytePos[start]:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// startsSentence reports whether r can open a sentence: an upper-case or
// caseless letter, a digit or an opening quote or bracket.
func startsSentence(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'“‘(`, r) ||
		(unicode.IsLetter(r) && !unicode.IsLower(r))
}

func isAbbreviation(before []rune) bool {
	w := len(before)
	i := w
	for i > 0 && !unicode.IsSpace(before[i-1]) {
		i--
	}
	word := strings.ToLower(string(before[i:w]))
	word = strings.TrimLeft(word, `"'“‘(`)
	if abbreviations[word] {
		return true
	}
	// Single initials such as "J." in "John F. Kennedy".
	return utf8.RuneCountInString(word) == 1 && unicode.IsLetter([]rune(word)[0])
}

// Sentences splits text into sentences the way passages are cut, so that
// a reader quoting a sentence quotes one the corpus itself would cut.
func Sentences(text string) []string { return sentences(text) }
