package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// CatalogueFile is the name of the event catalogue inside a corpus folder.
// The embedded default corpus ships one; an operator's corpus folder may
// carry its own, whose events add to or replace the default ones by id.
const CatalogueFile = "events.yaml"

// Event is one summit meeting (held or prospective) of the catalogue.
type Event struct {
	ID string `yaml:"id" json:"id"`
	// Name is the event's name in English: Names["en"], set when the file
	// is read.
	Name string `yaml:"-" json:"name"`
	// Names is the name in every language the file gives, keyed by locale:
	// {en: Hanoi summit, ko: 하노이 정상회담}; a plain string is English.
	Names        Text     `yaml:"name" json:"names,omitempty"`
	Status       string   `yaml:"status" json:"status"` // "held" or "prospective"
	Start        Date     `yaml:"start" json:"start,omitzero"`
	End          Date     `yaml:"end" json:"end,omitzero"`
	Place        string   `yaml:"place" json:"place"`
	Participants []string `yaml:"participants" json:"participants"`
	// Leaders are the participants who met (the first two participants
	// when not given): "how many times have X and Y met" counts the events
	// whose leaders they are.
	Leaders []string `yaml:"leaders" json:"leaders,omitempty"`
	// Summary is the summary in English, Summaries["en"]; Summaries holds
	// it in every language the file gives, like Names.
	Summary   string   `yaml:"-" json:"summary"`
	Summaries Text     `yaml:"summary" json:"summaries,omitempty"`
	Outcomes  []string `yaml:"outcomes" json:"outcomes"`
	Links     []Link   `yaml:"links" json:"links"`
	Aliases   []string `yaml:"aliases" json:"aliases"`
	Tagging   Tagging  `yaml:"tagging" json:"-"`
	// Color is the event's colour on cards and the timeline, "#RRGGBB";
	// empty gives the neutral one.
	Color string `yaml:"color" json:"color,omitempty"`

	// The fields below answer questions about the event (package answer).
	// Every fact in them must also be stated in the corpus articles, since
	// an answer is shown with passages that support it. Empty means "not
	// known": an answer then says the corpus cannot tell rather than guess.

	// Venue is the building and place, written to follow "at":
	// "the Capella Hotel on Sentosa Island, Singapore".
	Venue string `yaml:"venue" json:"venue,omitempty"`
	// Duration says how long the leaders met, written to follow "lasted":
	// "about fifty minutes". Only when the articles state it.
	Duration string `yaml:"duration" json:"duration,omitempty"`
	// Span orders events by length for comparisons ("which summit was
	// shortest"), as a Go duration ("50m", "48h"); Duration says it in
	// words, and a comparison's answer is Duration's sentence.
	Span string `yaml:"span" json:"span,omitempty"`
	// Brief is a one-sentence summary of the event.
	Brief string `yaml:"brief" json:"brief,omitempty"`
	// Attendees, Signed, Result, the values of Asked, Next and Why are
	// complete sentences (one or two), each able to stand alone as an
	// answer: who was there; what was signed, agreed or said; how it
	// ended; what the United States and North Korea asked for; what
	// happened afterwards; and why it ended as it did or why it mattered.
	Attendees string `yaml:"attendees" json:"attendees,omitempty"`
	Signed    string `yaml:"signed" json:"signed,omitempty"`
	Result    string `yaml:"result" json:"result,omitempty"`
	// Asked is what each side asked for, keyed by the catalogue's side ids.
	Asked map[string]string `yaml:"asked" json:"asked,omitempty"`
	Next  string            `yaml:"next" json:"next,omitempty"`
	Why   string            `yaml:"why" json:"why,omitempty"`
	// Cues are phrases by which people describe the event in a question
	// ("ended early", "crossed into north korea"). Unlike tagging phrases
	// they never tag passages, so they may be loose.
	Cues []string `yaml:"cues" json:"cues,omitempty"`
}

// NameIn is the event's name in locale ("ko"), else in English. The
// English is Name, not Names.In's: an event built in Go may have a Name
// and no Names.
func (e *Event) NameIn(locale string) string {
	if n := e.Names[locale]; n != "" {
		return n
	}
	return e.Name
}

// SummaryIn is the event's summary in locale, else in English (Summary,
// as NameIn falls back on Name).
func (e *Event) SummaryIn(locale string) string {
	if s := e.Summaries[locale]; s != "" {
		return s
	}
	return e.Summary
}

