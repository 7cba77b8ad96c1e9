package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// interviewsView is the interviews section of an entry page.
type interviewsView struct{}

// interviewsView returns the interviews section of entry page d, nil when
// there is nothing to show.
func (h *Handler) interviewsView(r *http.Request, l *ui.Locale, d *service.EntryDetail) (*interviewsView, error) {
	return nil, nil // TODO(issue 4): interviews helper
}
