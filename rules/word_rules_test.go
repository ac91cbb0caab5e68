package rules_test

import "testing"

// thread writes a client mail thread about subject: each message is
// "id|date|from|to|body".
func mailMsg(id, date, from, to, body string) string {
	return "  - {message_id: <" + id + "@x>, date: " + date + ", from: " + from + ", to: [" + to + "], subject: \"Banners\", body: \"" + body + "\"" + reply(id) + "}\n"
}

// reply threads every message after the first under <m1@x>.
func reply(id string) string {
	if id == "m1" {
		return ""
	}
	return ", in_reply_to: <m1@x>"
}

const (
	client = "tom@client.example"
	mia    = "mia@agency.example"
	josh   = "josh@agency.example"
)

func TestUntrackedRequest(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "request unanswered for 5h", now: now, want: []string{"untracked-request mail:<m1@x>"},
			yaml: "mail:\n" + mailMsg("m1", "2026-05-06T05:00:00-04:00", client, mia, "{request} can you resize?")},
		{name: "request 3h old", now: now,
			yaml: "mail:\n" + mailMsg("m1", "2026-05-06T07:00:00-04:00", client, mia, "{request} can you resize?")},
		{name: "answered", now: now, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-05T05:00:00-04:00", client, mia, "{request} can you resize?") +
			mailMsg("m2", "2026-05-05T06:00:00-04:00", mia, client, "sure, attached")},
		{name: "asked again after the answer", now: now, want: []string{"untracked-request mail:<m1@x>"}, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-05T05:00:00-04:00", client, mia, "{request} can you resize?") +
			mailMsg("m2", "2026-05-05T06:00:00-04:00", mia, client, "sure, attached") +
			mailMsg("m3", "2026-05-06T05:00:00-04:00", client, mia, "{request} and the other one?")},
		{name: "latest client message is thanks", now: now, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-05T05:00:00-04:00", client, mia, "{request} can you resize?") +
			mailMsg("m2", "2026-05-05T07:00:00-04:00", client, mia, "thanks!")},
		{name: "thread tracked by a ticket", now: now, yaml: `
			jira:
			  - {key: MKT-1, created: 2026-05-01T09:00:00-04:00, assignee: josh, comments: [{at: 2026-05-05T09:00:00-04:00, by: josh, body: ok}]}
			mail:
			  - {message_id: <m1@x>, date: 2026-05-06T05:00:00-04:00, from: tom@client.example, to: [mia@agency.example], subject: "MKT-1 resize", body: "{request} please"}`},
		{name: "internal thread is no deliverable", now: now,
			yaml: "mail:\n" + mailMsg("m1", "2026-05-06T05:00:00-04:00", josh, mia, "{request} can you resize?")},
		{name: "reply_within override", now: now, yaml: "rules: {untracked-request: {reply_within: 6h}}\nmail:\n" +
			mailMsg("m1", "2026-05-06T05:00:00-04:00", client, mia, "{request} can you resize?")},
	})
}

