package language

import (
	"strconv"
	"strings"
	"time"
)

// clock is the context a due time is resolved in: the moment the message was
// sent and the calendar day it was sent on, in the message's time zone.
// Every day-based result is built with time.Date on that calendar, never by
// adding 24-hour durations, so that DST changes and year ends fall out of the
// standard library.
type clock struct {
	now     time.Time
	loc     *time.Location
	y       int
	m       time.Month
	d       int
	wd      time.Weekday
	usDates bool // read 3/4 as March 4 (America/…) rather than 3 April
}

func newClock(now time.Time) *clock {
	loc := now.Location()
	y, m, d := now.Date()
	return &clock{now: now, loc: loc, y: y, m: m, d: d, wd: now.Weekday(),
		usDates: strings.HasPrefix(loc.String(), "America/") || loc.String() == "Local" || loc.String() == "UTC"}
}

// date is a calendar day in the clock's location.
type date struct {
	y int
	m time.Month
	d int
}

func (c *clock) day(off int) date {
	y, m, d := time.Date(c.y, c.m, c.d+off, 12, 0, 0, 0, c.loc).Date()
	return date{y, m, d}
}

// dateOf is the calendar date of a moment in the clock's zone.
func (c *clock) dateOf(t time.Time) date {
	y, m, d := t.In(c.loc).Date()
	return date{y: y, m: m, d: d}
}

func (c *clock) end(x date) time.Time { return time.Date(x.y, x.m, x.d, 23, 59, 59, 0, c.loc) }
func (c *clock) at(x date, h, mi int) time.Time {
	if h == 24 {
		return c.end(x)
	}
	return time.Date(x.y, x.m, x.d, h, mi, 0, 0, c.loc)
}

// weekdayAfter is the nearest given weekday strictly after today.
func (c *clock) weekdayAfter(w time.Weekday) date {
	off := (int(w) - int(c.wd) + 7) % 7
	if off == 0 {
		off = 7
	}
	return c.day(off)
}

// isoDay is the weekday numbered Monday=1 … Sunday=7.
func (c *clock) isoDay() int {
	if c.wd == time.Sunday {
		return 7
	}
	return int(c.wd)
}

// thisFriday is this week's Friday: today on a Friday, the coming Friday on a
// weekend.
func (c *clock) thisFriday() date {
	switch c.wd {
	case time.Saturday:
		return c.day(6)
	case time.Sunday:
		return c.day(5)
	}
	return c.day(5 - int(c.wd))
}

// nextWeekDay is the given day (Monday=0) of the week after this ISO week.
func (c *clock) nextWeekDay(k int) date { return c.day(8 - c.isoDay() + k) }

func (c *clock) monthEnd(y int, m time.Month) date {
	yy, mm, dd := time.Date(y, m+1, 0, 12, 0, 0, 0, c.loc).Date()
	return date{yy, mm, dd}
}

// calendarDate resolves a day and month without a year: this year's, or next
// year's when it has passed. ok is false for impossible dates.
func (c *clock) calendarDate(m time.Month, d, y int) (date, bool) {
	if d < 1 || d > 31 || m < 1 || m > 12 {
		return date{}, false
	}
	if y == 0 {
		y = c.y
		if m < c.m || m == c.m && d < c.d {
			y++
		}
	} else if y < 100 {
		y += 2000
	}
	t := time.Date(y, m, d, 12, 0, 0, 0, c.loc)
	if t.Month() != m {
		return date{}, false
	}
	return date{y, m, d}, true
}

