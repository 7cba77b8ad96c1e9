package store

import (
	"math/bits"
	"slices"
)

// MaxSetID is the largest project id an IDSet holds. Ids count up from 1
// (and SQLite's search keys keep them below 2^31 already), so a set of
// them is at most 4 bytes an id.
const MaxSetID = 1<<32 - 1

// IDSet is a set of project ids held in as few bytes as its size allows:
// a sorted list of 4-byte ids while it is sparse, or one bit per id up to
// the largest when that is smaller (more than one id in 32). A word that
// every one of 100,000 projects holds then takes 12.5 KB instead of the
// 800 KB of a []int64.
type IDSet struct {
	list []uint32 // sorted, unique; nil when bits is used
	bits []uint64 // bit id%64 of word id/64 set when id is in the set
	n    int
}

// NewIDSet returns the set of ids (which it sorts, and may keep).
func NewIDSet(ids []uint32) IDSet {
	if len(ids) == 0 {
		return IDSet{}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	top := uint64(ids[len(ids)-1])
	words := top/64 + 1
	if words*8 < uint64(len(ids))*4 {
		s := IDSet{bits: make([]uint64, words), n: len(ids)}
		for _, id := range ids {
			s.bits[id/64] |= 1 << (id % 64)
		}
		return s
	}
	if cap(ids) > len(ids)+len(ids)/8 {
		ids = slices.Clip(slices.Clone(ids)) // no spare room kept for long
	}
	return IDSet{list: ids, n: len(ids)}
}

// Len is how many ids the set holds.
func (s *IDSet) Len() int { return s.n }

// Bytes is what the set's arrays take.
func (s *IDSet) Bytes() int64 { return int64(cap(s.list))*4 + int64(cap(s.bits))*8 }

// Has reports whether id is in the set.
func (s *IDSet) Has(id int64) bool {
	if id < 0 || id > MaxSetID {
		return false
	}
	if s.bits != nil {
		w := uint64(id) / 64
		return w < uint64(len(s.bits)) && s.bits[w]&(1<<(uint64(id)%64)) != 0
	}
	_, ok := slices.BinarySearch(s.list, uint32(id))
	return ok
}

// Each calls fn with every id of the set in ascending order, until fn
// returns false.
func (s *IDSet) Each(fn func(id int64) bool) {
	if s.bits == nil {
		for _, id := range s.list {
			if !fn(int64(id)) {
				return
			}
		}
		return
	}
	for w, word := range s.bits {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			if !fn(int64(w)*64 + int64(b)) {
				return
			}
			word &= word - 1
		}
	}
}

// IDs returns the set's ids in ascending order (tests, and callers that
// need a slice).
func (s *IDSet) IDs() []int64 {
	out := make([]int64, 0, s.n)
	s.Each(func(id int64) bool { out = append(out, id); return true })
	return out
}
