package ui

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// The languages the site speaks; Japanese is the default.
const (
	DefaultLang = "ja"
	English     = "en"
)

// Langs lists the supported languages, the default first.
var Langs = []string{DefaultLang, English}

// Tags are the language tags of Langs, in the same order, for matching
// Accept-Language.
var Tags = []language.Tag{language.Japanese, language.English}

// jst is Japan Standard Time (furusato.JST); everything is shown in it.
var jst = furusato.JST

// Locale translates messages and formats dates and numbers for one
// language.
type Locale struct {
	Lang string // "ja" or "en", for <html lang>
	loc  *i18n.Localizer
	memo memo // the messages T has worded
	// layout is the layout's fixed words, escaped (layout_html.go); nil
	// for a Locale made elsewhere, which Render lays out by template.
	layout func() *layoutWords
}

// catalogue is the message catalogue, loaded once, for LocaleOf and every
// UI.
var catalogue = sync.OnceValues(loadLocales)

// LocaleOf returns the locale of lang ("ja" or "en"; anything else gets
// Japanese) outside a page, for text written elsewhere (e-mail), so that a
// word such as a stage name is written once, in the catalogue.
func LocaleOf(lang string) (*Locale, error) {
	ls, err := catalogue()
	if err != nil {
		return nil, err
	}
	if l, ok := ls[lang]; ok {
		return l, nil
	}
	return ls[DefaultLang], nil
}

func loadLocales() (map[string]*Locale, error) {
	bundle := i18n.NewBundle(language.Japanese)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	// One catalogue per area and language: ja.json and en.json for the
	// catalogue pages, AREA.ja.json and AREA.en.json for the others, so that
	// areas of the product grow without touching each other's files.
	for _, lang := range Langs {
		names, err := catalogueFiles(lang)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			b, err := fs.ReadFile(files, name)
			if err != nil {
				return nil, fmt.Errorf("ui: read %s: %w", name, err)
			}
			if _, err := bundle.ParseMessageFileBytes(b, name); err != nil {
				return nil, fmt.Errorf("ui: parse %s: %w", name, err)
			}
		}
	}
	ls := map[string]*Locale{}
	for _, lang := range Langs {
		l := &Locale{Lang: lang, loc: i18n.NewLocalizer(bundle, lang)}
		l.layout = sync.OnceValue(func() *layoutWords { return newLayoutWords(l) })
		ls[lang] = l
	}
	return ls, nil
}

// T returns the message id in l's language. args are name, value pairs for
// the message's template; a "Count" also chooses the plural form. A missing
// message is logged and shown as its id, so that tests notice it.
func (l *Locale) T(id string, args ...any) string {
	var buf [memoKeyMax]byte
	key, ok := memoKey(buf[:0], id, args)
	if ok {
		if s, hit := l.memo.get(key); hit {
			return s
		}
	}
	s, good := l.localize(id, args)
	if ok && good {
		l.memo.put(string(key), s)
	}
	return s
}

// localize words id with go-i18n; good is false when the message is
// missing or lacks a value.
func (l *Locale) localize(id string, args []any) (s string, good bool) {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(args) > 0 {
		data := make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			k, _ := args[i].(string)
			data[k] = args[i+1]
			if k == "Count" {
				cfg.PluralCount = args[i+1]
			}
		}
		cfg.TemplateData = data
	}
	s, err := l.loc.Localize(cfg)
	if err != nil && cfg.PluralCount != nil {
		// A message without plural forms takes a Count as plain data.
		cfg.PluralCount = nil
		s, err = l.loc.Localize(cfg)
	}
	if err != nil {
		slog.Warn("ui: missing message", "id", id, "lang", l.Lang, "err", err)
		return id, false
	}
	if strings.Contains(s, "<no value>") {
		// A caller forgot one of the message's values: say so once in the
		// log rather than only on the page.
		slog.Error("ui: message rendered without a value", "id", id, "lang", l.Lang)
		return s, false
	}
	return s, true
}

// English reports whether l is English.
func (l *Locale) English() bool { return l.Lang == English }

// Pick returns ja or en, whichever is l's language.
func (l *Locale) Pick(ja, en string) string {
	if l.Lang == English && en != "" {
		return en
	}
	return ja
}

var weekdaysJa = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// Date formats a day as 2026年11月24日(火), or Tue, 24 Nov 2026 in English.
// d is a time.Time (read in JST) or anything with Start() time.Time and
// IsZero() bool, such as a calendar date; zero gives "".
func (l *Locale) Date(d any) string {
	var t time.Time
	switch v := d.(type) {
	case time.Time:
		t = v
	case interface {
		Start() time.Time
		IsZero() bool
	}:
		if v.IsZero() {
			return ""
		}
		t = v.Start()
	default:
		return ""
	}
	if t.IsZero() {
		return ""
	}
	t = t.In(jst)
	if l.Lang == English {
		return t.Format("Mon, 2 Jan 2006")
	}
	return fmt.Sprintf("%d年%d月%d日(%s)", t.Year(), t.Month(), t.Day(), weekdaysJa[t.Weekday()])
}

// Month formats the month of a day as 2026年4月, or Apr 2026 in English.
func (l *Locale) Month(d any) string {
	v, ok := d.(interface {
		Start() time.Time
		IsZero() bool
	})
	if !ok || v.IsZero() {
		return ""
	}
	t := v.Start().In(jst)
	if l.Lang == English {
		return t.Format("Jan 2006")
	}
	return fmt.Sprintf("%d年%d月", t.Year(), t.Month())
}

// Num formats n with thousands separators: 12,345.
func Num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Yen formats an amount of money: 50,000円, or ¥50,000 in English.
func (l *Locale) Yen(n int) string {
	if l.Lang == English {
		return "¥" + Num(n)
	}
	return Num(n) + "円"
}

// MessageIDs returns the ids of the catalogue of lang, for tests that
// check every id used exists.
// It fails when two files of one language define the same id.
func MessageIDs(lang string) (map[string]bool, error) {
	names, err := catalogueFiles(lang)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, name := range names {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for k := range m {
			if ids[k] {
				return nil, fmt.Errorf("%s: message %q is defined twice", name, k)
			}
			ids[k] = true
		}
	}
	return ids, nil
}

// catalogueFiles returns the catalogue files of lang: LANG.json and every
// AREA.LANG.json.
func catalogueFiles(lang string) ([]string, error) {
	all, err := fs.Glob(files, "i18n/*.json")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, name := range all {
		base := strings.TrimPrefix(name, "i18n/")
		if base == lang+".json" || strings.HasSuffix(base, "."+lang+".json") {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("ui: no catalogue for %s", lang)
	}
	return names, nil
}
