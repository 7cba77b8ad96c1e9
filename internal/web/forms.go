package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// maxFormRunes is the most text a form holds with every field at its
// limit: the project form (title, catch copy, five long texts, city).
const maxFormRunes = furusato.MaxTitle + furusato.MaxCatchCopy + 5*furusato.MaxLongText + furusato.MaxCity

// maxFormBytes bounds the body of a form post. It is sized from the field
// limits: a Japanese character is 9 bytes percent-encoded (%E3%81%82), and
// twice the largest form's text fits, so that a field typed far past its
// limit (10,000 characters where 2,000 are allowed) still comes back in
// its form with the limit beside it, rather than being lost. 64 KiB more
// carries the short fields. Uploads have their own limit.
const maxFormBytes = 2*9*maxFormRunes + 64<<10

// bodyField is the field name of an error about the whole form (too large,
// unreadable); applyErrors shows it in the summary, without a link.
const bodyField = "_form"

// field is one labelled input of a form, worded in the page's language.
type field struct {
	L            *ui.Locale
	ID, Name     string
	Type         string // text, email, password
	Label, Hint  string
	Error        string // the message beside the field, "" when fine
	Value        string // what was typed (never shown for passwords)
	Autocomplete string
	Inputmode    string
	Optional     bool // 「任意」 instead of 「必須」
}

// Described is the aria-describedby of the input: its hint and its error.
func (f field) Described() string {
	s := ""
	if f.Hint != "" {
		s = f.ID + "-hint"
	}
	if f.Error != "" {
		if s != "" {
			s += " "
		}
		s += f.ID + "-error"
	}
	return s
}

// hidden is a hidden input.
type hidden struct{ Name, Value string }

// form is a POST form: its fields and one submit button (a verb).
type form struct {
	Action    string
	Submit    string
	Secondary bool // the button is secondary (another is the page's primary)
	Hidden    []hidden
	Fields    []field
	// ButtonID names the button, for a summary link to it; Error is the
	// message beside it, for a choice the form holds in a hidden field
	// (there is no field to go to: the button sends the choice again).
	ButtonID string
	Error    string
	L        *ui.Locale // for the hidden 「エラー：」 of Error
}

// link is an entry of a page's link list.
type link struct{ URL, Text string }

// jaLink is a link whose words quote what people wrote (a project's title,
// a name), marked for English pages by ui.Locale.JaIn.
type jaLink struct {
	URL  string
	Text template.HTML
}

// formPage is a page that is mostly one form: sign up, sign in, forgotten
// password, new password, or a message with links (a link that no longer
// works).
type formPage struct {
	ui.Base
	Problems []problem
	Intro    []string
	Form     *form
	Links    []link
}

// applyErrors puts the per-field errors of err beside the fields of fs
// (service field name → form field), and returns the error summary, in the
// order of the fields. rename maps a service field name to the form's
// field name where they differ. An error without fields (a rate limit)
// becomes one line without a link.
func applyErrors(l *ui.Locale, err error, rename map[string]string, fs ...*form) []problem {
	errs, params := map[string]string{}, map[string]furusato.Params{}
	all := furusato.ErrorParams(err)
	for name, key := range furusato.ErrorFields(err) {
		p := all[name]
		if n, ok := rename[name]; ok {
			name = n
		}
		errs[name], params[name] = key, p
	}
	var ps []problem
	for _, f := range fs {
		for i := range f.Fields {
			fd := &f.Fields[i]
			if key, ok := errs[fd.Name]; ok {
				fd.Error = fieldError(l, fd.Label, fd.Name, key, params[fd.Name])
				ps = append(ps, problem{Text: fd.Error, Anchor: fd.ID})
				delete(errs, fd.Name)
			}
		}
	}
	ps = append(ps, wholeFormProblems(l, errs)...)
	if len(ps) == 0 || len(errs) > 0 {
		key := "error.generic"
		if furusato.ErrorCode(err) == furusato.ERATELIMIT {
			key = "error.rate_limited"
		}
		ps = append(ps, problem{Text: l.T(key)})
	}
	return ps
}

// wholeFormProblems takes out of errs, the field errors no field of the
// page showed, those that say something of their own: the form as a whole
// (too large, unreadable) and characters that cannot be used in a field
// without a message of its own (a text area). Each becomes one summary
// line without a link.
func wholeFormProblems(l *ui.Locale, errs map[string]string) []problem {
	var ps []problem
	if key, ok := errs[bodyField]; ok {
		ps = append(ps, problem{Text: l.T(key)})
		delete(errs, bodyField)
	}
	bad := false
	for name, key := range errs {
		if key == furusato.ErrBadText {
			bad = true
			delete(errs, name)
		}
	}
	if bad {
		ps = append(ps, problem{Text: l.T(furusato.ErrBadText)})
	}
	return ps
}

// inputError reports whether err is about what was typed, so that the
// form comes back with it beside its fields (or, without a field, above
// them): bad input (EINVALID), a rate limit, and any refusal the service
// tied to a field (a taken address, the sign-in form's EUNAUTHORIZED, a
// prefecture outside a coordinator's region). Anything else is fail's: a
// refusal without a field (a session that ended, a missing permission)
// gets its page, whatever the form.
func inputError(err error) bool {
	switch furusato.ErrorCode(err) {
	case "", furusato.EINTERNAL:
		return false
	case furusato.EINVALID, furusato.ERATELIMIT:
		return true
	}
	return furusato.ErrorFields(err) != nil
}

// formError is inputError or a conflict: for the forms that show a
// conflict (a newer version saved meanwhile) above their fields, keeping
// what was typed. The page's status is errorStatus(err).
func formError(err error) bool {
	return inputError(err) || furusato.ErrorCode(err) == furusato.ECONFLICT
}

// parseForm reads a posted form of bounded size and checks its text at the
// edge, for every form: a value holding invalid UTF-8 or a control
// character (tab and line ends aside) is refused with ErrBadText on its
// field, and given back cleaned, so that a form shown again with the error
// echoes nothing harmful and keeps the rest of what was typed. Line ends
// become LF. A body over maxFormBytes or one that cannot be parsed is an
// error on bodyField. Every error is EINVALID with Fields, so handlers show
// their form again with it as they do with a service's field errors.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	fields := map[string]string{}
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fields[bodyField] = "error.form_too_large"
		} else {
			fields[bodyField] = "error.generic"
		}
	}
	for _, vals := range []url.Values{r.PostForm, r.Form} {
		for name, vs := range vals {
			if furusato.BadText(name) {
				delete(vals, name)
				fields[bodyField] = furusato.ErrBadText
				continue
			}
			for i, v := range vs {
				if furusato.BadText(v) {
					fields[name] = furusato.ErrBadText
					v = furusato.CleanText(v)
				}
				vs[i] = furusato.Newlines(v)
			}
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &furusato.Error{Code: furusato.EINVALID, Message: "The form could not be read, or holds characters that cannot be used.", Fields: fields}
}
