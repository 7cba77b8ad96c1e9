package service

import "net/netip"

// IPSubject returns the subject that per-IP limits count a client address
// ip under: an IPv4 address whole (an IPv4-mapped IPv6 address as its IPv4
// address), an IPv6 address by its /64, since one customer line gets a
// whole /64 and could otherwise change addresses at will. What does not
// parse as an address is returned as it is. Every per-IP throttle key is
// built from it; audit entries keep the full address.
func IPSubject(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