func TestBrokenPromise(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "due date passed", now: now, want: []string{"broken-promise jira:MKT-2"}, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-04T09:00:00-04:00, assignee: josh}
			  - {key: MKT-2, summary: "for MKT-1", created: 2026-05-04T09:00:00-04:00, assignee: josh, duedate: 2026-05-05}`},
		{name: "due today runs to the end of the day", now: now, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-04T09:00:00-04:00, assignee: josh, duedate: 2026-05-06}`},
		{name: "done ticket", now: now, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], status_category: done, created: 2026-05-04T09:00:00-04:00, assignee: josh, duedate: 2026-05-01}`},
		{name: "milestone due passed", now: now, want: []string{"broken-promise github:agency/site#5"}, yaml: `
			github:
			  - {repo: agency/site, number: 5, labels: [client], created: 2026-05-04T09:00:00-04:00, assignees: [josh-p], milestone: {title: M, due_on: 2026-05-05T07:00:00Z}}`},
		{name: "milestone due_on names a UTC date", now: "2026-05-05T22:00:00-04:00", yaml: `
			github:
			  - {repo: agency/site, number: 5, labels: [client], created: 2026-05-04T09:00:00-04:00, assignees: [josh-p], milestone: {title: M, due_on: 2026-05-05T02:00:00Z}}`},
		{name: "mail commitment passed", now: now, want: []string{"broken-promise mail:<m1@x>"}, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-04T09:00:00-04:00", client, mia, "{request} where?") +
			mailMsg("m2", "2026-05-04T10:00:00-04:00", mia, client, "{commitment due=2026-05-05T12:00:00-04:00} tomorrow morning")},
		{name: "mail commitment delivered in time", now: now, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-04T09:00:00-04:00", client, mia, "{request} where?") +
			mailMsg("m2", "2026-05-04T10:00:00-04:00", mia, client, "{commitment due=2026-05-05T12:00:00-04:00} tomorrow morning") +
			mailMsg("m3", "2026-05-05T11:00:00-04:00", mia, client, "attached")},
		{name: "mail commitment delivered late", now: now, want: []string{"broken-promise mail:<m1@x>"}, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-04T09:00:00-04:00", client, mia, "{request} where?") +
			mailMsg("m2", "2026-05-04T10:00:00-04:00", mia, client, "{commitment due=2026-05-05T12:00:00-04:00} tomorrow morning") +
			mailMsg("m3", "2026-05-05T13:00:00-04:00", mia, client, "attached")},
		{name: "an internal mail is no promise", now: now, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-04T09:00:00-04:00", client, mia, "{request} where?") +
			mailMsg("m2", "2026-05-04T10:00:00-04:00", mia, josh, "{commitment due=2026-05-05T12:00:00-04:00} tomorrow morning") +
			mailMsg("m3", "2026-05-04T10:30:00-04:00", mia, client, "looking into it")},
		{name: "superseded is a slip, not broken", now: now, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-04T09:00:00-04:00", client, mia, "{request} where?") +
			mailMsg("m2", "2026-05-04T10:00:00-04:00", mia, client, "{commitment due=2026-05-05T12:00:00-04:00} tomorrow morning") +
			mailMsg("m3", "2026-05-05T14:00:00-04:00", mia, client, "{commitment due=2026-05-07T23:59:59-04:00} tomorrow, sorry")},
		{name: "comment commitment passed", now: now, want: []string{"broken-promise jira:MKT-1"}, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-05-04T09:00:00-04:00
			    assignee: josh
			    comments: [{at: 2026-05-04T10:00:00-04:00, by: josh, body: "{commitment due=2026-05-05T23:59:59-04:00} tomorrow"}]`},
		{name: "kept by closing the ticket in time", now: now, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-05-04T09:00:00-04:00
			    assignee: josh
			    history:
			      - {at: 2026-05-05T09:00:00-04:00, by: josh, field: status, from: In Progress, to: Done, to_category: done}
			      - {at: 2026-05-05T16:00:00-04:00, by: mia, field: status, from: Done, to: In Progress, to_category: indeterminate}
			    comments: [{at: 2026-05-04T10:00:00-04:00, by: josh, body: "{commitment due=2026-05-05T23:59:59-04:00} tomorrow"}]`},
		{name: "a ticket closed as its follow-up opens does not make it done", now: now, want: []string{"broken-promise jira:MKT-1"}, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    status_category: done
			    created: 2026-04-20T09:00:00-04:00
			    assignee: josh
			    history:
			      - {at: 2026-05-04T10:00:00-04:00, by: josh, field: status, from: In Progress, to: Done, to_category: done}
			    comments: [{at: 2026-05-03T10:00:00-04:00, by: josh, body: "{commitment due=2026-05-05T23:59:59-04:00} tomorrow"}]
			  - {key: MKT-2, summary: "follow-up of MKT-1", created: 2026-05-04T10:00:00-04:00, creator: josh, assignee: josh}`},
		{name: "a client's words are no promise", now: now, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-05-04T09:00:00-04:00
			    assignee: josh
			    comments:
			      - {at: 2026-05-04T10:00:00-04:00, by: tom@client.example, body: "{commitment due=2026-05-05T23:59:59-04:00} we'll send it"}
			      - {at: 2026-05-05T10:00:00-04:00, by: josh, body: "ok"}`},
		{name: "untimed commitment is never broken", now: now, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-05-04T09:00:00-04:00
			    assignee: josh
			    comments: [{at: 2026-05-04T10:00:00-04:00, by: josh, body: "{commitment} will do"}]`},
	})
}

