package segment

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/cxkit/cxkit/journey"
)

// FuzzBuildRFM decodes a purchase log from bytes (customer, day offset,
// amount per 4-byte record) and checks that BuildRFM never panics and that
// a successful result is internally consistent.
func FuzzBuildRFM(f *testing.F) {
	f.Add([]byte{1, 2, 30, 0, 1, 5, 40, 0, 2, 9, 10, 0}, int8(0))
	f.Add([]byte{0, 0, 0, 0}, int8(-3))
	f.Add([]byte{255, 255, 255, 255, 7, 1, 0, 200}, int8(100))
	f.Fuzz(func(t *testing.T, data []byte, shift int8) {
		base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		asOf := base.AddDate(0, 0, 200+int(shift))
		var log []journey.Purchase
		for i := 0; i+4 <= len(data) && len(log) < 200; i += 4 {
			amount := float64(int8(data[i+2])) + float64(data[i+3])/100
			if data[i+3] == 255 {
				amount = math.NaN()
			}
			log = append(log, journey.Purchase{
				Customer: string(rune('a' + data[i]%7)),
				Time:     base.Add(time.Duration(data[i+1]) * 23 * time.Hour),
				Amount:   amount,
			})
		}
		rows, err := BuildRFM(context.Background(), log, asOf)
		if err != nil {
			return
		}
		n := 0
		for i, r := range rows {
			n += r.Frequency
			if r.Recency < 1 || r.Frequency < 1 || r.Days < 1 || r.Days > r.Frequency || r.Monetary < 0 {
				t.Fatalf("row %d: %+v", i, r)
			}
			for _, s := range []int{r.R, r.F, r.M} {
				if s < 1 || s > 5 {
					t.Fatalf("row %d: score out of range %+v", i, r)
				}
			}
			if r.Segment != SegmentOf(r.R, r.F) || r.Segment == Unscored {
				t.Fatalf("row %d: segment %v", i, r.Segment)
			}
			if i > 0 && CompareCustomers(rows[i-1].Customer, r.Customer) >= 0 {
				t.Fatalf("rows not in customer order at %d", i)
			}
		}
		if n > len(log) {
			t.Fatalf("%d purchases counted from %d", n, len(log))
		}
	})
}

// fuzzData decodes a data set of at most 64 points of 1..9 features from
// data (int16 / 64 values, 0x7fff meaning +Inf) and, when mode is odd,
// weights 0..3 (minus 1 when mode ≥ 128: some negative).
func fuzzData(data []byte, dim, mode uint8) (Matrix, []float64) {
	d := int(dim%9) + 1
	n := min(len(data)/2/d, 64)
	x := Matrix{Rows: n, Cols: d, Data: make([]float64, n*d)}
	for i := range x.Data {
		v := binary.LittleEndian.Uint16(data[2*i:])
		x.Data[i] = float64(int16(v)) / 64
		if v == 0x7fff {
			x.Data[i] = math.Inf(1)
		}
	}
	var w []float64
	if mode&1 == 1 && n > 0 {
		w = make([]float64, n)
		for i := range w {
			w[i] = float64(data[i%len(data)]%4) - float64(mode>>7)
		}
	}
	return x, w
}

// FuzzFit decodes a small data set from bytes and checks that Fit never
// panics, that Hamerly and Lloyd agree, and that a result is consistent.
func FuzzFit(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, uint8(2), uint8(2), uint8(0))
	f.Add([]byte{0, 0, 0, 0, 0, 0}, uint8(1), uint8(3), uint8(1))
	f.Add([]byte{0, 0, 0, 0, 0, 255, 1, 2, 3}, uint8(3), uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, dim, k, mode uint8) {
		x, w := fuzzData(data, dim, mode)
		n := x.Rows
		km := KMeans{K: int(k%6) - 1 + 1, Restarts: 2, MaxIter: int(mode%5) + 1, Weights: w, Init: Init(mode % 3 % 2), Src: rand.NewPCG(1, uint64(mode))}
		if mode&4 != 0 {
			km.Strict = true
		}
		res, err := km.Fit(context.Background(), x)
		km.Algorithm = Lloyd
		km.Src = rand.NewPCG(1, uint64(mode)) // the same seeds as the first fit
		res2, err2 := km.Fit(context.Background(), x)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("Hamerly error %v, Lloyd error %v", err, err2)
		}
		if err != nil {
			return
		}
		if res.Inertia != res2.Inertia || res.Iterations != res2.Iterations {
			t.Fatalf("Hamerly %v/%d, Lloyd %v/%d", res.Inertia, res.Iterations, res2.Inertia, res2.Iterations)
		}
		if math.IsNaN(res.Inertia) || res.Inertia < 0 || len(res.Labels) != n {
			t.Fatalf("bad result %+v", res)
		}
		for i, l := range res.Labels {
			if l < 0 || l >= km.K || l != res2.Labels[i] {
				t.Fatalf("label %d = %d (Lloyd %d)", i, l, res2.Labels[i])
			}
		}
		for _, v := range res.Centers.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite centre %v", res.Centers.Data)
			}
		}
		if km.K >= 2 && km.K < n {
			_, _ = Silhouette(context.Background(), x, res.Labels, nil)
			_, _ = CalinskiHarabasz(x, res.Labels)
			_, _ = DaviesBouldin(context.Background(), x, res.Labels)
		}
	})
}

