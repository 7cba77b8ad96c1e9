package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// 「プロフィールを編集する」 inside the entry form and on its check page is a
// submit button: the answers typed so far go along to the profile form as
// hidden fields (nothing is stored), and saving the profile brings the
// person back to the step they came from with every answer in place.

// entryCarryNames are the hidden fields that carry an entry on its way
// through the profile form; entry_project names the project (its key).
var entryCarryNames = []string{"entry_project", "entry_from", "entry_motivation", "entry_contribution", "entry_hours", "entry_questions"}

// entryCarry is the carried entry of a posted profile form; nil when none.
func entryCarry(r *http.Request) []hidden {
	if r.PostFormValue("entry_project") == "" {
		return nil
	}
	out := make([]hidden, 0, len(entryCarryNames))
	for _, n := range entryCarryNames {
		out = append(out, hidden{n, r.PostFormValue(n)})
	}
	return out
}

// entryToProfile is POST /projects/{key}/entry/profile: the profile form,
// carrying the answers posted with it.
func (h *Handler) entryToProfile(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		if err := parseForm(w, r); err != nil {
			return err
		}
		a := httpx.ActorFrom(r.Context())
		st, err := h.svc.Entries.Start(r.Context(), a, r.PathValue("key"))
		if err != nil {
			return err
		}
		in := entryInputOf(r)
		from := "form"
		if r.PostFormValue("from") == "preview" {
			from = "preview"
		}
		p, err := h.svc.PersonalData.GetProfile(r.Context(), a)
		if err != nil {
			return err
		}
		pg := h.profilePage(r, l, inputOf(a.User.DisplayName, p), p)
		pg.Carry = []hidden{{"entry_project", st.Project.Slug}, {"entry_from", from}, {"entry_motivation", in.Motivation},
			{"entry_contribution", in.Contribution}, {"entry_hours", in.Hours}, {"entry_questions", in.Questions}}
		return h.render(w, http.StatusOK, "profile", pg)
	})
}

// backToEntry answers a profile saved from an entry: the step the person
// came from, with their answers and the saved profile, and the flash.
func (h *Handler) backToEntry(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		st, err := h.svc.Entries.Start(r.Context(), httpx.ActorFrom(r.Context()), r.PostFormValue("entry_project"))
		if err != nil {
			return err
		}
		in := entryInput{Motivation: r.PostFormValue("entry_motivation"), Contribution: r.PostFormValue("entry_contribution"),
			Hours: r.PostFormValue("entry_hours"), Questions: r.PostFormValue("entry_questions")}
		saved := l.T("profile.flash_saved")
		if r.PostFormValue("entry_from") == "preview" && st.Closed == furusato.ClosedNot && st.Active == nil {
			if e := in.entry(); e.Validate() == nil {
				p := h.previewPageOf(r, l, st, e)
				p.Flash = saved
				return h.render(w, http.StatusOK, "entry_preview", p)
			}
		}
		p := h.entryFormOf(r, l, st, in, 1)
		p.Flash = saved
		return h.render(w, http.StatusOK, "entry_form", p)
	})
}
