package web

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// After a conflict the page shows the other person's values beside one's
// own, and saving again overwrites only when chosen (manage.md D4).
func TestManageEdit_ConflictShowsTheirsAndOverwritesOnlyByChoice(t *testing.T) {
	s, srv := newManageSite(t)
	staff := s.manageSignIn(t, srv, watercressStaff)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := staff.post("/manage/projects/new?company=gujo-seiryu-farm", manageForm("元のタイトル"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, snippet(body))
	}
	page := res.Header.Get("Location")
	version := func(b string) string {
		v, _, _ := strings.Cut(b[strings.Index(b, `name="version" value="`)+len(`name="version" value="`):], `"`)
		return v
	}
	_, body = staff.get(page + "/edit")
	mine := version(body)
	_, body = coord.get(page + "/edit")
	theirs := manageForm("コーディネーターのタイトル")
	theirs.Set("version", version(body))
	res, body = coord.post(page+"/edit", theirs)
	redirected(t, "the other person's save", res, body, page)

	form := manageForm("元のタイトル")
	form.Set("catch_copy", "わたしのキャッチコピー")
	form.Set("version", mine)
	res, body = staff.post(page+"/edit", form)
	status(t, "stale save", res, body, http.StatusConflict)
	text := html.UnescapeString(body)
	mustContain(t, "conflict page", text, "ほかの方が先に保存した内容との違い", "岐阜 コーディネーターさんがこのプロジェクトを保存しました",
		"<td class=\"text\">コーディネーターのタイトル</td><td class=\"text\">元のタイトル</td>", "（ほかの方が変更）",
		"<td class=\"text\">清流のクレソンを広める</td><td class=\"text\">わたしのキャッチコピー</td>",
		`name="overwrite"`, `value="わたしのキャッチコピー"`)
	checkHeadings(t, "conflict page", body)
	if version(body) != mine {
		t.Errorf("the conflict page took the newer version: a plain save would overwrite")
	}
	// A plain save again: still refused, nothing overwritten.
	res, body = staff.post(page+"/edit", form)
	status(t, "plain save again", res, body, http.StatusConflict)
	_, body = staff.get(page)
	mustContain(t, "theirs kept", body, "コーディネーターのタイトル")
	// Overwriting by choice.
	latest, _, _ := strings.Cut(text[strings.Index(text, `name="overwrite" value="`)+len(`name="overwrite" value="`):], `"`)
	form.Set("overwrite", latest)
	res, body = staff.post(page+"/edit", form)
	redirected(t, "overwrite", res, body, page)
	_, body = staff.get(page + "/preview")
	mustContain(t, "overwritten", body, "わたしのキャッチコピー", "元のタイトル")
}
