package web

import (
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/ui"
)

// TestParamText_WordsEveryKindOfValue: a bound given as int64 or as a
// duration is written in the message, never as "".
func TestParamText_WordsEveryKindOfValue(t *testing.T) {
	for _, c := range []struct {
		lang string
		v    any
		want string
	}{
		{"ja", 12345, "12,345"},
		{"ja", int64(12345), "12,345"},
		{"en", int64(1000), "1,000"},
		{"ja", 15 * time.Minute, "15分"},
		{"en", 15 * time.Minute, "15 minutes"},
		{"ja", 2 * time.Hour, "2時間"},
		{"en", time.Hour, "1 hour"},
		{"ja", 7 * 24 * time.Hour, "7日"},
		{"en", 7 * 24 * time.Hour, "7 days"},
		{"en", []string{"coordinator", "supporter"}, "coordinator, supporter"},
	} {
		l, err := ui.LocaleOf(c.lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := paramText(l, "Max", c.v); got != c.want {
			t.Errorf("%s %T %v: %q, want %q", c.lang, c.v, c.v, got, c.want)
		}
	}
}

// TestHostsUnits_NoneIsMissing: every number field of the project form has
// its unit in both languages (an empty message is a missing one: it was
// logged and its id shown).
func TestHostsUnits_NoneIsMissing(t *testing.T) {
	for _, lang := range ui.Langs {
		l, err := ui.LocaleOf(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"visits_per_month", "hours_per_week", "duration_months", "reward_amount", "places", "response_days"} {
			if got := l.T("hosts.unit." + name); strings.Contains(got, "hosts.unit") || strings.TrimSpace(got) == "" {
				t.Errorf("%s hosts.unit.%s = %q", lang, name, got)
			}
		}
	}
}
