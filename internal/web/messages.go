package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// threadView is the message thread section of an entry page.
type threadView struct{}

// threadView returns the thread section of entry page d.
func (h *Handler) threadView(r *http.Request, l *ui.Locale, d *service.EntryDetail) (*threadView, error) {
	return nil, nil // TODO(issue 4): messages helper
}
