package e2e

import (
	"context"
	"strings"
	"unicode"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// sendKeys is chromedp.SendKeys for the journeys: it waits for the field sel
// to be visible and focuses it as SendKeys does, then puts each run of text in
// with one Input.insertText (as an input method commits text: beforeinput and
// input events, the value at the caret, maxlength kept) instead of three key
// events a character, each a round trip to the renderer (28 s for 43
// characters on this machine under load, against 1 s). The site's pages run
// no script, so key events prove nothing that the text does not. Enter ("\r",
// and "\n" as SendKeys takes it), Tab, Backspace and the other keys without
// text (kb.ArrowDown, …) are still pressed as keys.
func sendKeys[S chromedp.Selectable](sel S, v string, opts ...chromedp.QueryOption) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Focus(sel, append(opts, chromedp.NodeVisible)...),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			var text strings.Builder
			flush := func() error {
				if text.Len() == 0 {
					return nil
				}
				_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: text.String()})
				text.Reset()
				return err
			}
			for _, r := range v {
				if !isKeyPress(r) {
					text.WriteRune(r)
					continue
				}
				if err := flush(); err != nil {
					return err
				}
				if _, err := chromedp.KeyEvent(string(r))(ctx, t); err != nil {
					return err
				}
			}
			return flush()
		}),
	)
}

// isKeyPress reports whether sendKeys presses r as a key: what SendKeys
// sends without a "char" event (so, as there, without text: control
// characters, format characters such as U+202E, spaces other than U+0020)
// and chromedp's keys that carry no text.
func isKeyPress(r rune) bool {
	if !unicode.IsPrint(r) {
		return true
	}
	k, ok := kb.Keys[r]
	return ok && !k.Print
}
