package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/testkit"
)

// TestFactsJourney_CoordinatorStatesWhatVisitorsDecideOn: the Gifu
// coordinator states a project's facts in its form (a hidden direction
// mark first, refused beside the field), and a visitor sees them on the
// project page and its card; axe-core on every page.
func TestFactsJourney_CoordinatorStatesWhatVisitorsDecideOn(t *testing.T) {
	s, db := startManageSite(t)
	p, err := db.FindProject(context.Background(), "gifu-watercress-evangelist", nil)
	if err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t)
	j := s.journey(t, b)
	j.signedIn("coordinator.gifu@demo.furusato.example")
	j.open(fmt.Sprintf("/manage/projects/%d/edit", p.ID))
	type typed struct{ id, text string }
	fill := func(fs ...typed) {
		for _, f := range fs {
			evaluate[bool](j, `(document.getElementById('`+f.id+`').value = '', true)`)
			sel := field(f.id)
			if f.id == "reward_note" || f.id == "selection_steps" || f.id == "host_intro" || f.id == "supporter_intro" {
				sel = textarea(f.id)
			}
			j.do(sendKeys(sel, f.text))
		}
	}
	fill(typed{"reward_amount", "１２０，０００"}, typed{"reward_note", "業務委託契約です。交通費は1回8,000円まで支給します。"},
		typed{"interview_note", "土曜の午前に30分ほど"},
		typed{"selection_steps", "書類選考 → オンライン面談 → 参画決定"}, typed{"response_days", "５"},
		typed{"host_intro", "郡上で三代続くクレソン農家です。"}, typed{"supporter_intro", "食品メーカーで商品企画をしています。"})
	j.do(chromedp.Click(field("reward_basis-2")), chromedp.Click(field("interview_style-1")))
	// A pasted direction mark (keys cannot type it) hides in the line.
	evaluate[bool](j, `(document.getElementById('work_times').value = '土日\u202e中心', true)`)
	j.submitInvalid("保存する")
	if got := j.text(`.error-summary li`); !strings.HasPrefix(got, "稼働の曜日・時間帯に使用できない文字") {
		t.Errorf("summary %q", got)
	}
	if a := j.attrs(`#work_times`); a["aria-invalid"] != "true" || !strings.Contains(a["aria-describedby"], "work_times-error") {
		t.Errorf("work_times attributes %v", a)
	}
	if v := j.value(textarea("host_intro")); v != "郡上で三代続くクレソン農家です。" {
		t.Errorf("intro kept as %q", v)
	}
	fill(typed{"work_times", "土日中心、平日は夜に少し"})
	j.follow(chromedp.Click(button("保存する")))
	if got := j.text(`[role="status"]`); got != "保存しました。" {
		t.Errorf("flash %q", got)
	}

	v := s.journey(t, b)
	v.open("/projects/gifu-watercress-evangelist")
	key := v.facts(`dl.key-facts`)
	if key["報酬"] != "謝礼 総額120,000円" || key["稼働"] != "週3時間程度・6か月" || !strings.Contains(key["募集期間"], "〜") || key["募集人数"] != "3名" {
		t.Errorf("key facts %v", key)
	}
	terms := v.facts(`dl.terms`)
	if terms["稼働の曜日・時間帯"] != "土日中心、平日は夜に少し" || !strings.Contains(terms["報酬・交通費の補足"], "1回8,000円まで") {
		t.Errorf("terms %v", terms)
	}
	sel := v.facts(`#s-selection + dl`)
	if sel["面談の方法"] != "オンライン土曜の午前に30分ほど" || sel["ご連絡の目安"] != "エントリーから5日以内にご連絡します" {
		t.Errorf("selection %v", sel)
	}
	if got := v.text(`#s-selection ~ ol.steps`); got != "書類選考オンライン面談参画決定" {
		t.Errorf("steps %q", got)
	}
	if got := v.text(`#s-people ~ .prose`); got != "郡上で三代続くクレソン農家です。" {
		t.Errorf("host intro %q", got)
	}
	v.open("/projects?q=" + "クレソン")
	if got := v.text(`main .card-facts`); !strings.Contains(got, "稼働週3時間程度・6か月") {
		t.Errorf("card facts %q", got)
	}
}
