package web

import (
	"regexp"
	"testing"
)

// The entry box says until when entries are taken, with the date (review
// §1.4 #17), in both languages; a signed-in reader gets 「気になるリスト」
// buttons that are grammatical (#12).
func TestProjectPage_EntryOpenLineNamesTheDeadline(t *testing.T) {
	s := adminSite(t)
	b := s.adminSignIn(t, "participant@demo.furusato.example")
	_, body := b.get("/projects/gifu-watercress-evangelist")
	if !regexp.MustCompile(`<p>\d{4}年\d{1,2}月\d{1,2}日\([日月火水木金土]\) 23:59（日本時間）までエントリーできます。</p>`).MatchString(body) {
		t.Errorf("no entry-open line with the deadline:\n%s", snippet(body))
	}
	mustContain(t, "favourite", body, "気になるリストに追加する</button>")
	mustNotContain(t, "old line", body, "締切日の23:59", "気になるに追加")
	b.get("/projects/gifu-watercress-evangelist?lang=en")
	_, body = b.get("/projects/gifu-watercress-evangelist")
	if !regexp.MustCompile(`You can enter until 23:59 Japan time on [A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]+ \d{4}\.|You can enter until 23:59 Japan time on [^<]*\d{4}[^<]*\.`).MatchString(body) {
		t.Errorf("no English entry-open line with the deadline:\n%s", snippet(body))
	}
}

// The project form's hints are sentences that say the range (review §1.4
// #11), not telegraphic notes.
func TestManageForm_HintsAreSentencesWithTheRange(t *testing.T) {
	s := adminSite(t)
	c := s.adminSignIn(t, "coordinator.gifu@demo.furusato.example")
	_, body := c.get("/manage/projects/new?company=gujo-seiryu-farm")
	mustContain(t, "hints", body,
		"1か月あたりの現地訪問の回数を、0〜31の数字で入力してください。",
		"参加者1人が1週間に関わる時間の目安を、1〜40の数字で入力してください。",
		"プロジェクトの期間を、1〜24か月の数字で入力してください。",
		"募集する人数を、1〜50の数字で入力してください。")
	mustNotContain(t, "old hints", body, "月の回数。0〜31", "週あたりの時間。1〜40", "月数。1〜24")
}
