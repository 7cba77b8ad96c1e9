package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The reflections of a team whose work has ended (issue 10, item 7):
// /teams/{id}/reflections holds one's own form and the reflections one
// may read (the service decides which); the workspace shows a short
// section linking to it (partials_team_reflections.html).

func reflectionsURL(id int64) string { return teamURL(id) + "/reflections" }

// reflectionsPage is GET and POST /teams/{id}/reflections.
type reflectionsPage struct {
	ui.Base
	Problems []problem
	Project  string
	TeamURL  string
	Open     bool
	Form     *reflectionForm  // nil when the viewer writes none or may not now
	Mine     *reflectionView  // the viewer's own, when it can no longer change
	Locked   bool             // Mine is locked
	Others   []reflectionView // what the viewer may read
	Writer   bool             // the viewer writes for a side
	Hidden   string           // when the other side's become readable, "" when nothing is hidden
	Waiting  int
}

// reflectionForm is the viewer's own reflection as a form.
type reflectionForm struct {
	L         *ui.Locale
	Action    string
	Side      string // in words
	Questions []reflectionQuestion
	Again     reflectionAgain
	Message   string
	MsgError  string
	Max       int
	Edit      bool // a reflection was sent already (the button updates it)
}

// reflectionQuestion is one rated question of the form.
type reflectionQuestion struct {
	Key, Label, Hint string
	Rating           string // as typed: "1"–"5", or "" for none
	RatingError      string
	Text, TextError  string
	Options          []string // "1"…"5"
}

// reflectionAgain is the side's yes/no question.
type reflectionAgain struct {
	Label, Value, Error string
}

// reflectionView is a reflection as read.
type reflectionView struct {
	L         *ui.Locale
	Heading   string
	When      string
	Datetime  string
	Answers   []reflectionAnswerView
	Again     string // the question
	AgainText string // yes or no in words
	Message   string
}

type reflectionAnswerView struct {
	Label, Rating, Text string
}

var ratingOptions = []string{"1", "2", "3", "4", "5"}

// reflectionsShow is GET /teams/{id}/reflections.
func (h *Handler) reflectionsShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := pathID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	b, err := h.svc.Reflections.Board(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "team_reflections", h.reflectionsPage(r, l, b, nil))
}

// reflectionsPost is POST /teams/{id}/reflections: the viewer sends or
// updates their own; back to the page, or the form again with the errors
// beside the fields and everything typed kept.
func (h *Handler) reflectionsPost(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := pathID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	err := parseForm(w, r)
	in := service.ReflectionInput{Ratings: map[string]int{}, Texts: map[string]string{},
		Again: r.PostFormValue("again"), Message: r.PostFormValue("message")}
	for _, side := range furusato.ReflectionSides {
		for _, q := range side.Questions() {
			if v, ok := r.PostForm[q+"_rating"]; ok && len(v) > 0 {
				n, good := service.ReadNumber(v[0])
				if !good {
					n = -1
				}
				in.Ratings[q] = n
			}
			in.Texts[q] = r.PostFormValue(q + "_text")
		}
	}
	var b *service.ReflectionBoard
	if err == nil {
		b, err = h.svc.Reflections.Write(r.Context(), actorOf(r), id, in)
		if err == nil {
			h.redirect(w, r, reflectionsURL(id), "reflections.flash_saved")
			return nil
		}
		if !formError(err) || b == nil {
			return err
		}
	} else {
		// The form could not be read: nothing is written; the page
		// comes back with what was typed (cleaned) and the error.
		var berr error
		if b, berr = h.svc.Reflections.Board(r.Context(), actorOf(r), id); berr != nil {
			return berr
		}
	}
	p := h.reflectionsPage(r, l, b, &in)
	p.ErrorTitle = true
	p.Problems = reflectionProblems(l, err, p.Form)
	return h.render(w, errorStatus(err), "team_reflections", p)
}

// reflectionsPage fills the page of board b; typed, when not nil, is what
// the viewer sent (their form comes back with it).
func (h *Handler) reflectionsPage(r *http.Request, l *ui.Locale, b *service.ReflectionBoard, typed *service.ReflectionInput) reflectionsPage {
	p := reflectionsPage{Base: h.base(r, l, l.T("reflections.title")), Project: b.Project, TeamURL: teamURL(b.Team.ID),
		Open: b.Open(), Writer: b.Side != "", Waiting: b.Waiting, Locked: b.Locked}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	if b.Side != "" && b.Open() && !b.Revealed() && (b.Mine == nil || b.Waiting > 0) {
		p.Hidden = l.Date(b.Round.RevealAt())
	}
	if b.Mine != nil && !b.CanWrite {
		v := reflectionViewOf(l, b.Mine, "")
		p.Mine = &v
	}
	if b.CanWrite || (typed != nil && b.Side != "" && b.Open()) {
		p.Form = reflectionFormOf(l, b, typed)
	}
	for _, o := range b.Others {
		name := o.AuthorName
		if name == "" {
			name = l.T("reflections.former_member")
		}
		p.Others = append(p.Others, reflectionViewOf(l, o, l.T("reflections.by", "Name", name, "Side", sideText(l, o.Side))))
	}
	return p
}

func sideText(l *ui.Locale, s furusato.ReflectionSide) string {
	return l.T("reflections.side_" + string(s))
}

