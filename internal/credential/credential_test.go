package credential_test

import (
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/credential"
	"github.com/furusato/furusato/internal/testkit"
)

const origin = "https://furusato.example.jp"

var issuer = credential.Issuer{ID: origin + "/ob3/issuer", Name: "Furusato"}

func fixedKey(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	for i := range s {
		s[i] = seed
	}
	return ed25519.NewKeyFromSeed(s)
}

func badge(t *testing.T) map[string]any {
	t.Helper()
	b := credential.Badge{
		ID: origin + "/ob3/credentials/7", Name: "参加記録: 郡上の鮎を届ける", Issuer: issuer,
		ValidFrom: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), SubjectName: "山田 花子", Role: "参加者",
		Start: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC),
		AchievementID: origin + "/records/7#achievement", AchievementName: "郡上の鮎を届ける",
		Description: "48時間", Criteria: "Hours confirmed by the company.",
		Words: "ありがとうございました。", WordsTitle: "会社より",
		Status: &credential.StatusEntry{List: origin + "/ob3/status/1", Index: 7},
	}
	d, err := b.Document()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSignVerify(t *testing.T) {
	key := fixedKey(1)
	s := credential.Signer{Key: key, VerificationMethod: issuer.Method("key-1")}
	signed, err := s.Sign(badge(t), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	pub := key.Public().(ed25519.PublicKey)
	if err := credential.Verify(signed, pub); err != nil {
		t.Fatalf("own proof does not verify: %v", err)
	}
	pv := signed["proof"].(map[string]any)["proofValue"].(string)
	if !strings.HasPrefix(pv, "z") {
		t.Errorf("proofValue %q is not base58btc", pv)
	}
	signed["credentialSubject"].(map[string]any)["role"] = "会社の代表"
	if err := credential.Verify(signed, pub); err == nil {
		t.Error("a tampered credential verified")
	}
	// A context we do not embed is never fetched: signing fails.
	d := badge(t)
	d["@context"] = []any{credential.ContextVC2, "https://example.com/ctx.json"}
	if _, err := s.Sign(d, time.Now()); err == nil {
		t.Error("a credential with a foreign context was signed")
	}
}

func TestMultikey(t *testing.T) {
	pub := fixedKey(2).Public().(ed25519.PublicKey)
	mk, err := credential.Multikey(pub)
	if err != nil || !strings.HasPrefix(mk, "z6Mk") {
		t.Fatalf("Multikey = %q, %v; want z6Mk…", mk, err)
	}
	back, err := credential.ParseMultikey(mk)
	if err != nil || !back.Equal(pub) {
		t.Fatalf("ParseMultikey = %x, %v", back, err)
	}
}

// TestIndependentVerifier has Digital Bazaar's verifier check a signed
// badge against a profile and a status list served by a test server:
// valid, a tampered copy fails, revoked once its bit is set.
func TestIndependentVerifier(t *testing.T) {
	old, cur := fixedKey(3), fixedKey(4)
	keys := []credential.Key{{ID: "key-1", Public: old.Public().(ed25519.PublicKey)}, {ID: "key-2", Public: cur.Public().(ed25519.PublicKey)}}
	signer := credential.Signer{Key: cur, VerificationMethod: issuer.Method("key-2")}
	var revoked []int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ob3/issuer", func(w http.ResponseWriter, r *http.Request) {
		p, err := issuer.Profile("", keys)
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/ld+json")
		_ = json.NewEncoder(w).Encode(p)
	})
	mux.HandleFunc("GET /ob3/status/1", func(w http.ResponseWriter, r *http.Request) {
		d, err := credential.StatusList(origin+"/ob3/status/1", issuer.ID, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), revoked)
		if err != nil {
			t.Error(err)
		}
		signed, err := signer.Sign(d, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/vc")
		_ = json.NewEncoder(w).Encode(signed)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	signed, err := signer.Sign(badge(t), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	v := testkit.VerifyCredential(t, origin, srv.URL, signed)
	if !v.Verified || v.Status == nil || !v.Status.Verified || v.Status.Revoked {
		t.Fatalf("valid badge: %+v", v)
	}
	// Signed with the old key, still published: verifies.
	oldSigned, err := credential.Signer{Key: old, VerificationMethod: issuer.Method("key-1")}.Sign(badge(t), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if v := testkit.VerifyCredential(t, origin, srv.URL, oldSigned); !v.Verified {
		t.Fatalf("badge signed with the rotated key: %+v", v)
	}
	tampered := badge(t)
	tampered["proof"] = signed["proof"]
	tampered["credentialSubject"].(map[string]any)["role"] = "会社の代表"
	if v := testkit.VerifyCredential(t, origin, srv.URL, tampered); v.Verified {
		t.Fatalf("tampered badge verified: %+v", v)
	}
	// The library reports the status bit beside the proof: a set bit on
	// a list that verifies is a revoked badge.
	revoked = []int64{7}
	v = testkit.VerifyCredential(t, origin, srv.URL, signed)
	if v.Status == nil || !v.Status.Verified || !v.Status.Revoked {
		t.Fatalf("revoked badge: %+v status %+v", v, v.Status)
	}
}
