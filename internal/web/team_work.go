package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The team's day-to-day work on the workspace and its own pages (issue
// 10, items 4 and 5): milestones, the team thread, check-ins and their
// comments. Handlers parse, call one service.Teams method and render;
// every permission is the service's (policy.Team).

// teamWorkView is the workspace section (partials_team_work.html).
type teamWorkView struct {
	TeamURL        string
	Milestones     []milestoneRow
	CanMilestone   bool
	Unread         int
	Recent         []threadMessage
	CanMessage     bool
	Latest         *checkInView
	Participant    bool   // the viewer writes check-ins
	DueText        string // when the viewer's next check-in is due, "" for none
	DueNow         bool
	CheckInFormURL string
}

// milestoneRow is one milestone as listed.
type milestoneRow struct {
	ID       int64
	Title    string
	Due      string
	Datetime string // YYYY-MM-DD
	Overdue  bool
	Owner    string
	Status   string // in words
	Open     bool
	EditURL  string
	MoveURL  string
}

// checkInRow is one check-in as shown.
type checkInRow struct {
	ID       int64
	Author   string
	Seq      int
	Period   string
	Time     string
	Datetime string
	Done     string
	Next     string
	Blockers string
	Hours    int
	Comments []commentRow
	// The comment form, on the timeline for those who may comment.
	CommentURL   string
	CommentBody  string
	CommentError string
}

// checkInView is what the "team-checkin" template shows: one check-in
// with the page's locale.
type checkInView struct {
	L *ui.Locale
	C *checkInRow
}

// commentRow is one comment on a check-in.
type commentRow struct {
	Author, Role, Time, Datetime, Body string
}

// teamWork fills the workspace section of ws for the request's actor.
func teamWork(r *http.Request, l *ui.Locale, ws *service.Workspace) *teamWorkView {
	if ws == nil || ws.Work == nil {
		return nil
	}
	a := actorOf(r)
	wk := ws.Work
	id := ws.Team.ID
	v := &teamWorkView{TeamURL: teamURL(id), CanMilestone: ws.Can[policy.MilestoneEdit], CanMessage: ws.Can[policy.TeamMessage],
		Unread: wk.Unread, Participant: ws.Can[policy.CheckInWrite] && !ws.Team.Ended(), DueNow: wk.DueNow,
		CheckInFormURL: service.CheckInFormPath(id)}
	for _, m := range wk.Milestones {
		v.Milestones = append(v.Milestones, newMilestoneRow(l, id, m, wk.Today))
	}
	for _, m := range wk.Recent {
		v.Recent = append(v.Recent, newTeamMessage(l, a, m))
	}
	if wk.Latest != nil {
		v.Latest = &checkInView{L: l, C: newCheckInRow(l, wk.Latest, nil)}
	}
	if !wk.CheckInDue.IsZero() {
		v.DueText = l.Date(wk.CheckInDue)
	}
	return v
}

func newMilestoneRow(l *ui.Locale, teamID int64, m *furusato.Milestone, today furusato.Date) milestoneRow {
	owner := m.OwnerName
	if owner == "" {
		owner = l.T("work.milestone_no_owner")
	}
	base := teamURL(teamID) + "/milestones/" + strconv.FormatInt(m.ID, 10)
	return milestoneRow{ID: m.ID, Title: m.Title, Due: l.Date(m.Due), Datetime: m.Due.String(), Overdue: m.Overdue(today),
		Owner: owner, Status: l.T("work.milestone_status_" + string(m.Status)), Open: m.Status == furusato.MilestoneOpen,
		EditURL: base + "/edit", MoveURL: base + "/status"}
}

func newTeamMessage(l *ui.Locale, a *furusato.Actor, m *furusato.TeamMessage) threadMessage {
	author := m.AuthorName
	if author == "" {
		author = l.T("messages.former_user")
	}
	return threadMessage{ID: m.ID, Author: author, Mine: a.SignedIn() && m.AuthorID == a.User.ID,
		Time: when(l, m.CreatedAt), Datetime: m.CreatedAt.Format(time.RFC3339), Body: m.Body}
}

