package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Profiles and the personal-data operations of an account: export and
// deletion. Write them inside a Tx.

func joinLines(xs []string) string { return strings.Join(xs, "\n") }

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// FindProfile returns the profile of user id, or ENOTFOUND when they never
// saved one.
func (c *conn) FindProfile(ctx context.Context, userID int64) (*furusato.Profile, error) {
	var p furusato.Profile
	var skills, themes, prefs, links string
	var created, updated int64
	err := c.q.QueryRowContext(ctx, `
		SELECT user_id, name_kana, hometown, residence_prefecture, residence_city, occupation, affiliation,
		       affiliation_public, skills, interest_themes, interest_prefectures, bio, links, created_at, updated_at
		FROM profiles WHERE user_id = $1`, userID).Scan(&p.UserID, &p.NameKana, &p.Hometown, &p.ResidencePrefecture,
		&p.ResidenceCity, &p.Occupation, &p.Affiliation, &p.AffiliationPublic, &skills, &themes, &prefs, &p.Bio, &links,
		&created, &updated)
	if err != nil {
		return nil, wrap("find profile", err)
	}
	p.Skills, p.InterestThemes, p.Links = splitLines(skills), splitLines(themes), splitLines(links)
	for _, s := range splitLines(prefs) {
		if n, err := strconv.Atoi(s); err == nil {
			p.InterestPrefectures = append(p.InterestPrefectures, n)
		}
	}
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	return &p, nil
}

// SaveProfile inserts or replaces the profile of p.UserID, as given (the
// service normalises and validates it first), and sets p.UpdatedAt (and
// p.CreatedAt on the first save). ENOTFOUND when the user does not exist.
func (c *conn) SaveProfile(ctx context.Context, p *furusato.Profile, now time.Time) error {
	prefs := make([]string, len(p.InterestPrefectures))
	for i, n := range p.InterestPrefectures {
		prefs[i] = strconv.Itoa(n)
	}
	var created int64
	err := c.q.QueryRowContext(ctx, `
		INSERT INTO profiles (user_id, name_kana, hometown, residence_prefecture, residence_city, occupation, affiliation,
		                      affiliation_public, skills, interest_themes, interest_prefectures, bio, links, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
		ON CONFLICT (user_id) DO UPDATE SET
		    name_kana = excluded.name_kana, hometown = excluded.hometown,
		    residence_prefecture = excluded.residence_prefecture, residence_city = excluded.residence_city,
		    occupation = excluded.occupation, affiliation = excluded.affiliation,
		    affiliation_public = excluded.affiliation_public, skills = excluded.skills,
		    interest_themes = excluded.interest_themes, interest_prefectures = excluded.interest_prefectures,
		    bio = excluded.bio, links = excluded.links, updated_at = excluded.updated_at
		RETURNING created_at`,
		p.UserID, p.NameKana, p.Hometown, p.ResidencePrefecture, p.ResidenceCity, p.Occupation, p.Affiliation,
		p.AffiliationPublic, joinLines(p.Skills), joinLines(p.InterestThemes), joinLines(prefs), p.Bio, joinLines(p.Links),
		ms(now)).Scan(&created)
	if err != nil && isForeignKey(err) {
		return furusato.Errorf(furusato.ENOTFOUND, "User not found.")
	}
	if err != nil {
		return wrap("save profile", err)
	}
	p.CreatedAt, p.UpdatedAt = fromMS(created), now.UTC().Truncate(time.Millisecond)
	return nil
}

// SetDisplayName renames user id; ENOTFOUND when there is no such user.
func (c *conn) SetDisplayName(ctx context.Context, id int64, name string, now time.Time) error {
	res, err := c.q.ExecContext(ctx, `UPDATE users SET display_name = $2, updated_at = $3 WHERE id = $1`, id, name, ms(now))
	return mustAffect("set display name", res, err, "User not found.")
}

// FindAuditAbout returns every audit entry the user made or that is about
// them (object "user" with their id), oldest first.
func (c *conn) FindAuditAbout(ctx context.Context, userID int64) ([]furusato.AuditEntry, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT id, at, COALESCE(actor_user_id, 0), action, object_type, COALESCE(object_id, 0), ip, detail
		FROM audit_log
		WHERE actor_user_id = $1 OR (object_type = 'user' AND object_id = $1)
		ORDER BY at, id`, userID)
	if err != nil {
		return nil, wrap("find audit about", err)
	}
	defer rows.Close()
	var out []furusato.AuditEntry
	for rows.Next() {
		var e furusato.AuditEntry
		var at int64
		var detail string
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Action, &e.ObjectType, &e.ObjectID, &e.IP, &detail); err != nil {
			return nil, wrap("find audit about", err)
		}
		e.At, e.Detail = fromMS(at), []byte(detail)
		out = append(out, e)
	}
	return out, wrap("find audit about", rows.Err())
}

// DeleteUserData removes what an account holds beyond its users row: the
// profile, every membership and every e-mailed token of user id, and
// scrubs the e-mail addresses from the details of their audit entries of
// address changes, requested or made (the entries themselves stay). Call
// it on a Tx, with AnonymiseUser.
func (c *conn) DeleteUserData(ctx context.Context, userID int64) error {
	for _, q := range []string{
		`DELETE FROM profiles WHERE user_id = $1`,
		`DELETE FROM memberships WHERE user_id = $1`,
		`DELETE FROM tokens WHERE user_id = $1`,
	} {
		if _, err := c.q.ExecContext(ctx, q, userID); err != nil {
			return wrap("delete user data", err)
		}
	}
	_, err := c.q.ExecContext(ctx, `UPDATE audit_log SET detail = '{}'
		WHERE action IN ($2, $3) AND object_type = 'user' AND object_id = $1`,
		userID, string(furusato.AuditUserEmailChange), string(furusato.AuditUserEmailChangeAsk))
	return wrap("delete user data", err)
}

// DeletedUserName is the display name of a deleted account.
const DeletedUserName = "退会したユーザー"

// DeletedUserEmail is the address a deleted account id is left with: it
// frees the real one and can receive nothing (.invalid, RFC 2606).
func DeletedUserEmail(id int64) string { return "deleted-" + strconv.FormatInt(id, 10) + "@invalid" }

// AnonymiseUser turns user id into a deleted account: the address becomes
// DeletedUserEmail, the name DeletedUserName, the password and the admin
// flag go, deleted_at is set to now and the session epoch is bumped (every
// session is signed out). The row stays so that what refers to it (audit
// entries, others' records) stays coherent. ENOTFOUND when there is no
// such user.
func (c *conn) AnonymiseUser(ctx context.Context, id int64, now time.Time) error {
	res, err := c.q.ExecContext(ctx, `
		UPDATE users SET email = $2, display_name = $3, password_hash = '', admin = FALSE, email_verified_at = 0,
		       deleted_at = $4, session_epoch = session_epoch + 1, updated_at = $4
		WHERE id = $1`, id, DeletedUserEmail(id), DeletedUserName, ms(now))
	return mustAffect("anonymise user", res, err, "User not found.")
}
