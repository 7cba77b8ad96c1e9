package furusato

import "testing"

func TestBadTextAndCleanText(t *testing.T) {
	for s, bad := range map[string]bool{
		"":                      false,
		"ふるさと兼業 Furusato":       false,
		"一行目\n二行目\r\n\tタブ":      false,
		"U+FFFD \ufffd is text": false,
		"\xff\xfe":              true,
		"a\x00b":                true,
		"\x1b[31m":              true,
		"del\x7f":               true,
		"nel\u0085":             true,
		"\xc3":                  true, // half a character
		"\xed\xa0\x80":          true, // a surrogate
	} {
		if BadText(s) != bad {
			t.Errorf("BadText(%q) = %v", s, !bad)
		}
		if c := CleanText(s); BadText(c) {
			t.Errorf("CleanText(%q) = %q is still bad", s, c)
		}
	}
	if got := CleanText("前\xff\x00後\n\t"); got != "前後\n\t" {
		t.Errorf("CleanText: %q", got)
	}
	if got := Newlines("a\r\nb\rc\nd"); got != "a\nb\nc\nd" {
		t.Errorf("Newlines: %q", got)
	}
}

func TestStripBidi(t *testing.T) {
	for in, want := range map[string]string{
		"safe\u202Egnp.exe": "safegnp.exe",
		"\u2066名前\u2069":    "名前",
		"a\u202A\u202B\u202C\u202D\u200E\u200F\u061Cb\u2067\u2068": "ab",
		"مرحبا 日本": "مرحبا 日本", // right-to-left text itself stays
	} {
		if got := StripBidi(in); got != want {
			t.Errorf("StripBidi(%q) = %q, want %q", in, got, want)
		}
		// Line keeps them, and BadProse refuses them: never removed silently.
		if got := Line(" " + in + " "); got != in {
			t.Errorf("Line(%q) = %q", in, got)
		}
		if BadProse(in) != (in != want) {
			t.Errorf("BadProse(%q) = %v", in, BadProse(in))
		}
	}
}

func TestValidWebsite(t *testing.T) {
	for s, ok := range map[string]bool{
		"https://example.jp/":               true,
		"http://example.jp/path?q=1#frag":   true,
		"https://例え.jp/":                    true,
		"HTTPS://EXAMPLE.JP":                true,
		"javascript:alert(document.domain)": false,
		"JavaScript:alert(1)":               false,
		"data:text/html,<script>":           false,
		"//evil.example/":                   false,
		"ftp://example.jp/":                 false,
		"http://":                           false,
		"https:///path":                     false,
		"https://user:pw@example.jp/":       false,
		"https://bank.example@evil.example": false,
		"https://exa mple.jp/":              false,
		"https://example.jp/\x00":           false,
		"example.jp":                        false,
		"mailto:a@example.jp":               false,
		"http:example.jp":                   false,
	} {
		if ValidWebsite(s) != ok {
			t.Errorf("ValidWebsite(%q) = %v", s, !ok)
		}
		if got := SafeWebsite(s); (got != "") != ok {
			t.Errorf("SafeWebsite(%q) = %q", s, got)
		}
	}
	co := &Company{Slug: "co-1", Name: "会社", Prefecture: 21, Website: "javascript:alert(1)"}
	if ErrorFields(co.Validate())["website"] != ErrWebsite {
		t.Errorf("company: %v", co.Validate())
	}
	o := &Organization{Slug: "org-1", Name: "団体", Kind: OrgPartner, Website: "//evil.example"}
	if ErrorFields(o.Validate())["website"] != ErrWebsite {
		t.Errorf("organisation: %v", o.Validate())
	}
	o.Website = "https://example.jp/"
	if err := o.Validate(); err != nil {
		t.Errorf("organisation: %v", err)
	}
}
