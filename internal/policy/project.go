package policy

import "github.com/furusato/furusato/internal/furusato"

// Project decides whether a may do act to project p. It returns nil when
// allowed, otherwise a *furusato.Error:
//   - ENOTFOUND when a may not even see p (see CanSeeProject), with the very
//     message a missing project gets, so a guessed draft ID reveals nothing;
//   - EUNAUTHORIZED when a visitor asks for more than viewing a project they
//     can see;
//   - EINVALID for ProjectCreate with a project that is not a draft;
//   - ECONFLICT for a status move the project's current status does not
//     allow (ProjectPublish of a closed project, say; that is ProjectReopen);
//   - EFORBIDDEN when a can see p but may not do this.
//
// The rules, by action:
//   - ProjectView: anyone who can see p (CanSeeProject).
//   - ProjectCreate: p is the project about to be created, with CompanyID and
//     OrganizationID filled in by the caller from the company's link to its
//     coordinating organisation. Every project is born a draft (reaching
//     another status is a Move, checked on its own). Allowed to the company's
//     staff, a coordinator of p.OrganizationID, and admins. The object does
//     not exist yet, so there is nothing to hide: refusals are EFORBIDDEN.
//   - ProjectEdit: a coordinator of p.OrganizationID and admins, in every
//     status (product.md is silent; we let the coordinator correct the public
//     record after a match too, since completed projects stay public and
//     stories link to them; every such edit is audited). The company's staff
//     only while p is a draft: once submitted the coordinator edits, and a
//     project sent back is a draft again. Supporters never edit.
//   - ProjectSubmit … ProjectComplete, ProjectCancel: the status moves; see
//     Move for who may make each.
//   - ProjectAssignSupporters: a coordinator of p.OrganizationID and admins,
//     in every status (product.md: supporters accompany "in their partner
//     group's name", but it is the region that forms the team).
//   - ProjectHistory: those who work on p: admins, a coordinator of
//     p.OrganizationID, the company's staff (they need the send-back
//     comments) and the supporters assigned to p. Not participants, even of
//     a public project.
func Project(a *furusato.Actor, act Action, p *furusato.Project) error {
	a = actor(a)
	if !projectAction(act) {
		return wrongFamily(act, "Project")
	}
	if act == ProjectCreate {
		return create(a, p)
	}
	if !CanSeeProject(a, p) {
		return projectNotFound()
	}
	switch act {
	case ProjectView:
		return nil
	case ProjectEdit:
		return edit(a, p)
	case ProjectAssignSupporters:
		if err := needSignIn(a); err != nil {
			return err
		}
		if coordinates(a, p.OrganizationID) || a.IsAdmin() {
			return nil
		}
		return refuse(a, "Only the project's coordinator assigns supporters.")
	case ProjectHistory:
		if err := needSignIn(a); err != nil {
			return err
		}
		if works(a, p) {
			return nil
		}
		return refuse(a, "")
	}
	// The status moves.
	if err := needSignIn(a); err != nil {
		return err
	}
	if !moveFrom(act, p.Status) {
		return moveConflict(p.Status, act)
	}
	return mover(a, act, p)
}

// CanSeeProject reports whether a may see p at all. Projects in a public
// status (published, closed, in_progress, completed) are seen by anyone;
// drafts, projects in review and cancelled ones only by admins, coordinators
// of p.OrganizationID, staff of p.CompanyID and the supporters assigned to
// p. A nil p is seen by nobody.
func CanSeeProject(a *furusato.Actor, p *furusato.Project) bool {
	if p == nil {
		return false
	}
	if p.Status.Public() {
		return true
	}
	return works(actor(a), p)
}

// Move decides whether a may move p from its current status to status to.
// First a must be able to see p (else ENOTFOUND) and be signed in (else
// EUNAUTHORIZED); then to must be a known status (else EINVALID) and the move
// must be one that furusato.CanMove allows (else ECONFLICT: the request is
// well formed, but the project's current state does not allow it, as when
// two coordinators publish at once and the second finds it published). Then
// who:
//   - draft → in_review (ProjectSubmit): the company's staff, the
//     coordinator, admins;
//   - every other move (send back, publish, close, reopen, start, complete,
//     cancel): the coordinator of p.OrganizationID and admins.
//
// The company cannot cancel its own draft (product.md: "the coordinator
// cancels, with a reason"); it asks its coordinator. Closing at the deadline
// is done by a job for the system, not by an actor, and does not ask the
// policy. Rules that need a clock or the database (reopen only with a future
// deadline and places left) belong to the service.
func Move(a *furusato.Actor, p *furusato.Project, to furusato.ProjectStatus) error {
	a = actor(a)
	if !CanSeeProject(a, p) {
		return projectNotFound()
	}
	if err := needSignIn(a); err != nil {
		return err
	}
	if !to.Valid() {
		return furusato.Errorf(furusato.EINVALID, "Unknown project status %q.", to)
	}
	if !furusato.CanMove(p.Status, to) {
		return furusato.Errorf(furusato.ECONFLICT, "A project that is %s cannot become %s.", p.Status, to)
	}
	act, ok := moveAction(p.Status, to)
	if !ok {
		// furusato's transition table gained a move this package has no rule for.
		return furusato.Errorf(furusato.EINTERNAL, "policy: no rule for the move %s → %s", p.Status, to)
	}
	return mover(a, act, p)
}

