package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	digest "github.com/opencontainers/go-digest"
	"golang.org/x/mod/modfile"
)

// Facts of the image that the other deployment files rely on.
const (
	imageUID       = "65532"
	imageBinary    = "/summitbot"
	imageIndexDir  = "/data/index"
	imageHTTPPort  = "8080"
	buildIndexDir  = "/out/index"
	buildBinary    = "/out/summitbot"
	versionLDFlag  = "-X main.buildVersion=${VERSION}"
	defaultVersion = "dev"
	// The embedded Noto Sans CJK KR's licence: in the repository, in the
	// builder (WORKDIR /src, COPY . .) and in the image, where
	// timeline/doc.go and the README say it is.
	fontLicence      = "timeline/fonts/OFL.txt"
	buildSrcDir      = "/src/"
	imageFontLicence = "/licenses/NotoSansCJK-OFL.txt"
)

// contextFiles are the files the build needs from the context besides those
// `go list` names: the font licence the runtime stage copies from the
// builder's /src, and the embedded fonts it goes with.
var contextFiles = []string{
	fontLicence,
	"timeline/fonts/NotoSansCJKkr-Regular.subset.otf",
	"timeline/fonts/NotoSansCJKkr-Bold.subset.otf",
}

type dockerfile struct {
	data     []byte
	stages   []instructions.Stage
	metaArgs []instructions.ArgCommand
}

func loadDockerfile(t testing.TB) dockerfile {
	t.Helper()
	data := readFile(t, filepath.Join(repoRoot(t), "Dockerfile"))
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Dockerfile does not parse: %v", err)
	}
	stages, metaArgs, err := instructions.Parse(res.AST, nil)
	if err != nil {
		t.Fatalf("Dockerfile instructions do not parse: %v", err)
	}
	return dockerfile{data: data, stages: stages, metaArgs: metaArgs}
}

// metaArg is the default of a global ARG (declared before the first FROM).
func (d dockerfile) metaArg(name string) (string, bool) {
	for _, a := range d.metaArgs {
		for _, kv := range a.Args {
			if kv.Key == name && kv.Value != nil {
				return *kv.Value, true
			}
		}
	}
	return "", false
}

// expand replaces ${NAME} and $NAME with the global ARG defaults.
func (d dockerfile) expand(s string) string {
	return os.Expand(s, func(name string) string {
		v, _ := d.metaArg(name)
		return v
	})
}

