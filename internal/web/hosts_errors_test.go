package web

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// Every field error of the project form names the field and its rule,
// in Japanese and English; an amount with the reward "none" says which
// other field it contradicts.
func TestManage_FieldErrorsNameFieldAndRule(t *testing.T) {
	s, srv := newManageSite(t)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	form := manageForm("題名")
	form.Set("places", "51")
	form.Set("reward_amount", "5,000")
	form.Set("title", strings.Repeat("字", 81))
	form.Set("hours_per_week", "")
	form.Del("themes")
	form.Set("deadline-year", "2031")
	res, body := c.post("/manage/projects/new?company=gujo-seiryu-farm", form)
	status(t, "bad form", res, body, http.StatusBadRequest)
	body = html.UnescapeString(body)
	for _, want := range []string{"募集人数は1〜50名の範囲で、数字で入力してください", "タイトルは80文字以内で入力してください",
		"報酬を「なし」にした場合は、報酬の金額を空欄にしてください", "稼働時間は1〜40時間の範囲で、数字で入力してください", "テーマを1つ以上選んでください",
		"締切日は、2027年11月20日(土)までの日付を入力してください（今日から1年以内）"} {
		mustContain(t, "ja", body, want)
		if strings.Count(body, want) < 2 {
			t.Errorf("%q is not both in the summary and beside the field", want)
		}
	}
	mustContain(t, "text kept", body, strings.Repeat("字", 81))
	res, _ = c.get("/manage?lang=en")
	if res.StatusCode == http.StatusSeeOther {
		c.get(res.Header.Get("Location"))
	}
	res, body = c.post("/manage/projects/new?company=gujo-seiryu-farm", form)
	status(t, "bad form in English", res, body, http.StatusBadRequest)
	body = html.UnescapeString(body)
	for _, want := range []string{"Places: enter a number from 1 to 50", "Title: use at most 80 characters",
		"Reward amount: leave it empty when Reward is “None”"} {
		mustContain(t, "en", body, want)
	}
}
