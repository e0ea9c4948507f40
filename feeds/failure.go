package feeds

import (
	"errors"
	"fmt"
	"net/http"
)

// The failures of an item that would happen again on every pass. An item
// that fails so is remembered in the state and not fetched again.
var (
	errBadLink          = errors.New("unusable link")
	errDisallowed       = errors.New("robots.txt disallows it")
	errTooLarge         = errors.New("the body is too large")
	errNotHTML          = errors.New("not HTML")
	errNoText           = errors.New("extract text: neither the page nor the item has any")
	errCorpusSkips      = errors.New("the corpus would skip it")
	errTooManyRedirects = fmt.Errorf("stopped after %d redirects", maxRedirects)
)

// statusError is an HTTP answer that is not a success.
type statusError struct{ code int }

func (e statusError) Error() string {
	return fmt.Sprintf("%d %s", e.code, http.StatusText(e.code))
}

// robotsError is a robots.txt that could not be had (a network error, a
// 5xx): the host's pages wait for the next pass, whatever the cause.
type robotsError struct{ err error }

func (e robotsError) Error() string { return e.err.Error() }
func (e robotsError) Unwrap() error { return e.err }

// lasting reports whether the failure err of an item would happen again:
// a 4xx answer (but 408, 425 and 429, which ask to come back later), a
// page robots.txt disallows, one that is not HTML, one larger than
// MaxBytes, one with no text, an article the corpus would skip, a link
// that is no article's. Any other failure (a network error, a time-out, a
// 5xx, robots.txt unavailable, the folder) is transient: the item is
// retried next pass.
func lasting(err error) bool {
	var re robotsError
	if errors.As(err, &re) {
		return false
	}
	var se statusError
	if errors.As(err, &se) {
		switch se.code {
		case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests:
			return false
		}
		return se.code >= 400 && se.code < 500
	}
	for _, e := range []error{errBadLink, errDisallowed, errTooLarge, errNotHTML, errNoText, errCorpusSkips, errTooManyRedirects} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
