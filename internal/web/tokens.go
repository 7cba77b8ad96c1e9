package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/ui"
)

// The personal access tokens of the JSON API: the signed-in person lists
// their own, creates one (shown once, on the answer to the POST, never
// stored in clear or in the session) and revokes them.

// tokenLifetimes are the lifetimes offered, in days; the first is the default.
var tokenLifetimes = []int{365, 90, 30}

// tokenScopes are the scopes offered, least power first; the first is the
// default.
var tokenScopes = []furusato.TokenScope{furusato.ScopeRead, furusato.ScopeWrite}

// tokenScopeText gives each scope its label and hint (catalogue keys).
var tokenScopeText = map[furusato.TokenScope][2]string{
	furusato.ScopeRead:  {"tokens.scope_read", "tokens.scope_read_hint"},
	furusato.ScopeWrite: {"tokens.scope_write", "tokens.scope_write_hint"},
}

// tokensPage is GET /account/tokens, and the answer to creating one.
type tokensPage struct {
	ui.Base
	Problems   []problem
	Unverified bool   // the address is not confirmed: no list, no form, the reason and what to do
	Created    string // the token just made, shown this once; "" otherwise
	Tokens     []tokenRow
	Name       field
	Scopes     []tokenScope
	ScopeError string
	Expires    []tokenLifetime
}

// tokenRow is one token of the list.
type tokenRow struct {
	Name, Prefix, Scope, Created, LastUsed, Expires, State string
	Active                                                 bool
	Revoke                                                 string // the revoke form's action
}

// tokenScope is one choice of scope.
type tokenScope struct {
	Value, Label, Hint string
	Checked            bool
}

// tokenLifetime is one choice of lifetime.
type tokenLifetime struct {
	Value, Text string
	Selected    bool
}

func (h *Handler) tokensPage(r *http.Request, l *ui.Locale, name, scope, days string) (tokensPage, error) {
	p := tokensPage{Base: h.base(r, l, l.T("tokens.title")),
		Name: field{L: l, ID: "token-name", Name: "name", Type: "text", Label: l.T("tokens.name"), Hint: l.T("tokens.name_hint"), Value: name}}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "account"
	actor := httpx.ActorFrom(r.Context())
	if policy.Global(actor, policy.TokenManageOwn) != nil {
		p.Unverified = true // the one reason a signed-in person may not: the address is not confirmed
		return p, nil
	}
	if days == "" {
		days = strconv.Itoa(tokenLifetimes[0])
	}
	for _, d := range tokenLifetimes {
		v := strconv.Itoa(d)
		p.Expires = append(p.Expires, tokenLifetime{Value: v, Text: l.T("tokens.expires_days", "Days", d), Selected: v == days})
	}
	if scope == "" {
		scope = string(tokenScopes[0])
	}
	for _, sc := range tokenScopes {
		p.Scopes = append(p.Scopes, tokenScope{Value: string(sc), Label: l.T(tokenScopeText[sc][0]),
			Hint: l.T(tokenScopeText[sc][1]), Checked: string(sc) == scope})
	}
	svc := h.svc.APITokens
	list, err := svc.List(r.Context(), actor)
	if err != nil {
		return p, err
	}
	now := svc.Now()
	for _, t := range list {
		row := tokenRow{Name: t.Name, Prefix: t.Prefix + "…", Scope: l.T(tokenScopeText[t.Scope][0]), Created: l.Date(t.CreatedAt), LastUsed: l.T("tokens.never_used"),
			Expires: l.T("tokens.no_expiry"), Active: t.Active(now), Revoke: "/account/tokens/" + strconv.FormatInt(t.ID, 10) + "/revoke"}
		if !t.LastUsedAt.IsZero() {
			row.LastUsed = l.Date(t.LastUsedAt)
		}
		if !t.ExpiresAt.IsZero() {
			row.Expires = l.Date(t.ExpiresAt)
		}
		switch {
		case !t.RevokedAt.IsZero():
			row.State = l.T("tokens.state_revoked")
		case !row.Active:
			row.State = l.T("tokens.state_expired")
		default:
			row.State = l.T("tokens.state_active")
		}
		p.Tokens = append(p.Tokens, row)
	}
	return p, nil
}

// tokenList is GET /account/tokens.
func (h *Handler) tokenList(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	p, err := h.tokensPage(r, l, "", "", "")
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "tokens", p)
}

// tokenCreate is POST /account/tokens: the answer shows the new token
// once, with the warning that it will not be shown again.
func (h *Handler) tokenCreate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	ferr := parseForm(w, r)
	name, scope, days := r.PostFormValue("name"), r.PostFormValue("scope"), r.PostFormValue("expires_days")
	if scope == "" {
		scope = string(tokenScopes[0]) // no choice sent: the least power
	}
	var ttl time.Duration
	valid := false
	for _, d := range tokenLifetimes {
		if strconv.Itoa(d) == days {
			ttl, valid = time.Duration(d)*24*time.Hour, true
		}
	}
	var secret string
	var err error = furusato.Errorf(furusato.EINVALID, "Unknown lifetime.")
	if ferr != nil {
		err = ferr
	} else if valid {
		_, secret, err = h.svc.APITokens.Create(r.Context(), httpx.ActorFrom(r.Context()), name, furusato.TokenScope(scope), ttl, h.clientIP(r))
	}
	p, perr := h.tokensPage(r, l, name, scope, days)
	if perr != nil {
		return perr
	}
	if p.Unverified { // refused by the policy: the page says why
		return h.render(w, http.StatusForbidden, "tokens", p)
	}
	if err != nil && !formError(err) {
		return err
	}
	if err != nil {
		fields := map[string]string{}
		for k, v := range furusato.ErrorFields(err) {
			if k == "scope" {
				continue // worded beside the scope choice (ScopeError)
			}
			switch k + " " + v {
			case "name error.required":
				fields["name"] = "tokens.name_required"
			case "name error.too_long":
				fields["name"] = "tokens.name_too_long"
			default:
				fields[k] = v
			}
		}
		f := &form{Fields: []field{p.Name}}
		if furusato.ErrorFields(err)["scope"] != "" {
			p.ScopeError = l.T("tokens.scope_required")
			for i := range p.Scopes {
				p.Scopes[i].Checked = false
			}
		}
		if len(fields) > 0 || p.ScopeError == "" {
			p.Problems = applyErrors(l, &furusato.Error{Code: furusato.EINVALID, Message: "invalid", Fields: fields}, nil, f)
		}
		if p.ScopeError != "" {
			p.Problems = append(p.Problems, problem{Text: p.ScopeError, Anchor: "scope-" + string(tokenScopes[0])})
		}
		p.Name, p.ErrorTitle = f.Fields[0], true
		return h.render(w, errorStatus(err), "tokens", p)
	}
	p.Created, p.Name.Value = secret, ""
	return h.render(w, http.StatusOK, "tokens", p)
}

// tokenRevoke is POST /account/tokens/{id}/revoke: only one's own token;
// any other id is the 404 page.
func (h *Handler) tokenRevoke(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return furusato.Errorf(furusato.ENOTFOUND, "Token not found.")
	}
	if err := h.svc.APITokens.Revoke(r.Context(), httpx.ActorFrom(r.Context()), id, h.clientIP(r)); err != nil {
		return err
	}
	h.redirect(w, r, "/account/tokens", "tokens.flash_revoked")
	return nil
}
