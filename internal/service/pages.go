package service

import (
	"context"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Pages is the use cases of the site's own pages (terms, privacy policy,
// operator, contact, FAQ): anyone reads the newest version; admins save a
// new one (policy.PageEdit), and people agree to the terms, at sign-up
// and again after they change.
type Pages struct {
	db      *store.DB
	now     func() time.Time
	contact furusato.Contact
}

// NewPages returns Pages over db with the clock now.
func NewPages(db *store.DB, now func() time.Time) *Pages { return &Pages{db: db, now: now} }

// Contact returns the operator's contact as configured (Config.Contact),
// which the contact and operator pages show under their text; zero for
// none.
func (s *Pages) Contact() furusato.Contact { return s.contact }

// PageVersionsShown bounds the history an admin sees of one page.
const PageVersionsShown = 20

// Current returns the newest version of the page slug; ENOTFOUND for a
// slug that is not a page.
func (s *Pages) Current(ctx context.Context, slug furusato.PageSlug) (*furusato.Page, error) {
	if !slug.Valid() {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "No such page.")
	}
	return s.db.CurrentPage(ctx, slug)
}

// Versions returns the newest PageVersionsShown versions of slug, for
// the actor allowed policy.PageEdit.
func (s *Pages) Versions(ctx context.Context, actor *furusato.Actor, slug furusato.PageSlug) ([]*furusato.Page, error) {
	if err := policy.Global(actor, policy.PageEdit); err != nil {
		return nil, err
	}
	if !slug.Valid() {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "No such page.")
	}
	return s.db.PageVersions(ctx, slug, PageVersionsShown)
}

// Save stores in as the version after base, the version the editor read,
// and audits it. It returns EFORBIDDEN (or EUNAUTHORIZED) unless the actor
// may policy.PageEdit, ENOTFOUND for an unknown slug, EINVALID with
// Fields (Page.Validate), and ECONFLICT when base is no longer the newest
// version: someone else saved meanwhile, and nothing is written.
func (s *Pages) Save(ctx context.Context, actor *furusato.Actor, slug furusato.PageSlug, base int, in furusato.Page) (*furusato.Page, error) {
	if err := policy.Global(actor, policy.PageEdit); err != nil {
		return nil, err
	}
	if !slug.Valid() {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "No such page.")
	}
	p := &furusato.Page{Slug: slug, Version: base + 1, Ja: in.Ja, En: in.En, AuthorID: actor.User.ID}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		cur, err := tx.CurrentPage(ctx, slug)
		if err != nil {
			return err
		}
		if cur.Version != base {
			return errPageConflict()
		}
		// Two saves from the same base both pass the check above on
		// PostgreSQL; the primary key (slug, version) lets one through.
		if err := tx.CreatePage(ctx, p, now); err != nil {
			if furusato.ErrorCode(err) == furusato.ECONFLICT {
				return errPageConflict()
			}
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditPageSave, ObjectType: "page",
			Detail: jsonDetail(map[string]string{"page": string(slug), "version": strconv.Itoa(p.Version)})})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func errPageConflict() error {
	return &furusato.Error{Code: furusato.ECONFLICT, Message: "The page was changed meanwhile.", Fields: map[string]string{"version": "trust.error.conflict"}}
}

// TermsToAgree returns the version of the terms the signed-in actor has
// yet to agree to, or 0 when they agreed to the newest or are a visitor.
// An account that never agreed to any version (made on the command line,
// or before consent was recorded) is asked like one that agreed to an
// older version: the banner links it to the terms, it is not stopped.
func (s *Pages) TermsToAgree(ctx context.Context, actor *furusato.Actor) (int, error) {
	if !actor.SignedIn() {
		return 0, nil
	}
	cur, err := s.db.CurrentPage(ctx, furusato.PageTerms)
	if err != nil {
		return 0, err
	}
	agreed, err := s.db.AgreedVersion(ctx, actor.User.ID, furusato.PageTerms)
	if err != nil || agreed >= cur.Version {
		return 0, err
	}
	return cur.Version, nil
}

// AgreeToTerms records that the signed-in actor agreed to version of the
// terms, the one they were shown; ECONFLICT (field "agree") when it is no
// longer the newest, so that they read the new one first.
func (s *Pages) AgreeToTerms(ctx context.Context, actor *furusato.Actor, version int) error {
	if !actor.SignedIn() {
		return furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		return agreeTerms(ctx, tx, actor.User.ID, version, now)
	})
}

// agreeTerms records user's consent to version of the terms on tx, when it
// is the newest; ECONFLICT (field "agree") otherwise.
func agreeTerms(ctx context.Context, tx *store.Tx, userID int64, version int, now time.Time) error {
	cur, err := tx.CurrentPage(ctx, furusato.PageTerms)
	if err != nil {
		return err
	}
	if version != cur.Version {
		return &furusato.Error{Code: furusato.ECONFLICT, Message: "The terms have changed; please read them again.",
			Fields: map[string]string{"agree": "trust.error.terms_changed"}}
	}
	return tx.RecordConsent(ctx, userID, furusato.PageTerms, version, now)
}

// ExportConsent is one agreement to a version of a site page, in a
// person's data export.
type ExportConsent struct {
	Page     string    `json:"page"`
	Version  int       `json:"version"`
	AgreedAt time.Time `json:"agreed_at"`
}

// exportConsents lists user id's consents for the data export.
func exportConsents(ctx context.Context, db *store.DB, id int64) ([]ExportConsent, error) {
	cs, err := db.FindConsents(ctx, id)
	if err != nil {
		return nil, err
	}
	out := []ExportConsent{}
	for _, c := range cs {
		out = append(out, ExportConsent{Page: string(c.Slug), Version: c.Version, AgreedAt: jst(c.AgreedAt)})
	}
	return out, nil
}
