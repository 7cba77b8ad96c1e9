package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// Participation records (issue 10): the public verification page, the
// printable certificate, the participant's public toggle, the company's
// confirmation form and the admin's revocation form; and the /ob3
// documents a verifier fetches (issuer profile, credential, status list).

// The media types of the verifier documents (credentials.md).
const (
	mediaVC     = "application/vc"
	mediaJSONLD = "application/ld+json"
)

func recordURL(id int64) string { return service.RecordPath(id) }

// recordPage is GET /records/{id} and its certificate.
type recordPage struct {
	ui.Base
	Problems    []problem
	V           *service.RecordView
	Status      string // valid, revoked or draft, in words
	StatusTone  string
	Period      string
	Hours       string
	Issued      string
	Revoked     string
	ProjectURL  string
	Can         map[string]bool // by policy action name, for the template
	ConfirmURL  string
	RevokeURL   string
	PublicURL   string
	Certificate string
	URL         string // the record's page
}

// recordView reads record id for the request's actor; 404 for a bad id.
func (h *Handler) recordView(r *http.Request) (*service.RecordView, error) {
	id := pathID(r)
	if id == 0 {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Record not found.")
	}
	return h.svc.Records.View(r.Context(), actorOf(r), id)
}

func (h *Handler) recordPage(r *http.Request, l *ui.Locale, v *service.RecordView) recordPage {
	rec := v.Record
	p := recordPage{Base: h.base(r, l, l.T("records.title", "Project", rec.ProjectTitle)), V: v, Can: map[string]bool{},
		Period: l.Date(rec.Start) + "〜" + l.Date(rec.End), Hours: l.T("records.hours_value", "Hours", ui.Num(rec.Hours)),
		Issued: l.Date(rec.IssuedAt), Revoked: l.Date(rec.RevokedAt),
		ConfirmURL: service.RecordConfirmPath(rec.ID), RevokeURL: "/admin" + recordURL(rec.ID) + "/revoke",
		PublicURL: recordURL(rec.ID) + "/public", Certificate: recordURL(rec.ID) + "/certificate", URL: recordURL(rec.ID)}
	p.HeaderSearch = false
	for act, ok := range v.Can {
		p.Can[string(act)] = ok
	}
	switch rec.Status {
	case furusato.RecordIssued:
		p.Status, p.StatusTone = l.T("records.status_valid"), "green"
	case furusato.RecordRevoked:
		p.Status, p.StatusTone = l.T("records.status_revoked"), "grey"
	default:
		p.Status, p.StatusTone = l.T("records.status_draft"), "yellow"
	}
	if rec.Shown() {
		p.Canonical = h.abs(recordURL(rec.ID))
	} else {
		p.NoIndex = true
	}
	if v.CredentialURL != "" {
		p.Alternates = []ui.Alternate{{Type: mediaVC, Href: v.CredentialURL}}
	}
	return p
}

// recordShow is GET /records/{id}: the verification page.
func (h *Handler) recordShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	v, err := h.recordView(r)
	if err != nil {
		return err
	}
	if !v.Record.Shown() {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	return h.render(w, http.StatusOK, "record", h.recordPage(r, l, v))
}

// recordCertificate is GET /records/{id}/certificate: the printable
// certificate of an issued record.
func (h *Handler) recordCertificate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	v, err := h.recordView(r)
	if err != nil {
		return err
	}
	if v.Record.Status == furusato.RecordDraft {
		return furusato.Errorf(furusato.ENOTFOUND, "Record not found.")
	}
	if !v.Record.Shown() {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	p := h.recordPage(r, l, v)
	p.Title = l.T("records.certificate_title")
	p.NoIndex = true
	return h.render(w, http.StatusOK, "record_certificate", p)
}

// recordPublic is POST /records/{id}/public: the participant shows or
// hides their record.
func (h *Handler) recordPublic(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := pathID(r)
	public := r.PostFormValue("public") == "1"
	if err := h.svc.Records.SetPublic(r.Context(), actorOf(r), id, public); err != nil {
		return err
	}
	flash := "records.flash_private"
	if public {
		flash = "records.flash_public"
	}
	h.redirect(w, r, recordURL(id), flash)
	return nil
}

// recordConfirmPage is the company's confirmation form.
type recordConfirmPage struct {
	ui.Base
	Problems      []problem
	Record        *furusato.Record
	Period        string
	Role, Hours   field
	Words         string
	WordsError    string
	Consent       bool
	ConsentError  string
	Action        string
	ReportedHours string
}

func (h *Handler) recordConfirmPage(r *http.Request, l *ui.Locale, rec *furusato.Record, c furusato.RecordConfirmation, hours string) recordConfirmPage {
	p := recordConfirmPage{Base: h.base(r, l, l.T("records.confirm_title")), Record: rec,
		Period: l.Date(rec.Start) + "〜" + l.Date(rec.End), Words: c.Words, Consent: c.Consent,
		Action: service.RecordConfirmPath(rec.ID), ReportedHours: ui.Num(rec.ReportedHours)}
	p.NoIndex, p.HeaderSearch = true, false
	p.Role = field{L: l, ID: "role", Name: "role", Type: "text", Label: l.T("records.role"), Hint: l.T("records.role_hint"), Value: c.Role}
	p.Hours = field{L: l, ID: "hours", Name: "hours", Type: "text", Inputmode: "numeric", Label: l.T("records.hours"),
		Hint: l.T("records.hours_hint", "Hours", ui.Num(rec.ReportedHours)), Value: hours}
	return p
}

