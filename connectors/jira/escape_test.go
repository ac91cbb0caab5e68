package jira

import (
	"strings"
	"testing"
)

// TestEscape: text from tickets and mail, however hostile, adds no markup,
// link, mention, macro or line to ownerd's comment.
func TestEscape(t *testing.T) {
	for _, hostile := range []string{
		"[~accountid:5b10ac8d82e05b22cc7d4ef5] please look",
		"[click here|https://evil.example/x]",
		"*bold* _italic_ -strike- +under+ ^sup^ ~sub~ ??cite??",
		"{code}rm -rf{code} {noformat} {color:red}x{color} {panel}",
		"!https://evil.example/img.png! h1. Title",
		"line one\nh1. not a heading\n| a | b |\n# list",
		"see https://evil.example and HTTP://EVIL.example and mailto:x@y.example",
		`\\ backslashes \[~x] C:\Users`,
		"(y) (/) (i) ;) :D",
		"h1. a heading, bq. a quote",
		"irc://evil.example ssh://evil.example",
	} {
		got := Escape(hostile)
		if strings.ContainsAny(got, "\n\r") {
			t.Errorf("Escape(%q) keeps a line break: %q", hostile, got)
		}
		if strings.Contains(got, `\\`) {
			t.Errorf("Escape(%q) = %q: a double backslash is Jira's line break", hostile, got)
		}
		if strings.HasPrefix(got, "h1.") || strings.HasPrefix(got, "bq.") {
			t.Errorf("Escape(%q) = %q: a heading or quote at the start", hostile, got)
		}
		// Every markup character is escaped: none stands unescaped.
		for i, r := range got {
			if strings.ContainsRune("[]{}*_+^~?-|!#();", r) && (i == 0 || got[i-1] != '\\') {
				t.Errorf("Escape(%q) = %q: %q unescaped at %d", hostile, got, r, i)
				break
			}
		}
		for _, scheme := range []string{"https\\:", "HTTP\\:", "mailto\\:", "irc\\:", "ssh\\:"} {
			if strings.Contains(got, scheme) {
				t.Errorf("Escape(%q) = %q: a link scheme survives", hostile, got)
			}
		}
	}
}
