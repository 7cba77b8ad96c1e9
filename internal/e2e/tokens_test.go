package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/testkit"
)

// TestTokensJourney: the demo participant signs in, opens their API
// tokens from the account page, creates one with the write scope, sees it once with the
// warning, finds only its first characters on the list afterwards and
// revokes it; axe-core runs on every page.
func TestTokensJourney(t *testing.T) {
	s, db := startAuthSite(t)
	if _, err := demo.LoadAccounts(context.Background(), db, now, service.TestArgon); err != nil {
		t.Fatalf("demo.LoadAccounts: %v", err)
	}
	b := testkit.NewBrowser(t)
	j := s.journey(t, b)

	j.open("/account/signin")
	j.do(sendKeys(field("email"), "participant@demo.furusato.example"), sendKeys(field("password"), demo.Password))
	j.follow(chromedp.Click(button("ログインする")))
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="APIアクセストークン"]`)))
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "APIアクセストークン" {
		t.Fatalf("h1 = %q", h1)
	}
	if got := j.text(`main`); !strings.Contains(got, "トークンはまだありません。") {
		t.Errorf("empty list: %q", got)
	}

	j.do(sendKeys(field("token-name"), "e2e連携"), chromedp.Click(field("scope-write")))
	j.follow(chromedp.Click(button("トークンを作成する")))
	if got := j.text(`[role=status]`); !strings.Contains(got, "今回だけ") {
		t.Errorf("warning %q", got)
	}
	token := j.value(field("new-token"))
	if !strings.HasPrefix(token, "fst_") || len(token) != 56 {
		t.Fatalf("token %q", token)
	}

	j.open("/account/tokens")
	main := j.text(`main`)
	if strings.Contains(main, token) || strings.Contains(main, "今回だけ") || !strings.Contains(main, token[:8]+"…") || !strings.Contains(main, "有効") ||
		!strings.Contains(main, "読み取りと書き込み") {
		t.Errorf("the list after creation: %q", main)
	}
	j.follow(chromedp.Click(button("無効にする（e2e連携）")))
	if got := j.text(`main`); !strings.Contains(got, "無効化済み") {
		t.Errorf("after revoking: %q", got)
	}
}
