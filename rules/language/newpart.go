package language

import (
	"strings"
	"unicode/utf8"
)

// NewPart returns the new part of a message: the text above any quoted
// history (an "On … wrote:" line, "-----Original Message-----", an Outlook
// "From: … Sent: …" header block, a forwarded-message marker), without lines
// quoted with ">", Jira {quote} blocks and the signature ("-- " and what
// follows, "Sent from my …"). Curly quotes and apostrophes become straight,
// dashes become " - ", runs of blanks collapse to one space and runs of blank
// lines to one. Case is kept so that names stay recognisable.
func NewPart(text string) string {
	text = normalizeRunes(text)
	var b strings.Builder
	b.Grow(len(text))
	blank := false   // a blank line is pending
	wrote := false   // something has been written
	inQuote := false // inside a Jira {quote} block
	inSig := false   // past a sign-off and the sender's name
	for pos := 0; pos < len(text); {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		raw := text[pos:end]
		next := end + 1
		line := strings.TrimSpace(raw)
		if strings.HasPrefix(line, "{quote}") {
			inQuote = !inQuote
			pos = next
			continue
		}
		if inQuote || strings.HasPrefix(line, ">") {
			pos = next
			continue
		}
		if endsHistory(raw, line, text, next) {
			break
		}
		if inSig {
			// Title, phone, disclaimer: the signature, unless a
			// postscript follows it.
			if !postscript(line) {
				pos = next
				continue
			}
			inSig = false
		} else if wrote && closingLine(line) && nameFollows(text, next) {
			// "Kind regards,\nOliver Grant\nSenior Producer | …"
			inSig = true
			pos = next
			continue
		}
		if line == "" {
			blank = wrote
			pos = next
			continue
		}
		if blank {
			b.WriteString("\n\n")
			blank = false
		} else if wrote {
			b.WriteByte('\n')
		}
		writeCollapsed(&b, line)
		wrote = true
		pos = next
	}
	return b.String()
}

// footers are the boilerplate lines mail systems and companies append below
// a message: none of their words are the sender's ("please consider the
// environment", "if you have received this email in error, please notify
// the sender").
var footers = []string{
	"please consider the environment before printing",
	"think before you print",
	"this e-mail and any attachments",
	"this email and any attachments",
	"this message and any attachments",
	"this email is confidential",
	"this e-mail is confidential",
	"this message is confidential",
	"this communication is confidential",
	"confidentiality notice",
	"if you have received this email in error",
	"if you have received this e-mail in error",
	"if you are not the intended recipient",
	"disclaimer:",
}

// footerLine reports a line that begins a mail footer.
func footerLine(line string) bool {
	if len(line) < 12 {
		return false
	}
	for _, f := range footers {
		if prefixFold(line, f) {
			return true
		}
	}
	return false
}

// endsHistory reports whether the line starts the quoted history or the
// signature, after which nothing is the sender's new text.
func endsHistory(raw, line, text string, next int) bool {
	if line == "" {
		return false
	}
	if line == "--" || raw == "-- " {
		return true
	}
	if footerLine(line) {
		return true
	}
	switch line[0] {
	case 'S', 's', 'G', 'g':
		if prefixFold(line, "sent from my ") || prefixFold(line, "sent from outlook") ||
			prefixFold(line, "sent from mail for") || prefixFold(line, "get outlook for") {
			return true
		}
	case '-':
		if strings.HasPrefix(line, "-----") || strings.HasPrefix(line, "----------") {
			l := strings.ToLower(line)
			if strings.Contains(l, "original message") || strings.Contains(l, "forwarded message") {
				return true
			}
		}
	case '_':
		if len(line) >= 10 && strings.Trim(line, "_") == "" {
			return true
		}
	case 'B', 'b':
		if prefixFold(line, "begin forwarded message") {
			return true
		}
	case 'F', 'f':
		if prefixFold(line, "from:") && headerFollows(text, next) {
			return true
		}
	}
	if wroteLine(line) {
		// "<x@y> wrote:" alone, or "On …, X wrote:" on one line.
		if prefixFold(line, "on ") || strings.ContainsAny(line, "@<") {
			return true
		}
	}
	if prefixFold(line, "on ") || prefixFold(line, "am ") || prefixFold(line, "le ") {
		// Mail clients wrap a long attribution line: "On Mon, … Kiran
		// Patel <kiran@…>\nwrote:".
		rest := text[min(next, len(text)):]
		for k := 0; k < 2 && rest != ""; k++ {
			e := strings.IndexByte(rest, '\n')
			l := rest
			if e >= 0 {
				l, rest = rest[:e], rest[e+1:]
			} else {
				rest = ""
			}
			if wroteLine(strings.TrimSpace(l)) {
				return true
			}
		}
	}
	return false
}

