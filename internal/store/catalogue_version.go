package store

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// versionCache lets a node read the catalogue version without a query on
// every request: a reading is reused for up to maxAge, unless this node
// committed a write that bumped the version since (then it is read again at
// once, so a node never serves its own writes late). Writes on other nodes
// are seen within maxAge.
type versionCache struct {
	bumps atomic.Int64 // catalogue writes this node committed

	mu    sync.Mutex
	v     int64
	at    time.Time
	bumpN int64 // bumps when v was read
	ok    bool
}

// CatalogueVersionWithin returns the catalogue version as read at most
// maxAge ago, or as read now when it is older or this node has committed a
// catalogue write since. Requests that find the reading stale at the same
// moment may each read it; the query is one indexed row.
func (db *DB) CatalogueVersionWithin(ctx context.Context, maxAge time.Duration) (int64, error) {
	vc := &db.versions
	n := vc.bumps.Load()
	vc.mu.Lock()
	if vc.ok && vc.bumpN == n && time.Since(vc.at) < maxAge {
		v := vc.v
		vc.mu.Unlock()
		return v, nil
	}
	vc.mu.Unlock()
	v, err := db.CatalogueVersion(ctx)
	if err != nil {
		return 0, err
	}
	vc.mu.Lock()
	if !vc.ok || v >= vc.v {
		vc.v, vc.at, vc.bumpN, vc.ok = v, time.Now(), n, true
	}
	vc.mu.Unlock()
	return v, nil
}
