package web

import (
	"regexp"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// TestNoticeText_NoBareCodeInAnyKindReasonOrLanguage words every in-app
// notice kind for every reason, stage and recipient in both languages, and
// fails on a code a person would read, on English codes in Japanese and on
// Japanese (dates, particles) in English.
func TestNoticeText_NoBareCodeInAnyKindReasonOrLanguage(t *testing.T) {
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	slots := furusato.SlotsParam([2]time.Time{start, start.Add(time.Hour)})
	reasons := []string{"", "filled", "deadline", "closed", "cancelled", "completed", furusato.ReasonFilled, furusato.ReasonAccountDeleted, furusato.ReasonProjectStarted}
	stages := []string{"submitted", "screening", "interview", "offered", "matched", "declined", "withdrawn"}
	lower := regexp.MustCompile(`[a-z]{2,}`)
	code := regexp.MustCompile(`\b[a-z]+[._][a-z_.]+\b|\{\{|<no value>|error\.`)
	ja := regexp.MustCompile(`[\p{Hiragana}\p{Katakana}\p{Han}「」。、]`)
	names := map[string][2]string{"ja": {"岐阜のクレソン", "田中"}, "en": {"Watercress farm", "Jane"}}
	for _, lang := range ui.Langs {
		l, err := ui.LocaleOf(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, kind := range furusato.NoticeKinds {
			for _, reason := range reasons {
				for _, stage := range stages {
					for _, host := range []string{"", "1"} {
						n := &furusato.Notice{Kind: kind, Params: map[string]string{"project": names[lang][0], "participant": names[lang][1],
							"author": names[lang][1], "stage": stage, "reason": reason, "count": "2", "reply_days": "7", furusato.ParamHost: host,
							"when": "2026年12月1日(火) 9:00〜10:00", furusato.ParamSlots: slots,
							"deadline": "2026年12月24日(木)", furusato.ParamDeadline: "2026-12-24"}}
						s := noticeText(l, n)
						bad := ""
						if lang == "ja" {
							bad = lower.FindString(s)
						} else {
							bad = ja.FindString(s)
						}
						if bad == "" {
							bad = code.FindString(s)
						}
						if bad != "" {
							t.Fatalf("%s %s reason=%q stage=%s host=%s: %q in %q", lang, kind, reason, stage, host, bad, s)
						}
					}
				}
			}
		}
	}
}
