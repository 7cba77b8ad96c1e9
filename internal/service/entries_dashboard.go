package service

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// WaitingEntries is the dashboard's list of the entries that wait for the
// person: the longest waiting first, at most WaitingLimit of Total.
type WaitingEntries struct {
	Entries []*furusato.Entry // each with its Participant and Project (id, slug, title)
	Total   int
}

// More reports whether more entries wait than the list holds.
func (w *WaitingEntries) More() bool { return w != nil && w.Total > len(w.Entries) }

// Many reports whether more than furusato.WaitingCountCap entries wait:
// Total then only says "more than that".
func (w *WaitingEntries) Many() bool { return w != nil && w.Total > furusato.WaitingCountCap }

// WaitingLimit bounds the dashboard's list of waiting entries.
const WaitingLimit = 20

// OfferWait is how long an offer may stay unanswered before the entry
// waits for its hosts again (to remind the participant or decide).
const OfferWait = 14 * 24 * time.Hour

// Waiting returns the entries the actor hosts that wait for them today: the
// new ones (stage submitted, not yet screened) and the offers older than
// OfferWait that the participant has not answered, the longest waiting
// first. The actor hosts the entries of the organisations they coordinate
// and of the companies they are staff of; an admin hosts all. Each entry
// also passes policy.Entry (EntryView), a second guard over the query.
// EUNAUTHORIZED for a visitor; a person who hosts nothing gets an empty
// list.
func (s *Entries) Waiting(ctx context.Context, actor *furusato.Actor) (*WaitingEntries, error) {
	if !actor.SignedIn() {
		return nil, furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	f := store.WaitingFilter{All: actor.IsAdmin(), OfferedBefore: s.now().Add(-OfferWait), Limit: WaitingLimit}
	for _, m := range actor.Memberships {
		switch m.Role {
		case furusato.RoleCoordinator:
			f.OrganizationIDs = append(f.OrganizationIDs, m.OrganizationID)
		case furusato.RoleCompanyStaff:
			f.CompanyIDs = append(f.CompanyIDs, m.CompanyID)
		}
	}
	out := &WaitingEntries{}
	if !f.All && len(f.OrganizationIDs) == 0 && len(f.CompanyIDs) == 0 {
		return out, nil
	}
	es, total, err := s.db.FindWaitingEntries(ctx, f)
	if err != nil {
		return nil, err
	}
	out.Total = total
	for _, e := range es {
		if policy.Entry(actor, policy.EntryView, e.Scope()) != nil {
			out.Total-- // never shown, never counted
			continue
		}
		out.Entries = append(out.Entries, e)
	}
	return out, nil
}
