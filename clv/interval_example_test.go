package clv_test

import (
	"context"
	"fmt"

	"github.com/cxkit/cxkit/clv"
)

// The delta method on any function of the fitted parameters: here the
// probability that a new donor transacts at the first opportunity, α/(α+β)
// times the probability of surviving it, δ/(γ+δ).
func ExampleDeltaMethod() {
	data, donors := donations()
	_, res, err := clv.FitBGBB(context.Background(), data, donors, nil)
	if err != nil {
		panic(err)
	}
	first := func(th []float64) float64 { // th = α, β, γ, δ
		return th[0] / (th[0] + th[1]) * th[3] / (th[2] + th[3])
	}
	p, err := clv.DeltaMethod(first, 0.95, res)
	if err != nil {
		panic(err)
	}
	fmt.Printf("P(donation in 1996) = %.4f, SE %.4f, 95%% CI [%.4f, %.4f]\n",
		p.Estimate, p.StdErr, p.CI.Lower, p.CI.Upper)
	// Output:
	// P(donation in 1996) = 0.4985, SE 0.0040, 95% CI [0.4907, 0.5063]
}

// An interval on a donor's probability of being alive in 2002.
func ExampleProbAliveInterval() {
	data, donors := donations()
	m, res, err := clv.FitBGBB(context.Background(), data, donors, nil)
	if err != nil {
		panic(err)
	}
	c := clv.Customer{Frequency: 2, Recency: 4, T: 6}
	alive, err := clv.ProbAliveInterval(m, res, c, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("P(alive) %.3f, SE %.3f, 95%% CI [%.3f, %.3f]\n",
		alive.Estimate, alive.StdErr, alive.CI.Lower, alive.CI.Upper)
	// Output:
	// P(alive) 0.590, SE 0.010, 95% CI [0.571, 0.608]
}

// An interval on a donor's expected number of donations in the next five
// years (opportunities).
func ExampleConditionalPurchasesInterval() {
	data, donors := donations()
	m, res, err := clv.FitBGBB(context.Background(), data, donors, nil)
	if err != nil {
		panic(err)
	}
	c := clv.Customer{Frequency: 2, Recency: 4, T: 6}
	next, err := clv.ConditionalPurchasesInterval(m, res, c, 5, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("donations 2002–06 %.3f [%.3f, %.3f]\n", next.Estimate, next.CI.Lower, next.CI.Upper)
	// Output:
	// donations 2002–06 1.058 [1.007, 1.108]
}

// An interval on the expected spend per purchase of CDNOW customer 1 (two
// repeat purchases averaging $22.35).
func ExampleSpendInterval() {
	data := cdnowSpend()
	gg, res, err := clv.FitGammaGamma(context.Background(), data, nil, nil)
	if err != nil {
		panic(err)
	}
	spend, err := clv.SpendInterval(gg, res, data[0], 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("spend $%.2f, SE %.2f, 95%% CI [%.2f, %.2f]\n",
		spend.Estimate, spend.StdErr, spend.CI.Lower, spend.CI.Upper)
	// Output:
	// spend $24.66, SE 0.51, 95% CI [23.65, 25.66]
}

// An interval on a three-year discounted margin that combines a BG/NBD
// purchase model with the Gamma-Gamma spend model.
func ExampleValueInterval() {
	ctx := context.Background()
	data := cdnowSpend()
	bg, bres, err := clv.FitBGNBD(ctx, data, nil, nil)
	if err != nil {
		panic(err)
	}
	gg, gres, err := clv.FitGammaGamma(ctx, data, nil, nil)
	if err != nil {
		panic(err)
	}
	c := data[0] // x = 2, t_x = 30.43, T = 38.86 weeks, mean spend $22.35
	// Margin of 30 % over the next 3 years (156 weeks), discounted at
	// 10 % a year.
	d := clv.Discounting{Period: 52, Rate: 0.10}
	value := func(m clv.BGNBD, s clv.GammaGamma) float64 {
		dp, err := clv.DiscountedPurchases(context.Background(), m, c, d, clv.Window{From: 0, To: 156})
		if err != nil {
			panic(err)
		}
		return 0.3 * dp[0] * s.ConditionalExpectedSpend(c)
	}
	v, err := clv.ValueInterval(bg, bres, gg, gres, value, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("3-year margin $%.2f, SE %.2f, 95%% CI [%.2f, %.2f]\n", v.Estimate, v.StdErr, v.CI.Lower, v.CI.Upper)
	// Output:
	// 3-year margin $22.18, SE 1.60, 95% CI [19.04, 25.31]
}
