package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/corpus"
)

// texts are the words of replies in one language. Command and option names
// stay English everywhere; descriptions are localized in Commands().
type texts struct {
	when, where, who, outcomes, further string
	passagesAbout, passagesAboutQuery   string // event name (, query)
	queryEventFirst, queryTitle         string // query (, event name)
	noPassagesEvent, noPassages         string
	pageFooter                          string // page, pages, total
	prev, next                          string
	timelineFooter                      string
	descWith, descWithAny               string // the timeline's leader option: a leader
	timelineWith                        string // the timeline's title, a leader
	errUnknownLeader                    string // typed, known leaders
	optionNotHeld, optionTypeEvent      string // the event option's description
	// Command and option descriptions made of the catalogue's words (a
	// search, the subject, a question), and what stands when they would
	// not fit.
	descNarrow, descLookFor                string
	descSearch, descSearchAny              string
	descAsk, descAskAny                    string
	descQuestion, descQuestionAny          string
	aboutTitle, statsTitle                 string
	corpusF, articlesF, passagesF, eventsF string
	builtF, versionF, lastReindexF         string
	skippedF, upSinceF, usageF, noUsage    string
	unknown                                string
	reindexBuilt, reindexSame, reindexSum  string // articles, passages, skipped, duration
	reindexGone                            string
	reindexFull, reindexFailed             string
	newestF, feedsRunF                     string // /about: the newest article, when the feeds last ran
	// /summitadmin sources: its title (feeds), description (failing
	// feeds), footer (left out, feeds), each feed's lines (a timestamp or
	// never; articles; the last try, a timestamp; an error), and what it
	// says without feeds.
	sourcesTitle, sourcesFailing, sourcesLeftOut string
	sourceSuccess, sourceWritten, sourceError    string
	sourceTried                                  string // the last fetch, when it was not a success
	never, noFeeds                               string

	errInternal, errRate, errSlow string
	errDenied                     string // a moderator's command
	errUnknownCmd                 string // command name
	errSubcommand                 string // the subcommands, joined with or
	or                            string // between the choices of a list
	errButton, errStale           string
	errUnknownEvent               string // typed, known ids
	errNoQuery, errNoReindex      string // errNoQuery: a search
	errKind                       string
	errNoQuestion, notAnswered    string // a question; notAnswered: search words
	answeredFirst                 string // the message asked more than one thing
	answerFooter, mentionHelp     string // mentionHelp: the subject, a question
	corpusFooter                  string // the answer is a quote from the corpus
	// "Was this helpful?" under an answer: the buttons' labels (beside
	// their 👍 and 👎), the private thanks for a click, and the field of
	// /summitadmin stats (its name, and what it says before any vote).
	helpful, notHelpful, feedbackThanks string
	feedbackF, noFeedback               string
	// "Find sources": the passages' title (the message's words), footer
	// (shown, total) and what it says of a message without words.
	findTitle, findFooter, findNothing string

	help helpTexts

	// locale keys the catalogue's texts ("en", "ko"): the reader's, so a
	// catalogue's names in a language the bot itself does not speak
	// ("ja") still reach its readers.
	locale string

	// date formats a day; dates an event's days.
	date func(time.Time) string
}

// helpTexts are the words of /help.
type helpTexts struct {
	footer  string // the events
	notHeld string // beside a prospective event in the footer
	// lines are each command's usage and what it does, by the help key of
	// its entry in the command table; a command's helpArgs fill the
	// text's verbs. /help's own line is the page's title (the subject
	// fills it) and introduction.
	lines map[string][2]string
}

