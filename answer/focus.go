package answer

import (
	"regexp"
	"strings"
	"unicode"
)

// focus finds the question in a message as people type it in a channel:
// chat and filler go ("hey bot", "lol"), slang is read as the words it
// stands for ("wat", "gonna"), and of several sentences the first that asks
// something is kept. more reports that another question followed it. When
// the question needs the story around it ("… why did it fail?"), q is the
// story read as a question and core the asking clause, whose words count
// most; otherwise core is empty.
func focus(msg string, abbrev map[string]string) (q, core string, more bool) {
	if loc := neverMind.FindStringIndex(msg); loc != nil && strings.TrimSpace(msg[loc[1]:]) != "" {
		msg = msg[loc[1]:] // "where was… nvm, where did he go": the second thought
	}
	parts := clauses(msg)
	first := -1
	for i, p := range parts {
		p = normaliseSlang(p, abbrev)
		if !asking(p) {
			continue
		}
		switch {
		case first < 0 && hasContent(p):
			first = i
			q = stripStoryTail(stripAsking(p))
		case first >= 0 && hasNonChat(p):
			more = true // "… and who was there?"
		}
	}
	if first < 0 || len(parts) > 1 && (!hasContent(q) || len(contentWords(q)) < 3 && refersBack(q)) {
		// "who's right?", "how did he get there?" after the story that
		// says what is meant: the whole message's words, asked as the
		// first question word in it; the asking clause is the core.
		if first >= 0 {
			core = q
		}
		q = wholeAsk(parts, abbrev)
	}
	return strings.TrimSpace(q), strings.TrimSpace(core), more
}

// neverMind takes back what came before it; the last one counts.
var neverMind = regexp.MustCompile(`(?i).*\b(?:nvm|nevermind|never mind|scratch that|forget that)\b[\s,.!:;-]*`)

// refersBack reports a word that points at what the message said before
// the question: "how did he get there?".
func refersBack(q string) bool {
	for _, w := range splitWords(strings.ToLower(q)) {
		if backWords[w] {
			return true
		}
	}
	return false
}

var backWords = setOf(`it that this those these he she they them him her his there then right`)

func hasNonChat(p string) bool {
	for _, w := range splitWords(strings.ToLower(p)) {
		if !chatWords[w] {
			return true
		}
	}
	return false
}

// clauses splits a message at sentence ends and line breaks, keeping the
// question mark on its clause.
func clauses(msg string) []string {
	var out []string
	var b strings.Builder
	rs := []rune(msg)
	for i, r := range rs {
		b.WriteRune(r)
		end := r == '?' || r == '\n' || r == '!'
		if r == '.' && i+1 < len(rs) && unicode.IsSpace(rs[i+1]) && (i == 0 || !unicode.IsUpper(rs[i-1]) || i < 2 || rs[i-2] != ' ') {
			end = true
		}
		if end {
			out = append(out, strings.TrimSpace(b.String()))
			b.Reset()
		}
	}
	if s := strings.TrimSpace(b.String()); s != "" {
		out = append(out, s)
	}
	// "where did kim switch to a car, and how long was the ride": two.
	var split []string
	for _, c := range out {
		for {
			loc := andAsks.FindStringIndex(c)
			if loc == nil || loc[0] == 0 {
				break
			}
			split = append(split, strings.TrimSpace(c[:loc[0]]))
			c = strings.TrimSpace(c[loc[0]:])
			c = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(c, ","), " "))
			c = strings.TrimSpace(c[len("and"):])
		}
		split = append(split, c)
	}
	return split
}

// andAsks joins a second question to the first: ", and how long …".
var andAsks = regexp.MustCompile(`(?i),?\s+and\s+(?:what|when|where|who|why|how|which)\b`)

// wholeAsk joins the clauses' words behind the first question word found
// in any of them, dropping the chat: "my dad and i were arguing about why
// hanoi failed, he says … who's right?" asks why Hanoi failed.
func wholeAsk(parts []string, abbrev map[string]string) string {
	var ws []string
	wh := ""
	for _, p := range parts {
		p = normaliseSlang(p, abbrev)
		for _, w := range splitWords(strings.ToLower(p)) {
			if whWords[w] && wh == "" {
				wh = w
			}
		}
		p = stripAsking(p)
		if !asking(p) {
			p = stripStory(p)
		}
		ws = append(ws, p)
	}
	joined := strings.Join(ws, " ")
	if wh == "" || strings.HasPrefix(strings.ToLower(joined), wh+" ") {
		return joined
	}
	return wh + " " + joined
}

// asking reports whether a clause asks something: a question mark, a
// leading question word or auxiliary, or a Korean question ending.
func asking(p string) bool {
	if strings.Contains(p, "?") {
		return true
	}
	for _, seg := range strings.Split(askingPhrase.ReplaceAllString(p, " "), ",") {
		var ws []string
		for _, w := range splitWords(strings.ToLower(seg)) {
			if !chatWords[w] {
				ws = append(ws, w)
			}
		}
		for i, w := range ws[:min(len(ws), 3)] {
			// "was it sports?" asks; "i was reading reddit" tells; "the
			// liaison office, when was it" asks after its comma.
			if whWords[w] || auxiliaries[w] && i == 0 {
				return true
			}
		}
	}
	return hangulRunes(p) > 0
}

