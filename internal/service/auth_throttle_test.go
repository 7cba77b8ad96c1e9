package service_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// Ten failures from one network lock that network out of the address, but
// not the owner: the right password from another network still signs in,
// while the attacker's network stays refused for the window.
func TestAuthSignIn_LockoutDoesNotLockTheOwnerOut(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		e.signUp("hanako@example.jp", pw)
		const attacker, owner = "198.51.100.66", "203.0.113.50"
		for range service.SignInAccountLimit {
			_, err := e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", attacker)
			wantCode(t, "wrong password", err, furusato.EUNAUTHORIZED)
		}
		_, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, attacker)
		wantCode(t, "the attacker's network, even with the right password", err, furusato.ERATELIMIT)
		if _, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, owner); err != nil {
			t.Fatalf("the owner from another network: %v", err)
		}
	})
}

// While an address is under attack (over SignInAccountLimit failures in
// the window), each further network gets one try: a second failure from it
// is refused without checking.
func TestAuthSignIn_UnderAttackEachNetworkGetsOneTry(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		e.signUp("hanako@example.jp", pw)
		for i := range service.SignInAccountLimit {
			_, err := e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", fmt.Sprintf("192.0.2.%d", i+1))
			wantCode(t, "wrong password", err, furusato.EUNAUTHORIZED)
		}
		_, err := e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", "198.51.100.9")
		wantCode(t, "a new network's first try", err, furusato.EUNAUTHORIZED)
		_, err = e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", "198.51.100.9")
		wantCode(t, "its second try", err, furusato.ERATELIMIT)
		_, err = e.auth.SignIn(ctx, "hanako@example.jp", pw, "198.51.100.9")
		wantCode(t, "its third try, with the right password", err, furusato.ERATELIMIT)
		// A reset of the password (or the end of the window) lifts the lock.
		e.clock.Add(service.SignInWindow)
		if _, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, "198.51.100.9"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

// Addresses of one IPv6 /64 are one network: failures spread over it are
// counted together, for the per-IP limit and for the address's lock.
func TestAuthSignIn_FailuresAcrossA64AreCountedTogether(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		e.signUp("hanako@example.jp", pw)
		for i := range service.SignInAccountLimit {
			_, err := e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", fmt.Sprintf("2001:db8:7:7::%x", i+1))
			wantCode(t, "wrong password", err, furusato.EUNAUTHORIZED)
		}
		_, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, "2001:db8:7:7:ffff::1")
		wantCode(t, "another address of the same /64", err, furusato.ERATELIMIT)
		if _, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, "2001:db8:7:8::1"); err != nil {
			t.Fatalf("the next /64: %v", err)
		}

		// One /64 guessing many accounts, one address per guess.
		for i := range service.SignInIPLimit {
			_, err := e.auth.SignIn(ctx, fmt.Sprintf("guess%d@example.jp", i), "wrong-password-123", fmt.Sprintf("2001:db8:9:9::%x", i+1))
			wantCode(t, "guess", err, furusato.EUNAUTHORIZED)
		}
		_, err = e.auth.SignIn(ctx, "someone@example.jp", "wrong-password-123", "2001:db8:9:9::abcd")
		wantCode(t, "over the per-network limit", err, furusato.ERATELIMIT)
	})
}

// The forgot-password form is limited per network (IPv6 by /64), so
// anonymous posts cannot write counters and mails without bound; the limit
// is checked before anything about the address is written.
func TestAuthPasswordReset_LimitedPerNetwork(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		for i := range service.ResetIPLimit {
			if err := e.auth.RequestPasswordReset(ctx, fmt.Sprintf("someone%d@example.jp", i), "ja", fmt.Sprintf("2001:db8:5:5::%x", i+1)); err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		err := e.auth.RequestPasswordReset(ctx, "one-more@example.jp", "ja", "2001:db8:5:5::ffff")
		wantCode(t, "over the limit", err, furusato.ERATELIMIT)
		if err := e.auth.RequestPasswordReset(ctx, "one-more@example.jp", "ja", "198.51.100.1"); err != nil {
			t.Errorf("another network: %v", err)
		}
		e.clock.Add(service.ResetWindow)
		if err := e.auth.RequestPasswordReset(ctx, "next-hour@example.jp", "ja", "2001:db8:5:5::1"); err != nil {
			t.Errorf("a new window: %v", err)
		}
	})
}

// A network over its limit is refused before anything about the address is
// counted: its attempts neither add counters nor put the address under
// attack.
func TestAuthSignIn_NetworkOverItsLimitCountsNothingForTheAddress(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		e.signUp("hanako@example.jp", pw)
		for i := range service.SignInIPLimit {
			_, err := e.auth.SignIn(ctx, fmt.Sprintf("guess%d@example.jp", i), "wrong-password-123", "198.51.100.66")
			wantCode(t, "guess", err, furusato.EUNAUTHORIZED)
		}
		for range service.SignInAccountLimit {
			_, err := e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", "198.51.100.66")
			wantCode(t, "over the network's limit", err, furusato.ERATELIMIT)
		}
		for range 2 {
			_, err := e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", "203.0.113.5")
			wantCode(t, "the address is not under attack", err, furusato.EUNAUTHORIZED)
		}
	})
}

// Guessing at the sign-in form does not stop the signed-in owner from
// changing their password, and guessing the current password through a
// session (a stolen one) has its own limit.
func TestAuthChangePassword_OwnLimitApartFromSignIn(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		u := e.signUp("hanako@example.jp", pw)
		for i := range 2 * service.SignInAccountLimit {
			_, err := e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", fmt.Sprintf("192.0.2.%d", i+1))
			if c := furusato.ErrorCode(err); c != furusato.EUNAUTHORIZED && c != furusato.ERATELIMIT {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		a := e.actor(u.ID)
		if _, err := e.auth.ChangePassword(ctx, a, pw, "a-brand-new-password", "203.0.113.50"); err != nil {
			t.Fatalf("the owner, while the address is under attack: %v", err)
		}
		a = e.actor(u.ID)
		for range service.SignInAccountLimit {
			_, err := e.auth.ChangePassword(ctx, a, "wrong-password-123", "another-new-password", "198.51.100.7")
			wantCode(t, "a wrong current password", err, furusato.EINVALID)
		}
		_, err := e.auth.ChangePassword(ctx, a, "a-brand-new-password", "another-new-password", "198.51.100.7")
		wantCode(t, "over the re-check limit, even with the right password", err, furusato.ERATELIMIT)
	})
}
