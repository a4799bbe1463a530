package abtest

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"testing"
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
		fr, err := FisherExact(context.Background(), [2][2]int{{v[0], v[1]}, {v[2], v[3]}}, &Settings{Alternative: Alternative(e % 3)})
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
