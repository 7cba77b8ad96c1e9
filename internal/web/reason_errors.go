package web

import (
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// reasonError words the error of a cancel reason (an interview's, a team
// meeting's) labelled label: the form could not be read (ferr: a whole
// form too large, or text refused as it was read), the text holds
// characters that cannot be used, or it is longer than MaxReason
// (longKey). A hostile reason used to be told it was too long.
func reasonError(l *ui.Locale, label, longKey string, ferr, err error) string {
	if ferr != nil {
		if key := furusato.ErrorFields(ferr)[bodyField]; key != "" {
			return l.T(key)
		}
		return ruleMessage(l, label, kindInput, furusato.ErrBadText, nil)
	}
	if furusato.ErrorFields(err)["reason"] == furusato.ErrBadText {
		return ruleMessage(l, label, kindInput, furusato.ErrBadText, nil)
	}
	return l.T(longKey, "Max", ui.Num(furusato.MaxReason))
}
