package deploy

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/yannh/kubeconform/pkg/validator"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"

	"github.com/ownerd/ownerd/config"
)

var update = flag.Bool("update", false, "write kubernetes/components/monitoring/prometheusrule.yaml from prometheus/rules.yaml")

func TestMain(m *testing.M) {
	code := m.Run()
	if schemas != "" {
		os.RemoveAll(schemas)
	}
	os.Exit(code)
}

// kustomizations are the directories a user applies with kubectl apply -k.
var kustomizations = []string{"kubernetes/base", "kubernetes/overlays/studio"}

// secretExample is the Secret the README asks users to create, by example.
const secretExample = "kubernetes/base/secret.example.yaml"

// build renders a kustomization as `kubectl apply -k` does.
func build(t *testing.T, dir string) resmap.ResMap {
	t.Helper()
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	return m
}

func asYAML(t *testing.T, m resmap.ResMap) []byte {
	t.Helper()
	b, err := m.AsYaml()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// object decodes the one object of a kind (and name, if not empty) into out.
func object(t *testing.T, m resmap.ResMap, kind, name string, out any) {
	t.Helper()
	var found []string
	for _, r := range m.Resources() {
		if r.GetKind() != kind || (name != "" && r.GetName() != name) {
			continue
		}
		found = append(found, r.GetName())
		b, err := r.AsYAML()
		if err != nil {
			t.Fatal(err)
		}
		// Not strict: out may be a struct of the few fields a test reads.
		// TestManifestsAreValid holds every object to its whole schema.
		if err := yaml.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v", kind, r.GetName(), err)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one %s %q, found %v", kind, name, found)
	}
}

// TestManifestsAreValid renders every kustomization and validates each
// object strictly (no field the schema lacks, no duplicate key) with
// kubeconform: the Kubernetes kinds against the API's own schema, the
// Prometheus Operator's against testdata/schemas.
func TestManifestsAreValid(t *testing.T) {
	v := newValidator(t)
	want := map[string][]string{
		"kubernetes/base":            {"ConfigMap", "Deployment", "PersistentVolumeClaim", "Service", "ServiceAccount"},
		"kubernetes/overlays/studio": {"ConfigMap", "ConfigMap", "Deployment", "Namespace", "PersistentVolumeClaim", "PrometheusRule", "Service", "ServiceAccount", "ServiceMonitor"},
	}
	for _, dir := range kustomizations {
		m := build(t, dir)
		var kinds []string
		for _, r := range m.Resources() {
			kinds = append(kinds, r.GetKind())
		}
		slices.Sort(kinds)
		if !slices.Equal(kinds, want[dir]) {
			t.Errorf("%s renders %v, want %v", dir, kinds, want[dir])
		}
		for _, p := range validate(v, dir, asYAML(t, m)) {
			t.Errorf("%s: %s", dir, p)
		}
	}
	raw, err := os.ReadFile(secretExample)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range validate(v, secretExample, raw) {
		t.Errorf("%s: %s", secretExample, p)
	}
}

// TestValidationIsStrict: the validator above rejects what a typo makes,
// in a Kubernetes kind and in a Prometheus Operator one, and a kind it
// has no schema for; a validator that passes everything proves nothing.
func TestValidationIsStrict(t *testing.T) {
	v := newValidator(t)
	good := asYAML(t, build(t, "kubernetes/overlays/studio"))
	for _, c := range []struct{ name, from, to string }{
		{"a misspelt container field", "readOnlyRootFilesystem:", "readOnlyRootFileSystem:"},
		{"a misspelt ServiceMonitor field", "endpoints:", "endpoint:"},
		{"a misspelt PrometheusRule field", "- alert: OwnerdConfigReloadFailed", "- alrt: OwnerdConfigReloadFailed"},
		{"a wrong type", "replicas: 1", "replicas: one"},
		{"an unknown kind", "kind: ServiceMonitor", "kind: ServiceMonitr"},
	} {
		if !bytes.Contains(good, []byte(c.from)) {
			t.Fatalf("%s: the rendered overlay has no %q", c.name, c.from)
		}
		bad := bytes.Replace(good, []byte(c.from), []byte(c.to), 1)
		if len(validate(v, c.name, bad)) == 0 {
			t.Errorf("%s (%s) passed validation", c.name, c.to)
		}
	}
}

