package scenario

import "github.com/ownerd/ownerd/config/yamlfile"

// The file's shape, as scenario.md defines it. Every scalar is a str so that
// the second pass can name its line. The lists of items (jira, github,
// mail) are not fields of head: they are read entry by entry, each turned
// into the model as soon as it is read (yamlfile.Each).

type (
	str  = yamlfile.Str
	strs = yamlfile.Strs
)

type head struct {
	Name     str                  `yaml:"name"`
	Now      str                  `yaml:"now"`
	Timezone str                  `yaml:"timezone"`
	Org      orgFile              `yaml:"org" want:"a mapping of the organisation (team_domains, client_domains, people, teams)"`
	Rules    yamlfile.RuleSection `yaml:"rules" want:"a mapping of rule names to their thresholds"`
	Expect   []expectFile         `yaml:"expect" want:"a list of expected findings ({rule, item})"`
	Absent   []expectFile         `yaml:"absent" want:"a list of findings that must not be reported ({rule, item})"`
}

type orgFile struct {
	TeamDomains   strs         `yaml:"team_domains"`
	ClientDomains strs         `yaml:"client_domains"`
	ClientVisible strs         `yaml:"client_visible"`
	People        []personFile `yaml:"people" want:"a list of people ({id, name, email, jira, github, team})"`
	Teams         []teamFile   `yaml:"teams" want:"a list of teams ({name, lead})"`
}

type personFile struct {
	Pos    yamlfile.Pos
	ID     str `yaml:"id"`
	Name   str `yaml:"name"`
	Email  str `yaml:"email"`
	Jira   str `yaml:"jira"`
	GitHub str `yaml:"github"`
	Team   str `yaml:"team"`
}

type teamFile struct {
	Pos  yamlfile.Pos
	Name str `yaml:"name"`
	Lead str `yaml:"lead"`
}

type jiraFile struct {
	Pos            yamlfile.Pos
	Key            str           `yaml:"key"`
	Summary        str           `yaml:"summary"`
	Description    str           `yaml:"description"`
	Status         str           `yaml:"status"`
	StatusCategory str           `yaml:"status_category"`
	Labels         strs          `yaml:"labels"`
	Priority       str           `yaml:"priority"`
	Created        str           `yaml:"created"`
	Creator        str           `yaml:"creator"`
	Reporter       str           `yaml:"reporter"`
	Assignee       str           `yaml:"assignee"`
	DueDate        str           `yaml:"duedate"`
	History        []historyFile `yaml:"history" want:"a list of changes ({at, by, field, from, to})"`
	Comments       []commentFile `yaml:"comments" want:"a list of comments ({at, by, body})"`
}

type historyFile struct {
	Pos        yamlfile.Pos
	At         str `yaml:"at"`
	By         str `yaml:"by"`
	Field      str `yaml:"field"`
	From       str `yaml:"from"`
	To         str `yaml:"to"`
	ToCategory str `yaml:"to_category"`
}

type commentFile struct {
	Pos  yamlfile.Pos
	At   str `yaml:"at"`
	By   str `yaml:"by"`
	Body str `yaml:"body"`
}

type githubFile struct {
	Pos       yamlfile.Pos
	Repo      str            `yaml:"repo"`
	Number    str            `yaml:"number"`
	Kind      str            `yaml:"kind"`
	Title     str            `yaml:"title"`
	Body      str            `yaml:"body"`
	Head      str            `yaml:"head"`
	State     str            `yaml:"state"`
	Merged    str            `yaml:"merged"`
	Labels    strs           `yaml:"labels"`
	Milestone *milestoneFile `yaml:"milestone" want:"a mapping {title, due_on}"`
	Created   str            `yaml:"created"`
	Author    str            `yaml:"author"`
	Assignees strs           `yaml:"assignees"`
	Events    []eventFile    `yaml:"events" want:"a list of events ({at, by, event})"`
	Comments  []commentFile  `yaml:"comments" want:"a list of comments ({at, by, body})"`
}

type milestoneFile struct {
	Title str `yaml:"title"`
	DueOn str `yaml:"due_on"`
}

type eventFile struct {
	Pos      yamlfile.Pos
	At       str `yaml:"at"`
	By       str `yaml:"by"`
	Event    str `yaml:"event"`
	Assignee str `yaml:"assignee"`
	Label    str `yaml:"label"`
}

type mailFile struct {
	Pos        yamlfile.Pos
	MessageID  str  `yaml:"message_id"`
	Mailbox    str  `yaml:"mailbox"`
	Date       str  `yaml:"date"`
	From       str  `yaml:"from"`
	To         strs `yaml:"to"`
	Cc         strs `yaml:"cc"`
	Subject    str  `yaml:"subject"`
	InReplyTo  str  `yaml:"in_reply_to"`
	References strs `yaml:"references"`
	Body       str  `yaml:"body"`
}

type expectFile struct {
	Pos  yamlfile.Pos
	Rule str `yaml:"rule"`
	Item str `yaml:"item"`
}
