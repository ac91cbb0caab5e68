package language

// tokKind tells words from numbers, punctuation and addresses.
type tokKind uint8

const (
	kindWord tokKind = iota
	kindNum
	kindPunct
	kindURL
)

// token is one word of the new part, lower-cased and with contractions
// expanded ("I'll" becomes "i" "will"), so that lexicons list one spelling.
// Expanded tokens share the offsets of the word they came from.
type token struct {
	w          string
	start, end int32 // byte offsets in the normalised text
	kind       tokKind
	upper      bool  // the original starts with an upper-case letter
	nl         uint8 // newlines before the token, capped at 2
	space      bool  // whitespace before the token
}

// sentence is a token range; question is true when it ends in "?".
type sentence struct {
	a, b     int
	question bool
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 0x80 }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// lowerASCII lower-cases ASCII letters only, so that byte offsets stay valid
// between the original and the lower-cased text.
func lowerASCII(s string) string {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			break
		}
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// contractions maps irregular contractions and common apostrophe-less
// spellings to their expansion.
var contractions = map[string][2]string{
	"won't": {"will", "not"}, "can't": {"can", "not"}, "shan't": {"shall", "not"},
	"ain't": {"is", "not"}, "cannot": {"can", "not"}, "let's": {"let", "us"},
	"im": {"i", "am"}, "ive": {"i", "have"}, "dont": {"do", "not"}, "doesnt": {"does", "not"},
	"didnt": {"did", "not"}, "isnt": {"is", "not"}, "wasnt": {"was", "not"}, "arent": {"are", "not"},
	"cant": {"can", "not"}, "wont": {"will", "not"}, "wouldnt": {"would", "not"},
	"couldnt": {"could", "not"}, "shouldnt": {"should", "not"}, "havent": {"have", "not"},
	"hasnt": {"has", "not"}, "youll": {"you", "will"}, "youd": {"you", "would"},
	"youre": {"you", "are"}, "theyll": {"they", "will"}, "theyre": {"they", "are"},
	"thats": {"that", "is"}, "whats": {"what", "is"}, "theres": {"there", "is"},
	"gonna": {"going", "to"}, "wanna": {"want", "to"}, "lemme": {"let", "me"},
	"werent": {"were", "not"}, "weve": {"we", "have"},
	// Typed fast: "wil get back to u", "i'l send it".
	"wil": {"will", ""}, "wll": {"will", ""},
	// Texting spellings: "could u resend the invoice", "ur link".
	"u": {"you", ""}, "ur": {"your", ""}, "plz": {"please", ""}, "thx": {"thanks", ""},
}

// isPronounIs lists the words whose "'s" is "is" (or "us" for let's).
var isPronounIs = map[string]bool{
	"it": true, "that": true, "there": true, "what": true, "he": true, "she": true,
	"who": true, "here": true, "where": true, "how": true, "this": true, "everything": true,
	"nothing": true, "something": true, "when": true, "why": true,
}

// tokenize splits the lower-cased text into tokens; orig gives the case.
func tokenize(orig, low string, toks []token) []token {
	var nl uint8
	space := false
	emit := func(w string, start, end int, kind tokKind) {
		c := orig[start]
		toks = append(toks, token{w: w, start: int32(start), end: int32(end), kind: kind,
			upper: c >= 'A' && c <= 'Z', nl: nl, space: space})
		nl, space = 0, false
	}
	for i := 0; i < len(low); {
		c := low[i]
		switch {
		case c == '\n':
			if nl < 2 {
				nl++
			}
			space = true
			i++
			continue
		case c == ' ' || c < 0x20:
			space = true
			i++
			continue
		}
		start := i
		if c == 'h' && (hasPrefixAt(low, i, "http://") || hasPrefixAt(low, i, "https://")) ||
			c == 'w' && hasPrefixAt(low, i, "www.") {
			for i < len(low) && low[i] != ' ' && low[i] != '\n' {
				i++
			}
			emit(low[start:i], start, i, kindURL)
			continue
		}
		if isDigit(c) {
			i++
			for i < len(low) {
				d := low[i]
				if isDigit(d) {
					i++
					continue
				}
				if (d == ':' || d == '.' || d == '/' || d == '-') && i+1 < len(low) && isDigit(low[i+1]) {
					i += 2
					continue
				}
				break
			}
			emit(low[start:i], start, i, kindNum)
			continue
		}
		if !isLetter(c) {
			i++
			emit(low[start:i], start, i, kindPunct)
			continue
		}
		i++
		url := false
		for i < len(low) {
			d := low[i]
			if isLetter(d) || isDigit(d) {
				i++
				continue
			}
			if d == '\'' && i+1 < len(low) && isLetter(low[i+1]) {
				i++
				continue
			}
			if d == '@' && i+1 < len(low) && isLetter(low[i+1]) {
				url = true
				for i < len(low) && low[i] != ' ' && low[i] != '\n' {
					i++
				}
				break
			}
			// Single-letter abbreviations: e.g, i.e, a.m, p.m.
			if d == '.' && i-start == 1 && i+1 < len(low) && isLetter(low[i+1]) &&
				(i+2 >= len(low) || !isLetter(low[i+2])) {
				i += 2
				continue
			}
			break
		}
		if url {
			emit(low[start:i], start, i, kindURL)
			continue
		}
		w := low[start:i]
		switch w {
		case "a.m":
			emit("am", start, i, kindWord)
			continue
		case "p.m":
			emit("pm", start, i, kindWord)
			continue
		}
		if x, ok := contractions[w]; ok {
			emit(x[0], start, i, kindWord)
			if x[1] != "" {
				emit(x[1], start, i, kindWord)
			}
			continue
		}
		if a, b, ok := splitContraction(w); ok {
			emit(a, start, i, kindWord)
			emit(b, start, i, kindWord)
			continue
		}
		emit(w, start, i, kindWord)
	}
	return fixAmbiguous(toks)
}

