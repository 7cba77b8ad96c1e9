package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// threadView is the message thread section of an entry page: the
// messages, oldest first, and the form that adds one.
type threadView struct {
	L        *ui.Locale
	Messages []threadMessage
	Action   string // POST target of the form
	Body     string // what was typed, when the form comes back
	Error    string // the message beside the textarea
	Max      int    // the limit, in characters
	Heading  bool   // show the h2 (false on the page of its own, whose h1 says it)
}

// threadMessage is one message as shown.
type threadMessage struct {
	ID       int64
	Author   string
	Mine     bool
	Time     string // 2026年11月24日(火) 14:00
	Datetime string // RFC 3339, for <time datetime>
	Body     string // plain text; the template links it with "linkify"
}

// threadView returns the thread section of entry page d, and marks the
// thread read for the person looking at it.
func (h *Handler) threadView(r *http.Request, l *ui.Locale, d *service.EntryDetail) (*threadView, error) {
	if d == nil || d.Entry == nil {
		return nil, nil
	}
	actor := httpx.ActorFrom(r.Context())
	th, err := h.svc.Messages.Thread(r.Context(), actor, d.Entry.ID)
	if err != nil {
		return nil, err
	}
	return h.newThreadView(l, actor, d.Entry.ID, th.Messages), nil
}

func (h *Handler) newThreadView(l *ui.Locale, actor *furusato.Actor, entryID int64, msgs []*furusato.Message) *threadView {
	v := &threadView{L: l, Action: "/entries/" + strconv.FormatInt(entryID, 10) + "/messages", Max: furusato.MaxMessage, Heading: true}
	for _, m := range msgs {
		author := m.AuthorName
		if author == "" {
			author = l.T("messages.former_user")
		}
		v.Messages = append(v.Messages, threadMessage{
			ID: m.ID, Author: author, Mine: actor.SignedIn() && m.AuthorID == actor.User.ID,
			Time: when(l, m.CreatedAt), Datetime: m.CreatedAt.Format(time.RFC3339), Body: messageBody(l, m.Body),
		})
	}
	return v
}

// messagePage is the thread on a page of its own, shown when a message
// could not be posted (so nothing typed is lost).
type messagePage struct {
	ui.Base
	Problems []problem
	Thread   *threadView
	Back     string
}

// messagePost is POST /entries/{id}/messages: the participant or a host
// adds a message; back to the entry page they came from.
func (h *Handler) messagePost(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := pathID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	err := parseForm(w, r)
	actor := httpx.ActorFrom(r.Context())
	body := r.PostFormValue("body")
	var th *service.Thread
	if err == nil {
		th, _, err = h.svc.Messages.Post(r.Context(), actor, id, body)
		if err == nil {
			h.redirect(w, r, th.EntryPath()+"#thread", "messages.flash_posted")
			return nil
		}
		if !inputError(err) || th == nil {
			return err
		}
	}
	// Thread checks, as Post does, that the actor may write here.
	full, terr := h.svc.Messages.Thread(r.Context(), actor, id)
	if terr != nil {
		return terr
	}
	if th == nil {
		th = full
	}
	v := h.newThreadView(l, actor, id, full.Messages)
	v.Body, v.Heading = body, false
	fields := furusato.ErrorFields(err)
	key := fields["body"]
	if key == "" {
		key = fields[bodyField]
	}
	if key == "" {
		key = furusato.ErrBadText // a field of the form other than the body
	}
	v.Error = boundMessage(l, l.T("messages.body"), key, furusato.MaxMessage)
	p := messagePage{Base: h.base(r, l, l.T("messages.page_title")), Thread: v, Back: th.EntryPath()}
	p.ErrorTitle, p.NoIndex = true, true
	p.Problems = []problem{{Text: v.Error, Anchor: "message-body"}}
	return h.render(w, errorStatus(err), "message_form", p)
}
