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
// WWW-Authenticate: Bearer. Other paths pass through untouched. Run it
// inside the session middleware, whose actor it replaces.
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
				ctx = WithActor(ctx, actor)
				w.Header().Set("Cache-Control", "private, no-store")
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}
