package answer

import "strings"

// Read-only tables of question cues. They describe how people ask, never
// what happened: the facts all come from the catalogue.

var monthAbbrev = map[string]string{
	"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
	"aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november", "dec": "december",
}

// ordinals name the nth event in date order.
var ordinals = map[string]int{
	"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
	"fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7,
	"1차": 1, "2차": 2, "3차": 3, "4차": 4, "5차": 5,
}

// meetingNouns follow an ordinal that means a summit ("second summit",
// "first time", "third one"), as opposed to "the first sitting president".
var meetingNouns = map[string]bool{
	"summit": true, "summits": true, "meeting": true, "meetings": true, "meet": true, "met": true,
	"encounter": true, "talks": true, "time": true, "round": true, "one": true, "session": true,
	"정상회담": true, "회담": true, "회동": true, "만남": true,
}

// ordinalFiller may stand between an ordinal and its noun: "the second
// face-to-face meeting", "the first official summit". The subject's names
// may too (vocabulary.filler).
var ordinalFiller = map[string]bool{
	"ever": true, "official": true, "face": true, "to": true, "in": true, "person": true, "leaders": true,
	"leader": true, "big": true, "historic": true, "formal": true, "and": true,
}

// latest words pick the last held event when a meeting noun follows.
var latest = map[string]bool{"last": true, "latest": true, "final": true, "recent": true}

// weakAliases are single-word aliases that are ordinary English words:
// they count for their event only when nothing more specific names one
// ("next" in "what happened next after Hanoi" is not the fourth meeting).
var weakAliases = map[string]bool{
	"first": true, "second": true, "third": true, "fourth": true, "next": true, "future": true,
	"border": true, "prospective": true, "another": true, "last": true,
}

// meetingContext words make a question about the summits even when it
// names none ("how many summits were there?"); so do the catalogue's
// leaders and context phrases (Answerer.speaksOfSubject).
var meetingContext = map[string]bool{"summit": true, "summits": true, "정상회담": true}

// koreanMeetingPrefixes make a Korean question about a meeting (prefix
// match: particles follow); so do the catalogue's context phrases
// (Answerer.speaksOfSubject). A Korean question is answered with the Korean
// summary only when it speaks of a meeting or the subject.
var koreanMeetingPrefixes = []string{"회담", "회동", "정상", "만남", "만났", "만나", "결과", "합의"}

// koreanMeeting are the words of a Korean event name that name a meeting,
// not a particular one ("하노이 정상회담").
var koreanMeeting = map[string]bool{"정상회담": true, "회담": true, "회동": true, "가능성": true, "만남": true}

// commonWords are in nearly every article about summits, whatever their
// subject; so are the subject's names (vocabulary.subject).
var commonWords = setOf(`summit summits president leader 정상회담`)

// whWords start a question; the first one decides its kind ("what
// happened when…" is a what-question, not a when-question).
var whWords = map[string]bool{
	"what": true, "which": true, "when": true, "where": true, "who": true, "whom": true, "whose": true,
	"why": true, "how": true,
}

var timeNouns = map[string]bool{"date": true, "dates": true, "day": true, "days": true, "year": true, "month": true, "time": true}
var placeNouns = map[string]bool{
	"hotel": true, "city": true, "country": true, "venue": true, "place": true, "building": true,
	"location": true, "island": true, "town": true, "resort": true,
}
var peopleNouns = map[string]bool{
	"officials": true, "people": true, "aides": true, "leaders": true, "delegates": true,
	"delegation": true, "ministers": true, "persons": true, "attendees": true, "participants": true,
}

// kindCue is a word or phrase (stemmed when the Answerer is built) that
// marks a kind of question when no leading question word decides it.
type kindCue struct {
	phrase string
	kind   Kind
	// duration marks a how-long question (answered from Event.Duration).
	duration bool
	// signed marks what was signed, agreed or said, as opposed to what
	// happened.
	signed bool
}

