package store

import (
	"context"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Users are written inside a Tx: on SQLite the DB's own methods run on the
// read-only pool.

// CreateUser inserts u with passwordHash ("" for none yet) and sets u.ID and
// u.CreatedAt. u.Email must already be normalised (service.NormalizeEmail);
// an address already in use is ECONFLICT with Fields{"email": "error.taken"}.
func (c *conn) CreateUser(ctx context.Context, u *furusato.User, passwordHash string, now time.Time) error {
	u.CreatedAt = now.UTC().Truncate(time.Millisecond)
	err := c.q.QueryRowContext(ctx, `
		INSERT INTO users (email, display_name, password_hash, admin, email_verified_at, deleted_at, created_at, updated_at, lang)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id`,
		u.Email, u.DisplayName, passwordHash, u.Admin, ms(u.EmailVerifiedAt), ms(u.DeletedAt), ms(now), u.Lang).Scan(&u.ID)
	if err != nil && isUnique(err) {
		return conflict("This e-mail address is already registered.", "email")
	}
	return wrap("create user", err)
}

const userColumns = `u.id, u.email, u.display_name, u.admin, u.email_verified_at, u.deleted_at, u.created_at, u.session_epoch, u.lang`

func scanUser(s interface{ Scan(...any) error }) (*furusato.User, error) {
	var u furusato.User
	var verified, deleted, created int64
	if err := s.Scan(&u.ID, &u.Email, &u.DisplayName, &u.Admin, &verified, &deleted, &created, &u.SessionEpoch, &u.Lang); err != nil {
		return nil, err
	}
	u.EmailVerifiedAt, u.DeletedAt, u.CreatedAt = fromMS(verified), fromMS(deleted), fromMS(created)
	return &u, nil
}

// FindUserByID returns the user with id, deleted or not, or ENOTFOUND.
func (c *conn) FindUserByID(ctx context.Context, id int64) (*furusato.User, error) {
	u, err := scanUser(c.q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	if err != nil {
		return nil, wrap("find user", err)
	}
	return u, nil
}

// FindUserByEmail returns the user whose normalised address is email, or
// ENOTFOUND. The caller normalises (service.NormalizeEmail).
func (c *conn) FindUserByEmail(ctx context.Context, email string) (*furusato.User, error) {
	u, err := scanUser(c.q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email = $1`, email))
	if err != nil {
		return nil, wrap("find user by email", err)
	}
	return u, nil
}

// PasswordHash returns the stored password hash of user id ("" when none
// was set), or ENOTFOUND. It is kept out of furusato.User so that the hash
// never travels further than the code that checks it.
func (c *conn) PasswordHash(ctx context.Context, id int64) (string, error) {
	var h string
	if err := c.q.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, id).Scan(&h); err != nil {
		return "", wrap("find password hash", err)
	}
	return h, nil
}

// SetPasswordHash replaces the password hash of user id; ENOTFOUND when
// there is no such user.
func (c *conn) SetPasswordHash(ctx context.Context, id int64, hash string, now time.Time) error {
	res, err := c.q.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, id, hash, ms(now))
	return mustAffect("set password hash", res, err, "User not found.")
}

// SetAdmin grants or withdraws the admin flag of user id; ENOTFOUND when
// there is no such user.
func (c *conn) SetAdmin(ctx context.Context, id int64, admin bool, now time.Time) error {
	res, err := c.q.ExecContext(ctx, `UPDATE users SET admin = $2, updated_at = $3 WHERE id = $1`, id, admin, ms(now))
	return mustAffect("set admin", res, err, "User not found.")
}

// MarkEmailVerified records that user id confirmed their address at now;
// an earlier confirmation time is kept. ENOTFOUND when there is no such user.
func (c *conn) MarkEmailVerified(ctx context.Context, id int64, now time.Time) error {
	res, err := c.q.ExecContext(ctx, `
		UPDATE users SET email_verified_at = CASE WHEN email_verified_at = 0 THEN $2 ELSE email_verified_at END, updated_at = $2
		WHERE id = $1`, id, ms(now))
	return mustAffect("mark email verified", res, err, "User not found.")
}

// SetUserEmail moves user id to the normalised address email and marks it
// verified at now (the change was confirmed from that mailbox). ECONFLICT
// with Fields{"email": "error.taken"} when another account has it,
// ENOTFOUND when there is no such user.
func (c *conn) SetUserEmail(ctx context.Context, id int64, email string, now time.Time) error {
	res, err := c.q.ExecContext(ctx, `UPDATE users SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1`, id, email, ms(now))
	if err != nil && isUnique(err) {
		return conflict("This e-mail address is already registered.", "email")
	}
	return mustAffect("set user email", res, err, "User not found.")
}

// SetUserLang records the language user id reads pages and mail in ("ja",
// "en"); ENOTFOUND when there is no such user. The service checks lang;
// the database refuses any other value.
func (c *conn) SetUserLang(ctx context.Context, id int64, lang string, now time.Time) error {
	res, err := c.q.ExecContext(ctx, `UPDATE users SET lang = $2, updated_at = $3 WHERE id = $1`, id, lang, ms(now))
	return mustAffect("set user language", res, err, "User not found.")
}

// BumpSessionEpoch increments the session epoch of user id, which signs
// out every session holding the old one, and returns the new epoch;
// ENOTFOUND when there is no such user.
func (c *conn) BumpSessionEpoch(ctx context.Context, id int64, now time.Time) (int64, error) {
	var epoch int64
	err := c.q.QueryRowContext(ctx, `UPDATE users SET session_epoch = session_epoch + 1, updated_at = $2 WHERE id = $1 RETURNING session_epoch`, id, ms(now)).Scan(&epoch)
	if err != nil {
		return 0, wrap("bump session epoch", err)
	}
	return epoch, nil
}

// ForgetAccountSetup removes what user id set up beyond the account row:
// the profile, every membership, every API token (not merely revoked),
// favourites, notification choices and the links of supporter rows to the
// user. For an address proved by a password reset on an account that was
// never verified: whoever registered it first may not have been its owner
// (see service.Auth.ResetPassword). Entries and messages stay. Call it on a
// Tx.
func (c *conn) ForgetAccountSetup(ctx context.Context, userID int64) error {
	for _, q := range []string{
		`DELETE FROM profiles WHERE user_id = $1`,
		`DELETE FROM memberships WHERE user_id = $1`,
		`DELETE FROM api_tokens WHERE user_id = $1`,
		`DELETE FROM favorites WHERE user_id = $1`,
		`DELETE FROM notification_prefs WHERE user_id = $1`,
		`UPDATE project_supporters SET user_id = NULL WHERE user_id = $1`,
	} {
		if _, err := c.q.ExecContext(ctx, q, userID); err != nil {
			return wrap("forget account setup", err)
		}
	}
	return nil
}

// FindUsers returns one page of the users that are not deleted, newest
// first, with the number of users f matches.
func (c *conn) FindUsers(ctx context.Context, f furusato.UserFilter) ([]furusato.UserSummary, int, error) {
	where, args := `u.deleted_at = 0`, []any{}
	if f.Query != "" {
		args = append(args, "%"+likeEscape(f.Query)+"%")
		where += ` AND (LOWER(u.email) LIKE $1 ESCAPE '\' OR LOWER(u.display_name) LIKE $1 ESCAPE '\')`
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	n := len(args)
	args = append(args, f.Limit, f.Offset)
	rows, err := c.q.QueryContext(ctx, `
		SELECT `+userColumns+`, (SELECT COUNT(*) FROM memberships m WHERE m.user_id = u.id), COUNT(*) OVER ()
		FROM users u WHERE `+where+`
		ORDER BY u.created_at DESC, u.id DESC
		LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), args...)
	if err != nil {
		return nil, 0, wrap("find users", err)
	}
	defer rows.Close()
	var out []furusato.UserSummary
	total := 0
	for rows.Next() {
		var row furusato.UserSummary
		var err error
		row.User, err = scanUser(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &row.Memberships, &total)...)
		}))
		if err != nil {
			return nil, 0, wrap("find users", err)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("find users", err)
	}
	if len(out) == 0 && f.Offset > 0 { // a page past the end still knows the total
		err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u WHERE `+where, args[:n]...).Scan(&total)
		if err != nil {
			return nil, 0, wrap("count users", err)
		}
	}
	return out, total, nil
}

// scanFunc lets a function stand where a Scan method is wanted.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }
