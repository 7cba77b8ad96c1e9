package ui

import (
	"io/fs"
	"strings"
	"testing"
)

// TestStylesheet_SummaryLinksLeaveTheLabelInView: a summary link focuses
// its field; the scroll margin keeps the label (and the error) above the
// field in view rather than under the top of the window.
func TestStylesheet_SummaryLinksLeaveTheLabelInView(t *testing.T) {
	b, err := fs.ReadFile(Static(), "app.css")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "input, select, textarea, fieldset { scroll-margin-top: 8rem; }") {
		t.Error("app.css lacks the fields' scroll-margin-top")
	}
}
