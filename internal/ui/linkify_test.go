package ui

import "testing"

func TestLinkify(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"こんにちは", "こんにちは"},
		{"一行目\n二行目\r\n三行目", "一行目<br>\n二行目<br>\n三行目"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"見てください https://example.jp/a?b=1&c=2 です",
			`見てください <a href="https://example.jp/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">https://example.jp/a?b=1&amp;c=2</a> です`},
		{"http://example.jp/資料を見てください", `<a href="http://example.jp/" rel="nofollow noopener noreferrer">http://example.jp/</a>資料を見てください`},
		{"詳しくは https://example.jp/x.", `詳しくは <a href="https://example.jp/x" rel="nofollow noopener noreferrer">https://example.jp/x</a>.`},
		{"(https://example.jp/x)", `(<a href="https://example.jp/x" rel="nofollow noopener noreferrer">https://example.jp/x</a>)`},
		{"https://en.wikipedia.org/wiki/Foo_(bar)", `<a href="https://en.wikipedia.org/wiki/Foo_(bar)" rel="nofollow noopener noreferrer">https://en.wikipedia.org/wiki/Foo_(bar)</a>`},
		{"javascript:alert(1)", "javascript:alert(1)"},
		{`<a href="javascript:alert(1)">x</a>`, "&lt;a href=&#34;javascript:alert(1)&#34;&gt;x&lt;/a&gt;"},
		{`https://example.jp/"onmouseover="alert(1)`,
			`<a href="https://example.jp/" rel="nofollow noopener noreferrer">https://example.jp/</a>&#34;onmouseover=&#34;alert(1)`},
		{"https://example.jp/'><img src=x onerror=alert(1)>",
			`<a href="https://example.jp/" rel="nofollow noopener noreferrer">https://example.jp/</a>&#39;&gt;&lt;img src=x onerror=alert(1)&gt;`},
		{"https://example.com/a(説明)", `<a href="https://example.com/a" rel="nofollow noopener noreferrer">https://example.com/a</a>(説明)`},
		{"https://example.com/a（説明）", `<a href="https://example.com/a" rel="nofollow noopener noreferrer">https://example.com/a</a>（説明）`},
		{"https://", "https://"},
		{"ftp://example.jp", "ftp://example.jp"},
	} {
		if got := string(Linkify(c.in)); got != c.want {
			t.Errorf("Linkify(%q)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}