func commandsOf[T instructions.Command](st instructions.Stage) []T {
	var out []T
	for _, c := range st.Commands {
		if v, ok := c.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// buildLDFlags returns the -ldflags value of the builder's `go build`, so the image test can
// build the binary exactly as the image does.
func buildLDFlags(t testing.TB) string {
	t.Helper()
	d := loadDockerfile(t)
	for _, r := range commandsOf[*instructions.RunCommand](d.stages[0]) {
		line := strings.Join(r.CmdLine, " ")
		if m := regexp.MustCompile(`go build .*-ldflags "([^"]*)"`).FindStringSubmatch(line); m != nil {
			return m[1]
		}
	}
	t.Fatal("Dockerfile: no `go build ... -ldflags \"...\"` in the build stage")
	return ""
}

func TestDockerfileStructure(t *testing.T) {
	d := loadDockerfile(t)
	if len(d.stages) < 2 {
		t.Fatalf("Dockerfile has %d stage(s); want a multi-stage build (builder + runtime)", len(d.stages))
	}
	build, final := d.stages[0], d.stages[len(d.stages)-1]

	t.Run("builder image is golang pinned to go.mod's Go version", func(t *testing.T) {
		mf, err := modfile.Parse("go.mod", readFile(t, filepath.Join(repoRoot(t), "go.mod")), nil)
		if err != nil {
			t.Fatal(err)
		}
		base := d.expand(build.BaseName)
		version := mf.Go.Version
		if mf.Toolchain != nil { // the toolchain the tests and CI use (GOTOOLCHAIN in test.sh)
			version = strings.TrimPrefix(mf.Toolchain.Name, "go")
		}
		want := "golang:" + version + "-"
		if !strings.HasPrefix(base, want) {
			t.Errorf("builder FROM %s (%s): want a pinned tag %s<debian release> matching go.mod's go/toolchain %s", build.BaseName, base, want, version)
		}
		if build.Name == "" {
			t.Error("builder stage has no name (FROM ... AS build)")
		}
	})

	t.Run("ARG VERSION defaults to dev", func(t *testing.T) {
		if v, ok := d.metaArg("VERSION"); !ok || v != defaultVersion {
			t.Errorf("global ARG VERSION=%q; want %q", v, defaultVersion)
		}
		for _, st := range []instructions.Stage{build, final} {
			declared := false
			for _, a := range commandsOf[*instructions.ArgCommand](st) {
				for _, kv := range a.Args {
					declared = declared || kv.Key == "VERSION"
				}
			}
			if !declared {
				t.Errorf("stage %q does not declare ARG VERSION, so ${VERSION} is empty there", st.Name)
			}
		}
	})

	t.Run("modules are downloaded in their own layer", func(t *testing.T) {
		// COPY go.mod go.sum, then RUN go mod download, then COPY . .
		step := 0
		for _, c := range build.Commands {
			switch c := c.(type) {
			case *instructions.CopyCommand:
				srcs := c.SourcePaths
				if step == 0 && slices.Contains(srcs, "go.mod") && slices.Contains(srcs, "go.sum") && !slices.Contains(srcs, ".") {
					step = 1
				} else if step == 2 && slices.Contains(srcs, ".") {
					step = 3
				}
			case *instructions.RunCommand:
				if step == 1 && strings.Contains(strings.Join(c.CmdLine, " "), "go mod download") {
					step = 2
				}
			}
		}
		if step != 3 {
			t.Errorf("builder: want COPY go.mod go.sum, RUN go mod download, then COPY . . (reached step %d of 3)", step)
		}
	})

	t.Run("static, trimmed, stamped build", func(t *testing.T) {
		var line string
		for _, r := range commandsOf[*instructions.RunCommand](build) {
			if s := strings.Join(r.CmdLine, " "); strings.Contains(s, "go build") {
				line = s
			}
		}
		for _, want := range []string{"CGO_ENABLED=0 go build", "-trimpath", `-ldflags "-s -w ` + versionLDFlag + `"`, "-o " + buildBinary, "./cmd/summitbot"} {
			if !strings.Contains(line, want) {
				t.Errorf("builder `go build` lacks %q:\n%s", want, line)
			}
		}
	})

	t.Run("index is built at build time", func(t *testing.T) {
		found := false
		for _, r := range commandsOf[*instructions.RunCommand](build) {
			found = found || strings.Contains(strings.Join(r.CmdLine, " "), buildBinary+" index --index "+buildIndexDir)
		}
		if !found {
			t.Errorf("builder: no RUN %s index --index %s", buildBinary, buildIndexDir)
		}
	})

	t.Run("runtime stage", func(t *testing.T) {
		base := d.expand(final.BaseName)
		if !strings.HasPrefix(base, "gcr.io/distroless/static") && base != "scratch" {
			t.Errorf("runtime FROM %s: want distroless/static or scratch", base)
		}
		var binary, index, licence *instructions.CopyCommand
		for _, c := range commandsOf[*instructions.CopyCommand](final) {
			if c.From != build.Name {
				t.Errorf("runtime COPY %v does not come from the %q stage", c.SourcePaths, build.Name)
			}
			switch {
			case slices.Equal(c.SourcePaths, []string{buildBinary}) && c.DestPath == imageBinary:
				binary = c
			case slices.Equal(c.SourcePaths, []string{buildIndexDir}) && c.DestPath == imageIndexDir:
				index = c
			case slices.Equal(c.SourcePaths, []string{buildSrcDir + fontLicence}):
				licence = c
			}
		}
		// The binary embeds an OFL font, whose licence travels with every
		// copy, at the path the docs give.
		if licence == nil {
			t.Errorf("runtime: no COPY --from=%s %s%s (the embedded font's licence)", build.Name, buildSrcDir, fontLicence)
		} else if licence.DestPath != imageFontLicence {
			t.Errorf("runtime: the font licence is copied to %s, want %s", licence.DestPath, imageFontLicence)
		}
		if binary == nil {
			t.Errorf("runtime: no COPY --from=%s %s %s", build.Name, buildBinary, imageBinary)
		}
		if index == nil {
			t.Errorf("runtime: no COPY --from=%s %s %s", build.Name, buildIndexDir, imageIndexDir)
		} else if index.Chown != imageUID+":"+imageUID {
			t.Errorf("runtime: the index is copied with --chown=%q; want %s:%s, the runtime user", index.Chown, imageUID, imageUID)
		}

		users := commandsOf[*instructions.UserCommand](final)
		if len(users) == 0 {
			t.Fatal("runtime: no USER; the container would run as root")
		}
		user := users[len(users)-1].User
		uid, _, _ := strings.Cut(user, ":")
		if uid != imageUID {
			t.Errorf("runtime USER %q: want the numeric non-root %s:%s (Kubernetes' runAsNonRoot needs a number)", user, imageUID, imageUID)
		}

		env := map[string]string{}
		for _, e := range commandsOf[*instructions.EnvCommand](final) {
			for _, kv := range e.Env {
				env[kv.Key] = kv.Value
				checkEnvName(t, "Dockerfile ENV", kv.Key)
			}
		}
		if env["INDEX_DIR"] != imageIndexDir || env["HTTP_ADDR"] != ":"+imageHTTPPort {
			t.Errorf("runtime ENV %v: want INDEX_DIR=%s HTTP_ADDR=:%s", env, imageIndexDir, imageHTTPPort)
		}

		var ports []string
		for _, e := range commandsOf[*instructions.ExposeCommand](final) {
			ports = append(ports, e.Ports...)
		}
		if !slices.Contains(ports, imageHTTPPort) && !slices.Contains(ports, imageHTTPPort+"/tcp") {
			t.Errorf("runtime EXPOSE %v: want %s", ports, imageHTTPPort)
		}

		hcs := commandsOf[*instructions.HealthCheckCommand](final)
		if len(hcs) != 1 {
			t.Fatalf("runtime: %d HEALTHCHECK instructions, want 1", len(hcs))
		}
		if test := hcs[0].Health.Test; !slices.Equal(test, []string{"CMD", imageBinary, "healthcheck"}) {
			t.Errorf("HEALTHCHECK %q: want the exec form CMD [%q, \"healthcheck\"] (no shell in the image)", test, imageBinary)
		}

		eps := commandsOf[*instructions.EntrypointCommand](final)
		if len(eps) != 1 || eps[0].PrependShell || !slices.Equal(eps[0].CmdLine, []string{imageBinary}) {
			t.Errorf("ENTRYPOINT: want exactly [%q] in exec form", imageBinary)
		}
		cmds := commandsOf[*instructions.CmdCommand](final)
		if len(cmds) != 1 || cmds[0].PrependShell || !slices.Equal(cmds[0].CmdLine, []string{"serve"}) {
			t.Errorf("CMD: want exactly [\"serve\"] in exec form")
		}
		if runs := commandsOf[*instructions.RunCommand](final); len(runs) > 0 {
			t.Errorf("runtime stage has RUN %q: the distroless image has no shell", runs[0].CmdLine)
		}

		labels := map[string]string{}
		for _, l := range commandsOf[*instructions.LabelCommand](final) {
			for _, kv := range l.Labels {
				v := kv.Value
				if u, err := strconv.Unquote(v); err == nil {
					v = u
				}
				labels[kv.Key] = v
			}
		}
		for _, k := range []string{"title", "description", "version", "source"} {
			if labels["org.opencontainers.image."+k] == "" {
				t.Errorf("runtime: no LABEL org.opencontainers.image.%s", k)
			}
		}
		if labels["org.opencontainers.image.version"] != "${VERSION}" {
			t.Errorf("LABEL org.opencontainers.image.version=%q; want ${VERSION}", labels["org.opencontainers.image.version"])
		}
	})
}

// fakeImages answers BuildKit's base-image lookups offline with the configuration the real
// images publish (user, working directory, environment), which some lint rules read.
type fakeImages struct{}

func (fakeImages) ResolveImageConfig(_ context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	arch := runtime.GOARCH
	if opt.ImageOpt != nil && opt.ImageOpt.Platform != nil {
		arch = opt.ImageOpt.Platform.Architecture
	}
	cfg := map[string]any{"Env": []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}}
	switch {
	case strings.Contains(ref, "golang:"):
		cfg = map[string]any{
			"Env":        []string{"PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GOLANG_VERSION=1.26.8", "GOTOOLCHAIN=local", "GOPATH=/go"},
			"WorkingDir": "/go",
		}
	case strings.Contains(ref, "distroless"):
		cfg = map[string]any{
			"Env":        []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"},
			"User":       imageUID,
			"WorkingDir": "/home/nonroot",
		}
	}
	data, err := json.Marshal(map[string]any{
		"architecture": arch, "os": "linux", "config": cfg,
		"rootfs": map[string]any{"type": "layers", "diff_ids": []string{}},
	})
	return ref, digest.FromBytes(data), data, err
}

// lintDockerfile runs BuildKit's Dockerfile checks, the ones `docker build --check` runs.
func lintDockerfile(t testing.TB, data []byte) []string {
	t.Helper()
	sm := llb.NewSourceMap(nil, "Dockerfile", "Dockerfile", data)
	sm.Definition = &llb.Definition{}
	res, err := dockerfile2llb.DockerfileLint(context.Background(), data, dockerfile2llb.ConvertOpt{
		MetaResolver: fakeImages{},
		SourceMap:    sm,
		Config:       dockerui.Config{BuildArgs: map[string]string{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	if res.Error != nil {
		out = append(out, "error: "+res.Error.Message)
	}
	for _, w := range res.Warnings {
		line := int32(0)
		if w.Location != nil && len(w.Location.Ranges) > 0 {
			line = w.Location.Ranges[0].Start.Line
		}
		out = append(out, fmt.Sprintf("line %d: %s: %s (%s)", line, w.RuleName, w.Detail, w.URL))
	}
	return out
}

func TestDockerfileBuildKitChecks(t *testing.T) {
	// The linter must be awake: a Dockerfile that breaks three rules gets three findings.
	bad := lintDockerfile(t, []byte("from alpine as Builder\nENV A 1\nCMD echo hi\n"))
	for _, rule := range []string{"StageNameCasing", "LegacyKeyValueFormat", "JSONArgsRecommended"} {
		if !slices.ContainsFunc(bad, func(s string) bool { return strings.Contains(s, rule) }) {
			t.Fatalf("BuildKit's linter did not report %s on a bad Dockerfile (it reported %q): the check is not working", rule, bad)
		}
	}
	for _, f := range lintDockerfile(t, loadDockerfile(t).data) {
		t.Errorf("Dockerfile: %s", f)
	}
}

// contextMatcher is the .dockerignore as BuildKit applies it to the build context.
func contextMatcher(t testing.TB) *patternmatcher.PatternMatcher {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot(t), ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatalf(".dockerignore: %v", err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatalf(".dockerignore: %v", err)
	}
	return pm
}

func excluded(t testing.TB, pm *patternmatcher.PatternMatcher, rel string) bool {
	t.Helper()
	ex, err := pm.MatchesOrParentMatches(filepath.ToSlash(rel))
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func TestDockerignore(t *testing.T) {
	root := repoRoot(t)
	pm := contextMatcher(t)

	t.Run("keeps every file the build needs", func(t *testing.T) {
		// The Go tool says which files make the binary: sources and embedded files.
		cmd := exec.Command("go", "list", "-deps", "-f",
			`{{if and .Module (eq .Module.Path "github.com/summitbot/summitbot")}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{end}}`,
			"./cmd/summitbot")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		files := []string{"go.mod", "go.sum"}
		for _, abs := range strings.Fields(string(out)) {
			rel, err := filepath.Rel(root, abs)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, rel)
		}
		if len(files) < 20 || !slices.Contains(files, "corpus/builtin/events.yaml") {
			t.Fatalf("go list found only %d files, without the embedded corpus: %v", len(files), files)
		}
		// And what the Dockerfile copies out of the builder's /src, the
		// build context.
		files = append(files, contextFiles...)
		for _, st := range loadDockerfile(t).stages {
			for _, c := range commandsOf[*instructions.CopyCommand](st) {
				for _, src := range c.SourcePaths {
					if rel, ok := strings.CutPrefix(src, buildSrcDir); ok && c.From != "" {
						files = append(files, rel)
					}
				}
			}
		}
		slices.Sort(files)
		files = slices.Compact(files)
		for _, f := range contextFiles {
			if _, err := os.Stat(filepath.Join(root, f)); err != nil {
				t.Errorf("the build needs %s: %v", f, err)
			}
		}
		for _, f := range files {
			if excluded(t, pm, f) {
				t.Errorf(".dockerignore leaves out %s, which the build needs", f)
			}
		}
	})

	t.Run("leaves out secrets and junk", func(t *testing.T) {
		for _, f := range []string{".git", ".git/config", ".env", "prod.env", "cmd/summitbot/.env", "summitbot", "index.test",
			"cmd/summitbot/summitbot.test", "cpu.prof", "coverage.out", "index-data/CURRENT", "deploy/lint.sh", "deploy/k8s/http/deployment.yaml",
			"cmd/summitbot/run_test.go", "corpus/testdata/a.md"} {
			if !excluded(t, pm, f) {
				t.Errorf(".dockerignore lets %s into the build context", f)
			}
		}
		if excluded(t, pm, ".env.example") {
			t.Error(".dockerignore leaves out .env.example, which is harmless documentation")
		}
	})

	t.Run("files in the repository now", func(t *testing.T) {
		// Whatever lies in the work tree today: nothing secret or bulky goes in.
		var sent []string
		var size int64
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			if rel == "." {
				return nil
			}
			if excluded(t, pm, rel) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				info, err := d.Info()
				if err == nil {
					size += info.Size()
				}
				sent = append(sent, rel)
				if base := filepath.Base(rel); base == ".env" || strings.HasSuffix(base, ".test") {
					t.Errorf("the build context would include %s", rel)
				}
			}
			return nil
		})
		t.Logf("build context: %d files, %d KiB", len(sent), size/1024)
		if size > 20<<20 {
			t.Errorf("build context is %d MiB: something big is not ignored", size>>20)
		}
	})
}
