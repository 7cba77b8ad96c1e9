package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/httpx"
)

func mustProxies(t *testing.T, s string) *httpx.Proxies {
	t.Helper()
	p, err := httpx.ParseProxies(s)
	if err != nil {
		t.Fatalf("ParseProxies(%q): %v", s, err)
	}
	return p
}

func TestProxies_ClientIP(t *testing.T) {
	tests := []struct {
		name    string
		trusted string
		remote  string
		xff     []string // one X-Forwarded-For header line each
		want    string
	}{
		{"no proxies, no header", "", "203.0.113.7:5555", nil, "203.0.113.7"},
		{"untrusted peer ignores XFF", "", "203.0.113.7:5555", []string{"198.51.100.1"}, "203.0.113.7"},
		{"untrusted peer with trusted list ignores XFF", "10.0.0.0/8", "203.0.113.7:5555", []string{"198.51.100.1"}, "203.0.113.7"},
		{"nil proxies", "-", "203.0.113.7:5555", []string{"198.51.100.1"}, "203.0.113.7"},
		{"trusted peer, one hop", "10.0.0.1", "10.0.0.1:443", []string{"198.51.100.1"}, "198.51.100.1"},
		{"trusted peer, spoofed left hops ignored", "10.0.0.1", "10.0.0.1:443", []string{"1.1.1.1, 6.6.6.6, 198.51.100.1"}, "198.51.100.1"},
		{"chain of trusted proxies", "10.0.0.0/8, 192.168.1.5", "10.0.0.1:443", []string{"6.6.6.6, 198.51.100.1, 192.168.1.5, 10.2.3.4"}, "198.51.100.1"},
		{"chain over several header lines", "10.0.0.0/8", "10.0.0.1:443", []string{"6.6.6.6", "198.51.100.1", "10.9.9.9"}, "198.51.100.1"},
		{"trusted peer, no XFF", "10.0.0.0/8", "10.0.0.1:443", nil, "10.0.0.1"},
		{"trusted peer, empty XFF", "10.0.0.0/8", "10.0.0.1:443", []string{""}, "10.0.0.1"},
		{"all hops trusted", "10.0.0.0/8", "10.0.0.1:443", []string{"10.1.1.1, 10.2.2.2"}, "10.0.0.1"},
		{"garbage right-most hop", "10.0.0.0/8", "10.0.0.1:443", []string{"198.51.100.1, not-an-ip"}, "10.0.0.1"},
		{"garbage behind a valid hop", "10.0.0.0/8", "10.0.0.1:443", []string{"<script>, 198.51.100.1"}, "198.51.100.1"},
		{"hop with spaces", "10.0.0.0/8", "10.0.0.1:443", []string{"  198.51.100.1  "}, "198.51.100.1"},
		{"IPv6 peer untrusted", "10.0.0.0/8", "[2001:db8::7]:5555", []string{"198.51.100.1"}, "2001:db8::7"},
		{"IPv6 trusted proxy, IPv6 client", "2001:db8:aa::/48", "[2001:db8:aa::1]:443", []string{"2001:db8:ff::42"}, "2001:db8:ff::42"},
		{"IPv6 trusted proxy, IPv4 client", "2001:db8:aa::/48", "[2001:db8:aa::1]:443", []string{"198.51.100.1"}, "198.51.100.1"},
		{"IPv4-mapped peer matches IPv4 prefix", "10.0.0.0/8", "[::ffff:10.0.0.1]:443", []string{"198.51.100.1"}, "198.51.100.1"},
		{"IPv4-mapped hop reported as IPv4", "10.0.0.0/8", "10.0.0.1:443", []string{"::ffff:198.51.100.1"}, "198.51.100.1"},
		{"IPv4-mapped trusted hop skipped", "10.0.0.0/8", "10.0.0.1:443", []string{"198.51.100.1, ::ffff:10.3.3.3"}, "198.51.100.1"},
		{"remote without port", "", "203.0.113.7", nil, "203.0.113.7"},
		{"unparseable remote", "10.0.0.0/8", "@pipe", []string{"198.51.100.1"}, "@pipe"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p *httpx.Proxies
			if tc.trusted != "-" {
				p = mustProxies(t, tc.trusted)
			}
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := p.ClientIP(r); got != tc.want {
				t.Errorf("ClientIP = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseProxies_Errors(t *testing.T) {
	for _, s := range []string{"10.0.0.0/33", "not-an-ip", "10.0.0.1, bogus", "2001:db8::/129", "10.0.0/8", "/8", "10.0.0.1/"} {
		p, err := httpx.ParseProxies(s)
		if err == nil {
			t.Errorf("ParseProxies(%q) = %v, want an error", s, p)
			continue
		}
		if !strings.Contains(err.Error(), "trusted proxy") {
			t.Errorf("ParseProxies(%q) error %q does not say what was wrong", s, err)
		}
	}
}

func TestParseProxies_AcceptsAndMasks(t *testing.T) {
	// 10.1.2.3/8 is read as 10.0.0.0/8; empty items and spaces are fine.
	p := mustProxies(t, " 10.1.2.3/8 ,, 192.0.2.1 ,2001:db8::1 ")
	for remote, trusted := range map[string]bool{
		"10.200.0.1:1":        true,
		"192.0.2.1:1":         true,
		"192.0.2.2:1":         false,
		"[2001:db8::1]:1":     true,
		"[2001:db8::2]:1":     false,
		"11.0.0.1:1":          false,
		"[::ffff:10.0.0.9]:1": true,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", "198.51.100.1")
		if got := p.ClientIP(r) == "198.51.100.1"; got != trusted {
			t.Errorf("peer %s trusted = %v, want %v", remote, got, trusted)
		}
	}
	if empty := mustProxies(t, ""); empty == nil {
		t.Error("ParseProxies(\"\") = nil, want an empty list")
	}
}
