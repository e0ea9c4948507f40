// Package config reads summitbot's settings from the environment and an
// optional .env file, and validates them once, reporting every problem at
// the same time with the variable's name and a hint.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/joho/godotenv"
)

// Config holds the settings every subcommand shares.
type Config struct {
	// CorpusDir is the article folder; empty means the embedded corpus.
	CorpusDir string
	// IndexDir is the on-disk index folder; empty means in memory.
	IndexDir string
}

// Load reads the variables from getenv, falling back to envFile (a .env
// file; a missing file is fine). The real environment wins over the file.
func Load(getenv func(string) string, envFile string) (Config, error) {
	fileVars := map[string]string{}
	if envFile != "" {
		vars, err := godotenv.Read(envFile)
		switch {
		case err == nil:
			fileVars = vars
		case errors.Is(err, fs.ErrNotExist):
		default:
			return Config{}, fmt.Errorf("read %s: %w", envFile, err)
		}
	}
	get := func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fileVars[name]
	}
	return Config{
		CorpusDir: get("CORPUS_DIR"),
		IndexDir:  get("INDEX_DIR"),
	}, nil
}

// Validate reports every problem at once.
func (c Config) Validate() error {
	var errs []error
	if c.CorpusDir != "" {
		fi, err := os.Stat(c.CorpusDir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errs = append(errs, fmt.Errorf("CORPUS_DIR / --corpus: folder %q does not exist (hint: give the folder that holds your articles, or leave it unset to use the built-in corpus)", c.CorpusDir))
		case err != nil:
			errs = append(errs, fmt.Errorf("CORPUS_DIR / --corpus: %w", err))
		case !fi.IsDir():
			errs = append(errs, fmt.Errorf("CORPUS_DIR / --corpus: %q is a file, not a folder (hint: give the folder that holds your articles)", c.CorpusDir))
		}
	}
	if c.IndexDir != "" {
		if fi, err := os.Stat(c.IndexDir); err == nil && !fi.IsDir() {
			errs = append(errs, fmt.Errorf("INDEX_DIR / --index: %q is a file, not a folder (hint: give a folder the index may be written to, or leave it unset to index in memory)", c.IndexDir))
		}
	}
	return errors.Join(errs...)
}
