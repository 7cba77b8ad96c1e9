package web

import (
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// Every form words a field error the same way (issue 11, item 6): the
// domain returns a rule key (error.required, error.too_long, error.range,
// …) with the rule's bounds as furusato.Params, and the
// page says it with the field's label, one catalogue sentence per rule
// (hosts.error.*, shared with the project form):
// 「志望動機は2,000文字以内で入力してください」 / "Why you want to join:
// use at most 2,000 characters". A form's own key (a sentence written for
// one field) is worded with the same values.

// Choice kinds of a field, for the rules whose sentence differs for a
// choice: 「…を選んでください」 instead of 「…を入力してください」.
const (
	kindInput  = ""
	kindChoice = "choice" // radios, a select
	kindChecks = "checks" // checkboxes
)

// genericRules maps the domain's generic keys ("error." + rule, which
// have no catalogue entry of their own) to their rule.
var genericRules = func() map[string]string {
	m := map[string]string{}
	for _, rule := range []string{"required", "too_long", "range", "invalid", "number", "date"} {
		m["error."+rule] = rule
	}
	return m
}()

// ruleMessage words key, the error of the field labelled label, with
// params (the rule's Min, Max, Unit; Other, a field it contradicts, given
// by its label).
func ruleMessage(l *ui.Locale, label, kind, key string, params furusato.Params) string {
	args := []any{"Field", label, "Unit", ""}
	for k, v := range params {
		args = append(args, k, paramText(l, "", v))
	}
	if key == furusato.ErrBadText {
		return l.T("hosts.error.bad_text", args...) // one sentence for the rule, every form
	}
	rule, ok := genericRules[key]
	if !ok {
		return l.T(key, args...)
	}
	switch {
	case (rule == "too_long" || rule == "range") && params["Max"] == nil:
		rule += "_unbounded" // no bound known: still name the field
	case rule == "required" || rule == "invalid":
		if kind != kindInput {
			rule += "_" + kind
		}
	}
	if strings.HasSuffix(rule, "_unbounded") {
		return l.T("errforms.error."+rule, args...)
	}
	return l.T("hosts.error."+rule, args...)
}

// fieldMessages gives a service's field error key a wording for one field,
// where the generic one would be vague ("field name" + " " + key → id).
var fieldMessages = map[string]string{
	"display_name error.required": "account.name_required",
	"display_name error.too_long": "account.name_too_long",
	"display_name error.invalid":  furusato.ErrBadText, // a line break: the same rule
	"email error.required":        "error.email",
}

// fieldError words the error key a service returned for the field name
// labelled label, with the error's params; the account keys that name
// their bounds themselves (passwords, a person's name) get them here.
func fieldError(l *ui.Locale, label, name, key string, params furusato.Params) string {
	if id, ok := fieldMessages[name+" "+key]; ok {
		key = id
	}
	p := furusato.Params{"MaxName": service.MaxDisplayRunes}
	if key == "error.password_short" || key == "error.password_long" {
		p["Min"], p["Max"] = service.MinPasswordRunes, service.MaxPasswordRunes
	}
	for k, v := range params {
		p[k] = v
	}
	return ruleMessage(l, label, kindInput, key, p)
}

// boundMessage is ruleMessage for a text field of at most max characters,
// for the forms whose errors do not carry the bound.
func boundMessage(l *ui.Locale, label, key string, max int) string {
	return ruleMessage(l, label, kindInput, key, furusato.Params{"Max": max})
}

// withUnit is params with the unit of a number (「時間」) its range names.
func withUnit(params furusato.Params, unit string) furusato.Params {
	p := furusato.Params{"Unit": unit}
	for k, v := range params {
		p[k] = v
	}
	return p
}

// choiceProblem is the summary line of a choice the form cannot have sent
// (a hidden value, a button's), where there is no field to go to: it names
// the field and lists the choices, 「役割は、次から選んでください：コーディネーター」 /
// "Role: choose one of: Coordinator".
func choiceProblem(l *ui.Locale, label string, choices ...string) problem {
	return choiceProblemOf(l, furusato.ErrChooseFrom, label, choices...)
}

// choiceProblemOf is choiceProblem worded by the catalogue key a service
// returned for the field (furusato.ErrChooseFrom, as a pick's).
func choiceProblemOf(l *ui.Locale, key, label string, choices ...string) problem {
	return problem{Text: l.T(key, "Field", label, "Choices", strings.Join(choices, l.T("errs.list_sep")))}
}