func hasPrefixAt(s string, i int, p string) bool {
	return len(s)-i >= len(p) && s[i:i+len(p)] == p
}

// splitContraction expands regular contractions: X'll, X'm, X're, X've,
// X'd, Xn't and X's.
func splitContraction(w string) (string, string, bool) {
	q := -1
	for k := len(w) - 1; k > 0; k-- {
		if w[k] == '\'' {
			q = k
			break
		}
	}
	if q < 0 {
		return "", "", false
	}
	head, tail := w[:q], w[q+1:]
	switch tail {
	case "ll", "l":
		return head, "will", true
	case "m":
		return head, "am", true
	case "re":
		return head, "are", true
	case "ve":
		return head, "have", true
	case "d":
		if pastD[head] {
			return "", "", false // "cc'd", "OK'd": a past tense, not "would"
		}
		return head, "would", true
	case "t":
		if len(head) > 1 && head[len(head)-1] == 'n' {
			return head[:len(head)-1], "not", true
		}
	case "s":
		if isPronounIs[head] {
			return head, "is", true
		}
		return head, "'s", true
	}
	return "", "", false
}

// fixAmbiguous expands "ill" and "well" typed without an apostrophe when a
// verb follows ("ill send it", "well get it to you"); elsewhere they keep
// their own meaning ("Well, that's…").
func fixAmbiguous(toks []token) []token {
	found := false
	for k := 0; k+1 < len(toks); k++ {
		if (toks[k].w == "ill" || toks[k].w == "well") && actionVerbs[toks[k+1].w] {
			found = true
			break
		}
	}
	if !found {
		return toks
	}
	out := make([]token, 0, len(toks)+4)
	for k, t := range toks {
		if (t.w == "ill" || t.w == "well") && k+1 < len(toks) && actionVerbs[toks[k+1].w] {
			a := t
			if t.w == "ill" {
				a.w = "i"
			} else {
				a.w = "we"
			}
			b := t
			b.w, b.nl, b.space = "will", 0, false
			out = append(out, a, b)
			continue
		}
		out = append(out, t)
	}
	return out
}

// abbreviations end with a full stop that does not end the sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true,
	"vs": true, "jr": true, "sr": true, "e.g": true, "i.e": true, "approx": true,
	"dept": true, "fig": true, "cf": true,
}

// sentences splits tokens at sentence ends, blank lines, bullets and after
// short lines (greetings, sign-offs), but not at the single line breaks of
// wrapped mail text.
// maxSentence is the longest sentence, in tokens, that the reader reads as
// one: far beyond what people write (a long sentence of mail runs to 60),
// short enough that looking across a sentence costs a bounded amount.
const maxSentence = 200

func sentences(toks []token, out []sentence) []sentence {
	a := 0
	lineStart := 0
	flush := func(b int) {
		if b > a {
			q := false
			for k := b - 1; k >= a; k-- {
				w := toks[k].w
				if w == "?" {
					q = true
					break
				}
				if w != "\"" && w != ")" && w != "!" && w != "'" {
					break
				}
			}
			out = append(out, sentence{a: a, b: b, question: q})
		}
		a = b
	}
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if k-a >= maxSentence {
			// Text that never ends a sentence is cut into pieces of at most
			// maxSentence tokens, so that the work per sentence is bounded
			// and reading stays linear in the text's length.
			flush(k)
		}
		if t.nl > 0 && k > a {
			short := k-lineStart <= 3
			bullet := t.kind == kindPunct && (t.w == "-" || t.w == "*") && k+1 < len(toks) && toks[k+1].space
			prev := toks[k-1].w
			if t.nl >= 2 || short || bullet || prev == ":" || prev == "," && k-lineStart <= 6 {
				flush(k)
			}
		}
		if t.nl > 0 {
			lineStart = k
		}
		if t.kind != kindPunct || (t.w != "." && t.w != "!" && t.w != "?") {
			continue
		}
		// Only the last of a run like "?!" or "..." ends the sentence.
		if k+1 < len(toks) && !toks[k+1].space {
			n := toks[k+1]
			if n.kind == kindPunct && (n.w == "." || n.w == "!" || n.w == "?" || n.w == "\"" || n.w == ")" || n.w == "'") {
				continue
			}
			if t.w == "." {
				continue
			}
		}
		if t.w == "." && k > a {
			p := toks[k-1]
			if abbreviations[p.w] && p.kind == kindWord {
				continue
			}
			if p.kind == kindWord && len(p.w) == 1 && p.upper && p.w != "i" {
				continue // an initial: "J. Smith"
			}
			if (p.w == "am" || p.w == "pm") && p.end-p.start == 3 && k+1 < len(toks) && !toks[k+1].upper {
				continue
			}
		}
		end := k + 1
		for end < len(toks) && !toks[end].space && toks[end].kind == kindPunct {
			end++
		}
		flush(end)
		k = end - 1
	}
	flush(len(toks))
	return out
}

// pastD are words whose "'d" makes a past tense: "I've cc'd her".
var pastD = set("cc", "bcc", "ok", "dm", "pm", "qa", "fwd", "id")
