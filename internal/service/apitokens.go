package service

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Personal access tokens for the JSON API.
const (
	// APITokenPrefix starts every token, so that a leaked one is easy to
	// recognise (secret scanners, logs).
	APITokenPrefix = "fst_"
	// APITokenDefaultTTL is how long a token works when its creator names
	// no other lifetime.
	APITokenDefaultTTL = 365 * 24 * time.Hour
	// APITokenMaxTTL bounds the lifetime one may ask for.
	APITokenMaxTTL = 2 * 365 * 24 * time.Hour
	// APITokenTouchInterval is how often, at most, a token's last use is
	// written.
	APITokenTouchInterval = time.Minute
	// MaxAPITokenNameRunes bounds a token's name.
	MaxAPITokenNameRunes = 100
	// apiTokenShown is how many leading characters of a token are kept
	// for display.
	apiTokenShown = 8
)

// tokenEncoding is lower-case base32 without padding: 32 random bytes make
// 52 characters, safe in headers and easy to copy.
var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// apiTokenOf is t as its owner sees it, without its hash (the token
// itself is shown once, at creation, and never stored).
func apiTokenOf(t *furusato.APIToken) furusato.APIToken {
	out := *t
	out.Hash = ""
	return out
}

// APITokens is the use cases of personal access tokens: a signed-in person
// creates, lists and revokes their own (policy.TokenManageOwn), and the API
// authenticates requests with them. Only the SHA-256 of a token is stored.
type APITokens struct {
	db  *store.DB
	now func() time.Time
}

// NewAPITokens returns APITokens over db; now is the clock.
func NewAPITokens(db *store.DB, now func() time.Time) *APITokens {
	return &APITokens{db: db, now: now}
}

// Now returns the service's clock reading.
func (s *APITokens) Now() time.Time { return s.now() }

// Create makes a new token named name for actor with scope (read: the API
// refuses it every write; write: it may do what its owner may), working for
// expiresIn (0: APITokenDefaultTTL), and returns it with the token itself,
// which is never shown again. Audited. Errors: the policy's refusal
// (EFORBIDDEN while the actor's address is not confirmed), EINVALID with
// Fields{"name"}, Fields{"scope"} or Fields{"expires_in"}.
func (s *APITokens) Create(ctx context.Context, actor *furusato.Actor, name string, scope furusato.TokenScope, expiresIn time.Duration, ip string) (furusato.APIToken, string, error) {
	if err := policy.Global(actor, policy.TokenManageOwn); err != nil {
		return furusato.APIToken{}, "", err
	}
	name = proseLine(name)
	var fields furusato.FieldErrors
	switch n := furusato.TextLen(name); {
	case furusato.BadProse(name):
		fields.Add("name", furusato.ErrBadText)
	case n == 0:
		fields.Add("name", "error.required")
	case n > MaxAPITokenNameRunes || strings.Contains(name, "\n"):
		fields.Add("name", "error.too_long", "Max", MaxAPITokenNameRunes)
	}
	if !scope.Valid() {
		fields.Add("scope", "error.invalid")
	}
	if expiresIn == 0 {
		expiresIn = APITokenDefaultTTL
	}
	if expiresIn < time.Minute || expiresIn > APITokenMaxTTL {
		// in days, as the form asks
		fields.Add("expires_in", "error.range", "Min", 1, "Max", int(APITokenMaxTTL/(24*time.Hour)))
	}
	if err := fields.Err(); err != nil {
		return furusato.APIToken{}, "", err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return furusato.APIToken{}, "", fmt.Errorf("service: api token: %w", err)
	}
	token := APITokenPrefix + tokenEncoding.EncodeToString(b[:])
	now := s.now()
	t := &furusato.APIToken{UserID: actor.User.ID, Name: name, Hash: hashToken(token), Prefix: token[:apiTokenShown],
		Scope: scope, ExpiresAt: now.Add(expiresIn)}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateAPIToken(ctx, t, now); err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditAPITokenCreate, ObjectType: "api_token",
			ObjectID: t.ID, IP: ip, Detail: jsonDetail(map[string]string{"name": name, "prefix": t.Prefix, "scope": string(scope)})})
	})
	if err != nil {
		return furusato.APIToken{}, "", err
	}
	return apiTokenOf(t), token, nil
}

