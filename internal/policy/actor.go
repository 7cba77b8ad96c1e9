package policy

import "github.com/furusato/furusato/internal/furusato"

// actor returns the actor the policy decides for: nil and a deleted
// (anonymised) user are the visitor.
func actor(a *furusato.Actor) *furusato.Actor {
	if a == nil || a.User == nil || !a.User.DeletedAt.IsZero() {
		return furusato.Visitor
	}
	return a
}

// coordinates reports whether a is a coordinator of organisation org; an
// unset org (0) matches nobody.
func coordinates(a *furusato.Actor, org int64) bool {
	return org != 0 && a.CoordinatorOf(org)
}

// staffOf reports whether a is staff of company co; an unset company (0)
// matches nobody.
func staffOf(a *furusato.Actor, co int64) bool {
	return co != 0 && a.StaffOf(co)
}

// supports reports whether a accompanies project id. An assignment counts
// only while a is a supporter of the partner group the assignment row
// names: a member removed from that group loses the project on the next
// request, even if the assignment itself has not been cleaned up yet and
// they are still a supporter of another group.
func supports(a *furusato.Actor, id int64) bool {
	if id == 0 || !a.SignedIn() {
		return false
	}
	for _, s := range a.Supporting {
		if s.ProjectID == id && s.OrganizationID != 0 && a.SupporterIn(s.OrganizationID) {
			return true
		}
	}
	return false
}

// refuse returns the refusal for an actor who can see the object but may not
// act on it: EUNAUTHORIZED for a visitor (signing in might help),
// EFORBIDDEN otherwise.
func refuse(a *furusato.Actor, why string) error {
	if err := needSignIn(a); err != nil {
		return err
	}
	if why == "" {
		why = "You do not have permission to do this."
	}
	return furusato.Errorf(furusato.EFORBIDDEN, "%s", why)
}

// needSignIn returns EUNAUTHORIZED for a visitor and nil for anyone signed in.
func needSignIn(a *furusato.Actor) error {
	if !a.SignedIn() {
		return furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	return nil
}

// wrongFamily is the refusal for an action asked of a function that does not
// decide it: a programming error, so EINTERNAL (logged by the edge).
func wrongFamily(act Action, fn string) error {
	return furusato.Errorf(furusato.EINTERNAL, "policy: %s does not decide action %q", fn, act)
}
