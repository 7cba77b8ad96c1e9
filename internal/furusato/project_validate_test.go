package furusato

import (
	"fmt"
	"strings"
	"testing"
)

func fullProject() *Project {
	return &Project{Slug: "tea-branding", Title: "茶畑のブランドづくり", CatchCopy: "お茶の町へ", Background: "背景",
		WhatYouDo: "やること", Goal: "ゴール", Themes: []string{"branding"}, WorkStyle: WorkRemote, RewardType: RewardPaid,
		RewardAmount: 30000, TravelCost: TravelFull, HoursPerWeek: 4, DurationMonths: 3, Places: 2,
		Deadline: Date{2027, 1, 31}, Prefecture: 21, Status: StatusDraft, CompanyID: 1, OrganizationID: 1}
}

// Each field error carries the bound it broke, so that the message names it.
func TestProjectValidate_ErrorsCarryTheirBounds(t *testing.T) {
	if err := fullProject().Validate(); err != nil {
		t.Fatalf("valid project: %v", err)
	}
	p := fullProject()
	p.Places, p.HoursPerWeek, p.RewardAmount, p.Title = 51, 0, 9_999_999_999_999, strings.Repeat("字", 81)
	err := p.Validate()
	fields, params := ErrorFields(err), ErrorParams(err)
	for name, want := range map[string]string{"places": "error.range 1 50", "hours_per_week": "error.range 1 40",
		"reward_amount": "error.range 0 1000000"} {
		if got := fmt.Sprint(fields[name], " ", params[name]["Min"], " ", params[name]["Max"]); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	if fields["title"] != "error.too_long" || params["title"]["Max"] != MaxTitle {
		t.Errorf("title: %s %v", fields["title"], params["title"])
	}
}

// An amount with the reward "none" says which other field it contradicts.
func TestProjectValidate_AmountWithoutReward(t *testing.T) {
	p := fullProject()
	p.RewardType, p.RewardAmount = RewardNone, 5000
	err := p.Validate()
	if ErrorFields(err)["reward_amount"] != ErrAmountWithoutReward || ErrorParams(err)["reward_amount"]["Other"] != "reward_type" {
		t.Errorf("fields %v params %v", ErrorFields(err), ErrorParams(err))
	}
}

// A slug that a fixed page under /projects/ already answers (the filter
// form) would never be reached: it is refused as taken.
func TestProjectValidate_ReservedSlug(t *testing.T) {
	for _, slug := range ReservedProjectSlugs {
		p := fullProject()
		p.Slug = slug
		if got := ErrorFields(p.Validate())["slug"]; got != "error.taken" {
			t.Errorf("slug %q: %q, want error.taken", slug, got)
		}
	}
	if len(ReservedProjectSlugs) == 0 {
		t.Error("no reserved slug: /projects/filters is a page")
	}
}
