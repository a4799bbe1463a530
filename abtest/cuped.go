package abtest

import (
	"fmt"
	"math"

	"github.com/cxkit/cxkit/internal/summary"
)

// CUPEDResult is the outcome of [CUPED]. Differences are B − A.
//
// JSON keys: theta, mean_pre, mean_a, mean_b, adjusted_a, adjusted_b, diff,
// adjusted_diff, correlation, variance_ratio, variance_reduction,
// diff_variance_ratio, unadjusted, adjusted, defined.
type CUPEDResult struct {
	// Theta = cov(pre, post)/var(pre), pooled over both arms.
	Theta float64
	// MeanPre is the pooled mean of the covariate, the centring point.
	MeanPre float64
	// MeanA, MeanB are the unadjusted means of the metric; AdjustedA and
	// AdjustedB are the means of post − θ(pre − MeanPre).
	MeanA, MeanB, AdjustedA, AdjustedB float64
	// Diff and AdjustedDiff are MeanB − MeanA and AdjustedB − AdjustedA.
	Diff, AdjustedDiff float64
	// Correlation is the pooled Pearson correlation ρ of pre and post.
	Correlation float64
	// VarianceRatio is var(adjusted)/var(post) pooled over both arms
	// (= 1 − ρ²), and VarianceReduction = 1 − VarianceRatio.
	VarianceRatio, VarianceReduction float64
	// DiffVarianceRatio is SE²(adjusted difference)/SE²(raw difference),
	// the factor by which CUPED shrinks the variance of the estimate (and
	// so the sample size needed).
	DiffVarianceRatio float64
	// Unadjusted and Adjusted are Welch t-tests of B − A on the raw and the
	// adjusted metric (θ treated as known, as is usual).
	Unadjusted, Adjusted TTestResult
	// Defined is false when the covariate is constant (zero variance), so
	// θ is undefined: Theta is then NaN and the adjusted fields equal the
	// unadjusted ones.
	Defined bool
}

// CUPED applies Controlled experiments Using Pre-Experiment Data (Deng, Xu,
// Kohavi & Walker 2013): each unit's metric post is adjusted by a covariate
// pre measured before the experiment (typically the same metric in the
// pre-period) as post − θ(pre − mean(pre)), θ = cov(pre, post)/var(pre)
// estimated on both arms pooled. The adjustment leaves the expected
// difference unchanged and removes the share ρ² of the variance, so the
// test is as powerful as one with 1/(1 − ρ²) times the data. The adjusted
// test is Welch's t of B − A.
//
// preA[i] and postA[i] belong to the same unit (likewise for B); the
// lengths of each pair must match (a mismatch is an ErrLength error). s sets
// the alternative (Greater: B above A) and the level.
//
// Errors: an arm with fewer than 2 units (ErrEmpty, ErrTooFew), a NaN or
// ±Inf value (*InputError naming the slice and index, ErrNonFinite),
// mismatched lengths (ErrLength), a bad level or alternative.
func CUPED(preA, postA, preB, postB []float64, s *Settings) (CUPEDResult, error) {
	alt, level, err := s.resolve()
	if err != nil {
		return CUPEDResult{}, err
	}
	if len(preA) != len(postA) || len(preB) != len(postB) {
		return CUPEDResult{}, fmt.Errorf("%w: pre and post lengths differ (A %d/%d, B %d/%d)",
			ErrLength, len(preA), len(postA), len(preB), len(postB))
	}
	for _, in := range []struct {
		arg string
		xs  []float64
	}{{"preA", preA}, {"postA", postA}, {"preB", preB}, {"postB", postB}} {
		if err := checkSample(in.arg, in.xs, 2); err != nil {
			return CUPEDResult{}, err
		}
	}
	var pre, post summary.Summary
	var cov coMoment
	for _, arm := range [][2][]float64{{preA, postA}, {preB, postB}} {
		for i, x := range arm[0] {
			y := arm[1][i]
			pre.Add(x)
			post.Add(y)
			cov.add(x, y)
		}
	}
	r := CUPEDResult{MeanPre: pre.Mean, Defined: pre.M2 > 0}
	r.Theta = math.NaN()
	theta := 0.0
	if r.Defined {
		theta = cov.c / pre.M2
		r.Theta = theta
	}
	adj := func(pre, post []float64) Summary {
		var s summary.Summary
		for i, y := range post {
			s.Add(y - theta*(pre[i]-r.MeanPre))
		}
		return fromSummary(s)
	}
	rawA, rawB := summaryOf(postA), summaryOf(postB)
	adjA, adjB := adj(preA, postA), adj(preB, postB)
	r.MeanA, r.MeanB = rawA.Mean, rawB.Mean
	r.AdjustedA, r.AdjustedB = adjA.Mean, adjB.Mean
	r.Diff, r.AdjustedDiff = r.MeanB-r.MeanA, r.AdjustedB-r.AdjustedA
	if pre.M2 > 0 && post.M2 > 0 {
		r.Correlation = cov.c / math.Sqrt(pre.M2*post.M2)
	} else {
		r.Correlation = math.NaN()
	}
	all := adjA.internal()
	all.Merge(adjB.internal())
	r.VarianceRatio = all.M2 / post.M2
	r.VarianceReduction = 1 - r.VarianceRatio
	r.Unadjusted = tFromSummaries(rawA, rawB, alt, level, false)
	r.Adjusted = tFromSummaries(adjA, adjB, alt, level, false)
	r.DiffVarianceRatio = (r.Adjusted.StdErr * r.Adjusted.StdErr) / (r.Unadjusted.StdErr * r.Unadjusted.StdErr)
	return r, nil
}

// summaryOf is Summary.Add over validated values.
func summaryOf(xs []float64) Summary {
	var s summary.Summary
	for _, x := range xs {
		s.Add(x)
	}
	return fromSummary(s)
}

// coMoment accumulates the co-moment Σ(x − x̄)(y − ȳ) in one pass
// (the bivariate Welford update).
type coMoment struct {
	n      int
	mx, my float64
	c      float64
}

func (m *coMoment) add(x, y float64) {
	m.n++
	dx := x - m.mx
	m.mx += dx / float64(m.n)
	m.my += (y - m.my) / float64(m.n)
	m.c += dx * (y - m.my)
}