func newCheckInRow(l *ui.Locale, c *furusato.CheckIn, comments []*furusato.CheckInComment) *checkInRow {
	author := c.AuthorName
	if author == "" {
		author = l.T("messages.former_user")
	}
	row := &checkInRow{ID: c.ID, Author: author, Seq: c.Seq, Time: when(l, c.CreatedAt), Datetime: c.CreatedAt.Format(time.RFC3339),
		Period: l.T("work.checkin_period", "From", l.Date(c.PeriodStart), "To", l.Date(c.PeriodEnd)),
		Done:   c.Done, Next: c.Next, Blockers: c.Blockers, Hours: c.Hours}
	for _, cm := range comments {
		name := cm.AuthorName
		if name == "" {
			name = l.T("messages.former_user")
		}
		role := ""
		if cm.Role != "" {
			role = teamRoleText(l, cm.Role)
		}
		row.Comments = append(row.Comments, commentRow{Author: name, Role: role, Time: when(l, cm.CreatedAt),
			Datetime: cm.CreatedAt.Format(time.RFC3339), Body: cm.Body})
	}
	return row
}

// workError words a field error key of this area with the field's label
// and the error's bounds (ruleMessage); max is the field's length limit,
// for an error that does not carry it.
func workError(l *ui.Locale, key, label, kind string, params furusato.Params, max int) string {
	if key == "" {
		return ""
	}
	p := furusato.Params{"Max": max}
	for k, v := range params {
		p[k] = v
	}
	if r := genericRules[key]; r == "date" || r == "required" || r == "invalid" {
		delete(p, "Max") // a bound that is not theirs
	}
	return ruleMessage(l, label, kind, key, p)
}

