package fakeroute

import (
	"maps"
	"testing"
)

func TestFind(t *testing.T) {
	routes := []string{
		"GET /repos/{owner}/{repo}/issues",
		"GET /repos/{owner}/{repo}/issues/events",
		"POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
	}
	cases := []struct {
		method, path, want string
		params             map[string]string
	}{
		{"GET", "/repos/acme/web/issues", "GET /repos/{owner}/{repo}/issues", map[string]string{"owner": "acme", "repo": "web"}},
		{"GET", "/repos/acme/web/issues/events", "GET /repos/{owner}/{repo}/issues/events", map[string]string{"owner": "acme", "repo": "web"}},
		{"POST", "/repos/acme/web/issues/7/comments", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", map[string]string{"owner": "acme", "repo": "web", "issue_number": "7"}},
		{"GET", "/repos/acme/web/issues/7/comments", "", nil}, // the method decides
		{"GET", "/repos/acme/web/pulls", "", nil},
		{"GET", "/repos/acme/issues", "", nil},
	}
	for _, c := range cases {
		got, params := Find(routes, c.method, c.path)
		if got != c.want || !maps.Equal(params, c.params) {
			t.Errorf("%s %s: %q %v, want %q %v", c.method, c.path, got, params, c.want, c.params)
		}
	}
}
