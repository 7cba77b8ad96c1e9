package testkit

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/chromedp/chromedp"
)

// axeVerdicts holds the violations that axe-core found on each document
// CheckA11y has checked in this process, by checkKey. The app's pages run no
// scripts of their own, so a document that journeys reach again (the top
// page, a project page, the same demo person's My page) is the same document,
// and so is its verdict.
var axeVerdicts struct {
	mu         sync.Mutex
	byKey      map[[sha256.Size]byte][]AxeViolation
	runs, hits atomic.Int64
}

// pageState is everything on the current page that axe-core's verdict can
// depend on, as one string: the whole markup and the doctype, the state of
// every form field (typed text, ticks, choices), the style sheets' rules, the
// viewport, the media features that emulation changes, the language, the
// scroll position and which element has the focus. The page's own origin
// (http://127.0.0.1:port, and encoded) is taken out of the markup, so that the
// same page of two test servers is the same document.
const pageState = `(() => {
	const d = document, o = location.origin, oe = encodeURIComponent(o);
	const strip = s => String(s).split(o).join('').split(oe).join('');
	const fields = Array.from(d.querySelectorAll('input, textarea, select'), f =>
		f.type === 'checkbox' || f.type === 'radio' ? String(f.checked) :
		f.tagName === 'SELECT' ? Array.from(f.selectedOptions, x => x.value).join('\n') : strip(f.value));
	const sheets = Array.from(d.styleSheets, s => {
		try { return Array.from(s.cssRules, r => r.cssText).join('\n'); } catch (_) { return 'unreadable ' + s.href; }
	});
	const media = ['(hover: none)', '(pointer: coarse)', '(orientation: portrait)', '(prefers-reduced-motion: reduce)',
		'(prefers-color-scheme: dark)', '(forced-colors: active)', '(prefers-contrast: more)'].map(q => matchMedia(q).matches);
	return JSON.stringify([
		d.doctype ? d.doctype.name + ' ' + d.doctype.publicId + ' ' + d.doctype.systemId : '', d.compatMode, location.protocol,
		strip(d.documentElement.outerHTML), fields, sheets, media,
		innerWidth, innerHeight, outerWidth, outerHeight, devicePixelRatio, scrollX, scrollY, navigator.language,
		Array.prototype.indexOf.call(d.getElementsByTagName('*'), d.activeElement),
		Array.from(d.querySelectorAll('iframe, frame, object, embed')).length,
	]);
})()`

// checkKey is the key of the current document of ctx for axeVerdicts: a
// digest of the axe-core source, the options it runs with and pageState.
func (b *Browser) checkKey(ctx context.Context) ([sha256.Size]byte, error) {
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](pageState))
	if err != nil {
		return [sha256.Size]byte{}, fmt.Errorf("testkit: reading the page: %w", err)
	}
	h := sha256.New()
	for _, s := range []string{b.axeJS, axeRun, state} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k, nil
}

// checkedAxe returns the violations on the current page of ctx: those of
// the same document checked before, or else RunAxe's. A verdict is kept only
// when the document was the same before and after the run.
func (b *Browser) checkedAxe(ctx context.Context) ([]AxeViolation, error) {
	before, err := b.checkKey(ctx)
	if err != nil {
		return nil, err
	}
	axeVerdicts.mu.Lock()
	vs, ok := axeVerdicts.byKey[before]
	axeVerdicts.mu.Unlock()
	if ok {
		axeVerdicts.hits.Add(1)
		return vs, nil
	}
	vs, err = b.RunAxe(ctx)
	if err != nil {
		return nil, err
	}
	axeVerdicts.runs.Add(1)
	if after, err := b.checkKey(ctx); err == nil && after == before {
		axeVerdicts.mu.Lock()
		if axeVerdicts.byKey == nil {
			axeVerdicts.byKey = map[[sha256.Size]byte][]AxeViolation{}
		}
		axeVerdicts.byKey[before] = vs
		axeVerdicts.mu.Unlock()
	}
	return vs, nil
}

// AxeChecks returns how many times CheckA11y ran axe-core in this process, and
// how many documents it found already checked.
func AxeChecks() (runs, reused int64) {
	return axeVerdicts.runs.Load(), axeVerdicts.hits.Load()
}
