package service

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// Limits on account fields, in runes (the e-mail address in bytes, as RFC
// 5321 counts it).
const (
	MaxEmailLen     = 254
	MaxDisplayRunes = 50
)

// Users is the use cases of user accounts as a whole, apart from the
// person's own sign-in (Auth) and data (PersonalData): creating an account
// (CreateUser, for `furusato user create` and the demo data), the admins'
// user list and view and the admin flag (users_admin.go), and one's own
// memberships and coordinated organisations.
type Users struct {
	db    *store.DB
	now   func() time.Time
	argon ArgonParams
}

// NewUsers returns Users over db; now is the clock and argon the
// cost of password hashing (DefaultArgon in production, TestArgon in tests).
func NewUsers(db *store.DB, now func() time.Time, argon ArgonParams) *Users {
	return &Users{db: db, now: now, argon: argon}
}

// CreateUser creates an account, an admin when admin is set, and records it
// in the audit log in the same transaction. The address is normalised
// (NormalizeEmail), the name NFKC-normalised and trimmed. It returns
// EINVALID with Fields for "email" (error.email), "display_name"
// (error.required, error.too_long, error.invalid) and "password" (see
// CheckPasswordRule), all at once, and ECONFLICT with Fields{"email":
// "error.taken"} when the address is already registered.
func (s *Users) CreateUser(ctx context.Context, email, name, password string, admin bool) (*furusato.User, error) {
	email, name, err := checkNewAccount(email, name, password)
	if err != nil {
		return nil, err
	}
	hash, err := HashPassword(password, s.argon)
	if err != nil {
		return nil, err
	}
	now := s.now()
	u := &furusato.User{Email: email, DisplayName: name, Admin: admin}
	detail, err := json.Marshal(struct {
		Admin bool `json:"admin"`
	}{admin})
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, u, hash, now); err != nil {
			return err
		}
		// TODO(accounts): the acting admin and IP once the web edge creates users.
		return tx.Audit(ctx, furusato.AuditEntry{At: now, Action: furusato.AuditUserCreate, ObjectType: "user", ObjectID: u.ID, Detail: detail})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// NormalizeEmail returns the canonical form of an e-mail address, as stored
// and looked up: NFKC (so full-width ａ＠ｂ．ｊｐ is a@b.jp), trimmed, lower
// case. It returns EINVALID with Fields{"email": "error.email"} unless the
// result has the shape local@domain: one @, no spaces, control characters
// or characters that need quoting, a domain with a dot between non-empty
// labels, at most MaxEmailLen bytes.
func NormalizeEmail(s string) (string, error) {
	bad := &furusato.Error{Code: furusato.EINVALID, Message: "Please enter a valid e-mail address.", Fields: map[string]string{"email": "error.email"}}
	if !utf8.ValidString(s) {
		return "", bad
	}
	s = strings.ToLower(strings.TrimSpace(norm.NFKC.String(s)))
	if s == "" || len(s) > MaxEmailLen || strings.Count(s, "@") != 1 {
		return "", bad
	}
	if strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`"(),:;<>[\]`, r)
	}) {
		return "", bad
	}
	local, domain, _ := strings.Cut(s, "@")
	if local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", bad
	}
	return s, nil
}

// displayNameBounds are the params of a display name's error key: its
// limit when it is too long.
func displayNameBounds(key string) []any {
	if key == "error.too_long" {
		return []any{"Max", MaxDisplayRunes}
	}
	return nil
}

// normalizeDisplayName returns name NFKC-normalised and trimmed, and a
// catalogue key when it is empty, longer than MaxDisplayRunes or holds
// control characters ("" when it is fine).
func normalizeDisplayName(name string) (string, string) {
	if !utf8.ValidString(name) {
		return name, "error.invalid"
	}
	// NFKC: a person's name is also what boards and admins search by
	// (「Ａｌｉｃｅ」 is found as "alice"), and 「山田　花子」 keeps one space.
	name = strings.TrimSpace(norm.NFKC.String(name))
	switch {
	case furusato.BadProse(name):
		return name, furusato.ErrBadText
	case name == "":
		return name, "error.required"
	case furusato.TextLen(name) > MaxDisplayRunes:
		return name, "error.too_long"
	case strings.ContainsFunc(name, unicode.IsControl):
		return name, "error.invalid"
	}
	return name, ""
}

// checkNewAccount normalises and checks what a new account is made of, for
// CreateUser and Auth.SignUp alike: it returns the normalised address and
// name, or EINVALID with Fields for "email", "display_name" and
// "password", all at once.
func checkNewAccount(email, name, password string) (string, string, error) {
	var f furusato.FieldErrors
	email, err := NormalizeEmail(email)
	if err != nil {
		f.Add("email", furusato.ErrorFields(err)["email"])
	}
	name, key := normalizeDisplayName(name)
	if key != "" {
		f.Add("display_name", key, displayNameBounds(key)...)
	}
	if err := CheckPasswordRule(password, email); err != nil {
		f.Add("password", furusato.ErrorFields(err)["password"], "Min", MinPasswordRunes, "Max", MaxPasswordRunes)
	}
	if err := f.Err(); err != nil {
		return "", "", err
	}
	return email, name, nil
}
