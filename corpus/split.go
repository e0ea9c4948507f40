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
	// MaxPassageRunes is the longest passage; longer paragraphs are cut at
	// sentence boundaries.
	MaxPassageRunes = 1000
	// shortRunes: a sentence-like paragraph shorter than this is merged into
	// its neighbour so it is not ranked on its own.
	shortRunes = 120
	// captionRunes: a line shorter than this without closing punctuation is
	// a caption, heading or credit, and is dropped.
	captionRunes = 200
)

var boilerplate = regexp.MustCompile(`(?i)^(scroll down for (the )?video|advertisement|share this article|related articles?|read more|click here|comments?|share or comment on this article|follow us on .*|sign up .*newsletter.*|(image|photo|picture)s?( credit)?:.*)[.:!]*$`)

// Split cuts an article into passages: one per paragraph, long paragraphs cut
// at sentence boundaries, captions and boilerplate dropped, and very short
// sentences merged into the next paragraph. It does not tag events.
func Split(a Article) []Passage {
	var out []Passage
	var pending string // short paragraph waiting to be merged
	emit := func(text string) {
		out = append(out, Passage{
			ID:       fmt.Sprintf("%s#%d", a.Path, len(out)),
			Source:   sourceOf(a.Path),
			Title:    a.Title,
			Date:     a.Date,
			URL:      a.URL,
			Text:     text,
			Position: len(out),
		})
	}
	for _, para := range paragraphs(a) {
		if isFragment(para) {
			continue
		}
		if pending != "" {
			if utf8.RuneCountInString(pending)+1+utf8.RuneCountInString(para) <= MaxPassageRunes {
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
		for _, chunk := range cutSentences(para, MaxPassageRunes) {
			emit(chunk)
		}
	}
	if pending != "" {
		if n := len(out); n > 0 && utf8.RuneCountInString(out[n-1].Text)+1+utf8.RuneCountInString(pending) <= MaxPassageRunes {
			out[n-1].Text += " " + pending
		} else {
			emit(pending)
		}
	}
	return out
}

// sourceOf strips the ":N" suffix that multi-article files add to a path.
func sourceOf(p string) string {
	if i := strings.LastIndexByte(p, ':'); i > 0 && i > strings.LastIndexByte(p, '/') {
		if _, err := fmt.Sscanf(p[i+1:], "%d", new(int)); err == nil {
			return p[:i]
		}
	}
	return p
}

// paragraphs returns the cleaned paragraphs of the body.
func paragraphs(a Article) []string {
	var raw []string
	if a.lineParagraphs {
		raw = strings.Split(a.Body, "\n")
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

// isFragment reports captions, credits and boilerplate lines.
func isFragment(p string) bool {
	if boilerplate.MatchString(p) {
		return true
	}
	if utf8.RuneCountInString(p) >= captionRunes {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(p, `"'”’)]`))
	return !strings.ContainsRune(".!?…:;", last)
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
// word starts with a capital letter, digit or quote, skipping abbreviations.
func sentences(text string) []string {
	var out []string
	start := 0
	rs := []rune(text)
	bytePos := make([]int, len(rs)+1)
	b := 0
	for i, r := range rs {
		bytePos[i] = b
		b += utf8.RuneLen(r)
	}
	bytePos[len(rs)] = b
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
		if !(unicode.IsUpper(rs[k]) || unicode.IsDigit(rs[k]) || strings.ContainsRune(`"'“‘(`, rs[k])) {
			continue
		}
		if rs[i] == '.' && isAbbreviation(rs[start:i]) {
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
