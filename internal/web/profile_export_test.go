package web

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/demo"
)

// The export of a participant who entered, wrote and was moved holds
// every section in words of the reader's language, and nothing of others.
func TestProfile_ExportHoldsTheWorkflowInWords(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	res, body := p.post("/entries/"+itoaPlain(id)+"/messages", url.Values{"body": {"駐車場はありますか。"}})
	if res.StatusCode != 303 {
		t.Fatalf("message: %d %s", res.StatusCode, snippet(body))
	}
	c := s.manageSignIn(t, srv, gifuCoordinator)
	res, body = c.post(hostEntryURL(id)+"/move", url.Values{"to": {"screening"}, "reason": {"経験が合う"}})
	redirected(t, "move", res, body, hostEntryURL(id))
	res, body = c.post(hostEntryURL(id)+"/notes", url.Values{"body": {"非公開のメモです"}})
	redirected(t, "note", res, body, hostEntryURL(id)+"#s-notes")
	res, body = p.post("/projects/"+watercress+"/favorite", url.Values{"on": {"1"}})
	redirected(t, "favorite", res, body, "/projects/"+watercress+"#s-entry")

	res, body = p.get("/account/export")
	status(t, "export", res, body, 200)
	var doc struct {
		Format   string `json:"format"`
		Language string `json:"language"`
		Entries  []struct {
			Project struct {
				Title, Slug string
			} `json:"project"`
			StageLabel string `json:"stage_label"`
			Motivation string `json:"motivation"`
			History    []struct {
				ToLabel string `json:"to_label"`
				By      string `json:"by"`
				Reason  string `json:"reason"`
			} `json:"history"`
			Messages []struct {
				Body  string `json:"body"`
				ByYou bool   `json:"by_you"`
			} `json:"messages"`
		} `json:"entries"`
		Favorites []struct {
			Project struct{ Title, Slug string } `json:"project"`
		} `json:"favorites"`
		Notifications []struct {
			Text string `json:"text"`
		} `json:"notifications"`
		Prefs []struct {
			KindLabel string `json:"kind_label"`
		} `json:"notification_preferences"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, snippet(body))
	}
	if doc.Format != "furusato-data-export/2" || doc.Language != "ja" || len(doc.Entries) != 1 {
		t.Fatalf("export %+v", doc)
	}
	e := doc.Entries[0]
	if e.Project.Slug != watercress || e.StageLabel != "書類選考中" || e.Motivation != "清流の町が好きです。" ||
		len(e.History) != 2 || e.History[1].ToLabel != "書類選考中" || e.History[1].By != "host" || e.History[1].Reason != "経験が合う" ||
		len(e.Messages) != 1 || e.Messages[0].Body != "駐車場はありますか。" || !e.Messages[0].ByYou {
		t.Errorf("entry %+v", e)
	}
	if len(doc.Favorites) != 1 || doc.Favorites[0].Project.Slug != watercress || doc.Favorites[0].Project.Title == "" {
		t.Errorf("favourites %+v", doc.Favorites)
	}
	if len(doc.Notifications) == 0 || !strings.Contains(doc.Notifications[0].Text, "「書類選考中」に変わりました") {
		t.Errorf("notifications %+v", doc.Notifications)
	}
	if len(doc.Prefs) == 0 || doc.Prefs[0].KindLabel == "" || strings.Contains(doc.Prefs[0].KindLabel, "notifications.") {
		t.Errorf("preferences %+v", doc.Prefs)
	}
	mustNotContain(t, "export", body, gifuCoordinator, watercressStaff, "非公開のメモです", "argon2", `"stage_label": "entries.`, `"text": "notifications.`)

	res, body = p.get("/account/export?lang=en")
	if res.StatusCode == 303 {
		_, body = p.get(res.Header.Get("Location"))
	}
	mustContain(t, "export in English", body, `"language": "en"`, `"stage_label": "Screening"`)
}

// After a participant deletes their account, the hosts see the entry
// withdrawn with the reason in words, the message removed, and a notice.
func TestProfile_DeleteAccountWithdrawsAndTellsTheHosts(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	res, body := p.post("/entries/"+itoaPlain(id)+"/messages", url.Values{"body": {"よろしくお願いします。連絡先は090-0000-0000です。"}})
	if res.StatusCode != 303 {
		t.Fatalf("message: %d %s", res.StatusCode, snippet(body))
	}
	res, body = p.post("/account/delete", url.Values{"password": {demo.Password}})
	redirected(t, "delete", res, body, "/")

	c := s.manageSignIn(t, srv, gifuCoordinator)
	_, body = c.get(hostEntryURL(id))
	mustContain(t, "host entry page", body, "辞退", "参加者が退会したため、エントリーを取り下げました", "退会したユーザー",
		"（退会したユーザーのメッセージは削除されました）")
	mustNotContain(t, "host entry page", body, "090-0000-0000", "清流の町が好きです。", "参加者 デモ")
	_, body = c.get("/notifications")
	mustContain(t, "coordinator's notices", body, "へのエントリーは、参加者が退会したため取り下げられました")
	res, body = c.get(hostEntryURL(id) + "?lang=en")
	if res.StatusCode == 303 {
		_, body = c.get(res.Header.Get("Location"))
	}
	mustContain(t, "host entry page in English", body, "Withdrawn because the participant deleted their account",
		"This message was removed when its author deleted their account.")
}
