package furusato

import (
	"fmt"
	"sort"
	"strings"
)

// MsgCheckFields is the generic message of a field error for people, who
// see each field's own sentence beside it. The API replaces it with
// DescribeFields, since a client has no form to highlight.
const MsgCheckFields = "Please check the highlighted fields."

// DescribeFields words field errors in English for API clients, naming each
// field with its rule and bounds, in field order:
// "places must be from 1 to 50; title is required". fields maps a field
// to its catalogue key, params to its values (as FieldErrors collects).
func DescribeFields(fields map[string]string, params map[string]Params) string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = name + " " + describeRule(fields[name], params[name])
	}
	return strings.Join(parts, "; ")
}

// describeRule words one key with its params: the rule is the key's last
// segment ("hosts.error.places_below_matched" → places_below_matched).
func describeRule(key string, p Params) string {
	rule := key[strings.LastIndex(key, ".")+1:]
	lo, hasMin := p["Min"]
	hi, hasMax := p["Max"]
	other, _ := p["Other"].(string)
	if allowed, ok := p["Allowed"].([]string); ok {
		return "must be one of " + strings.Join(allowed, ", ")
	}
	switch rule {
	case "required":
		if other != "" {
			return "is required when " + other + " is set"
		}
		return "is required"
	case "too_long", "query_too_long":
		switch {
		case hasMax && p["Per"] != nil:
			return fmt.Sprintf("must have at most %v characters in each %v", paramString(hi), p["Per"])
		case hasMax:
			return fmt.Sprintf("must be at most %v characters", paramString(hi))
		}
		return "is too long"
	case "too_many":
		if hasMax {
			return fmt.Sprintf("must have at most %v items", paramString(hi))
		}
		return "has too many items"
	case "invalid":
		return "is not valid"
	case "bad_text":
		return "holds invalid UTF-8, a control character or a text-direction mark"
	case "unknown_field":
		return "is not a field of this body"
	case "unknown_param":
		return "is not a parameter of this route"
	case "repeated":
		return "is given more than once"
	case "date":
		return "must be a date as YYYY-MM-DD"
	case "amount_without_reward":
		return "must be 0 when " + other + " is none"
	case "places_below_matched":
		return fmt.Sprintf("must be at least %v, the people already matched", paramString(lo))
	}
	// Any other rule: its bounds, the field it contradicts, or its key.
	var s string
	_, isDate := hi.(Date)
	if _, ok := lo.(Date); ok {
		isDate = true
	}
	switch {
	case hasMin && hasMax:
		s = fmt.Sprintf("must be from %v to %v", paramString(lo), paramString(hi))
	case hasMax && isDate:
		s = fmt.Sprintf("must be on or before %v", paramString(hi))
	case hasMax:
		s = fmt.Sprintf("must be at most %v", paramString(hi))
	case hasMin && isDate:
		s = fmt.Sprintf("must be on or after %v", paramString(lo))
	case hasMin:
		s = fmt.Sprintf("must be at least %v", paramString(lo))
	case rule == "number":
		s = "must be a whole number"
	case rule == "range":
		s = "is out of range"
	default:
		s = "is not valid (" + key + ")"
	}
	if other != "" {
		s += " (see " + other + ")"
	}
	return s
}

// paramString is one param value as the API shows it: dates as
// YYYY-MM-DD, the rest as Go prints them.
func paramString(v any) string {
	if d, ok := v.(Date); ok {
		return d.String()
	}
	return fmt.Sprint(v)
}

// Text checks the text v of field name, the same keys for every form:
// BadText is error.bad_text, blank when required error.required, longer
// than max characters as people see them (TextLen) error.too_long with
// Max.
func (f *FieldErrors) Text(name, v string, max int, required bool) {
	switch {
	case BadProse(v):
		f.Add(name, ErrBadText)
	case required && strings.TrimSpace(v) == "":
		f.Add(name, "error.required")
	case TextLen(v) > max:
		f.Add(name, "error.too_long", "Max", max)
	}
}

// ParamsJSON returns params as an API sends them: names in lower case
// ("min", "max", "other") and dates as YYYY-MM-DD; nil when there are none.
func ParamsJSON(params map[string]Params) map[string]map[string]any {
	if len(params) == 0 {
		return nil
	}
	out := make(map[string]map[string]any, len(params))
	for field, p := range params {
		m := make(map[string]any, len(p))
		for k, v := range p {
			if d, ok := v.(Date); ok {
				v = d.String()
			}
			m[strings.ToLower(k)] = v
		}
		out[field] = m
	}
	return out
}
