package furusato_test

import (
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

func TestDescribeFields_NamesFieldRuleAndBounds(t *testing.T) {
	d := furusato.Date{Year: 2027, Month: 3, Day: 31}
	tests := []struct {
		key    string
		params furusato.Params
		want   string
	}{
		{"error.range", furusato.Params{"Min": 1, "Max": 50}, "places must be from 1 to 50"},
		{"error.required", nil, "places is required"},
		{"error.required", furusato.Params{"Other": "reward_amount"}, "places is required when reward_amount is set"},
		{"error.too_long", furusato.Params{"Max": 80}, "places must be at most 80 characters"},
		{"error.too_long", furusato.Params{"Max": 40, "Per": "item"}, "places must have at most 40 characters in each item"},
		{"error.too_many", furusato.Params{"Max": 8}, "places must have at most 8 items"},
		{"error.bad_text", nil, "places holds invalid UTF-8, a control character or a text-direction mark"},
		{"error.amount_without_reward", furusato.Params{"Other": "reward_type"}, "places must be 0 when reward_type is none"},
		{"hosts.error.places_below_matched", furusato.Params{"Min": 3}, "places must be at least 3, the people already matched"},
		{"hosts.error.deadline_far", furusato.Params{"Max": d}, "places must be on or before 2027-03-31"},
		{"hosts.error.deadline_past_published", furusato.Params{"Min": d}, "places must be on or after 2027-03-31"},
		{"hosts.error.deadline_after_start", furusato.Params{"Max": d, "Other": "start_date"}, "places must be on or before 2027-03-31 (see start_date)"},
		{"error.slug", nil, "places is not valid (error.slug)"},
	}
	for _, tc := range tests {
		got := furusato.DescribeFields(map[string]string{"places": tc.key}, map[string]furusato.Params{"places": tc.params})
		if got != tc.want {
			t.Errorf("%s %v: got %q, want %q", tc.key, tc.params, got, tc.want)
		}
	}
	got := furusato.DescribeFields(map[string]string{"title": "error.required", "places": "error.range"},
		map[string]furusato.Params{"places": {"Min": 1, "Max": 50}})
	if want := "places must be from 1 to 50; title is required"; got != want {
		t.Errorf("two fields: got %q, want %q", got, want)
	}
}

func TestParamsJSON_LowerCaseNamesAndISODates(t *testing.T) {
	got := furusato.ParamsJSON(map[string]furusato.Params{"deadline": {"Max": furusato.Date{Year: 2027, Month: 1, Day: 2}, "Other": "start_date"}})
	if got["deadline"]["max"] != "2027-01-02" || got["deadline"]["other"] != "start_date" || len(got["deadline"]) != 2 {
		t.Errorf("got %v", got)
	}
	if furusato.ParamsJSON(nil) != nil {
		t.Error("no params must be nil (omitted)")
	}
}
