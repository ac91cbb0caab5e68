package rules_test

import "testing"

// Times below are around Wed 2026-05-06 10:00 New York (EDT, UTC-4).
const now = "2026-05-06T10:00:00-04:00"

func TestNoOwner(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "unassigned for 5h", now: now, want: []string{"no-owner jira:MKT-1"}, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-06T05:00:00-04:00, creator: mia}`},
		{name: "unassigned for 3h is within grace", now: now, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-06T07:00:00-04:00, creator: mia}`},
		{name: "grace counts from the owner's removal", now: now, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-05-01T09:00:00-04:00
			    history:
			      - {at: 2026-05-01T09:01:00-04:00, by: mia, field: assignee, from: "", to: josh}
			      - {at: 2026-05-06T08:00:00-04:00, by: josh, field: assignee, from: josh, to: ""}`},
		{name: "removed 5h ago", now: now, want: []string{"no-owner jira:MKT-1"}, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-05-01T09:00:00-04:00
			    history:
			      - {at: 2026-05-01T09:01:00-04:00, by: mia, field: assignee, from: "", to: josh}
			      - {at: 2026-05-06T05:00:00-04:00, by: josh, field: assignee, from: josh, to: ""}`},
		{name: "closing the owner's ticket removes the owner", now: now, want: []string{"no-owner jira:MKT-2"}, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-05-01T09:00:00-04:00
			    status_category: done
			    assignee: josh
			    history:
			      - {at: 2026-05-06T05:00:00-04:00, by: josh, field: status, from: In Progress, to: Done, to_category: done}
			  - {key: MKT-2, summary: "follow-up of MKT-1", created: 2026-05-02T09:00:00-04:00}`},
		{name: "an owner on a linked ticket owns the deliverable", now: now, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-01T09:00:00-04:00}
			  - {key: MKT-2, summary: "part of MKT-1", created: 2026-05-03T09:00:00-04:00, assignee: anna}`},
		{name: "done deliverable", now: now, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], status_category: done, created: 2026-05-01T09:00:00-04:00}`},
		{name: "untracked label is not client-facing", now: now, yaml: `
			jira:
			  - {key: MKT-1, labels: [internal], created: 2026-05-01T09:00:00-04:00}`},
		{name: "grace override", now: now, yaml: `
			rules: {no-owner: {grace: 1d}}
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-06T05:00:00-04:00}`},
		{name: "the current state wins over a history that disagrees", now: now, want: []string{"no-owner github:agency/site#3", "no-owner jira:OC-1"}, yaml: `
			jira:
			  - key: OC-1
			    labels: [client-facing]
			    status_category: indeterminate
			    created: 2026-04-20T09:00:00-04:00
			    history:
			      - {at: 2026-04-21T09:00:00-04:00, by: mia, field: status, from: To Do, to: Done, to_category: done}
			github:
			  - repo: agency/site
			    number: 3
			    labels: [client]
			    state: open
			    created: 2026-04-20T09:00:00-04:00
			    events: [{at: 2026-04-21T09:00:00-04:00, by: mia-l, event: closed}]`},
		{name: "an assignment stamped before the creation still counts", now: now, yaml: `
			jira:
			  - key: AB-1
			    labels: [client-facing]
			    created: 2026-05-01T09:00:00-04:00
			    assignee: josh
			    comments: [{at: 2026-05-05T10:00:00-04:00, by: josh, body: "on it"}]
			    history:
			      - {at: 2026-05-01T12:59:00Z, by: mia, field: assignee, from: "", to: josh}`},
		{name: "oldest open ticket is the target", now: now, want: []string{"no-owner github:agency/site#3"}, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-02T09:00:00-04:00}
			github:
			  - {repo: agency/site, number: 3, title: "MKT-1 page", created: 2026-05-01T09:00:00-04:00}`},
	})
}

