package web

import (
	"net/http"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The participant's side: My page (GET /me) and one entry
// (GET /me/entries/{id}) with its withdraw and accept forms.

// myEntryRow is one entry on My page.
type myEntryRow struct {
	URL, Project, ProjectURL string
	Stage                    stageChip
	Next                     string // the next step, in words
	Updated                  string
	Unread                   string // 「未読メッセージ N件」; empty when none
}

// myPage is GET /me.
type myPageData struct {
	ui.Base
	Rows  []myEntryRow
	Teams []jaLink // the person's teams (issue 10), newest first
	// Records are the person's participation records, and ToConfirm the
	// records waiting for them as a company's staff (records.go).
	Records, ToConfirm []jaLink
}

// nextStep words what happens next for entry e; at the interview stage
// it says, from ivs (e's interviews), whether a time is to be picked or
// when the interview is; a proposal whose times have all passed (at now)
// waits for new times, not for a pick.
func nextStep(l *ui.Locale, e *furusato.Entry, ivs []*furusato.Interview, now time.Time) string {
	if e.Stage == furusato.StageInterview {
		for _, iv := range ivs {
			if slot, ok := iv.Chosen(); ok && iv.Status == furusato.InterviewConfirmed {
				return l.T("entries.next.interview_confirmed", "When", l.Slot(slot.Start, slot.End()))
			}
		}
		for _, iv := range ivs {
			if iv.Status == furusato.InterviewProposed && !furusato.AllPassed(iv.Slots, now) {
				return l.T("entries.next.interview_pick")
			}
		}
		for _, iv := range ivs {
			if iv.Status == furusato.InterviewProposed {
				return l.T("fixes.pick.times_passed")
			}
		}
	}
	return l.T("entries.next." + string(e.Stage))
}

// interviewsOf returns the interviews of those of es at the interview
// stage, by entry (one call for a whole page); nil without the service or
// on an error (the generic next step is shown then).
func (h *Handler) interviewsOf(r *http.Request, es []*furusato.Entry) map[int64][]*furusato.Interview {
	var at []*furusato.Entry
	for _, e := range es {
		if e.Stage == furusato.StageInterview {
			at = append(at, e)
		}
	}
	if len(at) == 0 {
		return nil
	}
	by, err := h.svc.Interviews.ForEntries(r.Context(), actorOf(r), at)
	if err != nil {
		httpx.LogError(r, err)
		return nil
	}
	return by
}

// unreadCounts is how many messages by others the actor has not read in
// each of the page's entries es (one query for the page).
func (h *Handler) unreadCounts(r *http.Request, es []*furusato.Entry) (map[int64]int, error) {
	per, _, err := h.svc.Messages.UnreadCounts(r.Context(), actorOf(r), es)
	return per, err
}

// unreadText words n unread messages for a list row; "" when n is 0.
func unreadText(l *ui.Locale, n int) string {
	if n <= 0 {
		return ""
	}
	return l.T("entries.unread_messages", "Count", n)
}

// myPage is GET /me: every own entry with its stage, next step and unread
// messages.
func (h *Handler) myPage(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		es, err := h.svc.Entries.Mine(r.Context(), actorOf(r))
		if err != nil {
			return err
		}
		unread, err := h.unreadCounts(r, es)
		if err != nil {
			return err
		}
		ivs := h.interviewsOf(r, es)
		teams, err := h.svc.Teams.Mine(r.Context(), actorOf(r))
		if err != nil {
			return err
		}
		p := myPageData{Base: h.base(r, l, l.T("entries.my_title"))}
		teamUnread, err := h.svc.Teams.UnreadTeamCounts(r.Context(), actorOf(r), teamIDs(teams))
		if err != nil {
			return err
		}
		for _, t := range teams {
			text := t.Project
			if n := teamUnread[t.Team.ID]; n > 0 {
				text += l.T("work.my_unread", "Count", n)
			}
			p.Teams = append(p.Teams, jaLink{Text: l.JaIn(text, t.Project), URL: teamURL(t.Team.ID)})
		}
		if p.Records, p.ToConfirm, err = h.myRecords(r, l); err != nil {
			return err
		}
		p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
		for _, e := range es {
			row := myEntryRow{URL: myEntryURL(e.ID), Stage: stageOf(l, e.Stage), Next: nextStep(l, e, ivs[e.ID], h.svc.Interviews.Now()), Updated: l.Date(e.UpdatedAt),
				Unread: unreadText(l, unread[e.ID])}
			if e.Project != nil {
				row.Project, row.ProjectURL = e.Project.Title, publicProjectURL(e.Project)
			}
			p.Rows = append(p.Rows, row)
		}
		return h.render(w, http.StatusOK, "my_page", p)
	})
}

