package furusato

import (
	"strings"
	"testing"
	"time"
)

func TestInterviewProposalValidate_Table(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, JST)
	slot := func(y, m, d, tm, min string) SlotDraft {
		return SlotDraft{Year: y, Month: m, Day: d, Time: tm, Minutes: min}
	}
	for _, c := range []struct {
		name   string
		p      InterviewProposal
		field  string // "" for valid
		key    string
		starts []time.Time
	}{
		{"online, full-width", InterviewProposal{Mode: "online", Location: " https://meet.example.jp/a ",
			Slots: []SlotDraft{slot("２０２６", "１１", "２５", "９：３０", "30")}}, "", "",
			[]time.Time{time.Date(2026, 11, 25, 9, 30, 0, 0, JST)}},
		{"blank rows skipped", InterviewProposal{Mode: "onsite", Location: "郡上市",
			Slots: []SlotDraft{{Minutes: "60"}, slot("2026", "12", "1", "14:00", "240")}}, "", "",
			[]time.Time{time.Date(2026, 12, 1, 14, 0, 0, 0, JST)}},
		{"no slot", InterviewProposal{Mode: "onsite", Location: "郡上市", Slots: []SlotDraft{{}}}, "slot1_date", "interview.error.slot_required", nil},
		{"30 February", InterviewProposal{Mode: "onsite", Location: "x", Slots: []SlotDraft{slot("2027", "2", "30", "10:00", "60")}}, "slot1_date", "interview.error.date_invalid", nil},
		{"now is not future", InterviewProposal{Mode: "onsite", Location: "x", Slots: []SlotDraft{slot("2026", "11", "24", "10:00", "60")}}, "slot1_date", "interview.error.date_past", nil},
		{"time 24:00", InterviewProposal{Mode: "onsite", Location: "x", Slots: []SlotDraft{slot("2026", "11", "25", "24:00", "60")}}, "slot1_time", "interview.error.time_invalid", nil},
		{"time 14:60", InterviewProposal{Mode: "onsite", Location: "x", Slots: []SlotDraft{slot("2026", "11", "25", "14:60", "60")}}, "slot1_time", "interview.error.time_invalid", nil},
		{"10 minutes", InterviewProposal{Mode: "onsite", Location: "x", Slots: []SlotDraft{slot("2026", "11", "25", "14:00", "10")}}, "slot1_duration", "interview.error.duration_range", nil},
		{"5 hours", InterviewProposal{Mode: "onsite", Location: "x", Slots: []SlotDraft{slot("2026", "11", "25", "14:00", "300")}}, "slot1_duration", "interview.error.duration_range", nil},
		{"six slots", InterviewProposal{Mode: "onsite", Location: "x", Slots: []SlotDraft{
			slot("2026", "11", "25", "14:00", "60"), slot("2026", "11", "25", "15:00", "60"), slot("2026", "11", "25", "16:00", "60"),
			slot("2026", "11", "26", "14:00", "60"), slot("2026", "11", "26", "15:00", "60"), slot("2026", "11", "26", "16:00", "60")}},
			"slots", "interview.error.too_many_slots", nil},
		{"no mode", InterviewProposal{Location: "x", Slots: []SlotDraft{slot("2026", "11", "25", "14:00", "60")}}, "mode", "interview.error.mode_required", nil},
		{"online without URL", InterviewProposal{Mode: "online", Slots: []SlotDraft{slot("2026", "11", "25", "14:00", "60")}}, "location", "interview.error.url_required", nil},
		{"javascript URL", InterviewProposal{Mode: "online", Location: "javascript:alert(1)", Slots: []SlotDraft{slot("2026", "11", "25", "14:00", "60")}}, "location", "interview.error.url_invalid", nil},
		{"on site without place", InterviewProposal{Mode: "onsite", Slots: []SlotDraft{slot("2026", "11", "25", "14:00", "60")}}, "location", "interview.error.place_required", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := c.p
			p.Normalize()
			slots, err := p.Validate(now)
			if c.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(slots) != len(c.starts) {
					t.Fatalf("slots %v", slots)
				}
				for i, s := range slots {
					if !s.Start.Equal(c.starts[i]) || s.Start.Location() != time.UTC {
						t.Errorf("slot %d starts %v, want %v in UTC", i, s.Start, c.starts[i])
					}
				}
				return
			}
			if got := ErrorFields(err)[c.field]; ErrorCode(err) != EINVALID || got != c.key {
				t.Fatalf("%v: fields %v, want %s=%s", err, ErrorFields(err), c.field, c.key)
			}
		})
	}
}

// TestInterviewProposal_StartTimeAsPeopleTypeIt: 「14:00」, 「14時」 and
// 「1400」 (a phone's number pad has no colon), full-width too, are the
// same start; what is not a time on the 24-hour clock is refused.
func TestInterviewProposal_StartTimeAsPeopleTypeIt(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, JST)
	for typed, want := range map[string]string{
		"14:00": "14:00", "14時": "14:00", "1400": "14:00", "１４：００": "14:00", "１４時": "14:00", "１４００": "14:00",
		" 14時30分 ": "14:30", "930": "9:30", "9時": "9:00", "9:05": "9:05", "０：００": "0:00",
		"24:00": "", "2400": "", "14:60": "", "14時60分": "", "14": "", "14:0": "", "+1400": "", "14 00": "", "14:00:00": "", "午後2時": "", "14時半分": "", "14時半": "14:30",
	} {
		p := InterviewProposal{Mode: "onsite", Location: "郡上市", Slots: []SlotDraft{{Year: "2026", Month: "11", Day: "25", Time: typed, Minutes: "60"}}}
		p.Normalize()
		slots, err := p.Validate(now)
		if want == "" {
			if ErrorFields(err)["slot1_time"] != "interview.error.time_invalid" {
				t.Errorf("%q: %v, want refused", typed, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", typed, err)
			continue
		}
		if got := slots[0].Start.In(JST).Format("15:04"); strings.TrimPrefix(got, "0") != want && got != want {
			t.Errorf("%q starts at %s, want %s", typed, got, want)
		}
	}
}
