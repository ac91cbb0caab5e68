package digest

import (
	"testing"
	"time"
)

// TestScheduleAcrossDST: 8am in New York stays 8am there when the clocks
// change, so the UTC instants are 23 and 25 hours apart.
func TestScheduleAcrossDST(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	s, err := ParseSchedule("0 8 * * *", ny)
	if err != nil {
		t.Fatal(err)
	}
	// Spring forward: Sun Mar 8 2026, 2am.
	sat := time.Date(2026, 3, 7, 8, 0, 0, 0, ny)
	sun := s.Next(sat)
	if got := sun.Sub(sat); got != 23*time.Hour || sun.In(ny).Hour() != 8 {
		t.Errorf("spring: next %v, %s later; want 8am, 23h", sun.In(ny), got)
	}
	// Fall back: Sun Nov 1 2026, 2am.
	oct31 := time.Date(2026, 10, 31, 8, 0, 0, 0, ny)
	nov1 := s.Next(oct31)
	if got := nov1.Sub(oct31); got != 25*time.Hour || nov1.In(ny).Hour() != 8 {
		t.Errorf("fall: next %v, %s later; want 8am, 25h", nov1.In(ny), got)
	}
	if last := s.Last(sun.Add(time.Hour)); !last.Equal(sun) {
		t.Errorf("Last an hour after Sunday's: %v, want %v", last, sun)
	}
	if last := s.Last(sun.Add(-time.Minute)); !last.Equal(sat) {
		t.Errorf("Last a minute before Sunday's: %v, want Saturday's %v", last, sat)
	}
	weekdays, _ := ParseSchedule("30 8 * * 1-5", ny)
	fri := time.Date(2026, 3, 6, 9, 0, 0, 0, ny)
	if next := weekdays.Next(fri); next.In(ny).Weekday() != time.Monday || next.In(ny).Hour() != 8 || next.In(ny).Minute() != 30 {
		t.Errorf("after Friday: %v, want Monday 8:30", next.In(ny))
	}
	if _, err := ParseSchedule("every morning", ny); err == nil {
		t.Error("a schedule that is not cron was accepted")
	}
	if _, err := ParseSchedule("@every 1h", ny); err == nil {
		t.Error("@every, which names no period, was accepted")
	}
	// A monthly schedule is found beyond a week back.
	monthly, _ := ParseSchedule("0 8 1 * *", ny)
	if last := monthly.Last(time.Date(2026, 3, 20, 12, 0, 0, 0, ny)); !last.Equal(time.Date(2026, 3, 1, 8, 0, 0, 0, ny)) {
		t.Errorf("monthly: last %v", last)
	}
	// 1:30am comes twice when the clocks go back (Nov 1 2026): one period.
	late, _ := ParseSchedule("30 1 * * *", ny)
	first := time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC) // 1:30 EDT
	second := first.Add(time.Hour)                         // 1:30 EST
	if second.In(ny).Hour() != 1 {
		t.Fatalf("the test's times are off: %v", second.In(ny))
	}
	if last := late.Last(second.Add(time.Minute)); !last.Equal(first) && !last.Equal(second) {
		t.Errorf("after 1:30 came twice: last %v", last)
	} else if a, b := late.Last(first.Add(time.Minute)), late.Last(second.Add(time.Minute)); !a.Equal(b) {
		t.Errorf("1:30 twice made two periods: %v and %v", a, b)
	}
}
