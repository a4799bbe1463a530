package abtest

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/cxkit/cxkit/internal/wiretest"
)

// floats decodes raw bytes into float64 values: either full 8-byte bit
// patterns (NaN, ±Inf, subnormals, 1e308 all occur) or, when small is true,
// one byte each mapped to a small grid with many ties.
func floats(data []byte, small bool) []float64 {
	if small {
		xs := make([]float64, len(data))
		for i, b := range data {
			xs[i] = float64(int(b)%32-16) / 4
		}
		return xs
	}
	xs := make([]float64, len(data)/8)
	for i := range xs {
		xs[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	return xs
}

// split cuts xs at k (mod len+1).
func split(xs []float64, k uint16) ([]float64, []float64) {
	c := int(k) % (len(xs) + 1)
	return xs[:c], xs[c:]
}

func validP(t *testing.T, what string, p float64, defined bool) {
	t.Helper()
	if defined && !(p >= 0 && p <= 1) {
		t.Fatalf("%s: p = %v", what, p)
	}
	if !defined && !math.IsNaN(p) {
		t.Fatalf("%s: undefined result with p = %v", what, p)
	}
}

// checkErr fails unless err wraps one of the package's sentinels.
func checkErr(t *testing.T, err error) {
	t.Helper()
	for _, s := range []error{ErrEmpty, ErrNonFinite, ErrNegative, ErrOutOfRange, ErrLength, ErrLevel,
		ErrNotConverged, ErrTooFew, ErrTies, ErrTooLarge} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error without a sentinel: %v", err)
}

func FuzzTTest(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, uint16(4), true, uint8(0))
	f.Add(make([]byte, 64), uint16(3), false, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, k uint16, small bool, alt uint8) {
		x, y := split(floats(data, small), k)
		s := &Settings{Alternative: Alternative(alt % 3)}
		for _, run := range []func([]float64, []float64, *Settings) (TTestResult, error){WelchT, StudentT} {
			r, err := run(x, y, s)
			if err != nil {
				checkErr(t, err)
				continue
			}
			validP(t, "t", r.P, r.Defined)
			if r.Defined && !(r.CI.Lower <= r.Diff && r.Diff <= r.CI.Upper) {
				t.Fatalf("CI %v does not contain %v", r.CI, r.Diff)
			}
			q, err := run(y, x, s)
			if err != nil {
				t.Fatalf("swapped samples fail: %v", err)
			}
			if r.Defined != q.Defined {
				t.Fatalf("swap changes Defined")
			}
		}
	})
}

func FuzzMannWhitney(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, uint16(4), true, uint8(0), uint8(0))
	f.Add(make([]byte, 80), uint16(3), false, uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, k uint16, small bool, alt, method uint8) {
		x, y := split(floats(data, small), k)
		s := &MannWhitneySettings{Alternative: Alternative(alt % 3), Method: RankMethod(method % 3), Parallel: method&4 != 0}
		r, err := MannWhitney(x, y, s)
		if err != nil {
			checkErr(t, err)
			return
		}
		validP(t, "mwu", r.P, r.Defined)
		var u float64
		for _, a := range x {
			for _, b := range y {
				if b > a { // U is of the second sample
					u++
				} else if a == b {
					u += 0.5
				}
			}
		}
		if u != r.U {
			t.Fatalf("U = %v, pair count %v", r.U, u)
		}
	})
}

func FuzzCUPED(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, true)
	f.Add(make([]byte, 128), false)
	f.Fuzz(func(t *testing.T, data []byte, small bool) {
		xs := floats(data, small)
		q := len(xs) / 4
		r, err := CUPED(xs[:q], xs[q:2*q], xs[2*q:3*q], xs[3*q:4*q], nil)
		if err != nil {
			checkErr(t, err)
			return
		}
		validP(t, "unadjusted", r.Unadjusted.P, r.Unadjusted.Defined)
		validP(t, "adjusted", r.Adjusted.P, r.Adjusted.Defined)
	})
}

func FuzzRatio(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, uint16(6), true)
	f.Fuzz(func(t *testing.T, data []byte, k uint16, small bool) {
		xs := floats(data, small)
		h := len(xs) / 2
		num, den := xs[:h], xs[h:2*h]
		c := int(k) % (h + 1)
		a, err := DescribeRatio(num[:c], den[:c])
		if err != nil {
			checkErr(t, err)
			return
		}
		b, err := DescribeRatio(num[c:], den[c:])
		if err != nil {
			checkErr(t, err)
			return
		}
		r, err := RatioTest(a, b, nil)
		if err != nil {
			checkErr(t, err)
			return
		}
		validP(t, "ratio", r.P, r.Defined)
	})
}