// projectNotFound is the error for a project the actor may not see. It is
// the same as the store's for a missing project.
func projectNotFound() error {
	return furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
}

// projectAction reports whether Project decides act.
func projectAction(act Action) bool {
	switch act {
	case ProjectView, ProjectCreate, ProjectEdit, ProjectSubmit, ProjectSendBack,
		ProjectPublish, ProjectClose, ProjectReopen, ProjectCancel, ProjectStart,
		ProjectComplete, ProjectAssignSupporters, ProjectHistory:
		return true
	}
	return false
}

// works reports whether a works on p: admin, its coordinator, its company's
// staff or an assigned supporter. a is already normalised.
func works(a *furusato.Actor, p *furusato.Project) bool {
	return a.IsAdmin() || coordinates(a, p.OrganizationID) || staffOf(a, p.CompanyID) || supports(a, p.ID)
}

func create(a *furusato.Actor, p *furusato.Project) error {
	if err := needSignIn(a); err != nil {
		return err
	}
	if p == nil || p.Status != furusato.StatusDraft {
		return furusato.Errorf(furusato.EINVALID, "A new project starts as a draft.")
	}
	if a.IsAdmin() || coordinates(a, p.OrganizationID) || staffOf(a, p.CompanyID) {
		return nil
	}
	return refuse(a, "Only the company's staff or its coordinator may create its projects.")
}

func edit(a *furusato.Actor, p *furusato.Project) error {
	if err := needSignIn(a); err != nil {
		return err
	}
	if a.IsAdmin() || coordinates(a, p.OrganizationID) {
		return nil
	}
	if staffOf(a, p.CompanyID) {
		if p.Status == furusato.StatusDraft {
			return nil
		}
		return refuse(a, "Once a project is submitted, its coordinator edits it.")
	}
	return refuse(a, "")
}

// mover decides who may make the status move act on p, which a can see and
// whose current status act starts from.
func mover(a *furusato.Actor, act Action, p *furusato.Project) error {
	if a.IsAdmin() || coordinates(a, p.OrganizationID) {
		return nil
	}
	if act == ProjectSubmit && staffOf(a, p.CompanyID) {
		return nil
	}
	return refuse(a, "Only the project's coordinator may do this.")
}

// moveTo is the status each move action leads to.
var moveTo = map[Action]furusato.ProjectStatus{
	ProjectSubmit:   furusato.StatusInReview,
	ProjectSendBack: furusato.StatusDraft,
	ProjectPublish:  furusato.StatusPublished,
	ProjectClose:    furusato.StatusClosed,
	ProjectReopen:   furusato.StatusPublished,
	ProjectStart:    furusato.StatusInProgress,
	ProjectComplete: furusato.StatusCompleted,
	ProjectCancel:   furusato.StatusCancelled,
}

// moveAction names the move from → to. ok is false for a pair with no action
// (including every pair furusato.CanMove refuses).
func moveAction(from, to furusato.ProjectStatus) (act Action, ok bool) {
	if !furusato.CanMove(from, to) {
		return "", false
	}
	switch {
	case from == furusato.StatusDraft && to == furusato.StatusInReview:
		return ProjectSubmit, true
	case from == furusato.StatusInReview && to == furusato.StatusDraft:
		return ProjectSendBack, true
	case (from == furusato.StatusDraft || from == furusato.StatusInReview) && to == furusato.StatusPublished:
		return ProjectPublish, true
	case from == furusato.StatusPublished && to == furusato.StatusClosed:
		return ProjectClose, true
	case from == furusato.StatusClosed && to == furusato.StatusPublished:
		return ProjectReopen, true
	case from == furusato.StatusClosed && to == furusato.StatusInProgress:
		return ProjectStart, true
	case from == furusato.StatusInProgress && to == furusato.StatusCompleted:
		return ProjectComplete, true
	case to == furusato.StatusCancelled:
		return ProjectCancel, true
	}
	return "", false
}

// moveFrom reports whether the move action act may start from status from.
func moveFrom(act Action, from furusato.ProjectStatus) bool {
	a, ok := moveAction(from, moveTo[act])
	return ok && a == act
}

func moveConflict(from furusato.ProjectStatus, act Action) error {
	return furusato.Errorf(furusato.ECONFLICT, "A project that is %s cannot take the action %s.", from, act)
}
