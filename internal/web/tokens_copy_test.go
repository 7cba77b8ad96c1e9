package web

import (
	"net/url"
	"testing"
)

// TestTokens_HintSaysHowToCopyOnAPhone: the new token is read-only text
// with no copy button (no script); its hint says how to copy it, a phone
// included, and is tied to the box.
func TestTokens_HintSaysHowToCopyOnAPhone(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	b.signUpAndIn("hanako@example.jp")
	res, body := b.post("/account/tokens", url.Values{"name": {"連携スクリプト"}, "expires_days": {"90"}})
	status(t, "create", res, body, 200)
	mustContain(t, "create", body,
		`<p class="hint" id="new-token-hint">欄の中を選択して、コピーしてください。スマートフォンでは、欄を長押しして「すべてを選択」を選び、続けて「コピー」を選んでください。</p>`,
		`<input id="new-token" type="text" value="`, `readonly aria-describedby="new-token-hint"`)
}