func FuzzTables(f *testing.F) {
	f.Add(uint16(10), uint16(20), uint16(30), uint16(40), uint16(5), true)
	f.Fuzz(func(t *testing.T, a, b, c, d, e uint16, yates bool) {
		// Small counts keep the exact test fast; the signs come from e.
		v := []int{int(a % 300), int(b % 300), int(c % 300), int(d % 300)}
		if e%7 == 0 {
			v[e%4] = -v[e%4] - 1
		}
		ct, err := ChiSquareIndependence([][]int{{v[0], v[1], int(e % 50)}, {v[2], v[3], int(e % 3)}}, &ChiSquareSettings{Yates: yates})
		if err != nil {
			checkErr(t, err)
		} else {
			validP(t, "chi2", ct.P, ct.Defined)
		}
		fr, err := FisherExact(context.Background(), [2][2]int{{v[0], v[1]}, {v[2], v[3]}}, &FisherSettings{Alternative: Alternative(e % 3)})
		if err != nil {
			checkErr(t, err)
		} else if !(fr.P >= 0 && fr.P <= 1) || !(fr.CI.Lower <= fr.CI.Upper) && fr.Defined {
			t.Fatalf("fisher %+v", fr)
		}
		sr, err := SampleRatioMismatch(v, nil)
		if err != nil {
			checkErr(t, err)
		} else {
			validP(t, "srm", sr.P, sr.Defined)
		}
		tz, err := TwoProportionZ(Proportion{v[0], v[1]}, Proportion{v[2], v[3]}, nil)
		if err != nil {
			checkErr(t, err)
		} else {
			validP(t, "z", tz.P, tz.Defined)
		}
		bb, err := BetaBinomial(Proportion{v[0], v[0] + v[1]}, Proportion{v[2], v[2] + v[3]}, nil)
		if err != nil {
			checkErr(t, err)
		} else if !(bb.ProbBBeatsA >= 0 && bb.ProbBBeatsA <= 1) || math.Abs(bb.ProbBBeatsA+bb.ProbABeatsB-1) > 1e-8 {
			t.Fatalf("bayes %+v", bb)
		}
	})
}

// ints decodes raw bytes into int values over the whole int64 range
// (negative counts and counts near MaxInt occur).
func ints(data []byte) []int {
	xs := make([]int, len(data)/8)
	for i := range xs {
		xs[i] = int(int64(binary.LittleEndian.Uint64(data[8*i:])))
	}
	return xs
}

// smallish maps a count to a small one unless it is huge, so that the
// exact test stays fast while overflow and size guards are exercised.
func smallish(v int) int {
	if v > -1<<40 && v < 1<<40 {
		return v % 300
	}
	return v
}

func FuzzSampleRatioMismatch(f *testing.F) {
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}, []byte{}, false)
	f.Add(binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, math.MaxInt64), math.MaxInt64), []byte{}, true)
	f.Fuzz(func(t *testing.T, counts, weights []byte, useWeights bool) {
		observed := ints(counts)
		var w []float64
		if useWeights {
			w = floats(weights, len(weights)%8 != 0)
		}
		r, err := SampleRatioMismatch(observed, w)
		if err != nil {
			checkErr(t, err)
			return
		}
		validP(t, "srm", r.P, r.Defined)
		if r.N < 0 {
			t.Fatalf("N = %d", r.N)
		}
	})
}

func FuzzCounts(f *testing.F) {
	f.Add(int64(10), int64(90), int64(20), int64(80), uint8(0))
	f.Add(int64(math.MaxInt64), int64(1), int64(1), int64(math.MaxInt64), uint8(1))
	f.Add(int64(1<<41), int64(1<<41), int64(1<<41), int64(1<<41), uint8(2))
	f.Add(int64(-5), int64(0), int64(0), int64(0), uint8(3))
	f.Fuzz(func(t *testing.T, x1, n1, x2, n2 int64, k uint8) {
		a := Proportion{Successes: int(x1), Trials: int(n1)}
		b := Proportion{Successes: int(x2), Trials: int(n2)}
		alt := &Settings{Alternative: Alternative(k % 3)}
		if r, err := TwoProportionZ(a, b, alt); err != nil {
			checkErr(t, err)
		} else {
			validP(t, "z", r.P, r.Defined)
		}
		if _, err := RelativeLift(a, b, 0); err != nil {
			checkErr(t, err)
		}
		if r, err := BetaBinomial(a, b, nil); err != nil {
			checkErr(t, err)
		} else if !(r.ProbBBeatsA >= 0 && r.ProbBBeatsA <= 1) {
			t.Fatalf("P(B > A) = %v", r.ProbBBeatsA)
		}
		if iv, err := ProportionInterval(a, 0, IntervalMethod(k%7)); err != nil {
			checkErr(t, err)
		} else if !(iv.Lower <= iv.Upper) {
			t.Fatalf("interval %v", iv)
		}
		m := MSPRT{Tau2: 1e-4}
		if l, err := m.ObserveProportions(a, b); err != nil {
			checkErr(t, err)
		} else if !(l.P >= 0 && l.P <= 1) {
			t.Fatalf("look %+v", l)
		}
		if cs, err := CompareProportionsToControl(a, []Proportion{b}, nil); err != nil {
			checkErr(t, err)
		} else if cs[0].Defined && !(cs[0].Adjusted >= 0 && cs[0].Adjusted <= 1) {
			t.Fatalf("comparison %+v", cs[0])
		}
		// Tables: the raw values for chi-square (overflow must be an
		// error), small or huge ones for the exact test.
		if r, err := ChiSquareIndependence([][]int{{int(x1), int(n1)}, {int(x2), int(n2)}}, &ChiSquareSettings{Yates: k&1 == 0}); err != nil {
			checkErr(t, err)
		} else {
			validP(t, "chi2", r.P, r.Defined)
		}
		table := [2][2]int{{smallish(int(x1)), smallish(int(n1))}, {smallish(int(x2)), smallish(int(n2))}}
		if r, err := FisherExact(context.Background(), table, &FisherSettings{Alternative: alt.Alternative}); err != nil {
			checkErr(t, err)
		} else if !(r.P >= 0 && r.P <= 1) {
			t.Fatalf("fisher %+v", r)
		}
	})
}

