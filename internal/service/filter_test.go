package service_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
)

// A query string of many values costs one pass: 150,000 different
// prefectures (about 1 MB) are refused at once, not compared with one
// another (that took half a minute of CPU); repeats of one value are fine.
func TestParseProjectFilter_ManyValuesAreRefusedAtOnce(t *testing.T) {
	vals := make([]string, 150_000)
	for i := range vals {
		vals[i] = strconv.Itoa(i)
	}
	for name, key := range map[string]string{"prefecture": "error.prefecture", "theme": "error.theme"} {
		start := time.Now()
		_, err := service.ParseProjectFilter(url.Values{name: {strings.Join(vals, ",")}})
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%s: %v for one query", name, took)
		}
		if furusato.ErrorCode(err) != furusato.EINVALID || furusato.ErrorFields(err)[name] != key {
			t.Errorf("%s: %v %v", name, err, furusato.ErrorFields(err))
		}
	}
	f, err := service.ParseProjectFilter(url.Values{"prefecture": {strings.Repeat("gifu,", 10_000) + "nagano"}})
	if err != nil || len(f.Prefectures) != 2 {
		t.Errorf("repeats of one value: %+v %v", f.Prefectures, err)
	}
}
