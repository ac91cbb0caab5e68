package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ownerd/ownerd/rules"
	"github.com/ownerd/ownerd/rules/language"
)

// classifyIn is one input line of `ownerd classify` (classify.md). Other
// fields, such as a labelled corpus's expected labels, are ignored.
type classifyIn struct {
	ID   json.RawMessage `json:"id"`
	Text *string         `json:"text"`
	Now  string          `json:"now"`
	TZ   string          `json:"tz"`
}

// classifyOut is one output line, in the contract's field order.
type classifyOut struct {
	ID         json.RawMessage `json:"id"`
	Commitment bool            `json:"commitment"`
	Due        *string         `json:"due"`
	Deflection bool            `json:"deflection"`
	Request    bool            `json:"request"`
	Priority   bool            `json:"priority"`
	Spans      []rules.Span    `json:"spans"`
}

type classifyErr struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// maxLine bounds one input line: a message longer than this is refused on
// its line, and the rest go on.
const maxLine = 8 << 20

func newClassify(stdin io.Reader, stdout io.Writer) *cobra.Command {
	var nowFlag, tzFlag string
	cmd := &cobra.Command{
		Use:   "classify [flags] < messages.jsonl",
		Short: "Read messages as ownerd does: commitment and due time, deflection, request, priority",
		Long: `classify reads messages as the rules do, one JSON object a line on standard
input:

  {"id": "m7", "text": "I'll have it to you by tomorrow morning.",
   "now": "2026-03-12T14:00:00-04:00", "tz": "America/New_York"}

and writes one JSON line for each, in order:

  {"id": "m7", "commitment": true, "due": "2026-03-13T12:00:00-04:00",
   "deflection": false, "request": false, "priority": false, "spans": [...]}

commitment: the writer, the team or a named colleague will do something;
due: the latest moment the words allow for it, in the message's zone;
deflection: the problem is pushed onto someone else with no way forward;
request: the writer asks for something; priority: it is called urgent;
spans: the words that decided. "now" and "tz" default to the flags, then to
the current time and UTC. Only the new part of a message is read: quoted
history and signatures are left out.

A line that cannot be read gets {"line": N, "error": "..."}; the others go
on, and the exit status is then 1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			defNow := time.Now()
			if nowFlag != "" {
				t, err := time.Parse(time.RFC3339, nowFlag)
				if err != nil {
					return badInput(fmt.Errorf("classify: --now %q is not RFC 3339", nowFlag))
				}
				defNow = t
			}
			defLoc := time.UTC
			if tzFlag != "" {
				loc, err := time.LoadLocation(tzFlag)
				if err != nil {
					return badInput(fmt.Errorf("classify: --tz %q: unknown time zone", tzFlag))
				}
				defLoc = loc
			}
			bad, err := classify(stdin, stdout, newReader(), defNow, defLoc)
			if err != nil {
				return err
			}
			if bad > 0 {
				return &exitError{code: exitFailed, err: fmt.Errorf("classify: %s not be read", plural(bad, "line could", "lines could"))}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&nowFlag, "now", "", "the moment messages were sent, when a line has no now (RFC 3339)")
	cmd.Flags().StringVar(&tzFlag, "tz", "", "the time zone of messages, when a line has no tz (Area/City)")
	return cmd
}

// classify reads every line of in and writes its reading to out. It returns
// how many lines were refused.
func classify(in io.Reader, out io.Writer, reader rules.Reader, defNow time.Time, defLoc *time.Location) (int, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	bad, line := 0, 0
	fail := func(msg string) error {
		bad++
		return enc.Encode(classifyErr{Line: line, Error: msg})
	}
	locs := map[string]*time.Location{}
	for {
		raw, tooLong, err := readLine(br)
		if err == io.EOF && raw == nil && !tooLong {
			break
		}
		if err != nil && err != io.EOF {
			return bad, fmt.Errorf("classify: read input: %w", err)
		}
		line++
		if tooLong {
			if err := fail(fmt.Sprintf("line longer than %d bytes", maxLine)); err != nil {
				return bad, err
			}
			continue
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		var m classifyIn
		if err := json.Unmarshal(raw, &m); err != nil {
			if err := fail(jsonProblem(err)); err != nil {
				return bad, err
			}
			continue
		}
		if m.Text == nil {
			if err := fail(`no "text"`); err != nil {
				return bad, err
			}
			continue
		}
		now, loc := defNow, defLoc
		if m.TZ != "" {
			l, ok := locs[m.TZ]
			if !ok {
				var err error
				if l, err = time.LoadLocation(m.TZ); err != nil {
					if err := fail(fmt.Sprintf("tz %q: unknown time zone", m.TZ)); err != nil {
						return bad, err
					}
					continue
				}
				locs[m.TZ] = l
			}
			loc = l
		}
		if m.Now != "" {
			t, err := time.Parse(time.RFC3339, m.Now)
			if err != nil {
				if err := fail(fmt.Sprintf("now %q is not RFC 3339", m.Now)); err != nil {
					return bad, err
				}
				continue
			}
			now = t
		}
		r := reader.Read(*m.Text, now.In(loc))
		o := classifyOut{ID: m.ID, Commitment: r.Commitment, Deflection: r.Deflection, Request: r.Request, Priority: r.Priority, Spans: r.Spans}
		if o.ID == nil {
			o.ID = json.RawMessage("null")
		}
		if o.Spans == nil {
			o.Spans = []rules.Span{}
		}
		if !r.Due.IsZero() {
			s := r.Due.In(loc).Format(time.RFC3339)
			o.Due = &s
		}
		if err := enc.Encode(o); err != nil {
			return bad, err
		}
	}
	return bad, w.Flush()
}

// readLine reads one line without its newline. A line longer than maxLine
// is read to its end and dropped, so that the lines after it still go on.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > maxLine {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(line) == 0 && !tooLong {
			return nil, false, io.EOF
		}
		if len(line) > 0 && line[len(line)-1] == '\n' {
			line = line[:len(line)-1]
		}
		if tooLong {
			line = nil
		}
		return line, tooLong, err
	}
}

func newReader() rules.Reader { return language.New() }

// jsonProblem says what is wrong with an input line in the contract's
// terms, not in Go's ("cannot unmarshal array into Go value of type …").
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("not JSON: %s (at byte %d)", syntax.Error(), syntax.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Sprintf(`want a JSON object {"id", "text", "now", "tz"}, found %s`, jsonKind(typ.Value))
	case errors.As(err, &typ):
		return fmt.Sprintf("%q: want a string, found %s", typ.Field, jsonKind(typ.Value))
	}
	return "not JSON: " + strings.TrimPrefix(err.Error(), "json: ")
}

// jsonKind names a JSON value as encoding/json describes it ("array",
// "number -5").
func jsonKind(v string) string {
	if strings.HasPrefix(v, "array") || strings.HasPrefix(v, "object") {
		return "an " + v
	}
	return "a " + v
}
