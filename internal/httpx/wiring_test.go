package httpx

import "testing"

func TestMissingService_NamesTheFirstNilField(t *testing.T) {
	one := 1
	type services struct {
		A *int
		B any
		C *int
	}
	for _, tc := range []struct {
		s    services
		want string
	}{
		{services{&one, "b", &one}, ""},
		{services{nil, "b", &one}, "A"},
		{services{&one, nil, &one}, "B"},
		{services{&one, "b", nil}, "C"},
	} {
		if got := MissingService(tc.s); got != tc.want {
			t.Errorf("MissingService(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