// closings are sign-off lines: "Kind regards,", "Cheers", "Best wishes!".
var closings = map[string]bool{
	"regards": true, "kind regards": true, "best regards": true, "warm regards": true,
	"warmest regards": true, "many regards": true, "best": true, "best wishes": true,
	"all the best": true, "cheers": true, "thanks": true, "many thanks": true,
	"thank you": true, "thanks again": true, "with thanks": true, "sincerely": true,
	"yours sincerely": true, "yours": true, "warmly": true, "speak soon": true,
	"talk soon": true, "br": true, "kr": true, "rgds": true, "thx": true, "ta": true,
	"warm wishes": true, "thanks so much": true, "thank you so much": true,
	"with best wishes": true, "kindest regards": true, "yours truly": true,
}

// closingLine reports whether a line is only a sign-off.
func closingLine(line string) bool {
	if len(line) > 24 {
		return false
	}
	l := strings.TrimRight(line, ",.! ")
	var buf [24]byte
	for i := 0; i < len(l); i++ {
		c := l[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return closings[string(buf[:len(l)])] // the conversion does not allocate
}

// nameFollows reports whether the next non-blank line from pos looks like a
// sender's name: one to four capitalised words and nothing else.
func nameFollows(text string, pos int) bool {
	for pos < len(text) {
		var l string
		l, pos = nextLine(text, pos)
		if l == "" {
			continue
		}
		if len(l) > 40 {
			return false
		}
		words := 0
		for i := 0; i < len(l); i++ {
			c := l[i]
			if c == ' ' {
				continue
			}
			if i == 0 || l[i-1] == ' ' {
				// A word starts: it must be capitalised.
				if words++; words > 4 || c < 'A' || c > 'Z' {
					return false
				}
				continue
			}
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '\'' || c == '.' || c >= 0x80) {
				return false
			}
		}
		return true
	}
	return false
}

// nextLine returns the line of text starting at pos, trimmed, and where
// the line after it starts.
func nextLine(text string, pos int) (string, int) {
	e := strings.IndexByte(text[pos:], '\n')
	if e < 0 {
		return strings.TrimSpace(text[pos:]), len(text)
	}
	return strings.TrimSpace(text[pos : pos+e]), pos + e + 1
}

// postscript reports a line that opens a P.S., which is new text again.
func postscript(line string) bool {
	return prefixFold(line, "p.s") || prefixFold(line, "ps:") || prefixFold(line, "ps ") || prefixFold(line, "pps")
}

// wroteLine reports whether a line ends like a reply attribution.
func wroteLine(line string) bool {
	return strings.HasSuffix(line, "wrote:") || strings.HasSuffix(line, "schrieb:") ||
		strings.HasSuffix(line, "écrit :") || strings.HasSuffix(line, "écrit:")
}

// headerFollows reports whether one of the next lines is a mail header field,
// which makes a "From:" line the start of a forwarded or Outlook-quoted
// message rather than prose.
func headerFollows(text string, pos int) bool {
	for k := 0; k < 4 && pos < len(text); k++ {
		var l string
		l, pos = nextLine(text, pos)
		if prefixFold(l, "sent:") || prefixFold(l, "date:") || prefixFold(l, "subject:") || prefixFold(l, "to:") {
			return true
		}
	}
	return false
}

// prefixFold is strings.HasPrefix ignoring ASCII case; prefix must be lower case.
func prefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// writeCollapsed writes a trimmed line with inner runs of blanks collapsed.
func writeCollapsed(b *strings.Builder, line string) {
	for {
		i := strings.Index(line, "  ")
		if i < 0 {
			b.WriteString(line)
			return
		}
		b.WriteString(line[:i+1])
		j := i + 2
		for j < len(line) && line[j] == ' ' {
			j++
		}
		line = line[j:]
	}
}

// normalizeRunes maps typographic characters to the ASCII ones the lexicons
// are written in. Pure ASCII text without carriage returns or tabs is
// returned as is, which is the common case and costs one scan.
func normalizeRunes(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c == '\r' || c == '\t' || c == '\f' || c == '\v' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			switch c {
			case '\r':
				if i+1 < len(s) && s[i+1] == '\n' {
					i++
					continue
				}
				b.WriteByte('\n')
			case '\t', '\f', '\v':
				b.WriteByte(' ')
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch r {
		case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u00b4':
			b.WriteByte('\'')
		case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u00ab', '\u00bb':
			b.WriteByte('"')
		case '\u2013', '\u2014', '\u2015', '\u2212':
			b.WriteString(" - ")
		case '\u2026':
			b.WriteString("...")
		case '\u00a0', '\u2002', '\u2003', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000':
			b.WriteByte(' ')
		case '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad':
		case '\u2028', '\u2029':
			b.WriteByte('\n')
		case '\u2022', '\u25cf', '\u25aa':
			b.WriteByte('*')
		case utf8.RuneError:
			if n == 1 {
				b.WriteByte(' ')
				continue
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
