package store

import (
	"context"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Images keeps image bytes in the database (the images table), so that
// every node serves every image without shared disk or object storage. It
// is the database implementation of service.ImageStore.
type Images struct {
	db  *DB
	now func() time.Time
}

// Images returns the database image store of db; now is the clock that
// stamps each image's created_at (the service's clock).
func (db *DB) Images(now func() time.Time) *Images { return &Images{db: db, now: now} }

// Put stores data under key. Keys are content-hashed, so an existing key
// already holds the same bytes: Put keeps it and succeeds.
func (s *Images) Put(ctx context.Context, key string, data []byte, contentType string) error {
	if !validImageKey(key) || len(data) == 0 || contentType == "" {
		return furusato.Errorf(furusato.EINVALID, "store: put image: a valid key, data and a content type are required")
	}
	return s.db.Tx(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `
			INSERT INTO images (key, content_type, data, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO NOTHING`, key, contentType, data, ms(s.now()))
		return wrap("put image", err)
	})
}

// Get returns the bytes and content type stored under key; ENOTFOUND for
// an unknown key.
func (s *Images) Get(ctx context.Context, key string) ([]byte, string, error) {
	if !validImageKey(key) {
		return nil, "", furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	var data []byte
	var ct string
	err := s.db.q.QueryRowContext(ctx, `SELECT data, content_type FROM images WHERE key = $1`, key).Scan(&data, &ct)
	if err != nil {
		return nil, "", wrap("get image", err)
	}
	return data, ct, nil
}

// Delete removes the image under key; a missing key is not an error.
func (s *Images) Delete(ctx context.Context, key string) error {
	return s.db.Tx(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `DELETE FROM images WHERE key = $1`, key)
		return wrap("delete image", err)
	})
}

// SetProjectCover sets (or, with a zero furusato.Cover, removes) the cover of
// project id and bumps the catalogue version, in the caller's transaction.
// The project's updated_at is left alone: the cover has its own form, and an
// edit form open elsewhere must not see a conflict because of it.
// ENOTFOUND when there is no project id.
func (tx *Tx) SetProjectCover(ctx context.Context, id int64, c furusato.Cover) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE projects SET cover_key = $2, cover_width = $3, cover_height = $4 WHERE id = $1`,
		id, c.Key, c.Width, c.Height)
	if err := mustAffect("set project cover", res, err, "Project not found."); err != nil {
		return err
	}
	return tx.BumpCatalogueVersion(ctx)
}

// ProjectCovers returns the covers of the projects ids that have one, by
// project id.
func (c *conn) ProjectCovers(ctx context.Context, ids []int64) (map[int64]furusato.Cover, error) {
	out := make(map[int64]furusato.Cover, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var b builder
	rows, err := c.q.QueryContext(ctx, `SELECT id, cover_key, cover_width, cover_height FROM projects
		WHERE cover_key <> '' AND id IN (`+b.ids(ids)+`)`, b.args...)
	if err != nil {
		return nil, wrap("find project covers", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var cv furusato.Cover
		if err := rows.Scan(&id, &cv.Key, &cv.Width, &cv.Height); err != nil {
			return nil, wrap("find project covers", err)
		}
		out[id] = cv
	}
	return out, wrap("find project covers", rows.Err())
}

// CoverInUse reports whether any project has the cover key.
func (c *conn) CoverInUse(ctx context.Context, key string) (bool, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects WHERE cover_key = $1`, key).Scan(&n)
	return n > 0, wrap("cover in use", err)
}

// validImageKey reports whether key looks like one of ours: lower-case
// letters, digits, '-', '.', and '/' between segments.
func validImageKey(key string) bool {
	if key == "" || len(key) > 200 || strings.Contains(key, "..") || strings.HasPrefix(key, "/") {
		return false
	}
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '/') {
			return false
		}
	}
	return true
}
