package store_test

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

// findCases run on both engines: filter → expected slugs in order.
var findCases = []struct {
	name string
	f    furusato.ProjectFilter
	want []string
}{
	// Newest first, open ones before closed ones.
	{"all public, newest", furusato.ProjectFilter{}, []string{"ryukyu-salt", "edo-dx", "marche", "hida-fans", "watercress", "edo-closed"}},
	{"all public, deadline", furusato.ProjectFilter{Sort: furusato.SortDeadline}, []string{"hida-fans", "watercress", "edo-dx", "marche", "ryukyu-salt", "edo-closed"}},
	{"prefecture", furusato.ProjectFilter{Prefectures: []int{13}}, []string{"edo-dx", "edo-closed"}},
	{"area", furusato.ProjectFilter{Area: "chubu"}, []string{"marche", "hida-fans", "watercress"}},
	{"unknown area", furusato.ProjectFilter{Area: "atlantis"}, []string{}},
	{"theme any of", furusato.ProjectFilter{Themes: []string{"pr", "tourism"}}, []string{"ryukyu-salt", "hida-fans", "watercress", "edo-closed"}},
	{"remote", furusato.ProjectFilter{Remote: true, Prefectures: []int{21}}, []string{"hida-fans", "watercress"}},
	{"reward paid", furusato.ProjectFilter{Reward: furusato.RewardPaid}, []string{"marche"}},
	{"duration short", furusato.ProjectFilter{Duration: furusato.DurationShort}, []string{"edo-dx", "watercress", "edo-closed"}},
	{"duration mid", furusato.ProjectFilter{Duration: furusato.DurationMid}, []string{"hida-fans"}},
	{"duration long", furusato.ProjectFilter{Duration: furusato.DurationLong}, []string{"ryukyu-salt", "marche"}},
	{"open only (deadline today counts)", furusato.ProjectFilter{OpenOnly: true, Prefectures: []int{21, 13}}, []string{"edo-dx", "marche", "hida-fans", "watercress"}},
	{"company", furusato.ProjectFilter{CompanyID: -1}, []string{}},
}

// searchCases run on both engines: query → expected slugs in order (title
// tier, catch tier, rest; then open first, newest).
var searchCases = []struct {
	q    string
	want []string
}{
	{"クレソン", []string{"watercress", "ryukyu-salt", "marche", "hida-fans"}},
	{"くれそん", []string{"watercress", "ryukyu-salt", "marche", "hida-fans"}},
	{"ｸﾚｿﾝ", []string{"watercress", "ryukyu-salt", "marche", "hida-fans"}},
	{"岐阜", []string{"watercress", "hida-fans", "marche"}},
	{"岐阜 広報", []string{"watercress", "hida-fans"}},
	{"岐阜　クレソン　広報", []string{"watercress", "hida-fans"}},
	{"飛騨", []string{"hida-fans", "marche", "watercress"}},
	{"広報", []string{"watercress", "edo-closed", "hida-fans"}},
	{"マルシェ", []string{"marche"}},
	{"ＤＸ", []string{"edo-dx"}},
	{"instagram", []string{"edo-dx"}},
	{"INSTAGRAM", []string{"edo-dx"}},
	{"塩", []string{"ryukyu-salt"}},
	{"阜", []string{"watercress", "hida-fans", "marche"}},
	{"東京都", []string{"edo-dx", "edo-closed"}},
	{"gifu", []string{"marche", "hida-fans", "watercress"}},
	{"存在しない言葉", []string{}},
	{"「」・。", []string{"ryukyu-salt", "edo-dx", "marche", "hida-fans", "watercress", "edo-closed"}}, // only punctuation: no words, everything
	{"下書き", []string{}},                                                                            // drafts are never found
	// A word written across scripts, as typed (kanji or kana next to
	// Latin letters or digits), with its parts.
	{"越境EC", []string{"edo-dx"}},
	{"越境ｅｃ", []string{"edo-dx"}},
	{"越境", []string{"edo-dx"}},
	{"EC", []string{"edo-dx"}},
	{"確認3f2a", []string{"edo-dx"}},
	{"3F2A", []string{"edo-dx"}},
	{"美容室2.0", []string{"marche"}},
	// The place as every card writes it, and its parts.
	{"岐阜県飛騨市", []string{"marche", "hida-fans", "watercress"}},
	{"東京都台東区", []string{"edo-dx", "edo-closed"}},
	{"台東区", []string{"edo-dx", "edo-closed"}},
	// Months written with ヶ, ヵ, か, カ, ケ: one spelling (edo-dx says
	// 4ヶ月, marche 4か月).
	{"4ヶ月", []string{"edo-dx", "marche"}},
	{"4か月", []string{"edo-dx", "marche"}},
	{"4ヵ月", []string{"edo-dx", "marche"}},
	{"4カ月", []string{"edo-dx", "marche"}},
	{"4ケ月", []string{"edo-dx", "marche"}},
	{"４ヶ月", []string{"edo-dx", "marche"}},
	{"関ケ原", []string{"hida-fans"}}, // written 関ヶ原
	{"関ヶ原", []string{"hida-fans"}},
	// Old and new forms of a kanji; the long vowel at the end of a
	// katakana word.
	{"高山", []string{"marche"}}, // written 髙山
	{"髙山", []string{"marche"}},
	{"データ", []string{"edo-dx"}}, // written データー
	{"データー", []string{"edo-dx"}},
	{"ﾃﾞｰﾀ", []string{"edo-dx"}},
}