func TestSlippedDeadline(t *testing.T) {
	moved := func(changes string) string {
		return `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-04-20T09:00:00-04:00
			    assignee: josh
			    duedate: 2026-05-20
			    comments: [{at: 2026-05-05T10:00:00-04:00, by: josh, body: "ok"}]
			    history:
			` + changes
	}
	runCases(t, []ruleCase{
		{name: "moved twice", now: now, want: []string{"slipped-deadline jira:MKT-1"}, yaml: moved(`
      - {at: 2026-04-21T09:00:00-04:00, by: mia, field: duedate, from: 2026-05-01, to: 2026-05-10}
      - {at: 2026-05-01T09:00:00-04:00, by: mia, field: duedate, from: 2026-05-10, to: 2026-05-20}`)},
		{name: "set from empty is no slip", now: now, yaml: moved(`
      - {at: 2026-04-21T09:00:00-04:00, by: mia, field: duedate, from: "", to: 2026-05-10}
      - {at: 2026-05-01T09:00:00-04:00, by: mia, field: duedate, from: 2026-05-10, to: 2026-05-20}`)},
		{name: "moved earlier is no slip", now: now, yaml: moved(`
      - {at: 2026-04-21T09:00:00-04:00, by: mia, field: duedate, from: 2026-05-30, to: 2026-05-10}
      - {at: 2026-05-01T09:00:00-04:00, by: mia, field: duedate, from: 2026-05-10, to: 2026-05-20}`)},
		{name: "max_slips override", now: now, yaml: "rules: {slipped-deadline: {max_slips: 3}}\n" + moved(`
      - {at: 2026-04-21T09:00:00-04:00, by: mia, field: duedate, from: 2026-05-01, to: 2026-05-10}
      - {at: 2026-05-01T09:00:00-04:00, by: mia, field: duedate, from: 2026-05-10, to: 2026-05-20}`)},
		{name: "a due date slip and a promise made again", now: now, want: []string{"slipped-deadline jira:MKT-1"}, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-04-20T09:00:00-04:00
			    assignee: josh
			    duedate: 2026-05-20
			    history:
			      - {at: 2026-04-21T09:00:00-04:00, by: mia, field: duedate, from: 2026-05-01, to: 2026-05-20}
			    comments:
			      - {at: 2026-05-04T10:00:00-04:00, by: josh, body: "{commitment due=2026-05-04T23:59:59-04:00} today"}
			      - {at: 2026-05-05T10:00:00-04:00, by: josh, body: "{commitment due=2026-05-07T23:59:59-04:00} tomorrow for sure"}`},
		{name: "done deliverable", now: now, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    status_category: done
			    created: 2026-04-20T09:00:00-04:00
			    history:
			      - {at: 2026-04-21T09:00:00-04:00, by: mia, field: duedate, from: 2026-05-01, to: 2026-05-10}
			      - {at: 2026-05-01T09:00:00-04:00, by: mia, field: duedate, from: 2026-05-10, to: 2026-05-20}`},
	})
}

