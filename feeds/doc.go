// Package feeds keeps a corpus current: it reads RSS and Atom feeds, fetches
// the pages their items link to, extracts each page's article text, keeps
// the articles the corpus catalogue tags with one of its events, and writes
// them into a folder as Markdown files the corpus loader reads.
//
// A pass (Fetch) is polite: every request carries the User-Agent, pages are
// fetched only where the host's robots.txt allows it, two requests to one
// host are at least HostDelay apart, and every response is cut off after
// Timeout and MaxBytes. A pass remembers what it did in StateFile inside the
// folder (ETag and Last-Modified of each feed, its last error, the items
// found off-topic, the items that failed for good), so the next pass asks
// each feed conditionally and fetches only the pages it has not written,
// judged off-topic or seen fail for good yet. A page that failed for a
// passing reason (a network error, a 5xx) is retried on the next pass.
package feeds
