package service

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// Every field of a filter but its page (Offset, Limit) is in the key: a
// filter differing from another in any one field, or in the way its texts
// and lists split, has a key of its own. Built by reflection over
// ProjectFilter, so a field added to it later and not to listKey fails here.
func TestListKey_DistinctFiltersGiveDistinctKeys(t *testing.T) {
	base := furusato.ProjectFilter{
		Query: "地域 広報", Prefectures: []int{21}, Area: "chubu", Themes: []string{"pr"}, Reward: furusato.RewardType("paid"),
		Duration: "short", CompanyID: 3, OrgID: 4, ExcludeID: 5, Sort: furusato.SortDeadline,
		Statuses: furusato.PublicStatuses, Today: furusato.Date{Year: 2026, Month: 12, Day: 7},
	}
	keys := map[string]string{listKey(base): "base"}
	add := func(what string, f furusato.ProjectFilter) {
		t.Helper()
		k := listKey(f)
		if other, ok := keys[k]; ok {
			t.Errorf("%s has the key of %s: %q", what, other, k)
		}
		keys[k] = what
	}
	rt := reflect.TypeOf(base)
	for i := range rt.NumField() {
		name := rt.Field(i).Name
		f := base
		v := reflect.ValueOf(&f).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString(v.String() + "x")
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Int, reflect.Int64:
			v.SetInt(v.Int() + 1)
		case reflect.Slice:
			v.Set(reflect.Append(v, v.Index(0)))
		case reflect.Struct: // Today
			f.Today = furusato.Date{Year: 2026, Month: 12, Day: 8}
		default:
			t.Fatalf("field %s of kind %s: teach this test (and listKey) about it", name, v.Kind())
		}
		if name == "Offset" || name == "Limit" {
			if listKey(f) != listKey(base) {
				t.Errorf("the page (%s) changes the key", name)
			}
			continue
		}
		add(name, f)
	}
	// Texts and lists that split differently.
	for i, f := range []furusato.ProjectFilter{
		{Query: "a", Area: "b"}, {Query: "ab"}, {Area: "ab"},
		{Themes: []string{"a", "b"}}, {Themes: []string{"ab"}}, {Themes: []string{"a;b"}}, {Themes: []string{"1:a"}},
		{Prefectures: []int{1, 2}}, {Prefectures: []int{12}}, {Prefectures: []int{1}, CompanyID: 2},
		{Query: "1:a"}, {Query: "a", Sort: "1:a"},
		{Today: furusato.Date{Year: 2026, Month: 1, Day: 11}}, {Today: furusato.Date{Year: 2026, Month: 11, Day: 1}},
	} {
		add(fmt.Sprintf("case %d", i), f)
	}
}

func BenchmarkListKey(b *testing.B) {
	f := furusato.ProjectFilter{Query: "地域 水産加工", Statuses: furusato.PublicStatuses, Today: furusato.Date{Year: 2026, Month: 12, Day: 7}}
	b.Run("listKey", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = listKey(f)
		}
	})
	b.Run("Sprintf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = fmt.Sprintf("%+v", f)
		}
	})
}
