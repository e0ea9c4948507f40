package bot

import (
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// logSink collects a logger's lines so a test can wait for one to be
// written instead of sleeping.
type logSink struct {
	mu      sync.Mutex
	lines   []string
	changed chan struct{}
}

func newLogSink() (*logSink, *slog.Logger) {
	l := &logSink{changed: make(chan struct{})}
	return l, slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// Write takes one record: the text handler writes each in one call.
func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(p))
	close(l.changed)
	l.changed = make(chan struct{})
	return len(p), nil
}

// String is everything logged so far.
func (l *logSink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "")
}

// wait returns the first line containing every one of parts, waiting up to
// timeout for it to be logged.
func (l *logSink) wait(t testing.TB, timeout time.Duration, parts ...string) string {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		l.mu.Lock()
		for _, line := range l.lines {
			if containsAll(line, parts) {
				l.mu.Unlock()
				return line
			}
		}
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("no log line with %q within %v; logged:\n%s", parts, timeout, l.String())
			return ""
		}
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
