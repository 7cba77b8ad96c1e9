// Package ui holds what the browser and the mail get from us: the HTML
// templates, the static files (one own stylesheet, a favicon) and the
// message catalogues in Japanese and English, all embedded in the binary,
// together with the template functions (translation, dates in JST, yen).
//
// It imports only the standard library, go-i18n and golang.org/x/text; it
// knows nothing of the domain, the store or HTTP routing.
package ui