var english = &texts{
	locale: "en",
	when:   "When", where: "Where", who: "Who", outcomes: "Outcomes", further: "Further reading",
	passagesAbout: "Passages about %s", passagesAboutQuery: "Passages about %s: “%s”",
	queryEventFirst: "“%s” — %s first", queryTitle: "“%s”",
	noPassagesEvent: "No passages in the corpus match. Try without a query, or with other words.",
	noPassages:      "No passages match. Try fewer or other words, or `/summit` for an event's card.",
	pageFooter:      "Page %d of %d · %d passages",
	prev:            "◀ Prev", next: "Next ▶",
	timelineFooter: "/summit event:<name> for an event's card and sources",
	descWith:       "Only one leader's meetings, e.g. %s", descWithAny: "Only one leader's meetings",
	timelineWith:     "%s: %s",
	errUnknownLeader: "No event of mine was led by “%s”. Try one of: %s.",
	optionNotHeld:    "not held", optionTypeEvent: "An event: start typing to choose one",
	descNarrow: "Narrow the passages, e.g. %s", descLookFor: "What to look for, e.g. %s",
	descSearch: "Search the articles about %s", descSearchAny: "Search the articles",
	descAsk: "Ask a question about %s", descAskAny: "Ask a question",
	descQuestion: "e.g. %s", descQuestionAny: "Your question",
	aboutTitle: "About summitbot", statsTitle: "summitbot statistics",
	corpusF: "Corpus", articlesF: "Articles", passagesF: "Passages", eventsF: "Events",
	builtF: "Index built", versionF: "Version", lastReindexF: "Last reindex",
	skippedF: "Files skipped", upSinceF: "Up since", usageF: "Interactions since start", noUsage: "no interactions yet",
	unknown:       "unknown",
	reindexBuilt:  "Built a fresh index and swapped it in; searches kept working meanwhile.",
	reindexSame:   "The corpus had not changed; the index is up to date.",
	reindexSum:    "%d articles, %d passages, %d files skipped (%s).",
	reindexGone:   "The corpus folder cannot be read (moved, deleted or no longer readable). The last good index keeps serving; fix the folder and run /summitadmin reindex again.",
	reindexFull:   "The reindex failed: the index folder's disk is full (no space left on device). The last good index keeps serving; free some space and run /summitadmin reindex again.",
	reindexFailed: "The reindex failed; the last good index keeps serving. The bot's log says why.",
	newestF:       "Newest article", feedsRunF: "Feeds last fetched",
	sourcesTitle:   "News feeds (%d)",
	sourcesFailing: "Feeds whose last fetch failed: %d. They are listed first.",
	sourcesLeftOut: "%d more feeds not shown (of %d): Discord's message limits.",
	sourceSuccess:  "Last success: %s", sourceWritten: "Articles written: %d", sourceError: "Last error: %s",
	sourceTried: "Last tried: %s",
	never:       "never",
	noFeeds:     "No news feed has run yet in this corpus folder (or the fetcher's state there cannot be read), so there is nothing to list. To follow feeds, set FEEDS to their URLs on the bot, or on the fetcher that writes into CORPUS_DIR/feeds (FEEDS_DIR), such as a scheduled `summitbot fetch`; each feed shows here after its first run, and the index picks up the articles it adds.",

	errInternal:     "Sorry, something went wrong on our side. Please try again in a moment.",
	errRate:         "You're going a little fast — please wait a few seconds and try again.",
	errSlow:         "That took too long to answer. Please try again, perhaps with a narrower query.",
	errDenied:       "You need the Manage Server permission to use /%s.",
	errUnknownCmd:   "Unknown command /%s — this server may have old commands registered; try /help.",
	errButton:       "This button is no longer valid. Run the command again to get fresh results.",
	errStale:        "These results have changed since the message was sent. Run the command again.",
	errUnknownEvent: "I don't know the event “%s”. Try one of: %s.",
	errNoQuery:      "Give some words to search for, e.g. /search query:%s",
	errSubcommand:   "Choose a subcommand: %s.",
	or:              " or ",
	errNoReindex:    "This summitbot cannot reindex while running.",
	errKind:         "summitbot does not handle this kind of interaction.",
	errNoQuestion:   "Ask a question, e.g. /ask question:%s",
	answeredFirst:   "I answered the first question of your message; ask the others one at a time.",
	notAnswered:     "I can't answer that from the articles I have. Try /search with “%s” to see what they say.",
	answerFooter:    "Answer from the event catalogue; passages from the corpus",
	corpusFooter:    "Quoted from the articles, as written; sources below",
	mentionHelp:     "Ask me about %s, e.g. “@summitbot %s”, or use /ask, /search and /summit.",
	helpful:         "Helpful", notHelpful: "Not helpful",
	feedbackThanks: "Thanks — noted.",
	feedbackF:      "Answer feedback since start", noFeedback: "no votes yet",
	findTitle:   "Sources for “%s”",
	findFooter:  "The best %d of %d passages · /search for more",
	findNothing: "That message has no words I can look up (only pictures, mentions, emoji or links). Try Find sources on a message with text, or /search.",
	help: helpTexts{
		footer:  "Events: %s",
		notHeld: "talked about, not held",
		lines: map[string][2]string{
			cmdHelp:        {"summitbot — %s, with sources", "Answers come from an indexed article corpus; every passage links to its source. Add `hide:True` to any command to see the answer alone."},
			cmdAsk:         {"/ask question:<question>", "A one- or two-sentence answer from the event catalogue or quoted from the articles, with its sources. You can also mention the bot in a channel: “@summitbot %s”\nExamples: `/ask question:%s`"},
			cmdSummit:      {"/summit event:<event> [query]", "An event's card (dates, place, participants, outcomes, further reading) and the best passages about it.\nExamples: %s"},
			cmdSearch:      {"/search query:<words> [event]", "The best passages for your words, highlighted, with sources. Typos and synonyms are fine.\nExamples: %s"},
			cmdTimeline:    {"/timeline [with]", "Every event in date order, with its outcome; `with:` one leader's meetings only."},
			cmdAbout:       {"/about", "Corpus size, index freshness and version."},
			cmdFindSources: {"Apps → Find sources (on a message)", "Right-click or long-press any message, then Apps → Find sources: the passages that best match what it says, and an answer when it asks something. Only you see the reply."},
			cmdAdmin:       {"/summitadmin reindex | stats | sources", "For moderators with Manage Server: reload the articles without downtime, show statistics, or list the news feeds and how their last fetches went."},
		},
	},
	date: func(t time.Time) string { return t.Format("2 Jan 2006") },
}

