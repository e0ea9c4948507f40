package corpus

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// dateLayouts are the formats people and feeds actually write, most specific
// first. Matching is done on a trimmed string.
var dateLayouts = []string{
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02-15-04-05",
	"2006-01-02-15-04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"2006.01.02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC850,
	time.RFC822Z,
	time.RFC822,
	time.ANSIC,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006",
	"Monday, January 2, 2006",
	"Monday, 2 January 2006",
	"January 2, 2006 15:04",
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"Jan 2 2006",
	"2 January 2006",
	"2 Jan 2006",
	"02-Jan-2006",
	"January 2006",
	"Jan 2006",
	"2006-01",
	"2006",
}

var ordinalSuffix = regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`)

// parseDate reads a date in any of the common formats found in front matter
// and feeds ("2020-09-20-20-54-47", "2018-06-12", "June 12th, 2018",
// RFC 3339, RFC 1123, ...). Dates without a zone are taken as UTC.
func parseDate(s string) (time.Time, error) {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Trim(s, `"'`)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	norm := ordinalSuffix.ReplaceAllString(s, "$1")
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, norm); err == nil {
			return t.UTC(), nil
		}
	}
	// US and European slash dates are ambiguous; accept them only when one
	// reading is impossible, and prefer month/day when both are possible.
	for _, layout := range []string{"1/2/2006", "2/1/2006", "1/2/2006 15:04", "2/1/2006 15:04"} {
		if t, err := time.Parse(layout, norm); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised date %q", s)
}
