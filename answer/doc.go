// Package answer answers a natural-language question about the events of
// a catalogue (the built-in one: the Trump–Kim summits, and Kim's summits
// with Moon, Xi and Putin) in one or two sentences taken from it, and
// cites the corpus passages that support the answer.
//
// It never composes facts of its own: every sentence comes from a catalogue
// field (corpus.Event: venue, dates, attendees, signed, result, …) whose
// facts the embedded articles also state. When the question names no event,
// or asks for something the catalogue does not hold (a lunch's length, the
// weather), or no passage tagged with the event supports the answer, the
// Answer is not Found and the bot says so plainly instead of guessing.
//
// Recognition is deliberately simple and data-driven: events are found by
// the catalogue's names, aliases, tagging phrases and question cues, its
// dates and years, ordinals ("second summit") by chronological order, and
// typos by edit distance; the kind of question by a small table of cue
// words. Dates, years, ordinals, "the last summit", superlatives and
// counts range over the question's scope (scope.go): the meetings of the
// leaders it names ("kim's second meeting with xi"), or of a kind of
// meeting the catalogue's names share ("the first inter-korean summit"),
// or else of the catalogue's first event's leaders, its primary pair
// (the Trump–Kim meetings of the built-in catalogue, whatever other
// summits it holds). What it knows of the subject is the catalogue's too (subject.go):
// its leaders, sides, context phrases, not-events and abbreviations; the
// Go tables (tables.go) say only how people ask. Words of the question
// that neither name the event nor say what is asked must appear in the
// facts the answer draws on, which is what keeps "How long did the Hanoi
// lunch last?" from being answered with the length of the summit.
package answer
