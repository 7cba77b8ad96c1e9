package furusato

import (
	"strings"
	"testing"
)

func TestContact_Validate(t *testing.T) {
	for _, ok := range []Contact{{}, {Email: "info@furusato.example.jp"}, {URL: "https://furusato.example.jp/form"},
		{Email: "info@furusato.example.jp", URL: "http://forms.example.jp/a?b=c"}} {
		if err := ok.Validate(); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	for name, bad := range map[string]Contact{
		"named address":      {Email: "事務局 <info@example.jp>"},
		"not an address":     {Email: "info"},
		"two addresses":      {Email: "a@example.jp, b@example.jp"},
		"relative URL":       {URL: "/pages/contact"},
		"script URL":         {URL: "javascript:alert(1)"},
		"URL with a space":   {URL: "https://example.jp/a b"},
		"NUL":                {Email: "a\x00@example.jp"},
		"invalid UTF-8":      {URL: "https://example.jp/\xff"},
		"10,000 characters":  {URL: "https://example.jp/" + strings.Repeat("a", 10000)},
		"bidi in an address": {Email: "a\u202e@example.jp"},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%s: %+v accepted", name, bad)
		}
	}
	if !(Contact{}).IsZero() || (Contact{Email: "a@example.jp"}).IsZero() {
		t.Error("IsZero")
	}
}
