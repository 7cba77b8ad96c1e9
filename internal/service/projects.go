package service

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Projects is the use cases of managing projects: company staff and
// coordinators create and edit them and move them through their statuses
// (product.md). Every decision is the policy's, made on the project as read
// in the same transaction as the write.
type Projects struct {
	db     *store.DB
	now    func() time.Time
	images ImageStore  // covers; nil means the database (images.go)
	notify *Notifier   // tells participants when a project ends
	iv     *Interviews // cancels the open interviews of a project that ends
	teams  *Teams      // runs the end hooks of a team whose project ends; service.New fills it
}

// NewProjects returns Projects over db; now is the clock, notify tells
// participants when a project ends and iv cancels its open interviews.
func NewProjects(db *store.DB, now func() time.Time, notify *Notifier, iv *Interviews) *Projects {
	return &Projects{db: db, now: now, notify: notify, iv: iv}
}

// Now returns the service's clock reading.
func (s *Projects) Now() time.Time { return s.now() }

// Get returns the project id (any status) for its management page: only to
// those who work on it (policy.ProjectHistory), else the policy's refusal
// (ENOTFOUND for a project the actor may not see).
func (s *Projects) Get(ctx context.Context, actor *furusato.Actor, id int64) (*furusato.Project, error) {
	p, err := s.find(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Project(actor, policy.ProjectHistory, p); err != nil {
		return nil, err
	}
	return p, nil
}

// Company returns the company whose slug (or id) is key, for the new
// project form, when actor may create projects for it; ENOTFOUND for an
// unknown company, the policy's refusal otherwise.
func (s *Projects) Company(ctx context.Context, actor *furusato.Actor, key string) (*furusato.Company, error) {
	co, err := s.company(ctx, s.db, key)
	if err != nil {
		return nil, err
	}
	return co, policy.Project(actor, policy.ProjectCreate, newDraft(co))
}

// PartnerGroups lists the partner groups supporters come from.
func (s *Projects) PartnerGroups(ctx context.Context) ([]*furusato.Organization, error) {
	return s.db.FindOrganizations(ctx, furusato.OrgPartner)
}

func (s *Projects) company(ctx context.Context, c interface {
	FindCompanyBySlug(context.Context, string) (*furusato.Company, error)
	FindCompanyByID(context.Context, int64) (*furusato.Company, error)
}, key string) (*furusato.Company, error) {
	key = strings.TrimSpace(key)
	if key == "" || len(key) > 100 {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Company not found.")
	}
	co, err := c.FindCompanyBySlug(ctx, key)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		if id, ok := parseInt64(key); ok {
			co, err = c.FindCompanyByID(ctx, id)
		}
	}
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Company not found.")
	}
	return co, err
}

// newDraft is the project about to be created for co: a draft with every
// field the update does not set empty.
func newDraft(co *furusato.Company) *furusato.Project {
	return &furusato.Project{CompanyID: co.ID, OrganizationID: co.OrganizationID, Status: furusato.StatusDraft, Company: co}
}

type projectFinder interface {
	FindProject(ctx context.Context, key string, statuses []furusato.ProjectStatus) (*furusato.Project, error)
}

func (s *Projects) find(ctx context.Context, c projectFinder, id int64) (*furusato.Project, error) {
	if id <= 0 {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
	}
	p, err := c.FindProject(ctx, formatID(id), furusato.ProjectStatuses)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
	}
	return p, err
}

