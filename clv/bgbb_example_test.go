package clv_test

import (
	"context"
	"fmt"

	"github.com/cxkit/cxkit/clv"
)

// donations returns the donation data of Fader, Hardie & Shang (2010): the
// 11,104 first-time donors of 1995 grouped by their pattern over the six
// yearly opportunities 1996–2001 (x donations, the last in year t_x), with
// the number of donors having each pattern.
func donations() ([]clv.Customer, []float64) {
	rows := [][4]float64{ // x, t_x, n, donors
		{0, 0, 6, 3464}, {1, 1, 6, 1091}, {1, 2, 6, 277}, {1, 3, 6, 129}, {1, 4, 6, 78}, {1, 5, 6, 119},
		{1, 6, 6, 129}, {2, 2, 6, 613}, {2, 3, 6, 255}, {2, 4, 6, 155}, {2, 5, 6, 173}, {2, 6, 6, 234},
		{3, 3, 6, 322}, {3, 4, 6, 181}, {3, 5, 6, 225}, {3, 6, 6, 357}, {4, 4, 6, 240}, {4, 5, 6, 284},
		{4, 6, 6, 512}, {5, 5, 6, 335}, {5, 6, 6, 728}, {6, 6, 6, 1203},
	}
	data := make([]clv.Customer, len(rows))
	w := make([]float64, len(rows))
	for i, r := range rows {
		data[i] = clv.Customer{Frequency: r[0], Recency: r[1], T: r[2]}
		w[i] = r[3]
	}
	return data, w
}

// Fit the BG/BB model to the donation patterns; the paper reports
// α = 1.204, β = 0.750, γ = 0.657, δ = 2.783 and LL = −33,225.6.
func ExampleFitBGBB() {
	data, donors := donations()
	m, res, err := clv.FitBGBB(context.Background(), data, donors, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("α = %.3f, β = %.3f, γ = %.3f, δ = %.3f\n", m.Alpha, m.Beta, m.Gamma, m.Delta)
	fmt.Printf("log-likelihood %.1f\n", res.LogLik)
	fmt.Printf("expected donations of a new donor in 6 years: %.3f\n", m.ExpectedPurchases(6))
	fmt.Printf("P(a new donor gives in 0 of 6 years) = %.3f\n", m.ProbPurchases(0, 6))
	// Output:
	// α = 1.204, β = 0.750, γ = 0.657, δ = 2.783
	// log-likelihood -33225.6
	// expected donations of a new donor in 6 years: 2.220
	// P(a new donor gives in 0 of 6 years) = 0.311
}

// P(alive in 2002) and the expected donations in 2002–2006 of three donors
// (the paper's Table 6 gives 0.11, 0.59 and 0.93).
func ExampleBGBB_ProbAlive() {
	m := clv.BGBB{Alpha: 1.204, Beta: 0.750, Gamma: 0.657, Delta: 2.783}
	for _, c := range []clv.Customer{
		{ID: "no repeat donation", T: 6},
		{ID: "2 donations, last 1999", Frequency: 2, Recency: 4, T: 6},
		{ID: "gave every year", Frequency: 6, Recency: 6, T: 6},
	} {
		fmt.Printf("%-24s P(alive) %.2f, expected donations 2002–06 %.2f\n",
			c.ID, m.ProbAlive(c), m.ConditionalExpectedPurchases(c, 5))
	}
	// Output:
	// no repeat donation       P(alive) 0.11, expected donations 2002–06 0.07
	// 2 donations, last 1999   P(alive) 0.59, expected donations 2002–06 1.06
	// gave every year          P(alive) 0.93, expected donations 2002–06 3.75
}
