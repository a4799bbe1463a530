// Package clv estimates customer lifetime value (CLV): what a customer is
// worth over the relationship, from simple formulas ([Historic],
// [AverageValue], the retention formula CLV = m·r/(1+d−r) of Gupta &
// Lehmann 2003 in [RetentionValue]) to the probabilistic "buy 'til you die"
// models of non-contractual settings, where a customer who stops buying
// never says so.
//
// A transaction log becomes one [Customer] summary per customer with
// [Summarize] ([SummarySettings] fixes the period and the time unit):
// frequency x (repeat purchase periods), recency t_x (time of the last
// repeat purchase), age T and monetary value. [SplitHoldout] keeps a
// holdout period for validation.
//
// The BG/NBD of Fader, Hardie & Lee (2005) ([BGNBD]): while alive a customer
// buys as a Poisson process with rate λ ~ Gamma(r, α); after each repeat
// purchase the customer drops out with probability p ~ Beta(a, b), so
//
//	L(x, t_x, T) = B(a, b+x)/B(a, b)·Γ(r+x)α^r/(Γ(r)(α+T)^(r+x))
//	             + δ(x>0)·B(a+1, b+x−1)/B(a, b)·Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x)).
//
// Also: the MBG/NBD ([MBGNBD]), the Pareto/NBD ([ParetoNBD]; Schmittlein,
// Morrison & Colombo 1987), the discrete-time BG/BB ([BGBB]; Fader, Hardie &
// Shang 2010) and the Gamma-Gamma spend model ([GammaGamma]; Fader & Hardie
// 2013). Each is fitted by maximum likelihood ([FitBGNBD], ...; [FitSettings],
// [FitResult] with standard errors and covariance) and predicts P(alive)
// and expected purchases ([TransactionModel]). [CLV] turns them into the
// discounted value Σ_k spend·E[purchases in period k]/(1+d)^k over future
// [Window]s; [ProbAliveInterval], [ConditionalPurchasesInterval],
// [SpendInterval] and [ValueInterval] add delta-method intervals. On CDNOW
// (2,357 customers, weeks) the BG/NBD estimates are r = 0.243, α = 4.414,
// a = 0.793, b = 2.426, log-likelihood −9582.4, as published; see
// Example_cdnow.
//
// Every fit takes per-row weights: a [PatternTable] (or [Patterns])
// compresses millions of customers to their distinct (x, t_x, T) with
// counts, which fit exactly like the customers, standard errors included.
// [Simulate] draws a customer base from known parameters, to watch a fit
// recover them or to test a pipeline.
//
// Conventions shared with the other cxkit packages:
//   - A confidence level of 0 means 0.95; a level that is NaN or outside
//     (0, 1) is an error wrapping [ErrLevel]. Intervals record the level used.
//   - Every data type encodes to JSON with snake_case keys (listed in its
//     doc); NaN, such as an undefined standard error, encodes as null. A
//     fitted model decoded from JSON predicts exactly what the original does.
//   - Bad input is an error, never a panic: an [*InputError] says where
//     (index, field, value) and wraps a sentinel ([ErrNegative],
//     [ErrNonFinite], ...). A model with invalid parameters (the zero value)
//     predicts NaN and fails its Validate method.
//   - Long calls (fits, [CLV], [DiscountedPurchases], [HoldoutByFrequency],
//     [RepeatCounts], [Simulate]) take a context first and stop soon after it is
//     cancelled; fits report progress through FitSettings.Progress.
//
// References: Fader, Hardie & Lee (2005), Marketing Science 24(2) 275–284;
// Batislam, Denizel & Filiztekin (2007), IJRM 24(3) 201–209; Gupta &
// Lehmann (2003), J. Interactive Marketing 17(1) 9–24; Schmittlein, Morrison
// & Colombo (1987), Management Science 33(1) 1–24; Fader, Hardie & Shang
// (2010), Marketing Science 29(6) 1086–1108; Fader & Hardie (2013),
// brucehardie.com/notes/025.
package clv