// stripAsking drops the chat words of a clause, keeping its content.
func stripAsking(p string) string {
	var out []string
	for _, w := range strings.Fields(askingPhrase.ReplaceAllString(p, " ")) {
		lw := strings.ToLower(strings.Trim(w, ",.!?;:"))
		if chatWords[lw] {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// stripStoryTail drops the story words of what follows a question's comma
// when it tells rather than asks: "what did trump show kim, i remember
// something about a car" asks about a car, not about remembering.
func stripStoryTail(q string) string {
	segs := strings.Split(q, ",")
	for i := 1; i < len(segs); i++ {
		ws := strings.Fields(strings.ToLower(segs[i]))
		if len(ws) > 1 && ws[0] == "i" && !asking(segs[i]) {
			segs[i] = " " + stripStory(segs[i])
		}
	}
	return strings.Join(segs, ",")
}

// stripStory drops the words that tell how the question came up ("my
// roommate says", "i was reading reddit") from a clause that asks nothing.
func stripStory(p string) string {
	var out []string
	for _, w := range strings.Fields(storyPhrase.ReplaceAllString(p, " ")) {
		if !storyWords[strings.ToLower(strings.Trim(w, ",.!?;:"))] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// storyPhrase is chat that tells, not asks: "no way", "for real".
var storyPhrase = regexp.MustCompile(`(?i)\b(?:no way|for real|i mean|you know)\b`)

// storyWords tell how a question came up. They say how people talk, never
// what happened.
var storyWords = setOf(`i me my we our you he she they someone somebody anyone nobody everyone people guy guys
dad mom mum father mother brother sister roommate friend friends teacher prof professor class classmate
coworker boss wife husband girlfriend boyfriend uncle aunt grandpa grandma kid kids
say says said saying tell tells told think thinks thought believe believes reckon claim claims
read reading reddit twitter tiktok youtube online article post saw seen heard hear remember remembered
forgot forget arguing argued argue argument debate debating talking talked chatting discussing fight fighting
sounds seems seem looks made fake true wrong right sure bet tbh honestly literally night lol work school
paper essay homework quiz test tomorrow studying study notes writing write need want wanted wondering
poli sci course lecture exam midterm history
going back forth all been keep keeps mixing up one thing nailed down basically though tho`)

// askingPhrase asks for an answer without saying about what: "wanna
// know", "can you tell me".
var askingPhrase = regexp.MustCompile(`(?i)\b(?:(?:i\s+)?(?:wanna|want to|would like to|'d like to|need to)\s+know|do you know|does anyone know|can (?:you|u|someone) tell me|tell me|i wonder|i was wondering|any idea)\b`)

// contentWords are a text's words that say what it is about.
func contentWords(p string) []string {
	var out []string
	for _, w := range splitWords(strings.ToLower(p)) {
		if stopWords[w] || chatWords[w] || whWords[w] || len([]rune(w)) < 2 && !hasHangul(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

func hasContent(p string) bool { return len(contentWords(p)) > 0 }

// normaliseSlang rewrites chat spellings as the words they stand for, so
// that the rest of the reader sees "what hotel", not "wat hotel", and the
// catalogue's abbreviations as what they stand for ("nk").
func normaliseSlang(p string, abbrev map[string]string) string {
	fs := strings.Fields(p)
	for i, f := range fs {
		core := strings.TrimRightFunc(f, func(r rune) bool { return strings.ContainsRune(",.!?;:", r) })
		tail := f[len(core):]
		if r, ok := abbrev[strings.ToLower(core)]; ok {
			fs[i] = r + tail
		} else if r, ok := slang[strings.ToLower(core)]; ok {
			fs[i] = r + tail
		}
	}
	return presentIdiom.ReplaceAllString(strings.Join(fs, " "), "$1 there")
}

// presentIdiom asks who was present: "who was in the room" is "who was
// there", not a question about a room.
var presentIdiom = regexp.MustCompile(`(?i)\b(who (?:else )?(?:was|were|is|are))\s+(?:in the room|at the table)\b`)

// slang maps chat spellings to words. It says how people type, never what
// happened; the subject's abbreviations ("nk") are the catalogue's.
var slang = map[string]string{
	"wat": "what", "wut": "what", "whut": "what", "wht": "what", "whats": "what is", "what's": "what is",
	"whos": "who is", "who's": "who is", "hwo": "who", "wher": "where", "wheres": "where is", "where's": "where is",
	"whens": "when is", "when's": "when is", "hw": "how", "hows": "how is", "how's": "how is", "y": "why",
	"gonna": "going to", "wanna": "want to", "gotta": "have to", "u": "you", "ur": "your", "r": "are",
	"n": "and", "bc": "because", "cuz": "because", "coz": "because", "rn": "now", "tho": "though",
	"wasnt": "was not", "thats": "that is", "didnt": "did not", "isnt": "is not", "doesnt": "does not", "dont": "do not",
	"im": "i am", "ppl": "people", "yr": "year", "yrs": "years", "abt": "about", "w/": "with", "thx": "thanks", "plz": "please", "pls": "please",
	"gov": "government", "govt": "government", "prez": "president",
}

// auxiliaries open a yes/no question.
var auxiliaries = setOf(`is are was were did does do has have had will would could can should`)

// chatWords are filler: greetings, laughter, hedges.
var chatWords = setOf(`hey hi hello bot summitbot lol lmao lmfao haha hahaha rofl omg ok okay so pls please plz thanks
thx quick question q um uh hmm like basically anyway btw idk tbh fr ngl nah yeah yep right guys folks whole`)
