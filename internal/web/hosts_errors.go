package web

import (
	"strings"
	"time"

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
		furusato.ErrAmountWithoutReward: "amount_without_reward", furusato.ErrBadText: "bad_text"}
	// The domain's generic keys ("error." + rule) have no catalogue entry
	// of their own: they are always worded here.
	for _, rule := range []string{"required", "too_long", "too_many", "range", "invalid"} {
		m["error."+rule], m["manage.error."+rule] = rule, rule
	}
	return m
}()

// sentenceNames are the fields whose label reads badly as the subject of
// a sentence (「受け入れ担当者から」は…): their sentences name them by
// hosts.name.*.
var sentenceNames = map[string]bool{"host_intro": true}

// emptyIsZero are the number fields where 0 means "not stated" and the form
// shows it empty: their range sentence says "from 1 to N, or empty"
// (0 is accepted, so the domain's bound is 0).
var emptyIsZero = map[string]bool{"response_days": true}

// fieldMessage words the error key of field f (with its params) for the
// project form: the rule's sentence, told by the params which variant
// applies (a number with bounds, a value another field asks for, a limit
// for each item of a list).
func fieldMessage(l *ui.Locale, f *mfield, key string, params furusato.Params) string {
	name := f.Label
	if sentenceNames[f.Name] {
		name = l.T("hosts.name." + f.Name)
	}
	args := []any{"Field", name, "Unit", ""}
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
	case rule == "number" && params["Max"] != nil:
		rule = "range" // the bounds say more than "a number"
	case rule == "too_long" && params["Per"] != nil, rule == "too_many":
		if rule == "too_long" {
			rule = "too_long_each"
		}
		args = append(args, "Item", l.T("hosts.item."+f.Name), "Items", l.T("hosts.items."+f.Name))
	case rule == "too_long" && params["Max"] == nil, rule == "range" && params["Max"] == nil:
		return manageMessage(l, f.Name, key) // no bound to name
	case rule == "required" && params["Other"] != nil:
		rule = "required_with" // another field asks for this one
	}
	if rule == "range" && emptyIsZero[f.Name] {
		rule = "range_or_empty"
		args = append(args, "Min", ui.Num(1))
	}
	if rule == "required" || rule == "required_with" || rule == "invalid" {
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
	case int64:
		return ui.Num(int(x))
	case time.Duration:
		return boundDuration(l, x)
	case []string:
		return strings.Join(x, l.T("errs.list_sep"))
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

// boundDuration words d, a bound of a rule (a waiting time, a validity), in
// the largest whole unit: 「7日」「2時間」「15分」 / "7 days", "1 hour".
func boundDuration(l *ui.Locale, d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		n := int(d / (24 * time.Hour))
		return l.T("errs.days", "N", ui.Num(n), "Count", n)
	case d >= time.Hour && d%time.Hour == 0:
		n := int(d / time.Hour)
		return l.T("errs.hours", "N", ui.Num(n), "Count", n)
	}
	n := int((d + time.Minute - 1) / time.Minute)
	return l.T("errs.minutes", "N", ui.Num(n), "Count", n)
}
