package service

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"github.com/furusato/furusato/internal/furusato"
)

// ArgonParams are the cost parameters of argon2id.
type ArgonParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultArgon is OWASP's first recommendation for argon2id: 19 MiB, two
// passes, one thread.
var DefaultArgon = ArgonParams{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// TestArgon is cheap, for tests only.
var TestArgon = ArgonParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Limits on the parameters CheckPassword accepts from a stored hash, so that
// a tampered row cannot make one sign-in take all memory or time.
const (
	maxArgonMemory  = 1 << 20 // KiB: 1 GiB
	maxArgonTime    = 16
	maxArgonKeyLen  = 128
	maxArgonSaltLen = 128
)

// Password lengths, counted in runes after NFKC.
const (
	MinPasswordRunes = 10
	MaxPasswordRunes = 256
)

// normalizePassword applies NFKC, as NIST SP 800-63B advises, so that the
// same password typed in full-width or half-width form (a phone IME) is the
// same password. Spaces are kept: they are part of it.
func normalizePassword(pw string) string { return norm.NFKC.String(pw) }

// HashPassword returns pw hashed with argon2id under p and a fresh random
// salt, in the PHC string format:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded standard base64).
func HashPassword(pw string, p ArgonParams) (string, error) {
	if p.Memory == 0 || p.Time == 0 || p.Threads == 0 || p.SaltLen < 8 || p.KeyLen < 16 {
		return "", fmt.Errorf("service: hash password: weak or empty argon2 parameters %+v", p)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("service: hash password: %w", err)
	}
	key := argon2.IDKey([]byte(normalizePassword(pw)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches hash, a PHC argon2id string
// made by HashPassword, using the parameters written in it and comparing in
// constant time. An empty hash (no password set) matches nothing; a hash
// that cannot be read is an error.
func CheckPassword(hash, pw string) (bool, error) {
	if hash == "" {
		return false, nil
	}
	p, salt, key, err := decodeHash(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(normalizePassword(pw)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether hash was made with parameters other than p,
// so that a sign-in may store a new hash of the password it just checked.
func NeedsRehash(hash string, p ArgonParams) bool {
	q, salt, _, err := decodeHash(hash)
	return err != nil || q.Memory != p.Memory || q.Time != p.Time || q.Threads != p.Threads ||
		q.KeyLen != p.KeyLen || uint32(len(salt)) != p.SaltLen
}

var errBadHash = errors.New("service: password hash is not a PHC argon2id string")

func decodeHash(hash string) (p ArgonParams, salt, key []byte, err error) {
	parts := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || parts[2] != fmt.Sprintf("v=%d", v) {
		return p, nil, nil, errBadHash
	}
	if v != argon2.Version {
		return p, nil, nil, fmt.Errorf("service: password hash: argon2 version %d, want %d", v, argon2.Version)
	}
	var m, t, th uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &th); err != nil || parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", m, t, th) {
		return p, nil, nil, errBadHash
	}
	if m == 0 || m > maxArgonMemory || t == 0 || t > maxArgonTime || th == 0 || th > 255 || m < 8*th {
		return p, nil, nil, fmt.Errorf("service: password hash: parameters m=%d,t=%d,p=%d out of range", m, t, th)
	}
	b64 := base64.RawStdEncoding.Strict()
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 || len(salt) > maxArgonSaltLen {
		return p, nil, nil, errBadHash
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > maxArgonKeyLen {
		return p, nil, nil, errBadHash
	}
	p = ArgonParams{Memory: m, Time: t, Threads: uint8(th), SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))}
	return p, salt, key, nil
}

//go:embed common_passwords.txt
var commonPasswordsFile string

// commonPasswords is the set of common_passwords.txt.
var commonPasswords = func() map[string]bool {
	set := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsFile))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			set[line] = true
		}
	}
	return set
}()

// CheckPasswordRule returns EINVALID with Fields{"password": key} unless pw
// is an acceptable new password for the account with address email:
// MinPasswordRunes to MaxPasswordRunes characters (after NFKC), not a
// common password, and not the address or its local part. Keys:
// error.password_encoding, error.password_short, error.password_long,
// error.password_common, error.password_email.
func CheckPasswordRule(pw, email string) error {
	invalid := func(key, msg string) error {
		return &furusato.Error{Code: furusato.EINVALID, Message: msg, Fields: map[string]string{"password": key}}
	}
	if !utf8.ValidString(pw) {
		return invalid("error.password_encoding", "The password holds characters that cannot be read.")
	}
	pw = normalizePassword(pw)
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordRunes:
		return invalid("error.password_short", fmt.Sprintf("The password must have at least %d characters.", MinPasswordRunes))
	case n > MaxPasswordRunes:
		return invalid("error.password_long", fmt.Sprintf("The password can have at most %d characters.", MaxPasswordRunes))
	}
	lower := strings.ToLower(pw)
	if commonPasswords[lower] {
		return invalid("error.password_common", "This password is too common. Please choose another.")
	}
	addr := strings.ToLower(strings.TrimSpace(norm.NFKC.String(email)))
	local, _, _ := strings.Cut(addr, "@")
	if addr != "" && (lower == addr || lower == local) {
		return invalid("error.password_email", "The password must not be your e-mail address.")
	}
	return nil
}
