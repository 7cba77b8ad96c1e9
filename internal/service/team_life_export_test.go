package service

// AddEndHookForTest registers h as an end hook of s, for tests outside
// the package (service.New fills the hooks otherwise).
func (s *Teams) AddEndHookForTest(h TeamEndHook) { s.onEnd = append(s.onEnd, h) }
