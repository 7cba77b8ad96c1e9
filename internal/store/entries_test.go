package store_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// entryUsers creates participants named names and returns them.
func entryUsers(t *testing.T, db *store.DB, names ...string) []*furusato.User {
	t.Helper()
	var out []*furusato.User
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		for i, n := range names {
			u := &furusato.User{Email: fmt.Sprintf("entrant%d@example.jp", i), DisplayName: n}
			if err := tx.CreateUser(context.Background(), u, "", now); err != nil {
				return err
			}
			out = append(out, u)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// enter creates an entry of u on p at at.
func enter(t *testing.T, db *store.DB, p *furusato.Project, u *furusato.User, hours int, motivation string, at time.Time) *furusato.Entry {
	t.Helper()
	e := &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
		Motivation: motivation, Contribution: "広報の経験を活かします", HoursPerWeek: hours}
	if err := db.Tx(context.Background(), func(tx *store.Tx) error { return tx.CreateEntry(context.Background(), e, at) }); err != nil {
		t.Fatal(err)
	}
	return e
}

func move(t *testing.T, db *store.DB, e *furusato.Entry, to furusato.Stage) {
	t.Helper()
	if err := db.Tx(context.Background(), func(tx *store.Tx) error {
		return tx.MoveEntry(context.Background(), e.ID, e.Stage, to, now.Add(time.Hour))
	}); err != nil {
		t.Fatal(err)
	}
	e.Stage = to
}

func TestEntries_OneActiveEntryPerPersonAndProject(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		p := f.bySlug["watercress"]
		u := entryUsers(t, db, "山田 花子")[0]
		e := enter(t, db, p, u, 10, "クレソンが好きです", now)
		if e.ID == 0 || e.Stage != furusato.StageSubmitted {
			t.Fatalf("entry = %+v", e)
		}
		second := &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
			Motivation: "もう一度", Contribution: "同じ", HoursPerWeek: 5}
		err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateEntry(ctx, second, now) })
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Fatalf("second active entry: err = %v, want ECONFLICT", err)
		}
		// Another project is fine, and so is a new entry once the first is withdrawn.
		enter(t, db, f.bySlug["marche"], u, 10, "マルシェ", now)
		move(t, db, e, furusato.StageWithdrawn)
		again := enter(t, db, p, u, 8, "改めて", now.Add(2*time.Hour))
		got, err := db.FindActiveEntry(ctx, p.ID, u.ID)
		if err != nil || got.ID != again.ID {
			t.Fatalf("active entry = %v, %v; want %d", got, err, again.ID)
		}
		read, err := db.FindEntry(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if read.Stage != furusato.StageWithdrawn || read.Participant.DisplayName != "山田 花子" || read.Participant.Email != u.Email ||
			read.CompanyID != p.CompanyID || read.OrganizationID != p.OrganizationID || read.Motivation != "クレソンが好きです" {
			t.Errorf("FindEntry = %+v", read)
		}
		if _, err := db.FindEntry(ctx, 999999); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing entry: %v", err)
		}
	})
}

func TestEntries_MoveIsConditionalOnTheStageRead(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		u := entryUsers(t, db, "佐藤")[0]
		e := enter(t, db, f.bySlug["watercress"], u, 10, "志望", now)
		move(t, db, e, furusato.StageScreening)
		// A second mover who read "submitted" loses.
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.MoveEntry(ctx, e.ID, furusato.StageSubmitted, furusato.StageDeclined, now)
		})
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Fatalf("stale move: %v, want ECONFLICT", err)
		}
		if got, _ := db.FindEntry(ctx, e.ID); got.Stage != furusato.StageScreening {
			t.Errorf("stage = %s", got.Stage)
		}
	})
}