// reflectionFormOf is the viewer's form: what they typed when it came
// back, else what they sent before, else empty.
func reflectionFormOf(l *ui.Locale, b *service.ReflectionBoard, typed *service.ReflectionInput) *reflectionForm {
	f := &reflectionForm{L: l, Action: reflectionsURL(b.Team.ID), Side: sideText(l, b.Side), Max: furusato.MaxReflectionText,
		Edit: b.Mine != nil, Again: reflectionAgain{Label: l.T("reflections.again." + string(b.Side))}}
	for _, q := range b.Side.Questions() {
		rq := reflectionQuestion{Key: q, Label: l.T("reflections.q." + q), Hint: l.T("reflections.q." + q + "_hint"), Options: ratingOptions}
		switch {
		case typed != nil:
			if n, ok := typed.Ratings[q]; ok && n != 0 {
				rq.Rating = strconv.Itoa(n)
			}
			rq.Text = typed.Texts[q]
		case b.Mine != nil:
			a := b.Mine.Answer(q)
			rq.Rating, rq.Text = strconv.Itoa(a.Rating), a.Text
		}
		f.Questions = append(f.Questions, rq)
	}
	switch {
	case typed != nil:
		f.Again.Value, f.Message = typed.Again, typed.Message
	case b.Mine != nil:
		f.Again.Value, f.Message = string(b.Mine.Again), b.Mine.Message
	}
	return f
}

// reflectionProblems puts the field errors of err beside the form's
// fields and returns the summary, in form order.
func reflectionProblems(l *ui.Locale, err error, f *reflectionForm) []problem {
	fields := furusato.ErrorFields(err)
	var ps []problem
	// The domain's keys (error.required, error.range…) get wordings that
	// name the question.
	word := func(field, key, question string) string {
		switch strings.TrimPrefix(key, "error.") {
		case "required", "range", "invalid":
			switch {
			case field == "again":
				return l.T("reflections.error.again_required", "Question", question)
			case strings.HasSuffix(field, "_rating") && strings.HasSuffix(key, "required"):
				return l.T("reflections.error.rating_required", "Question", question)
			case strings.HasSuffix(field, "_rating"):
				return l.T("reflections.error.rating_range", "Question", question)
			}
		case "too_long":
			return l.T("reflections.error.too_long", "Question", question, "Max", ui.Num(furusato.MaxReflectionText))
		case "bad_text":
			return l.T("reflections.error.bad_text", "Question", question)
		}
		return l.T("error.generic")
	}
	if f != nil {
		for i := range f.Questions {
			q := &f.Questions[i]
			if key, ok := fields[q.Key+"_rating"]; ok {
				q.RatingError = word(q.Key+"_rating", key, q.Label)
				ps = append(ps, problem{Text: q.RatingError, Anchor: "r-" + q.Key + "-1"})
				delete(fields, q.Key+"_rating")
			}
			if key, ok := fields[q.Key+"_text"]; ok {
				q.TextError = word(q.Key+"_text", key, q.Label)
				ps = append(ps, problem{Text: q.TextError, Anchor: "r-" + q.Key + "-text"})
				delete(fields, q.Key+"_text")
			}
		}
		if key, ok := fields["again"]; ok {
			f.Again.Error = word("again", key, f.Again.Label)
			ps = append(ps, problem{Text: f.Again.Error, Anchor: "r-again-yes"})
			delete(fields, "again")
		}
		if key, ok := fields["message"]; ok {
			f.MsgError = word("message", key, l.T("reflections.message"))
			ps = append(ps, problem{Text: f.MsgError, Anchor: "r-message"})
			delete(fields, "message")
		}
	}
	ps = append(ps, wholeFormProblems(l, fields)...)
	if furusato.ErrorCode(err) == furusato.ECONFLICT {
		ps = append(ps, problem{Text: l.T("reflections.error.conflict")})
	} else if len(ps) == 0 || len(fields) > 0 {
		ps = append(ps, problem{Text: l.T("error.generic")})
	}
	return ps
}

// reflectionViewOf is r as read, under heading.
func reflectionViewOf(l *ui.Locale, r *furusato.Reflection, heading string) reflectionView {
	v := reflectionView{L: l, Heading: heading, When: when(l, r.UpdatedAt), Datetime: r.UpdatedAt.Format(time.RFC3339),
		Again: l.T("reflections.again." + string(r.Side)), Message: r.Message}
	if r.Again == furusato.Yes {
		v.AgainText = l.T("reflections.yes")
	} else {
		v.AgainText = l.T("reflections.no")
	}
	for _, a := range r.Answers {
		v.Answers = append(v.Answers, reflectionAnswerView{Label: l.T("reflections.q." + a.Question),
			Rating: l.T("reflections.rating_of", "Rating", a.Rating), Text: a.Text})
	}
	return v
}

// teamReflections is the workspace's reflections section, nil while the
// work goes on.
type teamReflections struct {
	L        *ui.Locale
	URL      string
	Writer   bool // the viewer writes a reflection
	Wrote    bool
	Readable int
}

// teamReflectionsOf returns the workspace section of team ws for the
// request's actor, nil while the team's work goes on.
func (h *Handler) teamReflectionsOf(r *http.Request, l *ui.Locale, ws *service.Workspace) (*teamReflections, error) {
	if !ws.Team.Ended() {
		return nil, nil
	}
	b, err := h.svc.Reflections.Board(r.Context(), actorOf(r), ws.Team.ID)
	if err != nil {
		return nil, err
	}
	return &teamReflections{L: l, URL: reflectionsURL(ws.Team.ID), Writer: b.Side != "", Wrote: b.Mine != nil, Readable: len(b.Others)}, nil
}