// recordConfirmForm is GET /records/{id}/confirm.
func (h *Handler) recordConfirmForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	v, err := h.recordView(r)
	if err != nil {
		return err
	}
	if err := policy.Record(actorOf(r), policy.RecordConfirm, v.Record.Scope()); err != nil {
		if furusato.ErrorCode(err) == furusato.ECONFLICT { // issued meanwhile: its page says so
			h.redirect(w, r, recordURL(v.Record.ID), "records.flash_already_issued")
			return nil
		}
		return err
	}
	c := furusato.RecordConfirmation{Role: v.Record.Role, Hours: v.Record.Hours}
	return h.render(w, http.StatusOK, "record_confirm", h.recordConfirmPage(r, l, v.Record, c, strconv.Itoa(v.Record.Hours)))
}

// recordConfirm is POST /records/{id}/confirm: issues the record.
func (h *Handler) recordConfirm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	perr := parseForm(w, r)
	v, err := h.recordView(r)
	if err != nil {
		return err
	}
	hoursText := strings.TrimSpace(r.PostFormValue("hours"))
	c := furusato.RecordConfirmation{Role: r.PostFormValue("role"), Words: r.PostFormValue("words"), Consent: r.PostFormValue("consent") == "1"}
	hours, herr := strconv.Atoi(hoursText)
	c.Hours = hours
	if perr == nil && herr != nil {
		perr = &furusato.Error{Code: furusato.EINVALID, Message: "Hours must be a number.", Fields: map[string]string{"hours": "records.error.hours"}}
	}
	err = perr
	if err == nil {
		_, err = h.svc.Records.Confirm(r.Context(), actorOf(r), v.Record.ID, c)
	}
	if err == nil {
		h.redirect(w, r, recordURL(v.Record.ID), "records.flash_issued")
		return nil
	}
	if !inputError(err) {
		return err
	}
	p := h.recordConfirmPage(r, l, v.Record, c, hoursText)
	fs := &form{Fields: []field{p.Role, p.Hours}}
	errs := furusato.ErrorFields(err)
	if key, ok := errs["words"]; ok {
		p.WordsError = recordFieldError(l, "words", key)
	}
	if key, ok := errs["consent"]; ok {
		p.ConsentError = recordFieldError(l, "consent", key)
	}
	rest := &furusato.Error{Code: furusato.EINVALID, Fields: map[string]string{}}
	for k, v := range errs {
		if k != "words" && k != "consent" {
			rest.Fields[k] = v
		}
	}
	if len(rest.Fields) > 0 {
		for i := range fs.Fields { // in the records' own words, with their limits
			fd := &fs.Fields[i]
			if key, ok := rest.Fields[fd.Name]; ok {
				fd.Error = recordFieldError(l, fd.Name, key)
				p.Problems = append(p.Problems, problem{Text: fd.Error, Anchor: fd.ID})
			}
		}
	}
	p.Role, p.Hours = fs.Fields[0], fs.Fields[1]
	if p.WordsError != "" {
		p.Problems = append(p.Problems, problem{Text: p.WordsError, Anchor: "words"})
	}
	if p.ConsentError != "" {
		p.Problems = append(p.Problems, problem{Text: p.ConsentError, Anchor: "consent"})
	}
	return h.render(w, errorStatus(err), "record_confirm", p)
}

// recordErrorKeys words the domain's generic field errors of a record
// confirmation (furusato.RecordConfirmation.Validate) in the records' own
// messages, which the shared catalogue does not hold.
var recordErrorKeys = map[string]string{
	"role error.required":  "records.error.role_required",
	"role error.too_long":  "records.error.role_long",
	"role error.invalid":   "records.error.role_long",
	"hours error.range":    "records.error.hours_range",
	"words error.too_long": "records.error.words_long",
}

// recordFieldError is the message beside field name for the error key.
func recordFieldError(l *ui.Locale, name, key string) string {
	if id, ok := recordErrorKeys[name+" "+key]; ok {
		key = id
	}
	if key == furusato.ErrBadText && name != "consent" {
		return ruleMessage(l, l.T("records."+name), kindInput, key, nil)
	}
	max := map[string]int{"role": furusato.MaxRecordRole, "hours": furusato.MaxRecordHours, "words": furusato.MaxRecordWords}[name]
	return l.T(key, "Max", ui.Num(max))
}

// recordRevokePage is the admin's revocation form.
type recordRevokePage struct {
	ui.Base
	Problems    []problem
	Record      *furusato.Record
	Reason      string
	ReasonError string
	Action      string
	RecordURL   string
}