// Create creates a draft project for the company whose slug (or id) is
// companyKey from u (fields u leaves unset are empty). The slug is u.Slug, or one made from the title
// (ASCII), made unique. It returns the policy's refusal, EINVALID with Fields
// (catalogue keys) for bad input, ECONFLICT with Fields{"slug"} for a slug
// in use.
func (s *Projects) Create(ctx context.Context, actor *furusato.Actor, companyKey string, u furusato.ProjectUpdate) (*furusato.Project, error) {
	var p *furusato.Project
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		co, err := s.company(ctx, tx, companyKey)
		if err != nil {
			return err
		}
		p = newDraft(co)
		if err := policy.Project(actor, policy.ProjectCreate, p); err != nil {
			return err
		}
		link := func(p *furusato.Project, rows []int) map[string]string { return linkSupporters(ctx, tx, p, rows) }
		var f furusato.FieldErrors
		f.Merge(applyUpdate(p, u, policy.Project(actor, policy.ProjectAssignSupporters, p) == nil, link))
		projectRules(&f, nil, p, furusato.DateOf(s.now()))
		if err := f.Err(); err != nil {
			return err
		}
		if p.Slug == "" {
			if p.Slug, err = uniqueSlug(ctx, tx, slugFrom(p.Title, co.Slug)); err != nil {
				return err
			}
		}
		now := s.now()
		if err := tx.CreateProject(ctx, p, now); err != nil {
			return err
		}
		return tx.AddProjectHistory(ctx, &furusato.ProjectHistoryEntry{ProjectID: p.ID, At: now, ActorID: actorID(actor),
			Action: furusato.HistoryCreated, To: p.Status})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Update changes the fields of project id that u sets (the others keep
// their values), when the stored project is still at version (its
// Version, as read; else ECONFLICT: someone saved in between). Supporters
// change only when u sets them, which needs policy.ProjectAssignSupporters. It records the changed fields in the
// history (and in the audit log when an admin edits). Errors: the policy's
// refusal, EINVALID with Fields, ECONFLICT.
func (s *Projects) Update(ctx context.Context, actor *furusato.Actor, id int64, u furusato.ProjectUpdate, version int64) (*furusato.Project, error) {
	var p *furusato.Project
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := s.find(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := policy.Project(actor, policy.ProjectEdit, old); err != nil {
			return err
		}
		canAssign := policy.Project(actor, policy.ProjectAssignSupporters, old) == nil
		if u.Supporters != nil && !canAssign && !sameSupporters(old.Supporters, wanted(u)) {
			return policy.Project(actor, policy.ProjectAssignSupporters, old)
		}
		cp := *old
		p = &cp
		p.Themes, p.Skills, p.Supporters = slices.Clone(old.Themes), slices.Clone(old.Skills), slices.Clone(old.Supporters)
		p.SelectionSteps = slices.Clone(old.SelectionSteps)
		link := func(p *furusato.Project, rows []int) map[string]string { return linkSupporters(ctx, tx, p, rows) }
		var f furusato.FieldErrors
		f.Merge(applyUpdate(p, u, canAssign, link))
		projectRules(&f, old, p, furusato.DateOf(s.now()))
		if err := f.Err(); err != nil {
			return err
		}
		if p.Slug == "" {
			p.Slug = old.Slug
		}
		changes := changedFields(old, p)
		if len(changes) == 0 {
			p = old
			return nil
		}
		now := s.now()
		if err := tx.UpdateProject(ctx, p, version, now); err != nil {
			return err
		}
		contentChanges := slices.DeleteFunc(slices.Clone(changes), func(f string) bool { return f == "supporters" })
		if len(contentChanges) > 0 {
			if err := tx.AddProjectHistory(ctx, &furusato.ProjectHistoryEntry{ProjectID: p.ID, At: now, ActorID: actorID(actor),
				Action: furusato.HistoryEdited, From: p.Status, To: p.Status, Changes: contentChanges}); err != nil {
				return err
			}
		}
		if len(contentChanges) < len(changes) {
			if err := tx.AddProjectHistory(ctx, &furusato.ProjectHistoryEntry{ProjectID: p.ID, At: now, ActorID: actorID(actor),
				Action: furusato.HistorySupporters, From: p.Status, To: p.Status, Changes: []string{"supporters"}}); err != nil {
				return err
			}
		}
		if slices.Contains(changes, "places") {
			if err := s.closeIfFull(ctx, tx, p, now); err != nil {
				return err
			}
			if p, err = s.find(ctx, tx, id); err != nil {
				return err
			}
		}
		if actor.IsAdmin() {
			detail, _ := json.Marshal(map[string]any{"changes": changes})
			return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actorID(actor), Action: furusato.AuditProjectEdit,
				ObjectType: "project", ObjectID: p.ID, Detail: detail})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Move moves project id to status to, as policy.Move allows, with the rules
// of product.md: sending back needs a comment, cancelling a reason;
// publishing needs a project that passes Validate with a deadline today or
// later (JST); reopening a deadline today or later and places left. It
// records the move in the history, and a publication in the audit log.
// The move is conditional on the status it read: of two moves made at once
// (on any node), one applies and the other gets ECONFLICT, and only an
// applied move has its history row. Cancelling or completing the project
// closes its active entries and their interviews (closeProject).
// Errors: the policy's refusal (ENOTFOUND, EUNAUTHORIZED, EFORBIDDEN,
// ECONFLICT for a move the status does not allow), EINVALID with Fields,
// ECONFLICT when another move came first.
func (s *Projects) Move(ctx context.Context, actor *furusato.Actor, id int64, to furusato.ProjectStatus, comment string) (*furusato.Project, error) {
	return s.MoveFrom(ctx, actor, id, "", to, comment)
}

// MoveFrom is Move made from the status from that the actor saw (a page,
// an API client): when the project has left it meanwhile, ECONFLICT (after
// the policy's refusal, if the actor could not have made that move anyway).
// An empty from is any status, as Move.
func (s *Projects) MoveFrom(ctx context.Context, actor *furusato.Actor, id int64, from, to furusato.ProjectStatus, comment string) (*furusato.Project, error) {
	comment = prose(comment)
	if furusato.BadProse(comment) {
		return nil, invalid(map[string]string{"comment": furusato.ErrBadText})
	}
	var p *furusato.Project
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = s.find(ctx, tx, id); err != nil {
			return err
		}
		if from != "" && from != p.Status {
			seen := *p
			seen.Status = from
			if err := policy.Move(actor, &seen, to); err != nil {
				return err
			}
			return furusato.Errorf(furusato.ECONFLICT, "This project was moved in the meantime. Please reload the page.")
		}
		if err := policy.Move(actor, p, to); err != nil {
			return err
		}
		return s.applyMove(ctx, tx, p, to, moveNote{comment: comment, early: to == furusato.StatusCancelled}, actorID(actor), s.now())
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// moveNote is what a move carries besides its target: the comment (a
// send-back comment, a cancel reason, the reason of an early end) and
// whether the team's work ends early (a cancellation, or an early end).
type moveNote struct {
	comment string
	early   bool
}

// applyMove moves p, read in tx and allowed by the policy, to status to as
// user by (0: the system) at now, with the rules of product.md (Move), and
// does what the move entails in the same transaction: the history line,
// closing the entries of a project that ends and ending its team's work
// (endTeam), the kickoff of a project that starts (started), the audit
// line of a publication. Every project move, from
// the management page, the API, the team workspace or a job, goes here.
func (s *Projects) applyMove(ctx context.Context, tx *store.Tx, p *furusato.Project, to furusato.ProjectStatus, note moveNote, by int64, now time.Time) error {
	comment := note.comment
	from := p.Status // as read; equal to the from asked for, if any
	action := furusato.MoveName(from, to)
	today := furusato.DateOf(now)
	switch action {
	case furusato.HistorySentBack:
		if comment == "" {
			return invalid(map[string]string{"comment": "manage.error.comment_required"})
		}
	case furusato.HistoryCancelled:
		if comment == "" {
			return invalid(map[string]string{"comment": "manage.error.reason_required"})
		}
	case furusato.HistoryPublished:
		if err := p.Validate(); err != nil {
			return err
		}
		if p.Deadline.Before(today) {
			return invalid(map[string]string{"deadline": "manage.error.deadline_past"})
		}
	case furusato.HistoryReopened:
		if p.Deadline.Before(today) {
			return invalid(map[string]string{"deadline": "manage.error.reopen_deadline"})
		}
		if p.Places < 1 {
			return invalid(map[string]string{"places": "manage.error.reopen_places"})
		}
		if p.Matched >= p.Places {
			return invalid(map[string]string{"places": "manage.error.reopen_filled"})
		}
	}
	if furusato.TextLen(comment) > furusato.MaxLongText {
		return invalid(map[string]string{"comment": "manage.error.too_long"})
	}
	if err := tx.SetProjectStatus(ctx, p.ID, from, to, now); err != nil {
		return err
	}
	p.Status = to
	if err := tx.AddProjectHistory(ctx, &furusato.ProjectHistoryEntry{ProjectID: p.ID, At: now, ActorID: by,
		Action: action, From: from, To: to, Comment: comment}); err != nil {
		return err
	}
	switch to {
	case furusato.StatusCancelled, furusato.StatusCompleted:
		if err := s.closeProject(ctx, tx, p, comment, by, now); err != nil {
			return err
		}
		// The team's work ends with the project, however it was moved.
		if err := s.endTeam(ctx, tx, p, note.early, comment, by, now); err != nil {
			return err
		}
	case furusato.StatusInProgress:
		if err := s.started(ctx, tx, p, now); err != nil {
			return err
		}
	}
	if to == furusato.StatusPublished {
		act := furusato.AuditProjectPublish
		if action == furusato.HistoryReopened {
			act = furusato.AuditProjectReopen
		}
		detail, _ := json.Marshal(map[string]string{"from": string(from), "slug": p.Slug})
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: by, Action: act,
			ObjectType: "project", ObjectID: p.ID, Detail: detail})
	}
	return nil
}

// History returns the history of project id, newest first, to those the
// policy lets read it (policy.ProjectHistory).
func (s *Projects) History(ctx context.Context, actor *furusato.Actor, id int64) ([]*furusato.ProjectHistoryEntry, error) {
	if _, err := s.Get(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.db.FindProjectHistory(ctx, id)
}

// wanted returns the supporters u asks for, normalised, blank rows dropped.
func wanted(u furusato.ProjectUpdate) []furusato.Supporter {
	out, _ := supporterRows(*normalized(u).Supporters)
	return out
}

func actorID(a *furusato.Actor) int64 {
	if a.SignedIn() {
		return a.User.ID
	}
	return 0
}

// Editable returns project id for its edit form, when actor may edit it
// (policy.ProjectEdit); else the policy's refusal.
func (s *Projects) Editable(ctx context.Context, actor *furusato.Actor, id int64) (*furusato.Project, error) {
	p, err := s.find(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Project(actor, policy.ProjectEdit, p); err != nil {
		return nil, err
	}
	return p, nil
}
