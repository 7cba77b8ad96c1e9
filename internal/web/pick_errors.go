package web

import (
	"fmt"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// pickProblem puts err, the error of a pick without a valid choice, beside
// the radios of it and returns its summary line, worded by the key the
// service gave the field "slot" (furusato.ErrChooseFrom): it names the
// field and lists the times still open, like any choice (「面談の日時は、
// 次から選んでください：…」), and links to the first radio on the page: the
// radios of past times are not shown, so the first one is not always
// index 0. (A pick once every time has passed is a conflict, never this.)
func pickProblem(l *ui.Locale, label string, it *interviewItem, err error) problem {
	var open []string
	anchor := ""
	for i, s := range it.Slots {
		if s.Past {
			continue
		}
		if anchor == "" {
			anchor = fmt.Sprintf("slot-%d-%d", it.ID, i)
		}
		open = append(open, s.Text)
	}
	key := furusato.ErrorFields(err)["slot"]
	if key == "" {
		key = furusato.ErrChooseFrom
	}
	pr := choiceProblemOf(l, key, label, open...)
	pr.Anchor = anchor
	it.PickError = pr.Text
	return pr
}

// timesPassed is what an interview or a meeting whose proposed times have
// all passed says instead of its pick form: the hosts (canPlan) are asked
// to propose new times, the one who picks (canPick) to ask for them.
func timesPassed(l *ui.Locale, canPlan, canPick bool) string {
	switch {
	case canPlan:
		return l.T("fixes.pick.times_passed_host")
	case canPick:
		return l.T("fixes.pick.times_passed")
	}
	return ""
}
