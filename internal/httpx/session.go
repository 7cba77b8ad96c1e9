package httpx

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/furusato/furusato/internal/furusato"
)

// Session settings. Under an https public origin the cookies carry the
// __Host- prefix, so that a browser takes them only from this exact origin
// over https (Secure, Path=/, no Domain): no sibling subdomain or plain-http
// page can set or overwrite them.
const (
	SessionCookie       = "furusato_session"
	SecureSessionCookie = "__Host-furusato_session"
	FlashCookie         = "furusato_flash"
	SecureFlashCookie   = "__Host-furusato_flash"
	FlashLifetime       = time.Minute         // a flash cookie is read by the page right after the redirect
	SessionLifetime     = 30 * 24 * time.Hour // absolute: sign in again after 30 days
	SessionIdleTimeout  = 14 * 24 * time.Hour // or after 14 days without a request
)

// sessionCodec encodes session data; SessionOwner decodes it.
var sessionCodec scs.Codec = scs.GobCodec{}

// Session keys.
const (
	keyUserID = "uid"
	keyEpoch  = "epoch"
)

const (
	actorKey ctxKey = iota + 100
	sessionKey
	flashKey
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
//
// Only signed-in people have a session: a visitor's request reads none and
// writes none (the store refuses to keep a session without a user, see
// SessionOwner), and flash messages travel in a short-lived cookie of
// their own, so anonymous requests cost no rows.
type Sessions struct {
	sm          *scs.SessionManager
	actors      ActorSource
	secure      bool
	flashCookie string
}

// NewSessions returns sessions kept in store, with the cookie
// furusato_session (HttpOnly, SameSite=Lax, Path=/), which is
// __Host-furusato_session and Secure when secure, which the caller sets
// when the public origin is https; actors reads the actor of a signed-in
// session on every request.
func NewSessions(store scs.Store, secure bool, actors ActorSource) *Sessions {
	sm := scs.New()
	sm.Store = store
	sm.Codec = sessionCodec
	sm.Lifetime = SessionLifetime
	sm.IdleTimeout = SessionIdleTimeout
	sm.Cookie.Name = SessionCookie
	flash := FlashCookie
	if secure {
		sm.Cookie.Name, flash = SecureSessionCookie, SecureFlashCookie
	}
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
	return &Sessions{sm: sm, actors: actors, secure: secure, flashCookie: flash}
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
				// Signed out everywhere, or the account is gone: the
				// session ends (its row and its cookie).
				if err := s.sm.Destroy(ctx); err != nil {
					LogError(r, err)
					w.Header().Set("Cache-Control", "no-store")
					http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
					return
				}
			default:
				LogError(r, err)
				w.Header().Set("Cache-Control", "no-store")
				http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
				return
			}
		}
		fl := &flashState{}
		if c, err := r.Cookie(s.flashCookie); err == nil && flashKeyOK(c.Value) {
			fl.in = c.Value
		}
		pm := &privateMark{h: w.Header(), ctx: ctx, sm: s.sm, s: s, flash: fl}
		pw := &beforeHeader{ResponseWriter: w, before: pm.mark}
		ctx = context.WithValue(WithActor(ctx, actor), sessionKey, true)
		ctx = context.WithValue(ctx, flashKey, fl)
		next.ServeHTTP(pw, r.WithContext(ctx))
	})
	withSession := s.sm.LoadAndSave(inner)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sessionless(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		cw := &beforeHeader{ResponseWriter: w, before: func() { foldSessionCacheControl(w.Header()) }}
		withSession.ServeHTTP(cw, r)
		cw.run() // the session library commits after a handler that wrote nothing
	})
}

// foldSessionCacheControl folds the session library's Cache-Control:
// no-cache="Set-Cookie", added when it writes the session cookie after
// privateMark has marked the response, into the one private, no-store
// that a response carrying a session cookie gets, so that it is said once.
func foldSessionCacheControl(h http.Header) {
	if slices.Contains(h.Values("Cache-Control"), `no-cache="Set-Cookie"`) {
		h.Set("Cache-Control", "private, no-store")
	}
}

// beforeHeader runs before once, just before the response's header is
// sent (its first WriteHeader or Write), or when run is called.
type beforeHeader struct {
	http.ResponseWriter
	before func()
	done   bool
}

