package timeline

import (
	_ "embed" // the Hangul fonts
	"fmt"
	"strings"
	"time"

	"golang.org/x/image/font/opentype"

	"github.com/summitbot/summitbot/corpus"
)

// Locales of Options.Locale.
const (
	// English draws English names with the Go fonts; it is the default.
	English = "en"
	// Korean draws Korean names, Korean dates and Korean words with Noto
	// Sans CJK KR.
	Korean = "ko"
)

// DefaultTitleKorean is the title drawn when Options.Title is empty and
// Options.Locale is Korean.
const DefaultTitleKorean = "연표"

// The Hangul fonts: Noto Sans CJK KR Regular and Bold, cut down to Hangul,
// Latin and punctuation by scripts/subset-hangul-font.sh. Their licence and
// copyright notice are in fonts/OFL.txt.
var (
	//go:embed fonts/NotoSansCJKkr-Regular.subset.otf
	hangulRegularOTF []byte
	//go:embed fonts/NotoSansCJKkr-Bold.subset.otf
	hangulBoldOTF []byte
)

// hangulFonts parses the Hangul fonts. Like the Go fonts they are parsed on
// every call: parsing is lazy (about 0.13 ms for both, against some 90 ms
// for a render), so the package keeps no parsed fonts between calls.
func hangulFonts() (fontSet, error) {
	regular, err := opentype.Parse(hangulRegularOTF)
	if err != nil {
		return fontSet{}, fmt.Errorf("timeline: parse Noto Sans CJK KR Regular: %w", err)
	}
	bold, err := opentype.Parse(hangulBoldOTF)
	if err != nil {
		return fontSet{}, fmt.Errorf("timeline: parse Noto Sans CJK KR Bold: %w", err)
	}
	// There is no Medium in the subset (Debian's fonts-noto-cjk has Regular
	// and Bold only); the dates, Medium in English, are set in Regular.
	return fontSet{regular: regular, medium: regular, bold: bold}, nil
}

// family is a font family the picture draws with.
type family int

const (
	familyGo            family = iota // the Go fonts: Latin, Greek, Cyrillic, no Hangul
	familyNotoSansCJKKR               // Noto Sans CJK KR, embedded under fonts/
)

// words are the picture's words and date formats in one language.
type words struct {
	locale       string // of corpus.Event.NameIn
	family       family // the fonts the language draws with
	defaultTitle string
	held         string // the legend's filled marker
	notYetHeld   string // the legend's hollow marker, and an undated prospective event's dates
	dateUnknown  string // an undated event that is not prospective
	planned      string // after a prospective event's dates
	unnamed      string // an event with neither name nor id
	empty        string // the picture with no events
	// days formats the days from s to t (t not before s).
	days func(s, t time.Time) string
	// year labels a January tick, month another tick, monthYear the first
	// tick when no January is in view.
	year, month, monthYear func(time.Time) string
	// yearWidest and monthYearWidest are the widest year and month-and-year
	// labels, which space the ticks.
	yearWidest, monthYearWidest string
}

// english are the words of the English picture.
var english = &words{
	locale:       English,
	family:       familyGo,
	defaultTitle: DefaultTitle,
	held:         "held",
	notYetHeld:   "not yet held",
	dateUnknown:  "date unknown",
	planned:      " (planned)",
	unnamed:      "Unnamed event",
	empty:        "Nothing to show yet: no summits to put on the timeline.",
	days: func(s, t time.Time) string {
		switch {
		case sameDay(s, t):
			return s.Format("2 Jan 2006")
		case s.Year() == t.Year() && s.Month() == t.Month():
			return fmt.Sprintf("%d–%s", s.Day(), t.Format("2 Jan 2006"))
		case s.Year() == t.Year():
			return s.Format("2 Jan") + " – " + t.Format("2 Jan 2006")
		}
		return s.Format("2 Jan 2006") + " – " + t.Format("2 Jan 2006")
	},
	year:            func(t time.Time) string { return t.Format("2006") },
	month:           func(t time.Time) string { return t.Format("Jan") },
	monthYear:       func(t time.Time) string { return t.Format("Jan 2006") },
	yearWidest:      "2000",
	monthYearWidest: "Sep 2000",
}

// korean are the words of the Korean picture, with dates as Koreans write
// them: "2018년 6월 12일", "2019년 2월 27–28일".
var korean = &words{
	locale:          Korean,
	family:          familyNotoSansCJKKR,
	defaultTitle:    DefaultTitleKorean,
	held:            "개최", // "열림" would read as "open"
	notYetHeld:      "아직 열리지 않음",
	dateUnknown:     "날짜 미상",
	planned:         " (예정)",
	unnamed:         "이름 없는 행사",
	empty:           "아직 보여 줄 것이 없습니다. 연표에 올릴 정상회담이 없습니다.",
	days:            corpus.KoreanDays,
	year:            func(t time.Time) string { return fmt.Sprintf("%d년", t.Year()) },
	month:           func(t time.Time) string { return fmt.Sprintf("%d월", t.Month()) },
	monthYear:       func(t time.Time) string { return fmt.Sprintf("%d년 %d월", t.Year(), t.Month()) },
	yearWidest:      "2000년",
	monthYearWidest: "2000년 12월",
}

// wordsFor picks the words of a locale: Korean for "ko" (and "ko-KR"),
// English for anything else.
func wordsFor(locale string) *words {
	l := strings.ToLower(strings.TrimSpace(locale))
	if l == Korean || strings.HasPrefix(l, Korean+"-") || strings.HasPrefix(l, Korean+"_") {
		return korean
	}
	return english
}

// dateText renders an event's dates compactly in w's language: "12 Jun
// 2018", "27–28 Feb 2019", "30 Jun – 2 Jul 2019", "not yet held".
func (w *words) dateText(e *corpus.Event, prospective bool) string {
	if e.Start.IsZero() {
		if prospective {
			return w.notYetHeld
		}
		return w.dateUnknown
	}
	s, t := e.Start.Time, e.End.Time
	if t.IsZero() || t.Before(s) {
		t = s
	}
	out := w.days(s, t)
	if prospective {
		out += w.planned
	}
	return out
}