// fuzzInts decodes small signed integers from data, with a few huge ones.
func fuzzInts(data []byte, n int) []int {
	out := make([]int, 0, n)
	for i := 0; i < n && i < len(data); i++ {
		v := int(int8(data[i]))
		switch data[i] {
		case 0x7f:
			v = 1 << 40
		case 0x80:
			v = math.MinInt
		case 0x7e:
			v = math.MaxInt
		}
		out = append(out, v)
	}
	return out
}

// fuzzFloats decodes floats from data, with NaN, ±Inf and huge values.
func fuzzFloats(data []byte, n int) []float64 {
	out := make([]float64, 0, n)
	for i := 0; i < n && i < len(data); i++ {
		v := float64(int8(data[i])) / 4
		switch data[i] {
		case 0x7f:
			v = math.NaN()
		case 0x7e:
			v = math.Inf(1)
		case 0x80:
			v = -1e300
		case 0x81:
			v = 1e300
		}
		out = append(out, v)
	}
	return out
}

// FuzzMigrate checks that Migrate never panics or allocates a matrix for a
// huge segment number, and that its counts add up.
func FuzzMigrate(f *testing.F) {
	f.Add([]byte{0, 1, 2, 1}, []byte{1, 1, 0})
	f.Add([]byte{0x7f}, []byte{})
	f.Add([]byte{0x80, 3}, []byte{0x7e})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		toMap := func(vals []int, offset int) map[string]int {
			m := map[string]int{}
			for i, v := range vals {
				m[string(rune('a'+(i+offset)%26))] = v
			}
			return m
		}
		before, after := toMap(fuzzInts(a, 40), 0), toMap(fuzzInts(b, 40), 3)
		mg, err := Migrate(before, after)
		if err != nil {
			return
		}
		total, lost, added := 0, 0, 0
		for x := range mg.Counts {
			for y := range mg.Counts[x] {
				total += mg.Counts[x][y]
				_ = mg.Rate(x, y)
			}
			lost += mg.Lost[x]
			added += mg.New[x]
		}
		if total+lost != len(before) || total+added != len(after) || mg.Segments > MaxSegments {
			t.Fatalf("inconsistent migration %+v for %v → %v", mg, before, after)
		}
		_ = mg.Rate(-1, 0)
		_ = mg.Rate(mg.Segments, 0)
	})
}

// FuzzLabels feeds labels, revenue and names of any length and value to the
// calls that take them: none may panic.
func FuzzLabels(f *testing.F) {
	f.Add([]byte{0, 0, 1, 1, 2}, []byte{1, 1, 0, 0}, []byte{4, 4, 4, 4, 4}, uint8(2))
	f.Add([]byte{0x7f, 0}, []byte{0, 0x80}, []byte{0x7f}, uint8(1))
	f.Add([]byte{}, []byte{}, []byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, la, lb, rev []byte, cols uint8) {
		ctx := context.Background()
		a, b := fuzzInts(la, 64), fuzzInts(lb, 64)
		if v, err := AdjustedRand(a, b); err == nil && (v > 1+1e-12 || math.IsNaN(v)) {
			t.Fatalf("ARI %v", v)
		}
		d := int(cols % 4)
		n := len(a)
		x := Matrix{Data: make([]float64, n*d), Rows: n, Cols: d}
		for i := range x.Data {
			x.Data[i] = float64(i % 7)
		}
		var revenue []float64
		if len(rev) > 0 {
			revenue = fuzzFloats(rev, 64)
		}
		var names []string
		if cols&8 != 0 {
			names = make([]string, int(cols>>4))
		}
		_, _ = Profiles(x, a, revenue, names)
		_, _ = CalinskiHarabasz(x, a)
		_, _ = DaviesBouldin(ctx, x, a)
		_, _ = Silhouette(ctx, x, a, &SilhouetteSettings{SampleSize: len(b), Src: rand.NewPCG(1, 1)})
		r := Result{Centers: Matrix{Data: make([]float64, d*len(b)), Rows: len(b), Cols: d}, Labels: a, Sizes: b}
		_, _ = r.Predict(ctx, x)
		_, _ = Align(ctx, r.Centers, r)
	})
}

