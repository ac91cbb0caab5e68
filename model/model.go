// Package model is the normalized vocabulary that connectors emit and that
// reconcile and the rules read: items (Jira issues, GitHub issues and pull
// requests, mail threads), the people behind them, and everything that
// happened on them, each with its actor and time.
//
// It sits apart from connectors, reconcile and rules because all three
// import it and none of them may depend on another for its types: a
// connector knows nothing of rules, and rules know nothing of where the data
// came from beyond what the specification needs (an item's System and
// Source).
package model

import (
	"strconv"
	"strings"
	"time"
)

// ItemID names an item in the notation of the rules: "jira:MKT-101",
// "github:agency/site#42", "mail:<id@host>".
type ItemID string

// System is the kind of system an item lives in.
type System string

// The systems ownerd reads.
const (
	Jira   System = "jira"
	GitHub System = "github"
	Mail   System = "mail"
)

// Kind tells tickets of different shapes apart where a rule needs it.
type Kind string

// The kinds of item.
const (
	JiraIssue   Kind = "jira_issue"
	GitHubIssue Kind = "issue"
	PullRequest Kind = "pull_request"
	Thread      Kind = "thread"
)

// JiraID returns the item ID of a Jira issue.
func JiraID(key string) ItemID { return ItemID("jira:" + key) }

// GitHubID returns the item ID of a GitHub issue or pull request.
func GitHubID(repo string, number int) ItemID {
	return ItemID("github:" + repo + "#" + strconv.Itoa(number))
}

// MailID returns the item ID of the mail thread whose first message has the
// given Message-ID (angle brackets included).
func MailID(messageID string) ItemID { return ItemID("mail:" + messageID) }

// Expectation says a finding of Rule should be reported on a deliverable
// holding Item; an empty Item accepts any deliverable. Scenario files state
// them (`expect:`), and reconcile.Match holds findings against them. Line
// is where it was written, when it was.
type Expectation struct {
	Rule string
	Item ItemID
	Line int
}

// Item is one Jira issue, GitHub issue or pull request, or mail thread.
// Slices are oldest first.
type Item struct {
	ID     ItemID
	System System
	Kind   Kind
	// Source is the container the item lives in, in the notation of
	// org.client_visible: "jira:MKT" for a Jira project, "github:owner/repo"
	// for a repository. Empty for mail threads.
	Source string

	Title  string // Jira summary, GitHub title, first message's subject
	Body   string // Jira description, GitHub body
	Branch string // pull requests: the head branch name

	Created  time.Time
	Creator  PersonID
	Labels   []string
	Priority string // Jira priority name; empty elsewhere
	// Client names the client a ticket is for, where the system has a
	// field for it (a Jira custom field); a ticket with one is
	// client-facing, as one with a tracked label is.
	Client string
	Status string // Jira status name, or "open"/"closed"
	// Done is the item's state now: a Jira issue whose status category is
	// done, a closed GitHub issue or pull request. Mail threads are never
	// done.
	Done bool
	// Assignees are the item's assignees now.
	Assignees []PersonID
	// Due is the end of the ticket's due date (Jira duedate, GitHub milestone
	// due_on) as an absolute moment; zero when there is none.
	Due time.Time

	Changes  []Change
	Comments []Comment
	// Messages are a mail thread's messages, in time order.
	Messages []*Message
}

// IsTicket reports whether the item is a Jira or GitHub item.
func (it *Item) IsTicket() bool { return it.System != Mail }

// HasLabel reports whether the item carries one of the labels, ignoring case.
func (it *Item) HasLabel(labels []string) bool {
	_, ok := it.Label(labels)
	return ok
}

// Label returns the item's first label that is one of labels, ignoring
// case.
func (it *Item) Label(labels []string) (string, bool) {
	for _, l := range it.Labels {
		for _, want := range labels {
			if strings.EqualFold(l, want) {
				return l, true
			}
		}
	}
	return "", false
}

// Change is one changelog or timeline entry: an activity of its actor.
type Change struct {
	At time.Time
	By PersonID
	// Field is what changed: "assignee", "status", "duedate", "priority",
	// "labels", "milestone", or any other name the source uses.
	Field    string
	From, To string

	// Assigned and Unassigned are the persons the change added to and
	// removed from the assignees (Field "assignee").
	Assigned, Unassigned []PersonID
	// Done is the item's done state after the change, for changes that open
	// or close it (status category, close, reopen, merge).
	Done DoneChange
	// DueFrom and DueTo are the due moments before and after a due date
	// change (Field "duedate"); zero where there was none.
	DueFrom, DueTo time.Time
}

// DoneChange says whether a change closed an item, reopened it, or neither.
type DoneChange int8

// The ways a change can touch an item's done state.
const (
	DoneUnchanged DoneChange = iota
	BecameDone
	BecameOpen
)

// DoneBy is the change from one done state to the next.
func DoneBy(was, now bool) DoneChange {
	switch {
	case now && !was:
		return BecameDone
	case was && !now:
		return BecameOpen
	}
	return DoneUnchanged
}

// LooksDone reads a Jira status name whose category is not known (a
// scenario that gives none, a status the site does not list): the usual
// names of a finished status.
func LooksDone(status string) bool {
	switch strings.ToLower(strings.TrimSpace(status)) {
	case "done", "closed", "resolved", "complete", "completed", "delivered", "cancelled", "canceled":
		return true
	}
	return false
}

// Comment is a comment on a ticket.
type Comment struct {
	At   time.Time
	By   PersonID
	Body string
}

// Message is one mail message. Connectors emit messages; reconcile threads
// them by In-Reply-To and References.
type Message struct {
	ID        string // Message-ID, with angle brackets
	Mailbox   string
	At        time.Time
	From      PersonID
	FromAddr  string
	To        []PersonID // To and Cc, resolved
	ToAddrs   []string   // To and Cc addresses, lower case
	Subject   string
	Body      string
	InReplyTo string
	// References lists the Message-IDs of the References header.
	References []string
}
