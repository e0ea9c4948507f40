package corpus

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// errUnsupported marks files whose extension is not an article format.
var errUnsupported = errors.New("unsupported file type")

// parseFile reads the articles in one file. name is the path relative to the
// corpus root and selects the format by extension: .md/.markdown (optional
// YAML front matter), .txt, .json (an object or an array of objects) and
// .jsonl/.ndjson. Parts of a JSON Lines file that do not parse are returned
// as warnings while the other lines are kept.
func parseFile(name string, data []byte) ([]Article, []Warning, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, nil, errors.New("binary file (contains NUL bytes)")
	}
	if !utf8.Valid(data) {
		return nil, nil, errors.New("not UTF-8 text")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, errors.New("empty file")
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown":
		a, warns, err := parseMarkdown(name, string(data))
		if err != nil {
			return nil, nil, err
		}
		return []Article{a}, warns, nil
	case ".txt", ".text":
		a := Article{Path: name}
		setBody(&a, string(data))
		return []Article{a}, nil, nil
	case ".json":
		return parseJSON(name, data)
	case ".jsonl", ".ndjson":
		return parseJSONLines(name, data)
	}
	return nil, nil, errUnsupported
}

var fence = regexp.MustCompile(`^(---|\.\.\.)[ \t]*$`)

// parseMarkdown reads a Markdown article. A date it cannot read costs the
// date, not the article: it comes back undated with a Kept warning.
func parseMarkdown(name, text string) (Article, []Warning, error) {
	a := Article{Path: name}
	var warns []Warning
	body := text
	lines := strings.SplitAfter(text, "\n")
	if len(lines) > 0 && fence.MatchString(strings.TrimRight(lines[0], "\r\n")) && strings.HasPrefix(lines[0], "---") {
		end := -1
		for i := 1; i < len(lines); i++ {
			if fence.MatchString(strings.TrimRight(lines[i], "\r\n")) {
				end = i
				break
			}
		}
		if end < 0 {
			return a, nil, errors.New("front matter has no closing ---")
		}
		fm := strings.Join(lines[1:end], "")
		meta, err := parseFrontMatter(fm)
		if err != nil {
			return a, nil, fmt.Errorf("front matter: %w", err)
		}
		if err := applyMeta(&a, meta); err != nil {
			warns = append(warns, undated(name, "front matter: ", err))
		}
		body = strings.Join(lines[end+1:], "")
	}
	setBody(&a, cleanMarkdown(body))
	if strings.TrimSpace(a.Body) == "" {
		return a, nil, errors.New("no text after the front matter")
	}
	return a, warns, nil
}

// undated is the warning of an article indexed without the date it gave.
func undated(id, where string, err error) Warning {
	return Warning{Path: id, Reason: where + err.Error() + ": indexed without a date", Kept: true}
}

var plainKeyLine = regexp.MustCompile(`^([A-Za-z_][\w-]*):[ \t]+(.*?)[ \t]*$`)

