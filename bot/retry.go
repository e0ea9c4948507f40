package bot

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"regexp"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Lifetimes of an interaction's token, counted from its arrival.
const (
	callbackWindow = 3 * time.Second  // the first response must arrive within this
	tokenLifetime  = 15 * time.Minute // follow-ups and edits after that fail
)

// restAttempts bounds the tries of one REST call.
const restAttempts = 4

// callREST runs a REST call with bounded retries: after a 429 it waits the
// retry_after Discord asked for, after a 5xx or a network error it backs off
// (200 ms, 400 ms, 800 ms); it never retries past deadline, and never more
// than restAttempts times. The last failure is logged and counted; log
// carries what the call is for (an interaction or a message).
func (b *Bot) callREST(log *slog.Logger, op string, deadline time.Time, fn func() error) error {
	backoff := 200 * time.Millisecond
	var err error
	for attempt := 1; ; attempt++ {
		if err = fn(); err == nil {
			return nil
		}
		wait, retry := retryAfter(err, backoff)
		if !retry || attempt == restAttempts || time.Now().Add(wait).After(deadline) {
			break
		}
		log.Warn(op+": retrying", "attempt", attempt, "wait", wait, "err", redactTokens(err))
		time.Sleep(wait)
		backoff *= 2
	}
	b.restError(log, op, err)
	return err
}

// interactionToken matches the interaction token in a REST URL, which a
// network error quotes: the token answers for the interaction for 15
// minutes, so it stays out of the logs.
var interactionToken = regexp.MustCompile(`(/(?:interactions|webhooks)/[0-9]+/)[^/\s"?]+`)

// redactTokens is err's text with interaction tokens replaced.
func redactTokens(err error) string {
	if err == nil {
		return ""
	}
	return interactionToken.ReplaceAllString(err.Error(), "${1}[token]")
}

// retryAfter says whether err is worth another try, and after how long.
func retryAfter(err error, backoff time.Duration) (time.Duration, bool) {
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) && rl.RateLimit != nil && rl.TooManyRequests != nil {
		return max(rl.RetryAfter, 10*time.Millisecond), true
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return backoff, re.Response.StatusCode >= 500
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return backoff, true
	}
	return 0, false
}
