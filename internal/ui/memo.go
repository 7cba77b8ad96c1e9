package ui

import (
	"strconv"
	"sync"
)

// The catalogue never changes once loaded, so the same message with the same
// values always reads the same; go-i18n's Localize costs about a microsecond
// and several allocations per call, and a list page calls T some two hundred
// times (labels on every card, days left, rewards). memo keeps what T has
// worded, by message id and values.
const (
	memoMax    = 4096 // messages kept per language; then T starts afresh
	memoKeyMax = 160  // longer keys (a long search, say) are not kept
)

type memo struct {
	mu sync.RWMutex
	m  map[string]string
}

func (m *memo) get(key []byte) (string, bool) {
	m.mu.RLock()
	s, ok := m.m[string(key)] // no allocation: the compiler looks up without copying
	m.mu.RUnlock()
	return s, ok
}

func (m *memo) put(key, s string) {
	m.mu.Lock()
	if m.m == nil || len(m.m) >= memoMax {
		m.m = make(map[string]string, 256) // bounded: forget all rather than track use
	}
	m.m[key] = s
	m.mu.Unlock()
}

// memoKey appends to b the key of message id with args: the id, then each
// name and value with its type (a Count of 1 and of "1" choose plural forms
// apart). ok is false when a value is of another type or the key is too long
// to keep.
func memoKey(b []byte, id string, args []any) (key []byte, ok bool) {
	b = append(b, id...)
	for _, a := range args {
		switch v := a.(type) {
		case string: // with its length: a value holding a NUL cannot pose as two
			b = append(b, 0, 's')
			b = strconv.AppendInt(b, int64(len(v)), 10)
			b = append(b, ':')
			b = append(b, v...)
		case int:
			b = append(b, 0, 'i')
			b = strconv.AppendInt(b, int64(v), 10)
		case int64:
			b = append(b, 0, 'l')
			b = strconv.AppendInt(b, v, 10)
		default:
			return nil, false
		}
		if len(b) > memoKeyMax {
			return nil, false
		}
	}
	return b, true
}
