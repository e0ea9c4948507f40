package deploy

import (
	"fmt"
	"io/fs"
	"net"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

const (
	namespace     = "summitbot"
	secretName    = "summitbot-discord"
	containerName = "summitbot"
	// podIndexLabel is set by the StatefulSet controller on each pod (Kubernetes >= 1.28).
	podIndexLabel = "apps.kubernetes.io/pod-index"
	corpusMount   = "/corpus"
	// feedsMount is where `summitbot fetch` writes: FEEDS_DIR's default, "feeds" in CORPUS_DIR.
	feedsMount = corpusMount + "/feeds"
	// fetchSchedule is every 30 minutes, FETCH_EVERY's default.
	fetchSchedule = "*/30 * * * *"
)

var scheme = func() *runtime.Scheme {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, autoscalingv2.AddToScheme, policyv1.AddToScheme, networkingv1.AddToScheme} {
		if err := add(s); err != nil {
			panic(err)
		}
	}
	return s
}()

// strict decodes YAML into the typed Kubernetes object of its kind, failing on unknown or
// duplicate fields, wrong types and kinds this project does not use.
var strict = kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme, scheme, kjson.SerializerOptions{Yaml: true, Strict: true})

func decodeStrict(t *testing.T, where string, data []byte) runtime.Object {
	t.Helper()
	obj, gvk, err := strict.Decode(data, nil, nil)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if gvk.Version == "" || gvk.Kind == "" {
		t.Fatalf("%s: no apiVersion/kind", where)
	}
	return obj
}

func k8sDir(t *testing.T) string { return filepath.Join(repoRoot(t), "deploy", "k8s") }

// manifests is one rendered kustomization, typed.
type manifests struct {
	name         string
	all          []runtime.Object
	namespaces   []*corev1.Namespace
	deployments  []*appsv1.Deployment
	statefulsets []*appsv1.StatefulSet
	services     []*corev1.Service
	hpas         []*autoscalingv2.HorizontalPodAutoscaler
	pdbs         []*policyv1.PodDisruptionBudget
	configmaps   []*corev1.ConfigMap
	cronjobs     []*batchv1.CronJob
	pvcs         []*corev1.PersistentVolumeClaim
}

// render builds a kustomization as `kubectl kustomize` does (kustomize's own library) and
// decodes every resource strictly.
func render(t *testing.T, fSys filesys.FileSystem, dir, name string) manifests {
	t.Helper()
	resMap, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fSys, dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", name, err)
	}
	m := manifests{name: name}
	for _, r := range resMap.Resources() {
		data, err := r.AsYAML()
		if err != nil {
			t.Fatal(err)
		}
		obj := decodeStrict(t, fmt.Sprintf("%s: %s %s", name, r.GetKind(), r.GetName()), data)
		m.all = append(m.all, obj)
		switch o := obj.(type) {
		case *corev1.Namespace:
			m.namespaces = append(m.namespaces, o)
		case *appsv1.Deployment:
			m.deployments = append(m.deployments, o)
		case *appsv1.StatefulSet:
			m.statefulsets = append(m.statefulsets, o)
		case *corev1.Service:
			m.services = append(m.services, o)
		case *autoscalingv2.HorizontalPodAutoscaler:
			m.hpas = append(m.hpas, o)
		case *policyv1.PodDisruptionBudget:
			m.pdbs = append(m.pdbs, o)
		case *corev1.ConfigMap:
			m.configmaps = append(m.configmaps, o)
		case *batchv1.CronJob:
			m.cronjobs = append(m.cronjobs, o)
		case *corev1.PersistentVolumeClaim:
			m.pvcs = append(m.pvcs, o)
		default:
			t.Errorf("%s: unexpected %T", name, obj)
		}
	}
	return m
}

// withoutComponents is the k8s folder in memory with the custom-corpus component removed from
// every kustomization: the embedded-corpus variant.
func withoutComponents(t *testing.T) filesys.FileSystem {
	t.Helper()
	mem := filesys.MakeFsInMemory()
	root := k8sDir(t)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if d.Name() == "kustomization.yaml" {
			var k types.Kustomization
			if err := yaml.Unmarshal(data, &k); err != nil {
				return err
			}
			if k.Kind != types.ComponentKind && len(k.Components) > 0 {
				k.Components = nil
				if data, err = yaml.Marshal(k); err != nil {
					return err
				}
			}
		}
		return mem.WriteFile(p, data)
	})
	if err != nil {
		t.Fatal(err)
	}
	return mem
}

// componentCorpusFiles are the files of the custom-corpus configMapGenerator, relative to the
// component's folder.
func componentCorpusFiles(t *testing.T) []string {
	t.Helper()
	var k types.Kustomization
	if err := yaml.UnmarshalStrict(readFile(t, filepath.Join(k8sDir(t), "custom-corpus", "kustomization.yaml")), &k); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, g := range k.ConfigMapGenerator {
		for _, src := range g.FileSources {
			if _, p, ok := strings.Cut(src, "="); ok {
				src = p
			}
			files = append(files, src)
		}
	}
	if len(files) == 0 {
		t.Fatal("custom-corpus: the configMapGenerator lists no article")
	}
	return files
}