// List returns actor's own tokens, newest first, revoked and expired ones
// included. Errors: the policy's refusal (EFORBIDDEN while the actor's
// address is not confirmed).
func (s *APITokens) List(ctx context.Context, actor *furusato.Actor) ([]furusato.APIToken, error) {
	if err := policy.Global(actor, policy.TokenManageOwn); err != nil {
		return nil, err
	}
	ts, err := s.db.FindAPITokens(ctx, actor.User.ID)
	if err != nil {
		return nil, err
	}
	out := make([]furusato.APIToken, len(ts))
	for i, t := range ts {
		out[i] = apiTokenOf(t)
	}
	return out, nil
}

// Revoke ends actor's own token id at once; audited. Another person's
// token, an unknown one and one already revoked are all ENOTFOUND, so
// nobody learns which ids exist. Errors: the policy's refusal, ENOTFOUND.
func (s *APITokens) Revoke(ctx context.Context, actor *furusato.Actor, id int64, ip string) error {
	if err := policy.Global(actor, policy.TokenManageOwn); err != nil {
		return err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, err := tx.RevokeAPIToken(ctx, actor.User.ID, id, now)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditAPITokenRevoke, ObjectType: "api_token",
			ObjectID: t.ID, IP: ip, Detail: jsonDetail(map[string]string{"name": t.Name, "prefix": t.Prefix})})
	})
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return furusato.Errorf(furusato.ENOTFOUND, "Token not found.")
	}
	return err
}

// errBadToken is the one answer to every token that does not work.
func errBadToken() error {
	return furusato.Errorf(furusato.EUNAUTHORIZED, "The access token is unknown, revoked or expired.")
}

// Authenticate returns the actor a token acts for: its owner with their
// memberships as they are now, and the token's scope (Actor.Scope; the
// token middleware refuses a read token every write). A token that is
// malformed, unknown, revoked or expired, or whose owner is deleted or has
// no confirmed address, is EUNAUTHORIZED (the same answer for each). Its last use is recorded at most once per
// APITokenTouchInterval.
func (s *APITokens) Authenticate(ctx context.Context, token string) (*furusato.Actor, error) {
	if !strings.HasPrefix(token, APITokenPrefix) || len(token) != len(APITokenPrefix)+52 {
		return nil, errBadToken()
	}
	t, err := s.db.FindAPITokenByHash(ctx, hashToken(token))
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, errBadToken()
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	if !t.Active(now) {
		return nil, errBadToken()
	}
	actor, err := s.db.ActorFor(ctx, t.UserID)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, errBadToken()
	} else if err != nil {
		return nil, err
	}
	// Whoever may not hold tokens (an unconfirmed owner) may not use one:
	// the policy's rule, not a second copy of it.
	if policy.Global(actor, policy.TokenManageOwn) != nil {
		return nil, errBadToken()
	}
	actor.Scope = t.Scope
	if notBefore := now.Add(-APITokenTouchInterval); !t.LastUsedAt.After(notBefore) {
		if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.TouchAPIToken(ctx, t.ID, now, notBefore) }); err != nil {
			return nil, err
		}
	}
	return actor, nil
}

// endCredentials ends what a changed credential must not leave working:
// every API token of user id and every pending e-mail-change link, on tx,
// in the transaction of the event (password reset or change, sign-out
// everywhere, confirmed e-mail change). It returns how many tokens it
// revoked, for the audit entry.
func endCredentials(ctx context.Context, tx *store.Tx, userID int64, now time.Time) (int64, error) {
	n, err := tx.RevokeAPITokens(ctx, userID, now)
	if err != nil {
		return 0, err
	}
	return n, tx.RevokeTokens(ctx, userID, store.TokenEmailChange, now)
}
