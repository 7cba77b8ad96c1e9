package service_test

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
)

var phc = regexp.MustCompile(`^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$`)

func TestHashPassword_RoundTrip(t *testing.T) {
	t.Parallel()
	h, err := service.HashPassword("くれそん畑で会いましょう", service.TestArgon)
	if err != nil {
		t.Fatal(err)
	}
	m := phc.FindStringSubmatch(h)
	if m == nil {
		t.Fatalf("hash %q is not a PHC argon2id string", h)
	}
	if want := fmt.Sprint(service.TestArgon.Memory); m[1] != want || m[2] != "1" || m[3] != "1" {
		t.Errorf("parameters m=%s,t=%s,p=%s; want TestArgon's", m[1], m[2], m[3])
	}
	if ok, err := service.CheckPassword(h, "くれそん畑で会いましょう"); !ok || err != nil {
		t.Errorf("right password: %v, %v", ok, err)
	}
	for _, wrong := range []string{"くれそん畑で会いましょ", "クレソン畑で会いましょう", "", "くれそん畑で会いましょう "} {
		if ok, err := service.CheckPassword(h, wrong); ok || err != nil {
			t.Errorf("wrong password %q: %v, %v", wrong, ok, err)
		}
	}
	// A fresh salt each time.
	h2, _ := service.HashPassword("くれそん畑で会いましょう", service.TestArgon)
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestHashPassword_DefaultParametersAreOWASPs(t *testing.T) {
	t.Parallel()
	h, err := service.HashPassword("correct horse battery", service.DefaultArgon)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q", h)
	}
	if ok, err := service.CheckPassword(h, "correct horse battery"); !ok || err != nil {
		t.Errorf("check: %v, %v", ok, err)
	}
	if service.NeedsRehash(h, service.DefaultArgon) || !service.NeedsRehash(h, service.TestArgon) {
		t.Error("NeedsRehash disagrees with the parameters in the hash")
	}
}

// The same password typed in full-width form (a phone IME) is the same password.
func TestCheckPassword_FullWidthIsTheSamePassword(t *testing.T) {
	t.Parallel()
	h, _ := service.HashPassword("Hida2026Watercress", service.TestArgon)
	if ok, err := service.CheckPassword(h, "Ｈｉｄａ２０２６Ｗａｔｅｒｃｒｅｓｓ"); !ok || err != nil {
		t.Errorf("full-width: %v, %v", ok, err)
	}
}

func TestCheckPassword_TamperedHash(t *testing.T) {
	t.Parallel()
	h, _ := service.HashPassword("Hida2026Watercress", service.TestArgon)
	parts := strings.Split(h, "$")
	key, _ := base64.RawStdEncoding.DecodeString(parts[5])
	key[0] ^= 1
	flipped := strings.Join(append(parts[:5:5], base64.RawStdEncoding.EncodeToString(key)), "$")
	if ok, err := service.CheckPassword(flipped, "Hida2026Watercress"); ok || err != nil {
		t.Errorf("flipped hash bit: %v, %v; want false, nil", ok, err)
	}
	otherSalt := strings.Replace(h, parts[4], "AAAAAAAAAAAAAAAAAAAAAA", 1)
	if ok, err := service.CheckPassword(otherSalt, "Hida2026Watercress"); ok || err != nil {
		t.Errorf("other salt: %v, %v; want false, nil", ok, err)
	}
	otherCost := strings.Replace(h, "t=1", "t=2", 1)
	if ok, err := service.CheckPassword(otherCost, "Hida2026Watercress"); ok || err != nil {
		t.Errorf("other cost: %v, %v; want false, nil", ok, err)
	}
	for _, bad := range []string{
		"plain text",
		strings.Replace(h, "argon2id", "argon2i", 1),
		strings.Replace(h, "v=19", "v=16", 1),
		strings.Replace(h, "v=19", "v=19x", 1),
		strings.Replace(h, "m=64", "m=4294967295", 1), // a gigantic cost must not be tried
		strings.Replace(h, "t=1", "t=1000", 1),
		strings.Replace(h, "t=1", "t=0", 1),
		strings.Replace(h, "p=1", "p=0", 1),
		strings.Replace(h, "m=64,", "m=64, ", 1),
		strings.Replace(h, parts[4], "!!!", 1),
		strings.Replace(h, parts[5], "", 1),
		h + "$extra",
	} {
		if ok, err := service.CheckPassword(bad, "Hida2026Watercress"); ok || err == nil {
			t.Errorf("malformed hash %q: %v, %v; want an error", bad, ok, err)
		}
	}
	if ok, err := service.CheckPassword("", "anything at all"); ok || err != nil {
		t.Errorf("no password set: %v, %v; want false, nil", ok, err)
	}
}

func TestCheckPasswordRule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pw, email, want string
	}{
		{"Hida2026Watercress", "hanako@example.jp", ""},
		{"くれそん畑で会いましょう", "hanako@example.jp", ""},                  // 12 runes, 36 bytes
		{"a b c d e ", "hanako@example.jp", ""},                    // spaces count
		{"short1234", "hanako@example.jp", "error.password_short"}, // 9
		{"くれそん畑で会いまし", "hanako@example.jp", ""},                    // exactly 10 runes
		{"くれそん畑で会いま", "hanako@example.jp", "error.password_short"},
		{strings.Repeat("あ", 256), "hanako@example.jp", ""},
		{strings.Repeat("あ", 257), "hanako@example.jp", "error.password_long"},
		{"qwertyuiop", "hanako@example.jp", "error.password_common"},
		{"QwertyUIOP", "hanako@example.jp", "error.password_common"},
		{"ｑｗｅｒｔｙｕｉｏｐ", "hanako@example.jp", "error.password_common"}, // full-width
		{"1234567890", "hanako@example.jp", "error.password_common"},
		{"Password123", "hanako@example.jp", "error.password_common"},
		{"hanako@example.jp", "hanako@example.jp", "error.password_email"},
		{"HANAKO@EXAMPLE.JP", "hanako@example.jp", "error.password_email"},
		{"yamada.hanako", "Yamada.Hanako@example.jp", "error.password_email"},
		{"ｙａｍａｄａ．ｈａｎａｋｏ", "yamada.hanako@example.jp", "error.password_email"},
		{"yamada.hanako", "", ""},
		{"bad\xffbytes-here", "hanako@example.jp", "error.password_encoding"},
	} {
		err := service.CheckPasswordRule(tc.pw, tc.email)
		got := furusato.ErrorFields(err)["password"]
		if got != tc.want || (tc.want != "" && furusato.ErrorCode(err) != furusato.EINVALID) {
			t.Errorf("CheckPasswordRule(%q, %q) = %v (%q), want %q", tc.pw, tc.email, err, got, tc.want)
		}
	}
}
