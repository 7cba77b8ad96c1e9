package service_test

import (
	"context"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// TestProjectsUpdate_LeavesUnsetFields: an update changes the fields it
// sets and nothing else (an API PATCH names a few), and the version it
// names is the one every read gives.
func TestProjectsUpdate_LeavesUnsetFields(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		p, err := f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", input("クレソンの新しい食べ方"))
		if err != nil {
			t.Fatal(err)
		}
		up, err := f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{Title: new(" 清流ＰＲ "), Places: new(3)}, p.Version())
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Get(ctx, f.gifu, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "清流ＰＲ" || got.Places != 3 || got.CatchCopy != p.CatchCopy || got.HoursPerWeek != p.HoursPerWeek ||
			got.Deadline != p.Deadline || !slices.Equal(got.Themes, p.Themes) || got.Slug != p.Slug || got.Prefecture != p.Prefecture {
			t.Errorf("after a partial update: %+v, was %+v", got, p)
		}
		if got.Version() != up.Version() || got.Version() == p.Version() {
			t.Errorf("versions: created %d, saved %d, read %d", p.Version(), up.Version(), got.Version())
		}
		// A move is a new version too: an edit made to the version before it is refused.
		if _, err := f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusInReview, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{Places: new(4)}, got.Version()); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("edit of the version before a move: %v, want conflict", err)
		}
	})
}

// TestReaders: the form readers take what people type: full-width digits,
// separators, spaces; they refuse what is no number or no date.
func TestReaders(t *testing.T) {
	for s, want := range map[string]int{"": 0, "１０,０００": 10000, " ５ ": 5, "3000円": 3000} {
		if n, ok := service.ReadNumber(s, "円"); !ok || n != want {
			t.Errorf("ReadNumber(%q) = %d, %v", s, n, ok)
		}
	}
	for _, s := range []string{"たくさん", "-1", "1.5"} {
		if _, ok := service.ReadNumber(s); ok {
			t.Errorf("ReadNumber(%q) ok", s)
		}
	}
	if d, ok := service.ReadDate("２０２６", "2", "２８"); !ok || d != (furusato.Date{Year: 2026, Month: 2, Day: 28}) {
		t.Errorf("ReadDate: %v %v", d, ok)
	}
	if d, ok := service.ReadDate("", " ", ""); !ok || !d.IsZero() {
		t.Errorf("empty date: %v %v", d, ok)
	}
	for _, parts := range [][3]string{{"2026", "2", "30"}, {"2026", "", "1"}, {"二〇二六", "1", "1"}} {
		if _, ok := service.ReadDate(parts[0], parts[1], parts[2]); ok {
			t.Errorf("ReadDate(%v) ok", parts)
		}
	}
	if n, ok := service.ReadNumber("１０ 時間", "時間", "h"); !ok || n != 10 {
		t.Errorf("ReadNumber with a unit: %d %v", n, ok)
	}
	if id, ok := service.ReadID("１２"); !ok || id != 12 {
		t.Errorf("ReadID: %d %v", id, ok)
	}
	if _, ok := service.ReadID("x"); ok {
		t.Errorf("ReadID(x) ok")
	}
}