// teamIDs reads {id} and, when present, {mid} of the path.
func teamSubID(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// ---- milestones

// milestonePage is the form that adds or edits a milestone.
type milestonePage struct {
	ui.Base
	Problems []problem
	TeamURL  string
	Action   string
	Edit     bool
	Name     string // the milestone's title as typed (the page's is Title)
	Year     string
	Month    string
	Day      string
	Owners   []selectOption
	Statuses []selectOption
	From     string
	Errors   map[string]string // field → message
}

func (h *Handler) milestoneForm(r *http.Request, l *ui.Locale, id int64, m *furusato.Milestone, members []furusato.TeamMember, in service.MilestoneInput, err error) milestonePage {
	edit := m != nil && m.ID != 0
	title := l.T("work.milestone_add")
	action := teamURL(id) + "/milestones"
	if edit {
		title, action = l.T("work.milestone_edit"), teamURL(id)+"/milestones/"+strconv.FormatInt(m.ID, 10)
	}
	p := milestonePage{Base: h.base(r, l, title), TeamURL: teamURL(id), Action: action, Edit: edit,
		Name: in.Title, Year: in.DueYear, Month: in.DueMonth, Day: in.Day, From: in.From, Errors: map[string]string{}}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	p.Owners = append(p.Owners, selectOption{Value: "", Text: l.T("work.milestone_no_owner"), Selected: in.Owner == ""})
	seen := map[int64]bool{}
	for _, mb := range members {
		if seen[mb.UserID] {
			continue
		}
		seen[mb.UserID] = true
		v := strconv.FormatInt(mb.UserID, 10)
		p.Owners = append(p.Owners, selectOption{Value: v, Text: mb.Name + "（" + teamRoleText(l, mb.Role) + "）", Selected: in.Owner == v})
	}
	for _, s := range furusato.MilestoneStatuses {
		p.Statuses = append(p.Statuses, selectOption{Value: string(s), Text: l.T("work.milestone_status_" + string(s)), Selected: in.Status == string(s)})
	}
	if err != nil {
		fields, params := furusato.ErrorFields(err), furusato.ErrorParams(err)
		for _, name := range []string{"title", "due", "owner", "status"} {
			if key := fields[name]; key != "" {
				kind := kindInput
				if name == "owner" || name == "status" {
					kind = kindChoice
				}
				p.Errors[name] = workError(l, key, l.T("work.milestone_"+name), kind, params[name], furusato.MaxMilestone)
				anchor := "milestone-" + name
				if name == "due" {
					anchor = "milestone-year"
				}
				p.Problems = append(p.Problems, problem{Text: p.Errors[name], Anchor: anchor})
			}
		}
		if len(p.Problems) == 0 {
			p.Problems = []problem{{Text: errorText(l, err)}}
		}
		p.ErrorTitle = true
	}
	return p
}

// errorText words an error without a field of this area: a conflict or
// rate limit by its code, anything else generically.
func errorText(l *ui.Locale, err error) string {
	switch furusato.ErrorCode(err) {
	case furusato.ECONFLICT:
		return l.T("work.error.conflict")
	case furusato.ERATELIMIT:
		return l.T("messages.error.too_many")
	}
	if f := furusato.ErrorFields(err); f[bodyField] != "" {
		return l.T(f[bodyField])
	}
	return l.T("work.error.generic")
}

func milestoneInput(r *http.Request) service.MilestoneInput {
	return service.MilestoneInput{Title: r.PostFormValue("title"), DueYear: r.PostFormValue("year"), DueMonth: r.PostFormValue("month"),
		Day: r.PostFormValue("day"), Owner: r.PostFormValue("owner"), From: r.PostFormValue("from"), Status: r.PostFormValue("status")}
}

// milestoneNew is GET /teams/{id}/milestones/new.
func (h *Handler) milestoneNew(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := pathID(r)
	_, members, err := h.svc.Teams.Milestones(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "team_milestone", h.milestoneForm(r, l, id, nil, members, service.MilestoneInput{}, nil))
}

// milestoneCreate is POST /teams/{id}/milestones.
func (h *Handler) milestoneCreate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := pathID(r)
	err := parseForm(w, r)
	in := milestoneInput(r)
	if err == nil {
		if _, err = h.svc.Teams.AddMilestone(r.Context(), actorOf(r), id, in); err == nil {
			h.redirect(w, r, teamURL(id)+"#s-milestones", "work.flash_milestone_added")
			return nil
		}
	}
	if !formError(err) {
		return err
	}
	_, members, lerr := h.svc.Teams.Milestones(r.Context(), actorOf(r), id)
	if lerr != nil {
		return lerr
	}
	return h.render(w, errorStatus(err), "team_milestone", h.milestoneForm(r, l, id, nil, members, in, err))
}

// milestoneEditForm is GET /teams/{id}/milestones/{mid}/edit.
func (h *Handler) milestoneEditForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id, mid := pathID(r), teamSubID(r, "mid")
	m, members, err := h.svc.Teams.Milestone(r.Context(), actorOf(r), id, mid)
	if err != nil {
		return err
	}
	in := service.MilestoneInput{Title: m.Title, DueYear: strconv.Itoa(m.Due.Year), DueMonth: strconv.Itoa(int(m.Due.Month)),
		Day: strconv.Itoa(m.Due.Day), From: string(m.Status), Status: string(m.Status)}
	if m.OwnerID != 0 {
		in.Owner = strconv.FormatInt(m.OwnerID, 10)
	}
	return h.render(w, http.StatusOK, "team_milestone", h.milestoneForm(r, l, id, m, members, in, nil))
}

