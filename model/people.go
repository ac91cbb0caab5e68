package model

import (
	"strings"
	"time"
)

// PersonID names a person: the id of a directory entry, or, for an identity
// that matches no entry, that identity itself (a Jira name, a GitHub login,
// a lower-case email address).
type PersonID string

// Person is an entry of the people directory. All of a person's identities
// resolve to its ID.
type Person struct {
	ID     PersonID
	Name   string
	Email  string
	Jira   string
	GitHub string
	Team   string
}

// Team is a group of people with a lead, who receives the team's digest.
type Team struct {
	Name string
	Lead PersonID
}

// Org is the organisation whose work ownerd watches: who is on the team, who
// is a client, and whose comments clients can read.
type Org struct {
	// Location is the organisation's time zone: a date without a time ends
	// at the end of that day there, and people's relative words ("tomorrow
	// morning") are read there.
	Location      *time.Location
	TeamDomains   []string
	ClientDomains []string
	// ClientVisible lists sources ("github:owner/repo", "jira:PROJ") whose
	// comments clients read.
	ClientVisible []string
	People        []Person
	Teams         []Team

	// TrackedLabels make a ticket client-facing [client-facing, client].
	TrackedLabels []string
	// HighPriorities are the Jira priorities that make a ticket a priority
	// [Highest, High].
	HighPriorities []string
	// PriorityLabels are the GitHub labels that make a ticket a priority
	// [priority:high, P1, urgent].
	PriorityLabels []string

	byID          map[PersonID]*Person
	teamDomains   map[string]bool
	clientDomains map[string]bool
	byEmail       map[string]PersonID
	byJira        map[string]PersonID
	byGitHub      map[string]PersonID
}

// Index builds the look-up tables. Call it once after filling the fields and
// before any other method; the Org is then safe for concurrent reads.
func (o *Org) Index() {
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.TrackedLabels == nil {
		o.TrackedLabels = []string{"client-facing", "client"}
	}
	if o.HighPriorities == nil {
		o.HighPriorities = []string{"Highest", "High"}
	}
	if o.PriorityLabels == nil {
		o.PriorityLabels = []string{"priority:high", "P1", "urgent"}
	}
	o.byID = make(map[PersonID]*Person, len(o.People))
	o.teamDomains = domainSet(o.TeamDomains)
	o.clientDomains = domainSet(o.ClientDomains)
	o.byEmail = make(map[string]PersonID)
	o.byJira = make(map[string]PersonID)
	o.byGitHub = make(map[string]PersonID)
	for i := range o.People {
		p := &o.People[i]
		o.byID[p.ID] = p
		if p.Email != "" {
			o.byEmail[strings.ToLower(p.Email)] = p.ID
		}
		if p.Jira != "" {
			o.byJira[strings.ToLower(p.Jira)] = p.ID
		}
		if p.GitHub != "" {
			o.byGitHub[strings.ToLower(p.GitHub)] = p.ID
		}
	}
}

// IsClientFacing reports whether an item is client-facing: a ticket with a
// tracked label, or a mail thread with a message sent by or to a client
// address.
func (o *Org) IsClientFacing(it *Item) bool {
	if it.IsTicket() {
		return it.Client != "" || it.HasLabel(o.TrackedLabels)
	}
	for _, m := range it.Messages {
		if o.IsClientAddress(m.FromAddr) || o.SentToClient(m) {
			return true
		}
	}
	return false
}

// SentToClient reports whether a mail message went to a client address (To
// or Cc).
func (o *Org) SentToClient(m *Message) bool {
	if m == nil {
		return false
	}
	for _, a := range m.ToAddrs {
		if o.IsClientAddress(a) {
			return true
		}
	}
	return false
}

// IsHighPriority reports whether a ticket has a high priority: a Jira
// priority or a GitHub label of the organisation's lists.
func (o *Org) IsHighPriority(it *Item) bool {
	switch it.System {
	case Jira:
		for _, p := range o.HighPriorities {
			if strings.EqualFold(p, it.Priority) {
				return true
			}
		}
	case GitHub:
		return it.HasLabel(o.PriorityLabels)
	}
	return false
}

// Person returns the directory entry of id, or nil for an identity of its
// own.
func (o *Org) Person(id PersonID) *Person { return o.byID[id] }

// Resolve turns an identity seen in a system into a person: a Jira account
// through the directory's Jira names, a GitHub login through its logins, an
// email address through its addresses, all case-insensitively. An identity
// that matches no entry is a person of its own. An empty identity is the
// empty PersonID.
func (o *Org) Resolve(sys System, identity string) PersonID {
	identity = strings.TrimSpace(identity)
	if identity == "" {
		return ""
	}
	switch sys {
	case Jira:
		// Jira Server user names are case-insensitive; Cloud account ids
		// never differ only in case.
		if id, ok := o.byJira[strings.ToLower(identity)]; ok {
			return id
		}
	case GitHub:
		if id, ok := o.byGitHub[strings.ToLower(identity)]; ok {
			return id
		}
	}
	lower := strings.ToLower(identity)
	if strings.Contains(identity, "@") {
		if id, ok := o.byEmail[lower]; ok {
			return id
		}
	}
	// An identity of its own, lower case: the same login written "Bob" on
	// an assignee and "bob" on a comment is one person.
	return PersonID(lower)
}

// IsTeam reports whether p is a team member: a person in the directory, or
// an address in a team domain.
func (o *Org) IsTeam(p PersonID) bool {
	if p == "" {
		return false
	}
	if _, ok := o.byID[p]; ok {
		return true
	}
	return inDomains(string(p), o.teamDomains)
}

// IsClient reports whether p is a client: an address in a client domain.
// People of the directory are team members, never clients.
func (o *Org) IsClient(p PersonID) bool {
	if _, ok := o.byID[p]; ok {
		return false
	}
	return inDomains(string(p), o.clientDomains)
}

// IsClientAddress reports whether an email address is in a client domain.
func (o *Org) IsClientAddress(addr string) bool { return inDomains(addr, o.clientDomains) }

// IsClientVisible reports whether clients read the comments of items from
// source.
func (o *Org) IsClientVisible(source string) bool {
	for _, s := range o.ClientVisible {
		if strings.EqualFold(s, source) {
			return true
		}
	}
	return false
}

func domainSet(domains []string) map[string]bool {
	set := make(map[string]bool, len(domains))
	for _, d := range domains {
		set[strings.TrimSuffix(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@")), ".")] = true
	}
	return set
}

// inDomains reports whether addr is an email address whose domain is one of
// domains or a subdomain of one. It is on the hot path of every rule, so it
// looks the host and each parent domain up in a set rather than scanning
// the list.
func inDomains(addr string, domains map[string]bool) bool {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 || len(domains) == 0 {
		return false
	}
	host := addr[at+1:]
	for i := 0; i < len(host); i++ {
		if c := host[i]; c >= 'A' && c <= 'Z' {
			host = strings.ToLower(host)
			break
		}
	}
	for {
		if domains[host] {
			return true
		}
		dot := strings.IndexByte(host, '.')
		if dot < 0 {
			return false
		}
		host = host[dot+1:]
	}
}