func TestEntries_TakePlaceNeverPassesPlaces(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		p := f.bySlug["watercress"] // 2 places
		v0, _ := db.CatalogueVersion(ctx)
		for i := 1; i <= 3; i++ {
			var matched, places int
			err := db.Tx(ctx, func(tx *store.Tx) error {
				var err error
				matched, places, err = tx.TakePlace(ctx, p.ID)
				return err
			})
			switch {
			case i <= 2 && (err != nil || matched != i || places != 2):
				t.Fatalf("take %d: %d/%d, %v", i, matched, places, err)
			case i == 3 && furusato.ErrorCode(err) != furusato.ECONFLICT:
				t.Fatalf("take 3: %v, want ECONFLICT", err)
			}
		}
		got, err := db.FindProject(ctx, p.Slug, nil)
		if err != nil || got.Matched != 2 {
			t.Fatalf("matched = %v, %v", got, err)
		}
		if v1, _ := db.CatalogueVersion(ctx); v1 <= v0 {
			t.Errorf("catalogue version %d → %d, want bumped", v0, v1)
		}
		// A filled project is not held open for new entries.
		var open bool
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			open, err = tx.HoldOpenProject(ctx, p.ID)
			return err
		}); err != nil || open {
			t.Errorf("hold filled project: %v, %v", open, err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			open, err = tx.HoldOpenProject(ctx, f.bySlug["marche"].ID)
			return err
		}); err != nil || !open {
			t.Errorf("hold open project: %v, %v", open, err)
		}
		// A draft project takes no place.
		err = db.Tx(ctx, func(tx *store.Tx) error { _, _, err := tx.TakePlace(ctx, f.bySlug["ryukyu-draft"].ID); return err })
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("draft take: %v", err)
		}
		// A place is released while the project holds places, and no more
		// once it is completed: its count is then the record of who took part.
		release := func() int {
			t.Helper()
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.ReleasePlace(ctx, p.ID) }); err != nil {
				t.Fatal(err)
			}
			got, err := db.FindProject(ctx, p.Slug, nil)
			if err != nil {
				t.Fatal(err)
			}
			return got.Matched
		}
		if n := release(); n != 1 {
			t.Errorf("released on a published project: matched %d, want 1", n)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.SetProjectStatus(ctx, p.ID, furusato.StatusPublished, furusato.StatusCompleted, time.Now())
		}); err != nil {
			t.Fatal(err)
		}
		if n := release(); n != 1 {
			t.Errorf("released on a completed project: matched %d, want 1", n)
		}
	})
}

func TestEntries_CloseDueProjects(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		// hida-fans's deadline is today: due tomorrow, not today.
		ids, err := db.FindDueProjects(ctx, today)
		if err != nil || len(ids) != 0 {
			t.Fatalf("due today = %v, %v", ids, err)
		}
		ids, err = db.FindDueProjects(ctx, today.AddDays(1))
		if err != nil || len(ids) != 1 || ids[0] != f.bySlug["hida-fans"].ID {
			t.Fatalf("due tomorrow = %v, %v", ids, err)
		}
		for i, want := range []bool{true, false} {
			var closed bool
			if err := db.Tx(ctx, func(tx *store.Tx) error {
				var err error
				closed, err = tx.CloseProject(ctx, ids[0], now)
				return err
			}); err != nil || closed != want {
				t.Errorf("close %d: %v, %v; want %v", i, closed, err, want)
			}
		}
	})
}

