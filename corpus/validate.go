package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

var (
	idPattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)
	colorPattern  = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	localePattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)
)

// ValidID reports whether id is a valid event or side id: lowercase
// letters, digits, "-" and "_", at most 32, starting with a letter or digit.
// Others check ids they are handed back (a button's custom_id) with it.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// ParseCatalogue reads and validates a catalogue file. Every problem is
// reported at once, each naming the event (or the section) and the field,
// with the line for what the YAML decoder found.
func ParseCatalogue(data []byte) (*Catalogue, error) {
	var c Catalogue
	var errs []error
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) { // EOF: empty or comments only
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, fmt.Errorf("catalogue: %w", err) // not YAML at all: the decoder names the line
		}
		// The decoder carries on past a wrong field, so the checks below
		// still see the rest of the file. Only now is the file read again
		// as nodes, to name the event and field of each line.
		var root yaml.Node
		_ = yaml.Unmarshal(data, &root) // it decoded above: it parses
		where := locate(&root)
		for _, msg := range te.Errors {
			errs = append(errs, where.explain(msg))
		}
	}
	seen := map[string]bool{}
	for i, e := range c.Events {
		if e == nil {
			errs = append(errs, fmt.Errorf("event %d: empty", i+1))
			continue
		}
		errs = append(errs, checkEvent(i, e, seen)...)
	}
	c.Events = slices.DeleteFunc(c.Events, func(e *Event) bool { return e == nil })
	c.Context = normAll(c.Context)
	for i, t := range c.Terms {
		errs = append(errs, checkTerm(i, t)...)
	}
	errs = append(errs, checkSubject(&c.Subject)...)
	errs = append(errs, checkSides(c.Sides)...)
	for i, g := range c.Synonyms {
		errs = append(errs, checkSynonyms(i, g)...)
	}
	errs = append(errs, checkNotEvents(c.NotEvents)...)
	c.NotEvents = normAll(c.NotEvents)
	var abbrErrs []error
	c.Abbreviations, abbrErrs = checkAbbreviations(c.Abbreviations)
	errs = append(errs, abbrErrs...)
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	return &c, nil
}

// checkEvent validates the i-th event of a file and fills in what it
// leaves out (status, leaders, the English name and summary).
func checkEvent(i int, e *Event, seen map[string]bool) []error {
	e.ID = strings.ToLower(strings.TrimSpace(e.ID))
	c := &eventCheck{e: e, at: fmt.Sprintf("event %q", e.ID)}
	switch {
	case !ValidID(e.ID):
		c.at = fmt.Sprintf("event %d", i+1)
		c.bad("id: %q must be 1-32 lower-case letters, digits, - or _, such as hanoi", e.ID)
	case seen[e.ID]:
		c.bad("id: listed twice")
	}
	seen[e.ID] = true
	c.texts()
	c.when()
	c.people()
	c.looks()
	c.tagging()
	return c.errs
}

// eventCheck gathers what is wrong with one event, each problem prefixed
// with where it is: `event "hanoi": color: …`.
type eventCheck struct {
	e    *Event
	at   string
	errs []error
}

func (c *eventCheck) bad(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf(c.at+": "+format, args...))
}

// texts checks the name and summary in each language and sets the
// English ones.
func (c *eventCheck) texts() {
	e := c.e
	if len(e.Names) == 0 {
		c.bad("name: missing; write it as a text or by locale, such as {en: Hanoi summit, ko: 하노이 정상회담}")
	} else {
		c.errs = append(c.errs, checkText(c.at+": name", e.Names)...)
	}
	e.Name = e.Names["en"]
	if len(e.Summaries) > 0 {
		c.errs = append(c.errs, checkText(c.at+": summary", e.Summaries)...)
	}
	e.Summary = e.Summaries["en"]
}

// when checks the status, dates and span, and fills in the status.
func (c *eventCheck) when() {
	e := c.e
	switch e.Status {
	case "":
		e.Status = "held"
		if e.Start.IsZero() {
			e.Status = "prospective"
		}
	case "held":
		if e.Start.IsZero() {
			c.bad("start: a held event needs its start date, such as 2019-02-27")
		}
	case "prospective":
	default:
		c.bad("status: %q is neither held nor prospective", e.Status)
	}
	switch {
	case !e.End.IsZero() && e.Start.IsZero():
		c.bad("end: an end without a start")
	case !e.End.IsZero() && e.End.Before(e.Start.Time):
		c.bad("end: %s is before the start, %s", e.End.Format(time.DateOnly), e.Start.Format(time.DateOnly))
	}
	if d, err := time.ParseDuration(e.Span); e.Span != "" && (err != nil || d <= 0) {
		c.bad("span: %q is not a length such as 50m or 48h", e.Span)
	}
}

