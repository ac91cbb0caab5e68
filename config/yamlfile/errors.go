package yamlfile

import (
	"fmt"
	"slices"
	"strings"
)

// Limit is how many problems Errors keeps; the rest are only counted. A
// file of a million bad lines gets twenty lines back, not a million.
const Limit = 20

// Error is one problem with a file: where it is and what is wrong, in the
// file's own terms.
type Error struct {
	File  string
	Line  int
	Field string // the key path, such as jira.history.at; may be empty
	Msg   string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// Errors is the problems found in a file: the first Limit of them in line
// order, and how many more there were.
type Errors struct {
	File string
	List []*Error
	More int
}

// Error prints one problem a line, then the count of the rest.
func (es *Errors) Error() string {
	lines := make([]string, 0, len(es.List)+1)
	for _, e := range es.List {
		lines = append(lines, e.Error())
	}
	if es.More > 0 {
		lines = append(lines, fmt.Sprintf("%s: and %s", es.File, plural(es.More, "more problem", "more problems")))
	}
	return strings.Join(lines, "\n")
}

// Len is how many problems were found, shown or not.
func (es *Errors) Len() int { return len(es.List) + es.More }

// List collects the problems of one file, keeping the first Limit by line
// in memory bounded by Limit whatever the input holds. Its zero value is
// not ready: use NewList.
type List struct {
	file string
	errs []*Error
	more int
	// cut, once set, is a line that at least Limit kept problems stand on
	// or before: a problem found at it or after can only be counted.
	cut int
}

// NewList starts a list of problems for the named file.
func NewList(file string) *List { return &List{file: file} }

// File is the name problems are reported under.
func (l *List) File() string { return l.file }

// Addf records a problem at line (1 when unknown) in field.
func (l *List) Addf(line int, field, format string, args ...any) {
	if line < 1 {
		line = 1
	}
	if !l.Keeps(line) {
		l.more++
		return
	}
	msg := fmt.Sprintf(format, args...)
	if len(msg) > maxMsg {
		// A value quoted whole from a hostile file would make one line of
		// megabytes; the start says what it was.
		cut := maxMsg
		for cut > 0 && msg[cut]&0xC0 == 0x80 {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	l.errs = append(l.errs, &Error{File: l.file, Line: line, Field: field, Msg: msg})
	if len(l.errs) >= 4*Limit {
		l.compact()
	}
}

// maxMsg bounds the length of one problem's message.
const maxMsg = 300

// Keeps reports whether a problem at line would be among those shown; a
// caller can skip the work of wording one that would only be counted.
func (l *List) Keeps(line int) bool { return l.cut == 0 || line < l.cut }

// Add records a problem already built elsewhere, under this list's file.
func (l *List) Add(e *Error) { l.Addf(e.Line, e.Field, "%s", e.Msg) }

// merge adds the problems of another list, kept and counted.
func (l *List) merge(o *List) {
	for _, e := range o.errs {
		if !l.Keeps(e.Line) {
			l.more++
			continue
		}
		l.errs = append(l.errs, e)
		if len(l.errs) >= 4*Limit {
			l.compact()
		}
	}
	l.more += o.more
}

// compact keeps the first Limit problems by line; errors on one line keep
// the order they were found in.
func (l *List) compact() {
	slices.SortStableFunc(l.errs, func(a, b *Error) int { return a.Line - b.Line })
	if len(l.errs) >= Limit {
		l.more += len(l.errs) - Limit
		clear(l.errs[Limit:])
		l.errs = l.errs[:Limit]
		l.cut = l.errs[Limit-1].Line
	}
}

// Len is how many problems were recorded.
func (l *List) Len() int { return len(l.errs) + l.more }

// Err returns the problems as *Errors, or nil when there were none.
func (l *List) Err() error {
	if l.Len() == 0 {
		return nil
	}
	l.compact()
	return &Errors{File: l.file, List: slices.Clone(l.errs), More: l.more}
}

// plural writes a count with the noun that agrees with it.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
