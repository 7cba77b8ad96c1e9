package httpx

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/furusato/furusato/internal/furusato"
)

// Session settings.
const (
	SessionCookie      = "furusato_session"
	SessionLifetime    = 30 * 24 * time.Hour // absolute: sign in again after 30 days
	SessionIdleTimeout = 14 * 24 * time.Hour // or after 14 days without a request
)

// Session keys.
const (
	keyUserID = "uid"
	keyEpoch  = "epoch"
	keyFlash  = "flash"
)

const (
	actorKey ctxKey = iota + 100
	sessionKey
)

// ActorFrom returns who makes the request of ctx: the signed-in user with
// their memberships as read at the start of this request, or
// furusato.Visitor.
func ActorFrom(ctx context.Context) *furusato.Actor {
	if a, ok := ctx.Value(actorKey).(*furusato.Actor); ok && a != nil {
		return a
	}
	return furusato.Visitor
}

// WithActor returns ctx carrying a, for tests and for code that acts for
// someone outside a request.
func WithActor(ctx context.Context, a *furusato.Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// ActorSource reads the actor of a signed-in user (service.Auth does).
type ActorSource interface {
	Actor(ctx context.Context, userID int64) (*furusato.Actor, error)
}

// Sessions are the server-side sessions (scs over the database, shared by
// every node) and the Actor of each request.
type Sessions struct {
	sm     *scs.SessionManager
	actors ActorSource
}

// NewSessions returns sessions kept in store, with the cookie
// furusato_session (HttpOnly, SameSite=Lax, Secure when secure, which the
// caller sets when the public origin is https); actors reads the actor of
// a signed-in session on every request.
func NewSessions(store scs.Store, secure bool, actors ActorSource) *Sessions {
	sm := scs.New()
	sm.Store = store
	sm.Lifetime = SessionLifetime
	sm.IdleTimeout = SessionIdleTimeout
	sm.Cookie.Name = SessionCookie
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = true
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		slog.ErrorContext(r.Context(), "session", "err", err, "request_id", RequestID(r.Context()))
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
	}
	return &Sessions{sm: sm, actors: actors}
}

// sessionless paths never read or write a session: static files and the
// operators' endpoints, which must stay cacheable and cheap.
func sessionless(path string) bool {
	return strings.HasPrefix(path, "/static/") || path == "/favicon.ico" || path == "/healthz" || path == "/metrics"
}

// Middleware loads the session, then the Actor of a signed-in session (a
// removed membership or a deleted account takes effect on the next
// request; a session whose epoch is not the user's is signed out), and
// puts it in the request context. Responses of a request that has a
// session are sent with Cache-Control: private, no-store.
func (s *Sessions) Middleware(next http.Handler) http.Handler {
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := furusato.Visitor
		if id := s.sm.GetInt64(ctx, keyUserID); id != 0 {
			a, err := s.actors.Actor(ctx, id)
			switch {
			case err == nil && a.User.SessionEpoch == s.sm.GetInt64(ctx, keyEpoch):
				actor = a
			case err == nil || furusato.ErrorCode(err) == furusato.ENOTFOUND:
				// Signed out everywhere, or the account is gone.
				s.sm.Remove(ctx, keyUserID)
				s.sm.Remove(ctx, keyEpoch)
			default:
				LogError(r, err)
				w.Header().Set("Cache-Control", "no-store")
				http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
				return
			}
		}
		pw := &privateWriter{ResponseWriter: w, ctx: ctx, sm: s.sm}
		ctx = context.WithValue(WithActor(ctx, actor), sessionKey, true)
		next.ServeHTTP(pw, r.WithContext(ctx))
	})
	withSession := s.sm.LoadAndSave(inner)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sessionless(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		withSession.ServeHTTP(w, r)
	})
}

// privateWriter marks the response private and uncacheable when the
// request has a session, whatever the handler set.
type privateWriter struct {
	http.ResponseWriter
	ctx     context.Context
	sm      *scs.SessionManager
	written bool
}

func (w *privateWriter) mark() {
	if w.written {
		return
	}
	w.written = true
	if w.sm.Token(w.ctx) != "" || w.sm.Status(w.ctx) != scs.Unmodified {
		w.Header().Set("Cache-Control", "private, no-store")
	}
}

func (w *privateWriter) WriteHeader(code int) {
	w.mark()
	w.ResponseWriter.WriteHeader(code)
}

func (w *privateWriter) Write(b []byte) (int, error) {
	w.mark()
	return w.ResponseWriter.Write(b)
}

func (w *privateWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// SignIn makes the session of ctx the session of u: a new token (so a
// token planted before sign-in is worthless) holding u's id and session
// epoch.
func (s *Sessions) SignIn(ctx context.Context, u *furusato.User) error {
	if err := s.sm.RenewToken(ctx); err != nil {
		return err
	}
	s.sm.Put(ctx, keyUserID, u.ID)
	s.sm.Put(ctx, keyEpoch, u.SessionEpoch)
	return nil
}

// KeepEpoch stores epoch in the session of ctx under a new token, so that
// this session stays signed in after a change that bumped the user's
// epoch (a password change signs out only the other sessions).
func (s *Sessions) KeepEpoch(ctx context.Context, epoch int64) error {
	if err := s.sm.RenewToken(ctx); err != nil {
		return err
	}
	s.sm.Put(ctx, keyEpoch, epoch)
	return nil
}

// SignOut ends the sign-in of the session of ctx, under a new token; the
// session itself lives on for a flash message.
func (s *Sessions) SignOut(ctx context.Context) error {
	s.sm.Remove(ctx, keyUserID)
	s.sm.Remove(ctx, keyEpoch)
	return s.sm.RenewToken(ctx)
}

// Flash keeps a message-catalogue key to show once, on the next page.
func (s *Sessions) Flash(ctx context.Context, key string) { s.sm.Put(ctx, keyFlash, key) }

// PopFlash returns the flash key of the session of ctx and forgets it; ""
// when there is none (or no session).
func (s *Sessions) PopFlash(ctx context.Context) string {
	if !s.loaded(ctx) || !s.sm.Exists(ctx, keyFlash) {
		return ""
	}
	return s.sm.PopString(ctx, keyFlash)
}

// loaded reports whether the session middleware ran for ctx (it does not
// on sessionless paths).
func (s *Sessions) loaded(ctx context.Context) bool {
	ok, _ := ctx.Value(sessionKey).(bool)
	return ok
}
