package web

import (
	"html/template"
	"strings"
)

// options are the choices of one filter. The filter form lists 47
// prefectures and every theme on each list page; written by the template,
// their five actions each cost more than the twenty cards, so the
// checkboxes are written here (TestCheckboxes_AreTheTemplatesMarkup).
type options []option

// Checkboxes is the markup of os as checkboxes named name, each with the id
// prefix-value and its label.
func (os options) Checkboxes(prefix, name string) template.HTML {
	var b strings.Builder
	b.Grow(len(os) * 128)
	prefix, name = esc(prefix), esc(name)
	for _, o := range os {
		v := esc(o.Value)
		b.WriteString(`<li><input type="checkbox" id="` + prefix + "-" + v + `" name="` + name + `" value="` + v + `"`)
		if o.Checked {
			b.WriteString(" checked")
		}
		b.WriteString(`><label for="` + prefix + "-" + v + `">`)
		b.WriteString(esc(o.Label))
		b.WriteString("</label></li>")
	}
	return template.HTML(b.String())
}
