package furusato

import "testing"

func TestParseWarningSettings(t *testing.T) {
	if s, err := ParseWarningSettings(DefaultWarningSettings.String()); err != nil || s != DefaultWarningSettings {
		t.Errorf("defaults round trip = %+v, %v", s, err)
	}
	if s, err := ParseWarningSettings(""); err != nil || s != DefaultWarningSettings {
		t.Errorf("empty = %+v, %v", s, err)
	}
	s, err := ParseWarningSettings(" silent-days = 14 , overdue-cadences=0,")
	want := DefaultWarningSettings
	want.SilentDays, want.OverdueCadences = 14, 0
	if err != nil || s != want {
		t.Errorf("partial = %+v, %v; want %+v", s, err, want)
	}
	for _, bad := range []string{"silent-days", "quiet-days=3", "silent-days=x", "low-hours-percent=0", "low-hours-percent=101",
		"overdue-cadences=-1", "blocker-checkins=0", "confirm-days=366", "low-hours-periods=53"} {
		if _, err := ParseWarningSettings(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