// AllNames lists the event's names in every language, English first.
func (e *Event) AllNames() []string {
	names := []string{e.Name}
	for _, loc := range slices.Sorted(maps.Keys(e.Names)) {
		if n := e.Names[loc]; loc != "en" && n != "" {
			names = append(names, n)
		}
	}
	return names
}

// Link is a further-reading link of an event.
type Link struct {
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url" json:"url"`
}

// Tagging lists the lower-case phrases that mark a passage as speaking of an
// event. Phrases count on their own; places and dates only when the passage
// also holds a context phrase, so that a Hanoi hotel is not the Hanoi summit.
type Tagging struct {
	Phrases []string `yaml:"phrases"`
	Places  []string `yaml:"places"`
	Dates   []string `yaml:"dates"`
	// Context, when given, is the event's own context: its places and
	// dates count only in a passage that also holds one of these phrases
	// (apart from the place or date itself), and the catalogue's context
	// no longer does. Panmunjom, a place of several meetings, names the
	// one of 2019 only beside Trump's crossing, not merely beside Kim.
	Context []string `yaml:"context"`
}

// Date is a calendar day, written YYYY-MM-DD in the catalogue.
type Date struct{ time.Time }

// UnmarshalYAML accepts any date format parseDate knows. A bad date is a
// type error, so the decoder reports it with its line and goes on.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := parseDate(n.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %q is not a date such as 2019-02-27", n.Line, n.Value)}}
	}
	d.Time = t
	return nil
}

// MarshalJSON writes the day as YYYY-MM-DD.
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.Format(time.DateOnly) + `"`), nil
}

// Dates renders the event's dates for people: "12 June 2018",
// "27–28 February 2019", or "not yet held".
func (e *Event) Dates() string {
	switch {
	case e.Start.IsZero():
		return "not yet held"
	case e.End.IsZero() || e.End.Equal(e.Start.Time):
		return e.Start.Format("2 January 2006")
	case e.Start.Month() == e.End.Month() && e.Start.Year() == e.End.Year():
		return fmt.Sprintf("%d–%s", e.Start.Day(), e.End.Format("2 January 2006"))
	}
	return e.Start.Format("2 January 2006") + " – " + e.End.Format("2 January 2006")
}

// KoreanDay renders a day as Koreans write it: "2018년 6월 12일". The
// bot's dates and KoreanDays use it.
func KoreanDay(t time.Time) string {
	return fmt.Sprintf("%d년 %d월 %d일", t.Year(), int(t.Month()), t.Day())
}

// KoreanDays renders the days from s to t (t not before s) as Koreans
// write them: "2018년 6월 12일", "2019년 2월 27–28일", "2019년 6월 30일 –
// 7월 2일". The bot's replies and the timeline picture both use it.
func KoreanDays(s, t time.Time) string {
	day := KoreanDay
	switch {
	case !t.After(s) || s.Year() == t.Year() && s.YearDay() == t.YearDay():
		return day(s)
	case s.Year() == t.Year() && s.Month() == t.Month():
		return fmt.Sprintf("%d년 %d월 %d–%d일", s.Year(), int(s.Month()), s.Day(), t.Day())
	case s.Year() == t.Year():
		return fmt.Sprintf("%s – %d월 %d일", day(s), int(t.Month()), t.Day())
	}
	return day(s) + " – " + day(t)
}

// Catalogue is the set of known summit events.
type Catalogue struct {
	// Context phrases make place names and dates count (see Tagging).
	Context []string `yaml:"context"`
	Events  []*Event `yaml:"events"`
	// Terms translate the subject's words, so that a question asked in
	// one language finds the articles written in another.
	Terms []Term `yaml:"terms"`
	// Subject says what the catalogue is about, for help texts and the
	// timeline.
	Subject Subject `yaml:"subject"`
	// Sides are the parties whose demands an event's Asked holds, in the
	// order an answer about both gives them.
	Sides []Side `yaml:"sides"`
	// ShortNames are how a sentence names a person in short, where that is
	// not the name's last word: {Kim Jong-un: Kim}.
	ShortNames map[string]string `yaml:"short_names"`
	// Synonyms are groups of words and phrases that mean one thing in a
	// search ("dmz", "demilitarized zone"). They shape the index: changing
	// one rebuilds it.
	Synonyms [][]string `yaml:"synonyms"`
	// NotEvents are lower-case phrases that hold an event's words but name
	// something else: "panmunjom declaration" is not the meeting at
	// Panmunjom. A question's words that say one name no event.
	NotEvents []string `yaml:"not_events"`
	// Abbreviations are short forms people type for the subject's names,
	// each one lower-case word, read as the words it stands for: {nk: north
	// korea}. The words they stand for name the subject, as the sides'
	// words and the leaders' names do.
	Abbreviations map[string]string `yaml:"abbreviations"`
	// Standalone makes an operator's catalogue the whole catalogue, for a
	// subject of its own: nothing of the built-in one is merged in.
	Standalone bool `yaml:"standalone"`
}

