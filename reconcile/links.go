package reconcile

import (
	"strconv"
	"strings"

	"github.com/ownerd/ownerd/model"
)

// Mentions are found by hand-written scanners rather than regular
// expressions: every title, body, comment and mail of the organisation is
// scanned on every reconcile, and the scanners are several times faster
// than Go's regexp on the same rules (BenchmarkMentions).

// isWord reports whether c is a regexp \w character.
func isWord(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// jiraKeys calls fn for every match of \b[A-Z][A-Z0-9_]+-[0-9]+\b in s.
func jiraKeys(s string, fn func(key string)) {
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '-')
		if j < 0 {
			return
		}
		dash := i + j
		i = dash + 1
		if dash+1 >= len(s) || !isDigit(s[dash+1]) {
			continue
		}
		start := dash
		for start > 0 {
			c := s[start-1]
			if c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' {
				start--
				continue
			}
			break
		}
		if dash-start < 2 || s[start] < 'A' || s[start] > 'Z' || start > 0 && isWord(s[start-1]) {
			continue
		}
		end := dash + 1
		for end < len(s) && isDigit(s[end]) {
			end++
		}
		if end < len(s) && isWord(s[end]) {
			continue
		}
		fn(s[start:end])
		i = end
	}
}

func isRepoChar(c byte) bool { return isWord(c) || c == '-' || c == '.' }

// githubRefs calls fn with "owner/repo#N" for every GitHub reference in s:
// owner/repo#N, https://github.com/owner/repo/issues/N or /pull/N, and, when
// repo is not empty, #N meaning an item of that repository.
func githubRefs(s, repo string, fn func(ref string)) {
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '#')
		if j < 0 {
			break
		}
		hash := i + j
		i = hash + 1
		end := hash + 1
		for end < len(s) && isDigit(s[end]) {
			end++
		}
		if end == hash+1 || end < len(s) && isWord(s[end]) {
			continue
		}
		num := s[hash+1 : end]
		// owner/repo before the '#'?
		r := hash
		for r > 0 && isRepoChar(s[r-1]) {
			r--
		}
		if r < hash && r > 0 && s[r-1] == '/' {
			o := r - 1
			for o > 0 && isRepoChar(s[o-1]) {
				o--
			}
			if o < r-1 && (o == 0 || !isWord(s[o-1]) && s[o-1] != '/') {
				fn(s[o:hash] + "#" + num)
				continue
			}
		}
		if repo != "" && (hash == 0 || !isWord(s[hash-1]) && s[hash-1] != '/' && s[hash-1] != '&') {
			fn(repo + "#" + num)
		}
	}
	const host = "github.com/"
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], host)
		if j < 0 {
			return
		}
		p := i + j + len(host)
		i = p
		parts := strings.SplitN(s[p:min(len(s), p+200)], "/", 4)
		if len(parts) < 4 || (parts[2] != "issues" && parts[2] != "pull") {
			continue
		}
		n := 0
		for n < len(parts[3]) && isDigit(parts[3][n]) {
			n++
		}
		if n == 0 || n < len(parts[3]) && isWord(parts[3][n]) {
			continue
		}
		if _, err := strconv.Atoi(parts[3][:n]); err == nil {
			fn(parts[0] + "/" + parts[1] + "#" + parts[3][:n])
		}
	}
}

// index finds items by the names texts mention them by.
type index struct {
	jira   map[string]int // Jira key -> item
	github map[string]int // lower-case owner/repo#N -> item
}

func newIndex(items []*model.Item) *index {
	x := &index{jira: map[string]int{}, github: map[string]int{}}
	for i, it := range items {
		id := string(it.ID)
		switch it.System {
		case model.Jira:
			x.jira[strings.TrimPrefix(id, "jira:")] = i
		case model.GitHub:
			x.github[strings.ToLower(strings.TrimPrefix(id, "github:"))] = i
		}
	}
	return x
}

// mentions calls fn with the index of every known item that s mentions.
// repo is the repository of the text's item, for bare #N references.
func (x *index) mentions(s, repo string, fn func(int)) {
	if len(x.jira) > 0 {
		jiraKeys(s, func(key string) {
			if i, ok := x.jira[key]; ok {
				fn(i)
			}
		})
	}
	if len(x.github) > 0 {
		githubRefs(s, repo, func(ref string) {
			if i, ok := x.github[strings.ToLower(ref)]; ok {
				fn(i)
			}
		})
	}
}
