package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// maxFormBytes bounds the body of a form post.
const maxFormBytes = 64 << 10

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
	Optional     bool // 「※任意」 instead of 「※必須」
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
}

// link is an entry of a page's link list.
type link struct{ URL, Text string }

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

// fieldMessages gives a service's field error key a wording for one field,
// where the generic one would be vague ("field name" + " " + key → id).
var fieldMessages = map[string]string{
	"display_name error.required": "account.name_required",
	"display_name error.too_long": "account.name_too_long",
	"display_name error.invalid":  "account.name_invalid",
	"email error.required":        "error.email",
}

// fieldError words the error key a service returned for field.
func fieldError(l *ui.Locale, name, key string) string {
	if id, ok := fieldMessages[name+" "+key]; ok {
		key = id
	}
	return l.T(key, "Min", service.MinPasswordRunes, "Max", service.MaxPasswordRunes, "MaxName", service.MaxDisplayRunes)
}

// applyErrors puts the per-field errors of err beside the fields of fs
// (service field name → form field), and returns the error summary, in the
// order of the fields. rename maps a service field name to the form's
// field name where they differ. An error without fields (a rate limit)
// becomes one line without a link.
func applyErrors(l *ui.Locale, err error, rename map[string]string, fs ...*form) []problem {
	errs := map[string]string{}
	for name, key := range furusato.ErrorFields(err) {
		if n, ok := rename[name]; ok {
			name = n
		}
		errs[name] = key
	}
	var ps []problem
	for _, f := range fs {
		for i := range f.Fields {
			fd := &f.Fields[i]
			if key, ok := errs[fd.Name]; ok {
				fd.Error = fieldError(l, fd.Name, key)
				ps = append(ps, problem{Text: fd.Error, Anchor: fd.ID})
				delete(errs, fd.Name)
			}
		}
	}
	if len(ps) == 0 || len(errs) > 0 {
		key := "error.generic"
		if furusato.ErrorCode(err) == furusato.ERATELIMIT {
			key = "error.rate_limited"
		}
		ps = append(ps, problem{Text: l.T(key)})
	}
	return ps
}

// formErrorStatus is the status of a form page shown again with errors.
func formErrorStatus(err error) int {
	switch furusato.ErrorCode(err) {
	case furusato.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case furusato.ERATELIMIT:
		return http.StatusTooManyRequests
	case furusato.ECONFLICT:
		return http.StatusConflict
	}
	return http.StatusBadRequest
}

// formError reports whether err is one a form shows beside its fields
// (rather than an error page).
func formError(err error) bool {
	switch furusato.ErrorCode(err) {
	case furusato.EINVALID, furusato.EUNAUTHORIZED, furusato.ERATELIMIT, furusato.ECONFLICT:
		return true
	}
	return false
}

// parseForm reads a posted form of bounded size.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return furusato.Errorf(furusato.EINVALID, "The form could not be read.")
	}
	return nil
}
