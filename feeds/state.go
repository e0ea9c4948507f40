package feeds

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// StateFile is the file, inside the articles' folder, where Fetch keeps
// what it knows of each feed. Its name starts with a dot, so the corpus
// loader skips it.
const StateFile = ".feeds.json"

// maxRemembered is how many off-topic items, and how many failed ones, the
// state remembers: the latest.
const maxRemembered = 5000

// State is what Fetch remembers between passes.
type State struct {
	Feeds   []FeedState `json:"feeds"`
	LastRun time.Time   `json:"last_run"`
	// OffTopic are the file names of the latest items found off-topic
	// (at most 5000), oldest first: a later pass does not fetch them again
	// while the catalogue is the one they were judged by (OffTopicFor, a
	// digest of it).
	OffTopic    []string `json:"off_topic,omitempty"`
	OffTopicFor string   `json:"off_topic_for,omitempty"`
	// Failed are the normalised URLs of the latest items that failed for
	// good (at most 5000), oldest first: a 4xx answer, robots.txt
	// disallowing the page, a page that is not HTML, too large or without
	// text. A later pass does not fetch them again.
	Failed []string `json:"failed,omitempty"`
}

// FeedState is what Fetch remembers of one feed.
type FeedState struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastRun      time.Time `json:"last_run"`
	LastSuccess  time.Time `json:"last_success,omitzero"`
	LastError    string    `json:"last_error,omitempty"`
	Written      int       `json:"written"` // total articles written from it
}

// errDamagedState is a state file that is not the JSON of a State.
var errDamagedState = errors.New("damaged")

// ReadState reads the state Fetch keeps in dir. A missing file is an empty
// State, not an error; a file that cannot be read is an error, and so is
// one that is not a State's JSON.
func ReadState(dir string) (State, error) {
	data, err := os.ReadFile(filepath.Join(dir, StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return State{}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("read feed state: %w", err)
	}
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return State{}, fmt.Errorf("read feed state %s: %w: %w", filepath.Join(dir, StateFile), errDamagedState, err)
	}
	return s, nil
}

// feed is the state of the feed at u, added when it is new.
func (s *State) feed(u string) *FeedState {
	for i := range s.Feeds {
		if s.Feeds[i].URL == u {
			return &s.Feeds[i]
		}
	}
	s.Feeds = append(s.Feeds, FeedState{URL: u})
	return &s.Feeds[len(s.Feeds)-1]
}

// keepFeeds forgets the feeds that are not in urls.
func (s *State) keepFeeds(urls []string) {
	s.Feeds = slices.DeleteFunc(s.Feeds, func(f FeedState) bool { return !slices.Contains(urls, f.URL) })
}

// writeState saves s in dir atomically.
func writeState(dir string, s State) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("save feed state: %w", err)
	}
	if err := writeAtomic(dir, StateFile, append(data, '\n')); err != nil {
		return fmt.Errorf("save feed state: %w", err)
	}
	return nil
}

// writeAtomic writes data to dir/name through a hidden temporary file in
// dir renamed over it, so a reader sees the old file or the new one, never
// a part of it; the file and then the folder are synced, so that a crash
// loses neither the data nor the rename.
func writeAtomic(dir, name string, data []byte) error {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes the entries of dir durable. Some file systems cannot sync
// a folder; the rename is done, so that is not an error.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