var korean = &texts{
	locale: "ko",
	when:   "일시", where: "장소", who: "참석자", outcomes: "결과", further: "더 읽을거리",
	passagesAbout: "%s 관련 구절", passagesAboutQuery: "%s 관련 구절: “%s”",
	queryEventFirst: "“%s” — %s 우선", queryTitle: "“%s”",
	noPassagesEvent: "말뭉치에서 일치하는 구절이 없습니다. 검색어 없이 또는 다른 단어로 시도해 보세요.",
	noPassages:      "일치하는 구절이 없습니다. 더 적거나 다른 단어로 검색하거나, 행사 카드는 `/summit`을 사용하세요.",
	pageFooter:      "%d/%d쪽 · 구절 %d개",
	prev:            "◀ 이전", next: "다음 ▶",
	timelineFooter: "행사 카드와 출처는 /summit event:<이름>",
	descWith:       "한 정상의 회담만, 예: %s", descWithAny: "한 정상의 회담만",
	timelineWith:     "%s: %s",
	errUnknownLeader: "“%s”이(가) 참석한 행사가 없습니다. 다음 중 하나를 사용해 보세요: %s.",
	optionNotHeld:    "열리지 않음", optionTypeEvent: "행사: 입력하면 목록에서 고를 수 있습니다",
	descNarrow: "구절 좁히기, 예: %s", descLookFor: "찾을 내용, 예: %s",
	descSearch: "%s 기사 검색", descSearchAny: "기사 검색",
	descAsk: "%s에 대해 질문하기", descAskAny: "질문하기",
	descQuestion: "예: %s", descQuestionAny: "질문",
	aboutTitle: "summitbot 정보", statsTitle: "summitbot 통계",
	corpusF: "말뭉치", articlesF: "기사", passagesF: "구절", eventsF: "행사",
	builtF: "색인 생성", versionF: "버전", lastReindexF: "마지막 재색인",
	skippedF: "건너뛴 파일", upSinceF: "가동 시작", usageF: "시작 이후 상호작용", noUsage: "아직 상호작용 없음",
	unknown:       "알 수 없음",
	reindexBuilt:  "새 색인을 만들어 교체했습니다. 그동안 검색은 계속 작동했습니다.",
	reindexSame:   "말뭉치가 바뀌지 않아 색인이 최신 상태입니다.",
	reindexSum:    "기사 %d개, 구절 %d개, 건너뛴 파일 %d개 (%s).",
	reindexGone:   "말뭉치 폴더를 읽을 수 없습니다(이동, 삭제 또는 권한 변경). 마지막으로 정상이던 색인이 계속 사용됩니다. 폴더를 고친 뒤 /summitadmin reindex를 다시 실행하세요.",
	reindexFull:   "색인을 다시 만들지 못했습니다: 색인 폴더의 디스크가 가득 찼습니다(no space left on device). 마지막으로 정상이던 색인이 계속 사용됩니다. 공간을 확보한 뒤 /summitadmin reindex를 다시 실행하세요.",
	reindexFailed: "색인을 다시 만들지 못했습니다. 마지막으로 정상이던 색인이 계속 사용됩니다. 원인은 봇의 로그에 있습니다.",
	newestF:       "최신 기사", feedsRunF: "피드 마지막 수집",
	sourcesTitle:   "뉴스 피드 (%d개)",
	sourcesFailing: "마지막 수집에 실패한 피드: %d개. 먼저 표시됩니다.",
	sourcesLeftOut: "표시하지 못한 피드 %d개 (전체 %d개): Discord 메시지 한도 때문입니다.",
	sourceSuccess:  "마지막 성공: %s", sourceWritten: "저장한 기사: %d개", sourceError: "마지막 오류: %s",
	sourceTried: "마지막 시도: %s",
	never:       "없음",
	noFeeds:     "이 말뭉치 폴더에서 아직 실행된 뉴스 피드가 없거나 수집기의 상태 파일을 읽을 수 없어 표시할 피드가 없습니다. 피드를 따라가려면 봇, 또는 CORPUS_DIR/feeds(FEEDS_DIR)에 기사를 쓰는 수집기(예: 예약 작업으로 실행되는 `summitbot fetch`)에서 FEEDS에 피드 URL을 설정하세요. 각 피드는 처음 실행된 뒤 여기에 표시되고, 추가된 기사는 색인에 반영됩니다.",

	errInternal:     "죄송합니다. 저희 쪽에서 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.",
	errRate:         "요청이 너무 빠릅니다. 몇 초 기다린 뒤 다시 시도해 주세요.",
	errSlow:         "답변에 시간이 너무 오래 걸렸습니다. 더 좁은 검색어로 다시 시도해 주세요.",
	errDenied:       "/%s을 사용하려면 서버 관리 권한이 필요합니다.",
	errUnknownCmd:   "알 수 없는 명령 /%s — 이 서버에 오래된 명령이 등록되어 있을 수 있습니다. /help를 사용해 보세요.",
	errButton:       "이 버튼은 더 이상 유효하지 않습니다. 명령을 다시 실행해 최신 결과를 받으세요.",
	errStale:        "메시지를 보낸 뒤 결과가 바뀌었습니다. 명령을 다시 실행해 주세요.",
	errUnknownEvent: "“%s” 행사를 모릅니다. 다음 중 하나를 사용해 보세요: %s.",
	errNoQuery:      "검색할 단어를 입력하세요. 예: /search query:%s",
	errSubcommand:   "하위 명령을 고르세요: %s.",
	or:              " 또는 ",
	errNoReindex:    "이 summitbot은 실행 중에 재색인할 수 없습니다.",
	errKind:         "summitbot은 이런 종류의 상호작용을 처리하지 않습니다.",
	errNoQuestion:   "질문을 입력하세요. 예: /ask question:%s",
	answeredFirst:   "메시지의 첫 질문에 답했습니다. 다른 질문은 하나씩 물어봐 주세요.",
	notAnswered:     "가지고 있는 기사로는 답할 수 없습니다. /search로 “%s”를 검색해 기사 내용을 확인해 보세요.",
	answerFooter:    "답변은 행사 목록에서, 구절은 말뭉치에서 가져왔습니다",
	corpusFooter:    "기사 원문을 그대로 인용했습니다. 출처는 아래에 있습니다",
	mentionHelp:     "%s에 대해 물어보세요. 예: “@summitbot %s” 또는 /ask, /search, /summit을 사용하세요.",
	helpful:         "도움이 됐어요", notHelpful: "도움이 안 됐어요",
	feedbackThanks: "감사합니다 — 의견을 기록했습니다.",
	feedbackF:      "시작 이후 답변 평가", noFeedback: "아직 평가 없음",
	findTitle:   "“%s”의 출처",
	findFooter:  "구절 %[2]d개 중 가장 맞는 %[1]d개 · 더 보려면 /search",
	findNothing: "이 메시지에는 찾아볼 단어가 없습니다(그림, 멘션, 이모지 또는 링크뿐). 글이 있는 메시지에서 출처 찾기를 사용하거나 /search를 사용해 보세요.",
	help: helpTexts{
		footer:  "행사: %s",
		notHeld: "논의만 됨, 열리지 않음",
		lines: map[string][2]string{
			cmdHelp:        {"summitbot — %s, 출처와 함께", "답변은 색인된 기사 말뭉치에서 나오며 모든 구절에 출처 링크가 있습니다. 나만 보려면 명령에 `hide:True`를 추가하세요."},
			cmdAsk:         {"/ask question:<질문>", "행사 목록이나 기사 인용으로 한두 문장으로 답하고 출처를 보여 줍니다. 채널에서 봇을 멘션해도 됩니다: “@summitbot %s”\n예: `/ask question:%s`"},
			cmdSummit:      {"/summit event:<행사> [query]", "행사 카드(일시, 장소, 참석자, 결과, 더 읽을거리)와 가장 관련 있는 구절.\n예: %s"},
			cmdSearch:      {"/search query:<단어> [event]", "검색어에 가장 맞는 구절을 강조 표시와 출처와 함께 보여 줍니다. 오타와 동의어도 괜찮습니다.\n예: %s"},
			cmdTimeline:    {"/timeline [with]", "모든 행사를 날짜순으로, 결과와 함께 보여 줍니다. `with:`로 한 정상의 회담만 볼 수 있습니다."},
			cmdAbout:       {"/about", "말뭉치 크기, 색인 갱신 시각, 버전."},
			cmdFindSources: {"앱 → 출처 찾기 (메시지에서)", "메시지를 오른쪽 클릭하거나 길게 누른 뒤 앱 → 출처 찾기: 메시지 내용에 가장 맞는 구절과, 질문이면 답변을 보여 줍니다. 답변은 나만 볼 수 있습니다."},
			cmdAdmin:       {"/summitadmin reindex | stats | sources", "서버 관리 권한이 있는 운영자용: 중단 없이 기사를 다시 불러오거나, 통계를 보거나, 뉴스 피드와 최근 수집 결과를 봅니다."},
		},
	},
	date: corpus.KoreanDay,
}

