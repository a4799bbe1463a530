// Package summary holds a one-pass, mergeable accumulator of the count, mean
// and sum of squared deviations of a sample (Welford 1962; the pairwise merge
// of Chan, Golub & LeVeque 1979), so that means and variances can be computed
// in a stream or in shards and combined exactly.
package summary

import "math"

// Summary accumulates n, the mean and M2 = Σ(x − mean)². The zero value is
// an empty summary ready for use. It is not safe for concurrent use; give each
// goroutine its own and Merge them.
type Summary struct {
	N    int
	Mean float64
	M2   float64
}

// Add includes one observation.
func (s *Summary) Add(x float64) {
	s.N++
	d := x - s.Mean
	s.Mean += d / float64(s.N)
	s.M2 += d * (x - s.Mean)
}

// Merge includes every observation summarised by o.
func (s *Summary) Merge(o Summary) {
	if o.N == 0 {
		return
	}
	if s.N == 0 {
		*s = o
		return
	}
	n := s.N + o.N
	d := o.Mean - s.Mean
	s.M2 += o.M2 + d*d*float64(s.N)*float64(o.N)/float64(n)
	s.Mean += d * float64(o.N) / float64(n)
	s.N = n
}

// Variance returns the sample variance M2/(n − 1), or NaN when n < 2.
func (s Summary) Variance() float64 {
	if s.N < 2 {
		return math.NaN()
	}
	return s.M2 / float64(s.N-1)
}

// StdDev returns the sample standard deviation, or NaN when n < 2.
func (s Summary) StdDev() float64 { return math.Sqrt(s.Variance()) }

// Of returns the summary of xs, computed with a two-pass mean for accuracy.
func Of(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{}
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	var m2, comp float64
	for _, x := range xs {
		d := x - mean
		m2 += d * d
		comp += d
	}
	// The compensation term corrects the rounding error of the mean.
	m2 -= comp * comp / float64(len(xs))
	return Summary{N: len(xs), Mean: mean + comp/float64(len(xs)), M2: m2}
}
