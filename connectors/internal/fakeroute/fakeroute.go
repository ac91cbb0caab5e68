// Package fakeroute matches requests to the fakes' routes, written as the
// API descriptions write them ("/repos/{owner}/{repo}/issues"), so that a
// fake's route names are the description's own and its counts read alike.
package fakeroute

import "strings"

// Find returns the route a request takes, of routes written "METHOD
// /path/{param}" as net/http patterns are, and its path parameters; ""
// when none does.
func Find(routes []string, method, path string) (string, map[string]string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for _, rt := range routes {
		m, pattern, _ := strings.Cut(rt, " ")
		if m != method {
			continue
		}
		if params, ok := match(pattern, parts); ok {
			return rt, params
		}
	}
	return "", nil
}

func match(pattern string, parts []string) (map[string]string, bool) {
	pat := strings.Split(strings.Trim(pattern, "/"), "/")
	if len(pat) != len(parts) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pat {
		if strings.HasPrefix(p, "{") {
			params[strings.Trim(p, "{}")] = parts[i]
		} else if p != parts[i] {
			return nil, false
		}
	}
	return params, true
}
