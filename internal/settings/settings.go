// Package settings holds the one rule every cxkit call applies to its
// *Settings argument (api.md §3): a nil pointer means all defaults, and a
// zero field means that field's default.
package settings

// Of returns the settings s points at, or the zero value, every field at
// its documented default, when s is nil. The caller then replaces the zero
// fields by their defaults and checks the rest.
func Of[T any](s *T) T {
	if s == nil {
		var zero T
		return zero
	}
	return *s
}
