package furusato

import (
	"testing"
	"time"
)

func TestCanMove(t *testing.T) {
	allowed := map[[2]ProjectStatus]bool{
		{StatusDraft, StatusInReview}: true, {StatusInReview, StatusDraft}: true,
		{StatusInReview, StatusPublished}: true, {StatusDraft, StatusPublished}: true,
		{StatusPublished, StatusClosed}: true, {StatusClosed, StatusPublished}: true,
		{StatusClosed, StatusInProgress}: true, {StatusInProgress, StatusCompleted}: true,
		{StatusDraft, StatusCancelled}: true, {StatusInReview, StatusCancelled}: true,
		{StatusPublished, StatusCancelled}: true, {StatusClosed, StatusCancelled}: true,
		{StatusInProgress, StatusCancelled}: true,
	}
	for _, from := range ProjectStatuses {
		for _, to := range ProjectStatuses {
			if got := CanMove(from, to); got != allowed[[2]ProjectStatus{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
}

func TestPublic(t *testing.T) {
	for _, s := range ProjectStatuses {
		want := s == StatusPublished || s == StatusClosed || s == StatusInProgress || s == StatusCompleted
		if s.Public() != want {
			t.Errorf("%s.Public() = %v", s, !want)
		}
	}
}

func TestDeadlineInJST(t *testing.T) {
	d, err := ParseDate("2026-11-24")
	if err != nil {
		t.Fatal(err)
	}
	p := &Project{Status: StatusPublished, Deadline: d}
	// 23:59 JST on the deadline is still open; 00:00 JST the next day is not.
	if !p.OpenAt(time.Date(2026, 11, 24, 14, 59, 0, 0, time.UTC)) {
		t.Error("closed before the end of the deadline day in JST")
	}
	if p.OpenAt(time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)) {
		t.Error("still open after the deadline day ended in JST")
	}
	if n := p.DaysLeft(time.Date(2026, 11, 21, 1, 0, 0, 0, JST)); n != 3 {
		t.Errorf("days left = %d, want 3", n)
	}
	if !p.ClosingSoon(time.Date(2026, 11, 17, 1, 0, 0, 0, JST)) || p.ClosingSoon(time.Date(2026, 11, 16, 1, 0, 0, 0, JST)) {
		t.Error("closing-soon boundary is not 7 days")
	}
	if _, err := ParseDate("2026-02-30"); ErrorCode(err) != EINVALID {
		t.Errorf("impossible date accepted: %v", err)
	}
}

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{"gifu-cress": true, "a1": true, "123": false, "-x": false, "x-": false, "Gifu": false, "岐阜": false, "x": false} {
		if validSlug(s) != want {
			t.Errorf("validSlug(%q) = %v", s, !want)
		}
	}
}

func TestPrefectures(t *testing.T) {
	if len(Prefectures) != 47 {
		t.Fatalf("%d prefectures", len(Prefectures))
	}
	seen := map[string]bool{}
	for i, p := range Prefectures {
		if p.Code != i+1 {
			t.Errorf("%s has code %d at index %d", p.NameJa, p.Code, i)
		}
		if _, ok := AreaBySlug(p.Area); !ok || seen[p.Slug] {
			t.Errorf("%s: bad area or duplicate slug", p.Slug)
		}
		seen[p.Slug] = true
	}
	if p, ok := PrefectureBySlug("gifu"); !ok || p.Code != 21 || p.NameJa != "岐阜県" {
		t.Errorf("gifu = %+v", p)
	}
}