func TestEntries_UserEntriesEventsAndNotes(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		us := entryUsers(t, db, "参加者", "コーディネーター")
		a := enter(t, db, f.bySlug["watercress"], us[0], 10, "一つ目", now)
		b := enter(t, db, f.bySlug["edo-dx"], us[0], 10, "二つ目", now.Add(time.Minute))
		move(t, db, a, furusato.StageScreening) // a changed last
		es, err := db.FindUserEntries(ctx, us[0].ID)
		if err != nil || len(es) != 2 || es[0].ID != a.ID || es[1].ID != b.ID {
			t.Fatalf("user entries = %v, %v", es, err)
		}
		if es[0].Project == nil || es[0].Project.Slug != "watercress" || es[0].Project.Company.Name != "飛騨クレソン農園" {
			t.Errorf("project = %+v", es[0].Project)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.AddEntryEvent(ctx, &furusato.EntryEvent{EntryID: a.ID, ActorID: us[0].ID, To: furusato.StageSubmitted}, now); err != nil {
				return err
			}
			if err := tx.AddEntryEvent(ctx, &furusato.EntryEvent{EntryID: a.ID, From: furusato.StageSubmitted,
				To: furusato.StageDeclined, Reason: "entry.reason.filled"}, now.Add(time.Hour)); err != nil {
				return err
			}
			return tx.AddEntryNote(ctx, &furusato.EntryNote{EntryID: a.ID, AuthorID: us[1].ID, Body: "よさそうです"}, now)
		}); err != nil {
			t.Fatal(err)
		}
		evs, err := db.FindEntryEvents(ctx, a.ID)
		if err != nil || len(evs) != 2 || evs[0].ActorName != "参加者" || evs[1].ActorID != 0 || evs[1].ActorName != "" ||
			evs[1].From != furusato.StageSubmitted || evs[1].Reason != "entry.reason.filled" || !evs[1].CreatedAt.Equal(now.Add(time.Hour)) {
			t.Errorf("events = %+v, %v", evs, err)
		}
		notes, err := db.FindEntryNotes(ctx, a.ID)
		if err != nil || len(notes) != 1 || notes[0].Body != "よさそうです" || notes[0].AuthorName != "コーディネーター" {
			t.Errorf("notes = %+v, %v", notes, err)
		}
		active, err := db.FindActiveEntries(ctx, f.bySlug["watercress"].ID)
		if err != nil || len(active) != 1 || active[0].ID != a.ID {
			t.Errorf("active = %v, %v", active, err)
		}
	})
}

func TestEntries_BoardFiltersSortsAndCounts(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		p := f.bySlug["watercress"]
		us := entryUsers(t, db, "Bob", "Alice", "田中 太郎", "Carol")
		e0 := enter(t, db, p, us[0], 20, "Marketing expert", now)
		e1 := enter(t, db, p, us[1], 5, "クレソンを広めたい", now.Add(time.Minute))
		e2 := enter(t, db, p, us[2], 40, "100%本気です", now.Add(2*time.Minute))
		e3 := enter(t, db, p, us[3], 10, "地域おこし", now.Add(3*time.Minute))
		enter(t, db, f.bySlug["marche"], us[0], 10, "other project", now) // another project's entry
		move(t, db, e1, furusato.StageScreening)
		move(t, db, e3, furusato.StageScreening)
		move(t, db, e3, furusato.StageDeclined)

		ids := func(es []*furusato.Entry) []int64 {
			out := []int64{}
			for _, e := range es {
				out = append(out, e.ID)
			}
			return out
		}
		cases := []struct {
			name  string
			f     store.EntryFilter
			want  []int64
			total int
		}{
			{"all by creation", store.EntryFilter{}, []int64{e0.ID, e1.ID, e2.ID, e3.ID}, 4},
			{"stage", store.EntryFilter{Stage: furusato.StageScreening}, []int64{e1.ID, e3.ID}[:1], 1},
			{"hours desc", store.EntryFilter{Sort: store.EntrySortHours, Desc: true}, []int64{e2.ID, e0.ID, e3.ID, e1.ID}, 4},
			{"name", store.EntryFilter{Sort: store.EntrySortName}, []int64{e1.ID, e0.ID, e3.ID, e2.ID}, 4},
			{"word in name, any case", store.EntryFilter{Words: []string{"alice"}}, []int64{e1.ID}, 1},
			{"word in motivation", store.EntryFilter{Words: []string{"marketing"}}, []int64{e0.ID}, 1},
			{"japanese word", store.EntryFilter{Words: []string{"くれそん"}}, []int64{}, 0},
			{"japanese word exact", store.EntryFilter{Words: []string{"クレソン"}}, []int64{e1.ID}, 1},
			{"words are ANDed", store.EntryFilter{Words: []string{"田中", "本気"}}, []int64{e2.ID}, 1},
			{"wildcards are literal", store.EntryFilter{Words: []string{"100%"}}, []int64{e2.ID}, 1},
			{"percent alone", store.EntryFilter{Words: []string{"%"}}, []int64{e2.ID}, 1},
			{"underscore is literal", store.EntryFilter{Words: []string{"_"}}, []int64{}, 0},
			{"word in contribution", store.EntryFilter{Words: []string{"広報"}}, []int64{e0.ID, e1.ID, e2.ID, e3.ID}, 4},
			{"page", store.EntryFilter{Limit: 2, Offset: 1}, []int64{e1.ID, e2.ID}, 4},
			{"updated desc", store.EntryFilter{Sort: store.EntrySortUpdated, Desc: true, Limit: 2}, []int64{e3.ID, e1.ID}, 4},
		}
		for _, c := range cases {
			c.f.ProjectID = p.ID
			got, total, err := db.FindEntries(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(c.want) || total != c.total {
				t.Errorf("%s: got %v (total %d), want %v (total %d)", c.name, ids(got), total, c.want, c.total)
			}
		}
		got, _, _ := db.FindEntries(ctx, store.EntryFilter{ProjectID: p.ID, Limit: 1})
		if got[0].Participant.DisplayName != "Bob" || got[0].Project.Title != p.Title || got[0].HoursPerWeek != 20 {
			t.Errorf("row = %+v", got[0])
		}
		org, total, err := db.FindEntries(ctx, store.EntryFilter{OrganizationID: f.coordGifu.ID, Sort: store.EntrySortCreated})
		if err != nil || total != 5 || len(org) != 5 {
			t.Errorf("organisation entries = %d/%d, %v", len(org), total, err)
		}
		if none, total, err := db.FindEntries(ctx, store.EntryFilter{}); err != nil || len(none) != 0 || total != 0 {
			t.Errorf("unscoped filter = %v, %d, %v", none, total, err)
		}
		counts, err := db.CountEntriesByStage(ctx, p.ID)
		want := map[furusato.Stage]int{furusato.StageSubmitted: 2, furusato.StageScreening: 1, furusato.StageDeclined: 1}
		if err != nil || fmt.Sprint(counts) != fmt.Sprint(want) {
			t.Errorf("counts = %v, %v; want %v", counts, err, want)
		}
	})
}

