package bot

import (
	"errors"
	"strconv"
	"strings"
)

// pageState is everything needed to serve another page of a result, kept in
// the button's custom_id so any replica, before or after a restart, can
// serve the click.
type pageState struct {
	Command string // cmdSearch or cmdSummit
	Page    int    // 0-based
	Hide    bool
	Event   string
	Query   string
}

const (
	pagePrefix = "pg1"
	maxPage    = 99
)

var errBadPage = errors.New("this button is no longer valid")

// encode returns the custom_id, or false when the state does not fit in
// Discord's 100 characters (a long query in characters outside the BMP).
func (p pageState) encode() (string, bool) {
	cmd := "s"
	if p.Command == cmdSummit {
		cmd = "m"
	}
	hide := "0"
	if p.Hide {
		hide = "1"
	}
	id := strings.Join([]string{pagePrefix, cmd, strconv.Itoa(p.Page), hide, p.Event, p.Query}, "|")
	return id, utf16Len(id) <= maxCustomID
}

// decodePage parses a custom_id strictly: anything else than what encode
// writes is rejected.
func decodePage(id string) (pageState, error) {
	parts := strings.SplitN(id, "|", 6)
	if len(parts) != 6 || parts[0] != pagePrefix || utf16Len(id) > maxCustomID {
		return pageState{}, errBadPage
	}
	var p pageState
	switch parts[1] {
	case "s":
		p.Command = cmdSearch
	case "m":
		p.Command = cmdSummit
	default:
		return pageState{}, errBadPage
	}
	page, err := strconv.Atoi(parts[2])
	if err != nil || page < 0 || page > maxPage || strconv.Itoa(page) != parts[2] {
		return pageState{}, errBadPage
	}
	p.Page = page
	switch parts[3] {
	case "0":
	case "1":
		p.Hide = true
	default:
		return pageState{}, errBadPage
	}
	p.Event, p.Query = parts[4], parts[5]
	if p.Command == cmdSearch && strings.TrimSpace(p.Query) == "" || p.Command == cmdSummit && p.Event == "" {
		return pageState{}, errBadPage
	}
	return p, nil
}