// Side is one party of the events ("us", "dprk"): the words by which a
// question names it.
type Side struct {
	ID string `yaml:"id"`
	// Words are the lower-case words and phrases that name the side in a
	// question ("united states", "washington", "trump"). One that is also
	// a common word ("us") names it only when typed in capitals: "US",
	// never the pronoun.
	Words []string `yaml:"words"`
}

// side returns the side with the given id.
func (c *Catalogue) side(id string) (Side, bool) {
	for _, s := range c.Sides {
		if s.ID == id {
			return s, true
		}
	}
	return Side{}, false
}

// AskedIn lists what each side asked for at e, in the catalogue's order of
// the sides.
func (c *Catalogue) AskedIn(e *Event) []string {
	var out []string
	for _, s := range c.Sides {
		if t := e.Asked[s.ID]; t != "" {
			out = append(out, t)
		}
	}
	return out
}

func (c *Catalogue) sideIDs() []string {
	var ids []string
	for _, s := range c.Sides {
		ids = append(ids, s.ID)
	}
	return ids
}

// Subject is what a catalogue is about, in the words the bot's help and
// timeline use.
type Subject struct {
	// Name is the subject as it follows "about": {en: the Trump–Kim
	// summits, ko: 트럼프–김정은 정상회담}.
	Name Text `yaml:"name"`
	// Questions are example questions for /ask and mentions, the first
	// shown in help.
	Questions []Text `yaml:"questions"`
	// Searches are suggested searches, offered before a user types.
	Searches []string `yaml:"searches"`
}

// Text is something said in several languages, keyed by locale ("en",
// "ko"); a plain string in the file is English.
type Text map[string]string

// UnmarshalYAML accepts a string (English) or a map of locales.
func (t *Text) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*t = Text{"en": n.Value}
		return nil
	}
	var m map[string]string
	if err := n.Decode(&m); err != nil {
		return err
	}
	*t = m
	return nil
}

// In is the text in locale, else in English.
func (t Text) In(locale string) string {
	if s := t[locale]; s != "" {
		return s
	}
	return t["en"]
}

// RGB is the event's colour as 0xRRGGBB; ok is false when it has none.
func (e *Event) RGB() (int, bool) {
	if !colorPattern.MatchString(e.Color) {
		return 0, false
	}
	var v int
	_, err := fmt.Sscanf(e.Color[1:], "%x", &v)
	return v, err == nil
}

// Term is one word or phrase of the subject in several languages, keyed by
// locale ("en", "ko"): {en: [Yongbyon], ko: [영변]}. The first English
// form is what a question in another language is searched for.
type Term map[string]Forms

// Forms are the ways a term is written in one language: a single string
// or a list in the catalogue file.
type Forms []string

// UnmarshalYAML accepts a string or a list of strings.
func (f *Forms) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*f = Forms{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*f = list
	return nil
}