func TestFavorites_MarkListUnmark(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		u := entryUsers(t, db, "気になる人")[0]
		mark := func(slug string, at time.Time) {
			t.Helper()
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.AddFavorite(ctx, u.ID, f.bySlug[slug].ID, at) }); err != nil {
				t.Fatal(err)
			}
		}
		mark("watercress", now)
		mark("edo-dx", now.Add(time.Minute))
		mark("watercress", now.Add(time.Hour)) // twice keeps the first mark
		mark("ryukyu-draft", now.Add(2*time.Minute))
		ps, err := db.FindFavoriteProjects(ctx, u.ID)
		if err != nil || fmt.Sprint(slugs(ps)) != "[edo-dx watercress]" {
			t.Fatalf("favourites = %v, %v", slugs(ps), err)
		}
		got, err := db.FavoriteIDs(ctx, u.ID, []int64{f.bySlug["watercress"].ID, f.bySlug["marche"].ID})
		if err != nil || len(got) != 1 || !got[f.bySlug["watercress"].ID] {
			t.Errorf("ids = %v, %v", got, err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.RemoveFavorite(ctx, u.ID, f.bySlug["watercress"].ID); err != nil {
				return err
			}
			return tx.RemoveFavorite(ctx, u.ID, f.bySlug["marche"].ID) // never marked
		}); err != nil {
			t.Fatal(err)
		}
		ps, _ = db.FindFavoriteProjects(ctx, u.ID)
		if fmt.Sprint(slugs(ps)) != "[edo-dx]" {
			t.Errorf("after unmark = %v", slugs(ps))
		}
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.AddFavorite(ctx, u.ID, 999999, now) })
		if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing project: %v", err)
		}
	})
}

