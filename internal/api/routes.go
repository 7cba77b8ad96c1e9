package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
)

// Config configures the API.
type Config struct {
	// BaseURL is the public origin, e.g. https://furusato.example.jp; every
	// absolute URL in responses and in the feed is built from it.
	BaseURL string
}

// Services is every service the API calls; New refuses a Services that
// lacks one.
type Services struct {
	Catalogue *service.Catalogue // the public reads and the feed
	Projects  *service.Projects  // the token routes: creating, editing and moving projects, the dashboard
	Entries   *service.Entries   // the token owner's entries and favourites, an organisation's entries
	Teams     *service.Teams     // the token owner's teams, a team's summary and check-ins
	Records   *service.Records   // the token owner's participation records
}

// Handler serves the JSON API and the feed.
type Handler struct {
	base     string // BaseURL without a trailing slash
	cat      *service.Catalogue
	projects *service.Projects
	entries  *service.Entries
	teams    *service.Teams
	records  *service.Records
}

// New returns a Handler over svc. It refuses a cfg.BaseURL that is not an
// absolute http(s) URL (the feed and the API cannot build their links
// without it) and a Services that lacks a service.
func New(cfg Config, svc Services) (*Handler, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("api: Config.BaseURL %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	if name := httpx.MissingService(svc); name != "" {
		return nil, fmt.Errorf("api: Services.%s is required", name)
	}
	return &Handler{base: strings.TrimRight(cfg.BaseURL, "/"), cat: svc.Catalogue, projects: svc.Projects, entries: svc.Entries,
		teams: svc.Teams, records: svc.Records}, nil
}

// route is one line of the route table.
type route struct {
	method string
	path   string   // a net/http pattern path, also the OpenAPI path
	params []string // the query parameters it accepts; any other is a 400
	feed   bool     // errors as text, not JSON
	token  bool     // needs a personal access token (httpx.WithAPITokens); private, no CORS
	handle func(h *Handler, w http.ResponseWriter, r *http.Request)
}

// Query parameters of the listing and of the feed.
var (
	listParams = service.ListParams
	feedParams = []string{"prefecture", "theme"}
)

// routes is the whole API. The public reads of the catalogue need no
// session and no permission and give the same answer to everyone (hence
// Cache-Control: public and Access-Control-Allow-Origin: *). The token
// routes act for the owner of the personal access token in
// "Authorization: Bearer fst_…" (a session cookie never counts, so another
// site cannot write through a visitor's browser); without one they are 401.
// Each names the permission the service asks the policy for; a project the
// token's owner may not see is 404.
var routes = []route{
	{method: "GET", path: "/api/v1/projects", params: listParams, handle: (*Handler).projectList},
	{method: "GET", path: "/api/v1/projects/{key}", handle: (*Handler).projectShow},
	{method: "GET", path: "/api/v1/regions", handle: (*Handler).regionList},
	{method: "GET", path: "/api/v1/themes", handle: (*Handler).themeList},
	{method: "GET", path: "/api/v1/organizations", params: []string{"kind"}, handle: (*Handler).organizationList},
	{method: "GET", path: "/api/v1/openapi.json", handle: (*Handler).openAPI},
	{method: "GET", path: "/feed.atom", params: feedParams, feed: true, handle: (*Handler).feed},
	{method: "GET", path: "/api/v1/me", token: true, handle: (*Handler).me},                             // token: own account (policy.TokenManageOwn's "signed in")
	{method: "GET", path: "/api/v1/manage/projects", token: true, handle: (*Handler).manageList},        // token: the dashboard of a coordinator, company staff or admin; else 404
	{method: "POST", path: "/api/v1/projects", token: true, handle: (*Handler).projectCreate},           // token: policy.ProjectCreate on the company
	{method: "PATCH", path: "/api/v1/projects/{key}", token: true, handle: (*Handler).projectUpdate},    // token: policy.ProjectEdit (ProjectHistory to see it at all); key is the id
	{method: "POST", path: "/api/v1/projects/{id}/status", token: true, handle: (*Handler).projectMove}, // token: policy.Move to the status asked for

	// The entry workflow (entries.go).
	{method: "GET", path: "/api/v1/me/entries", token: true, handle: (*Handler).myEntries},                                                // token: own entries (policy.EntryView as their participant)
	{method: "GET", path: "/api/v1/me/favorites", token: true, handle: (*Handler).myFavorites},                                            // token: own favourites ("signed in")
	{method: "GET", path: "/api/v1/organizations/{id}/entries", params: entryParams, token: true, handle: (*Handler).organizationEntries}, // token: policy.EntryBoard via the service: the organisation's coordinators and admins; else 404

	// The team after the match (teams.go).
	{method: "GET", path: "/api/v1/me/teams", token: true, handle: (*Handler).myTeams},                                        // token: the teams the owner is a participant of ("signed in")
	{method: "GET", path: "/api/v1/teams/{id}", token: true, handle: (*Handler).teamShow},                                     // token: policy.TeamView (the team and admins); else 404
	{method: "GET", path: "/api/v1/teams/{id}/checkins", params: checkInParams, token: true, handle: (*Handler).teamCheckIns}, // token: policy.TeamView; else 404
	{method: "POST", path: "/api/v1/teams/{id}/checkins", token: true, handle: (*Handler).checkInCreate},                      // token: policy.CheckInWrite (the team's participants; others in the team 403, outsiders 404)
	// Participation records (records.go).
	{method: "GET", path: "/api/v1/me/records", token: true, handle: (*Handler).myRecords}, // token: own records (policy.RecordView as their participant)
}