// kindCues are groups tried in order. The first two (why, how long) win
// over the leading question word ("What was the reason…", "When… how
// long"); the rest count only when the leading word does not decide: what
// each side asked for, who, where, when, a clear outcome, what came next, a
// vaguer outcome, what was signed or said, what happened.
var kindCues = [][]kindCue{
	{ // why, whatever the leading word
		{phrase: "how come", kind: KindWhy}, {phrase: "reason", kind: KindWhy}, {phrase: "reasons", kind: KindWhy},
		{phrase: "cause", kind: KindWhy}, {phrase: "caused", kind: KindWhy}, {phrase: "went wrong", kind: KindWhy},
		{phrase: "go wrong", kind: KindWhy}, {phrase: "what made", kind: KindWhy}, {phrase: "significance", kind: KindWhy},
		{phrase: "significant", kind: KindWhy}, {phrase: "important", kind: KindWhy}, {phrase: "importance", kind: KindWhy},
		{phrase: "matter", kind: KindWhy}, {phrase: "mattered", kind: KindWhy}, {phrase: "historic", kind: KindWhy},
		{phrase: "explain why", kind: KindWhy},
	},
	{ // how long
		{phrase: "how long", kind: KindWhen, duration: true}, {phrase: "how many minutes", kind: KindWhen, duration: true},
		{phrase: "how many hours", kind: KindWhen, duration: true}, {phrase: "how many days", kind: KindWhen, duration: true},
		{phrase: "duration", kind: KindWhen, duration: true}, {phrase: "how much time", kind: KindWhen, duration: true},
		{phrase: "long time", kind: KindWhen, duration: true}, {phrase: "얼마나", kind: KindWhen, duration: true},
	},
	{ // what each side asked for
		{phrase: "want", kind: KindAsked}, {phrase: "wanted", kind: KindAsked}, {phrase: "wants", kind: KindAsked},
		{phrase: "ask", kind: KindAsked}, {phrase: "asked", kind: KindAsked}, {phrase: "asking", kind: KindAsked},
		{phrase: "demand", kind: KindAsked}, {phrase: "demanded", kind: KindAsked}, {phrase: "demands", kind: KindAsked},
		{phrase: "request", kind: KindAsked}, {phrase: "requested", kind: KindAsked}, {phrase: "offer", kind: KindAsked},
		{phrase: "offered", kind: KindAsked}, {phrase: "in exchange", kind: KindAsked}, {phrase: "in return", kind: KindAsked},
		{phrase: "seek", kind: KindAsked}, {phrase: "sought", kind: KindAsked}, {phrase: "condition", kind: KindAsked},
		{phrase: "conditions", kind: KindAsked}, {phrase: "insist", kind: KindAsked}, {phrase: "insisted", kind: KindAsked},
		{phrase: "propose", kind: KindAsked}, {phrase: "proposed", kind: KindAsked}, {phrase: "proposal", kind: KindAsked},
		{phrase: "position", kind: KindAsked}, {phrase: "positions", kind: KindAsked}, {phrase: "expect", kind: KindAsked},
		{phrase: "hoping for", kind: KindAsked}, {phrase: "hope for", kind: KindAsked},
	},
	{ // who
		{phrase: "attend", kind: KindWho}, {phrase: "attended", kind: KindWho}, {phrase: "attendees", kind: KindWho},
		{phrase: "participants", kind: KindWho}, {phrase: "participated", kind: KindWho}, {phrase: "accompanied", kind: KindWho},
		{phrase: "delegation", kind: KindWho}, {phrase: "who was there", kind: KindWho}, {phrase: "was present", kind: KindWho},
		{phrase: "were present", kind: KindWho}, {phrase: "aides", kind: KindWho},
	},
	{ // where
		{phrase: "venue", kind: KindWhere}, {phrase: "location", kind: KindWhere}, {phrase: "located", kind: KindWhere},
		{phrase: "hosted", kind: KindWhere}, {phrase: "host city", kind: KindWhere}, {phrase: "which hotel", kind: KindWhere},
		{phrase: "what hotel", kind: KindWhere},
	},
	{ // when
		{phrase: "date", kind: KindWhen}, {phrase: "dates", kind: KindWhen}, {phrase: "what day", kind: KindWhen},
		{phrase: "what year", kind: KindWhen},
	},
	{ // a clear outcome
		{phrase: "outcome", kind: KindOutcome}, {phrase: "outcomes", kind: KindOutcome}, {phrase: "result", kind: KindOutcome},
		{phrase: "results", kind: KindOutcome}, {phrase: "deal", kind: KindOutcome}, {phrase: "reach", kind: KindOutcome},
		{phrase: "reached", kind: KindOutcome}, {phrase: "succeed", kind: KindOutcome}, {phrase: "success", kind: KindOutcome},
		{phrase: "successful", kind: KindOutcome}, {phrase: "fail", kind: KindOutcome}, {phrase: "failed", kind: KindOutcome},
		{phrase: "failure", kind: KindOutcome}, {phrase: "achieve", kind: KindOutcome}, {phrase: "achieved", kind: KindOutcome},
		{phrase: "accomplish", kind: KindOutcome}, {phrase: "accomplished", kind: KindOutcome},
		{phrase: "breakthrough", kind: KindOutcome}, {phrase: "progress", kind: KindOutcome},
	},
	{ // what came next
		{phrase: "next", kind: KindNext}, {phrase: "after", kind: KindNext}, {phrase: "afterwards", kind: KindNext},
		{phrase: "afterward", kind: KindNext}, {phrase: "since", kind: KindNext}, {phrase: "later", kind: KindNext},
		{phrase: "followed", kind: KindNext}, {phrase: "follow up", kind: KindNext}, {phrase: "following", kind: KindNext},
		{phrase: "aftermath", kind: KindNext}, {phrase: "again", kind: KindNext}, {phrase: "future", kind: KindNext},
		{phrase: "will", kind: KindNext},
		{phrase: "upcoming", kind: KindNext}, {phrase: "came of", kind: KindNext}, {phrase: "come of", kind: KindNext},
		{phrase: "now", kind: KindNext}, {phrase: "going to", kind: KindNext}, {phrase: "then", kind: KindNext},
	},
	{ // a vaguer outcome
		{phrase: "end", kind: KindOutcome}, {phrase: "ended", kind: KindOutcome}, {phrase: "ending", kind: KindOutcome},
		{phrase: "collapse", kind: KindOutcome}, {phrase: "collapsed", kind: KindOutcome}, {phrase: "produce", kind: KindOutcome},
		{phrase: "produced", kind: KindOutcome}, {phrase: "conclude", kind: KindOutcome}, {phrase: "concluded", kind: KindOutcome},
		{phrase: "come out", kind: KindOutcome}, {phrase: "came out", kind: KindOutcome}, {phrase: "turn out", kind: KindOutcome},
		{phrase: "turned out", kind: KindOutcome}, {phrase: "go well", kind: KindOutcome}, {phrase: "went well", kind: KindOutcome},
		{phrase: "how did it go", kind: KindOutcome}, {phrase: "broke down", kind: KindOutcome}, {phrase: "break down", kind: KindOutcome},
	},
	{ // what was signed, agreed or said
		{phrase: "sign", kind: KindWhat, signed: true}, {phrase: "signed", kind: KindWhat, signed: true},
		{phrase: "공동성명", kind: KindWhat, signed: true}, {phrase: "공동성명은", kind: KindWhat, signed: true},
		{phrase: "공동성명에", kind: KindWhat, signed: true}, {phrase: "합의문", kind: KindWhat, signed: true},
		{phrase: "signing", kind: KindWhat, signed: true}, {phrase: "agree", kind: KindWhat, signed: true},
		{phrase: "agreed", kind: KindWhat, signed: true}, {phrase: "agreement", kind: KindWhat, signed: true},
		{phrase: "statement", kind: KindWhat, signed: true}, {phrase: "declaration", kind: KindWhat, signed: true},
		{phrase: "document", kind: KindWhat, signed: true}, {phrase: "promise", kind: KindWhat, signed: true},
		{phrase: "promised", kind: KindWhat, signed: true}, {phrase: "commit", kind: KindWhat, signed: true},
		{phrase: "committed", kind: KindWhat, signed: true}, {phrase: "commitment", kind: KindWhat, signed: true},
		{phrase: "pledge", kind: KindWhat, signed: true}, {phrase: "decide", kind: KindWhat, signed: true},
		{phrase: "decided", kind: KindWhat, signed: true}, {phrase: "say", kind: KindWhat, signed: true},
		{phrase: "said", kind: KindWhat, signed: true}, {phrase: "announce", kind: KindWhat, signed: true},
		{phrase: "announced", kind: KindWhat, signed: true}, {phrase: "points", kind: KindWhat, signed: true},
		{phrase: "terms", kind: KindWhat, signed: true},
	},
	{ // what happened
		{phrase: "happen", kind: KindWhat}, {phrase: "happened", kind: KindWhat}, {phrase: "happens", kind: KindWhat},
		{phrase: "go on", kind: KindWhat}, {phrase: "went on", kind: KindWhat}, {phrase: "describe", kind: KindWhat},
		{phrase: "tell me about", kind: KindWhat}, {phrase: "summary", kind: KindWhat}, {phrase: "summarize", kind: KindWhat},
		{phrase: "summarise", kind: KindWhat}, {phrase: "overview", kind: KindWhat}, {phrase: "explain", kind: KindWhat},
		{phrase: "did they do", kind: KindWhat},
	},
}