// FuzzMatrices builds matrices of any shape (Data of any length, Rows and
// Cols that need not match) and values, and calls every function taking
// them, and the methods of zero-value and decoded types.
func FuzzMatrices(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6}, int8(2), int8(3), []byte{1, 2, 3, 4}, int8(2), int8(2))
	f.Add([]byte{0x7f, 0x7e}, int8(-1), int8(2), []byte{}, int8(0), int8(0))
	f.Add([]byte{0x80, 0x81, 0x81, 0x80}, int8(4), int8(1), []byte{0x81}, int8(1), int8(1))
	f.Fuzz(func(t *testing.T, da []byte, ra, ca int8, db []byte, rb, cb int8) {
		ctx := context.Background()
		shape := func(v int8) int {
			if v == -128 {
				return 1 << 40
			}
			return int(v)
		}
		a := Matrix{Data: fuzzFloats(da, 64), Rows: shape(ra), Cols: shape(ca)}
		b := Matrix{Data: fuzzFloats(db, 64), Rows: shape(rb), Cols: shape(cb)}
		for _, m := range []Matrix{a, b} {
			_ = m.Validate()
			_ = m.Row(0)
			_ = m.Row(m.Rows - 1)
			_ = m.At(1, 1)
			_ = m.At(-1, 0)
		}
		if m, err := MatchCenters(ctx, a, b); err == nil {
			seen := map[int]bool{}
			for _, j := range m {
				if j >= a.Rows || j < -1 || (j >= 0 && seen[j]) {
					t.Fatalf("match %v", m)
				}
				seen[j] = true
			}
		}
		_, _ = Align(ctx, a, Result{Centers: b, Labels: []int{0, 1, 5}, Sizes: []int{1}})
		s := Scaler{Offset: fuzzFloats(db, 8), Scale: fuzzFloats(da, 8), Log1p: len(da)%2 == 1}
		_, _ = s.Transform(a)
		_, _ = s.Inverse(a)
		_, _ = Scaler{}.Transform(a)
		if sc, err := FitScaler(a, &ScalerSettings{Method: Scaling(len(db) % 5), Log1p: len(db)%2 == 0}); err == nil {
			if _, err := sc.Transform(a); err == nil {
				if _, err := sc.Inverse(a); err != nil && !errors.Is(err, ErrNonFinite) {
					t.Fatalf("inverse: %v", err)
				}
			}
		}
		_, _ = Result{}.Predict(ctx, a)
		_, _ = Result{Centers: b}.Predict(ctx, a)
		_, _ = Profiles(a, make([]int, max(0, min(a.Rows, 64))), nil, nil)
		_, _ = KMeans{K: 2, Restarts: 1, Init: InitGiven, Centers: b}.Fit(ctx, a)
		c := Curve{K: fuzzInts(da, 8), Inertia: fuzzFloats(db, 8)}
		_, _ = c.Knee()
		_, _, _ = c.BestSilhouette(ctx, a, nil)
		_ = Migration{Segments: len(da), Counts: [][]int{fuzzInts(db, 4)}, Lost: fuzzInts(da, 2)}.Rate(0, 1)
		_, _ = ElbowCurve(ctx, a, int(ra), int(rb), KMeans{Restarts: 1, MaxIter: 3})
	})
}

// FuzzKMeansSettings runs Fit with settings of any value (bounded run
// counts, so that the fuzzer does not wait for 2^40 restarts).
func FuzzKMeansSettings(f *testing.F) {
	f.Add(int64(3), int64(2), int64(10), uint64(0), uint8(0), uint8(0), int64(1), false)
	f.Add(int64(0), int64(-1), int64(-5), math.Float64bits(math.NaN()), uint8(9), uint8(3), int64(-2), true)
	f.Add(int64(1<<40), int64(1), int64(1), math.Float64bits(math.Inf(1)), uint8(2), uint8(1), int64(1<<40), false)
	f.Fuzz(func(t *testing.T, k, restarts, maxIter int64, tol uint64, init, alg uint8, workers int64, strict bool) {
		x := randomBlobs(1, 200, 3, 4, 1)
		km := KMeans{K: int(k), Restarts: int(restarts % 4), MaxIter: int(maxIter % 20), Tol: math.Float64frombits(tol),
			Init: Init(int(init) - 1), Algorithm: Algorithm(int(alg) - 1), Workers: int(workers % 5), Strict: strict,
			Src: rand.NewPCG(1, 2), Centers: Matrix{Data: x.Data[:3*max(0, min(int(k), 10))], Rows: max(0, min(int(k), 10)), Cols: 3}}
		if workers < 0 && workers%2 == 0 {
			km.Workers = 1 << 40 // capped, never that many goroutines or runs
		}
		res, err := km.Fit(context.Background(), x)
		if err != nil {
			return
		}
		if len(res.Labels) != x.Rows || res.Centers.Rows != km.K || !finite(res.Centers.Data) {
			t.Fatalf("bad result for %+v", km)
		}
	})
}

