package api

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
)

// Field-error keys of the message catalogue used for query parameters.
const (
	errUnknownParam = "error.unknown_param"
	errInvalid      = "error.invalid"
	errRange        = "error.range"
	errRepeated     = "error.repeated"
)

// params reads query parameters, collecting one error per bad parameter so
// that a client learns of all its mistakes at once. An empty value counts
// as absent, as HTML forms send them.
type params struct {
	q      url.Values
	fields furusato.FieldErrors
}

func newParams(q url.Values) *params { return &params{q: q} }

// bad records key for name with its params (pairs of name and value),
// unless name has an error already.
func (p *params) bad(name, key string, kv ...any) { p.fields.Add(name, key, kv...) }

// err returns the collected errors as one EINVALID, or nil.
func (p *params) err() error {
	if len(p.fields.Fields) == 0 {
		return nil
	}
	return invalidWith("Invalid query parameter", p.fields)
}

// one returns the single value of name ("" when absent or empty); a
// parameter given twice is an error.
func (p *params) one(name string) string {
	vs := p.q[name]
	if len(vs) > 1 {
		p.bad(name, errRepeated)
		return ""
	}
	if len(vs) == 0 {
		return ""
	}
	return strings.TrimSpace(vs[0])
}

// choice reads one of allowed ("" when absent).
func (p *params) choice(name string, allowed ...string) string {
	v := p.one(name)
	if v == "" {
		return ""
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	p.bad(name, errInvalid)
	return ""
}

// number reads a decimal integer in [lo, hi], def when absent.
func (p *params) number(name string, def, lo, hi int) int {
	v := p.one(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		p.bad(name, errInvalid)
		return def
	}
	if n < lo || n > hi {
		p.bad(name, errRange, "Min", lo, "Max", hi)
		return def
	}
	return n
}

// listQuery is a parsed GET /api/v1/projects query.
type listQuery struct {
	filter  furusato.ProjectFilter
	page    int
	perPage int
}

// parseListQuery checks every listing parameter and builds the filter with
// the parser the pages use too. Unknown parameters are refused before
// this, by the route table.
func parseListQuery(q url.Values) (listQuery, error) {
	f, err := service.ParseProjectFilter(q)
	if err != nil {
		return listQuery{}, described(err)
	}
	page, perPage := service.PageOf(f)
	return listQuery{filter: f, page: page, perPage: perPage}, nil
}

// feedQuery is a parsed /feed.atom query.
type feedQuery struct {
	prefectures []int
	themes      []string
}

func parseFeedQuery(q url.Values) (feedQuery, error) {
	f, err := service.ParseProjectFilter(q)
	if err != nil {
		return feedQuery{}, described(err)
	}
	return feedQuery{prefectures: f.Prefectures, themes: f.Themes}, nil
}

// described is err, the catalogue's refusal of query parameters, with a
// message that names each parameter, its rule and its bounds or allowed
// values, as the API's other field errors have ("Invalid query parameter:
// page must be from 1 to 1000."). Other errors are returned as they are.
func described(err error) error {
	fields := furusato.ErrorFields(err)
	if furusato.ErrorCode(err) != furusato.EINVALID || len(fields) == 0 {
		return err
	}
	return invalidWith("Invalid query parameter", furusato.FieldErrors{Fields: fields, Params: furusato.ErrorParams(err)})
}
