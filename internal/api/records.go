package api

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
)

// recordJS is one participation record of the token's owner. The company's
// words are sent only when the company consented to show them; credential
// is the URL of the signed Open Badges 3.0 credential while the record is
// public and issued (or revoked), else null.
type recordJS struct {
	ID            int64         `json:"id"`
	Project       recordProject `json:"project"`
	Company       string        `json:"company"`
	Role          string        `json:"role"`
	Start         string        `json:"start"`
	End           string        `json:"end"`
	Hours         int           `json:"hours"`
	Words         *string       `json:"words"`
	Status        string        `json:"status"`
	Public        bool          `json:"public"`
	IssuedAt      *string       `json:"issued_at"`
	RevokedAt     *string       `json:"revoked_at"`
	RevokeReason  *string       `json:"revoke_reason"`
	URL           string        `json:"url"`
	CredentialURL *string       `json:"credential"`
}

// recordProject is the project a record is about.
type recordProject struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// myRecordsJS is the response of GET /api/v1/me/records.
type myRecordsJS struct {
	Records []recordJS `json:"records"`
}

// myRecords serves GET /api/v1/me/records: the token owner's records,
// newest first.
func (h *Handler) myRecords(w http.ResponseWriter, r *http.Request) {
	rs, err := h.records.Mine(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	out := myRecordsJS{Records: make([]recordJS, len(rs))}
	for i, rec := range rs {
		out.Records[i] = h.recordOf(rec)
	}
	writeNoStore(w, http.StatusOK, out)
}

func (h *Handler) recordOf(rec *furusato.Record) recordJS {
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	out := recordJS{ID: rec.ID, Project: recordProject{ID: rec.ProjectID, Title: rec.ProjectTitle}, Company: rec.CompanyName,
		Role: rec.Role, Start: rfc3339(rec.Start), End: rfc3339(rec.End), Hours: rec.Hours, Status: string(rec.Status),
		Public: rec.Public, URL: h.base + service.RecordPath(rec.ID), RevokeReason: opt(rec.RevokeReason)}
	if rec.WordsConsent {
		out.Words = opt(rec.Words)
	}
	if !rec.IssuedAt.IsZero() {
		out.IssuedAt = opt(rfc3339(rec.IssuedAt))
	}
	if !rec.RevokedAt.IsZero() {
		out.RevokedAt = opt(rfc3339(rec.RevokedAt))
	}
	if rec.Shown() {
		out.CredentialURL = opt(h.base + service.CredentialPath(rec.ID))
	}
	return out
}