// milestoneUpdate is POST /teams/{id}/milestones/{mid}.
func (h *Handler) milestoneUpdate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id, mid := pathID(r), teamSubID(r, "mid")
	err := parseForm(w, r)
	in := milestoneInput(r)
	if err == nil {
		if _, err = h.svc.Teams.EditMilestone(r.Context(), actorOf(r), id, mid, in); err == nil {
			h.redirect(w, r, teamURL(id)+"#s-milestones", "work.flash_milestone_saved")
			return nil
		}
	}
	if !formError(err) {
		return err
	}
	m, members, lerr := h.svc.Teams.Milestone(r.Context(), actorOf(r), id, mid)
	if lerr != nil {
		return lerr
	}
	if furusato.ErrorCode(err) == furusato.ECONFLICT {
		in.From = string(m.Status) // what is there now; what was typed stays
	}
	return h.render(w, errorStatus(err), "team_milestone", h.milestoneForm(r, l, id, m, members, in, err))
}

// milestoneMove is POST /teams/{id}/milestones/{mid}/status: from the
// status the page showed to another (the workspace's 「完了にする」).
func (h *Handler) milestoneMove(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id, mid := pathID(r), teamSubID(r, "mid")
	if err := parseForm(w, r); err != nil {
		return err
	}
	from, to := furusato.MilestoneStatus(r.PostFormValue("from")), furusato.MilestoneStatus(r.PostFormValue("to"))
	err := h.svc.Teams.MoveMilestone(r.Context(), actorOf(r), id, mid, from, to)
	switch furusato.ErrorCode(err) {
	case "":
		h.redirect(w, r, teamURL(id)+"#s-milestones", "work.flash_milestone_moved")
		return nil
	case furusato.ECONFLICT:
		h.redirect(w, r, teamURL(id)+"#s-milestones", "work.flash_milestone_conflict")
		return nil
	}
	return err
}

// ---- the team thread

// teamThreadPage is GET /teams/{id}/thread: the whole thread and its form.
type teamThreadPage struct {
	ui.Base
	Problems []problem
	TeamURL  string
	Thread   *threadView
	Project  string // the project's title, which the h1 quotes
}

func (h *Handler) teamThreadPage(r *http.Request, l *ui.Locale, th *service.TeamThread) teamThreadPage {
	a := actorOf(r)
	v := &threadView{L: l, Action: teamURL(th.Team.ID) + "/messages", Max: furusato.MaxMessage}
	for _, m := range th.Messages {
		v.Messages = append(v.Messages, newTeamMessage(l, a, m))
	}
	p := teamThreadPage{Base: h.base(r, l, l.T("work.thread_title", "Project", th.Project)), TeamURL: teamURL(th.Team.ID), Thread: v, Project: th.Project}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	return p
}

// teamThread is GET /teams/{id}/thread; it marks the thread read.
func (h *Handler) teamThread(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	th, err := h.svc.Teams.Thread(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "team_thread", h.teamThreadPage(r, l, th))
}

// teamMessagePost is POST /teams/{id}/messages.
func (h *Handler) teamMessagePost(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := pathID(r)
	err := parseForm(w, r)
	body := r.PostFormValue("body")
	if err == nil {
		if _, err = h.svc.Teams.PostMessage(r.Context(), actorOf(r), id, body); err == nil {
			h.redirect(w, r, service.ThreadPath(id)+"#thread", "messages.flash_posted")
			return nil
		}
	}
	if !inputError(err) {
		return err
	}
	th, terr := h.svc.Teams.Thread(r.Context(), actorOf(r), id)
	if terr != nil {
		return terr
	}
	p := h.teamThreadPage(r, l, th)
	key := furusato.ErrorFields(err)["body"]
	if key == "" {
		key = furusato.ErrorFields(err)[bodyField]
	}
	// The domain's generic keys, worded as the entry thread words them.
	switch k, _ := strings.CutPrefix(key, "error."); {
	case key == "":
		key = furusato.ErrBadText
	case k == "required":
		key = "messages.error.body_required"
	case k == "too_long":
		key = "messages.error.body_long"
	}
	p.Thread.Body, p.Thread.Error = body, boundMessage(l, l.T("messages.body"), key, furusato.MaxMessage)
	p.ErrorTitle = true
	p.Problems = []problem{{Text: p.Thread.Error, Anchor: "message-body"}}
	return h.render(w, errorStatus(err), "team_thread", p)
}