// dayWords and friends are the vocabularies of time expressions.
var (
	weekdayNames = map[string]time.Weekday{
		"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
		"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
		"sunday": time.Sunday, "tues": time.Tuesday, "weds": time.Wednesday,
		"thurs": time.Thursday, "thur": time.Thursday, "wensday": time.Wednesday,
	}
	// weekdayShort are abbreviations that are also ordinary words or too
	// short to trust on their own; they count only after "on", "by"…
	weekdayShort = map[string]time.Weekday{
		"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
		"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
	}
	monthNames = map[string]time.Month{
		"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
		"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
		"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
		"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	}
	numberWords = map[string]int{
		"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
		"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
		"couple": 2, "few": 3, "several": 3, "fifteen": 15, "twenty": 20, "thirty": 30,
		"forty": 40, "fortyfive": 45, "48": 48,
	}
	// typos maps common misspellings of time words to their spelling.
	typos = map[string]string{
		"tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "tmrow": "tomorrow",
		"2morrow": "tomorrow", "2moro": "tomorrow", "tomoz": "tomorrow", "tomo": "tomorrow",
		"tonite": "tonight", "2nite": "tonight", "arvo": "afternoon", "aft": "afternoon",
		"tday": "today", "2day": "today", "tmorrow": "tomorrow",
		"tommorow": "tomorrow", "tommorrow": "tomorrow", "tomorow": "tomorrow", "tomorro": "tomorrow",
		"tomrw": "tomorrow", "2mrw": "tomorrow", "2morow": "tomorrow", "2mrrw": "tomorrow",
		"tmrrw": "tomorrow", "tommrow": "tomorrow", "tomm": "tomorrow", "2mro": "tomorrow",
		"2nyt": "tonight", "tonigth": "tonight", "2nyte": "tonight", "toniht": "tonight",
	}
	fuzzyTargets = []string{"tomorrow", "afternoon", "morning", "evening", "tonight",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"january", "february", "september", "october", "november", "december", "weekend"}
	zoneWords = map[string]bool{"et": true, "est": true, "edt": true, "pt": true, "pst": true,
		"pdt": true, "ct": true, "cst": true, "cdt": true, "mt": true, "gmt": true, "bst": true,
		"cet": true, "cest": true, "utc": true, "jst": true, "aest": true, "ist": true, "time": true,
		"your": true, "my": true, "local": true}
)

// canon returns the spelling of a time word, correcting typos within one
// edit (insertion, deletion, substitution or transposition) for words long
// enough that such an edit cannot turn one word into another.
func canon(w string) string {
	if t, ok := typos[w]; ok {
		return t
	}
	if len(w) < 6 || len(w) > 11 {
		return w
	}
	if _, ok := weekdayNames[w]; ok {
		return w
	}
	for _, t := range fuzzyTargets {
		if w == t {
			return w
		}
	}
	for _, t := range fuzzyTargets {
		if w[0] == t[0] && oneEdit(w, t) {
			return t
		}
	}
	return w
}

// oneEdit reports whether a and b differ by at most one edit.
func oneEdit(a, b string) bool {
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	if i == la && i == lb {
		return true
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

// dueScanner finds time expressions in a token range.
type dueScanner struct {
	c    *clock
	toks []token
	end  int // exclusive bound of the range being read
}

func (s *dueScanner) w(k int) string {
	if k < 0 || k >= s.end {
		return ""
	}
	return s.toks[k].w
}

func (s *dueScanner) cw(k int) string { return canon(s.w(k)) }

// first returns the first time expression in [from, to).
func (s *dueScanner) first(from, to int) (time.Time, bool) {
	s.end = to
	for k := from; k < to; k++ {
		if _, t, ok := s.match(k); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// latest returns the latest moment named by any time expression in
// [from, to): a commitment's due time is the latest moment its words allow
// ("I'll raise it at our 2pm and come back to you this afternoon" is due
// at the end of the afternoon).
func (s *dueScanner) latest(from, to int) (time.Time, bool) {
	s.end = to
	var best time.Time
	found := false
	for k := from; k < to; k++ {
		w := s.toks[k].w
		// A new clause about something else ends the commitment's words:
		// "I'll send it tomorrow, the launch is on Friday", "... because
		// the launch is Friday".
		if clauseOpeners[w] && k > from {
			break
		}
		if (w == "," || w == ";" || w == ":" || w == "-") && k+1 < to && newSubject[s.toks[k+1].w] {
			break
		}
		// "... by Friday, well before your audit on the 30th": once the
		// promise has its own time, the time after "before <an event>" is
		// the event's. Alone ("ahead of our call on Thursday") it bounds
		// the promise.
		if found && s.eventAfter(k, to) {
			break
		}
		if next, t, ok := s.match(k); ok {
			if !found || t.After(best) {
				best, found = t, true
			}
			k = next - 1
		}
	}
	return best, found
}

// eventAfter reports "before", "ahead of" or "prior to" at k followed by a
// named event rather than a time: "before your audit", "ahead of the
// launch". "before the end of the week" and "before the 30th" are times.
func (s *dueScanner) eventAfter(k, to int) bool {
	j := k + 1
	switch s.toks[k].w {
	case "before":
	case "ahead":
		if s.w(j) != "of" {
			return false
		}
		j++
	case "prior":
		if s.w(j) != "to" {
			return false
		}
		j++
	default:
		return false
	}
	if j >= to || !eventDeterminers[s.toks[j].w] {
		return false
	}
	if _, _, ok := s.match(j); ok {
		return false
	}
	if _, _, ok := s.match(j + 1); ok && j+1 < to {
		return false
	}
	return true
}

// eventDeterminers open a noun phrase that names an event.
var eventDeterminers = set("your", "the", "our", "their", "his", "her", "its", "my", "this", "that")

var (
	// clauseOpeners begin a clause that gives a reason or a contrast, not
	// more of the promise.
	clauseOpeners = set("because", "since", "as", "so", "while", "whereas", "though", "although", "but")
	// newSubject words, after a comma, begin a clause of its own.
	newSubject = set("the", "a", "an", "our", "your", "their", "its", "his", "her", "this", "that",
		"these", "those", "it", "he", "she", "they", "there", "you", "which")
)

// last returns the last time expression in [from, to) that is not inside a
// subordinate clause ("once you approve it tomorrow, …").
func (s *dueScanner) last(from, to int) (time.Time, bool) {
	s.end = to
	var best time.Time
	found := false
	sub := false
	for k := from; k < to; k++ {
		switch s.toks[k].w {
		case "if", "once", "when", "after", "since", "because", "as", "unless", "until":
			if s.toks[k].w != "until" || k+1 < to && s.toks[k+1].kind == kindWord && isPronounSubject(s.toks[k+1].w) {
				sub = true
			}
		case ",", ";", ":", "-":
			sub = false
		}
		if next, t, ok := s.match(k); ok {
			if !sub {
				best, found = t, true
			}
			k = next - 1
		}
	}
	return best, found
}

func isPronounSubject(w string) bool {
	switch w {
	case "i", "we", "you", "they", "he", "she", "it":
		return true
	}
	return false
}

// match reads a time expression starting at token k; next is the index after it.
func (s *dueScanner) match(k int) (next int, t time.Time, ok bool) {
	c := s.c
	t0 := s.toks[k]
	if t0.kind == kindNum {
		return s.number(k)
	}
	if t0.kind != kindWord {
		return 0, t, false
	}
	w := s.cw(k)
	switch w {
	case "in", "within", "over":
		if n, t, ok := s.relative(k + 1); ok {
			return n, t, true
		}
		if s.w(k+1) == "the" {
			switch s.cw(k + 2) {
			case "morning":
				return k + 3, c.at(s.morningDay(), 12, 0), true
			case "afternoon":
				x := c.day(0)
				if c.now.Hour() >= 18 {
					x = c.day(1)
				}
				return k + 3, c.at(x, 18, 0), true
			case "evening":
				return k + 3, c.end(c.day(0)), true
			case "hour":
				if w == "within" {
					return k + 3, c.now.Add(time.Hour), true
				}
			case "weekend":
				return k + 3, c.end(c.day(sundayOffset(c.wd))), true
			}
		}
	case "eod", "cob", "eob", "eop", "eodt":
		// "COB tomorrow", "EOD Friday", "eod on the 14th": that day's end.
		m := k + 1
		if s.w(m) == "on" {
			m++
		}
		if x, n2, ok := s.dayRef(m); ok {
			return n2, c.end(x), true
		}
		return s.qualifyOr(k+1, c.day(0))
	case "eow":
		return k + 1, c.end(c.thisFriday()), true
	case "eom":
		x := c.monthEnd(c.y, c.m)
		return k + 1, c.end(x), true
	case "end", "close":
		return s.endOf(k)
	case "month":
		if s.w(k+1) == "end" {
			return k + 2, c.end(c.monthEnd(c.y, c.m)), true
		}
		if s.w(k+1) == "-" && s.w(k+2) == "end" {
			return k + 3, c.end(c.monthEnd(c.y, c.m)), true
		}
	case "today":
		return s.qualifyOr(k+1, c.day(0))
	case "tonight":
		return k + 1, c.end(c.day(0)), true
	case "midnight":
		return k + 1, c.end(c.day(0)), true
	case "this", "later", "coming":
		return s.this(k)
	case "next":
		return s.next(k)
	case "early":
		if s.w(k+1) == "next" && s.w(k+2) == "week" {
			return k + 3, c.end(c.nextWeekDay(1)), true
		}
		if s.cw(k+1) == "tomorrow" {
			n := k + 2
			if s.cw(n) == "morning" {
				n++
			}
			return n, c.at(c.day(1), 12, 0), true
		}
	case "tomorrow":
		return s.qualifyOr(k+1, c.day(1))
	case "day":
		if s.w(k+1) == "after" && s.cw(k+2) == "tomorrow" {
			return s.qualifyOr(k+3, c.day(2))
		}
	case "first":
		if s.w(k+1) == "thing" {
			n := k + 2
			if s.w(n) == "in" && s.w(n+1) == "the" && s.cw(n+2) == "morning" {
				return n + 3, c.at(s.morningDay(), 12, 0), true
			}
			if s.w(n) == "on" {
				n++
			}
			if x, n2, ok := s.dayRef(n); ok {
				if s.cw(n2) == "morning" {
					n2++
				}
				return n2, c.at(x, 12, 0), true
			}
			return n, c.at(c.day(1), 12, 0), true
		}
	case "morning":
		if p := s.w(k - 1); p == "by" || p == "the" || p == "until" {
			return k + 1, c.at(s.morningDay(), 12, 0), true
		}
	case "noon", "midday", "lunch", "lunchtime":
		return s.clockToday(k+1, 12, 0)
	case "weekend":
		if s.w(k-1) == "the" && (s.w(k-2) == "by" || s.w(k-2) == "before") {
			return k + 1, c.end(c.thisFriday()), true
		}
		return k + 1, c.end(c.day(sundayOffset(c.wd))), true
	case "the":
		// "the 15th": a day of this month, or of the next once passed.
		if n := s.w(k + 1); n != "" && s.toks[k+1].kind == kindNum && isOrdinal(s.w(k+2)) {
			if d, err := strconv.Atoi(n); err == nil {
				if _, ok := monthNames[s.w(k+3)]; ok || s.w(k+3) == "of" {
					return s.number(k + 1)
				}
				m, y := c.m, c.y
				if d < c.d {
					m++
				}
				x := time.Date(y, m, d, 12, 0, 0, 0, c.loc)
				if x.Day() == d {
					yy, mm, dd := x.Date()
					return s.qualifyOr(k+3, date{yy, mm, dd})
				}
			}
		}
	}
	if x, n, ok := s.dayRef(k); ok {
		return s.qualifyOr(n, x)
	}
	return 0, t, false
}

// morningDay is the day a bare "in the morning" means: tomorrow, unless the
// message was sent in the small hours.
func (s *dueScanner) morningDay() date {
	if s.c.now.Hour() < 5 {
		return s.c.day(0)
	}
	return s.c.day(1)
}

func sundayOffset(wd time.Weekday) int { return (7 - int(wd)) % 7 }

func isOrdinal(w string) bool { return w == "th" || w == "st" || w == "nd" || w == "rd" }

// releaseNouns are what work ships in: "Thursday's release".
var releaseNouns = set("release", "build", "deploy", "deployment", "update", "drop", "batch",
	"delivery", "shipment", "push", "rollout", "upload", "send", "post", "edition", "issue", "print", "run")

// dayRef reads a reference to a calendar day: tomorrow, a weekday, a date.
func (s *dueScanner) dayRef(k int) (date, int, bool) {
	c := s.c
	t := s.toks
	if k >= s.end {
		return date{}, 0, false
	}
	if t[k].kind == kindNum {
		if x, n, ok := s.numericDate(k); ok {
			return x, n, true
		}
		return date{}, 0, false
	}
	w := s.cw(k)
	switch w {
	case "today":
		return c.day(0), k + 1, true
	case "tomorrow":
		return c.day(1), k + 1, true
	}
	if wd, ok := weekdayNames[w]; ok && s.w(k+1) == "'s" && releaseNouns[s.w(k+2)] {
		// "in Thursday's release", "by Friday's deploy": the day of the
		// vehicle the work ships in. "talk through Friday's launch" names
		// no time for the promise.
		return c.weekdayAfter(wd), k + 3, true
	}
	if wd, ok := weekdayNames[w]; ok && s.w(k+1) != "'s" {
		// "Tuesday next week", "Tuesday of next week": that day of the
		// week after this one, one expression rather than two.
		n := k + 1
		if s.w(n) == "of" {
			n++
		}
		if s.w(n) == "next" && s.w(n+1) == "week" {
			return c.nextWeekDay((int(wd) + 6) % 7), n + 2, true
		}
		if s.w(k-1) == "before" {
			// "before Friday" allows Thursday at the latest.
			x := c.weekdayAfter(wd)
			return c.dateOf(c.end(x).AddDate(0, 0, -1)), k + 1, true
		}
		return c.weekdayAfter(wd), k + 1, true
	}
	if wd, ok := weekdayShort[w]; ok && s.w(k+1) != "'s" {
		switch s.w(k - 1) {
		case "on", "by", "until", "till", "til", "before", "next", "this", "eod", "cob", "coming":
			n := k + 1
			if s.w(n) == "." {
				n++
			}
			return c.weekdayAfter(wd), n, true
		}
	}
	if m, ok := monthNames[w]; ok {
		n := k + 1
		if s.w(n) == "." {
			n++
		}
		if n < s.end && t[n].kind == kindNum {
			d, err := strconv.Atoi(t[n].w)
			if err != nil {
				return date{}, 0, false
			}
			n++
			if isOrdinal(s.w(n)) {
				n++
			}
			y := 0
			if s.w(n) == "," && n+1 < s.end && t[n+1].kind == kindNum && len(t[n+1].w) == 4 {
				y, _ = strconv.Atoi(t[n+1].w)
				n += 2
			} else if n < s.end && t[n].kind == kindNum && len(t[n].w) == 4 {
				y, _ = strconv.Atoi(t[n].w)
				n++
			}
			if x, ok := c.calendarDate(m, d, y); ok {
				return x, n, true
			}
		}
	}
	return date{}, 0, false
}

// numericDate reads "3 March", "3rd of March", "2026-03-03" and "3/4".
func (s *dueScanner) numericDate(k int) (date, int, bool) {
	c := s.c
	w := s.toks[k].w
	if strings.Count(w, "-") == 2 {
		p := strings.Split(w, "-")
		if len(p[0]) == 4 {
			y, e1 := strconv.Atoi(p[0])
			m, e2 := strconv.Atoi(p[1])
			d, e3 := strconv.Atoi(p[2])
			if e1 == nil && e2 == nil && e3 == nil {
				if x, ok := c.calendarDate(time.Month(m), d, y); ok {
					return x, k + 1, true
				}
			}
		}
		return date{}, 0, false
	}
	if n := strings.Count(w, "/"); n == 1 || n == 2 {
		p := strings.Split(w, "/")
		a, e1 := strconv.Atoi(p[0])
		b, e2 := strconv.Atoi(p[1])
		y := 0
		var e3 error
		if n == 2 {
			y, e3 = strconv.Atoi(p[2])
		}
		if e1 != nil || e2 != nil || e3 != nil {
			return date{}, 0, false
		}
		m, d := a, b
		if !c.usDates && b <= 12 || a > 12 {
			m, d = b, a
		}
		if x, ok := c.calendarDate(time.Month(m), d, y); ok {
			return x, k + 1, true
		}
		return date{}, 0, false
	}
	d, err := strconv.Atoi(w)
	if err != nil || d < 1 || d > 31 {
		return date{}, 0, false
	}
	n := k + 1
	if isOrdinal(s.w(n)) {
		n++
	}
	if s.w(n) == "of" {
		n++
	}
	m, ok := monthNames[s.w(n)]
	if !ok {
		return date{}, 0, false
	}
	n++
	if s.w(n) == "." {
		n++
	}
	y := 0
	if n < s.end && s.toks[n].kind == kindNum && len(s.toks[n].w) == 4 {
		y, _ = strconv.Atoi(s.toks[n].w)
		n++
	}
	if x, ok := c.calendarDate(m, d, y); ok {
		return x, n, true
	}
	return date{}, 0, false
}

// number reads an expression that starts with a number: a date or a clock time.
func (s *dueScanner) number(k int) (int, time.Time, bool) {
	if x, n, ok := s.numericDate(k); ok {
		return s.qualifyOr(n, x)
	}
	h, mi, n, ok := s.clockAt(k)
	if !ok {
		return 0, time.Time{}, false
	}
	return s.clockToday(n, h, mi)
}

// clockPrepositions introduce a time of day.
var clockPrepositions = set("at", "by", "before", "until", "till", "til", "around", "from", "after", "approx", "about")

// clockAt reads a time of day: "3pm", "3:30 pm", "15:00", "10 a.m.", and a
// bare hour after "at", "by" or "before" ("by 5"), read as a working hour.
func (s *dueScanner) clockAt(k int) (h, mi, next int, ok bool) {
	if k >= s.end || s.toks[k].kind != kindNum {
		if k < s.end {
			switch s.w(k) {
			case "noon", "midday", "lunch", "lunchtime":
				return 12, 0, k + 1, true
			case "midnight":
				return 24, 0, k + 1, true
			}
		}
		return 0, 0, 0, false
	}
	w := s.toks[k].w
	colon := false
	if i := strings.IndexAny(w, ":."); i > 0 {
		hh, e1 := strconv.Atoi(w[:i])
		mm, e2 := strconv.Atoi(w[i+1:])
		if e1 != nil || e2 != nil || len(w[i+1:]) != 2 || mm > 59 {
			return 0, 0, 0, false
		}
		// "2.15" is a version ("release 2.15 on June 18") unless a time
		// word stands around it: "by 2.15", "at 2.15 pm".
		if w[i] == '.' && !clockPrepositions[s.w(k-1)] {
			switch s.w(k + 1) {
			case "am", "pm":
			default:
				return 0, 0, 0, false
			}
		}
		h, mi, colon = hh, mm, true
		// "at 4:30" is a working hour, "at 04:30" and "at 16:30" are not.
		if i == 1 && hh >= 1 && hh < 7 {
			switch s.w(k + 1) {
			case "am", "pm", "o'clock", "oclock":
			default:
				h += 12
			}
		}
	} else {
		hh, err := strconv.Atoi(w)
		if err != nil || len(w) > 2 {
			return 0, 0, 0, false
		}
		h = hh
	}
	n := k + 1
	switch s.w(n) {
	case "am", "pm":
		if h < 1 || h > 12 {
			return 0, 0, 0, false
		}
		if s.w(n) == "pm" && h != 12 {
			h += 12
		} else if s.w(n) == "am" && h == 12 {
			h = 0
		}
		n++
		if s.w(n) == "." && s.toks[n-1].end-s.toks[n-1].start == 3 {
			n++
		}
	case "o'clock", "oclock":
		if h < 1 || h > 12 {
			return 0, 0, 0, false
		}
		if h < 7 {
			h += 12
		}
		n++
	default:
		if colon {
			if h > 23 {
				return 0, 0, 0, false
			}
			break
		}
		switch s.w(k - 1) {
		case "at", "by", "before", "until", "till", "til", "around":
		default:
			return 0, 0, 0, false
		}
		nx := s.w(n)
		if !(nx == "" || s.toks[n].kind == kindPunct || nx == "today" || nx == "tomorrow" || zoneWords[nx] || nx == "on") {
			return 0, 0, 0, false
		}
		if h < 1 || h > 12 {
			return 0, 0, 0, false
		}
		if h < 7 {
			h += 12
		}
	}
	if zoneWords[s.w(n)] && s.w(n) != "your" && s.w(n) != "my" {
		n++
	}
	return h, mi, n, true
}

// clockToday resolves a time of day with nothing before it: a following day
// ("3pm tomorrow", "10:00 on Monday") wins; otherwise today at that time, or
// tomorrow when that has passed.
func (s *dueScanner) clockToday(n, h, mi int) (int, time.Time, bool) {
	c := s.c
	m := n
	if s.w(m) == "on" || s.w(m) == "," {
		m++
	}
	if x, n2, ok := s.dayRef(m); ok {
		return n2, c.at(x, h, mi), true
	}
	t := c.at(c.day(0), h, mi)
	if !t.After(c.now) {
		t = c.at(c.day(1), h, mi)
	}
	return n, t, true
}

// qualifyOr reads what may follow a day ("tomorrow morning", "Friday at
// 3pm", "Monday EOD"); without a qualifier the day ends at 23:59:59.
func (s *dueScanner) qualifyOr(n int, x date) (int, time.Time, bool) {
	c := s.c
	switch s.cw(n) {
	case "morning", "am":
		return n + 1, c.at(x, 12, 0), true
	case "afternoon":
		return n + 1, c.at(x, 18, 0), true
	case "evening", "night", "eod", "cob", "eob":
		return n + 1, c.end(x), true
	case "noon", "midday", "lunch", "lunchtime":
		return n + 1, c.at(x, 12, 0), true
	case "first":
		if s.w(n+1) == "thing" {
			return n + 2, c.at(x, 12, 0), true
		}
	case "end", "close":
		if s.w(n+1) == "of" {
			m := n + 2
			if s.w(m) == "the" {
				m++
			}
			if s.w(m) == "day" || s.w(m) == "business" || s.w(m) == "play" {
				return m + 1, c.end(x), true
			}
		}
	case "in":
		if s.w(n+1) == "the" {
			switch s.cw(n + 2) {
			case "morning":
				return n + 3, c.at(x, 12, 0), true
			case "afternoon":
				return n + 3, c.at(x, 18, 0), true
			case "evening":
				return n + 3, c.end(x), true
			}
		}
	case "at", "by", "before", "around", "until", ",":
		if h, mi, m, ok := s.clockAt(n + 1); ok {
			return m, c.at(x, h, mi), true
		}
		if s.w(n+1) == "the" && s.w(n+2) == "latest" {
			return n + 3, c.end(x), true
		}
	}
	if h, mi, m, ok := s.clockAt(n); ok && s.toks[n].kind == kindNum {
		return m, c.at(x, h, mi), true
	}
	return n, c.end(x), true
}

// endOf reads "end of (the) day / week / month / year", "close of business".
func (s *dueScanner) endOf(k int) (int, time.Time, bool) {
	c := s.c
	if s.w(k+1) != "of" {
		return 0, time.Time{}, false
	}
	n := k + 2
	if w := s.w(n); w == "the" || w == "this" {
		n++
	}
	switch s.cw(n) {
	case "day", "today", "business", "play":
		n++
		if s.w(n) == "day" {
			n++
		}
		m := n
		if s.w(m) == "on" || s.w(m) == "," {
			m++
		}
		if x, n2, ok := s.dayRef(m); ok {
			return n2, c.end(x), true
		}
		return n, c.end(c.day(0)), true
	case "afternoon":
		return n + 1, c.at(c.day(0), 18, 0), true
	case "week":
		return n + 1, c.end(c.thisFriday()), true
	case "next":
		switch s.w(n + 1) {
		case "week":
			return n + 2, c.end(c.nextWeekDay(4)), true
		case "month":
			nm := time.Date(c.y, c.m+1, 1, 12, 0, 0, 0, c.loc)
			return n + 2, c.end(c.monthEnd(nm.Year(), nm.Month())), true
		}
	case "month":
		return n + 1, c.end(c.monthEnd(c.y, c.m)), true
	case "year":
		return n + 1, c.end(date{c.y, 12, 31}), true
	case "quarter":
		qm := time.Month((int(c.m)-1)/3*3 + 3)
		return n + 1, c.end(c.monthEnd(c.y, qm)), true
	case "tomorrow":
		return n + 1, c.end(c.day(1)), true
	}
	if m, ok := monthNames[s.cw(n)]; ok {
		y := c.y
		if m < c.m {
			y++
		}
		return n + 1, c.end(c.monthEnd(y, m)), true
	}
	if x, n2, ok := s.dayRef(n); ok {
		return n2, c.end(x), true
	}
	return 0, time.Time{}, false
}

// this reads "this morning/afternoon/evening/week/weekend/month/Friday",
// "later today", "later this week", "this coming Friday".
func (s *dueScanner) this(k int) (int, time.Time, bool) {
	c := s.c
	n := k + 1
	if s.w(k) == "later" {
		switch s.cw(n) {
		case "today":
			return n + 1, c.end(c.day(0)), true
		case "tonight":
			return n + 1, c.end(c.day(0)), true
		case "this":
			n++
		default:
			return 0, time.Time{}, false
		}
	}
	if s.w(n) == "coming" {
		n++
	}
	switch s.cw(n) {
	case "morning":
		return n + 1, c.at(c.day(0), 12, 0), true
	case "afternoon":
		return n + 1, c.at(c.day(0), 18, 0), true
	case "evening":
		return n + 1, c.end(c.day(0)), true
	case "week":
		return n + 1, c.end(c.thisFriday()), true
	case "weekend":
		return n + 1, c.end(c.day(sundayOffset(c.wd))), true
	case "month":
		return n + 1, c.end(c.monthEnd(c.y, c.m)), true
	}
	if x, n2, ok := s.dayRef(n); ok {
		return s.qualifyOr(n2, x)
	}
	return 0, time.Time{}, false
}

// next reads "next week", "next month", "next Friday", "next business day".
func (s *dueScanner) next(k int) (int, time.Time, bool) {
	c := s.c
	n := k + 1
	switch s.cw(n) {
	case "week":
		return n + 1, c.end(c.nextWeekDay(4)), true
	case "month":
		nm := time.Date(c.y, c.m+1, 1, 12, 0, 0, 0, c.loc)
		return n + 1, c.end(c.monthEnd(nm.Year(), nm.Month())), true
	case "business", "working":
		if s.w(n+1) == "day" {
			return n + 2, c.end(c.businessDays(1)), true
		}
	case "day":
		return n + 1, c.end(c.day(1)), true
	}
	if x, n2, ok := s.dayRef(n); ok {
		return s.qualifyOr(n2, x)
	}
	return 0, time.Time{}, false
}

func (c *clock) businessDays(n int) date {
	off := 0
	for n > 0 {
		off++
		wd := time.Weekday((int(c.wd) + off) % 7)
		if wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return c.day(off)
}

// relative reads the rest of "in two days", "within 3 hours", "in an hour or
// two", "in the next 2-3 days"; ranges resolve to their far end.
func (s *dueScanner) relative(k int) (int, time.Time, bool) {
	n := k
	if s.w(n) == "the" && s.w(n+1) == "next" {
		n += 2
	} else if s.w(n) == "next" {
		n++
	}
	if n > k && s.w(n) == "hour" {
		// "in the next hour"
		return s.relativeUnit("hour", n+1, 1, false, false)
	}
	qty := 0
	half := false
	switch {
	case n < s.end && s.toks[n].kind == kindNum:
		w := s.toks[n].w
		if i := strings.IndexByte(w, '-'); i > 0 {
			w = w[i+1:]
		}
		v, err := strconv.Atoi(w)
		if err != nil {
			return 0, time.Time{}, false
		}
		qty = v
		n++
	case s.w(n) == "half":
		half = true
		n++
		if s.w(n) == "an" || s.w(n) == "a" {
			n++
		}
	default:
		v, ok := numberWords[s.w(n)]
		if !ok {
			return 0, time.Time{}, false
		}
		qty = v
		n++
		if s.w(n) == "couple" || s.w(n) == "few" {
			qty = numberWords[s.w(n)]
			n++
		}
		if s.w(n) == "of" {
			n++
		}
	}
	// "or two", "to 3", "- 4": take the far end.
	if w := s.w(n); w == "or" || w == "to" || w == "-" {
		if v, ok := numberWords[s.w(n+1)]; ok && v > qty {
			qty = v
			n += 2
		} else if n+1 < s.end && s.toks[n+1].kind == kindNum {
			if v, err := strconv.Atoi(s.toks[n+1].w); err == nil && v > qty {
				qty = v
				n += 2
			}
		}
	}
	if qty <= 0 && !half || qty > 1000 {
		return 0, time.Time{}, false
	}
	unit := s.w(n)
	// "an hour or two", "a day or so": the far end follows the unit.
	if w := s.w(n + 1); w == "or" || w == "to" {
		if v, ok := numberWords[s.w(n+2)]; ok && v > qty && s.w(n+2) != "a" {
			qty = v
			return s.relativeUnit(unit, n+3, qty, false, false)
		}
	}
	business := unit == "business" || unit == "working"
	if business {
		n++
		unit = s.w(n)
	}
	return s.relativeUnit(unit, n+1, qty, half, business)
}

// relativeUnit adds qty units to now; next is the index after the unit.
func (s *dueScanner) relativeUnit(unit string, next, qty int, half, business bool) (int, time.Time, bool) {
	c := s.c
	switch unit {
	case "minute", "minutes", "min", "mins":
		if half {
			return 0, time.Time{}, false
		}
		return next, c.now.Add(time.Duration(qty) * time.Minute), true
	case "hour", "hours", "hr", "hrs", "h":
		if half {
			return next, c.now.Add(30 * time.Minute), true
		}
		return next, c.now.Add(time.Duration(qty) * time.Hour), true
	case "day", "days":
		if half {
			return 0, time.Time{}, false
		}
		if business {
			return next, c.end(c.businessDays(qty)), true
		}
		return next, c.end(c.day(qty)), true
	case "week", "weeks":
		if half {
			return next, c.end(c.day(3)), true
		}
		return next, c.end(c.day(7 * qty)), true
	}
	return 0, time.Time{}, false
}
