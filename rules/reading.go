package rules

import "time"

// Reading is what one message says, as far as the rules care: the labels of
// the classify contract (../shared/spec/classify.md).
type Reading struct {
	// Commitment is true when the speaker, the team or a named team member
	// says they will deliver or do something.
	Commitment bool
	// Due is the latest moment the commitment's words allow; zero when the
	// message holds no commitment or names no time.
	Due time.Time
	// Deflection is true when the message pushes responsibility away without
	// a way forward. It is never true together with Commitment.
	Deflection bool
	// Request is true when the message asks for something, rather than only
	// thanking or acknowledging.
	Request bool
	// Priority is true when the message calls the work a priority.
	Priority bool
	// Spans are the parts of the text that decided each label, for evidence.
	Spans []Span
}

// Span is a piece of a message that carries a label.
type Span struct {
	Label string `json:"label"`
	Text  string `json:"text"`
}

// Reader reads people's words. Implementations must be safe for concurrent
// use and must not keep the text.
type Reader interface {
	// Read reads the text of one message, sent at the given moment. The
	// moment's location is the message's time zone: relative words ("tomorrow
	// morning", "by 3pm") resolve in it.
	Read(text string, sent time.Time) Reading
}
