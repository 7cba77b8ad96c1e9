package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// endTeam ends the team behind workspace url at end, as the completion
// will (store.EndTeam and the reflections' end hook in one transaction).
func endTeam(t *testing.T, s *site, teamPath string, end time.Time) {
	t.Helper()
	ctx := context.Background()
	team, err := s.db.FindTeamByProject(ctx, s.project(t, watercress).ID)
	if err != nil || teamURL(team.ID) != teamPath {
		t.Fatalf("team: %v", err)
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.EndTeam(ctx, team.ID, false, "", end); err != nil {
			return err
		}
		return s.h.svc.Reflections.Open(ctx, tx, team, end)
	}); err != nil {
		t.Fatal(err)
	}
}

// reflectionValues is a full form for side, every rating rating, every text words.
func reflectionValues(side furusato.ReflectionSide, rating, words string) url.Values {
	f := url.Values{"again": {"yes"}, "message": {words + "のひとこと"}}
	for _, q := range side.Questions() {
		f.Set(q+"_rating", rating)
		f.Set(q+"_text", words+"、"+q)
	}
	return f
}

func TestReflections_PagesBothSides(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, ws := matchedTeam(t, s, srv)
	page := ws + "/reflections"

	// While the work goes on: no section, a sentence on the page, no writing.
	_, body := p.get(ws)
	mustNotContain(t, "workspace before the end", body, `id="s-reflections"`)
	res, body := p.get(page)
	status(t, "reflections before the end", res, body, http.StatusOK)
	mustContain(t, "before the end", body, "振り返りは、プロジェクトが終わると書けるようになります。")
	res, body = p.post(page, reflectionValues(furusato.SideParticipant, "4", "早い"))
	status(t, "write before the end", res, body, http.StatusConflict)

	endTeam(t, s, ws, testNow.Add(-24*time.Hour))
	_, body = p.get(ws)
	mustContain(t, "workspace after the end", body, `id="s-reflections"`, "振り返りを書いてください", `href="`+page+`"`)
	checkHeadings(t, ws, body)
	res, body = p.get(page)
	status(t, "participant's page", res, body, http.StatusOK)
	mustContain(t, "participant's form", body, "参加者として書きます。", "新しく気づいた自分の強み", "本業への効果",
		"この取り組みを、友人や同僚にすすめたいですか", "振り返りを送る", "2026年12月3日(木)になると読めるようになります")
	checkHeadings(t, page, body)

	// Hostile and missing input: errors beside the fields, everything typed kept.
	long := strings.Repeat("長", 10000)
	bad := reflectionValues(furusato.SideParticipant, "4", "残る言葉")
	bad.Set("strengths_text", "強み\x00です")
	bad.Set("skills_text", long)
	bad.Del("growth_rating")
	bad.Set("main_job_rating", "９")
	bad.Del("again")
	bad.Set("message", "\u202eひとこと")
	res, body = p.post(page, bad)
	status(t, "hostile reflection", res, body, http.StatusBadRequest)
	mustContain(t, "errors", body, "<title>エラー：", `id="r-strengths-text-error"`, "使用できない文字",
		`aria-invalid="true"`, `href="#r-strengths-text"`, "強みです</textarea>", "残る言葉、growth</textarea>", "ひとこと</textarea>")
	if !strings.Contains(body, long+"</textarea>") {
		t.Error("the 10,000-character text was not kept")
	}
	// Only the form-level (bad text) error shows: nothing was written.
	if got, _ := s.db.FindReflections(context.Background(), teamIDOf(t, ws)); len(got) != 0 {
		t.Errorf("a bad form wrote %d reflections", len(got))
	}
	bad.Set("strengths_text", "強みです")
	res, body = p.post(page, bad)
	status(t, "invalid reflection", res, body, http.StatusBadRequest)
	mustContain(t, "field errors", body, `id="r-skills-text-error"`, "「活かせたスキル」は2,000文字以内で書いてください",
		`id="r-growth-rating-error"`, "「成長したこと」の評価を1から5の中から選んでください", `href="#r-growth-1"`,
		`id="r-main_job-rating-error"`, "「本業への効果」の評価は1から5の中から選んでください",
		`id="r-again-error"`, "はいかいいえで答えてください", `value="4" checked`)

	res, body = p.post(page, reflectionValues(furusato.SideParticipant, "5", "参加者の言葉"))
	redirected(t, "participant writes", res, body, page)
	_, body = p.get(page)
	mustContain(t, "participant's own", body, "振り返りを送りました", "振り返りを更新する", "参加者の言葉、strengths</textarea>")

	// The company has not written: its staff wait, then write and read.
	staff := s.manageSignIn(t, srv, watercressStaff)
	_, body = staff.get(page)
	mustContain(t, "staff before writing", body, "受入企業として書きます。", "まだ読めない振り返りが1件あります。", "新しい取り組みの実現")
	mustNotContain(t, "staff before writing", body, "参加者の言葉")
	res, body = staff.post(page, reflectionValues(furusato.SideCompany, "4", "会社の言葉"))
	redirected(t, "staff writes", res, body, page)
	_, body = staff.get(page)
	mustContain(t, "staff after writing", body, "参加者の言葉、strengths", "参加者 デモさん（参加者）", "5 / 5", "もう書き直せません")
	checkHeadings(t, page+" (staff)", body)

	_, body = p.get(page)
	mustContain(t, "participant after both wrote", body, "会社の言葉、initiative", "（受入企業）", "もう書き直せません")
	mustNotContain(t, "participant after both wrote", body, "振り返りを更新する")
	res, body = p.post(page, reflectionValues(furusato.SideParticipant, "1", "書き換え"))
	status(t, "edit after the other side wrote", res, body, http.StatusConflict)
	mustContain(t, "conflict keeps what was typed", body, "書き換え、strengths</textarea>", "書き直せませんでした")

	// The coordinator reads all and writes none; in English too.
	c := s.manageSignIn(t, srv, gifuCoordinator)
	_, body = c.get(page)
	mustContain(t, "coordinator", body, "参加者の言葉", "会社の言葉", "コーディネーターと管理者は、届いた振り返りをすべて読めます。")
	mustNotContain(t, "coordinator", body, "振り返りを送る")
	res, body = c.post(page, reflectionValues(furusato.SideCompany, "3", "x"))
	status(t, "coordinator writes", res, body, http.StatusForbidden)
	c.get(page + "?lang=en")
	_, body = c.get(page)
	mustContain(t, "English", body, "Reflections", "The other members&#39; reflections", "(host company)")
	_, body = c.get(ws)
	mustContain(t, "English workspace", body, "Open the reflections page", "There are 2 reflections for you to read.")

	// Outsiders: 404 as for a missing team; visitors sign in.
	o := s.manageSignIn(t, srv, otherRegion)
	res, body = o.get(page)
	status(t, "other region reads", res, body, http.StatusNotFound)
	res, body = o.post(page, reflectionValues(furusato.SideCompany, "3", "x"))
	status(t, "other region writes", res, body, http.StatusNotFound)
	res, _ = s.browser(t, srv.Server).get(page)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "/account/signin") {
		t.Errorf("visitor: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, body = p.get("/teams/999999/reflections")
	status(t, "missing team", res, body, http.StatusNotFound)
}

// TestReflections_PageAfterFourteenDays: 14 days after the end, the
// company reads the participant's without having written.
func TestReflections_PageAfterFourteenDays(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, ws := matchedTeam(t, s, srv)
	page := ws + "/reflections"
	endTeam(t, s, ws, testNow.Add(-13*24*time.Hour))
	res, body := p.post(page, reflectionValues(furusato.SideParticipant, "3", "十三日目の言葉"))
	redirected(t, "participant writes", res, body, page)
	staff := s.manageSignIn(t, srv, watercressStaff)
	_, body = staff.get(page)
	mustNotContain(t, "staff on day 13", body, "十三日目の言葉")
	// A day later (the same clock, a team that ended a day earlier).
	s2, srv2 := newEntriesSite(t)
	p2, ws2 := matchedTeam(t, s2, srv2)
	endTeam(t, s2, ws2, testNow.Add(-14*24*time.Hour))
	res, body = p2.post(ws2+"/reflections", reflectionValues(furusato.SideParticipant, "3", "十四日目の言葉"))
	redirected(t, "participant writes", res, body, ws2+"/reflections")
	_, body = s2.manageSignIn(t, srv2, watercressStaff).get(ws2 + "/reflections")
	mustContain(t, "staff on day 14", body, "十四日目の言葉、strengths", "受入企業として書きます。")
	mustNotContain(t, "staff on day 14", body, "になると読めるようになります")
}
