package abtest

import (
	"fmt"
	"iter"
	"math"

	"github.com/cxkit/cxkit/internal/addall"
	"github.com/cxkit/cxkit/internal/summary"
)

// Summary is a mergeable one-pass accumulator of a sample's count N, mean
// and M2 = Σ(x − mean)² (Welford 1962; Chan, Golub & LeVeque 1979 for
// Merge). The zero value is an empty summary ready to use; Add includes one
// value, Merge combines shards exactly, and Variance returns M2/(N − 1). It
// is not safe for concurrent use: give each goroutine its own and Merge
// them. [Describe] summarises a slice in one fast pass.
//
// JSON keys: n, mean, m2.
type Summary struct {
	N    int     // number of values
	Mean float64 // their mean (0 when N = 0)
	M2   float64 // Σ(x − Mean)², ≥ 0
}

func (s Summary) internal() summary.Summary { return summary.Summary{N: s.N, Mean: s.Mean, M2: s.M2} }

func fromSummary(s summary.Summary) Summary { return Summary{N: s.N, Mean: s.Mean, M2: s.M2} }

// Add includes one value. A NaN or ±Inf is an error wrapping ErrNonFinite
// and leaves s unchanged.
func (s *Summary) Add(x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return inputErr(ErrNonFinite, "x", -1, x)
	}
	if s.N == math.MaxInt {
		return fmt.Errorf("%w: summary count", ErrTooLarge)
	}
	in := s.internal()
	in.Add(x)
	*s = fromSummary(in)
	return nil
}

// AddAll includes every value of seq, stopping at the first NaN or ±Inf,
// whose 0-based position the *InputError reports (the values before it are
// included).
func (s *Summary) AddAll(seq iter.Seq[float64]) error {
	return addall.Seq(seq, s.Add, atIndex)
}

// Merge includes every value summarised by o. A summary (o or s itself)
// that no sequence of values can produce (N < 0, a NaN or infinite Mean or
// M2, M2 < 0, or N = 0 with a nonzero Mean or M2) is an error, as is a
// total count that overflows; s is then unchanged.
func (s *Summary) Merge(o Summary) error {
	if err := mergeable("summary", s.check("receiver"), o.check("summary"), s.N, o.N); err != nil {
		return err
	}
	in := s.internal()
	in.Merge(o.internal())
	*s = fromSummary(in)
	return nil
}

// mergeable returns the first error of a Merge of two summaries of kind
// what: the receiver's state (recv), the other's (other), or a total
// count n + on that overflows (ErrTooLarge).
func mergeable(what string, recv, other error, n, on int) error {
	switch {
	case recv != nil:
		return recv
	case other != nil:
		return other
	case n > math.MaxInt-on:
		return fmt.Errorf("%w: %s count %d + %d", ErrTooLarge, what, n, on)
	}
	return nil
}

// check validates a summary's state.
func (s Summary) check(arg string) error {
	switch {
	case s.N < 0:
		return inputErr(ErrNegative, arg+".n", -1, s.N)
	case math.IsNaN(s.Mean) || math.IsInf(s.Mean, 0):
		return inputErr(ErrNonFinite, arg+".mean", -1, s.Mean)
	case math.IsNaN(s.M2) || math.IsInf(s.M2, 0):
		return inputErr(ErrNonFinite, arg+".m2", -1, s.M2)
	case s.M2 < 0:
		return inputErr(ErrNegative, arg+".m2", -1, s.M2)
	case s.N == 0 && (s.Mean != 0 || s.M2 != 0):
		return inputErr(fmt.Errorf("%w: an empty summary has mean and m2 0", ErrOutOfRange), arg+".mean", -1, s.Mean)
	}
	return nil
}

// Variance returns the sample variance M2/(N − 1), or NaN when N < 2.
func (s Summary) Variance() float64 { return s.internal().Variance() }

// StdDev returns the sample standard deviation, or NaN when N < 2.
func (s Summary) StdDev() float64 { return s.internal().StdDev() }

