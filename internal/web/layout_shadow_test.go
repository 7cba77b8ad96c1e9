package web

import (
	"net/url"
	"testing"
)

// A page's own field named as one of the layout's (a form's Description,
// the version an edit form was read at) is not the site's: the layout
// showed the organisation's description as the page's meta description
// and the page's version as the site's in the footer.
func TestLayout_PagesFieldsDoNotShadowTheSites(t *testing.T) {
	s := adminSite(t)
	b := s.adminSignIn(t, "admin@demo.furusato.example")
	res, body := b.post("/admin/organizations", url.Values{"slug": {"shinshu-sato"}, "name": {"信州さとやま"}, "kind": {"coordinator"},
		"prefecture": {"20"}, "description": {"長野県の団体です。"}})
	redirected(t, "create", res, body, "/admin/organizations")
	body = b.adminGet("/admin/organizations/shinshu-sato/edit", 200)
	mustContain(t, "edit form", body, "長野県の団体です。", `<p class="footer-meta">ふるさと兼業 <span class="num">test</span></p>`)
	mustNotContain(t, "edit form", body, `<meta name="description"`)
	body = b.adminGet("/admin/pages/terms", 200)
	mustContain(t, "page form", body, `<p class="footer-meta">ふるさと兼業 <span class="num">test</span></p>`)
}
