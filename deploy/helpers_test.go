package deploy

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
)

// repoRoot is the summitbot repository: the folder above this module.
func repoRoot(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(wd)
	if _, err := os.Stat(filepath.Join(root, "cmd", "summitbot")); err != nil {
		t.Fatalf("%s is not the summitbot repository (no cmd/summitbot): run the tests from deploy/", root)
	}
	return root
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// runtimeEnv are variables read by the Go runtime, not by summitbot's config.
var runtimeEnv = []string{"GOMEMLIMIT", "GOMAXPROCS", "GOGC", "GODEBUG"}

// envVarName matches the name of an environment variable in config.go's Load.
var envVarName = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$`)

// settingName matches a name in config.go's table of settings ("FEEDS" has no underscore).
var settingName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

var (
	configVarsOnce sync.Once
	configVars     []string
	configVarsErr  error
)

// appEnvVars are the variables summitbot's config reads, from config/config.go's source so that
// a renamed variable fails these checks: every name in its table of settings groups (vars, which
// lists FEEDS, FETCH_EVERY, FEEDS_DIR and CORPUS_POLL, read outside Load by loadFeeds), and every
// string literal that looks like an environment variable's name inside Load (DISCORD_TOKEN and
// DISCORD_PUBLIC_KEY are in no group).
func appEnvVars(t testing.TB) []string {
	t.Helper()
	configVarsOnce.Do(func() {
		path := filepath.Join(repoRoot(t), "config", "config.go")
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			configVarsErr = err
			return
		}
		collect := func(n ast.Node, name *regexp.Regexp) {
			ast.Inspect(n, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				if s, err := strconv.Unquote(lit.Value); err == nil && name.MatchString(s) && !slices.Contains(configVars, s) {
					configVars = append(configVars, s)
				}
				return true
			})
		}
		table := false
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.Name == "Load" && d.Recv == nil {
					collect(d.Body, envVarName)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok && d.Tok == token.VAR && len(vs.Names) == 1 && vs.Names[0].Name == "vars" {
						collect(vs, settingName)
						table = true
					}
				}
			}
		}
		if !table {
			configVarsErr = fmt.Errorf("%s: no table of settings (var vars = ...): the deployment tests need updating", path)
		}
		slices.Sort(configVars)
	})
	if configVarsErr != nil {
		t.Fatal(configVarsErr)
	}
	// What the deployment files rely on must be among them, or the parse above went wrong.
	for _, want := range []string{"DISCORD_TOKEN", "DISCORD_PUBLIC_KEY", "HTTP_ADDR", "METRICS_ADDR", "CORPUS_DIR", "INDEX_DIR", "SHARD_ID", "SHARD_COUNT", "LOG_LEVEL", "FEEDS", "FETCH_EVERY", "FEEDS_DIR", "CORPUS_POLL"} {
		if !slices.Contains(configVars, want) {
			t.Fatalf("config does not read %s (found %v): the deployment files need updating", want, configVars)
		}
	}
	return configVars
}

// checkEnvName fails when name is neither a summitbot setting nor a Go runtime variable.
func checkEnvName(t testing.TB, where, name string) {
	t.Helper()
	if !slices.Contains(appEnvVars(t), name) && !slices.Contains(runtimeEnv, name) {
		t.Errorf("%s: environment variable %s is not read by summitbot (its config reads %v) nor by the Go runtime", where, name, appEnvVars(t))
	}
}