func TestSplitOwner(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "two owners across tickets", now: now, want: []string{"split-owner jira:MKT-1"}, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-01T09:00:00-04:00, assignee: josh}
			github:
			  - {repo: agency/site, number: 3, title: "MKT-1 page", created: 2026-05-02T09:00:00-04:00, assignees: [anna-k]}`},
		{name: "two assignees on one ticket for 30m", now: now, yaml: `
			github:
			  - repo: agency/site
			    number: 3
			    labels: [client]
			    created: 2026-05-01T09:00:00-04:00
			    assignees: [anna-k, josh-p]
			    events:
			      - {at: 2026-05-01T09:00:00-04:00, by: mia-l, event: assigned, assignee: anna-k}
			      - {at: 2026-05-06T09:30:00-04:00, by: mia-l, event: assigned, assignee: josh-p}`},
		{name: "two assignees on one ticket for 2h", now: now, want: []string{"split-owner github:agency/site#3"}, yaml: `
			github:
			  - repo: agency/site
			    number: 3
			    labels: [client]
			    created: 2026-05-01T09:00:00-04:00
			    assignees: [anna-k, josh-p]
			    events:
			      - {at: 2026-05-01T09:00:00-04:00, by: mia-l, event: assigned, assignee: anna-k}
			      - {at: 2026-05-06T08:00:00-04:00, by: mia-l, event: assigned, assignee: josh-p}`},
		{name: "one person with two identities", now: now, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-03T09:00:00-04:00, assignee: josh}
			github:
			  - {repo: agency/site, number: 3, title: "MKT-1 page", created: 2026-05-02T09:00:00-04:00, assignees: [josh-p]}`},
		{name: "closed ticket's assignee is no owner", now: now, yaml: `
			jira:
			  - {key: MKT-1, labels: [client-facing], created: 2026-05-03T09:00:00-04:00, assignee: josh}
			github:
			  - {repo: agency/site, number: 3, title: "MKT-1 page", state: closed, created: 2026-05-02T09:00:00-04:00, assignees: [anna-k]}`},
		{name: "mail key, oldest open ticket is the target", now: now, want: []string{"split-owner jira:MKT-1"}, yaml: `
			jira:
			  - {key: MKT-1, created: 2026-05-02T09:00:00-04:00, assignee: josh}
			  - {key: MKT-2, summary: "with MKT-1", created: 2026-05-03T09:00:00-04:00, assignee: anna}
			mail:
			  - {message_id: <a@client.example>, date: 2026-05-01T09:00:00-04:00, from: c@client.example, to: [mia@agency.example], subject: "MKT-1", body: "hi"}`},
	})
}

func TestSilentHandoff(t *testing.T) {
	handoff := func(extra string) string {
		return `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-04-20T09:00:00-04:00
			    assignee: anna
			    history:
			      - {at: 2026-04-20T09:01:00-04:00, by: mia, field: assignee, from: "", to: josh}
			      - {at: 2026-05-04T10:00:00-04:00, by: josh, field: assignee, from: josh, to: anna}
			` + extra
	}
	runCases(t, []ruleCase{
		{name: "handed on 2d ago, never picked up", now: now, want: []string{"silent-handoff jira:MKT-1"}, yaml: handoff("")},
		{name: "picked up with a comment", now: now, yaml: handoff(`    comments: [{at: 2026-05-04T12:00:00-04:00, by: anna, body: on it}]`)},
		{name: "activity before the handoff does not count", now: now, want: []string{"silent-handoff jira:MKT-1"},
			yaml: handoff(`    comments: [{at: 2026-05-04T09:00:00-04:00, by: anna, body: happy to help}]`)},
		{name: "picked up on a linked pull request", now: now, yaml: handoff(`github:
			  - {repo: agency/site, number: 9, kind: pull_request, title: "MKT-1 copy", created: 2026-05-05T09:00:00-04:00, author: anna-k}`)},
		{name: "within ack_within", now: "2026-05-04T20:00:00-04:00", yaml: handoff("")},
		{name: "ack_within override", now: now, yaml: "rules: {silent-handoff: {ack_within: 3d}}\n" + handoff("")},
		{name: "new owner took it herself", now: now, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-04-20T09:00:00-04:00
			    assignee: anna
			    history:
			      - {at: 2026-04-20T09:01:00-04:00, by: mia, field: assignee, from: "", to: josh}
			      - {at: 2026-05-04T10:00:00-04:00, by: anna, field: assignee, from: josh, to: anna}`},
		{name: "first assignment is no handoff", now: now, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-05-03T09:00:00-04:00
			    assignee: anna
			    history:
			      - {at: 2026-05-03T09:01:00-04:00, by: mia, field: assignee, from: "", to: anna}`},
		{name: "GitHub reassignment is one change", now: now, want: []string{"silent-handoff github:agency/portal#4"}, yaml: `
			github:
			  - repo: agency/portal
			    number: 4
			    labels: [client]
			    created: 2026-04-20T09:00:00-04:00
			    assignees: [anna-k]
			    events:
			      - {at: 2026-04-20T09:01:00-04:00, by: mia-l, event: assigned, assignee: josh-p}
			      - {at: 2026-05-04T10:00:00-04:00, by: mia-l, event: unassigned, assignee: josh-p}
			      - {at: 2026-05-04T10:00:00-04:00, by: mia-l, event: assigned, assignee: anna-k}`},
		{name: "adding a second assignee is no handoff", now: now, want: []string{"split-owner github:agency/portal#4"}, yaml: `
			github:
			  - repo: agency/portal
			    number: 4
			    labels: [client]
			    created: 2026-04-20T09:00:00-04:00
			    assignees: [josh-p, anna-k]
			    comments: [{at: 2026-05-05T10:00:00-04:00, by: josh-p, body: working}]
			    events:
			      - {at: 2026-04-20T09:01:00-04:00, by: mia-l, event: assigned, assignee: josh-p}
			      - {at: 2026-05-04T10:00:00-04:00, by: mia-l, event: assigned, assignee: anna-k}`},
		{name: "only the most recent change counts", now: now, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-04-20T09:00:00-04:00
			    assignee: anna
			    history:
			      - {at: 2026-04-20T09:01:00-04:00, by: mia, field: assignee, from: "", to: josh}
			      - {at: 2026-04-21T10:00:00-04:00, by: josh, field: assignee, from: josh, to: mia}
			      - {at: 2026-05-04T10:00:00-04:00, by: anna, field: assignee, from: mia, to: anna}`},
		{name: "closed ticket", now: now, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    status_category: done
			    created: 2026-04-20T09:00:00-04:00
			    assignee: anna
			    history:
			      - {at: 2026-04-20T09:01:00-04:00, by: mia, field: assignee, from: "", to: josh}
			      - {at: 2026-05-04T10:00:00-04:00, by: josh, field: assignee, from: josh, to: anna}`},
	})
}

