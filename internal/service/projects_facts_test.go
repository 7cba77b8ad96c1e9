package service_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// TestProjectFacts_SavedNormalisedAndInTheHistory: the facts are saved
// normalised (steps split at arrows and line ends), read back on both
// engines, named in the edit history, and an edit of them made to an old
// version is a conflict.
func TestProjectFacts_SavedNormalisedAndInTheHistory(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		in := input("クレソンの新しい食べ方")
		in.FactsUpdate = furusato.FactsUpdate{RewardBasis: new(furusato.RewardTotal), RewardNote: new(" 交通費は1回１０，０００円まで\r\n"),
			InterviewStyle: new(furusato.InterviewsEither), InterviewNote: new("平日夜に30分"), WorkTimes: new("平日夜と土日"),
			SelectionSteps: new([]string{"書類選考 → オンライン面談", "", "参画決定"}), ResponseDays: new(7),
			HostIntro: new("三代目の農家です。"), SupporterIntro: new("広報の伴走をします。")}
		p, err := f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Get(ctx, f.gifu, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := furusato.ProjectFacts{RewardBasis: furusato.RewardTotal, RewardNote: "交通費は1回10,000円まで", InterviewStyle: furusato.InterviewsEither,
			InterviewNote: "平日夜に30分", WorkTimes: "平日夜と土日", SelectionSteps: []string{"書類選考", "オンライン面談", "参画決定"},
			ResponseDays: 7, HostIntro: "三代目の農家です。", SupporterIntro: "広報の伴走をします。"}
		if !factsEqual(got.ProjectFacts, want) {
			t.Errorf("facts read back:\n%+v\nwant\n%+v", got.ProjectFacts, want)
		}
		up, err := f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{FactsUpdate: furusato.FactsUpdate{
			WorkTimes: new("土日中心"), SelectionSteps: new([]string{"書類選考", "参画決定"}), ResponseDays: new(14)}}, got.Version())
		if err != nil {
			t.Fatal(err)
		}
		if up.WorkTimes != "土日中心" || up.ResponseDays != 14 || up.HostIntro != want.HostIntro || up.RewardBasis != furusato.RewardTotal {
			t.Errorf("after update: %+v", up.ProjectFacts)
		}
		hist, err := f.svc.History(ctx, f.gifu, p.ID)
		if err != nil || len(hist) == 0 || hist[0].Action != furusato.HistoryEdited ||
			!slices.Equal(hist[0].Changes, []string{"work_times", "selection_steps", "response_days"}) {
			t.Errorf("history: %v %+v", err, hist[0])
		}
		// The version read before the save no longer holds.
		if _, err := f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{FactsUpdate: furusato.FactsUpdate{HostIntro: new("別の紹介")}},
			got.Version()); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("stale edit of a fact: %v, want conflict", err)
		}
		// No amount, no basis; an amount sent without a basis by a client
		// that knows none keeps the stored one.
		up, err = f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{RewardType: new(furusato.RewardNone), RewardAmount: new(0)}, up.Version())
		if err != nil || up.RewardBasis != "" {
			t.Fatalf("no amount: %v basis %q", err, up.RewardBasis)
		}
		up, err = f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{RewardType: new(furusato.RewardPaid), RewardAmount: new(30000)}, up.Version())
		if err != nil || up.RewardBasis != furusato.RewardMonthly {
			t.Fatalf("amount without a basis: %v basis %q", err, up.RewardBasis)
		}
		_, err = f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{RewardAmount: new(40000), FactsUpdate: furusato.FactsUpdate{RewardBasis: new(furusato.RewardBasis(""))}}, up.Version())
		if furusato.ErrorFields(err)["reward_basis"] != "error.required" {
			t.Errorf("amount with the basis left empty: %v", err)
		}
	})
}

// TestProjectFacts_HostileTextIsAFieldError: invalid UTF-8, NUL, a
// bidirectional override and 10,000 characters in any text fact are
// field errors on both engines, and nothing is written.
func TestProjectFacts_HostileTextIsAFieldError(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		p, err := f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", input("クレソンの新しい食べ方"))
		if err != nil {
			t.Fatal(err)
		}
		set := func(name, v string) furusato.FactsUpdate {
			var u furusato.FactsUpdate
			switch name {
			case "reward_note":
				u.RewardNote = &v
			case "interview_note":
				u.InterviewNote = &v
			case "work_times":
				u.WorkTimes = &v
			case "selection_steps":
				u.SelectionSteps = &[]string{v}
			case "host_intro":
				u.HostIntro = &v
			case "supporter_intro":
				u.SupporterIntro = &v
			}
			return u
		}
		cases := map[string]string{"bad UTF-8": "説明\xff\xfe", "NUL": "説明\x00です", "bidi": "safe\u202Egnp.exe", "long": strings.Repeat("あ", 10000)}
		for _, name := range []string{"reward_note", "interview_note", "work_times", "selection_steps", "host_intro", "supporter_intro"} {
			for what, v := range cases {
				_, err := f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{FactsUpdate: set(name, v)}, p.Version())
				key := furusato.ErrorFields(err)[name]
				want := furusato.ErrBadText
				if what == "long" {
					want = "error.too_long"
				}
				if furusato.ErrorCode(err) != furusato.EINVALID || key != want {
					t.Errorf("%s with %s: %v (%q), want %s", name, what, err, key, want)
				}
			}
		}
		many := make([]string, furusato.MaxSteps+1)
		for i := range many {
			many[i] = "段階"
		}
		for name, u := range map[string]furusato.FactsUpdate{
			"selection_steps": {SelectionSteps: &many},
			"response_days":   {ResponseDays: new(61)},
			"interview_style": {InterviewStyle: new(furusato.InterviewStyle("phone"))},
			"reward_basis":    {RewardBasis: new(furusato.RewardBasis("year"))},
		} {
			if _, err := f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{FactsUpdate: u}, p.Version()); furusato.ErrorFields(err)[name] == "" {
				t.Errorf("%s out of bounds: %v", name, err)
			}
		}
		got, err := f.svc.Get(ctx, f.gifu, p.ID)
		if err != nil || got.Version() != p.Version() || !factsEqual(got.ProjectFacts, p.ProjectFacts) {
			t.Errorf("something was written: %v %+v", err, got.ProjectFacts)
		}
	})
}

func factsEqual(a, b furusato.ProjectFacts) bool {
	return slices.Equal(a.SelectionSteps, b.SelectionSteps) && a.RewardBasis == b.RewardBasis && a.RewardNote == b.RewardNote &&
		a.InterviewStyle == b.InterviewStyle && a.InterviewNote == b.InterviewNote && a.WorkTimes == b.WorkTimes &&
		a.ResponseDays == b.ResponseDays && a.HostIntro == b.HostIntro && a.SupporterIntro == b.SupporterIntro
}