// ---- check-ins

// checkInsPage is GET /teams/{id}/checkins: the timeline, newest first.
type checkInsPage struct {
	ui.Base
	Problems   []problem
	TeamURL    string
	Project    string // the project's title, which the h1 quotes
	CheckIns   []checkInView
	OlderURL   string
	NewerURL   string
	CanWrite   bool
	CanComment bool
	FormURL    string
	Max        int
}

func (h *Handler) checkInsPage(r *http.Request, l *ui.Locale, tl *service.CheckInTimeline, before int64) checkInsPage {
	id := tl.Team.ID
	p := checkInsPage{Base: h.base(r, l, l.T("work.checkins_title", "Project", tl.Project)), TeamURL: teamURL(id), Project: tl.Project,
		CanWrite: tl.Can[policy.CheckInWrite], CanComment: tl.Can[policy.CheckInComment], FormURL: service.CheckInFormPath(id),
		Max: furusato.MaxCommentText}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	for _, c := range tl.CheckIns {
		row := newCheckInRow(l, c, tl.Comments[c.ID])
		if p.CanComment {
			row.CommentURL = fmt.Sprintf("%s/checkins/%d/comments", teamURL(id), c.ID)
		}
		p.CheckIns = append(p.CheckIns, checkInView{L: l, C: row})
	}
	if tl.Older != 0 {
		p.OlderURL = fmt.Sprintf("%s/checkins?before=%d", teamURL(id), tl.Older)
	}
	if before != 0 {
		p.NewerURL = teamURL(id) + "/checkins"
	}
	return p
}

// teamCheckIns is GET /teams/{id}/checkins[?before=ID].
func (h *Handler) teamCheckIns(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	var before int64
	if s := r.URL.Query().Get("before"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			h.notFound(w, r, l)
			return nil
		}
		before = n
	}
	tl, err := h.svc.Teams.CheckIns(r.Context(), actorOf(r), pathID(r), before, 0)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "team_checkins", h.checkInsPage(r, l, tl, before))
}

// checkInCommentPost is POST /teams/{id}/checkins/{cid}/comments.
func (h *Handler) checkInCommentPost(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id, cid := pathID(r), teamSubID(r, "cid")
	err := parseForm(w, r)
	body := r.PostFormValue("body")
	if err == nil {
		if _, err = h.svc.Teams.Comment(r.Context(), actorOf(r), id, cid, body); err == nil {
			h.redirect(w, r, service.CheckInPath(id, cid), "work.flash_commented")
			return nil
		}
	}
	if !inputError(err) {
		return err
	}
	// The page of the timeline that starts at this check-in, its form filled.
	tl, terr := h.svc.Teams.CheckIns(r.Context(), actorOf(r), id, cid+1, 0)
	if terr != nil {
		return terr
	}
	p := h.checkInsPage(r, l, tl, cid+1)
	key := furusato.ErrorFields(err)["body"]
	if key == "" {
		key = furusato.ErrorFields(err)[bodyField]
	}
	msg := workError(l, key, l.T("work.comment"), kindInput, furusato.ErrorParams(err)["body"], furusato.MaxCommentText)
	if msg == "" {
		msg = errorText(l, err)
	}
	for _, v := range p.CheckIns {
		if v.C.ID == cid {
			v.C.CommentBody, v.C.CommentError = body, msg
		}
	}
	p.ErrorTitle = true
	p.Problems = []problem{{Text: msg, Anchor: fmt.Sprintf("comment-%d", cid)}}
	return h.render(w, errorStatus(err), "team_checkins", p)
}