// people checks the leaders, the first two participants when not given.
func (c *eventCheck) people() {
	e := c.e
	if len(e.Leaders) == 0 {
		e.Leaders = slices.Clone(e.Participants[:min(2, len(e.Participants))])
	}
	for _, l := range e.Leaders {
		if !slices.Contains(e.Participants, l) {
			c.bad("leaders: %q is not one of its participants", l)
		}
	}
}

// looks checks what a card shows beside the texts: colour, links, aliases.
func (c *eventCheck) looks() {
	e := c.e
	if e.Color != "" && !colorPattern.MatchString(e.Color) {
		c.bad("color: %q is not a colour such as \"#E67E22\"", e.Color)
	}
	for j, l := range e.Links {
		u, err := url.Parse(strings.TrimSpace(l.URL))
		switch {
		case strings.TrimSpace(l.Title) == "":
			c.bad("links: link %d has no title", j+1)
		case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
			c.bad("links: link %d (%s): %q is not a web address such as https://example.org/page", j+1, l.Title, l.URL)
		}
	}
	for j, a := range e.Aliases {
		if norm(a) == "" {
			c.bad("aliases: alias %d is empty or has no letters", j+1)
		}
	}
	e.Aliases = lowerAll(e.Aliases)
}

// tagging normalises the tagging phrases and checks the event's own
// context.
func (c *eventCheck) tagging() {
	t := &c.e.Tagging
	t.Phrases, t.Places, t.Dates = normAll(t.Phrases), normAll(t.Places), normAll(t.Dates)
	given := len(t.Context)
	t.Context = normAll(t.Context)
	switch {
	case given > 0 && len(t.Context) == 0:
		// An empty list would quietly fall back to the catalogue's context.
		c.bad("tagging: context: no phrase has letters; list the phrases that must stand beside its places and dates")
	case len(t.Context) > 0 && len(t.Places)+len(t.Dates) == 0:
		c.bad("tagging: context: the event has no places or dates for it to apply to")
	}
}

// checkSubject validates the subject section.
func checkSubject(s *Subject) []error {
	var errs []error
	if len(s.Name) > 0 {
		errs = append(errs, checkText("subject: name", s.Name)...)
	}
	for i, q := range s.Questions {
		errs = append(errs, checkText(fmt.Sprintf("subject: question %d", i+1), q)...)
	}
	for i, q := range s.Searches {
		if s.Searches[i] = strings.TrimSpace(q); s.Searches[i] == "" {
			errs = append(errs, fmt.Errorf("subject: search %d is empty", i+1))
		}
	}
	return errs
}

// checkSides validates the sides section and normalises its words.
func checkSides(sides []Side) []error {
	var errs []error
	seen := map[string]bool{}
	for i := range sides {
		sd := &sides[i]
		sd.ID = strings.ToLower(strings.TrimSpace(sd.ID))
		switch {
		case !ValidID(sd.ID):
			errs = append(errs, fmt.Errorf("side %d: id %q must be 1-32 lower-case letters, digits, - or _", i+1, sd.ID))
		case seen[sd.ID]:
			errs = append(errs, fmt.Errorf("side %q: listed twice", sd.ID))
		case len(sd.Words) == 0:
			errs = append(errs, fmt.Errorf("side %q: words: none; list how a question names it, such as [united states, washington]", sd.ID))
		}
		seen[sd.ID] = true
		sd.Words = normAll(sd.Words)
	}
	return errs
}

// checkText reports what is wrong with a text of the file, at names where.
func checkText(at string, t Text) []error {
	var errs []error
	if strings.TrimSpace(t["en"]) == "" {
		errs = append(errs, fmt.Errorf("%s: en: the English text is missing", at))
	}
	for _, loc := range slices.Sorted(maps.Keys(t)) {
		if !localePattern.MatchString(loc) {
			errs = append(errs, fmt.Errorf("%s: %q is not a locale such as en or ko", at, loc))
		}
		t[loc] = strings.TrimSpace(t[loc])
	}
	return errs
}

