package scenario

// The file's shape, as scenario.md defines it. Every scalar is a str so that
// the second pass can name its line.

type file struct {
	Name     str                       `yaml:"name"`
	Now      str                       `yaml:"now"`
	Timezone str                       `yaml:"timezone"`
	Org      orgFile                   `yaml:"org"`
	Rules    map[string]map[string]str `yaml:"rules"`
	Jira     []jiraFile                `yaml:"jira"`
	GitHub   []githubFile              `yaml:"github"`
	Mail     []mailFile                `yaml:"mail"`
	Expect   []expectFile              `yaml:"expect"`
	Absent   []expectFile              `yaml:"absent"`
}

type orgFile struct {
	TeamDomains   strs         `yaml:"team_domains"`
	ClientDomains strs         `yaml:"client_domains"`
	ClientVisible strs         `yaml:"client_visible"`
	People        []personFile `yaml:"people"`
	Teams         []teamFile   `yaml:"teams"`
}

type personFile struct {
	ID     str `yaml:"id"`
	Name   str `yaml:"name"`
	Email  str `yaml:"email"`
	Jira   str `yaml:"jira"`
	GitHub str `yaml:"github"`
	Team   str `yaml:"team"`
}

type teamFile struct {
	Name str `yaml:"name"`
	Lead str `yaml:"lead"`
}

type jiraFile struct {
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
	History        []historyFile `yaml:"history"`
	Comments       []commentFile `yaml:"comments"`
}

type historyFile struct {
	At         str `yaml:"at"`
	By         str `yaml:"by"`
	Field      str `yaml:"field"`
	From       str `yaml:"from"`
	To         str `yaml:"to"`
	ToCategory str `yaml:"to_category"`
}

type commentFile struct {
	At   str `yaml:"at"`
	By   str `yaml:"by"`
	Body str `yaml:"body"`
}

type githubFile struct {
	Repo      str            `yaml:"repo"`
	Number    str            `yaml:"number"`
	Kind      str            `yaml:"kind"`
	Title     str            `yaml:"title"`
	Body      str            `yaml:"body"`
	Head      str            `yaml:"head"`
	State     str            `yaml:"state"`
	Merged    str            `yaml:"merged"`
	Labels    strs           `yaml:"labels"`
	Milestone *milestoneFile `yaml:"milestone"`
	Created   str            `yaml:"created"`
	Author    str            `yaml:"author"`
	Assignees strs           `yaml:"assignees"`
	Events    []eventFile    `yaml:"events"`
	Comments  []commentFile  `yaml:"comments"`
}

type milestoneFile struct {
	Title str `yaml:"title"`
	DueOn str `yaml:"due_on"`
}

type eventFile struct {
	At       str `yaml:"at"`
	By       str `yaml:"by"`
	Event    str `yaml:"event"`
	Assignee str `yaml:"assignee"`
	Label    str `yaml:"label"`
}

type mailFile struct {
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
	Rule str `yaml:"rule"`
	Item str `yaml:"item"`
}
