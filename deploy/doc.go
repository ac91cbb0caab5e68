// Package deploy holds no code of ownerd's: it is the module of the tests
// that prove what deploy/ ships, kept apart so that the daemon's own
// module does not carry kustomize, kubeconform, Grafana's SDK and
// Prometheus among its dependencies.
//
//   - kubernetes_test.go renders every kustomization with the kustomize
//     API (what `kubectl apply -k` runs), validates each object strictly
//     against the Kubernetes schema with kubeconform, and checks what the
//     manifests promise: one replica recreated, non-root, read-only, the
//     ConfigMap reloadable in place, the Secret keys the config reads.
//   - grafana_test.go decodes the dashboard strictly with Grafana's SDK
//     and parses every query with Prometheus's PromQL parser.
//   - prometheus_test.go runs ownerd's demo and a real Prometheus
//     scraping it, with the rules loaded, and asks it every query of the
//     dashboard and every rule expression.
//
// Run them with `cd deploy && go test ./...` (.ci/run does).
package deploy