// loadCatalogue reads CatalogueFile from the root of fsys; a folder without
// one yields an empty catalogue.
func loadCatalogue(fsys fs.FS) (*Catalogue, error) {
	data, err := fs.ReadFile(fsys, CatalogueFile)
	if errors.Is(err, fs.ErrNotExist) {
		return &Catalogue{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", CatalogueFile, err)
	}
	c, err := ParseCatalogue(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", CatalogueFile, err)
	}
	return c, nil
}

// merge returns a catalogue holding c's events with other's added; an event
// of other with an id c already has replaces it. Context phrases, terms,
// synonym groups and not-events are joined as sets: one that is already
// there is not added again (a group with the same members in any order, a
// term with the same forms), so that the built-in catalogue merged with
// itself is itself. Other's short names, sides and abbreviations add to
// c's or replace those of the same key. A nil other adds nothing.
func (c *Catalogue) merge(other *Catalogue) *Catalogue {
	out := &Catalogue{Context: slices.Clone(c.Context), Terms: slices.Clone(c.Terms), Synonyms: slices.Clone(c.Synonyms), Subject: c.Subject,
		ShortNames: maps.Clone(c.ShortNames), Sides: slices.Clone(c.Sides), NotEvents: slices.Clone(c.NotEvents),
		Abbreviations: maps.Clone(c.Abbreviations)}
	if other == nil {
		out.Events = slices.Clone(c.Events)
		return out
	}
	for _, p := range other.Context {
		if !slices.Contains(out.Context, p) {
			out.Context = append(out.Context, p)
		}
	}
	for _, p := range other.NotEvents {
		if !slices.Contains(out.NotEvents, p) {
			out.NotEvents = append(out.NotEvents, p)
		}
	}
	if len(other.Abbreviations) > 0 && out.Abbreviations == nil {
		out.Abbreviations = map[string]string{}
	}
	maps.Copy(out.Abbreviations, other.Abbreviations)
	for _, t := range other.Terms {
		if !slices.ContainsFunc(out.Terms, func(x Term) bool { return maps.EqualFunc(x, t, slices.Equal[Forms]) }) {
			out.Terms = append(out.Terms, t)
		}
	}
	for _, g := range other.Synonyms {
		if !slices.ContainsFunc(out.Synonyms, func(x []string) bool { return sameMembers(x, g) }) {
			out.Synonyms = append(out.Synonyms, g)
		}
	}
	if len(other.ShortNames) > 0 && out.ShortNames == nil {
		out.ShortNames = map[string]string{}
	}
	maps.Copy(out.ShortNames, other.ShortNames)
	for _, sd := range other.Sides {
		if i := slices.IndexFunc(out.Sides, func(x Side) bool { return x.ID == sd.ID }); i >= 0 {
			out.Sides[i] = sd
		} else {
			out.Sides = append(out.Sides, sd)
		}
	}
	if len(other.Subject.Name) > 0 {
		// An operator's own subject is theirs: its name, questions and
		// searches replace the default ones.
		out.Subject = other.Subject
	}
	out.Events = slices.Clone(c.Events)
	for _, e := range other.Events {
		if i := slices.IndexFunc(out.Events, func(x *Event) bool { return x.ID == e.ID }); i >= 0 {
			out.Events[i] = e
		} else {
			out.Events = append(out.Events, e)
		}
	}
	return out
}

// sameMembers reports whether two synonym groups hold the same members, in
// any order (a group lists each member once).
func sameMembers(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(m string) bool { return !slices.Contains(b, m) })
}

// ShortName is how a sentence names a person in short: the catalogue's
// short name, or the name's last word ("Trump").
func (c *Catalogue) ShortName(name string) string {
	if s := c.ShortNames[name]; s != "" {
		return s
	}
	ws := strings.Fields(name)
	if len(ws) == 0 {
		return name
	}
	return ws[len(ws)-1]
}

