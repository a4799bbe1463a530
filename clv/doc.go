// Package clv estimates customer lifetime value (CLV): what a customer is
// worth over the relationship, from simple formulas to the probabilistic
// "buy 'til you die" (BTYD) models of non-contractual settings, where a
// customer who stops buying never says so.
//
// # Data
//
// A transaction log (customer, time, amount; [journey.Purchase]) becomes
// one [Customer] summary per customer with [Summarize]: frequency x (the
// number of repeat purchase periods, purchases in one period merged),
// recency t_x (time of the last repeat purchase after the first purchase),
// age T (time from the first purchase to the end of observation) and
// monetary value (mean amount of the repeat periods). The period and the
// time unit are explicit ([SummaryOptions]); every rate a model estimates is
// per that time unit. [SplitHoldout] cuts the log into a calibration summary
// and holdout counts for validation.
//
// # Simple CLV
//
// Historic value sums past margin ([Historic]). The average-based estimate
// is order value × purchase frequency × lifespan ([AverageValue]). With a
// margin m earned per period, a constant retention rate r and a discount
// rate d, the retention-based CLV of Gupta & Lehmann (2003) is
//
//	CLV = Σ_{t≥1} m·r^t/(1+d)^t = m·r/(1+d−r),
//
// ([RetentionValue]; [RetentionValueN] for n periods); retention and churn
// come from cohort counts ([CohortRetention], [RetentionRate]).
//
// # Probabilistic models
//
// The BG/NBD model of Fader, Hardie & Lee (2005) ([BGNBD]): while alive a
// customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each
// repeat purchase the customer dies with probability p ~ Beta(a, b). The
// likelihood of (x, t_x, T) is
//
//	L = B(a, b+x)/B(a, b)·Γ(r+x)α^r/(Γ(r)(α+T)^(r+x))
//	  + δ(x>0)·B(a+1, b+x−1)/B(a, b)·Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x)).
//
// The MBG/NBD of Batislam, Denizel & Filiztekin (2007) ([MBGNBD]) also lets
// a customer die right after the first purchase. The Pareto/NBD
// ([ParetoNBD]; Schmittlein, Morrison & Colombo 1987) lets a customer die at
// any moment, after an exponential lifetime whose rate μ ~ Gamma(s, β); its
// likelihood needs the Gaussian hypergeometric function ₂F₁, evaluated here
// in log space with guards where the plain series fails. The BG/BB ([BGBB];
// Fader, Hardie & Shang 2010) is for discrete purchase opportunities (a
// yearly donation, a monthly renewal): time is counted in opportunities, so
// a [Customer]'s T is the number of opportunities n. The Gamma-Gamma model
// ([GammaGamma]; Fader & Hardie 2013) predicts the mean spend per purchase
// of customers with repeat purchases.
//
// Each model is fitted by maximum likelihood on the logarithms of its
// parameters with gonum's optimize package, analytic gradients and data
// compressed to unique (x, t_x, T) rows ([FitBGNBD], [FitMBGNBD],
// [FitParetoNBD], [FitBGBB], [FitGammaGamma]; [FitSettings], [FitResult]). The fit reports the total log-likelihood,
// standard errors and the covariance from the observed information, and
// returns [ErrNotConverged] with the best point when it stops early.
// Fitted models predict expected purchases in a window for a new customer
// and, conditionally on a history, P(alive) and P(X(t) = n) (the
// [TransactionModel] interface). On the CDNOW data (2,357 customers, weeks)
// the BG/NBD estimates are r = 0.243, α = 4.414, a = 0.793, b = 2.426 with
// log-likelihood −9582.4, as published.
//
// # Discounted value
//
// [CLV] multiplies any TransactionModel's discounted expected purchases by
// the expected spend per purchase ([SpendModel]) over any list of future
// [Window]s, with an explicit [Discounting] period and rate:
//
//	value = spend · Σ_k E[purchases in period k] / (1+d)^k.
//
// [HoldoutByFrequency] and [RepeatCounts] are the model checks of the
// BG/NBD paper.
//
// # Uncertainty of predictions
//
// A fitted model's covariance carries over to any prediction by the delta
// method ([DeltaMethod]): P(alive) ([ProbAliveInterval]), conditional
// purchases ([ConditionalPurchasesInterval]), spend ([SpendInterval]) and
// CLV ([ValueInterval]) each come with a standard error and an interval. See Example_cdnow for a walk-through on CDNOW.
//
// References: P. S. Fader, B. G. S. Hardie, K. L. Lee (2005), "Counting
// Your Customers the Easy Way: An Alternative to the Pareto/NBD Model",
// Marketing Science 24(2) 275–284; E. P. Batislam, M. Denizel, A.
// Filiztekin (2007), "Empirical validation and comparison of models for
// customer base analysis", International Journal of Research in Marketing
// 24(3) 201–209; S. Gupta, D. R. Lehmann (2003), "Customers as assets",
// Journal of Interactive Marketing 17(1) 9–24; D. C. Schmittlein, D. G.
// Morrison, R. Colombo (1987), "Counting your customers: who are they and
// what will they do next?", Management Science 33(1) 1–24; P. S. Fader,
// B. G. S. Hardie, J. Shang (2010), "Customer-base analysis in a
// discrete-time noncontractual setting", Marketing Science 29(6) 1086–1108;
// P. S. Fader, B. G. S. Hardie (2013), "The Gamma-Gamma model of monetary
// value", brucehardie.com/notes/025.
package clv