func TestK8sSourceFilesDecodeStrictly(t *testing.T) {
	// Every manifest, also those outside any kustomization (examples, the patch), and every
	// kustomization file against kustomize's own types.
	err := filepath.WalkDir(k8sDir(t), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		rel, _ := filepath.Rel(k8sDir(t), p)
		data := readFile(t, p)
		if d.Name() == "kustomization.yaml" {
			var k types.Kustomization
			if err := yaml.UnmarshalStrict(data, &k); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			if errs := k.EnforceFields(); len(errs) > 0 {
				t.Errorf("%s: %v", rel, errs)
			}
			return nil
		}
		obj := decodeStrict(t, rel, data)
		if s, ok := obj.(*corev1.Secret); ok {
			for k, v := range s.StringData {
				if !strings.HasPrefix(v, "REPLACE_ME") {
					t.Errorf("%s: %s holds a value that is not a REPLACE_ME placeholder", rel, k)
				}
			}
			if len(s.Data) > 0 {
				t.Errorf("%s: data must stay empty in the template", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestK8sRendered(t *testing.T) {
	disk := filesys.MakeFsOnDisk()
	dir := k8sDir(t)
	top := render(t, disk, dir, "k8s")
	httpM := render(t, disk, filepath.Join(dir, "http"), "k8s/http")
	gateway := render(t, disk, filepath.Join(dir, "gateway"), "k8s/gateway")
	mem := withoutComponents(t)
	httpBuiltin := render(t, mem, filepath.Join(dir, "http"), "k8s/http without custom-corpus")
	gatewayBuiltin := render(t, mem, filepath.Join(dir, "gateway"), "k8s/gateway without custom-corpus")

	t.Run("one mode per kustomization", func(t *testing.T) {
		for _, m := range []manifests{top, httpM, httpBuiltin} {
			if len(m.deployments) != 1 || len(m.statefulsets) != 0 {
				t.Errorf("%s: %d Deployments and %d StatefulSets; want the HTTP Deployment only", m.name, len(m.deployments), len(m.statefulsets))
			}
		}
		for _, m := range []manifests{gateway, gatewayBuiltin} {
			if len(m.deployments) != 0 || len(m.statefulsets) != 1 {
				t.Errorf("%s: %d Deployments and %d StatefulSets; want the gateway StatefulSet only", m.name, len(m.deployments), len(m.statefulsets))
			}
		}
		// The feeds component: in the HTTP mode, gone with the components.
		for _, m := range []manifests{top, httpM} {
			if len(m.cronjobs) != 1 || len(m.pvcs) != 1 {
				t.Errorf("%s: %d CronJobs and %d PersistentVolumeClaims; want the fetcher and its shared claim", m.name, len(m.cronjobs), len(m.pvcs))
			}
		}
		for _, m := range []manifests{gateway, httpBuiltin, gatewayBuiltin} {
			if len(m.cronjobs) != 0 || len(m.pvcs) != 0 {
				t.Errorf("%s: %d CronJobs and %d PersistentVolumeClaims; want none", m.name, len(m.cronjobs), len(m.pvcs))
			}
		}
	})

	var images []string
	for _, m := range []manifests{top, httpM, gateway, httpBuiltin, gatewayBuiltin} {
		t.Run(m.name, func(t *testing.T) {
			checkCommon(t, m)
			for _, d := range m.deployments {
				images = append(images, checkPodSpec(t, m, "Deployment "+d.Name, &d.Spec.Template, "serve"))
				checkDeployment(t, m, d)
			}
			for _, s := range m.statefulsets {
				images = append(images, checkPodSpec(t, m, "StatefulSet "+s.Name, &s.Spec.Template, "run"))
				checkStatefulSet(t, m, s)
			}
			for _, cj := range m.cronjobs {
				images = append(images, checkPodBasics(t, "CronJob "+cj.Name, &cj.Spec.JobTemplate.Spec.Template, "fetch"))
				checkCronJob(t, m, cj)
			}
		})
	}

	t.Run("every workload runs the same image", func(t *testing.T) {
		slices.Sort(images)
		if images = slices.Compact(images); len(images) != 1 {
			t.Errorf("images differ between kustomizations: %v", images)
		} else if !strings.Contains(images[0], "/") || !strings.Contains(images[0], ":") {
			t.Errorf("image %q: want REGISTRY/summitbot:TAG from the kustomization's images:", images[0])
		}
	})

	t.Run("custom corpus", func(t *testing.T) {
		for _, m := range []manifests{httpM, gateway} {
			checkCustomCorpus(t, m)
		}
	})

	t.Run("embedded corpus", func(t *testing.T) {
		for _, m := range []manifests{httpBuiltin, gatewayBuiltin} {
			if len(m.configmaps) != 0 {
				t.Errorf("%s: %d ConfigMaps without the component", m.name, len(m.configmaps))
			}
			for _, tmpl := range templates(m) {
				c := container(t, tmpl)
				if env := envOf(c); env["CORPUS_DIR"] != "" || env["INDEX_DIR"] != imageIndexDir {
					t.Errorf("%s: CORPUS_DIR=%q INDEX_DIR=%q; want unset and the image's prebuilt %s", m.name, env["CORPUS_DIR"], env["INDEX_DIR"], imageIndexDir)
				}
				if len(tmpl.Spec.Volumes) != 0 {
					t.Errorf("%s: volumes %v: the prebuilt index needs none", m.name, tmpl.Spec.Volumes)
				}
			}
		}
	})
}

func templates(m manifests) []*corev1.PodTemplateSpec {
	var out []*corev1.PodTemplateSpec
	for _, d := range m.deployments {
		out = append(out, &d.Spec.Template)
	}
	for _, s := range m.statefulsets {
		out = append(out, &s.Spec.Template)
	}
	return out
}

func container(t *testing.T, tmpl *corev1.PodTemplateSpec) *corev1.Container {
	t.Helper()
	for i := range tmpl.Spec.Containers {
		if tmpl.Spec.Containers[i].Name == containerName {
			return &tmpl.Spec.Containers[i]
		}
	}
	t.Fatalf("no container named %q", containerName)
	return nil
}

// envOf is the container's literal env values ("" for valueFrom).
func envOf(c *corev1.Container) map[string]string {
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	return env
}

func envVar(c *corev1.Container, name string) *corev1.EnvVar {
	for i := range c.Env {
		if c.Env[i].Name == name {
			return &c.Env[i]
		}
	}
	return nil
}

func checkCommon(t *testing.T, m manifests) {
	if len(m.namespaces) != 1 || m.namespaces[0].Name != namespace {
		t.Errorf("want one Namespace %q", namespace)
	} else if m.namespaces[0].Labels["pod-security.kubernetes.io/enforce"] != string(psaapi.LevelRestricted) {
		t.Errorf("Namespace: want pod-security.kubernetes.io/enforce=restricted")
	}
	for _, obj := range m.all {
		meta, ok := obj.(metav1.Object)
		if !ok {
			continue
		}
		kind := fmt.Sprintf("%T", obj)
		if _, isNS := obj.(*corev1.Namespace); !isNS && meta.GetNamespace() != namespace {
			t.Errorf("%s %s: namespace %q, want %q", kind, meta.GetName(), meta.GetNamespace(), namespace)
		}
		for _, e := range validation.IsDNS1123Subdomain(meta.GetName()) {
			t.Errorf("%s %s: name: %s", kind, meta.GetName(), e)
		}
		if _, isSvc := obj.(*corev1.Service); isSvc {
			for _, e := range validation.IsDNS1035Label(meta.GetName()) {
				t.Errorf("Service %s: name: %s", meta.GetName(), e)
			}
		}
		for k, v := range meta.GetLabels() {
			for _, e := range append(validation.IsQualifiedName(k), validation.IsValidLabelValue(v)...) {
				t.Errorf("%s %s: label %s=%s: %s", kind, meta.GetName(), k, v, e)
			}
		}
	}
}

// checkPodSpec checks a serving workload's pod template (checkPodBasics, and probes, memory and
// shutdown) and returns its image.
func checkPodSpec(t *testing.T, m manifests, what string, tmpl *corev1.PodTemplateSpec, subcommand string) string {
	image := checkPodBasics(t, what, tmpl, subcommand)
	spec := &tmpl.Spec
	c := container(t, tmpl)
	env := envOf(c)

	// Probes: readiness on /readyz, liveness on /healthz, on the port the process listens on.
	listenVar := "HTTP_ADDR"
	if subcommand == "run" || env["METRICS_ADDR"] != "" {
		listenVar = "METRICS_ADDR"
	}
	_, listenPort, err := net.SplitHostPort(env[listenVar])
	if err != nil {
		t.Fatalf("%s: %s=%q is not host:port: %v", what, listenVar, env[listenVar], err)
	}
	for _, p := range []struct {
		name  string
		probe *corev1.Probe
		path  string
	}{{"readinessProbe", c.ReadinessProbe, "/readyz"}, {"livenessProbe", c.LivenessProbe, "/healthz"}} {
		if p.probe == nil || p.probe.HTTPGet == nil {
			t.Errorf("%s: no %s httpGet", what, p.name)
			continue
		}
		if p.probe.HTTPGet.Path != p.path {
			t.Errorf("%s: %s path %q, want %s", what, p.name, p.probe.HTTPGet.Path, p.path)
		}
		if got := resolvePort(t, c, p.probe.HTTPGet.Port); strconv.Itoa(int(got)) != listenPort {
			t.Errorf("%s: %s on port %d, but %s=%s", what, p.name, got, listenVar, env[listenVar])
		}
	}
	for _, p := range c.Ports {
		for _, msg := range validation.IsValidPortName(p.Name) {
			t.Errorf("%s: port name %q: %s", what, p.Name, msg)
		}
	}

	memLimit := c.Resources.Limits[corev1.ResourceMemory]
	if memLimit.Cmp(resource.MustParse("200Mi")) < 0 {
		t.Errorf("%s: memory limit %s; serve needs up to 200 MB", what, memLimit.String())
	}

	// Shutdown: in-flight interactions get 15 s after SIGTERM, plus a preStop sleep.
	grace := int64(30)
	if spec.TerminationGracePeriodSeconds != nil {
		grace = *spec.TerminationGracePeriodSeconds
	}
	var sleep int64
	if c.Lifecycle != nil && c.Lifecycle.PreStop != nil {
		if c.Lifecycle.PreStop.Exec != nil {
			t.Errorf("%s: preStop exec %v: the image has no shell or sleep binary", what, c.Lifecycle.PreStop.Exec.Command)
		}
		if c.Lifecycle.PreStop.Sleep != nil {
			sleep = c.Lifecycle.PreStop.Sleep.Seconds
		}
	}
	if grace < sleep+15+5 {
		t.Errorf("%s: terminationGracePeriodSeconds %d < preStop %d s + 15 s shutdown grace + margin", what, grace, sleep)
	}
	return image
}

// checkPodBasics checks what every pod template of summitbot's, serving or not, must be: one
// container running the image's ENTRYPOINT with the subcommand, the Pod Security Standard
// restricted and the security context spelt out, env names summitbot reads, and requests and
// limits. It returns the image.
func checkPodBasics(t *testing.T, what string, tmpl *corev1.PodTemplateSpec, subcommand string) string {
	spec := &tmpl.Spec
	if len(spec.Containers) != 1 {
		t.Fatalf("%s: %d containers, want 1", what, len(spec.Containers))
	}
	c := container(t, tmpl)
	if !slices.Equal(c.Args, []string{subcommand}) || len(c.Command) != 0 {
		t.Errorf("%s: command %v args %v; want the image's ENTRYPOINT with args [%s]", what, c.Command, c.Args, subcommand)
	}

	// The Pod Security Standard "restricted", evaluated by Kubernetes' own admission library.
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range evaluator.EvaluatePod(psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.LatestVersion()}, &tmpl.ObjectMeta, spec) {
		if !r.Allowed {
			t.Errorf("%s: violates Pod Security Standard restricted: %s: %s", what, r.ForbiddenReason, r.ForbiddenDetail)
		}
	}

	// Security context, stated explicitly (not only what the PSS demands).
	psc, csc := spec.SecurityContext, c.SecurityContext
	if psc == nil || csc == nil {
		t.Fatalf("%s: pod and container securityContext must both be set", what)
	}
	if psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || strconv.FormatInt(*psc.RunAsUser, 10) != imageUID {
		t.Errorf("%s: want runAsNonRoot: true and runAsUser: %s (the image's USER)", what, imageUID)
	}
	if psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Errorf("%s: want seccompProfile RuntimeDefault", what)
	}
	if csc.ReadOnlyRootFilesystem == nil || !*csc.ReadOnlyRootFilesystem {
		t.Errorf("%s: want readOnlyRootFilesystem: true", what)
	}
	if csc.AllowPrivilegeEscalation == nil || *csc.AllowPrivilegeEscalation {
		t.Errorf("%s: want allowPrivilegeEscalation: false", what)
	}
	if csc.Capabilities == nil || !slices.Equal(csc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(csc.Capabilities.Add) > 0 {
		t.Errorf("%s: want capabilities drop [ALL], add nothing", what)
	}
	if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		t.Errorf("%s: want automountServiceAccountToken: false (the bot never calls the Kubernetes API)", what)
	}

	// Environment: only variables summitbot (or the Go runtime) reads, well-formed.
	for _, e := range c.Env {
		checkEnvName(t, what, e.Name)
		for _, msg := range validation.IsEnvVarName(e.Name) {
			t.Errorf("%s: env %s: %s", what, e.Name, msg)
		}
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			ref := e.ValueFrom.SecretKeyRef
			if ref.Name != secretName || ref.Key != e.Name {
				t.Errorf("%s: env %s from secret %s/%s; want %s/%s (as secret.example.yaml)", what, e.Name, ref.Name, ref.Key, secretName, e.Name)
			}
		}
		if e.ValueFrom != nil && e.ValueFrom.FieldRef != nil {
			p := e.ValueFrom.FieldRef.FieldPath
			if m := regexp.MustCompile(`^metadata\.labels\['([^']+)'\]$`).FindStringSubmatch(p); m != nil {
				for _, msg := range validation.IsQualifiedName(m[1]) {
					t.Errorf("%s: env %s: fieldRef label %q: %s", what, e.Name, m[1], msg)
				}
			} else if !slices.Contains([]string{"metadata.name", "metadata.namespace", "spec.nodeName", "status.podIP"}, p) {
				t.Errorf("%s: env %s: unexpected fieldRef %q", what, e.Name, p)
			}
		}
	}
	env := envOf(c)
	for _, s := range secretKeys(t) {
		if v := envVar(c, s); v != nil && v.Value != "" {
			t.Errorf("%s: %s is set in plain text; take it from the Secret", what, s)
		}
	}

	// Resources: requests and limits for both, GOMEMLIMIT under the memory limit.
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, okReq := c.Resources.Requests[r]
		lim, okLim := c.Resources.Limits[r]
		if !okReq || !okLim {
			t.Errorf("%s: want requests and limits for %s", what, r)
		} else if req.Cmp(lim) > 0 {
			t.Errorf("%s: %s request %s above its limit %s", what, r, req.String(), lim.String())
		}
	}
	memLimit := c.Resources.Limits[corev1.ResourceMemory]
	if v := env["GOMEMLIMIT"]; v != "" {
		q, err := resource.ParseQuantity(strings.TrimSuffix(v, "B"))
		if err != nil {
			t.Errorf("%s: GOMEMLIMIT=%q: %v", what, v, err)
		} else if q.Cmp(memLimit) >= 0 {
			t.Errorf("%s: GOMEMLIMIT=%s is not below the memory limit %s", what, v, memLimit.String())
		}
	}

	return c.Image
}

// checkCronJob checks the fetcher: `summitbot fetch` every 30 minutes, never two at once, bounded
// in time, FEEDS from the kustomization's ConfigMap, writing CORPUS_DIR/feeds on a ReadWriteMany
// claim that every replica of the Deployment mounts read-only at the same path; its pods are no
// Service's or PodDisruptionBudget's.
func checkCronJob(t *testing.T, m manifests, cj *batchv1.CronJob) {
	what := "CronJob " + cj.Name
	if cj.Spec.Schedule != fetchSchedule {
		t.Errorf("%s: schedule %q, want %q (every 30 minutes)", what, cj.Spec.Schedule, fetchSchedule)
	}
	if cj.Spec.ConcurrencyPolicy != batchv1.ForbidConcurrent {
		t.Errorf("%s: concurrencyPolicy %q, want Forbid: one writer at a time", what, cj.Spec.ConcurrencyPolicy)
	}
	job := cj.Spec.JobTemplate.Spec
	if d := job.ActiveDeadlineSeconds; d == nil || *d <= 0 || *d >= 30*60 {
		t.Errorf("%s: activeDeadlineSeconds %v: want a run to end before the next is due (30 min)", what, d)
	}
	tmpl := &job.Template
	if rp := tmpl.Spec.RestartPolicy; rp != corev1.RestartPolicyNever && rp != corev1.RestartPolicyOnFailure {
		t.Errorf("%s: restartPolicy %q: a Job's pods take Never or OnFailure", what, rp)
	}
	c := container(t, tmpl)
	if c.ReadinessProbe != nil || len(c.Ports) > 0 {
		t.Errorf("%s: a Job serves nothing: no probes, no ports", what)
	}
	env := envOf(c)
	if env["CORPUS_DIR"] != corpusMount {
		t.Errorf("%s: CORPUS_DIR=%q, want %s (the replicas' corpus)", what, env["CORPUS_DIR"], corpusMount)
	}
	if feeds := envVar(c, "FEEDS"); feeds == nil || feeds.ValueFrom == nil || feeds.ValueFrom.ConfigMapKeyRef == nil {
		t.Errorf("%s: FEEDS must come from a ConfigMap", what)
	} else {
		ref := feeds.ValueFrom.ConfigMapKeyRef
		found := false
		for _, cm := range m.configmaps {
			if cm.Name == ref.Name {
				_, found = cm.Data[ref.Key]
			}
		}
		if !found || !strings.HasPrefix(ref.Name, "summitbot-feeds-") {
			t.Errorf("%s: FEEDS from %s/%s, which is not a key of the generated summitbot-feeds-<hash> ConfigMap", what, ref.Name, ref.Key)
		}
	}
	for _, svc := range m.services {
		if selects(t, &metav1.LabelSelector{MatchLabels: svc.Spec.Selector}, tmpl) {
			t.Errorf("%s: Service %s selects the fetcher's pods", what, svc.Name)
		}
	}
	if pdb := pdbFor(t, m, tmpl); pdb != nil {
		t.Errorf("%s: PodDisruptionBudget %s selects the fetcher's pods", what, pdb.Name)
	}

	// The shared claim: written by the CronJob, read by every replica, at CORPUS_DIR/feeds.
	claim, readOnly := claimAt(t, tmpl, feedsMount)
	if claim == "" || readOnly {
		t.Fatalf("%s: want a PersistentVolumeClaim mounted read-write at %s (FEEDS_DIR's default)", what, feedsMount)
	}
	var pvc *corev1.PersistentVolumeClaim
	for _, p := range m.pvcs {
		if p.Name == claim {
			pvc = p
		}
	}
	if pvc == nil {
		t.Fatalf("%s: claim %s is not in the kustomization", what, claim)
	}
	if !slices.Contains(pvc.Spec.AccessModes, corev1.ReadWriteMany) {
		t.Errorf("PersistentVolumeClaim %s: access modes %v; want ReadWriteMany, as pods on other nodes mount it", pvc.Name, pvc.Spec.AccessModes)
	}
	if size, ok := pvc.Spec.Resources.Requests[corev1.ResourceStorage]; !ok || size.Sign() <= 0 {
		t.Errorf("PersistentVolumeClaim %s: want a storage request", pvc.Name)
	}
	if len(m.deployments) == 0 {
		t.Errorf("%s: no Deployment reads what it fetches", what)
	}
	for _, d := range m.deployments {
		got, ro := claimAt(t, &d.Spec.Template, feedsMount)
		if got != claim || !ro {
			t.Errorf("Deployment %s: claim %q at %s (read-only %v); want %s read-only, as the CronJob writes it", d.Name, got, feedsMount, ro, claim)
		}
		if dEnv := envOf(container(t, &d.Spec.Template)); dEnv["CORPUS_DIR"] != env["CORPUS_DIR"] {
			t.Errorf("Deployment %s: CORPUS_DIR=%q, the fetcher's is %q: they must agree for the feeds folder to be in the corpus", d.Name, dEnv["CORPUS_DIR"], env["CORPUS_DIR"])
		}
		// The same catalogue: the fetcher keeps or drops items by CORPUS_DIR's events.yaml, so it
		// mounts the very corpus files the replicas mount (custom-corpus's, when it is listed
		// after the feeds component), and none they lack.
		if want, got := corpusMounts(t, &d.Spec.Template), corpusMounts(t, tmpl); !slices.Equal(want, got) {
			t.Errorf("%s: corpus files mounted %v, Deployment %s's %v: the fetcher must see the replicas' catalogue (list the feeds component before custom-corpus)", what, got, d.Name, want)
		}
	}
}

// corpusMounts describes the pod's mounts inside CORPUS_DIR other than the feeds folder (a
// custom corpus's files, events.yaml among them), each as path, subPath, read-only and source,
// sorted.
func corpusMounts(t *testing.T, tmpl *corev1.PodTemplateSpec) []string {
	t.Helper()
	c := container(t, tmpl)
	vols := map[string]corev1.Volume{}
	for _, v := range tmpl.Spec.Volumes {
		vols[v.Name] = v
	}
	var out []string
	for _, vm := range c.VolumeMounts {
		if vm.MountPath == feedsMount || !strings.HasPrefix(vm.MountPath, corpusMount+"/") && vm.MountPath != corpusMount {
			continue
		}
		source := "volume " + vm.Name
		if v, ok := vols[vm.Name]; ok && v.ConfigMap != nil {
			source = "ConfigMap " + v.ConfigMap.Name
		}
		out = append(out, fmt.Sprintf("%s (subPath %q, readOnly %v, %s)", vm.MountPath, vm.SubPath, vm.ReadOnly, source))
	}
	slices.Sort(out)
	return out
}

// claimAt is the PersistentVolumeClaim mounted at path in the pod's container, and whether the
// mount or the volume is read-only; "" when none is.
func claimAt(t *testing.T, tmpl *corev1.PodTemplateSpec, path string) (string, bool) {
	t.Helper()
	c := container(t, tmpl)
	for _, vm := range c.VolumeMounts {
		if vm.MountPath != path {
			continue
		}
		for _, v := range tmpl.Spec.Volumes {
			if v.Name == vm.Name && v.PersistentVolumeClaim != nil {
				return v.PersistentVolumeClaim.ClaimName, vm.ReadOnly || v.PersistentVolumeClaim.ReadOnly
			}
		}
	}
	return "", false
}

func resolvePort(t *testing.T, c *corev1.Container, p intstr.IntOrString) int32 {
	t.Helper()
	if p.Type == intstr.Int {
		return p.IntVal
	}
	for _, cp := range c.Ports {
		if cp.Name == p.StrVal {
			return cp.ContainerPort
		}
	}
	t.Errorf("port %q is not a named port of container %s", p.StrVal, c.Name)
	return 0
}

// secretKeys are the keys of the Secret template.
func secretKeys(t *testing.T) []string {
	t.Helper()
	obj := decodeStrict(t, "secret.example.yaml", readFile(t, filepath.Join(k8sDir(t), "common", "secret.example.yaml")))
	s, ok := obj.(*corev1.Secret)
	if !ok || s.Name != secretName || s.Namespace != namespace {
		t.Fatalf("secret.example.yaml: want Secret %s/%s", namespace, secretName)
	}
	var keys []string
	for k := range s.StringData {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func selects(t *testing.T, sel *metav1.LabelSelector, tmpl *corev1.PodTemplateSpec) bool {
	t.Helper()
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		t.Fatal(err)
	}
	return !s.Empty() && s.Matches(labels.Set(tmpl.Labels))
}

func checkDeployment(t *testing.T, m manifests, d *appsv1.Deployment) {
	what := "Deployment " + d.Name
	c := container(t, &d.Spec.Template)
	if !selects(t, d.Spec.Selector, &d.Spec.Template) {
		t.Errorf("%s: selector does not match its pod template", what)
	}
	env := envOf(c)
	if _, port, _ := net.SplitHostPort(env["HTTP_ADDR"]); port != imageHTTPPort {
		t.Errorf("%s: HTTP_ADDR=%q, want :%s (the image's EXPOSE)", what, env["HTTP_ADDR"], imageHTTPPort)
	}
	if v := envVar(c, "DISCORD_PUBLIC_KEY"); v == nil || v.ValueFrom == nil || v.ValueFrom.SecretKeyRef == nil {
		t.Errorf("%s: DISCORD_PUBLIC_KEY must come from the Secret", what)
	}
	if envVar(c, "DISCORD_TOKEN") != nil {
		t.Errorf("%s: HTTP mode does not need DISCORD_TOKEN: keep the bot token out of these pods", what)
	}
	if c.LivenessProbe != nil && c.LivenessProbe.HTTPGet != nil && c.ReadinessProbe.HTTPGet.Path == c.LivenessProbe.HTTPGet.Path {
		t.Errorf("%s: liveness and readiness probe the same path", what)
	}

	// The Service in front of it.
	var svc *corev1.Service
	for _, s := range m.services {
		if s.Spec.ClusterIP != corev1.ClusterIPNone {
			svc = s
		}
	}
	if svc == nil {
		t.Fatalf("%s: no Service in front of it", what)
	}
	if !selects(t, &metav1.LabelSelector{MatchLabels: svc.Spec.Selector}, &d.Spec.Template) {
		t.Errorf("Service %s: selector %v does not select %s's pods", svc.Name, svc.Spec.Selector, what)
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != 80 || resolvePort(t, c, svc.Spec.Ports[0].TargetPort) != 8080 {
		t.Errorf("Service %s: want port 80 → container port 8080", svc.Name)
	}

	// Autoscaling.
	if len(m.hpas) != 1 {
		t.Fatalf("%s: %d HorizontalPodAutoscalers, want 1", what, len(m.hpas))
	}
	hpa := m.hpas[0]
	if ref := hpa.Spec.ScaleTargetRef; ref.Kind != "Deployment" || ref.Name != d.Name || ref.APIVersion != "apps/v1" {
		t.Errorf("HPA %s: scaleTargetRef %+v does not name %s", hpa.Name, ref, what)
	}
	min := int32(1)
	if hpa.Spec.MinReplicas != nil {
		min = *hpa.Spec.MinReplicas
	}
	if min < 2 || hpa.Spec.MaxReplicas < min {
		t.Errorf("HPA %s: min %d max %d; want at least 2 replicas and max >= min", hpa.Name, min, hpa.Spec.MaxReplicas)
	}
	cpu := false
	for _, metric := range hpa.Spec.Metrics {
		cpu = cpu || metric.Type == autoscalingv2.ResourceMetricSourceType && metric.Resource != nil &&
			metric.Resource.Name == corev1.ResourceCPU && metric.Resource.Target.Type == autoscalingv2.UtilizationMetricType &&
			metric.Resource.Target.AverageUtilization != nil
	}
	if !cpu {
		t.Errorf("HPA %s: want a CPU utilization target", hpa.Name)
	}
	if _, ok := c.Resources.Requests[corev1.ResourceCPU]; !ok {
		t.Errorf("%s: CPU utilization needs a CPU request", what)
	}
	if d.Spec.Replicas != nil && (*d.Spec.Replicas < min || *d.Spec.Replicas > hpa.Spec.MaxReplicas) {
		t.Errorf("%s: replicas %d outside the HPA's %d..%d", what, *d.Spec.Replicas, min, hpa.Spec.MaxReplicas)
	}

	// Disruption budget: must select the pods and leave room to drain a node.
	pdb := pdbFor(t, m, &d.Spec.Template)
	if pdb == nil {
		t.Fatalf("%s: no PodDisruptionBudget selects its pods", what)
	}
	if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.Type != intstr.Int || pdb.Spec.MinAvailable.IntVal >= min {
		t.Errorf("PDB %s: minAvailable must be a number below the HPA's minimum %d, or drains block", pdb.Name, min)
	}
}

func pdbFor(t *testing.T, m manifests, tmpl *corev1.PodTemplateSpec) *policyv1.PodDisruptionBudget {
	t.Helper()
	var found *policyv1.PodDisruptionBudget
	for _, p := range m.pdbs {
		if selects(t, p.Spec.Selector, tmpl) {
			if found != nil {
				t.Errorf("PDBs %s and %s select the same pods", found.Name, p.Name)
			}
			found = p
		}
	}
	return found
}

func checkStatefulSet(t *testing.T, m manifests, s *appsv1.StatefulSet) {
	what := "StatefulSet " + s.Name
	c := container(t, &s.Spec.Template)
	if !selects(t, s.Spec.Selector, &s.Spec.Template) {
		t.Errorf("%s: selector does not match its pod template", what)
	}
	replicas := int32(1)
	if s.Spec.Replicas != nil {
		replicas = *s.Spec.Replicas
	}
	env := envOf(c)
	if env["SHARD_COUNT"] != strconv.Itoa(int(replicas)) {
		t.Errorf("%s: SHARD_COUNT=%q but replicas %d: every shard needs a pod", what, env["SHARD_COUNT"], replicas)
	}
	id := envVar(c, "SHARD_ID")
	if id == nil || id.ValueFrom == nil || id.ValueFrom.FieldRef == nil || id.ValueFrom.FieldRef.FieldPath != "metadata.labels['"+podIndexLabel+"']" {
		t.Errorf("%s: SHARD_ID must come from the pod's %s label (downward API)", what, podIndexLabel)
	}
	if env["METRICS_ADDR"] == "" {
		t.Errorf("%s: METRICS_ADDR must be set: `summitbot healthcheck` asks it (or HTTP_ADDR, where nothing listens in gateway mode)", what)
	}
	if v := envVar(c, "DISCORD_TOKEN"); v == nil || v.ValueFrom == nil || v.ValueFrom.SecretKeyRef == nil {
		t.Errorf("%s: DISCORD_TOKEN must come from the Secret", what)
	}
	if envVar(c, "DISCORD_PUBLIC_KEY") != nil {
		t.Errorf("%s: gateway mode does not verify HTTP signatures: leave DISCORD_PUBLIC_KEY out", what)
	}
	if s.Spec.PodManagementPolicy == appsv1.ParallelPodManagement {
		t.Errorf("%s: Parallel pod management would IDENTIFY every shard at once", what)
	}

	var headless *corev1.Service
	for _, svc := range m.services {
		if svc.Name == s.Spec.ServiceName {
			headless = svc
		}
	}
	if headless == nil {
		t.Fatalf("%s: serviceName %q names no Service", what, s.Spec.ServiceName)
	}
	if headless.Spec.ClusterIP != corev1.ClusterIPNone {
		t.Errorf("Service %s: want a headless Service (clusterIP: None)", headless.Name)
	}
	if !selects(t, &metav1.LabelSelector{MatchLabels: headless.Spec.Selector}, &s.Spec.Template) {
		t.Errorf("Service %s: selector does not select %s's pods", headless.Name, what)
	}
	for _, p := range headless.Spec.Ports {
		resolvePort(t, c, p.TargetPort)
	}
	if pdb := pdbFor(t, m, &s.Spec.Template); pdb == nil {
		t.Errorf("%s: no PodDisruptionBudget", what)
	} else if pdb.Spec.MaxUnavailable == nil || pdb.Spec.MaxUnavailable.IntValue() != 1 {
		t.Errorf("PDB %s: want maxUnavailable: 1 (one shard at a time)", pdb.Name)
	}
}

func checkCustomCorpus(t *testing.T, m manifests) {
	var corpusMaps []*corev1.ConfigMap
	for _, cm := range m.configmaps {
		if !strings.HasPrefix(cm.Name, "summitbot-feeds-") { // the feeds component's
			corpusMaps = append(corpusMaps, cm)
		}
	}
	if len(corpusMaps) != 1 {
		t.Fatalf("%s: %d corpus ConfigMaps, want one", m.name, len(corpusMaps))
	}
	cm := corpusMaps[0]
	if !strings.HasPrefix(cm.Name, "summitbot-corpus-") {
		t.Errorf("%s: ConfigMap %s: want the generated summitbot-corpus-<hash>, so edits roll the pods", m.name, cm.Name)
	}
	var keys []string
	for _, f := range componentCorpusFiles(t) {
		keys = append(keys, path.Base(f))
	}
	for k := range cm.Data {
		if !slices.Contains(keys, k) {
			t.Errorf("%s: ConfigMap key %s is not among the component's files %v", m.name, k, keys)
		}
	}
	for _, tmpl := range templates(m) {
		what := m.name + " " + tmpl.Labels["app.kubernetes.io/component"]
		c := container(t, tmpl)
		env := envOf(c)
		if env["CORPUS_DIR"] != corpusMount {
			t.Errorf("%s: CORPUS_DIR=%q, want %s", what, env["CORPUS_DIR"], corpusMount)
		}
		vols := map[string]corev1.Volume{}
		for _, v := range tmpl.Spec.Volumes {
			vols[v.Name] = v
		}
		mounted := map[string]bool{}
		indexOK := false
		for _, vm := range c.VolumeMounts {
			v, ok := vols[vm.Name]
			if !ok {
				t.Errorf("%s: volumeMount %s names no volume", what, vm.Name)
				continue
			}
			switch {
			case v.ConfigMap != nil:
				if v.ConfigMap.Name != cm.Name {
					t.Errorf("%s: volume %s mounts ConfigMap %s, not the generated %s", what, v.Name, v.ConfigMap.Name, cm.Name)
				}
				// One subPath mount per article: a folder mount would present symlinks, which
				// the corpus loader skips.
				if vm.SubPath == "" || vm.MountPath != path.Join(corpusMount, vm.SubPath) || !vm.ReadOnly {
					t.Errorf("%s: corpus mount %+v: want mountPath %s/<key> with subPath <key>, readOnly", what, vm, corpusMount)
				}
				mounted[vm.SubPath] = true
			case vm.MountPath == env["INDEX_DIR"]:
				indexOK = v.EmptyDir != nil && !vm.ReadOnly
			}
		}
		for _, k := range keys {
			if !mounted[k] {
				t.Errorf("%s: article %s is in the ConfigMap but not mounted (add a subPath mount in workload-patch.yaml)", what, k)
			}
		}
		for k := range mounted {
			if _, ok := cm.Data[k]; !ok {
				t.Errorf("%s: subPath %s is not a key of the ConfigMap", what, k)
			}
		}
		if !indexOK {
			t.Errorf("%s: INDEX_DIR=%s must be a writable emptyDir mount (the root filesystem is read-only)", what, env["INDEX_DIR"])
		}
	}
}

func TestK8sIngressExample(t *testing.T) {
	obj := decodeStrict(t, "ingress.example.yaml", readFile(t, filepath.Join(k8sDir(t), "http", "ingress.example.yaml")))
	ing, ok := obj.(*networkingv1.Ingress)
	if !ok {
		t.Fatalf("ingress.example.yaml holds %T", obj)
	}
	if len(ing.Spec.TLS) == 0 {
		t.Error("Ingress: Discord only calls https:// endpoints: want TLS")
	}
	found := false
	for _, r := range ing.Spec.Rules {
		for _, p := range r.HTTP.Paths {
			found = found || p.Path == "/interactions" && p.Backend.Service != nil && p.Backend.Service.Name == "summitbot-http"
			if p.Path == "/" || p.Path == "/metrics" {
				t.Errorf("Ingress exposes %s publicly", p.Path)
			}
		}
	}
	if !found {
		t.Error("Ingress: want /interactions routed to Service summitbot-http")
	}
}
