package api

import (
	"net/http"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
)

// The entry workflow through the API, for people with a personal access
// token: their own entries and favourites, and the entries of an
// organisation's projects for its coordinators (and admins). Every
// decision is service.Entries' (and so policy.Entry's); these handlers
// only translate JSON. Private notes, the entry's texts and other
// participants' data are never sent: an entry here is its stage, its
// project and its dates.

// Limits of GET /api/v1/organizations/{id}/entries.
const (
	defaultEntryLimit = 50
	maxEntryLimit     = 200
	maxEntryOffset    = 1_000_000
)

// entryParams are the query parameters of the organisation's entry list.
var entryParams = []string{"stage", "limit", "offset"}

// entryProjectJS names the project of an entry.
type entryProjectJS struct {
	ID    int64  `json:"id"`
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

// participantJS names the participant of an entry, for the hosts.
type participantJS struct {
	ID          int64  `json:"id"`
	DisplayName string `json:"display_name"`
}

// entryJS is one entry as the API sends it.
type entryJS struct {
	ID           int64          `json:"id"`
	Project      entryProjectJS `json:"project"`
	Participant  *participantJS `json:"participant,omitempty"` // the organisation's list only
	Stage        string         `json:"stage"`
	HoursPerWeek int            `json:"hours_per_week"`
	CreatedAt    string         `json:"created_at"`
	UpdatedAt    string         `json:"updated_at"`
	URL          string         `json:"url"` // the entry's page on the site
}

// myEntriesJS is the response of GET /api/v1/me/entries.
type myEntriesJS struct {
	Entries []entryJS `json:"entries"`
}

// favoriteJS is one favourite project.
type favoriteJS struct {
	ID       int64   `json:"id"`
	Slug     string  `json:"slug"`
	Title    string  `json:"title"`
	Deadline *string `json:"deadline"`
	URL      string  `json:"url"`
}

// favoritesJS is the response of GET /api/v1/me/favorites.
type favoritesJS struct {
	Projects []favoriteJS `json:"projects"`
}

// orgEntriesJS is the response of GET /api/v1/organizations/{id}/entries.
type orgEntriesJS struct {
	Entries []entryJS `json:"entries"`
	Total   int       `json:"total"`
	Limit   int       `json:"limit"`
	Offset  int       `json:"offset"`
}

// entryOf translates e; page is the site path of the entry's page for the
// reader ("/me/entries/" or "/manage/entries/"); withParticipant adds the
// participant's id and name (hosts only).
func (h *Handler) entryOf(e *furusato.Entry, page string, withParticipant bool) entryJS {
	out := entryJS{ID: e.ID, Project: entryProjectJS{ID: e.ProjectID}, Stage: string(e.Stage),
		HoursPerWeek: e.HoursPerWeek, CreatedAt: rfc3339(e.CreatedAt), UpdatedAt: rfc3339(e.UpdatedAt),
		URL: h.base + page + strconv.FormatInt(e.ID, 10)}
	if p := e.Project; p != nil {
		out.Project.Slug, out.Project.Title = p.Slug, p.Title
	}
	if withParticipant {
		pj := &participantJS{ID: e.UserID}
		if e.Participant != nil {
			pj.DisplayName = e.Participant.DisplayName
		}
		out.Participant = pj
	}
	return out
}

// myEntries serves GET /api/v1/me/entries: the token owner's entries, most
// recently changed first.
func (h *Handler) myEntries(w http.ResponseWriter, r *http.Request) {
	es, err := h.entries.Mine(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	out := myEntriesJS{Entries: make([]entryJS, len(es))}
	for i, e := range es {
		out.Entries[i] = h.entryOf(e, "/me/entries/", false)
	}
	writeNoStore(w, http.StatusOK, out)
}

// myFavorites serves GET /api/v1/me/favorites: the token owner's favourite
// projects (気になる), newest mark first.
func (h *Handler) myFavorites(w http.ResponseWriter, r *http.Request) {
	ps, err := h.entries.Favorites(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	out := favoritesJS{Projects: make([]favoriteJS, len(ps))}
	for i, p := range ps {
		out.Projects[i] = favoriteJS{ID: p.ID, Slug: p.Slug, Title: p.Title, Deadline: dateOrNil(p.Deadline), URL: h.projectURL(p.Slug)}
	}
	writeNoStore(w, http.StatusOK, out)
}

// organizationEntries serves GET /api/v1/organizations/{id}/entries: the
// entries of the organisation's projects, newest change first, for its
// coordinators and admins (everyone else: 404, as for no such
// organisation).
func (h *Handler) organizationEntries(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		httpx.WriteJSONError(w, r, furusato.Errorf(furusato.ENOTFOUND, "Organization not found."))
		return
	}
	p := newParams(r.URL.Query())
	var f service.BoardFilter
	if s := p.one("stage"); s != "" {
		if f.Stage = furusato.Stage(s); !f.Stage.Valid() {
			p.bad("stage", errInvalid)
		}
	}
	f.Limit = p.number("limit", defaultEntryLimit, 1, maxEntryLimit)
	f.Offset = p.number("offset", 0, 0, maxEntryOffset)
	f.Sort, f.Desc = "updated", true
	if err := p.err(); err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	es, total, err := h.entries.OrganizationEntries(r.Context(), httpx.ActorFrom(r.Context()), id, f)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	out := orgEntriesJS{Entries: make([]entryJS, len(es)), Total: total, Limit: f.Limit, Offset: f.Offset}
	for i, e := range es {
		out.Entries[i] = h.entryOf(e, "/manage/entries/", true)
	}
	writeNoStore(w, http.StatusOK, out)
}