// FuzzDecoded decodes arbitrary JSON into every type with methods and
// calls them: a value from the wire may hold any state, and no method may
// panic on it.
func FuzzDecoded(f *testing.F) {
	f.Add([]byte(`{"centers":{"data":[1,2],"rows":2,"cols":1},"labels":[0,1,5],"sizes":[3]}`))
	f.Add([]byte(`{"method":"min-max","log1p":true,"offset":[0,null],"scale":["Infinity",0]}`))
	f.Add([]byte(`{"k":[3,1],"inertia":[1],"results":[{}]}`))
	f.Add([]byte(`{"segments":3,"counts":[[1],[2,3,4]],"lost":[-1],"new":null}`))
	f.Add([]byte(`{"data":[1,2,3],"rows":-2,"cols":-3}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx := context.Background()
		x := Matrix{Data: []float64{0, 1, 2, 3, 4, 5}, Rows: 3, Cols: 2}
		var r Result
		if json.Unmarshal(b, &r) == nil {
			_, _ = r.Predict(ctx, x)
			_, _ = Align(ctx, r.Centers, r)
			_, _ = Align(ctx, x, r)
		}
		var s Scaler
		if json.Unmarshal(b, &s) == nil {
			_, _ = s.Transform(x)
			_, _ = s.Inverse(x)
		}
		var c Curve
		if json.Unmarshal(b, &c) == nil {
			_, _ = c.Knee()
			_, _, _ = c.BestSilhouette(ctx, x, nil)
		}
		var m Migration
		if json.Unmarshal(b, &m) == nil {
			for a := -1; a <= 3; a++ {
				for bb := -1; bb <= 3; bb++ {
					_ = m.Rate(a, bb)
				}
			}
		}
		var mx Matrix
		if json.Unmarshal(b, &mx) == nil {
			_ = mx.Validate()
			_ = mx.Row(1)
			_ = mx.At(1, 1)
			_, _ = KMeans{K: 1, Restarts: 1}.Fit(ctx, mx)
		}
		var km KMeans
		if json.Unmarshal(b, &km) == nil {
			km.Restarts, km.MaxIter = min(km.Restarts, 3), min(km.MaxIter, 10)
			_, _ = km.Fit(ctx, x)
		}
		var mb MiniBatchKMeans
		if json.Unmarshal(b, &mb) == nil {
			mb.Restarts, mb.MaxSteps = min(mb.Restarts, 3), min(mb.MaxSteps, 10)
			_, _ = mb.Fit(ctx, x)
		}
	})
}

// FuzzMiniBatch decodes a small data set and settings from bytes and
// checks that MiniBatchKMeans.Fit never panics (huge sizes, zero or
// negative weights, duplicate points) and that a result is consistent:
// labels the nearest centres, sizes their counts, a finite inertia.
func FuzzMiniBatch(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, uint8(2), uint8(2), int64(3), int64(0), uint8(0))
	f.Add([]byte{0, 0, 0, 0, 0, 0}, uint8(1), uint8(3), int64(1<<40), int64(-1), uint8(1))
	f.Add([]byte{0, 0, 0, 0, 0, 255, 1, 2, 3}, uint8(3), uint8(1), int64(0), int64(1<<40), uint8(6))
	f.Fuzz(func(t *testing.T, data []byte, dim, k uint8, batch, initSize int64, mode uint8) {
		x, w := fuzzData(data, dim, mode)
		n := x.Rows
		mb := MiniBatchKMeans{K: int(k % 6), BatchSize: int(batch), InitSize: int(initSize), MaxSteps: int(mode%7) + 1,
			Restarts: int(mode%3) + 1, NoReassign: mode&2 != 0, Weights: w, Src: rand.NewPCG(1, uint64(mode))}
		res, err := mb.Fit(context.Background(), x)
		if err != nil {
			return
		}
		if len(res.Labels) != n || math.IsNaN(res.Inertia) || res.Inertia < 0 || !finite(res.Centers.Data) {
			t.Fatalf("bad result %+v", res)
		}
		labels, err := res.Predict(context.Background(), x)
		if err != nil || !slices.Equal(labels, res.Labels) {
			t.Fatalf("labels %v, nearest %v (%v)", res.Labels, labels, err)
		}
		total := 0
		for _, s := range res.Sizes {
			total += s
		}
		if total != n {
			t.Fatalf("sizes %v for %d points", res.Sizes, n)
		}
	})
}