// checkInFormPage is GET /teams/{id}/checkins/new: a participant's
// check-in.
type checkInFormPage struct {
	ui.Base
	Problems []problem
	TeamURL  string
	Action   string
	Period   string // from the last check-in to today
	Due      string
	In       service.CheckInInput
	Errors   map[string]string
	Texts    []textareaField // done, next, blockers
	Max      int
	MaxHours int
}

// textareaField is one labelled textarea ("work-textarea").
type textareaField struct {
	L                                   *ui.Locale
	ID, Name, Label, Hint, Value, Error string
	Optional                            bool
}

func (h *Handler) checkInForm(r *http.Request, l *ui.Locale, st *service.CheckInStart, in service.CheckInInput, err error) checkInFormPage {
	id := st.Team.ID
	p := checkInFormPage{Base: h.base(r, l, l.T("work.checkin_new_title")), TeamURL: teamURL(id), Action: teamURL(id) + "/checkins",
		Period: l.T("work.checkin_period", "From", l.Date(st.PeriodStart), "To", l.T("work.today")), Due: l.Date(st.Due),
		In: in, Errors: map[string]string{}, Max: furusato.MaxCheckInText, MaxHours: furusato.MaxCheckInHours}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	if err != nil {
		fields, params := furusato.ErrorFields(err), furusato.ErrorParams(err)
		for _, name := range []string{"done", "next", "blockers", "hours"} {
			if key := fields[name]; key != "" {
				max, ps := furusato.MaxCheckInText, params[name]
				if name == "hours" {
					max, ps = furusato.MaxCheckInHours, withUnit(ps, l.T("hosts.unit.hours_per_week"))
				}
				p.Errors[name] = workError(l, key, l.T("work.checkin_"+name), kindInput, ps, max)
				p.Problems = append(p.Problems, problem{Text: p.Errors[name], Anchor: "checkin-" + name})
			}
		}
		if len(p.Problems) == 0 {
			p.Problems = []problem{{Text: errorText(l, err)}}
		}
		p.ErrorTitle = true
	}
	for _, f := range []struct {
		name, value string
		optional    bool
	}{{"done", in.Done, false}, {"next", in.Next, false}, {"blockers", in.Blockers, true}} {
		p.Texts = append(p.Texts, textareaField{L: l, ID: "checkin-" + f.name, Name: f.name, Label: l.T("work.checkin_" + f.name),
			Hint: l.T("work.checkin_"+f.name+"_hint", "Max", ui.Num(p.Max)), Value: f.value, Error: p.Errors[f.name], Optional: f.optional})
	}
	return p
}

// checkInNew is GET /teams/{id}/checkins/new.
func (h *Handler) checkInNew(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	st, err := h.svc.Teams.StartCheckIn(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "team_checkin_form", h.checkInForm(r, l, st, service.CheckInInput{}, nil))
}

// checkInCreate is POST /teams/{id}/checkins.
func (h *Handler) checkInCreate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := pathID(r)
	err := parseForm(w, r)
	in := service.CheckInInput{Done: r.PostFormValue("done"), Next: r.PostFormValue("next"), Blockers: r.PostFormValue("blockers"), Hours: r.PostFormValue("hours")}
	if err == nil {
		var c *furusato.CheckIn
		if c, err = h.svc.Teams.WriteCheckIn(r.Context(), actorOf(r), id, in); err == nil {
			h.redirect(w, r, service.CheckInPath(id, c.ID), "work.flash_checkin_saved")
			return nil
		}
	}
	if !inputError(err) {
		return err
	}
	st, serr := h.svc.Teams.StartCheckIn(r.Context(), actorOf(r), id)
	if serr != nil {
		return serr
	}
	return h.render(w, errorStatus(err), "team_checkin_form", h.checkInForm(r, l, st, in, err))
}

// teamIDs returns the ids of teams, for one unread count over them.
func teamIDs(teams []service.TeamSummary) []int64 {
	ids := make([]int64, len(teams))
	for i, t := range teams {
		ids[i] = t.Team.ID
	}
	return ids
}
