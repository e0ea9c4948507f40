package deploy

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// loadCompose loads compose files with Docker Compose's own loader (compose-go): the Compose
// Specification's JSON schema, interpolation, merging of several files, and consistency checks.
func loadCompose(t *testing.T, workDir string, files []string, env map[string]string, resolveEnv bool) (*types.Project, error) {
	t.Helper()
	details := types.ConfigDetails{WorkingDir: workDir, Environment: env}
	for _, f := range files {
		details.ConfigFiles = append(details.ConfigFiles, types.ConfigFile{Filename: f})
	}
	return loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName("summitbot", true)
		o.Profiles = []string{"gateway"}
		o.SkipResolveEnvironment = !resolveEnv
		o.ResolvePaths = true
	})
}

func deployDir(t *testing.T) string { return filepath.Join(repoRoot(t), "deploy") }

func composeFiles(t *testing.T, names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, filepath.Join(deployDir(t), n))
	}
	return out
}

func TestCompose(t *testing.T) {
	p, err := loadCompose(t, deployDir(t), composeFiles(t, "docker-compose.yml"), map[string]string{}, false)
	if err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	for _, name := range []string{"summitbot", "gateway"} {
		t.Run(name, func(t *testing.T) {
			s, ok := p.Services[name]
			if !ok {
				t.Fatalf("no service %q", name)
			}
			checkComposeService(t, p, s)
		})
	}

	http, gw := p.Services["summitbot"], p.Services["gateway"]
	if len(http.Profiles) != 0 {
		t.Errorf("summitbot: profiles %v; the HTTP service is the default", http.Profiles)
	}
	if !slices.Equal(http.Command, types.ShellCommand{"serve"}) {
		t.Errorf("summitbot: command %v, want [serve]", http.Command)
	}
	addr := http.Environment["HTTP_ADDR"]
	if addr == nil {
		t.Fatal("summitbot: HTTP_ADDR not set")
	}
	_, port, _ := net.SplitHostPort(*addr)
	if len(http.Ports) != 1 || strconv.Itoa(int(http.Ports[0].Target)) != port || port != imageHTTPPort {
		t.Errorf("summitbot: ports %+v; want the container's %s (HTTP_ADDR=%s) published", http.Ports, imageHTTPPort, *addr)
	}
	if !slices.Equal(gw.Profiles, []string{"gateway"}) {
		t.Errorf("gateway: profiles %v, want [gateway] (optional)", gw.Profiles)
	}
	if !slices.Equal(gw.Command, types.ShellCommand{"run"}) {
		t.Errorf("gateway: command %v, want [run]", gw.Command)
	}
	if m := gw.Environment["METRICS_ADDR"]; m == nil || *m == "" {
		t.Error("gateway: METRICS_ADDR must be set: the compose file publishes that port for scraping")
	}
	for _, pc := range gw.Ports {
		if pc.HostIP != "127.0.0.1" {
			t.Errorf("gateway: port %d published on %q; metrics should stay on loopback", pc.Target, pc.HostIP)
		}
	}
	if http.Image != gw.Image || http.Image == "" {
		t.Errorf("services run different images: %q and %q", http.Image, gw.Image)
	}
}

func checkComposeService(t *testing.T, p *types.Project, s types.ServiceConfig) {
	if s.Build == nil || s.Build.Context != repoRoot(t) {
		t.Errorf("build context %v, want the repository root", s.Build)
	} else if _, err := os.Stat(filepath.Join(s.Build.Context, s.Build.Dockerfile)); err != nil {
		t.Errorf("build: %v", err)
	}
	if v := s.Build.Args["VERSION"]; v == nil || *v != defaultVersion {
		t.Errorf("build arg VERSION: want ${VERSION:-%s}", defaultVersion)
	}
	if len(s.EnvFiles) != 1 || s.EnvFiles[0].Path != filepath.Join(repoRoot(t), ".env") || !bool(s.EnvFiles[0].Required) {
		t.Errorf("env_file %+v: want the repository's .env, required", s.EnvFiles)
	}
	for name := range s.Environment {
		checkEnvName(t, "docker-compose.yml "+s.Name, name)
	}
	if s.HealthCheck == nil || !slices.Equal([]string(s.HealthCheck.Test), []string{"CMD", imageBinary, "healthcheck"}) {
		t.Errorf("healthcheck %v: want [CMD %s healthcheck] (no shell in the image)", s.HealthCheck, imageBinary)
	} else if s.HealthCheck.Interval == nil || s.HealthCheck.Timeout == nil || time.Duration(*s.HealthCheck.Timeout) < 3*time.Second {
		t.Error("healthcheck: want an interval and a timeout of at least 3 s (the binary's own)")
	}
	if s.Restart == "" || s.Restart == "no" {
		t.Errorf("restart %q: want a restart policy", s.Restart)
	}
	if !s.ReadOnly {
		t.Error("want read_only: true")
	}
	if !slices.Contains(s.CapDrop, "ALL") {
		t.Error("want cap_drop: [ALL]")
	}
	if !slices.ContainsFunc(s.SecurityOpt, func(o string) bool { return strings.HasPrefix(o, "no-new-privileges") }) {
		t.Error("want security_opt no-new-privileges")
	}
	if s.StopGracePeriod == nil || time.Duration(*s.StopGracePeriod) <= 15*time.Second {
		t.Error("stop_grace_period must exceed the 15 s the bot gives in-flight interactions")
	}
	if s.User != "" && !strings.HasPrefix(s.User, imageUID) {
		t.Errorf("user %q: want the image's %s", s.User, imageUID)
	}
	if env := s.Environment["INDEX_DIR"]; env == nil || *env != imageIndexDir {
		t.Errorf("INDEX_DIR: want %s, the image's prebuilt index", imageIndexDir)
	}
	// A CORPUS_DIR in the developer's .env is a host path: the container must not inherit it.
	if env := s.Environment["CORPUS_DIR"]; env == nil || *env != "" {
		t.Error(`CORPUS_DIR: want "" (the embedded corpus) unless the corpus override sets it`)
	}
}