// Leaders lists everyone who led one of the events, those who led the
// most first, then by name.
func (c *Catalogue) Leaders() []string {
	count := map[string]int{}
	for _, e := range c.Events {
		for _, l := range e.Leaders {
			count[l]++
		}
	}
	out := slices.Collect(maps.Keys(count))
	slices.SortFunc(out, func(a, b string) int {
		if d := count[b] - count[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return out
}

// MatchLeaders lists the leaders someone may mean by what they typed,
// ignoring case and punctuation ("jong-un" is "Jong Un"): first those whose
// name or short name starts with it, then those with a word that does, then
// those whose name holds it; each group in Leaders' order. Nothing typed
// matches every leader.
func (c *Catalogue) MatchLeaders(typed string) []string {
	groups := c.leaderGroups(norm(typed))
	return slices.Concat(groups[:]...)
}

// leaderGroups sorts the leaders into MatchLeaders' three groups.
func (c *Catalogue) leaderGroups(t string) [3][]string {
	var groups [3][]string
	for _, l := range c.Leaders() {
		name, short := norm(l), norm(c.ShortName(l))
		switch {
		case strings.HasPrefix(name, t) || strings.HasPrefix(short, t):
			groups[0] = append(groups[0], l)
		case strings.Contains(" "+name, " "+t):
			groups[1] = append(groups[1], l)
		case strings.Contains(name, t):
			groups[2] = append(groups[2], l)
		}
	}
	return groups
}

// Leader finds the leader a user means: the one whose full or short name
// was typed ("putin", "Kim Jong Un"), else the only one in the best group
// of MatchLeaders; a word that names several ("jong" where Kim Jong-un and
// Kim Yo-jong led) finds none.
func (c *Catalogue) Leader(typed string) (string, bool) {
	t := norm(typed)
	if t == "" {
		return "", false
	}
	for _, l := range c.Leaders() {
		if t == norm(l) || t == norm(c.ShortName(l)) {
			return l, true
		}
	}
	for _, g := range c.leaderGroups(t) {
		switch len(g) {
		case 0:
			continue
		case 1:
			return g[0], true
		}
		return "", false
	}
	return "", false
}

// LedBy lists the events the leader led, in date order.
func (c *Catalogue) LedBy(leader string) []*Event {
	var out []*Event
	for _, e := range c.Chronological() {
		if slices.Contains(e.Leaders, leader) {
			out = append(out, e)
		}
	}
	return out
}

// Event returns the event with the given id.
func (c *Catalogue) Event(id string) (*Event, bool) {
	for _, e := range c.Events {
		if e.ID == id {
			return e, true
		}
	}
	return nil, false
}

// nameEndings are what a name of an event may end with and still name
// it, in the languages the catalogue's names are written in: "Hanoi
// summit", "하노이 정상회담".
var nameEndings = []string{" summit", " meeting", " talks", " 정상회담", " 회담", " 회동"}

// trimMeeting drops a leading "the" and a trailing meeting word.
func trimMeeting(n string) string {
	n = strings.TrimPrefix(n, "the ")
	for _, suffix := range nameEndings {
		n = strings.TrimSuffix(n, suffix)
	}
	return n
}

// Resolve finds the event a user means: its id, its name in any language,
// or an alias, ignoring case, punctuation and a leading "the" or trailing
// "summit"/"meeting" ("하노이" is the 하노이 정상회담).
func (c *Catalogue) Resolve(name string) (*Event, bool) {
	n := norm(name)
	if n == "" {
		return nil, false
	}
	trimmed := trimMeeting(n)
	for _, cand := range []string{n, trimmed} {
		if cand == "" {
			continue
		}
		for _, e := range c.Events {
			// An id is compared as words, as a name is: "panmunjom-april"
			// is also "panmunjom april" (an id without - or _ is its own
			// words, and cand, being words, is never one with them).
			if cand == norm(e.ID) || slices.ContainsFunc(e.AllNames(), func(n string) bool { return cand == norm(n) || cand == trimMeeting(norm(n)) }) {
				return e, true
			}
		}
		for _, e := range c.Events {
			for _, a := range e.Aliases {
				if cand == norm(a) {
					return e, true
				}
			}
		}
	}
	return nil, false
}

// Suggest is the id of the event whose id, name in any language or alias
// is nearest to what was typed (see Nearest): a "did you mean hanoi?" for
// a name Resolve does not know.
func (c *Catalogue) Suggest(typed string) (string, bool) {
	var names, ids []string
	for _, e := range c.Events {
		for _, n := range slices.Concat([]string{e.ID}, e.AllNames(), e.Aliases) {
			names, ids = append(names, n), append(ids, e.ID)
		}
	}
	near, ok := Nearest(typed, names)
	if !ok {
		return "", false
	}
	return ids[slices.Index(names, near)], true
}

// IDs lists the event ids in catalogue order.
func (c *Catalogue) IDs() []string {
	ids := make([]string, len(c.Events))
	for i, e := range c.Events {
		ids[i] = e.ID
	}
	return ids
}

// Chronological returns the events by start date; prospective events last.
func (c *Catalogue) Chronological() []*Event {
	out := slices.Clone(c.Events)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Start, out[j].Start
		if a.IsZero() != b.IsZero() {
			return b.IsZero()
		}
		return a.Before(b.Time)
	})
	return out
}

// norm lower-cases text and turns every run of non-letters/digits into one
// space, so "Kim Jong-un's" and "kim jong un s" compare equal.
func norm(s string) string {
	return strings.Join(words(s), " ")
}

func normAll(s []string) []string {
	out := s[:0]
	for _, p := range s {
		if n := norm(p); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// words splits text into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
