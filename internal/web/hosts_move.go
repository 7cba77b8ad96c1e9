package web

import (
	"net/http"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// The move form's letter follows the move chosen, without script: no move
// is preselected, and the default letter is "the chosen move's template",
// composed by the server when the form is sent. A letter typed by hand is
// sent as typed, unless it is word for word the template of another move
// (a page left open after choosing again): that is refused beside the box.

// The letter choices of the move form (the radio "letter").
const (
	letterTemplate = "template" // the chosen move's template, composed on send
	letterOwn      = "own"      // the text in the box
	letterNone     = "none"     // no message
)

// moveLetter is one move's template, shown for reference under the form.
type moveLetter struct {
	Label, Text string
}

// letterChoice is one radio of the letter group.
type letterChoice struct {
	ID, Value, Label string
	Checked          bool
}

// letterChoices are the radios of the letter group with chosen checked.
func letterChoices(l *ui.Locale, chosen string) []letterChoice {
	var out []letterChoice
	for _, v := range []string{letterTemplate, letterOwn, letterNone} {
		out = append(out, letterChoice{ID: "letter-" + v, Value: v, Label: l.T("hosts.move.letter_" + v), Checked: v == chosen})
	}
	return out
}

// sameLetter compares two letters as a person sees them: line ends and
// the spaces around lines do not count.
func sameLetter(a, b string) bool {
	norm := func(s string) string {
		lines := strings.Split(furusato.Newlines(s), "\n")
		for i, line := range lines {
			lines[i] = strings.TrimSpace(line)
		}
		return strings.TrimSpace(strings.Join(lines, "\n"))
	}
	return norm(a) == norm(b)
}

// letterFor is the message to send for a move to to: the template, the
// text typed, or none, as letter asks. A hand-typed letter that is the
// template of another possible move returns that move (the wrong letter),
// and an empty one with letter "own" returns ok false.
func letterFor(l *ui.Locale, e *furusato.Entry, moves []furusato.Stage, to furusato.Stage, letter, message, sender string) (msg string, other furusato.Stage, ok bool) {
	switch letter {
	case letterTemplate:
		if !to.Valid() {
			return "", "", true // the move is refused first
		}
		return moveMessage(l, e, to, sender), "", true
	case letterNone:
		return "", "", true
	}
	if strings.TrimSpace(message) == "" {
		return "", "", letter != letterOwn
	}
	for _, m := range append([]furusato.Stage{furusato.StageSubmitted}, moves...) {
		if m != to && sameLetter(message, moveMessage(l, e, m, sender)) {
			return message, m, true
		}
	}
	return message, "", true
}

// letterError puts the letter's error beside the message box of p.
func (p *hostEntryPage) letterError(l *ui.Locale, key string, args ...any) {
	p.Message.Error = l.T(key, args...)
	p.Problems = append(p.Problems, problem{Text: p.Message.Error, Anchor: "message"})
	p.ErrorTitle = true
}

// moveLetterRefused answers a move whose letter does not fit it, with the
// form as sent (nothing moved, nothing sent).
func (h *Handler) moveLetterRefused(w http.ResponseWriter, p hostEntryPage, l *ui.Locale, to, other furusato.Stage) error {
	if other != "" {
		p.letterError(l, "hosts.error.letter_other_stage", "Move", l.T("entries.move."+string(other)), "Chosen", l.T("entries.move."+string(to)))
	} else {
		p.letterError(l, "hosts.error.letter_empty")
	}
	return h.render(w, http.StatusBadRequest, "entry_manage", p)
}
