package service_test

import (
	"testing"

	"github.com/furusato/furusato/internal/service"
)

// An IPv4 client is its own subject; every IPv6 address of one /64 (what
// one customer line gets) is the same subject; what does not parse stays
// as it is.
func TestIPSubject_IPv4WholeIPv6By64(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"203.0.113.7", "203.0.113.7"},
		{"::ffff:203.0.113.7", "203.0.113.7"},
		{"2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"},
		{"2001:db8:1:2::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"", ""},
		{"pipe", "pipe"},
	} {
		if got := service.IPSubject(c.in); got != c.want {
			t.Errorf("IPSubject(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