// validate returns a line per object that is not valid.
func validate(v validator.Validator, name string, manifests []byte) []string {
	var out []string
	for _, r := range v.Validate(name, io.NopCloser(bytes.NewReader(manifests))) {
		if r.Status == validator.Valid || r.Status == validator.Empty {
			continue
		}
		sig, _ := r.Resource.Signature()
		what := "?"
		if sig != nil {
			what = sig.Kind + " " + sig.Name
		}
		out = append(out, fmt.Sprintf("%s: %v %v", what, r.Err, r.ValidationErrors))
	}
	return out
}

var (
	schemasOnce sync.Once
	schemas     string
	schemasErr  error
)

// newValidator is kubeconform in strict mode over two local registries:
// the Kubernetes schema shipped in kubeconform's module, and ours for the
// Prometheus Operator's kinds.
func newValidator(t *testing.T) validator.Validator {
	t.Helper()
	schemasOnce.Do(func() { schemas, schemasErr = kubernetesSchemas() })
	if schemasErr != nil {
		t.Fatal(schemasErr)
	}
	crds, err := filepath.Abs(filepath.Join("testdata", "schemas"))
	if err != nil {
		t.Fatal(err)
	}
	const file = "{{ .ResourceKind }}{{ .KindSuffix }}.json"
	v, err := validator.New([]string{filepath.Join(schemas, file), filepath.Join(crds, file)}, validator.Opts{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// kubernetesSchemas lays out the Kubernetes API's JSON schema as
// kubeconform's local registry reads it: one file per kind, each a $ref
// into the whole definitions file. The definitions are those kubeconform
// carries in its module's fixtures (no network here), made strict the way
// kubernetes-json-schema's -strict variants are: every object with
// properties gets additionalProperties: false.
func kubernetesSchemas() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yannh/kubeconform").Output()
	if err != nil {
		return "", fmt.Errorf("finding kubeconform's module: %v", err)
	}
	cache := filepath.Join(strings.TrimSpace(string(out)), "fixtures", "cache")
	entries, err := os.ReadDir(cache)
	if err != nil {
		return "", err
	}
	var defs map[string]any
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(cache, e.Name()))
		if err != nil {
			return "", err
		}
		var doc struct {
			Definitions map[string]any `json:"definitions"`
		}
		if json.Unmarshal(b, &doc) == nil && len(doc.Definitions) > len(defs) {
			defs = doc.Definitions
		}
	}
	if len(defs) < 500 {
		return "", fmt.Errorf("no full Kubernetes definitions in %s (%d found)", cache, len(defs))
	}
	for _, d := range defs {
		forbidExtras(d)
	}
	dir, err := os.MkdirTemp("", "ownerd-k8s-schemas-")
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(map[string]any{"definitions": defs})
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "_definitions.json"), b, 0o644); err != nil {
		return "", err
	}
	for name, d := range defs {
		gvks, _ := d.(map[string]any)["x-kubernetes-group-version-kind"].([]any)
		for _, g := range gvks {
			gvk := g.(map[string]any)
			suffix := gvk["version"].(string)
			if group := gvk["group"].(string); group != "" {
				suffix = strings.Split(group, ".")[0] + "-" + suffix
			}
			ref, _ := json.Marshal(map[string]string{"$ref": "_definitions.json#/definitions/" + name})
			file := strings.ToLower(gvk["kind"].(string)) + "-" + strings.ToLower(suffix) + ".json"
			if err := os.WriteFile(filepath.Join(dir, file), ref, 0o644); err != nil {
				return "", err
			}
		}
	}
	return dir, nil
}

// forbidExtras sets additionalProperties: false on every schema object
// with properties and no word of its own on extras, at any depth.
func forbidExtras(s any) {
	switch s := s.(type) {
	case map[string]any:
		if _, ok := s["properties"]; ok {
			if _, said := s["additionalProperties"]; !said {
				s["additionalProperties"] = false
			}
		}
		for _, v := range s {
			forbidExtras(v)
		}
	case []any:
		for _, v := range s {
			forbidExtras(v)
		}
	}
}