func TestFindProjects(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadFixture(t, db)
		for _, c := range findCases {
			c.f.Today = today
			ps, total, err := db.ReferenceFindProjects(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := slugs(ps); !reflect.DeepEqual(got, c.want) || total != len(c.want) {
				t.Errorf("%s: got %v (total %d), want %v", c.name, got, total, c.want)
			}
		}
	})
}

func TestSearch(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadFixture(t, db)
		for _, c := range searchCases {
			ps, total, err := db.ReferenceFindProjects(ctx, furusato.ProjectFilter{Query: c.q, Today: today})
			if err != nil {
				t.Fatalf("%q: %v", c.q, err)
			}
			if got := slugs(ps); !reflect.DeepEqual(got, c.want) || total != len(c.want) {
				t.Errorf("search %q: got %v (total %d), want %v", c.q, got, total, c.want)
			}
		}
	})
}

func TestFindProjects_Pagination(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadFixture(t, db)
		var seen []string
		for off := 0; off < 6; off += 4 {
			ps, total, err := db.ReferenceFindProjects(ctx, furusato.ProjectFilter{Offset: off, Limit: 4, Today: today})
			if err != nil {
				t.Fatal(err)
			}
			if total != 6 {
				t.Errorf("offset %d: total %d, want 6", off, total)
			}
			seen = append(seen, slugs(ps)...)
		}
		if want := findCases[0].want; !reflect.DeepEqual(seen, want) {
			t.Errorf("pages joined = %v, want %v", seen, want)
		}
		ps, total, err := db.ReferenceFindProjects(ctx, furusato.ProjectFilter{Offset: 40, Limit: 20, Today: today})
		if err != nil || len(ps) != 0 || total != 6 {
			t.Errorf("past the end: %d projects, total %d, err %v; want 0, 6, nil", len(ps), total, err)
		}
	})
}

func TestCountCatalogue(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		loadFixture(t, db)
		cc, err := db.CountCatalogue(context.Background(), today)
		if err != nil {
			t.Fatal(err)
		}
		if cc.Open != 5 || cc.Public != 6 || cc.Organizations != 2 {
			t.Errorf("open %d public %d orgs %d, want 5 6 2", cc.Open, cc.Public, cc.Organizations)
		}
		if !reflect.DeepEqual(cc.ByPrefecture, map[int]int{21: 3, 13: 1, 47: 1}) {
			t.Errorf("by prefecture %v", cc.ByPrefecture)
		}
		if cc.ByTheme["pr"] != 2 || cc.ByTheme["community"] != 2 || cc.ByTheme["it-dx"] != 1 {
			t.Errorf("by theme %v", cc.ByTheme)
		}
	})
}
