package service

import (
	"context"
	"encoding/json"
	"io"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// SetImageStore makes s keep cover images in is instead of the database.
func (s *Projects) SetImageStore(is ImageStore) { s.images = is }

func (s *Projects) imageStore() ImageStore {
	if s.images != nil {
		return s.images
	}
	return s.db.Images(s.now)
}

// SetCover makes the image read from upload (at most MaxCoverBytes) the
// cover of project id, when actor may edit it (policy.ProjectEdit). The
// image is checked and re-encoded by ProcessCover, its variants stored
// before the project points at them, and the previous cover's variants
// deleted when no project uses them any more. The change is recorded in the
// history (and the audit log when an admin makes it) and the catalogue
// version is bumped. Errors: the policy's refusal (ENOTFOUND for a project
// the actor may not see), EINVALID with Fields{"cover"}.
func (s *Projects) SetCover(ctx context.Context, actor *furusato.Actor, id int64, upload io.Reader) (furusato.Cover, error) {
	if _, err := s.Editable(ctx, actor, id); err != nil {
		return furusato.Cover{}, err
	}
	pc, err := ProcessCover(ctx, upload, MaxCoverBytes)
	if err != nil {
		return furusato.Cover{}, err
	}
	is := s.imageStore()
	for _, v := range pc.Variants {
		if err := is.Put(ctx, v.Key, v.Data, "image/jpeg"); err != nil {
			return furusato.Cover{}, err
		}
	}
	cv := pc.Cover()
	if err := s.changeCover(ctx, actor, id, cv); err != nil {
		return furusato.Cover{}, err
	}
	return cv, nil
}

// RemoveCover removes the cover of project id, when actor may edit it
// (policy.ProjectEdit), with a history entry; removing no cover is not an
// error and records nothing. Errors: the policy's refusal.
func (s *Projects) RemoveCover(ctx context.Context, actor *furusato.Actor, id int64) error {
	return s.changeCover(ctx, actor, id, furusato.Cover{})
}

// changeCover points project id at cv in one transaction, re-checking the
// policy on the project as read there, then deletes the old variants.
func (s *Projects) changeCover(ctx context.Context, actor *furusato.Actor, id int64, cv furusato.Cover) error {
	var old furusato.Cover
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		p, err := s.find(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := policy.Project(actor, policy.ProjectEdit, p); err != nil {
			return err
		}
		covers, err := tx.ProjectCovers(ctx, []int64{p.ID})
		if err != nil {
			return err
		}
		old = covers[p.ID]
		if old.Key == cv.Key {
			return nil
		}
		if err := tx.SetProjectCover(ctx, p.ID, cv); err != nil {
			return err
		}
		now := s.now()
		if err := tx.AddProjectHistory(ctx, &furusato.ProjectHistoryEntry{ProjectID: p.ID, At: now, ActorID: actorID(actor),
			Action: furusato.HistoryEdited, From: p.Status, To: p.Status, Changes: []string{"cover"}}); err != nil {
			return err
		}
		if actor.IsAdmin() {
			detail, _ := json.Marshal(map[string]any{"changes": []string{"cover"}})
			return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actorID(actor), Action: furusato.AuditProjectEdit,
				ObjectType: "project", ObjectID: p.ID, Detail: detail})
		}
		return nil
	})
	if err != nil || old.Key == "" || old.Key == cv.Key {
		return err
	}
	// The old variants go when no project uses them any more (the same
	// upload on two projects shares its keys). A failure here leaves an
	// unreferenced image behind, which is harmless, so it is not reported.
	if inUse, err := s.db.CoverInUse(ctx, old.Key); err == nil && !inUse {
		is := s.imageStore()
		for _, w := range CoverWidths {
			_ = is.Delete(ctx, CoverVariantKey(old.Key, w))
		}
	}
	return nil
}

// Covers returns the covers of the projects ids that have one, by id, for
// the catalogue's pages and cards.
func (s *Projects) Covers(ctx context.Context, ids []int64) (map[int64]furusato.Cover, error) {
	return s.db.ProjectCovers(ctx, ids)
}

// Image returns a stored image for GET /images/{key}: anyone may read any
// key. Keys are 128-bit content hashes, which cannot be guessed or listed,
// and a cover becomes public with its project anyway; checking the
// project's status on every image request would cost a query and gain
// nothing. ENOTFOUND for an unknown key.
func (s *Projects) Image(ctx context.Context, key string) ([]byte, string, error) {
	if !strings.HasPrefix(key, "cover/") {
		return nil, "", furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	return s.imageStore().Get(ctx, key)
}