// TestDeploymentKeepsItsPromises checks what each kustomization promises
// its operator, on the rendered objects, not on the files.
func TestDeploymentKeepsItsPromises(t *testing.T) {
	var secret corev1.Secret
	raw, err := os.ReadFile(secretExample)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(raw, &secret); err != nil {
		t.Fatal(err)
	}
	for _, dir := range kustomizations {
		t.Run(path.Base(dir), func(t *testing.T) {
			m := build(t, dir)
			var d appsv1.Deployment
			object(t, m, "Deployment", "ownerd", &d)
			checkDeployment(t, m, &d, &secret)
		})
	}
}

func checkDeployment(t *testing.T, m resmap.ResMap, d *appsv1.Deployment, secret *corev1.Secret) {
	// One replica, stopped before the next starts: the ledger is a
	// SQLite file on a ReadWriteOnce volume.
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 {
		t.Errorf("replicas: %v, want 1", d.Spec.Replicas)
	}
	if d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
		t.Errorf("strategy %q, want Recreate", d.Spec.Strategy.Type)
	}
	pod := d.Spec.Template.Spec
	if psc := pod.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot ||
		psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Errorf("the pod must run as non-root with seccomp RuntimeDefault: %+v", psc)
	} else if psc.RunAsUser == nil || *psc.RunAsUser == 0 || psc.FSGroup == nil || *psc.FSGroup != *psc.RunAsUser {
		// The ledger's volume must be writable by the user ownerd runs as.
		t.Errorf("the pod must run as a non-zero user owning its volumes (fsGroup): %+v", psc)
	}
	if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
		t.Error("ownerd never calls the Kubernetes API: automountServiceAccountToken must be false")
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	sc := c.SecurityContext
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) {
		t.Errorf("the container must have a read-only root, no privilege escalation and every capability dropped: %+v", sc)
	}
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, ok := c.Resources.Requests[res]
		if !ok {
			t.Errorf("no %s request", res)
		}
		lim, ok := c.Resources.Limits[res]
		if !ok {
			t.Errorf("no %s limit", res)
		}
		if lim.Cmp(req) < 0 {
			t.Errorf("the %s limit %s is below its request %s", res, lim.String(), req.String())
		}
	}

	// Probes and the Service reach the port ownerd listens on.
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	ports := map[string]int32{}
	for _, p := range c.Ports {
		ports[p.Name] = p.ContainerPort
	}
	if listen := env["OWNERD_DAEMON_LISTEN"]; listen != fmt.Sprintf(":%d", ports["http"]) {
		t.Errorf("ownerd listens on %q, the container's http port is %d", listen, ports["http"])
	}
	for _, p := range []struct {
		name  string
		probe *corev1.Probe
		path  string
	}{{"startup", c.StartupProbe, "/healthz"}, {"liveness", c.LivenessProbe, "/healthz"}, {"readiness", c.ReadinessProbe, "/readyz"}} {
		if p.probe == nil || p.probe.HTTPGet == nil || p.probe.HTTPGet.Path != p.path || p.probe.HTTPGet.Port.StrVal != "http" {
			t.Errorf("the %s probe must GET %s on the http port: %+v", p.name, p.path, p.probe)
		}
	}
	var svc corev1.Service
	object(t, m, "Service", "ownerd", &svc)
	for k, v := range svc.Spec.Selector {
		if d.Spec.Template.Labels[k] != v {
			t.Errorf("the Service selects %s=%s, which the pod lacks", k, v)
		}
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Name != "http" || svc.Spec.Ports[0].TargetPort.StrVal != "http" {
		t.Errorf("the Service must expose the http port by name: %+v", svc.Spec.Ports)
	}
	if !svc.Spec.PublishNotReadyAddresses {
		t.Error("the Service must publish an unready ownerd: its metrics matter most while a connector cannot sync")
	}

	mounts := map[string]corev1.VolumeMount{}
	for _, vm := range c.VolumeMounts {
		mounts[vm.Name] = vm
		if vm.SubPath != "" {
			t.Errorf("volume %s is mounted with subPath, which never sees updates", vm.Name)
		}
	}
	volumes := map[string]corev1.Volume{}
	for _, v := range pod.Volumes {
		volumes[v.Name] = v
	}
	volumeAt := func(dir string) (corev1.Volume, bool) {
		for name, vm := range mounts {
			if vm.MountPath == dir {
				return volumes[name], true
			}
		}
		return corev1.Volume{}, false
	}

	// The ledger sits on the claim; SQLite's temporary files on an emptyDir.
	store := env["OWNERD_DAEMON_STORE"]
	if v, ok := volumeAt(path.Dir(store)); !ok || v.PersistentVolumeClaim == nil {
		t.Errorf("the store %q is not on a PersistentVolumeClaim", store)
	} else {
		var pvc corev1.PersistentVolumeClaim
		object(t, m, "PersistentVolumeClaim", v.PersistentVolumeClaim.ClaimName, &pvc)
	}
	if v, ok := volumeAt("/tmp"); !ok || v.EmptyDir == nil {
		t.Error("/tmp must be an emptyDir: the root filesystem is read-only")
	}

	// The configuration: a ConfigMap of a fixed name (applied in place,
	// reloaded without a restart), mounted as a directory.
	i := slices.Index(c.Args, "--config")
	if i < 0 || i+1 == len(c.Args) {
		t.Fatalf("ownerd is not given --config: %v", c.Args)
	}
	file := c.Args[i+1]
	v, ok := volumeAt(path.Dir(file))
	if !ok || v.ConfigMap == nil {
		t.Fatalf("--config %s is not on a ConfigMap volume", file)
	}
	if v.ConfigMap.Name != "ownerd-config" {
		t.Errorf("the config ConfigMap is named %q: a content hash in its name rolls the Deployment on every change instead of reloading", v.ConfigMap.Name)
	}
	var cm corev1.ConfigMap
	object(t, m, "ConfigMap", v.ConfigMap.Name, &cm)
	text, ok := cm.Data[path.Base(file)]
	if !ok {
		t.Fatalf("ConfigMap %s has no %s", cm.Name, path.Base(file))
	}
	cfg, err := config.Parse(file, []byte(text), nil)
	if err == nil {
		err = cfg.Runnable()
	}
	if err != nil {
		t.Errorf("ownerd would refuse its configuration: %v", err)
	}

	// Every credential the configuration reads is a key of the Secret
	// the README asks for, under the Secret's mount.
	sv, ok := volumes["credentials"]
	if !ok || sv.Secret == nil || sv.Secret.SecretName != secret.Name {
		t.Fatalf("no volume of the Secret %s", secret.Name)
	}
	for _, f := range credentialFiles(t, []byte(text)) {
		key, ok := strings.CutPrefix(f, mounts["credentials"].MountPath+"/")
		if !ok {
			t.Errorf("%s is not under the Secret's mount %s", f, mounts["credentials"].MountPath)
		} else if _, ok := secret.StringData[key]; !ok {
			t.Errorf("%s reads key %q, which %s does not show", f, key, secretExample)
		}
	}
	for k, v := range secret.StringData {
		if !strings.HasPrefix(v, "REPLACE") {
			t.Errorf("%s holds a value for %s that is not a placeholder", secretExample, k)
		}
	}
}

