package store

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// The site's own pages (terms, privacy policy, operator, contact, FAQ) are
// kept as numbered versions, never overwritten, so what a person agreed to
// can always be read again. Consents record who agreed to which version.

const pageColumns = `slug, version, title_ja, body_ja, title_en, body_en, author_id, created_at`

func scanPage(s interface{ Scan(...any) error }) (*furusato.Page, error) {
	var p furusato.Page
	var slug string
	var created int64
	if err := s.Scan(&slug, &p.Version, &p.Ja.Title, &p.Ja.Body, &p.En.Title, &p.En.Body, &p.AuthorID, &created); err != nil {
		return nil, err
	}
	p.Slug, p.CreatedAt = furusato.PageSlug(slug), fromMS(created)
	return &p, nil
}

// CurrentPage returns the newest version of the page slug; ENOTFOUND when
// it has none.
func (c *conn) CurrentPage(ctx context.Context, slug furusato.PageSlug) (*furusato.Page, error) {
	p, err := scanPage(c.q.QueryRowContext(ctx, `SELECT `+pageColumns+` FROM site_pages
		WHERE slug = $1 ORDER BY version DESC LIMIT 1`, string(slug)))
	if err != nil {
		return nil, wrap("current page", err)
	}
	return p, nil
}

// FindPage returns version of the page slug; ENOTFOUND when there is none.
func (c *conn) FindPage(ctx context.Context, slug furusato.PageSlug, version int) (*furusato.Page, error) {
	p, err := scanPage(c.q.QueryRowContext(ctx, `SELECT `+pageColumns+` FROM site_pages
		WHERE slug = $1 AND version = $2`, string(slug), version))
	if err != nil {
		return nil, wrap("find page", err)
	}
	return p, nil
}

// PageVersions returns the versions of the page slug, newest first, at
// most limit of them.
func (c *conn) PageVersions(ctx context.Context, slug furusato.PageSlug, limit int) ([]*furusato.Page, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT `+pageColumns+` FROM site_pages
		WHERE slug = $1 ORDER BY version DESC LIMIT $2`, string(slug), limit)
	if err != nil {
		return nil, wrap("page versions", err)
	}
	defer rows.Close()
	var out []*furusato.Page
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			return nil, wrap("page versions", err)
		}
		out = append(out, p)
	}
	return out, wrap("page versions", rows.Err())
}

// CreatePage stores p as a new version at now. The version is the primary
// key with the slug, so of two saves made from the same version read, the
// second is ECONFLICT. Call it on a Tx.
func (c *conn) CreatePage(ctx context.Context, p *furusato.Page, now time.Time) error {
	p.CreatedAt = now.UTC().Truncate(time.Millisecond)
	_, err := c.q.ExecContext(ctx, `INSERT INTO site_pages (`+pageColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		string(p.Slug), p.Version, p.Ja.Title, p.Ja.Body, p.En.Title, p.En.Body, p.AuthorID, ms(now))
	return wrap("create page", err)
}

// RecordConsent records that user agreed to version of the page slug at
// now; agreeing again to the same version changes nothing. Call it on a Tx.
func (c *conn) RecordConsent(ctx context.Context, userID int64, slug furusato.PageSlug, version int, now time.Time) error {
	_, err := c.q.ExecContext(ctx, `INSERT INTO consents (user_id, slug, version, agreed_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, slug, version) DO NOTHING`, userID, string(slug), version, ms(now))
	return wrap("record consent", err)
}

// RecordConsentOfUnagreed records, at now, consent to version of the page
// slug for every account whose address ends with suffix and that agreed
// to no version of it, and returns how many it recorded (the demo seeds
// its accounts so, not to nag the people trying it). Call it on a Tx.
func (c *conn) RecordConsentOfUnagreed(ctx context.Context, suffix string, slug furusato.PageSlug, version int, now time.Time) (int64, error) {
	res, err := c.q.ExecContext(ctx, `INSERT INTO consents (user_id, slug, version, agreed_at)
		SELECT u.id, $1, $2, $3 FROM users u
		WHERE substr(u.email, length(u.email) - length($4) + 1) = $4
		AND NOT EXISTS (SELECT 1 FROM consents k WHERE k.user_id = u.id AND k.slug = $1)`,
		string(slug), version, ms(now), suffix)
	if err != nil {
		return 0, wrap("record consent of unagreed", err)
	}
	n, err := res.RowsAffected()
	return n, wrap("record consent of unagreed", err)
}

// AgreedVersion returns the newest version of the page slug that user
// agreed to, 0 for none.
func (c *conn) AgreedVersion(ctx context.Context, userID int64, slug furusato.PageSlug) (int, error) {
	var v int
	err := c.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM consents
		WHERE user_id = $1 AND slug = $2`, userID, string(slug)).Scan(&v)
	return v, wrap("agreed version", err)
}

// FindConsents returns user's consents, oldest first (for the data export).
func (c *conn) FindConsents(ctx context.Context, userID int64) ([]furusato.Consent, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT slug, version, agreed_at FROM consents
		WHERE user_id = $1 ORDER BY agreed_at, slug, version`, userID)
	if err != nil {
		return nil, wrap("find consents", err)
	}
	defer rows.Close()
	var out []furusato.Consent
	for rows.Next() {
		k := furusato.Consent{UserID: userID}
		var slug string
		var at int64
		if err := rows.Scan(&slug, &k.Version, &at); err != nil {
			return nil, wrap("find consents", err)
		}
		k.Slug, k.AgreedAt = furusato.PageSlug(slug), fromMS(at)
		out = append(out, k)
	}
	return out, wrap("find consents", rows.Err())
}