func TestIdlePriority(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "high priority, team idle 4d", now: now, want: []string{"idle-priority jira:MKT-1"}, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], priority: Highest, created: 2026-05-02T09:00:00-04:00, assignee: josh}`},
		{name: "team active 2d ago", now: now, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], priority: High, created: 2026-05-02T09:00:00-04:00, assignee: josh, comments: [{at: 2026-05-04T09:00:00-04:00, by: mia, body: bump}]}`},
		{name: "a client asking again is not the team acting", now: now, want: []string{"idle-priority jira:MKT-1"}, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], priority: High, created: 2026-05-02T09:00:00-04:00, assignee: josh, comments: [{at: 2026-05-05T09:00:00-04:00, by: tom@client.example, body: "{request} news?"}]}`},
		{name: "called a priority in a comment", now: now, want: []string{"idle-priority jira:MKT-1"}, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-04-20T09:00:00-04:00, assignee: josh, comments: [{at: 2026-04-20T10:00:00-04:00, by: mia, body: "{priority} top priority"}]}`},
		{name: "a client calling it urgent is no priority statement", now: now, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-01T09:00:00-04:00, assignee: josh, comments: [{at: 2026-05-02T10:00:00-04:00, by: tom@client.example, body: "{priority} urgent!"}, {at: 2026-05-02T11:00:00-04:00, by: josh, body: "ok"}]}`},
		{name: "GitHub priority label", now: now, want: []string{"idle-priority github:agency/site#5"}, yaml: `
			github:
			  - {repo: agency/site, number: 5, labels: [client, P1], created: 2026-05-02T09:00:00-04:00, assignees: [josh-p]}`},
		{name: "priority in a mail thread", now: now, want: []string{"idle-priority mail:<m1@x>"}, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-01T09:00:00-04:00", client, mia, "{request} can you?") +
			mailMsg("m2", "2026-05-01T10:00:00-04:00", mia, client, "{priority} it is our top priority")},
		{name: "after override", now: now, yaml: "rules: {idle-priority: {after: 5d}}\n" + `
			jira:
			  - {key: MKT-1, labels: [client-facing], priority: Highest, created: 2026-05-02T09:00:00-04:00, assignee: josh}`},
	})
}

func TestDeflection(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "deflecting mail", now: now, want: []string{"deflection mail:<m1@x>"}, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-05T09:00:00-04:00", client, josh, "{request} can we move it?") +
			mailMsg("m2", "2026-05-05T10:00:00-04:00", josh, client, "{deflection} not my call")},
		{name: "deflect but commit", now: now, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-05T09:00:00-04:00", client, josh, "{request} can we move it?") +
			mailMsg("m2", "2026-05-05T10:00:00-04:00", josh, client, "{deflection} {commitment} not my call but I'll ask")},
		{name: "a later commitment closes it", now: now, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-05T09:00:00-04:00", client, josh, "{request} can we move it?") +
			mailMsg("m2", "2026-05-05T10:00:00-04:00", josh, client, "{deflection} not my call") +
			mailMsg("m3", "2026-05-05T11:00:00-04:00", mia, client, "{commitment} I'll sort it out")},
		{name: "expired", now: now, yaml: "mail:\n" +
			mailMsg("m1", "2026-04-28T09:00:00-04:00", client, josh, "{request} can we move it?") +
			mailMsg("m2", "2026-04-28T10:00:00-04:00", josh, client, "{deflection} not my call")},
		{name: "expire_after override", now: now, want: []string{"deflection mail:<m1@x>"}, yaml: "rules: {deflection: {expire_after: 2w}}\nmail:\n" +
			mailMsg("m1", "2026-04-28T09:00:00-04:00", client, josh, "{request} can we move it?") +
			mailMsg("m2", "2026-04-28T10:00:00-04:00", josh, client, "{deflection} not my call")},
		{name: "internal reply in a client thread", now: now, yaml: "mail:\n" +
			mailMsg("m1", "2026-05-05T09:00:00-04:00", client, josh, "{request} can we move it?") +
			mailMsg("m2", "2026-05-05T10:00:00-04:00", josh, mia, "{deflection} not my call") +
			mailMsg("m3", "2026-05-05T10:30:00-04:00", mia, client, "on it")},
		{name: "comment on a client-visible repo", now: now, want: []string{"deflection github:agency/portal#7"}, yaml: `
			github:
			  - {repo: agency/portal, number: 7, labels: [client], created: 2026-05-05T09:00:00-04:00, assignees: [josh-p], comments: [{at: 2026-05-05T10:00:00-04:00, by: josh-p, body: "{deflection} ask Scheduling"}]}`},
		{name: "comment on an internal repo", now: now, yaml: `
			github:
			  - {repo: agency/build, number: 7, labels: [client], created: 2026-05-05T09:00:00-04:00, assignees: [josh-p], comments: [{at: 2026-05-05T10:00:00-04:00, by: josh-p, body: "{deflection} ask Scheduling"}]}`},
		{name: "comment on a client-visible Jira project", now: now, want: []string{"deflection jira:SUP-3"}, yaml: `
			jira:
			  - {key: SUP-3, labels: [client], created: 2026-05-05T09:00:00-04:00, assignee: josh, comments: [{at: 2026-05-05T10:00:00-04:00, by: josh, body: "{deflection} ask Scheduling"}]}`},
		{name: "done deliverable", now: now, yaml: `
			github:
			  - {repo: agency/portal, number: 7, state: closed, labels: [client], created: 2026-05-05T09:00:00-04:00, assignees: [josh-p], comments: [{at: 2026-05-05T10:00:00-04:00, by: josh-p, body: "{deflection} ask Scheduling"}]}`},
	})
}
