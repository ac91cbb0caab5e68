package model

import (
	"testing"
	"time"
)

func TestOrgDomains(t *testing.T) {
	o := &Org{TeamDomains: []string{"Agency.example"}, ClientDomains: []string{"client.example", "@other.example"}}
	o.Index()
	for _, c := range []struct {
		addr         string
		team, client bool
	}{
		{"ann@agency.example", true, false},
		{"ANN@AGENCY.EXAMPLE", true, false},
		{"tom@eu.client.example", false, true},
		{"tom@notclient.example", false, false}, // a suffix, not a subdomain
		{"x@other.example", false, true},
		{"no-address", false, false},
	} {
		if got := o.IsTeam(PersonID(c.addr)); got != c.team {
			t.Errorf("IsTeam(%q) = %v", c.addr, got)
		}
		if got := o.IsClientAddress(c.addr); got != c.client {
			t.Errorf("IsClientAddress(%q) = %v", c.addr, got)
		}
	}
}

func TestOrgIndexDefaults(t *testing.T) {
	o := &Org{}
	o.Index()
	if o.Location != time.UTC || len(o.TrackedLabels) != 2 || len(o.HighPriorities) != 2 || len(o.PriorityLabels) != 3 {
		t.Errorf("defaults of the specification: %+v", o)
	}
	it := &Item{System: Jira, Labels: []string{"Client-Facing"}, Priority: "highest"}
	if !o.IsClientFacing(it) || !o.IsHighPriority(it) {
		t.Error("labels and priorities compare without case")
	}
	if o.IsClientFacing(&Item{System: Mail, Labels: []string{"client"}}) {
		t.Error("a mail thread is client-facing by its addresses, never by labels")
	}
}