// Register adds every route of the table to mux, a 405 (or CORS preflight
// answer) for other methods on those paths, and a JSON 404 for any other
// path under /api/.
func (h *Handler) Register(mux *http.ServeMux) {
	methods := map[string][]string{}
	feedPath := map[string]bool{}
	var paths []string
	for _, rt := range routes {
		mux.Handle(rt.method+" "+rt.path, h.serve(rt))
		if methods[rt.path] == nil {
			paths = append(paths, rt.path)
		}
		methods[rt.path] = append(methods[rt.path], rt.method)
		feedPath[rt.path] = rt.feed
	}
	for _, p := range paths {
		mux.Handle(p, methodNotAllowed(methods[p], feedPath[p]))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		setCORS(w)
		httpx.WriteJSONError(w, r, furusato.Errorf(furusato.ENOTFOUND, "No such API route."))
	})
}

// serve wraps a route's handler: CORS and the check that every query
// parameter is one the route accepts.
func (h *Handler) serve(rt route) http.Handler {
	allowed := map[string]bool{}
	for _, p := range rt.params {
		allowed[p] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.token {
			w.Header().Set("Cache-Control", "no-store")
			if !httpx.ActorFrom(r.Context()).SignedIn() {
				w.Header().Set("WWW-Authenticate", `Bearer realm="furusato"`)
				httpx.WriteJSONError(w, r, furusato.Errorf(furusato.EUNAUTHORIZED, "Send a personal access token: Authorization: Bearer fst_…"))
				return
			}
		} else {
			setCORS(w)
		}
		q, err := service.ParseQueryString(r.URL.RawQuery)
		if err != nil {
			h.fail(w, r, rt, err)
			return
		}
		if furusato.BadText(r.URL.Path) {
			h.fail(w, r, rt, furusato.Errorf(furusato.ENOTFOUND, "Not found."))
			return
		}
		fields := map[string]string{}
		for name, vs := range q {
			if !allowed[name] {
				fields[name] = "error.unknown_param"
				continue
			}
			for _, v := range vs {
				if furusato.BadText(v) {
					fields[name] = furusato.ErrBadText // invalid UTF-8 or a control character
				}
			}
		}
		if len(fields) > 0 {
			h.fail(w, r, rt, invalid("Unknown query parameter", fields))
			return
		}
		rt.handle(h, w, r)
	})
}

// fail writes err as JSON, or as text for the feed.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, rt route, err error) {
	if rt.feed {
		writeTextError(w, r, err)
		return
	}
	httpx.WriteJSONError(w, r, err)
}

// methodNotAllowed answers any method a path does not serve: a CORS
// preflight (OPTIONS) gets 204, anything else 405 with Allow.
func methodNotAllowed(methods []string, feed bool) http.Handler {
	allow := strings.Join(append(append([]string{}, methods...), "HEAD", "OPTIONS"), ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setCORS(w)
		w.Header().Set("Allow", allow)
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", allow)
			w.Header().Set("Access-Control-Max-Age", "86400")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if feed {
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		httpx.WriteJSON(w, http.StatusMethodNotAllowed, httpx.APIError{Error: httpx.APIErrorBody{
			Code: furusato.EINVALID, Message: "Method not allowed; use " + strings.Join(methods, ", ") + ".",
		}})
	})
}

func setCORS(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

// writeOK writes v as a cacheable public JSON response.
func writeOK(w http.ResponseWriter, v any) {
	w.Header().Set("Cache-Control", "public, max-age=60")
	httpx.WriteJSON(w, http.StatusOK, v)
}

// invalid returns an EINVALID error naming the fields with their rules,
// e.g. "Invalid query parameter: page is not valid (error.page)."
func invalid(what string, fields map[string]string) *furusato.Error {
	return invalidWith(what, furusato.FieldErrors{Fields: fields})
}

// invalidWith is invalid for fields with params: "Invalid query
// parameter: limit must be from 1 to 100."
func invalidWith(what string, f furusato.FieldErrors) *furusato.Error {
	return &furusato.Error{Code: furusato.EINVALID, Message: what + ": " + furusato.DescribeFields(f.Fields, f.Params) + ".",
		Fields: f.Fields, Params: f.Params}
}