// TestImageTag: the overlay's images: entry reaches the Deployment (the
// base renames the image, so an entry under its old name would do
// nothing).
func TestImageTag(t *testing.T) {
	for dir, want := range map[string]string{
		"kubernetes/base":            "ghcr.io/ownerd/ownerd:v0.1.0",
		"kubernetes/overlays/studio": "ghcr.io/ownerd/ownerd:v0.1.1",
	} {
		var d appsv1.Deployment
		object(t, build(t, dir), "Deployment", "ownerd", &d)
		if got := d.Spec.Template.Spec.Containers[0].Image; got != want {
			t.Errorf("%s runs %s, want %s", dir, got, want)
		}
	}
}

// credentialFiles are the values of every *_file key of a configuration
// but ca_file (a certificate, not a secret).
func credentialFiles(t *testing.T, text []byte) []string {
	var doc any
	if err := yaml.Unmarshal(text, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(n any) {
		switch n := n.(type) {
		case map[string]any:
			for k, v := range n {
				if s, ok := v.(string); ok && strings.HasSuffix(k, "_file") && k != "ca_file" {
					out = append(out, s)
				}
				walk(v)
			}
		case []any:
			for _, v := range n {
				walk(v)
			}
		}
	}
	walk(doc)
	return out
}

// TestMonitoringComponent: the overlay's ServiceMonitor scrapes the
// Service, its PrometheusRule holds exactly prometheus/rules.yaml (the
// file promtool tests), and the dashboard ConfigMap carries the sidecar's
// label and exactly grafana/ownerd.json.
func TestMonitoringComponent(t *testing.T) {
	m := build(t, "kubernetes/overlays/studio")
	var svc corev1.Service
	object(t, m, "Service", "ownerd", &svc)
	var sm struct {
		Metadata struct{ Namespace string }
		Spec     struct {
			Selector  struct{ MatchLabels map[string]string }
			Endpoints []struct{ Port, Path string }
		}
	}
	object(t, m, "ServiceMonitor", "ownerd", &sm)
	for k, v := range sm.Spec.Selector.MatchLabels {
		if svc.Labels[k] != v {
			t.Errorf("the ServiceMonitor selects %s=%s, which the Service lacks", k, v)
		}
	}
	if sm.Metadata.Namespace != svc.Namespace {
		t.Errorf("the ServiceMonitor is in %q, the Service in %q", sm.Metadata.Namespace, svc.Namespace)
	}
	if len(sm.Spec.Endpoints) != 1 || sm.Spec.Endpoints[0].Port != svc.Spec.Ports[0].Name || sm.Spec.Endpoints[0].Path != "/metrics" {
		t.Errorf("the ServiceMonitor must scrape /metrics on port %s: %+v", svc.Spec.Ports[0].Name, sm.Spec.Endpoints)
	}

	var rule struct{ Spec map[string]any }
	object(t, m, "PrometheusRule", "ownerd", &rule)
	var rules map[string]any
	if err := yaml.Unmarshal(readFile(t, "prometheus/rules.yaml"), &rules); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rule.Spec, rules) {
		t.Error("the PrometheusRule differs from prometheus/rules.yaml: go test -run TestPrometheusRuleIsGenerated -update")
	}

	var dash corev1.ConfigMap
	object(t, m, "ConfigMap", "ownerd-dashboard", &dash)
	if dash.Labels["grafana_dashboard"] != "1" {
		t.Errorf("the dashboard ConfigMap's labels %v lack grafana_dashboard: \"1\"", dash.Labels)
	}
	if dash.Data["ownerd.json"] != string(readFile(t, "grafana/ownerd.json")) {
		t.Error("the dashboard ConfigMap is not grafana/ownerd.json")
	}
	for _, r := range m.Resources() {
		if r.GetKind() != "Namespace" && r.GetNamespace() != "ownerd-studio" {
			t.Errorf("%s %s is in namespace %q", r.GetKind(), r.GetName(), r.GetNamespace())
		}
	}
}