// TestEntries_OrganizationListPagesInIndexOrder checks the organisation-wide
// list (the paged path: count on the index, page of ids in index order)
// against a reference sorted in Go and against the windowed path (a word
// every entry holds), for every stage filter, both directions, many page
// sizes and offsets, with ties in updated_at and another organisation's
// entries interleaved.
func TestEntries_OrganizationListPagesInIndexOrder(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		names := make([]string, 9)
		for i := range names {
			names[i] = fmt.Sprintf("参加者%d", i)
		}
		us := entryUsers(t, db, names...)
		gifu := []*furusato.Project{f.bySlug["watercress"], f.bySlug["hida-fans"], f.bySlug["marche"]}
		var mine []*furusato.Entry
		for i, u := range us {
			for j, p := range gifu {
				// Three instants only, so most updated_at values tie.
				mine = append(mine, enter(t, db, p, u, 5+i, "動機", now.Add(time.Duration((i+j)%3)*time.Minute)))
			}
			enter(t, db, f.bySlug["edo-dx"], u, 5, "別の団体", now.Add(time.Duration(i%3)*time.Minute))
		}
		moved := now.Add(time.Hour).UTC().Truncate(time.Millisecond)
		for i, e := range mine {
			switch i % 4 {
			case 1:
				move(t, db, e, furusato.StageScreening)
				e.UpdatedAt = moved
			case 2:
				move(t, db, e, furusato.StageScreening)
				move(t, db, e, furusato.StageInterview)
				e.UpdatedAt = moved
			}
		}
		ids := func(es []*furusato.Entry) []int64 {
			out := []int64{}
			for _, e := range es {
				out = append(out, e.ID)
			}
			return out
		}
		for _, stage := range []furusato.Stage{"", furusato.StageSubmitted, furusato.StageScreening, furusato.StageInterview, furusato.StageMatched} {
			for _, desc := range []bool{true, false} {
				var ref []*furusato.Entry
				for _, e := range mine {
					if stage == "" || e.Stage == stage {
						ref = append(ref, e)
					}
				}
				slices.SortFunc(ref, func(a, b *furusato.Entry) int {
					c := cmp.Or(a.UpdatedAt.Compare(b.UpdatedAt), cmp.Compare(a.ID, b.ID))
					if desc {
						return -c
					}
					return c
				})
				for _, limit := range []int{1, 2, 5, 7, 50} {
					for offset := 0; offset <= len(ref)+1; offset += limit {
						sf := store.EntryFilter{OrganizationID: f.coordGifu.ID, Stage: stage, Sort: store.EntrySortUpdated,
							Desc: desc, Limit: limit, Offset: offset}
						name := fmt.Sprintf("stage %q desc %v limit %d offset %d", stage, desc, limit, offset)
						got, total, err := db.FindEntries(ctx, sf)
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						want := ids(ref[min(offset, len(ref)):min(offset+limit, len(ref))])
						if fmt.Sprint(ids(got)) != fmt.Sprint(want) || total != len(ref) {
							t.Errorf("%s: got %v (total %d), want %v (total %d)", name, ids(got), total, want, len(ref))
						}
						sf.Words = []string{"広報"} // every entry's contribution: the windowed path
						win, wtotal, err := db.FindEntries(ctx, sf)
						if err != nil {
							t.Fatalf("%s, windowed: %v", name, err)
						}
						if fmt.Sprint(ids(win)) != fmt.Sprint(ids(got)) || (len(win) > 0 && wtotal != total) {
							t.Errorf("%s: windowed path %v (total %d), paged %v (total %d)", name, ids(win), wtotal, ids(got), total)
						}
					}
				}
			}
		}
		got, _, err := db.FindEntries(ctx, store.EntryFilter{OrganizationID: f.coordGifu.ID, Sort: store.EntrySortUpdated, Desc: true, Limit: 1})
		if err != nil || len(got) != 1 {
			t.Fatalf("first = %v, %v", got, err)
		}
		e := got[0]
		if e.Participant == nil || e.Participant.DisplayName == "" || e.Project == nil || e.Project.Slug == "" ||
			e.Project.Title == "" || e.OrganizationID != f.coordGifu.ID || e.Motivation != "動機" {
			t.Errorf("row = %+v", e)
		}
		if _, _, err := db.FindEntries(ctx, store.EntryFilter{OrganizationID: f.coordGifu.ID, Offset: -1}); furusato.ErrorCode(err) != furusato.EINVALID {
			t.Errorf("negative offset: %v", err)
		}
	})
}