// recordRevokeForm is GET /admin/records/{id}/revoke.
func (h *Handler) recordRevokeForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	v, err := h.recordView(r)
	if err != nil {
		return err
	}
	if err := policy.Record(actorOf(r), policy.RecordRevoke, v.Record.Scope()); err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "record_revoke", h.recordRevokePage(r, l, v, ""))
}

func (h *Handler) recordRevokePage(r *http.Request, l *ui.Locale, v *service.RecordView, reason string) recordRevokePage {
	p := recordRevokePage{Base: h.adminBase(r, l, l.T("records.revoke_title")), Record: v.Record, Reason: reason,
		Action: "/admin" + recordURL(v.Record.ID) + "/revoke", RecordURL: recordURL(v.Record.ID)}
	return p
}

// recordRevoke is POST /admin/records/{id}/revoke.
func (h *Handler) recordRevoke(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	perr := parseForm(w, r)
	v, err := h.recordView(r)
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	err = perr
	if err == nil {
		err = h.svc.Records.Revoke(r.Context(), actorOf(r), v.Record.ID, reason)
	}
	if err == nil {
		h.redirect(w, r, recordURL(v.Record.ID), "records.flash_revoked")
		return nil
	}
	if furusato.ErrorCode(err) == furusato.ECONFLICT {
		// Revoked already (a double click, the back button, another
		// admin): the record's page tells the outcome, with its reason.
		if now, verr := h.recordView(r); verr == nil && now.Record.Status == furusato.RecordRevoked {
			h.redirect(w, r, recordURL(v.Record.ID), "records.flash_already_revoked")
			return nil
		}
	}
	if !inputError(err) {
		return err
	}
	p := h.recordRevokePage(r, l, v, furusato.CleanText(reason))
	if key, ok := furusato.ErrorFields(err)["reason"]; ok {
		p.ReasonError = fieldError(l, l.T("records.revoke_reason"), "reason", key, furusato.ErrorParams(err)["reason"])
		p.Problems = []problem{{Text: p.ReasonError, Anchor: "reason"}}
	} else {
		p.Problems = applyErrors(l, err, nil)
	}
	return h.render(w, errorStatus(err), "record_revoke", p)
}

// The verifier documents: JSON-LD, for anyone and any origin (a verifier
// in a browser fetches them across origins), never cached stale (a
// revocation must show at once).

func writeLD(w http.ResponseWriter, r *http.Request, media string, body []byte, err error) {
	if err != nil {
		if furusato.ErrorCode(err) == furusato.ENOTFOUND {
			http.Error(w, "Not found.", http.StatusNotFound)
			return
		}
		httpx.LogError(r, err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", media)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(body)
}

// ob3Issuer is GET /ob3/issuer: the issuer profile with every key.
func (h *Handler) ob3Issuer(w http.ResponseWriter, r *http.Request) {
	b, err := h.svc.Records.IssuerProfile(r.Context())
	writeLD(w, r, mediaJSONLD, b, err)
}

// ob3Credential is GET /ob3/credentials/{id}.
func (h *Handler) ob3Credential(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if id <= 0 {
		http.Error(w, "Not found.", http.StatusNotFound)
		return
	}
	b, err := h.svc.Records.Credential(r.Context(), id)
	writeLD(w, r, mediaVC, b, err)
}

// ob3StatusList is GET /ob3/status/{n}.
func (h *Handler) ob3StatusList(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if n <= 0 {
		http.Error(w, "Not found.", http.StatusNotFound)
		return
	}
	b, err := h.svc.Records.StatusList(r.Context(), n)
	writeLD(w, r, mediaVC, b, err)
}

// myRecords lists, for My page, the actor's records (project and status)
// and the drafts waiting for them as a company's staff.
func (h *Handler) myRecords(r *http.Request, l *ui.Locale) (mine, todo []jaLink, err error) {
	recs, err := h.svc.Records.Mine(r.Context(), actorOf(r))
	if err != nil {
		return nil, nil, err
	}
	for _, rec := range recs {
		mine = append(mine, jaLink{URL: recordURL(rec.ID), Text: l.JaIn(l.T("records.link", "Title", rec.ProjectTitle, "Status", recordStatusText(l, rec)), rec.ProjectTitle)})
	}
	drafts, err := h.svc.Records.ToConfirm(r.Context(), actorOf(r))
	if err != nil {
		return nil, nil, err
	}
	for _, rec := range drafts {
		todo = append(todo, jaLink{URL: service.RecordConfirmPath(rec.ID), Text: l.JaIn(rec.ProjectTitle+" — "+rec.ParticipantName, rec.ProjectTitle, rec.ParticipantName)})
	}
	return mine, todo, nil
}

// recordStatusText words where record rec stands for its participant.
func recordStatusText(l *ui.Locale, rec *furusato.Record) string {
	switch {
	case rec.Status == furusato.RecordDraft:
		return l.T("records.status_draft")
	case rec.Status == furusato.RecordRevoked:
		return l.T("records.status_revoked")
	case rec.Public:
		return l.T("records.status_visibility", "Status", l.T("records.status_valid"), "Visibility", l.T("records.public"))
	}
	return l.T("records.status_visibility", "Status", l.T("records.status_valid"), "Visibility", l.T("records.private"))
}
