package furusato

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCharter_Validate(t *testing.T) {
	ok := Charter{Goal: "販路を広げる", Done: "EC サイトで月10件", HoursPerWeek: 20, Meetings: "隔週火曜 20時 オンライン", Cadence: CadenceWeekly}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid charter: %v", err)
	}
	bad := ok
	bad.Goal, bad.Done, bad.Rules = "", strings.Repeat("あ", MaxCharterText+1), "ルール\x00"
	bad.HoursPerWeek, bad.Cadence = 0, "daily"
	want := map[string]string{"goal": "error.required", "done": "error.too_long", "rules": ErrBadText,
		"hours_per_week": "error.range", "cadence": "error.invalid"}
	if got := ErrorFields(bad.Validate()); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
	// Hours are per week, 1 to 40 as on projects and entries.
	for h, want := range map[int]string{1: "", 40: "", 41: "error.range", -1: "error.range"} {
		c := ok
		c.HoursPerWeek = h
		a := AgreementFrom(&Project{DurationMonths: 3, RewardType: RewardNone}, &c, Date{2026, 12, 1})
		if got, gotA := ErrorFields(c.Validate())["hours_per_week"], ErrorFields(a.Validate())["hours_per_week"]; got != want || gotA != want {
			t.Errorf("%d hours a week: charter %q, agreement %q, want %q", h, got, gotA, want)
		}
	}
	// Limits count runes: MaxCharterText kanji is fine.
	long := ok
	long.Done = strings.Repeat("漢", MaxCharterText)
	if err := long.Validate(); err != nil {
		t.Errorf("%d runes: %v", MaxCharterText, err)
	}
}

func TestTeamTexts_Validate(t *testing.T) {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, JST)
	for _, c := range []struct {
		name string
		err  error
		want map[string]string
	}{
		{"expectation needs one side", (&Expectation{}).Validate(), map[string]string{"give": "error.required"}},
		{"expectation give only", (&Expectation{Give: "デザイン"}).Validate(), nil},
		{"check-in", (&CheckIn{Done: "取材", Next: "記事", Hours: 4, PeriodStart: start, PeriodEnd: start.Add(7 * 24 * time.Hour)}).Validate(), nil},
		{"check-in bad", (&CheckIn{Hours: -1, PeriodStart: start, PeriodEnd: start.Add(-time.Hour)}).Validate(),
			map[string]string{"done": "error.required", "next": "error.required", "hours": "error.range", "period": "error.range"}},
		{"milestone", (&Milestone{Title: "  試作品  ", Due: DateOf(start), Status: MilestoneOpen}).Validate(), nil},
		{"milestone bad", (&Milestone{Title: "a\u202e", Status: "late"}).Validate(),
			map[string]string{"due": "error.required", "status": "error.invalid", "title": ErrBadText}}, // a bidi control is refused, not removed
		{"comment blank", (&CheckInComment{Body: " \n "}).Validate(), map[string]string{"body": "error.required"}},
		{"intervention", (&Intervention{Action: "電話で状況を確認", Next: DateOf(start)}).Validate(), nil},
		{"intervention bad", (&Intervention{}).Validate(), map[string]string{"action": "error.required", "next": "error.required"}},
		{"message too long", (&TeamMessage{Body: strings.Repeat("あ", MaxMessage+1)}).Validate(), map[string]string{"body": "error.too_long"}},
	} {
		if got := ErrorFields(c.err); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: fields = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestAgreementFrom(t *testing.T) {
	p := &Project{DurationMonths: 6, StartDate: Date{2026, 12, 1}, RewardType: RewardHonorarium, RewardAmount: 10000, TravelCost: TravelPart}
	c := &Charter{TeamID: 7, Version: 3, HoursPerWeek: 20}
	a := AgreementFrom(p, c, Date{2026, 11, 24})
	if a.Start != (Date{2026, 12, 1}) || a.End != (Date{2027, 5, 31}) || a.HoursPerWeek != 20 || a.CharterVersion != 3 ||
		a.RewardAmount != 10000 || a.TravelCost != TravelPart || a.Ownership != OwnedByCompany || !a.Confidential || a.NoticeDays != DefaultNoticeDays {
		t.Errorf("agreement = %+v", a)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("filled agreement: %v", err)
	}
	p.StartDate = Date{}
	if a := AgreementFrom(p, c, Date{2026, 11, 24}); a.Start != (Date{2026, 11, 24}) || a.End != (Date{2027, 5, 23}) {
		t.Errorf("without a start date: %v – %v", a.Start, a.End)
	}
	a.End, a.Ownership, a.RewardType = Date{2026, 1, 1}, "nobody", RewardNone
	want := map[string]string{"end": "error.range", "ownership": "error.invalid", "reward_amount": "error.invalid"}
	if got := ErrorFields(a.Validate()); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
}

func TestCadence(t *testing.T) {
	at := time.Date(2026, 1, 31, 9, 0, 0, 0, JST)
	for c, want := range map[Cadence]time.Time{
		CadenceWeekly:   time.Date(2026, 2, 7, 9, 0, 0, 0, JST),
		CadenceBiweekly: time.Date(2026, 2, 14, 9, 0, 0, 0, JST),
		CadenceMonthly:  time.Date(2026, 3, 3, 9, 0, 0, 0, JST), // 31 February is 3 March, as AddDate
	} {
		if got := c.After(at); !got.Equal(want) {
			t.Errorf("%s after %v = %v, want %v", c, at, got, want)
		}
	}
	if !CadenceBiweekly.Valid() || Cadence("daily").Valid() {
		t.Error("Valid")
	}
}