// checkTerm reports what is wrong with the i-th term of the file.
func checkTerm(i int, t Term) []error {
	var errs []error
	at := fmt.Sprintf("term %d", i+1)
	if en := t["en"]; len(en) > 0 && strings.TrimSpace(en[0]) != "" {
		at = fmt.Sprintf("term %d (%s)", i+1, en[0])
	} else {
		errs = append(errs, fmt.Errorf("%s: en: the English form is missing (the articles are searched for it)", at))
	}
	if len(t) < 2 {
		errs = append(errs, fmt.Errorf("%s: no other language: add one, such as ko: [영변]", at))
	}
	for _, loc := range slices.Sorted(maps.Keys(t)) {
		if !localePattern.MatchString(loc) {
			errs = append(errs, fmt.Errorf("%s: %q is not a locale such as en or ko", at, loc))
		}
		for j, form := range t[loc] {
			form = strings.TrimSpace(form)
			if form == "" {
				errs = append(errs, fmt.Errorf("%s: %s: form %d is empty", at, loc, j+1))
			}
			t[loc][j] = form
		}
	}
	return errs
}

// checkSynonyms reports what is wrong with the i-th synonym group.
func checkSynonyms(i int, g []string) []error {
	var errs []error
	at := fmt.Sprintf("synonyms: group %d", i+1)
	if len(g) > 0 {
		at = fmt.Sprintf("synonyms: group %d (%s)", i+1, g[0])
	}
	seen := map[string]bool{}
	for j, m := range g {
		// As written, lower-cased: "kim jong-un" beside "kim jong un" is
		// how an article may spell it.
		n := strings.ToLower(strings.TrimSpace(m))
		g[j] = n
		switch {
		case norm(n) == "":
			errs = append(errs, fmt.Errorf("%s: member %d is empty or has no letters", at, j+1))
		case seen[n]:
			errs = append(errs, fmt.Errorf("%s: %q is listed twice", at, m))
		}
		seen[n] = true
	}
	if len(seen) < 2 {
		errs = append(errs, fmt.Errorf("%s: a group needs two words or phrases at least, such as [dmz, demilitarized zone]", at))
	}
	return errs
}

// checkNotEvents reports the not-events phrases that say nothing.
func checkNotEvents(phrases []string) []error {
	var errs []error
	for i, p := range phrases {
		if norm(p) == "" {
			errs = append(errs, fmt.Errorf("not_events: phrase %d is empty or has no letters; write what a question says, such as panmunjom declaration", i+1))
		}
	}
	return errs
}

// checkAbbreviations validates the abbreviations and returns them
// lower-cased, each standing for its words as norm writes them.
func checkAbbreviations(abbr map[string]string) (map[string]string, []error) {
	if abbr == nil {
		return nil, nil
	}
	var errs []error
	out := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(abbr)) {
		short, long := strings.ToLower(strings.TrimSpace(k)), norm(abbr[k])
		switch {
		case len(words(short)) != 1 || words(short)[0] != short:
			errs = append(errs, fmt.Errorf("abbreviations: %q is not one word of letters or digits, such as nk", k))
		case long == "":
			errs = append(errs, fmt.Errorf("abbreviations: %q stands for nothing; write what it stands for, such as {nk: north korea}", k))
		case out[short] != "":
			errs = append(errs, fmt.Errorf("abbreviations: %q is listed twice", short))
		case long == short:
			errs = append(errs, fmt.Errorf("abbreviations: %q stands for itself", k))
		}
		out[short] = long
	}
	return out, errs
}

// check reports what is wrong with a catalogue as a whole, once merged:
// an event's asked for a side no file defines, and a name or alias that
// two events share (a user typing it would get either).
func (c *Catalogue) check() error {
	var errs []error
	owner := map[string]string{} // normalised id, name or alias -> event id
	for _, e := range c.Events {
		for _, id := range slices.Sorted(maps.Keys(e.Asked)) {
			if _, ok := c.side(id); !ok {
				errs = append(errs, fmt.Errorf("event %q: asked: %q is not a side (sides: %s)", e.ID, id, strings.Join(c.sideIDs(), ", ")))
			}
		}
		for _, n := range slices.Concat([]string{e.ID}, e.AllNames(), e.Aliases) {
			k := norm(n)
			if o, ok := owner[k]; ok && o != e.ID {
				errs = append(errs, fmt.Errorf("event %q: %q also names event %q; give each event its own names and aliases", e.ID, n, o))
			}
			owner[k] = e.ID
		}
	}
	return errors.Join(errs...)
}

