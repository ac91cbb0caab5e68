package jiratest

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// The fake reads the JQL that clients send: clauses on the fields below,
// AND, OR, NOT and parentheses, IN lists, IS EMPTY, and ORDER BY. Anything
// else is refused as Jira refuses it, with a 400 naming the problem.

// query is a parsed JQL query.
type query struct {
	where expr // nil: every issue
	order []orderBy
}

type orderBy struct {
	field string
	desc  bool
}

type expr interface {
	match(is *issue, zone *time.Location) bool
}

type and struct{ a, b expr }
type or struct{ a, b expr }
type not struct{ e expr }

type clause struct {
	field  string
	op     string // = != > >= < <= ~ in "not in" "is empty" "is not empty"
	values []string
}

func (e and) match(is *issue, z *time.Location) bool { return e.a.match(is, z) && e.b.match(is, z) }
func (e or) match(is *issue, z *time.Location) bool  { return e.a.match(is, z) || e.b.match(is, z) }
func (e not) match(is *issue, z *time.Location) bool { return !e.e.match(is, z) }

// fields are the fields a clause may name, and whether each holds a time.
var fields = map[string]bool{
	"project": false, "key": false, "issuekey": false, "id": false, "labels": false, "status": false,
	"statuscategory": false, "assignee": false, "priority": false, "summary": false, "text": false,
	"updated": true, "created": true, "duedate": true,
}

func (c clause) match(is *issue, zone *time.Location) bool {
	if fields[c.field] {
		t := is.timeOf(c.field)
		if c.op == "is empty" || c.op == "is not empty" {
			return t.IsZero() == (c.op == "is empty")
		}
		v, _ := jqlTime(c.values[0], zone)
		switch c.op {
		case "=":
			return t.Equal(v)
		case "!=":
			return !t.Equal(v)
		case ">":
			return t.After(v)
		case ">=":
			return !t.Before(v)
		case "<":
			return t.Before(v)
		case "<=":
			return !t.After(v)
		}
		return false
	}
	have := is.valuesOf(c.field)
	has := func(v string) bool {
		return slices.ContainsFunc(have, func(h string) bool { return strings.EqualFold(h, v) })
	}
	switch c.op {
	case "=", "in":
		return slices.ContainsFunc(c.values, has)
	case "!=", "not in":
		return !slices.ContainsFunc(c.values, has)
	case "~":
		for _, h := range have {
			if strings.Contains(strings.ToLower(h), strings.ToLower(c.values[0])) {
				return true
			}
		}
		return false
	case "is empty":
		return len(have) == 0
	case "is not empty":
		return len(have) > 0
	}
	return false
}

// jqlTime reads a JQL date: "2026/03/01 10:00", "2026-03-01 10:00" or a
// date alone, in the searching user's zone, as Jira reads them.
func jqlTime(s string, zone *time.Location) (time.Time, error) {
	for _, layout := range []string{"2006/01/02 15:04", "2006-01-02 15:04", "2006/01/02", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("Date value '%s' for field 'updated' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.", s)
}

// parseJQL parses a query; its errors are worded as Jira's 400s are.
func parseJQL(s string, zone *time.Location) (q query, err error) {
	p := &jqlParser{toks: lexJQL(s), zone: zone}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Error in the JQL Query: %v", r)
		}
	}()
	if !p.peekWord("order") && !p.end() {
		q.where = p.or()
	}
	if p.peekWord("order") {
		p.next()
		p.expectWord("by")
		for {
			f := strings.ToLower(p.next())
			if _, ok := fields[f]; !ok {
				panic(fmt.Sprintf("Not able to sort using field '%s'.", f))
			}
			o := orderBy{field: f}
			if p.peekWord("asc") || p.peekWord("desc") {
				o.desc = strings.EqualFold(p.next(), "desc")
			}
			q.order = append(q.order, o)
			if p.peek() != "," {
				break
			}
			p.next()
		}
	}
	if !p.end() {
		panic(fmt.Sprintf("Expecting either 'OR' or 'AND' but got '%s'.", p.peek()))
	}
	return q, nil
}

