package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// entryExtras are the sections other areas add to an entry page, on both
// sides: the interviews (interviews.go) and the message thread
// (messages.go). Templates include them with
// {{template "entry_interviews" .Extras.Interviews}} and
// {{template "entry_thread" .Extras.Thread}}.
type entryExtras struct {
	Interviews *interviewsView
	Thread     *threadView
}

// extras builds the sections of entry page d for the request's actor.
func (h *Handler) extras(r *http.Request, l *ui.Locale, d *service.EntryDetail) (entryExtras, error) {
	iv, err := h.interviewsView(r, l, d)
	if err != nil {
		return entryExtras{}, err
	}
	th, err := h.threadView(r, l, d)
	if err != nil {
		return entryExtras{}, err
	}
	return entryExtras{Interviews: iv, Thread: th}, nil
}
