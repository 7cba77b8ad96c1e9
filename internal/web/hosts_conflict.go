package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// When someone saved a project while another person edited it, the second
// save is refused (ECONFLICT) and the form comes back with a comparison:
// every field where the saved version and the person's input differ, side
// by side, those the other person changed marked. Saving again only
// overwrites when the person ticks "overwrite with my input" (the box
// carries the version they compared against); a plain save conflicts
// again, so nothing is overwritten without a deliberate choice.

// conflictView is the comparison shown above the form after a conflict.
type conflictView struct {
	L      *ui.Locale
	Rows   []conflictRow
	Latest string // the saved version compared against (the overwrite box's value)
	Who    string // who saved meanwhile, as the history names them
	Reload string // the edit page, to start again from the saved version
}

// conflictRow is one field that differs.
type conflictRow struct {
	Label, Theirs, Yours string
	ByOthers             bool // changed by someone else since the page was opened
}

// shownValue is what field f shows, as text: the option labels of a
// choice, a date written out.
func shownValue(l *ui.Locale, f *mfield) string {
	switch f.Kind {
	case "radios", "select", "checks":
		var out []string
		for _, o := range f.Options {
			if o.Selected && o.Value != "" {
				out = append(out, o.Text)
			}
		}
		return strings.Join(out, l.T("hosts.conflict.list_sep"))
	case "date":
		if d, ok := service.ReadDate(f.Year, f.Month, f.Day); ok {
			return l.Date(d)
		}
		return strings.TrimSpace(f.Year + "/" + f.Month + "/" + f.Day)
	case "number":
		if n, ok := service.ReadNumber(f.Value, "円"); ok {
			return blankZero(n)
		}
	}
	return strings.TrimSpace(furusato.Newlines(f.Value))
}

// conflictRows compares the form as typed (yours) with the saved version
// (theirs); changed names the fields changed by others since.
func conflictRows(l *ui.Locale, yours, theirs projectFormPage, changed []string) []conflictRow {
	var rows []conflictRow
	for i, set := range yours.Sets {
		for j, f := range set.Fields {
			a, b := shownValue(l, f), shownValue(l, theirs.Sets[i].Fields[j])
			if a != b {
				rows = append(rows, conflictRow{Label: f.Label, Yours: a, Theirs: b, ByOthers: slices.Contains(changed, f.Name)})
			}
		}
	}
	return rows
}

// changedSince returns the fields that others changed on project id after
// the version seen (a Version, Unix milliseconds), and their names.
func (h *Handler) changedSince(r *http.Request, id, seen int64) (fields []string, who []string) {
	hist, err := h.svc.Projects.History(r.Context(), httpx.ActorFrom(r.Context()), id)
	if err != nil {
		return nil, nil // the comparison still shows every difference
	}
	after := time.UnixMilli(seen)
	for _, e := range hist {
		// At the version's millisecond or later: a save is a new version
		// even when the clock has not moved on.
		if !e.At.Before(after) && e.Action == furusato.HistoryEdited {
			fields = append(fields, e.Changes...)
			if e.ActorName != "" && !slices.Contains(who, e.ActorName) {
				who = append(who, e.ActorName)
			}
		}
	}
	return fields, who
}

// withConflict adds the comparison to p, the form as typed at version
// seen, against the saved project pr.
func (h *Handler) withConflict(r *http.Request, l *ui.Locale, p *projectFormPage, pr *furusato.Project, seen int64) error {
	theirs, err := h.projectForm(r, l, p.Title, valuesOf(pr), p.CanAssign)
	if err != nil {
		return err
	}
	changed, who := h.changedSince(r, pr.ID, seen)
	p.Conflict = &conflictView{L: l, Rows: conflictRows(l, *p, theirs, changed), Latest: strconv.FormatInt(pr.Version(), 10),
		Who: strings.Join(who, l.T("hosts.conflict.list_sep")), Reload: manageURL(pr.ID) + "/edit"}
	return nil
}

// overwriteVersion is the version a save is made to: the one the form was
// read at, or, when the person chose to overwrite after a conflict, the
// one they compared against.
func overwriteVersion(r *http.Request) int64 {
	version, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("version")), 10, 64)
	if v, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("overwrite")), 10, 64); err == nil && v > 0 {
		return v
	}
	return version
}
