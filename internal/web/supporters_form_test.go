package web

import (
	"net/http"
	"testing"
)

// TestManageSupporters_RowsToldTheTruth: a supporter's name, group and
// role are not optional but required together, and the label says so;
// a half-filled row is tied to the group's error (aria-describedby), its
// empty fields marked invalid, and the summary goes to the first of them.
func TestManageSupporters_RowsToldTheTruth(t *testing.T) {
	s, srv := newManageSite(t)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	const path = "/manage/projects/new?company=gujo-seiryu-farm"
	res, body := coord.get(path)
	status(t, "new form", res, body, http.StatusOK)
	mustContain(t, "new form", body,
		`<label for="sup-name-0">お名前<span class="req"><span aria-hidden="true">※</span>登録する場合は必須</span></label>`,
		`<label for="sup-org-0">伴走パートナー団体<span class="req"><span aria-hidden="true">※</span>登録する場合は必須</span></label>`,
		`<label for="sup-role-0">役割<span class="req"><span aria-hidden="true">※</span>登録する場合は必須</span></label>`,
		`<label for="sup-email-0">伴走者のメールアドレス<span class="opt"><span aria-hidden="true">※</span>任意</span></label>`)

	form := manageForm("クレソンの新しい食べ方")
	form.Set("supporters", "1")
	form.Set("sup-name-0", "伴走 花子")
	res, body = coord.post(path, form)
	status(t, "half a row", res, body, http.StatusBadRequest)
	mustContain(t, "half a row", body, `<a href="#sup-org-0">`, `id="supporters-error"`,
		`<input id="sup-name-0" name="sup-name-0" type="text" value="伴走 花子" aria-describedby="supporters-error">`,
		`<select id="sup-org-0" name="sup-org-0" aria-describedby="supporters-error" aria-invalid="true">`,
		`<input id="sup-role-0" name="sup-role-0" type="text" value="" aria-describedby="supporters-error" aria-invalid="true">`,
		`<input id="sup-name-1" name="sup-name-1" type="text" value="">`)
}
