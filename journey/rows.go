package journey

import (
	"errors"
	"iter"
)

// errStop is what a row callback returns when the consumer of a Scan
// sequence stops early; it ends the read without being reported.
var errStop = errors.New("journey: sequence stopped by its consumer")

// rows turns a reader that calls emit for every row into the iter.Seq2 form
// of api.md §7: values one at a time, then at most one error, which ends the
// sequence. The read stops as soon as the consumer does.
func rows[T any](read func(emit func(T) error) error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		err := read(func(v T) error {
			if !yield(v, nil) {
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			var zero T
			yield(zero, err)
		}
	}
}

// collect gathers a Scan sequence into a slice; the first error is returned
// with a nil slice.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
