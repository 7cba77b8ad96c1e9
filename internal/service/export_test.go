package service

// HoldIndexLoads makes every listing index load of c wait until release is
// called, as a slow load of a large catalogue would.
func HoldIndexLoads(c *Catalogue) (release func()) {
	gate := make(chan struct{})
	c.cache.beforeLoad = func() { <-gate }
	return func() { close(gate) }
}