// spot is a stretch of lines of the file and what they hold: `event
// "hanoi": start`.
type spot struct {
	from, to int
	what     string
}

// spots map a decoder error's line to the event and field it is in.
type spots []spot

// locate lists where each event's fields (and each top-level section) are
// in the file.
func locate(root *yaml.Node) spots {
	var out spots
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	top := root.Content[0].Content
	for k := 0; k+1 < len(top); k += 2 {
		key, val := top[k], top[k+1]
		out = append(out, spot{key.Line, lastLine(val), key.Value})
		if key.Value != "events" && key.Value != "sides" || val.Kind != yaml.SequenceNode {
			continue
		}
		kind := strings.TrimSuffix(key.Value, "s")
		for i, item := range val.Content {
			what := fmt.Sprintf("%s %d", kind, i+1)
			if id := field(item, "id"); id != "" {
				what = fmt.Sprintf("%s %q", kind, strings.ToLower(id))
			}
			out = append(out, spot{item.Line, lastLine(item), what})
			for f := 0; item.Kind == yaml.MappingNode && f+1 < len(item.Content); f += 2 {
				out = append(out, spot{item.Content[f].Line, lastLine(item.Content[f+1]), what + ": " + item.Content[f].Value})
			}
		}
	}
	return out
}

// field is the scalar value of key in a mapping node, or "".
func field(n *yaml.Node, key string) string {
	for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// lastLine is the last line a node's text reaches.
func lastLine(n *yaml.Node) int {
	last := n.Line
	if n.Kind == yaml.ScalarNode {
		last += strings.Count(strings.TrimRight(n.Value, "\n"), "\n") // a block scalar's lines
	}
	for _, c := range n.Content {
		last = max(last, lastLine(c))
	}
	return last
}

var (
	decodeLine   = regexp.MustCompile(`^line (\d+): (.*)$`)
	unknownField = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
)

// explain turns a decoder message ("line 12: field colour not found in
// type corpus.Event") into one that names the event and the field.
func (s spots) explain(msg string) error {
	m := decodeLine.FindStringSubmatch(msg)
	if m == nil {
		return errors.New(msg)
	}
	line, _ := strconv.Atoi(m[1])
	what, rest := "", m[2]
	best := -1
	for i, sp := range s {
		if sp.from <= line && line <= sp.to && (best < 0 || sp.to-sp.from <= s[best].to-s[best].from) {
			best = i
		}
	}
	if best >= 0 {
		what = s[best].what + ": "
	}
	if u := unknownField.FindStringSubmatch(rest); u != nil {
		rest = fmt.Sprintf("%q is not a field here", u[1])
		if near, ok := Nearest(u[1], keysOf(u[2])); ok {
			rest += fmt.Sprintf("; did you mean %s?", near)
		}
	}
	return fmt.Errorf("%sline %d: %s", what, line, rest)
}

// keysOf lists the YAML keys of one of the catalogue's types, named as
// the decoder names it ("corpus.Event").
func keysOf(typeName string) []string {
	for _, v := range []any{Catalogue{}, Event{}, Link{}, Tagging{}, Side{}, Subject{}} {
		t := reflect.TypeOf(v)
		if t.String() != typeName {
			continue
		}
		var keys []string
		for i := range t.NumField() {
			if k, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); k != "" && k != "-" {
				keys = append(keys, k)
			}
		}
		return keys
	}
	return nil
}

// Nearest is the candidate closest to typed when it is close enough to be
// what was meant, for a "did you mean" (a misspelt key of the catalogue
// file; a subcommand or event on the command line): at most one edit away
// (a letter added, dropped or changed, or two neighbours swapped; see
// EditDistance) when typed is under 6 runes long, two from 6 runes. Case
// is ignored; the candidate is returned as given, the first of equally
// close ones; ok is false when none is close enough.
func Nearest(typed string, candidates []string) (near string, ok bool) {
	typed = strings.ToLower(typed)
	maxD := 1
	if utf8.RuneCountInString(typed) >= 6 {
		maxD = 2
	}
	best, bestD := -1, maxD+1
	for i, c := range candidates {
		if d := EditDistance(typed, strings.ToLower(c), bestD-1); d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return "", false
	}
	return candidates[best], true
}

// EditDistance is the optimal-string-alignment distance (Levenshtein with
// adjacent transpositions) between a and b, stopping early above max.
func EditDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
