package policy

import "github.com/furusato/furusato/internal/furusato"

// Record actions, decided by Record over a furusato.RecordScope.
const (
	RecordView    Action = "record.view"    // the record's page, certificate and credential
	RecordConfirm Action = "record.confirm" // confirm the hours and words, which issues it
	RecordPublish Action = "record.publish" // make it public or private
	RecordRevoke  Action = "record.revoke"  // revoke an issued record, with a reason
)

// RecordActions returns the actions Record decides (a copy).
func RecordActions() []Action { return append([]Action(nil), recordActions...) }

var recordActions = []Action{RecordView, RecordConfirm, RecordPublish, RecordRevoke}

// Record decides whether a may do act on the record s describes.
//   - RecordView: everyone, visitors included, once the record is issued
//     (or revoked) and its participant made it public; otherwise only its
//     participant, the company's staff, the organisation's coordinators
//     and admins. Everyone else gets ENOTFOUND, as for a record that does
//     not exist (a private record is nobody else's business).
//   - RecordConfirm: the company's staff, while it is a draft (the hours
//     and the words are the company's to confirm; admins do not speak for
//     a company).
//   - RecordPublish: the participant only: whether it is shown is theirs
//     to decide.
//   - RecordRevoke: admins, once it is issued.
//
// Those who may see a record but not act get EFORBIDDEN; an action on a
// record in the wrong status ECONFLICT.
func Record(a *furusato.Actor, act Action, s furusato.RecordScope) error {
	a = actor(a)
	if !recordAction(act) {
		return wrongFamily(act, "Record")
	}
	own := a.SignedIn() && a.User.ID == s.UserID
	staff := staffOf(a, s.CompanyID)
	coord := coordinates(a, s.OrganizationID)
	insider := own || staff || coord || a.IsAdmin()
	shown := s.Public && s.Status != furusato.RecordDraft
	if !insider {
		if act == RecordView && shown {
			return nil
		}
		if err := needSignIn(a); err != nil && !shown {
			return err
		}
		if !shown {
			return recordNotFound()
		}
		return refuse(a, "")
	}
	var ok bool
	switch act {
	case RecordView:
		ok = true
	case RecordConfirm:
		if staff && s.Status != furusato.RecordDraft {
			return furusato.Errorf(furusato.ECONFLICT, "This record has already been issued.")
		}
		ok = staff
	case RecordPublish:
		ok = own
	case RecordRevoke:
		if a.IsAdmin() && s.Status != furusato.RecordIssued {
			return furusato.Errorf(furusato.ECONFLICT, "Only an issued record can be revoked.")
		}
		ok = a.IsAdmin()
	}
	if ok {
		return nil
	}
	return refuse(a, "")
}

func recordNotFound() error { return furusato.Errorf(furusato.ENOTFOUND, "Record not found.") }

func recordAction(act Action) bool {
	for _, r := range recordActions {
		if r == act {
			return true
		}
	}
	return false
}