func TestIdleOwner(t *testing.T) {
	owned := func(activity string) string {
		return `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-04-20T09:00:00-04:00
			    assignee: josh
			    history:
			      - {at: 2026-04-20T09:01:00-04:00, by: mia, field: assignee, from: "", to: josh}
			    comments:
			` + activity
	}
	runCases(t, []ruleCase{
		{name: "quiet for 6d", now: now, want: []string{"idle-owner jira:MKT-1"},
			yaml: owned(`      - {at: 2026-04-30T10:00:00-04:00, by: josh, body: started}`)},
		{name: "active 2d ago", now: now,
			yaml: owned(`      - {at: 2026-05-04T10:00:00-04:00, by: josh, body: halfway}`)},
		{name: "a colleague's activity is not the owner's", now: now, want: []string{"idle-owner jira:MKT-1"},
			yaml: owned(`      - {at: 2026-05-05T10:00:00-04:00, by: mia, body: "any news?"}`)},
		{name: "owner for only 3d", now: now, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-04-20T09:00:00-04:00
			    assignee: josh
			    comments: [{at: 2026-05-05T10:00:00-04:00, by: mia, body: bump}]
			    history:
			      - {at: 2026-05-03T09:01:00-04:00, by: mia, field: assignee, from: "", to: josh}`},
		{name: "suppressed by idle-priority", now: now, want: []string{"idle-priority jira:MKT-1"}, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    priority: High
			    created: 2026-04-20T09:00:00-04:00
			    assignee: josh
			    history:
			      - {at: 2026-04-20T09:01:00-04:00, by: mia, field: assignee, from: "", to: josh}`},
		{name: "suppressed by silent-handoff", now: now, want: []string{"silent-handoff jira:MKT-1"}, yaml: `
			jira:
			  - key: MKT-1
			    labels: [client-facing]
			    created: 2026-04-20T09:00:00-04:00
			    assignee: anna
			    history:
			      - {at: 2026-04-20T09:01:00-04:00, by: mia, field: assignee, from: "", to: josh}
			      - {at: 2026-04-22T10:00:00-04:00, by: josh, field: assignee, from: josh, to: anna}
			    comments: [{at: 2026-05-05T10:00:00-04:00, by: mia, body: bump}]`},
		{name: "after override", now: now, yaml: "rules: {idle-owner: {after: 1w}}\n" +
			owned(`      - {at: 2026-04-30T10:00:00-04:00, by: josh, body: started}`)},
	})
}
