package httpx

import (
	"context"
	"net/http"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
)

// TokenAuthenticator reads the actor of a personal access token
// (service.APITokens does).
type TokenAuthenticator interface {
	Authenticate(ctx context.Context, token string) (*furusato.Actor, error)
}

// isAPI reports whether path is under the JSON API.
func isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }

// WithAPITokens decides who makes a request under /api/: the owner of the
// personal access token in "Authorization: Bearer fst_…", or a visitor.
// A session cookie never authenticates the API, so a page of another site
// that makes the browser send one gains nothing. A malformed Authorization
// header or a token that does not work is a 401 JSON error with
// WWW-Authenticate: Bearer. A read-scoped token may only read: every
// request with another method than GET, HEAD or OPTIONS is refused here,
// the one place that decides it, before any handler runs (403, code
// "forbidden", fields {"token": "error.token_read_only"}). Other paths pass
// through untouched. Run it inside the session middleware, whose actor it
// replaces.
func WithAPITokens(tokens TokenAuthenticator) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !isAPI(r.URL.Path) {
				next.ServeHTTP(w, r)
				return
			}
			ctx := WithActor(r.Context(), furusato.Visitor)
			if h := r.Header.Get("Authorization"); h != "" {
				scheme, token, _ := strings.Cut(strings.TrimSpace(h), " ")
				token = strings.TrimSpace(token)
				var actor *furusato.Actor
				var err error = furusato.Errorf(furusato.EUNAUTHORIZED, "Use the header Authorization: Bearer followed by a personal access token.")
				if strings.EqualFold(scheme, "Bearer") && token != "" {
					actor, err = tokens.Authenticate(ctx, token)
				}
				if err != nil {
					w.Header().Set("Cache-Control", "no-store")
					if furusato.ErrorCode(err) == furusato.EUNAUTHORIZED {
						w.Header().Set("WWW-Authenticate", `Bearer realm="furusato", error="invalid_token"`)
					}
					WriteJSONError(w, r, err)
					return
				}
				w.Header().Set("Cache-Control", "private, no-store")
				if actor.ReadOnly() && !safeMethod(r.Method) {
					w.Header().Set("WWW-Authenticate", `Bearer realm="furusato", error="insufficient_scope", scope="write"`)
					WriteJSONError(w, r, errReadOnlyToken())
					return
				}
				ctx = WithActor(ctx, actor)
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// safeMethod reports whether method only reads (RFC 9110 safe methods).
func safeMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

// errReadOnlyToken is the refusal of a write made with a read token.
func errReadOnlyToken() error {
	return &furusato.Error{Code: furusato.EFORBIDDEN, Message: "This access token may only read. Create a token with the write scope to make changes.",
		Fields: map[string]string{"token": "error.token_read_only"}}
}