func FuzzAccumulators(f *testing.F) {
	f.Add(int64(3), 1.0, 2.0, int64(4), 2.0, 1.0, 0.5, 1.0)
	f.Add(int64(-1), math.NaN(), -1.0, int64(math.MaxInt64), math.Inf(1), 0.0, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, n1 int64, mean1, m21 float64, n2 int64, mean2, m22, c, d float64) {
		s := Summary{N: int(n1), Mean: mean1, M2: m21}
		o := Summary{N: int(n2), Mean: mean2, M2: m22}
		if r, err := WelchTSummary(s, o, nil); err != nil {
			checkErr(t, err)
		} else {
			validP(t, "welch", r.P, r.Defined)
		}
		before := s
		if err := s.Merge(o); err != nil {
			checkErr(t, err)
			if !wiretest.Equal(s, before) {
				t.Fatalf("a failed Merge changed the state")
			}
		}
		_ = s.Add(c)
		m := MSPRT{Tau2: math.Abs(d) + 1e-6}
		if _, err := m.ObserveMeans(s, o); err != nil {
			checkErr(t, err)
		}
		r := RatioSummary{N: int(n1), MeanNum: mean1, MeanDen: mean2, M2Num: m21, M2Den: m22, CoMoment: c}
		q := RatioSummary{N: int(n2), MeanNum: mean2, MeanDen: mean1, M2Num: m22, M2Den: m21, CoMoment: d}
		if res, err := RatioTest(r, q, nil); err != nil {
			checkErr(t, err)
		} else {
			validP(t, "ratio", res.P, res.Defined)
		}
		if err := r.Merge(q); err != nil {
			checkErr(t, err)
		}
		_ = r.Add(c, d)
	})
}

func FuzzMSPRT(f *testing.F) {
	f.Add(0.0, 0.0, int64(0), int64(0), 0.0, 0.0, 0.0, 0.1, 0.01)
	f.Add(1e-4, 0.05, int64(3), int64(2), 0.5, -0.1, 0.2, 0.05, 1e-4)
	f.Add(math.Inf(1), math.NaN(), int64(-1), int64(5), 2.0, 1.0, -1.0, math.NaN(), -1.0)
	f.Fuzz(func(t *testing.T, tau2, alpha float64, looks, evidence int64, p, lo, hi, d, v float64) {
		m := MSPRT{Tau2: tau2, Alpha: alpha, Looks: int(looks), Evidence: int(evidence), P: p, CS: Interval{Lower: lo, Upper: hi}}
		_ = m.String()
		l, err := m.Observe(d, v)
		if err != nil {
			checkErr(t, err)
			return
		}
		if !(l.P >= 0 && l.P <= 1) || l.Reject && !(l.P <= 1) {
			t.Fatalf("look %+v from %+v", l, m)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back MSPRT
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("a state Observe wrote does not decode: %v\n%s", err, b)
		}
	})
}

func FuzzPower(f *testing.F) {
	f.Add(0.1, 0.12, 1000.0, 0.3, 0.0, 0.0, 0.0, uint8(0))
	f.Add(1e-300, 1-1e-16, 1e300, 1e-300, 1e-300, 1-1e-16, 1e300, uint8(7))
	f.Fuzz(func(t *testing.T, p1, p2, n1, d, alpha, power, ratio float64, k uint8) {
		s := &PowerSettings{Alpha: alpha, Power: power, Ratio: ratio, Alternative: Alternative(k % 3), Method: PowerMethod(k / 3 % 7)}
		if _, err := SampleSizeProportions(p1, p2, s); err != nil {
			checkErr(t, err)
		}
		if pw, err := PowerProportions(p1, p2, n1, s); err != nil {
			checkErr(t, err)
		} else if !(pw >= 0 && pw <= 1) {
			t.Fatalf("power %v", pw)
		}
		if _, err := MDEProportions(p1, n1, s); err != nil {
			checkErr(t, err)
		}
		if _, err := SampleSizeMeans(d, s); err != nil {
			checkErr(t, err)
		}
		if pw, err := PowerMeans(d, n1, s); err != nil {
			checkErr(t, err)
		} else if !(pw >= 0 && pw <= 1) {
			t.Fatalf("power %v", pw)
		}
		if _, err := MDEMeans(n1, s); err != nil {
			checkErr(t, err)
		}
	})
}
