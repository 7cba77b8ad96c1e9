package web

import (
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// Every field error of the project form names its field and the rule it
// broke (the bounds come with the error as furusato.Params), in one
// catalogue sentence per rule rather than one per field:
// 「募集人数は1〜50名の範囲で、数字で入力してください」.

// ruleKeys maps the domain's and the form's generic keys to the sentence
// that names the field (hosts.error.*).
var ruleKeys = func() map[string]string {
	m := map[string]string{"manage.error.number": "number", "manage.error.date": "date",
		furusato.ErrAmountWithoutReward: "amount_without_reward"}
	// The domain's generic keys ("error." + rule) have no catalogue entry
	// of their own: they are always worded here.
	for _, rule := range []string{"required", "too_long", "range", "invalid"} {
		m["error."+rule], m["manage.error."+rule] = rule, rule
	}
	return m
}()

// fieldMessage words the error key of field f (with its params) for the
// project form.
func fieldMessage(l *ui.Locale, f *mfield, key string, params furusato.Params) string {
	if m, ok := factMessage(l, f.Name, key); ok {
		return m // the facts' own sentences name their field and limit
	}
	args := []any{"Field", f.Label, "Unit", ""}
	if f.Kind == "number" {
		args[3] = l.T("hosts.unit." + f.Name)
	}
	for k, v := range params {
		args = append(args, k, paramText(l, k, v))
	}
	rule, ok := ruleKeys[key]
	switch {
	case !ok && strings.HasPrefix(key, "hosts."):
		return l.T(key, args...)
	case !ok:
		return manageMessage(l, f.Name, key)
	case rule == "too_long" && params["Max"] == nil, rule == "range" && params["Max"] == nil:
		return manageMessage(l, f.Name, key) // no bound to name
	case rule == "required" || rule == "invalid":
		switch f.Kind {
		case "checks":
			rule += "_checks"
		case "radios", "select":
			rule += "_choice"
		}
	}
	return l.T("hosts.error."+rule, args...)
}

// paramText is one value of an error's params as a message shows it:
// numbers with separators, dates in the page's language, another field
// by its label.
func paramText(l *ui.Locale, name string, v any) string {
	switch x := v.(type) {
	case int:
		return ui.Num(x)
	case furusato.Date:
		return l.Date(x)
	case string:
		if name == "Other" {
			return l.T("manage.field." + x)
		}
		return x
	}
	return ""
}