// textsFor picks the reply language from the interaction's locale.
func textsFor(l discordgo.Locale) *texts {
	switch {
	case l == discordgo.Korean:
		return korean
	case l == "" || strings.HasPrefix(string(l), "en"):
		return english
	}
	tx := *english
	tx.locale = string(l)
	return &tx
}

// eventDates renders an event's days in the reply language.
func (tx *texts) eventDates(e *corpus.Event) string {
	if tx != korean {
		return e.Dates()
	}
	if e.Start.IsZero() {
		return "아직 열리지 않음"
	}
	return corpus.KoreanDays(e.Start.Time, e.End.Time) // an end before the start (none) is the start's day
}

// eventName is the event's name in the reader's language when the
// catalogue has it, else in English.
func (tx *texts) eventName(e *corpus.Event) string { return e.NameIn(tx.locale) }

// eventSummary is the event's summary, in the reader's language likewise.
func (tx *texts) eventSummary(e *corpus.Event) string { return e.SummaryIn(tx.locale) }

// subject is what the catalogue is about, in tx's language: "the Trump–Kim
// summits". A catalogue that does not say names its events instead.
func (tx *texts) subject(cat *corpus.Catalogue) string {
	if n := cat.Subject.Name.In(tx.locale); n != "" {
		return n
	}
	var names []string
	for _, e := range cat.Events[:min(3, len(cat.Events))] {
		names = append(names, tx.eventName(e))
	}
	return strings.Join(names, ", ")
}

