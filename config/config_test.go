package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadPrecedence(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, ".env")
	os.WriteFile(envFile, []byte("CORPUS_DIR=/from/file\nINDEX_DIR=/idx/from/file\n"), 0o600)
	tests := []struct {
		name       string
		env        map[string]string
		file       string
		wantCorpus string
		wantIndex  string
	}{
		{"file only", nil, envFile, "/from/file", "/idx/from/file"},
		{"environment wins", map[string]string{"CORPUS_DIR": "/from/env"}, envFile, "/from/env", "/idx/from/file"},
		{"no file", map[string]string{"INDEX_DIR": "/x"}, filepath.Join(dir, "missing.env"), "", "/x"},
		{"no file name", nil, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(func(k string) string { return tt.env[k] }, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.CorpusDir != tt.wantCorpus || cfg.IndexDir != tt.wantIndex {
				t.Errorf("got %+v", cfg)
			}
		})
	}
}

func TestLoadBadEnvFile(t *testing.T) {
	dir := t.TempDir()
	// A folder where the file should be cannot be read.
	if _, err := Load(func(string) string { return "" }, dir); err == nil {
		t.Error("want an error for an unreadable .env")
	}
}

func TestValidateReportsEverything(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	os.WriteFile(file, []byte("x"), 0o600)
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"fine", Config{CorpusDir: dir, IndexDir: filepath.Join(dir, "new")}, nil},
		{"defaults", Config{}, nil},
		{"missing corpus", Config{CorpusDir: filepath.Join(dir, "nope")}, []string{"CORPUS_DIR", "does not exist", "hint"}},
		{"corpus is a file", Config{CorpusDir: file}, []string{"CORPUS_DIR", "is a file"}},
		{"both wrong", Config{CorpusDir: file, IndexDir: file}, []string{"CORPUS_DIR", "INDEX_DIR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate(Needs{})
			if (err != nil) != (tt.want != nil) {
				t.Fatalf("err = %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
}
