// Package ui holds what the browser and the mail get from us: the HTML
// templates, the static files (one own stylesheet, a favicon) and the
// message catalogues in Japanese and English, all embedded in the binary,
// together with the template functions (translation, dates in JST, yen).
//
// It imports furusato (only for JST, so dates on pages and in mail read
// the same), go-i18n and golang.org/x/text/language; it knows nothing of
// the store, the services or HTTP routing: pages hand it typed view data.
package ui
