package httpx

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the reverse proxies whose X-Forwarded-For is believed.
type Proxies struct {
	prefixes []netip.Prefix
}

// ParseProxies parses a comma-separated list of addresses or CIDR prefixes.
func ParseProxies(s string) (*Proxies, error) {
	p := &Proxies{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
			}
			p.prefixes = append(p.prefixes, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		pre, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
		}
		p.prefixes = append(p.prefixes, pre.Masked())
	}
	return p, nil
}

func (p *Proxies) trusted(a netip.Addr) bool {
	if p == nil {
		return false
	}
	for _, pre := range p.prefixes {
		if pre.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// ClientIP returns the address of the client: the connection's peer, or,
// when that peer is a trusted proxy, the right-most X-Forwarded-For entry
// that is not itself a trusted proxy.
func (p *Proxies) ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !p.trusted(peer) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !p.trusted(a) {
			return a.Unmap().String()
		}
	}
	return host
}
