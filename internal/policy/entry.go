package policy

import "github.com/furusato/furusato/internal/furusato"

// Entry actions, decided by Entry. The scope is the entry's own links
// (furusato.EntryScope), never a guess: its participant, its project's
// company and its project's coordinating organisation.
const (
	EntryCreate    Action = "entry.create"    // enter a project (scope: the project, no entry yet)
	EntryView      Action = "entry.view"      // read one entry, its history and its interviews
	EntryWithdraw  Action = "entry.withdraw"  // the participant withdraws (辞退)
	EntryAccept    Action = "entry.accept"    // the participant accepts an offer (参画決定)
	EntryMove      Action = "entry.move"      // screen, call to interview, offer, decline
	EntryBoard     Action = "entry.board"     // list and export a project's entries (scope: the project)
	EntryNotes     Action = "entry.notes"     // read and write the private notes
	EntryMessage   Action = "entry.message"   // read and write the entry's message thread
	InterviewPlan  Action = "interview.plan"  // propose, reschedule, cancel an interview
	InterviewPick  Action = "interview.pick"  // the participant picks a proposed slot
	InterviewNotes Action = "interview.notes" // read an interview's private notes
)

// entryActions lists the actions Entry decides.
var entryActions = []Action{EntryCreate, EntryView, EntryWithdraw, EntryAccept, EntryMove,
	EntryBoard, EntryNotes, EntryMessage, InterviewPlan, InterviewPick, InterviewNotes}

// Entry decides whether a may do act on the entry (or, for EntryCreate and
// EntryBoard, the project) that s describes. The rules (product.md, issue 4):
//   - Nobody sees an entry unless they are its participant, staff of its
//     company, a coordinator of its project's organisation, or an admin.
//     Everyone else gets ENOTFOUND, exactly as for an entry that does not
//     exist (a visitor EUNAUTHORIZED), so ids reveal nothing.
//   - The participant may view, withdraw, accept an offer, write messages
//     and pick an interview slot; never move the entry otherwise, read the
//     board, the private notes or the interview notes.
//   - The company's staff and the organisation's coordinators (and admins)
//     may view, move, read the board, keep notes, message and plan
//     interviews; never withdraw, accept or pick for the participant.
//   - An entry has two sides, and each side's actions (and pages) do not
//     exist for the other: a refusal of one side's action to the other
//     side is ENOTFOUND too, the same answer as for an outsider (see the
//     package doc: refusals on entries look like absence).
//   - EntryCreate: any signed-in person except the project's own staff and
//     coordinators (they cannot apply to what they screen: EFORBIDDEN).
//     Whether the project is open is the service's check, not the policy's.
//   - Supporters have no access to entries through their assignment.
func Entry(a *furusato.Actor, act Action, s furusato.EntryScope) error {
	a = actor(a)
	if !entryAction(act) {
		return wrongFamily(act, "Entry")
	}
	if err := needSignIn(a); err != nil {
		return err
	}
	host := a.IsAdmin() || coordinates(a, s.OrganizationID) || staffOf(a, s.CompanyID)
	if act == EntryCreate {
		if coordinates(a, s.OrganizationID) || staffOf(a, s.CompanyID) {
			return refuse(a, "You cannot enter a project you screen.")
		}
		return nil
	}
	if act == EntryBoard {
		if host {
			return nil
		}
		return entryNotFound()
	}
	own := s.UserID != 0 && a.User.ID == s.UserID
	if !own && !host {
		return entryNotFound()
	}
	switch act {
	case EntryView, EntryMessage:
		return nil
	case EntryWithdraw, EntryAccept, InterviewPick: // the participant's side
		if own {
			return nil
		}
		return entryNotFound()
	default: // EntryMove, EntryNotes, InterviewPlan, InterviewNotes: the hosts' side
		if host {
			return nil
		}
		return entryNotFound()
	}
}

// CanSeeEntry reports whether a may read the entry s describes.
func CanSeeEntry(a *furusato.Actor, s furusato.EntryScope) bool {
	return Entry(a, EntryView, s) == nil
}

func entryNotFound() error { return furusato.Errorf(furusato.ENOTFOUND, "Entry not found.") }

func entryAction(act Action) bool {
	for _, e := range entryActions {
		if e == act {
			return true
		}
	}
	return false
}
