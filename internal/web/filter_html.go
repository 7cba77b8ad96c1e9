package web

import (
	"bytes"
	"html/template"

	"github.com/furusato/furusato/internal/ui"
)

// options are the choices of one filter. The filter form lists 47
// prefectures and every theme on each list page; written by the template,
// their five actions each cost more than the twenty cards, so the
// checkboxes are written here (TestCheckboxes_AreTheTemplatesMarkup).
type options []option

// Checkboxes is the markup of os as checkboxes named name, each with the id
// prefix-value and its label.
func (os options) Checkboxes(prefix, name string) template.HTML {
	var b bytes.Buffer
	b.Grow(len(os) * 128)
	os.write(&b, prefix, name)
	return template.HTML(b.String())
}

func (os options) write(b *bytes.Buffer, prefix, name string) {
	for _, o := range os {
		b.WriteString(`<li><input type="checkbox" id="`)
		ui.WriteEsc(b, prefix)
		b.WriteByte('-')
		ui.WriteEsc(b, o.Value)
		b.WriteString(`" name="`)
		ui.WriteEsc(b, name)
		b.WriteString(`" value="`)
		ui.WriteEsc(b, o.Value)
		b.WriteByte('"')
		if o.Checked {
			b.WriteString(" checked")
		}
		b.WriteString(`><label for="`)
		ui.WriteEsc(b, prefix)
		b.WriteByte('-')
		ui.WriteEsc(b, o.Value)
		b.WriteString(`">`)
		ui.WriteEsc(b, o.Label)
		b.WriteString("</label></li>")
	}
}