func (w *beforeHeader) run() {
	if !w.done {
		w.done = true
		w.before()
	}
}

func (w *beforeHeader) WriteHeader(code int) {
	w.run()
	w.ResponseWriter.WriteHeader(code)
}

func (w *beforeHeader) Write(b []byte) (int, error) {
	w.run()
	return w.ResponseWriter.Write(b)
}

func (w *beforeHeader) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// privateMark marks the response private and uncacheable when the request
// has a session or a flash message, whatever the handler set, and sets or
// clears the flash cookie.
type privateMark struct {
	h     http.Header
	ctx   context.Context
	sm    *scs.SessionManager
	s     *Sessions
	flash *flashState
}

func (m *privateMark) mark() {
	private := m.sm.Token(m.ctx) != "" || m.sm.Status(m.ctx) != scs.Unmodified
	switch f := m.flash; {
	case f.out != "":
		m.s.setFlashCookie(m.h, f.out, int(FlashLifetime/time.Second))
		private = true
	case f.in != "" && f.popped:
		m.s.setFlashCookie(m.h, "", -1)
		private = true
	}
	if private {
		m.h.Set("Cache-Control", "private, no-store")
	}
}

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

// SignOut ends the session of ctx: its row is deleted and its cookie
// cleared. A flash message set afterwards still shows (it has its own
// cookie).
func (s *Sessions) SignOut(ctx context.Context) error {
	return s.sm.Destroy(ctx)
}

// flashState is the flash message of one request: the one that came in
// with its cookie, whether a page showed it, and the one to send out.
type flashState struct {
	in, out string
	popped  bool
}

// flashKeyOK reports whether v can be a message-catalogue key; a cookie
// holding anything else is ignored.
func flashKeyOK(v string) bool {
	if v == "" || len(v) > 100 {
		return false
	}
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

func (s *Sessions) setFlashCookie(h http.Header, value string, maxAge int) {
	c := &http.Cookie{Name: s.flashCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode}
	if v := c.String(); v != "" { // as http.SetCookie
		h.Add("Set-Cookie", v)
	}
}

// Flash keeps a message-catalogue key to show once, on the next page. It
// travels in a cookie of its own (the flash cookie, FlashLifetime), never
// in the session, so that visitors get no session for it.
func (s *Sessions) Flash(ctx context.Context, key string) {
	if f, ok := ctx.Value(flashKey).(*flashState); ok && flashKeyOK(key) {
		f.out = key
	}
}

// PopFlash returns the flash key that came with the request of ctx (or was
// set during it) and clears it; "" when there is none (or the session
// middleware did not run).
func (s *Sessions) PopFlash(ctx context.Context) string {
	f, ok := ctx.Value(flashKey).(*flashState)
	if !ok || !s.loaded(ctx) {
		return ""
	}
	if f.out != "" {
		key := f.out
		f.out = ""
		return key
	}
	if f.in == "" || f.popped {
		return ""
	}
	f.popped = true
	return f.in
}

// loaded reports whether the session middleware ran for ctx (it does not
// on sessionless paths).
func (s *Sessions) loaded(ctx context.Context) bool {
	ok, _ := ctx.Value(sessionKey).(bool)
	return ok
}

// SessionOwner returns the user id and session epoch held in encoded
// session data (0, 0 for a visitor's session or data it cannot read), for
// the session store, which keeps only signed-in sessions and indexes them
// by user.
func SessionOwner(data []byte) (userID, epoch int64) {
	_, values, err := sessionCodec.Decode(data)
	if err != nil {
		return 0, 0
	}
	userID, _ = values[keyUserID].(int64)
	epoch, _ = values[keyEpoch].(int64)
	return userID, epoch
}

// Anonymous reports whether the request of ctx is a visitor's that carries
// nothing of its own: no session (not even one that is signed out) and no
// flash message, and nothing was put in a session during it. Only such a request may be answered with a page shared
// by every visitor.
func (s *Sessions) Anonymous(ctx context.Context) bool {
	f, ok := ctx.Value(flashKey).(*flashState)
	return ok && s.loaded(ctx) && !ActorFrom(ctx).SignedIn() && s.sm.Token(ctx) == "" &&
		s.sm.Status(ctx) == scs.Unmodified && f.in == "" && f.out == ""
}
