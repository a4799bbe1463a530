// Package dense numbers the distinct keys of a stream 0, 1, 2, … in order
// of first appearance: the codes of a customer's (x, T), of a channel, of
// a label column, so that per-key state can live in slices and every
// result is in a deterministic order.
package dense

// Codes numbers keys in order of first appearance. The zero value is
// empty and ready to use. Not safe for concurrent use.
type Codes[K comparable] struct {
	// Keys holds the distinct keys, Keys[c] the key of code c; read it,
	// do not change it.
	Keys []K
	pos  map[K]int
}

// Code returns k's code, numbering k len(Keys) when it is new; added
// reports whether it was.
func (c *Codes[K]) Code(k K) (code int, added bool) {
	if j, ok := c.pos[k]; ok {
		return j, false
	}
	if c.pos == nil {
		c.pos = map[K]int{}
	}
	c.pos[k] = len(c.Keys)
	c.Keys = append(c.Keys, k)
	return len(c.Keys) - 1, true
}