// countCues ask how many times the leaders met.
var countCues = []string{"how many times", "how many summits", "how many meetings", "how often", "how many time", "list", "all the summits", "all summits", "every summit"}

// sideBoth ask for every side at once: English and Korean usage; the
// sides themselves are the catalogue's.
var sideBoth = []string{"each side", "both sides", "two sides", "each country", "both countries", "each leader", "both leaders", "both", "each"}

// generic words say nothing about what is asked beyond the event and the
// kind: a question's other words must be found in the facts it is
// answered from (see question.leftovers). English usage; the subject's
// names are generic too (vocabulary.generic).
var generic = setOf(`
a an the of in on at to for with by from into onto over under between during about as and or but nor so yet
if then than too also just only even ever still very really actually exactly please pls plz thanks thank
i me my we our us you your he him his she her it its they them their there here this that these those
is are was were be been being am do does did done doing have has had having will would shall should can
could may might must not no yes any some all each both other another such same own more most much many
what which when where who whom whose why how whether
tell know explain describe give show say something anything everything thing things someone anyone everyone
kind sort bit lot info information detail details summary overview short brief quick main key basic
happen happened happening take took taken place held hold holding go went gone get got come came make made
meet met meeting meetings summit summits talk talks talked session sessions encounter conference event
president presidents leader leaders chairman state side sides country countries
two one first second third fourth time times day days date year years month long last lasted
exact like around approximately roughly
hey hi hello bot summitbot everyone here question answer did does doing
besides except apart else along alongside latest news update updates status current currently situation
begin began begun start started starting open opened opening kick kicked
`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// stopWords are left out of search queries built from a question.
var stopWords = setOf(`
a an the of in on at to for with by from into onto over under between during about as and or but nor so
if then than too also just only even ever very really actually exactly please pls plz thanks
supposedly allegedly apparently reportedly according try tries tried trying
i me my we our us you your he him his she her it its they them their there here this that these those
is are was were be been being am do does did done have has had will would shall should can could may might must
not no any some all each both what which when where who whom whose why how whether tell know
hey hi hello bot summitbot everyone s t
`)

// irregular maps irregular verb forms to the form a question uses ("did
// they blow up" is answered by "blew up"); the stemmer cannot.
var irregular = map[string]string{
	"blew": "blow", "blown": "blow", "went": "go", "gone": "go", "came": "come", "gave": "give", "given": "give",
	"took": "take", "taken": "take", "met": "meet", "said": "say", "told": "tell", "wrote": "write",
	"written": "write", "sent": "send", "made": "make", "fled": "flee", "flew": "fly", "flown": "fly",
	"began": "begin", "begun": "begin", "broke": "break", "broken": "break", "chose": "choose",
	"drove": "drive", "fell": "fall", "fought": "fight", "found": "find", "held": "hold", "kept": "keep",
	"knew": "know", "known": "know", "led": "lead", "left": "leave", "lost": "lose", "ran": "run",
	"saw": "see", "seen": "see", "sold": "sell", "shot": "shoot", "spoke": "speak", "spoken": "speak",
	"stood": "stand", "struck": "strike", "thought": "think", "threw": "throw", "thrown": "throw",
	"won": "win", "bought": "buy", "brought": "bring", "built": "build", "caught": "catch", "died": "die",
	"sank": "sink", "sunk": "sink", "ate": "eat", "eaten": "eat", "grew": "grow", "hid": "hide",
}

// months are the month names, as normWord spells them.
var months = setOf(`january february march april may june july august september october november december`)

// beForms are the forms of "to be" that follow "how long" in a question
// about a length.
var beForms = setOf(`is are was were`)

// extentNouns are things measured in length rather than time: "how long is
// the border" asks for miles. English usage, never facts.
var extentNouns = setOf(`border borders frontier coast coastline wall fence runway tunnel river road railway bridge pipeline canal line`)

// contrasts are words whose opposite answers a yes-or-no question about
// them: "did north korea admit burning the body" is answered by "the North
// denied setting his body on fire", "was trump serious" by "he was being
// sarcastic". English usage, never facts.
var contrasts = map[string][]string{
	"admit": {"denied"}, "admitted": {"denied"}, "confirm": {"denied"}, "confirmed": {"denied"},
	"serious": {"sarcastic", "joking"}, "true": {"false"},
}

// equivalents map words that news writing uses for one another to one of
// them, applied alike to questions and to what answers them: a question
// says "missing" where the article says "disappeared", "sailors" where it
// says "seamen". English usage, never facts.
var equivalents = map[string]string{
	"disappeared": "missing", "disappear": "missing", "disappears": "missing", "vanished": "missing",
	"killed": "die", "kill": "die", "kills": "die", "killing": "die", "dies": "die", "dying": "die",
	"seamen": "sailor", "seaman": "sailor",
	"denied": "refuse", "deny": "refuse", "denies": "refuse", "declined": "refuse", "decline": "refuse",
	"rejected": "refuse", "reject": "refuse", "refused": "refuse", "refuses": "refuse",
	"demanded": "want", "demand": "want", "demands": "want", "wanted": "want", "wants": "want",
	"aircraft": "plane", "airliner": "plane", "jet": "plane", "planes": "plane",
	"chinese":   "china",
	"delivered": "bring", "deliver": "bring", "delivers": "bring", "carried": "bring", "carry": "bring",
	"bombarded": "shell", "bombard": "shell", "shelled": "shell", "shelling": "shell",
	"apology": "sorry", "apologise": "sorry", "apologize": "sorry", "apologised": "sorry", "apologized": "sorry",
	"apologises": "sorry", "apologizes": "sorry",
	"canceled": "cancel", "cancelled": "cancel", "cancels": "cancel",
	"press": "news", "kids": "children", "kid": "child", "limousine": "car", "limo": "car",
	"begin": "start", "begins": "start", "beginning": "start", "started": "start", "starts": "start",
	"skip": "cancel", "skipped": "cancel", "skips": "cancel", "skipping": "cancel",
	"paid": "pay", "pays": "pay", "paying": "pay",
	"trip": "visit", "trips": "visit",
	"conclusive": "sure", "certain": "sure", "definite": "sure", "definitive": "sure",
	"reach": "hit", "reached": "hit", "reaching": "hit", "reaches": "hit",
	"dubbed": "call", "dub": "call", "nicknamed": "call", "branded": "call", "labelled": "call", "labeled": "call",
}

// phrasals are verbs whose particle, up to four words on (a name of three
// between them), makes them another word: "called the meeting off" is
// "cancel", "mocked Kim Jong-un as" is "call". Keyed by stem.
var phrasals = map[string]struct{ particle, canon string }{
	"call": {"off", "cancel"},
	"kick": {"out", "expel"},
	"let":  {"look", "show"},  // "let Kim look inside the limousine"
	"mock": {"as", "call"},    // "mocked Kim as 'Rocket Man'"
	"fli":  {"home", "bring"}, // "flew home with three Americans"
	"set":  {"up", "start"},   // "how did the meeting get set up"
}

// koreanParticles may follow a Korean noun in a question: case and topic
// particles and the copula's question endings ("제목이", "영변이야").
var koreanParticles = setOf(`이 가 은 는 을 를 의 에 에서 에게 도 만 과 와 랑 이랑 하고 으로 로 까지 부터 이야 야 이에요 예요 이었어 였어 이었어요 였어요 인가요 인가 이냐 냐 이죠 죠 이었나요 였나요 이란 란 이라는 라는`)