// TestPrometheusRuleIsGenerated: the component's PrometheusRule is
// prometheus/rules.yaml, comments and all, under a PrometheusRule's
// header. -update writes it.
func TestPrometheusRuleIsGenerated(t *testing.T) {
	const out = "kubernetes/components/monitoring/prometheusrule.yaml"
	want := prometheusRule(readFile(t, "prometheus/rules.yaml"))
	if *update {
		if err := os.WriteFile(out, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := readFile(t, out); !bytes.Equal(got, want) {
		t.Errorf("%s is not generated from prometheus/rules.yaml: go test -run TestPrometheusRuleIsGenerated -update", out)
	}
}

// prometheusRule wraps a Prometheus rule file's groups in a
// PrometheusRule, indenting them under spec:.
func prometheusRule(rules []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`# Generated from deploy/prometheus/rules.yaml by
#   cd deploy && go test -run TestPrometheusRuleIsGenerated -update
# Edit that file, not this one.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: ownerd
  labels:
    app.kubernetes.io/name: ownerd
spec:
`)
	for _, line := range strings.SplitAfter(string(rules), "\n") {
		switch {
		case line == "":
		case line == "\n":
			b.WriteString(line)
		default:
			b.WriteString("  " + line)
		}
	}
	return b.Bytes()
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