type jqlParser struct {
	toks []string
	i    int
	zone *time.Location
}

func (p *jqlParser) end() bool { return p.i >= len(p.toks) }

func (p *jqlParser) peek() string {
	if p.end() {
		return ""
	}
	return p.toks[p.i]
}

func (p *jqlParser) peekWord(w string) bool { return strings.EqualFold(p.peek(), w) }

func (p *jqlParser) next() string {
	if p.end() {
		panic("The JQL query ends too early.")
	}
	p.i++
	return p.toks[p.i-1]
}

func (p *jqlParser) expectWord(w string) {
	if got := p.next(); !strings.EqualFold(got, w) {
		panic(fmt.Sprintf("Expecting '%s' but got '%s'.", w, got))
	}
}

func (p *jqlParser) or() expr {
	e := p.and()
	for p.peekWord("or") {
		p.next()
		e = or{e, p.and()}
	}
	return e
}

func (p *jqlParser) and() expr {
	e := p.factor()
	for p.peekWord("and") {
		p.next()
		e = and{e, p.factor()}
	}
	return e
}

func (p *jqlParser) factor() expr {
	switch {
	case p.peekWord("not"):
		p.next()
		return not{p.factor()}
	case p.peek() == "(":
		p.next()
		e := p.or()
		if p.next() != ")" {
			panic("Expecting ')'.")
		}
		return e
	}
	return p.clause()
}

func (p *jqlParser) clause() expr {
	name := unquote(p.next())
	field := strings.ToLower(name)
	if _, ok := fields[field]; !ok {
		panic(fmt.Sprintf("Field '%s' does not exist or you do not have permission to view it.", name))
	}
	c := clause{field: field}
	switch op := strings.ToLower(p.next()); op {
	case "=", "!=", ">", ">=", "<", "<=", "~":
		c.op = op
		c.values = []string{unquote(p.next())}
	case "in":
		c.op, c.values = "in", p.list()
	case "not":
		p.expectWord("in")
		c.op, c.values = "not in", p.list()
	case "is":
		c.op = "is empty"
		if p.peekWord("not") {
			p.next()
			c.op = "is not empty"
		}
		if w := strings.ToLower(p.next()); w != "empty" && w != "null" {
			panic(fmt.Sprintf("Expecting 'EMPTY' but got '%s'.", w))
		}
	default:
		panic(fmt.Sprintf("Expecting operator but got '%s'.", op))
	}
	if fields[field] && len(c.values) > 0 {
		if _, err := jqlTime(c.values[0], p.zone); err != nil {
			panic(err.Error())
		}
	}
	return c
}

func (p *jqlParser) list() []string {
	if p.next() != "(" {
		panic("Expecting '(' after IN.")
	}
	var vs []string
	for {
		vs = append(vs, unquote(p.next()))
		switch p.next() {
		case ",":
		case ")":
			return vs
		default:
			panic("Expecting ',' or ')' in a list.")
		}
	}
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return strings.ReplaceAll(s[1:len(s)-1], `\"`, `"`)
	}
	return s
}

// lexJQL cuts a query into words, quoted strings, operators and
// punctuation.
func lexJQL(s string) []string {
	var toks []string
	r := []rune(s)
	for i := 0; i < len(r); {
		c := r[i]
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(r) && r[j] != c {
				if r[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(r))
			toks = append(toks, string(r[i:j]))
			i = j
		case strings.ContainsRune("(),", c):
			toks = append(toks, string(c))
			i++
		case strings.ContainsRune("=!<>~", c):
			j := i + 1
			if j < len(r) && r[j] == '=' {
				j++
			}
			toks = append(toks, string(r[i:j]))
			i = j
		default:
			j := i
			for j < len(r) && !unicode.IsSpace(r[j]) && !strings.ContainsRune("(),=!<>~\"'", r[j]) {
				j++
			}
			toks = append(toks, string(r[i:j]))
			i = j
		}
	}
	return toks
}
