package segment

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

func loadQ(t *testing.T, name string) Matrix {
	f, err := os.Open("/tmp/segw/q/" + name + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	m := Matrix{Rows: len(recs), Cols: len(recs[0])}
	for _, r := range recs {
		for _, s := range r {
			v, _ := strconv.ParseFloat(s, 64)
			m.Data = append(m.Data, v)
		}
	}
	return m
}

func TestZZQuality(t *testing.T) {
	if os.Getenv("CXKIT_Q") == "" {
		t.Skip()
	}
	restarts, _ := strconv.Atoi(os.Getenv("CXKIT_Q"))
	out := map[string]map[string]any{}
	for _, name := range []string{"iris", "wine_std", "breast_cancer_std", "digits", "blobs300"} {
		x := loadQ(t, name)
		for _, k := range []int{2, 3, 4, 5, 6, 8, 10} {
			var vals []float64
			for s := uint64(0); s < 10; s++ {
				r, err := KMeans{K: k, Restarts: restarts, Src: rand.NewPCG(s, 1)}.Fit(context.Background(), x)
				if err != nil {
					t.Fatal(err)
				}
				vals = append(vals, r.Inertia)
			}
			best := 1e300
			if os.Getenv("CXKIT_QBEST") != "" {
				for s := uint64(100); s < 102; s++ {
					r, _ := KMeans{K: k, Restarts: 300, Src: rand.NewPCG(s, 1)}.Fit(context.Background(), x)
					best = min(best, r.Inertia)
				}
			}
			out[fmt.Sprintf("%s/%d", name, k)] = map[string]any{"ours": vals, "ours_best": best}
		}
	}
	b, _ := json.Marshal(out)
	os.WriteFile(os.Getenv("CXKIT_QOUT"), b, 0o644)
}