// parseFrontMatter parses YAML; when that fails it retries once with every
// plain "key: value" line quoted, because hand-written front matter often has
// unquoted titles containing ": " or "#".
func parseFrontMatter(fm string) (map[string]any, error) {
	meta := map[string]any{}
	err := yaml.Unmarshal([]byte(fm), &meta)
	if err == nil {
		return meta, nil
	}
	var b strings.Builder
	for _, line := range strings.Split(fm, "\n") {
		line = strings.TrimRight(line, "\r")
		if m := plainKeyLine.FindStringSubmatch(line); m != nil && m[2] != "" && !strings.ContainsAny(m[2][:1], `"'[{|>&*!`) {
			line = m[1] + ": " + strconv.Quote(m[2])
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	repaired := map[string]any{}
	if err2 := yaml.Unmarshal([]byte(b.String()), &repaired); err2 == nil {
		return repaired, nil
	}
	return nil, err
}

// applyMeta moves the known keys into the article and keeps the rest. Keys
// are read in a fixed order so that a file giving both "url" and "source"
// (or "date" and "published") always yields the same article: url beats link
// beats source, and date beats published beats pubdate. A date that cannot
// be read gives way to the next date key; when none can be read, applyMeta
// returns the first date's error and the article stays undated.
func applyMeta(a *Article, meta map[string]any) (dateErr error) {
	var haveDate, haveEvents bool
	for _, k := range metaKeys(meta) {
		v := meta[k]
		switch strings.ToLower(k) {
		case "title":
			if v != nil && a.Title == "" {
				a.Title = clean(fmt.Sprint(v))
			}
		case "date", "published", "pubdate":
			if haveDate {
				continue
			}
			t, err := metaDate(v)
			if err != nil {
				if dateErr == nil {
					dateErr = err
				}
				continue
			}
			a.Date = t
			haveDate = !t.IsZero()
		case "source", "url", "link":
			if s, ok := v.(string); ok && a.URL == "" {
				a.URL = strings.TrimSpace(s)
			}
		case "events", "event":
			if !haveEvents {
				a.Events = lowerAll(stringList(v))
				haveEvents = len(a.Events) > 0
			}
		case "tags":
			a.Tags = stringList(v)
		default:
			if a.Meta == nil {
				a.Meta = map[string]any{}
			}
			a.Meta[k] = v
		}
	}
	if haveDate {
		return nil
	}
	return dateErr
}

// metaKeys are meta's keys in the order applyMeta reads them: by rank, a key
// that gives way to another coming after it (url, link, source; date,
// published, pubdate; events, event) and every other key ranking first, then
// alphabetically in any case, then exactly.
func metaKeys(meta map[string]any) []string {
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	rank := map[string]int{"url": 0, "link": 1, "source": 2, "date": 0, "published": 1, "pubdate": 2, "events": 0, "event": 1}
	slices.SortFunc(keys, func(x, y string) int {
		lx, ly := strings.ToLower(x), strings.ToLower(y)
		if c := cmp.Compare(rank[lx], rank[ly]); c != 0 {
			return c
		}
		if c := cmp.Compare(lx, ly); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	return keys
}

func metaDate(v any) (time.Time, error) {
	switch d := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return d.UTC(), nil
	case int:
		return parseDate(strconv.Itoa(d))
	case string:
		if strings.TrimSpace(d) == "" {
			return time.Time{}, nil
		}
		return parseDate(d)
	}
	return time.Time{}, fmt.Errorf("date: unexpected value %v", v)
}

// stringList accepts a YAML/JSON list or a comma-separated string.
func stringList(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		for _, s := range strings.Split(x, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	case []any:
		for _, e := range x {
			if s := strings.TrimSpace(fmt.Sprint(e)); s != "" {
				out = append(out, s)
			}
		}
	case []string:
		return x
	}
	return out
}

func lowerAll(s []string) []string {
	for i := range s {
		s[i] = strings.ToLower(s[i])
	}
	return s
}

var (
	mdImage   = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink    = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdHeading = regexp.MustCompile(`(?m)^[ \t]{0,3}#{1,6}[ \t]+`)
	mdStrong  = regexp.MustCompile(`\*\*([^*\n]+)\*\*`)
)

// cleanMarkdown drops the Markdown syntax that would otherwise end up in the
// plain passage text: images, link targets, heading marks and bold marks.
func cleanMarkdown(s string) string {
	if !strings.ContainsAny(s, "[#*") {
		return s
	}
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdHeading.ReplaceAllString(s, "")
	return mdStrong.ReplaceAllString(s, "$1")
}

// setBody stores the body and records whether single newlines separate
// paragraphs (no blank line anywhere in the text).
func setBody(a *Article, body string) {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	a.Body = strings.TrimSpace(body)
	a.lineParagraphs = !blankLine.MatchString(a.Body)
}

var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

// jsonArticle is the shape of one article in JSON and JSON Lines files.
type jsonArticle struct {
	Title   string          `json:"title"`
	Date    json.RawMessage `json:"date"`
	URL     string          `json:"url"`
	Source  string          `json:"source"`
	Body    string          `json:"body"`
	Text    string          `json:"text"`
	Content string          `json:"content"`
	Events  json.RawMessage `json:"events"`
	Tags    json.RawMessage `json:"tags"`
}

// article is the article j describes. A date it cannot read costs the
// date, not the article: it comes back undated with a Kept warning.
func (j jsonArticle) article(name string) (Article, []Warning, error) {
	a := Article{Path: name, Title: clean(j.Title), URL: strings.TrimSpace(j.URL)}
	if a.URL == "" {
		a.URL = strings.TrimSpace(j.Source)
	}
	var warns []Warning
	if len(j.Date) > 0 && string(j.Date) != "null" {
		var v any
		if err := json.Unmarshal(j.Date, &v); err != nil {
			return a, nil, fmt.Errorf("date: %w", err)
		}
		if f, ok := v.(float64); ok {
			v = strconv.FormatFloat(f, 'f', -1, 64)
		}
		if t, err := metaDate(v); err != nil {
			warns = append(warns, undated(name, "", err))
		} else {
			a.Date = t
		}
	}
	for _, f := range []struct {
		raw json.RawMessage
		dst *[]string
	}{{j.Events, &a.Events}, {j.Tags, &a.Tags}} {
		if len(f.raw) == 0 {
			continue
		}
		var v any
		if err := json.Unmarshal(f.raw, &v); err != nil {
			return a, nil, err
		}
		*f.dst = stringList(v)
	}
	a.Events = lowerAll(a.Events)
	body := j.Body
	if body == "" {
		body = j.Text
	}
	if body == "" {
		body = j.Content
	}
	if strings.TrimSpace(body) == "" {
		return a, nil, errors.New("no body")
	}
	setBody(&a, body)
	return a, warns, nil
}

func parseJSON(name string, data []byte) ([]Article, []Warning, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		// Decode the elements one by one so that one bad element is a
		// warning, not the loss of the whole file.
		var list []json.RawMessage
		if err := json.Unmarshal(trimmed, &list); err != nil {
			return nil, nil, fmt.Errorf("invalid JSON: %w", err)
		}
		var out []Article
		var warns []Warning
		for i, raw := range list {
			a, w, ok := jsonElement(fmt.Sprintf("%s:%d", name, i+1), raw)
			warns = append(warns, w...)
			if ok {
				out = append(out, a)
			}
		}
		if len(out) == 0 && len(warns) == 0 {
			return nil, nil, errors.New("no articles")
		}
		return out, warns, nil
	}
	var j jsonArticle
	if err := json.Unmarshal(trimmed, &j); err != nil {
		return nil, nil, fmt.Errorf("invalid JSON: %w", err)
	}
	a, warns, err := j.article(name)
	if err != nil {
		return nil, nil, err
	}
	return []Article{a}, warns, nil
}

// jsonElement reads one article of a multi-article file; a bad one becomes
// a warning (and ok false) so its neighbours are kept.
func jsonElement(id string, raw []byte) (a Article, warns []Warning, ok bool) {
	var j jsonArticle
	if err := json.Unmarshal(raw, &j); err != nil {
		return Article{}, []Warning{{Path: id, Reason: "invalid JSON: " + err.Error()}}, false
	}
	a, warns, err := j.article(id)
	if err != nil {
		return Article{}, []Warning{{Path: id, Reason: err.Error()}}, false
	}
	return a, warns, true
}

func parseJSONLines(name string, data []byte) ([]Article, []Warning, error) {
	var out []Article
	var warns []Warning
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		a, w, ok := jsonElement(fmt.Sprintf("%s:%d", name, n), line)
		warns = append(warns, w...)
		if ok {
			out = append(out, a)
		}
	}
	if err := sc.Err(); err != nil {
		return out, warns, fmt.Errorf("read lines: %w", err)
	}
	if len(out) == 0 && len(warns) == 0 {
		return nil, nil, errors.New("no articles")
	}
	return out, warns, nil
}

// clean collapses runs of white space and trims.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
