package service_test

import (
	"context"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// TestNotifierPrefs_ParticipantsHaveNoHostKinds: a participant is never
// offered the kinds only hosts get (a new entry, a team needing
// attention) and may not choose them; saving their choices leaves those
// kinds as they were, for the day they become a host. A coordinator has
// every kind.
func TestNotifierPrefs_ParticipantsHaveNoHostKinds(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newMsgFixture(t, db)
		kinds := func(a *furusato.Actor) []furusato.NoticeKind {
			t.Helper()
			prefs, err := f.notify.Prefs(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			var ks []furusato.NoticeKind
			for _, p := range prefs {
				ks = append(ks, p.Kind)
			}
			return ks
		}
		hostOnly := []furusato.NoticeKind{furusato.NoticeNewEntry, furusato.NoticeTeamFlag}
		mine := kinds(f.part)
		for _, k := range hostOnly {
			if slices.Contains(mine, k) {
				t.Errorf("a participant is offered %s", k)
			}
		}
		if len(mine) != len(furusato.NoticeKinds)-len(hostOnly) {
			t.Errorf("participant's kinds = %v", mine)
		}
		if got := kinds(f.gifu); !slices.Equal(got, furusato.NoticeKinds) {
			t.Errorf("coordinator's kinds = %v, want every kind", got)
		}

		err := f.notify.SetPrefs(ctx, f.part, []furusato.NoticeKind{furusato.NoticeOffer, furusato.NoticeNewEntry})
		wantCode(t, "a host kind", err, furusato.EINVALID)
		if furusato.ErrorFields(err)["email"] != "notifications.error.kind" {
			t.Errorf("fields = %v", furusato.ErrorFields(err))
		}

		if err := f.notify.SetPrefs(ctx, f.part, []furusato.NoticeKind{furusato.NoticeOffer}); err != nil {
			t.Fatal(err)
		}
		stored, err := db.NoticePrefs(ctx, f.part.User.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range stored {
			if want := p.Kind == furusato.NoticeOffer || slices.Contains(hostOnly, p.Kind); p.Email != want {
				t.Errorf("%s e-mailed = %v, want %v", p.Kind, p.Email, want)
			}
		}
	})
}
