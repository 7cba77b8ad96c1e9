package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func lastUsed(t *testing.T, toks *service.APITokens, a *furusato.Actor, id int64) time.Time {
	t.Helper()
	list, err := toks.List(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range list {
		if tk.ID == id {
			return tk.LastUsedAt
		}
	}
	t.Fatalf("token %d not listed", id)
	return time.Time{}
}

func TestAPITokens_CreateAuthenticateRevoke(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		toks := e.svc.APITokens
		hanako := e.actor(e.signUp("hanako@example.jp", pw).ID)

		tk, secret, err := toks.Create(ctx, hanako, "　CI スクリプト ", furusato.ScopeWrite, 0, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, service.APITokenPrefix) || len(secret) != 56 || tk.Prefix != secret[:8] || tk.Name != "CI スクリプト" {
			t.Fatalf("token %q, %+v", secret, tk)
		}
		if want := e.clock.Now().Add(service.APITokenDefaultTTL); !tk.ExpiresAt.Equal(want) {
			t.Errorf("expires %v, want %v (a year)", tk.ExpiresAt, want)
		}
		if e.audits("api_token.create") != 1 {
			t.Error("creation not audited")
		}
		// Only the hash is stored.
		var n int
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			stored, err := tx.FindAPITokens(ctx, hanako.User.ID)
			n = len(stored)
			if err == nil && (stored[0].Hash == secret || strings.Contains(stored[0].Hash, secret[4:])) {
				t.Error("the token is stored in clear")
			}
			return err
		}); err != nil || n != 1 {
			t.Fatalf("stored %d, %v", n, err)
		}

		a, err := toks.Authenticate(ctx, secret)
		if err != nil || a.User.ID != hanako.User.ID {
			t.Fatalf("Authenticate: %v, %v", a, err)
		}
		first := lastUsed(t, toks, hanako, tk.ID)
		if !first.Equal(e.clock.Now()) {
			t.Errorf("last used %v, want now", first)
		}
		e.clock.Add(30 * time.Second)
		if _, err := toks.Authenticate(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if got := lastUsed(t, toks, hanako, tk.ID); !got.Equal(first) {
			t.Errorf("last use written again within a minute: %v", got)
		}
		e.clock.Add(31 * time.Second)
		if _, err := toks.Authenticate(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if got := lastUsed(t, toks, hanako, tk.ID); !got.Equal(e.clock.Now()) {
			t.Errorf("last use %v not updated after a minute", got)
		}

		for _, bad := range []string{"", "fst_", secret + "x", "fst_" + strings.Repeat("a", 52), strings.Replace(secret, "fst_", "xxx_", 1)} {
			_, err := toks.Authenticate(ctx, bad)
			wantCode(t, "Authenticate("+bad+")", err, furusato.EUNAUTHORIZED)
		}

		// Another person can neither see nor revoke it.
		taro := e.actor(e.signUp("taro@example.jp", pw).ID)
		if list, err := toks.List(ctx, taro); err != nil || len(list) != 0 {
			t.Fatalf("taro sees %v, %v", list, err)
		}
		wantCode(t, "revoke another's token", toks.Revoke(ctx, taro, tk.ID, ""), furusato.ENOTFOUND)
		wantCode(t, "revoke unknown token", toks.Revoke(ctx, hanako, tk.ID+1000, ""), furusato.ENOTFOUND)
		wantCode(t, "visitor lists", func() error { _, err := toks.List(ctx, furusato.Visitor); return err }(), furusato.EUNAUTHORIZED)

		if err := toks.Revoke(ctx, hanako, tk.ID, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if e.audits("api_token.revoke") != 1 {
			t.Error("revocation not audited")
		}
		_, err = toks.Authenticate(ctx, secret)
		wantCode(t, "revoked token", err, furusato.EUNAUTHORIZED)
		wantCode(t, "revoke twice", toks.Revoke(ctx, hanako, tk.ID, ""), furusato.ENOTFOUND)
		list, err := toks.List(ctx, hanako)
		if err != nil || len(list) != 1 || list[0].RevokedAt.IsZero() || list[0].Active(e.clock.Now()) {
			t.Fatalf("after revoke: %+v, %v", list, err)
		}
	})
}

func TestAPITokens_ExpiryNameAndDeletedOwner(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		toks := e.svc.APITokens
		hanako := e.actor(e.signUp("hanako@example.jp", pw).ID)

		_, err := func() (string, error) {
			_, s, err := toks.Create(ctx, hanako, " ", furusato.ScopeWrite, 0, "")
			return s, err
		}()
		wantCode(t, "empty name", err, furusato.EINVALID)
		if furusato.ErrorFields(err)["name"] != "error.required" {
			t.Errorf("fields %v", furusato.ErrorFields(err))
		}
		_, _, err = toks.Create(ctx, hanako, strings.Repeat("あ", 101), furusato.ScopeWrite, 0, "")
		wantCode(t, "long name", err, furusato.EINVALID)
		_, _, err = toks.Create(ctx, hanako, "x", furusato.ScopeWrite, 10*365*24*time.Hour, "")
		wantCode(t, "ten years", err, furusato.EINVALID)
		_, _, err = toks.Create(ctx, furusato.Visitor, "x", furusato.ScopeWrite, 0, "")
		wantCode(t, "visitor", err, furusato.EUNAUTHORIZED)

		_, secret, err := toks.Create(ctx, hanako, "short", furusato.ScopeWrite, 24*time.Hour, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := toks.Authenticate(ctx, secret); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(24 * time.Hour)
		_, err = toks.Authenticate(ctx, secret)
		wantCode(t, "expired token", err, furusato.EUNAUTHORIZED)

		_, other, err := toks.Create(ctx, hanako, "other", furusato.ScopeWrite, 0, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.PersonalData.DeleteAccount(ctx, hanako, pw, ""); err != nil {
			t.Fatal(err)
		}
		_, err = toks.Authenticate(ctx, other)
		wantCode(t, "deleted owner", err, furusato.EUNAUTHORIZED)
	})
}
