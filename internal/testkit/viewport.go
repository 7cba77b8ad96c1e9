package testkit

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// narrowestWindow is the narrowest window Chromium opens for a tab after the
// first: a browser started WithWindowSize(375, 740) would otherwise open
// its tabs 500 px wide.
const narrowestWindow = 500

// narrowViewport returns the emulation that makes a tab as wide as a window
// narrower than Chromium opens (a phone's: touch, portrait, honouring
// <meta name="viewport">, as Phone does), or nil for a window it opens as is.
func narrowViewport(cfg browserConfig) chromedp.Action[chromedp.Void] {
	if cfg.width >= narrowestWindow {
		return nil
	}
	return chromedp.EmulateViewport(int64(cfg.width), int64(cfg.height), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
}

// PageWidth returns the page's window.innerWidth in the tab of ctx and the
// elements (tag#id.class) whose right edge lies past x CSS pixels, outermost
// first, at most 10. (A phone's page that does not fit may widen its
// viewport to its content, so x is the width it should have had.)
func PageWidth(ctx context.Context, x int) (width int, wider []string, err error) {
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`((w) => {
		const out = [];
		for (const el of document.body.querySelectorAll('*')) {
			if (out.length >= 10) break;
			if (el.getBoundingClientRect().right <= w + 0.5) continue;
			if (out.some(o => o.el.contains(el))) continue;
			let name = el.localName + (el.id ? '#' + el.id : '');
			for (const c of el.classList) name += '.' + c;
			out.push({el, name});
		}
		return [window.innerWidth, out.map(o => o.name)];
	})(`+strconv.Itoa(x)+`)`))
	if err != nil {
		return 0, nil, err
	}
	if len(got) == 2 {
		if f, ok := got[0].(float64); ok {
			width = int(f)
		}
		if names, ok := got[1].([]any); ok {
			for _, n := range names {
				s, _ := n.(string)
				wider = append(wider, s)
			}
		}
	}
	return width, wider, nil
}

// CheckWidth fails t unless the page in the tab of ctx is want CSS pixels
// wide (window.innerWidth) and nothing on it reaches past that width: a
// phone check at a phone's width, whose layout fits it.
func CheckWidth(t testing.TB, ctx context.Context, want int) {
	t.Helper()
	w, wider, err := PageWidth(ctx, want)
	if err != nil {
		t.Fatalf("testkit: the width of %s: %v", location(ctx), err)
	}
	if w != want {
		t.Errorf("%s: innerWidth %d, want %d", location(ctx), w, want)
	}
	if len(wider) > 0 {
		t.Errorf("%s: reaching past %d px: %v", location(ctx), want, wider)
	}
}