func TestComposeCustomCorpus(t *testing.T) {
	p, err := loadCompose(t, deployDir(t), composeFiles(t, "docker-compose.yml", "docker-compose.corpus.yml"), map[string]string{}, false)
	if err != nil {
		t.Fatalf("docker-compose.yml + docker-compose.corpus.yml: %v", err)
	}
	for _, name := range []string{"summitbot", "gateway"} {
		s := p.Services[name]
		corpus := s.Environment["CORPUS_DIR"]
		if corpus == nil {
			t.Fatalf("%s: CORPUS_DIR not set", name)
		}
		var corpusVol, indexVol *types.ServiceVolumeConfig
		for i, v := range s.Volumes {
			switch v.Target {
			case *corpus:
				corpusVol = &s.Volumes[i]
			case *s.Environment["INDEX_DIR"]:
				indexVol = &s.Volumes[i]
			}
		}
		if corpusVol == nil || corpusVol.Type != types.VolumeTypeBind || !corpusVol.ReadOnly {
			t.Errorf("%s: want a read-only bind mount at CORPUS_DIR=%s", name, *corpus)
		} else if want := filepath.Join(k8sDir(t), "custom-corpus", "corpus"); corpusVol.Source != want {
			t.Errorf("%s: corpus source %s, want the example %s by default", name, corpusVol.Source, want)
		} else if _, err := os.Stat(corpusVol.Source); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if indexVol == nil || indexVol.Type != types.VolumeTypeVolume || indexVol.ReadOnly {
			t.Errorf("%s: want a writable named volume at INDEX_DIR (the root filesystem is read-only)", name)
		} else if _, ok := p.Volumes[indexVol.Source]; !ok {
			t.Errorf("%s: volume %s is not declared", name, indexVol.Source)
		}
		if !s.ReadOnly {
			t.Errorf("%s: the override must keep read_only", name)
		}
	}
	a, b := p.Services["summitbot"].Volumes, p.Services["gateway"].Volumes
	for _, va := range a {
		for _, vb := range b {
			if va.Type == types.VolumeTypeVolume && va.Source == vb.Source {
				t.Errorf("both services share index volume %s: each rebuilds and swaps its own", va.Source)
			}
		}
	}
}

func TestComposeEnvFile(t *testing.T) {
	// The deploy folder and the repository's .env, recreated: env_file is read, and the
	// service's environment wins over it.
	root := t.TempDir()
	work := filepath.Join(root, "deploy")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	files := composeFiles(t, "docker-compose.yml")
	if _, err := loadCompose(t, work, files, map[string]string{}, true); err == nil || !strings.Contains(err.Error(), ".env") {
		t.Errorf("without .env: %v; want an error naming the missing .env (required)", err)
	}
	os.WriteFile(filepath.Join(root, ".env"), []byte("DISCORD_PUBLIC_KEY=abc123\nHTTP_ADDR=:9999\nLOG_LEVEL=debug\n"), 0o600)
	p, err := loadCompose(t, work, files, map[string]string{}, true)
	if err != nil {
		t.Fatal(err)
	}
	env := p.Services["summitbot"].Environment
	for k, want := range map[string]string{"DISCORD_PUBLIC_KEY": "abc123", "LOG_LEVEL": "debug", "HTTP_ADDR": ":8080"} {
		if v := env[k]; v == nil || *v != want {
			t.Errorf("%s=%v, want %s", k, v, want)
		}
	}
}