// timelineTitle is the subject as a title: "The Trump–Kim summits".
func (tx *texts) timelineTitle(cat *corpus.Catalogue) string {
	s := tx.subject(cat)
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// timelineTitleWith is the title of one leader's timeline ("The Trump–Kim
// summits: Vladimir Putin"), or of the whole one.
func (tx *texts) timelineTitleWith(cat *corpus.Catalogue, leader string) string {
	if leader == "" {
		return tx.timelineTitle(cat)
	}
	return fmt.Sprintf(tx.timelineWith, tx.timelineTitle(cat), leader)
}

// question is the catalogue's i-th example question (the last when it has
// fewer), or one about its first event.
func (tx *texts) question(cat *corpus.Catalogue, i int) string {
	if qs := cat.Subject.Questions; len(qs) > 0 {
		return qs[min(i, len(qs)-1)].In(tx.locale)
	}
	if len(cat.Events) > 0 {
		return "when was the " + cat.Events[0].Name + "?"
	}
	return "what happened?"
}

// search is the catalogue's i-th suggested search (the last when it has
// fewer), or its first event's name.
func (tx *texts) search(cat *corpus.Catalogue, i int) string {
	if ss := cat.Subject.Searches; len(ss) > 0 {
		return ss[min(i, len(ss)-1)]
	}
	if len(cat.Events) > 0 {
		return cat.Events[0].Name
	}
	return "summit"
}

func (tx *texts) noQuestion(cat *corpus.Catalogue) string {
	return fmt.Sprintf(tx.errNoQuestion, tx.question(cat, 1))
}

func (tx *texts) noQuery(cat *corpus.Catalogue) string {
	return fmt.Sprintf(tx.errNoQuery, tx.search(cat, 0))
}

func (tx *texts) mentionHelpFor(cat *corpus.Catalogue) string {
	return fmt.Sprintf(tx.mentionHelp, tx.subject(cat), tx.question(cat, 0))
}

// helpEvents lists the catalogue's events with their years, for /help's
// footer, in the catalogue's own order (its author puts first what matters
// most).
func (tx *texts) helpEvents(cat *corpus.Catalogue) string {
	return fmt.Sprintf(tx.help.footer, eventYears(cat, tx.help.notHeld))
}

// eventYears lists the catalogue's event ids in its own order, each with
// its year or, for one not held, notHeld: "singapore (2018), …, fourth
// (not held)".
func eventYears(cat *corpus.Catalogue, notHeld string) string {
	var ids []string
	for _, e := range cat.Events {
		when := notHeld
		if !e.Start.IsZero() && e.Status != "prospective" {
			when = strconv.Itoa(e.Start.Year())
		}
		ids = append(ids, fmt.Sprintf("%s (%s)", e.ID, when))
	}
	return strings.Join(ids, ", ")
}

// askExamples fill /ask's help: a question for mentions, one for /ask.
func askExamples(tx *texts, cat *corpus.Catalogue) []any {
	return []any{tx.question(cat, 0), tx.question(cat, 1)}
}

// summitExamples fill /summit's help with the catalogue's event ids and
// its last suggested search.
func summitExamples(tx *texts, cat *corpus.Catalogue) []any {
	var ex []string
	if n := len(cat.Events); n > 0 {
		ex = append(ex, "`/summit event:"+cat.Events[min(1, n-1)].ID+"`")
		if n > 2 {
			ex = append(ex, "`/summit event:"+cat.Events[2].ID+" query:"+tx.search(cat, len(cat.Subject.Searches)-1)+"`")
		}
	}
	return []any{strings.Join(ex, ", ")}
}

// searchExamples fill /search's help with the catalogue's suggested
// searches and its first event.
func searchExamples(tx *texts, cat *corpus.Catalogue) []any {
	ex := []string{"`/search query:" + tx.search(cat, 0) + "`"}
	if len(cat.Events) > 0 && len(cat.Subject.Searches) > 1 {
		ex = append(ex, "`/search query:"+tx.search(cat, 1)+" event:"+cat.Events[0].ID+"`")
	}
	return []any{strings.Join(ex, ", ")}
}