// myEntryPage is GET /me/entries/{id}.
type myEntryPage struct {
	ui.Base
	Problems   []problem
	Notice     string // a refusal to explain (places filled)
	E          *furusato.Entry
	ProjectURL string
	Stage      stageChip
	Next       string
	Created    string
	Answers    []link
	History    []eventRow
	Extras     entryExtras
	Withdraw   bool // the link to the withdraw page is shown
	Accept     bool // the accept form is shown
}

func (h *Handler) myEntryPage(r *http.Request, l *ui.Locale, d *service.EntryDetail) (myEntryPage, error) {
	e := d.Entry
	title := l.T("entries.entry_title")
	if e.Project != nil {
		title = l.T("entries.entry_title_of", "Title", e.Project.Title)
	}
	p := myEntryPage{Base: h.base(r, l, title), E: e, Stage: stageOf(l, e.Stage), Next: nextStep(l, e, h.interviewsOf(r, []*furusato.Entry{e})[e.ID], h.svc.Interviews.Now()),
		Created: when(l, e.CreatedAt), Answers: answers(l, e), History: eventRows(l, d.Events)}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	if e.Project != nil {
		p.ProjectURL = publicProjectURL(e.Project)
	}
	p.Withdraw = e.Stage.Active()
	p.Accept = e.Stage == furusato.StageOffered
	x, err := h.extras(r, l, d)
	p.Extras = x
	return p, err
}

// myEntryAgain is entry id's page built afresh for the actor, for a form
// that comes back with an error or a refusal to explain.
func (h *Handler) myEntryAgain(r *http.Request, l *ui.Locale, id int64) (myEntryPage, error) {
	d, err := h.svc.Entries.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return myEntryPage{}, err
	}
	return h.myEntryPage(r, l, d)
}

// publicProjectURL is the page of project p while it is public, and ""
// once it is not (cancelled, or back in draft): the entry then names the
// project without linking to a page that would answer 404.
func publicProjectURL(p *furusato.Project) string {
	if !p.Status.Public() {
		return ""
	}
	return projectURL(p)
}

// answers is what the participant wrote, as terms and values.
func answers(l *ui.Locale, e *furusato.Entry) []link {
	q := e.Questions
	if q == "" {
		q = l.T("entries.none")
	}
	return []link{
		{Text: l.T("entries.field.motivation"), URL: e.Motivation},
		{Text: l.T("entries.field.contribution"), URL: e.Contribution},
		{Text: l.T("entries.field.hours_per_week"), URL: l.T("entries.hours_value", "Count", e.HoursPerWeek)},
		{Text: l.T("entries.field.questions"), URL: q},
	}
}

// myEntry is GET /me/entries/{id}; the entry's hosts are sent to their
// own page of it.
func (h *Handler) myEntry(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		d, err := h.svc.Entries.Get(r.Context(), actorOf(r), pathID(r))
		if err != nil {
			return err
		}
		if d.Host && d.Entry.UserID != actorOf(r).User.ID {
			http.Redirect(w, r, hostEntryURL(d.Entry.ID), http.StatusSeeOther)
			return nil
		}
		// Seen: the notices about it are read (before the header counts them).
		if err := h.svc.Notifier.ReadEntry(r.Context(), actorOf(r), d.Entry.ID); err != nil {
			return err
		}
		p, err := h.myEntryPage(r, l, d)
		if err != nil {
			return err
		}
		return h.render(w, http.StatusOK, "my_entry", p)
	})
}

// myEntryAccept is POST /me/entries/{id}/accept (参画決定). A repeat (a
// double click) is done and says so; when every place was filled
// meanwhile, the page says so politely; any other change (withdrawn in
// another tab, the project cancelled) sends the person back to the entry
// with a flash saying it changed.
func (h *Handler) myEntryAccept(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		id, a := pathID(r), actorOf(r)
		err := h.svc.Entries.Accept(r.Context(), a, id)
		if furusato.ConflictOf(err) == furusato.ConflictFilled {
			p, gerr := h.myEntryAgain(r, l, id)
			if gerr != nil {
				return gerr
			}
			p.Notice = l.T("entries.accept_filled")
			return h.render(w, errorStatus(err), "my_entry", p)
		} else if err != nil {
			return backOnConflict(err, myEntryURL(id), "entries.flash.stale")
		}
		h.redirect(w, r, myEntryURL(id), "entries.flash.accepted")
		return nil
	})
}
