package furusato

// Cover is the cover image of a project: Key is the common prefix of its
// JPEG variants ("cover/<hash>"; "" for none), Width and Height the size of
// the largest one.
type Cover struct {
	Key           string
	Width, Height int
}