// NewSummary returns the Summary of a sample known only by its size n, mean
// and sample standard deviation sd (divisor n − 1), as published in a report.
//
// Errors: n < 1 (ErrEmpty), a NaN or infinite mean or sd (ErrNonFinite), a
// negative sd (ErrNegative), sd²·(n − 1) beyond float64 (ErrOutOfRange).
func NewSummary(n int, mean, sd float64) (Summary, error) {
	switch {
	case n < 1:
		return Summary{}, fmt.Errorf("%w: n = %d", ErrEmpty, n)
	case math.IsNaN(mean) || math.IsInf(mean, 0):
		return Summary{}, inputErr(ErrNonFinite, "mean", -1, mean)
	case math.IsNaN(sd) || math.IsInf(sd, 0):
		return Summary{}, inputErr(ErrNonFinite, "sd", -1, sd)
	case sd < 0:
		return Summary{}, inputErr(ErrNegative, "sd", -1, sd)
	}
	m2 := sd * sd * float64(n-1)
	if math.IsInf(m2, 0) {
		return Summary{}, inputErr(fmt.Errorf("%w: sd²·(n − 1) overflows", ErrOutOfRange), "sd", -1, sd)
	}
	return Summary{N: n, Mean: mean, M2: m2}, nil
}

// Describe returns the Summary of xs in one pass, or an *InputError naming
// the index of the first NaN or ±Inf (ErrNonFinite). An empty xs gives
// ErrEmpty.
//
// The pass sums the values and their squares after subtracting a shift
// (the mean of the first few values), with eight independent accumulators
// so that the loop runs at memory speed; shifting keeps the cancellation
// error of Σ(x − s)² − n(x̄ − s)² at the level of Welford's update for
// data whose mean is not many standard deviations from the shift.
func Describe(xs []float64) (Summary, error) {
	if len(xs) == 0 {
		return Summary{}, fmt.Errorf("%w: x is empty", ErrEmpty)
	}
	s, ok := describe(xs)
	if !ok {
		if err := checkFinite("x", xs); err != nil {
			return Summary{}, err
		}
		// Finite values whose squares overflow: fall back to the two-pass
		// summary, which may still overflow to +Inf M2 for |x| ≳ 1e154.
		s = fromSummary(summary.Of(xs))
	}
	return s, nil
}

// describe is the unchecked one-pass kernel of Describe. ok is false when
// a sum is not finite (a NaN or ±Inf in xs, or overflow).
func describe(xs []float64) (Summary, bool) {
	n := len(xs)
	// Shift by the mean of up to 16 leading values.
	m := min(n, 16)
	var shift float64
	for _, x := range xs[:m] {
		shift += x
	}
	shift /= float64(m)
	var s0, s1, s2, s3, s4, s5, s6, s7 float64
	var q0, q1, q2, q3, q4, q5, q6, q7 float64
	i := 0
	for ; i+8 <= n; i += 8 {
		v := xs[i : i+8 : i+8]
		d0, d1, d2, d3 := v[0]-shift, v[1]-shift, v[2]-shift, v[3]-shift
		d4, d5, d6, d7 := v[4]-shift, v[5]-shift, v[6]-shift, v[7]-shift
		s0 += d0
		s1 += d1
		s2 += d2
		s3 += d3
		s4 += d4
		s5 += d5
		s6 += d6
		s7 += d7
		q0 += d0 * d0
		q1 += d1 * d1
		q2 += d2 * d2
		q3 += d3 * d3
		q4 += d4 * d4
		q5 += d5 * d5
		q6 += d6 * d6
		q7 += d7 * d7
	}
	for ; i < n; i++ {
		d := xs[i] - shift
		s0 += d
		q0 += d * d
	}
	sum := ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
	sq := ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7))
	if math.IsNaN(sum) || math.IsInf(sum, 0) || math.IsNaN(sq) || math.IsInf(sq, 0) {
		return Summary{}, false
	}
	fn := float64(n)
	dm := sum / fn
	m2 := math.Max(0, sq-sum*dm)
	return Summary{N: n, Mean: shift + dm, M2: m2}, true
}
