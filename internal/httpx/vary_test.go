package httpx

import (
	"net/http"
	"slices"
	"testing"
)

// AddVary names each header once, whatever the layers before it added.
func TestAddVary(t *testing.T) {
	for _, c := range []struct {
		before []string
		add    []string
		want   []string
	}{
		{nil, []string{"Accept-Encoding"}, []string{"Accept-Encoding"}},
		{[]string{"Cookie"}, []string{"Accept-Language", "Cookie"}, []string{"Cookie", "Accept-Language"}},
		{[]string{"accept-language, cookie"}, []string{"Accept-Language", "Cookie"}, []string{"accept-language, cookie"}},
		{[]string{"Accept-Encoding"}, []string{"Accept-Language", "Cookie"}, []string{"Accept-Encoding", "Accept-Language, Cookie"}},
		{[]string{"*"}, []string{"Cookie"}, []string{"*"}},
	} {
		h := http.Header{}
		for _, v := range c.before {
			h.Add("Vary", v)
		}
		AddVary(h, c.add...)
		AddVary(h, c.add...) // a second layer adding the same adds nothing
		if got := h.Values("Vary"); !slices.Equal(got, c.want) {
			t.Errorf("Vary %q + %q = %q, want %q", c.before, c.add, got, c.want)
		}
	}
}
