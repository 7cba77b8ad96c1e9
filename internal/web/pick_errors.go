package web

import (
	"fmt"

	"github.com/furusato/furusato/internal/ui"
)

// pickProblem puts the error of a pick without a valid choice beside the
// radios of it and returns its summary line. It names the field and lists
// the times still open, like any choice (「面談の日時は、次から選んでください：
// …」), and links to the first radio on the page: the radios of past times
// are not shown, so the first one is not always index 0.
func pickProblem(l *ui.Locale, label string, it *interviewItem) problem {
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
	pr := choiceProblem(l, label, open...)
	pr.Anchor = anchor
	it.PickError = pr.Text
	return pr
}
