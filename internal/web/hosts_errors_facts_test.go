package web

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// The facts of the project form are worded by the same rule sentences as
// every other field, with their bounds and the field they depend on, in
// both languages: no sentence of their own.
func TestManageFacts_ErrorsNameFieldAndRule(t *testing.T) {
	s, srv := newManageSite(t)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	steps := strings.TrimSuffix(strings.Repeat("面談\n", 9), "\n")
	posts := []struct {
		set    map[string]string
		ja, en []string
	}{
		{map[string]string{"hours_per_week": "41", "duration_months": "25", "reward_type": "paid", "reward_amount": "5000",
			"reward_basis": "", "reward_note": strings.Repeat("注", 401), "interview_style": "phone", "interview_note": "a\u202Eb",
			"work_times": strings.Repeat("時", 101), "selection_steps": steps, "response_days": "61",
			"host_intro": strings.Repeat("農", 1001)},
			[]string{"稼働時間は1〜40時間の範囲で、数字で入力してください", "期間は1〜24か月の範囲で、数字で入力してください",
				"報酬の金額を入力したときは、報酬の金額の単位も選んでください", "報酬・交通費の補足は400文字以内で入力してください",
				"面談の方法は選択肢から選んでください",
				"面談についての補足に使用できない文字（制御文字や、文字の向きを変える記号など）が含まれています。取り除いてから、もう一度送信してください。",
				"稼働の曜日・時間帯は100文字以内で入力してください", "選考の流れは8段階までにしてください",
				"ご連絡までの日数は1〜60日の範囲で数字で入力するか、空欄にしてください", "受け入れ担当者からのメッセージは1,000文字以内で入力してください"},
			[]string{"Hours per week: enter a number from 1 to 40 hours", "Duration (months): enter a number from 1 to 24 months",
				"What the amount covers: choose one, since Reward amount is filled in", "Reward and travel costs, details: use at most 400 characters",
				"Interviews: please choose one of the options",
				"Interviews, details: remove the characters that cannot be used (such as control characters or marks that change the text direction), then send it again",
				"Usual days and hours: use at most 100 characters", "Selection steps: list at most 8 steps",
				"Days to a reply: enter a number from 1 to 60 days, or leave it empty", "The host’s message: use at most 1,000 characters"}},
		{map[string]string{"selection_steps": "書類選考\n" + strings.Repeat("長", 41), "supporter_intro": strings.Repeat("伴", 1001)},
			[]string{"選考の流れは、1段階につき40文字以内で入力してください", "伴走者の紹介は1,000文字以内で入力してください"},
			[]string{"Selection steps: use at most 40 characters for each step", "About the supporters: use at most 1,000 characters"}},
		// What the form cannot read as a number is told before the rest, with the bounds.
		{map[string]string{"response_days": "たくさん", "places": "多数"},
			[]string{"ご連絡までの日数は1〜60日の範囲で数字で入力するか、空欄にしてください", "募集人数は1〜50名の範囲で、数字で入力してください"},
			[]string{"Days to a reply: enter a number from 1 to 60 days, or leave it empty", "Places: enter a number from 1 to 50 people"}},
		// Bytes no text holds are refused as the form is read, before the rest.
		{map[string]string{"reward_note": "交通費\x00"}, []string{"報酬・交通費の補足に使用できない文字"},
			[]string{"Reward and travel costs, details: remove the characters"}},
	}
	for _, lang := range []string{"ja", "en"} {
		if lang == "en" {
			res, _ := c.get("/manage?lang=en")
			if res.StatusCode == http.StatusSeeOther {
				c.get(res.Header.Get("Location"))
			}
		}
		for i, p := range posts {
			form := factsForm("条件のはっきりした案件")
			for k, v := range p.set {
				form.Set(k, v)
			}
			res, body := c.post("/manage/projects/new?company=gujo-seiryu-farm", form)
			status(t, lang, res, body, http.StatusBadRequest)
			body = html.UnescapeString(body)
			want := p.ja
			if lang == "en" {
				want = p.en
			}
			for _, w := range want {
				if n := strings.Count(body, w); n < 2 {
					t.Errorf("%s post %d: %q found %d times, want in the summary and beside the field", lang, i, w, n)
				}
			}
			mustNotContain(t, lang, body, "<no value>", "hosts.error.", "facts.error.", "manage.error.", "hosts.item.", "hosts.name.", "hosts.unit.")
		}
	}
}
