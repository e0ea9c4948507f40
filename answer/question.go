package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds returns every Kind an Answer may have, in a new slice each time
// (no caller can change another's).
func Kinds() []Kind {
	return []Kind{KindWhen, KindWhere, KindWho, KindWhat, KindOutcome, KindWhy, KindNext, KindAsked, KindGeneral}
}

// IsQuestion reports whether text asks something, as a reader of chat
// would tell: a question mark; a question word or an auxiliary as its
// first English word (chat words such as "hey" or "ok" skipped, chat
// spellings such as "whats" read); or its last Korean word a question,
// by its ending or as a question word with a particle ("어디예요").
// A statement with a question word in it ("I know when they met") is no
// question; nor is every Korean sentence, as the answerer reads them.
func IsQuestion(text string) bool {
	if strings.ContainsAny(text, "?？") {
		return true
	}
	for _, w := range splitWords(strings.ToLower(text)) {
		if chatWords[w] {
			continue
		}
		if s, ok := slang[w]; ok {
			w, _, _ = strings.Cut(s, " ")
		}
		if whWords[w] || auxiliaries[w] {
			return true
		}
		break
	}
	fs := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return len(fs) > 0 && koreanQuestion(fs[len(fs)-1])
}

// Final consonants (jongseong) of a Hangul syllable, as Unicode numbers
// them: see batchim.
const (
	finalNone = 0
	finalN    = 4  // ㄴ
	finalL    = 8  // ㄹ
	finalB    = 17 // ㅂ
)

// batchim is the final consonant of a Hangul syllable (finalNone for
// none), or -1 for any other rune.
func batchim(r rune) int {
	if r < 0xAC00 || r > 0xD7A3 {
		return -1
	}
	return int(r-0xAC00) % 28
}

// koreanQuestion reports whether a Korean word (a whole one: the ending
// is read against the syllable before it, so "어머니" (mother) and
// "끝났다니" (that it ended!) are no "-니" questions, nor "그러니까"
// (so) a "-니까" one) ends a question:
//   - -ㅂ니까 (갑니까, 있습니까), -ㄹ까(요) (갈까, 있을까요);
//   - -나요 (갔나요), -ㄴ가(요) (인가요, 했는가);
//   - -니, -나 after a final consonant other than ㄴ and ㄹ (갔니, 먹니,
//     됐나; not 언니, 틀니, 하나);
//   - -냐 after a final consonant or 이, 느, 뭐 (했냐, 뭐냐; not 케냐);
//   - a question word of the answerer's (koreanAsked), alone or with a
//     particle (누구, 어디예요, 언제였어요).
func koreanQuestion(w string) bool {
	rs := []rune(w)
	n := len(rs)
	before := func(k int) rune { // the rune k places before the end
		if n-k-1 < 0 {
			return 0
		}
		return rs[n-k-1]
	}
	end := string(rs[n-1])
	if end == "요" && n > 1 {
		rs, n, end = rs[:n-1], n-1, string(rs[n-2])
	}
	switch end {
	case "까":
		b := batchim(before(1))
		return b == finalL || before(1) == '니' && batchim(before(2)) == finalB
	case "나":
		if len(rs) < utf8.RuneCountInString(w) { // -나요
			return n > 1
		}
		b := batchim(before(1))
		return b > finalNone && b != finalN && b != finalL
	case "가":
		return batchim(before(1)) == finalN
	case "니":
		b := batchim(before(1))
		return b > finalNone && b != finalN && b != finalL
	case "냐":
		p := before(1)
		return batchim(p) > finalNone || p == '이' || p == '느' || p == '뭐'
	}
	for _, k := range koreanAsked {
		if rest, ok := strings.CutPrefix(w, k.word); ok && (rest == "" || koreanParticles[rest]) {
			return true
		}
	}
	return false
}
