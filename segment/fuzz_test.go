package segment

import (
	"context"
	"encoding/binary"
	"math"
	"math/rand/v2"
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

// FuzzFit decodes a small data set from bytes and checks that Fit never
// panics, that Hamerly and Lloyd agree, and that a result is consistent.
func FuzzFit(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, uint8(2), uint8(2), uint8(0))
	f.Add([]byte{0, 0, 0, 0, 0, 0}, uint8(1), uint8(3), uint8(1))
	f.Add([]byte{0, 0, 0, 0, 0, 255, 1, 2, 3}, uint8(3), uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, dim, k, mode uint8) {
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
