package clv

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// FitSettings controls a maximum-likelihood fit. A nil *FitSettings, and
// every zero field, means the documented default, as with gonum's
// optimize.Settings. A FitSettings may be shared by concurrent fits only if
// Method is nil (a gonum Method carries state).
//
// All models are fitted on the logarithms of their parameters, so the
// optimiser works without bounds and every estimate is positive. Customers
// with the same (x, t_x, T) are fitted once with a weight. When the data
// have more than 20,000 distinct rows and Initial and Method are left at
// their defaults, the BG/NBD, MBG/NBD and Pareto/NBD fits first fit nested
// systematic subsamples (every 10th, every 100th, … row) and start the
// full-data fit from their optimum, preconditioned by their covariance,
// unless the subsample leaves a parameter undetermined (an optimum on a
// flat ridge to the boundary, as on data without dropout); this changes
// the path, not the optimum or the convergence test.
//
// JSON keys: tolerance, max_iterations, initial, penalty (Method and
// Progress are not encoded).
type FitSettings struct {
	// Tolerance is the convergence threshold on the gradient: the fit has
	// converged when every component of the gradient of the (penalised)
	// negative log-likelihood with respect to the log-parameters is at most
	// Tolerance × max(1, |log-likelihood|). The relative form makes the
	// setting independent of the number of customers. Default 1e-8.
	Tolerance float64

	// MaxIterations is the maximum number of major iterations of the
	// optimiser. Default 500.
	MaxIterations int

	// Method is the gonum optimisation method. Default (nil) is a new
	// optimize.BFGS for each fit. Gradient-free methods such as
	// optimize.NelderMead work too but are slower. Not encoded in JSON.
	Method optimize.Method

	// Initial is the starting point in natural scale, one positive value per
	// parameter in the order of FitResult.Params. Default (nil) is the
	// model's documented starting point.
	Initial []float64

	// Penalty is the strength λ ≥ 0 of an L2 penalty on the
	// log-parameters: the fit minimises
	//
	//	−LL(θ) + λ·Σᵢ (log θᵢ)²,
	//
	// with LL the total log-likelihood over all customers. This is the
	// maximum a-posteriori estimate under independent Normal(0, 1/(2λ))
	// priors on log θᵢ: it shrinks each parameter towards 1, its effect
	// fades as the number of customers grows, and λ = 1 adds as much
	// curvature as about one customer's worth of information. (lifetimes'
	// penalizer_coef c instead adds c·Σθᵢ² to the mean per-customer
	// objective, on the natural scale; the two are not interchangeable.)
	// Default 0 (plain maximum likelihood).
	Penalty float64

	// Progress, if not nil, is called after every major iteration of the
	// full-data fit with done, the number of iterations so far (from 1),
	// and total, the iteration limit (MaxIterations or its default). A fit
	// usually converges long before done reaches total. It is called from
	// the caller's goroutine. Not encoded in JSON.
	Progress func(done, total int)
}

// FitResult describes a finished fit. Undefined standard errors (NaN)
// encode as null in JSON.
//
// JSON keys: log_lik, iterations, evaluations, converged, status, params,
// estimate, std_err, cov, cov_log.
type FitResult struct {
	// LogLik is the total log-likelihood, summed over customers, at the
	// estimate, without the penalty and with all the constants of the
	// published likelihood. (lifetimes' internal objective is a different
	// number: a mean per customer on rescaled time.)
	LogLik float64
	// Iterations is the number of major iterations of the optimiser.
	Iterations int
	// Evaluations is the number of log-likelihood (with gradient)
	// evaluations on the full data, including those for the Hessian; the
	// evaluations of a warm start on subsamples are not counted.
	Evaluations int
	// Converged reports whether the gradient test of FitSettings.Tolerance
	// was met. It is also true when the line search could not improve on a
	// point whose relative gradient is within 100 × Tolerance: the precision
	// of floating point has been reached there, and Status then reads
	// "Failure" although the estimate is a stationary point.
	Converged bool
	// Status is the optimiser's final status, e.g. "GradientThreshold";
	// see Converged for a "Failure" at a stationary point.
	Status string
	// Params names the parameters in order, e.g. r, alpha, a, b.
	Params []string
	// Estimate holds the estimates in natural scale, in the order of Params.
	Estimate []float64
	// StdErr holds the asymptotic standard errors in natural scale: the
	// square roots of the diagonal of Cov. NaN if the observed information
	// is not positive definite (a flat or degenerate likelihood).
	StdErr []float64
	// Cov is the asymptotic covariance matrix of the estimates in natural
	// scale: the inverse of the observed information (the Hessian of the
	// negative penalised log-likelihood, by forward differences of the
	// analytic gradient in log scale), mapped to natural scale by the delta
	// method, Cov[i][j] = θᵢ·θⱼ·CovLog[i][j]. Nil if the information is not
	// positive definite.
	Cov [][]float64
	// CovLog is the same covariance on the log-parameters (the scale of the
	// fit, where the normal approximation is usually better). Nil if Cov is.
	CovLog [][]float64
}

// objective returns the NEGATIVE total weighted log-likelihood at the
// log-parameters lp and, when grad is not nil, stores its gradient with
// respect to lp in grad. It returns +Inf (or NaN) where the likelihood
// cannot be evaluated; fit treats both as "step too far".
type objective func(lp, grad []float64) float64

// Defaults of FitSettings.
const (
	defaultTolerance     = 1e-8
	defaultMaxIterations = 500
	// maxLogParam bounds |log θ| during the search: exp(±50) is far outside
	// any meaningful parameter and keeps the likelihoods finite.
	maxLogParam = 50
	// hessStep is the step in log-parameters for the finite-difference
	// Hessian of the analytic gradient.
	hessStep = 1e-6
)

// fit maximises the likelihood given by f over log-parameters, starting
// from initial (natural scale; replaced by s.Initial when set). names gives
// the parameter names. It returns the estimate in natural scale, the
// FitResult (also filled on error when a best point exists) and an error:
// ctx.Err() when ctx is cancelled, a wrapped ErrNotConverged (with the best
// point) when the convergence test fails, or a wrapped ErrSettings.
func fit(ctx context.Context, f objective, initial []float64, names []string, s *FitSettings) ([]float64, FitResult, error) {
	return fitWarm(ctx, f, nil, initial, names, s)
}

// kernel is the likelihood of a transaction model on compressed rows: its
// objective (the negative log-likelihood in log-parameters, with its
// gradient) and the start of a fit.
type kernel interface {
	objective(lp, grad []float64) float64
	start() []float64
}

// fitKernel fits the model whose kernel newK builds on rows (warm-started
// on the subsamples, see fitWarm), with the parameter names of the model,
// and makes the model from the estimate with fromParams: the zero model
// when there is no estimate.
func fitKernel[M any, K kernel](ctx context.Context, data []Customer, weights []float64, s *FitSettings, names []string, newK func(rows) K, fromParams func([]float64) M) (M, FitResult, error) {
	var m M
	r, err := fitRows(ctx, data, weights)
	if err != nil {
		return m, FitResult{}, err
	}
	k := newK(r)
	var subs []objective
	for _, sr := range r.subsamples() {
		subs = append(subs, newK(sr).objective)
	}
	est, res, err := fitWarm(ctx, k.objective, subs, k.start(), names, s)
	if est != nil {
		m = fromParams(est)
	}
	return m, res, err
}

// model is what every model's LogLikelihood needs of it: the check of its
// parameters and the parameters (natural scale, in the order of its
// FitResult.Params).
type model interface {
	Validate() error
	params() []float64
}

// logLikelihood is every model's LogLikelihood: NaN and the error when m's
// parameters are invalid or prepare refuses the data or weights, else
// −negLogLik at m's parameters of the data as prepare checked and
// compressed it.
func logLikelihood[D any](m model, data []Customer, weights []float64, prepare func([]Customer, []float64) (D, error), negLogLik func(d D, lp, grad []float64) float64) (float64, error) {
	if err := m.Validate(); err != nil {
		return math.NaN(), err
	}
	d, err := prepare(data, weights)
	if err != nil {
		return math.NaN(), err
	}
	return -negLogLik(d, logs(m.params()...), nil), nil
}

// kernelLogLik is logLikelihood for a model whose kernel newK builds on
// the rows of the data.
func kernelLogLik[K kernel](m model, data []Customer, weights []float64, newK func(rows) K) (float64, error) {
	toRows := func(data []Customer, weights []float64) (rows, error) {
		return fitRows(context.Background(), data, weights)
	}
	return logLikelihood(m, data, weights, toRows, func(r rows, lp, grad []float64) float64 { return newK(r).objective(lp, grad) })
}

// fitWarm is fit with an optional warm start: subs holds objectives on
// nested subsamples of the data (smallest first, each with weights scaled up
// to the full total). When subs is not empty and the settings leave
// Initial and Method at their defaults, the subsamples are fitted in turn,
// each from the previous optimum (cheap, since they are small), and the
// full fit starts from the last optimum, preconditioned by its covariance:
// with CovLog = L·Lᵀ (Cholesky), BFGS runs on y where lp = lp_sub + L·y, so
// that the Hessian in y is close to the identity and the full-data fit
// needs a few iterations instead of twenty-odd. The convergence test is
// still on the full-data gradient with respect to the log-parameters.
func fitWarm(ctx context.Context, f objective, subs []objective, initial []float64, names []string, s *FitSettings) ([]float64, FitResult, error) {
	if s == nil {
		s = &FitSettings{}
	}
	dim := len(names)
	res := FitResult{Params: append([]string(nil), names...)}
	tol, maxIter, err := checkSettings(s, dim)
	if err != nil {
		return nil, res, err
	}
	start := initial
	if s.Initial != nil {
		start = s.Initial
	}
	lp0 := make([]float64, dim)
	for i, v := range start {
		lp0[i] = math.Log(v)
	}
	if err := ctx.Err(); err != nil {
		return nil, res, err
	}

	pen := s.Penalty
	evals := 0
	g := func(lp, grad []float64) float64 {
		evals++
		for _, v := range lp {
			if !(math.Abs(v) <= maxLogParam) {
				if grad != nil {
					clear(grad)
				}
				return math.Inf(1)
			}
		}
		v := f(lp, grad)
		if pen > 0 {
			for i, x := range lp {
				v += pen * x * x
				if grad != nil {
					grad[i] += 2 * pen * x
				}
			}
		}
		if math.IsNaN(v) {
			v = math.Inf(1)
		}
		return v
	}
	pc := identityPrecond(lp0)
	if len(subs) > 0 && s.Initial == nil && s.Method == nil {
		if p, ok := warmStart(ctx, subs, lp0, names, s.Penalty); ok {
			pc = p
		}
		if err := ctx.Err(); err != nil {
			return nil, res, err
		}
	}
	// The value and the gradient share most of their work, and gonum asks
	// for both at most points, so each evaluation computes both and the
	// last one is cached.
	cache := evalCache{y: make([]float64, dim), grad: make([]float64, dim)}
	eval := func(y []float64) {
		if cache.ok && slices.Equal(cache.y, y) {
			return
		}
		copy(cache.y, y)
		cache.f = g(pc.lp(y), cache.grad)
		pc.gradY(cache.grad)
		cache.ok = true
	}
	prob := optimize.Problem{
		Func: func(y []float64) float64 {
			eval(y)
			return cache.f
		},
		Grad: func(grad, y []float64) {
			eval(y)
			copy(grad, cache.grad)
		},
		Status: func() (optimize.Status, error) {
			if err := ctx.Err(); err != nil {
				return optimize.Failure, err
			}
			return optimize.NotTerminated, nil
		},
	}
	conv := &gradConverger{tol: tol, pc: pc, fc: optimize.FunctionConverge{Relative: 1e-15, Iterations: 50}}
	set := &optimize.Settings{
		Converger:       conv,
		MajorIterations: maxIter,
	}
	var rec *progressRecorder
	if s.Progress != nil {
		rec = &progressRecorder{fn: s.Progress, total: maxIter}
		set.Recorder = rec
	}
	method := s.Method
	if method == nil {
		method = &optimize.BFGS{}
		if pc.l != nil {
			// Warm-started: the Hessian in y is close to the identity, so
			// the Newton step is about −g. gonum's BFGS makes its first
			// step of length 1/|g| along −g; scaling y by c = |g(0)| makes
			// that first step the Newton step, and BFGS's rescaling of
			// its Hessian after the first step then starts from the
			// right scale.
			eval(make([]float64, dim))
			if c := floats.Norm(cache.grad, 2); c > 0 && !math.IsInf(c, 0) {
				pc.setScale(c)
				floats.Scale(c, cache.grad) // the gradient in the scaled y at y = 0
			}
		}
	}
	out, merr := optimize.Minimize(prob, make([]float64, dim), set, method)
	if cerr := ctx.Err(); cerr != nil {
		return nil, res, cerr
	}
	if out == nil || math.IsInf(out.F, 0) || math.IsNaN(out.F) {
		if v := g(pc.lp(make([]float64, dim)), nil); math.IsInf(v, 0) {
			return nil, res, fmt.Errorf("%w: log-likelihood is not finite at the initial point %v", ErrSettings, start)
		}
		return nil, res, fmt.Errorf("%w: optimiser failed: %v", ErrNotConverged, merr)
	}
	lp := append([]float64(nil), pc.lp(out.X)...)
	res.Iterations = out.MajorIterations
	if rec != nil && rec.last < out.MajorIterations {
		// gonum does not record the iteration that meets the test.
		rec.fn(out.MajorIterations, maxIter)
	}
	res.Status = out.Status.String()

	// Final gradient and unpenalised log-likelihood at the best point.
	eval(out.X)
	fpen := cache.f
	grad := pc.gradLP(append([]float64(nil), cache.grad...))
	res.LogLik = -fpen
	if pen > 0 {
		res.LogLik = -f(lp, nil)
	}
	res.Converged = relGrad(grad, fpen) <= tol
	if !res.Converged && merr != nil && relGrad(grad, fpen) <= 100*tol {
		// A line search that cannot improve on a point this close to
		// stationary has reached the precision of floating point.
		res.Converged = true
	}
	res.Estimate = make([]float64, dim)
	for i, v := range lp {
		res.Estimate[i] = math.Exp(v)
	}
	res.StdErr, res.Cov, res.CovLog = covariance(g, lp, grad)
	res.Evaluations = evals
	est := append([]float64(nil), res.Estimate...)
	if !res.Converged {
		hint := boundaryHint(names, lp)
		if merr != nil {
			return est, res, fmt.Errorf("%w: status %s: %v%s", ErrNotConverged, res.Status, merr, hint)
		}
		return est, res, fmt.Errorf("%w: status %s after %d iterations%s", ErrNotConverged, res.Status, res.Iterations, hint)
	}
	return est, res, nil
}

// warmMaxSE is the largest standard error of a log-parameter on the last
// subsample for which fitWarm uses the subsample's optimum and covariance
// (e² ≈ 7.4: the subsample knows the parameter to within that factor).
const warmMaxSE = 2

// boundaryLog is the |log θ| beyond which a parameter of a fit that did not
// converge is reported as running to the boundary (θ above 3·10⁶ or below
// 3·10⁻⁷ in the data's units).
const boundaryLog = 15

// boundaryHint names the parameters at lp that run to 0 or ∞, for the
// error of a fit that did not converge: the likelihood then has no maximum
// inside the parameter space (for example no dropout in the data, or the
// same spend for every customer), and the estimate is the last point of
// the climb towards the limit.
func boundaryHint(names []string, lp []float64) string {
	var parts []string
	for i, v := range lp {
		if math.Abs(v) > boundaryLog {
			parts = append(parts, fmt.Sprintf("%s = %.3g", names[i], math.Exp(v)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s running to the boundary 0 or ∞: the likelihood has no maximum inside on these data)", strings.Join(parts, ", "))
}

func checkSettings(s *FitSettings, dim int) (tol float64, maxIter int, err error) {
	tol, maxIter = s.Tolerance, s.MaxIterations
	if tol == 0 {
		tol = defaultTolerance
	}
	if maxIter == 0 {
		maxIter = defaultMaxIterations
	}
	switch {
	case !(tol > 0) || math.IsInf(tol, 0):
		return 0, 0, fmt.Errorf("%w: Tolerance %v", ErrSettings, s.Tolerance)
	case maxIter < 0:
		return 0, 0, fmt.Errorf("%w: MaxIterations %d", ErrSettings, s.MaxIterations)
	case !(s.Penalty >= 0) || math.IsInf(s.Penalty, 0):
		return 0, 0, fmt.Errorf("%w: Penalty %v", ErrSettings, s.Penalty)
	}
	if s.Initial != nil {
		if len(s.Initial) != dim {
			return 0, 0, fmt.Errorf("%w: Initial has %d values, want %d", ErrSettings, len(s.Initial), dim)
		}
		for i, v := range s.Initial {
			if !(v > 0) || math.IsInf(v, 0) {
				return 0, 0, fmt.Errorf("%w: Initial[%d] = %v is not positive and finite", ErrSettings, i, v)
			}
		}
	}
	return tol, maxIter, nil
}

// relGrad is the convergence measure: max |gradient| / max(1, |f|).
func relGrad(grad []float64, f float64) float64 {
	m := 0.0
	for _, v := range grad {
		m = math.Max(m, math.Abs(v))
	}
	return m / math.Max(1, math.Abs(f))
}

// gradConverger stops when the relative gradient with respect to the
// log-parameters is below tol, or when the function value has stalled (the
// embedded FunctionConverge).
type gradConverger struct {
	tol float64
	pc  *precond
	fc  optimize.FunctionConverge
	buf []float64
}

// Init implements optimize.Converger.
func (c *gradConverger) Init(dim int) { c.fc.Init(dim) }

// Converged implements optimize.Converger: it stops when the preconditioned
// gradient is below the tolerance, or when the function stops changing.
func (c *gradConverger) Converged(loc *optimize.Location) optimize.Status {
	if loc.Gradient != nil {
		c.buf = c.pc.gradLP(append(c.buf[:0], loc.Gradient...))
		if relGrad(c.buf, loc.F) <= c.tol {
			return optimize.GradientThreshold
		}
	}
	return c.fc.Converged(loc)
}

// precond maps the optimiser's variables y to log-parameters,
// lp = origin + L·y, with L lower triangular (the identity when no warm
// start was made).
type precond struct {
	origin []float64
	l      [][]float64 // nil = identity
	buf    []float64
}

// setScale multiplies L by c (lp = origin + c·L·y).
func (p *precond) setScale(c float64) {
	for i := range p.l {
		for j := range p.l[i] {
			p.l[i][j] *= c
		}
	}
}

func identityPrecond(lp0 []float64) *precond {
	return &precond{origin: append([]float64(nil), lp0...), buf: make([]float64, len(lp0))}
}

// lp returns origin + L·y in a buffer reused by the next call.
func (p *precond) lp(y []float64) []float64 {
	for i := range p.origin {
		v := p.origin[i]
		if p.l == nil {
			v += y[i]
		} else {
			for j := 0; j <= i; j++ {
				v += p.l[i][j] * y[j]
			}
		}
		p.buf[i] = v
	}
	return p.buf
}

// gradY turns a gradient with respect to lp into one with respect to y,
// Lᵀ·g, in place.
func (p *precond) gradY(g []float64) {
	if p.l == nil {
		return
	}
	for j := range g { // row j of Lᵀ uses L[i][j] for i ≥ j; g[j] is read before it is replaced
		v := 0.0
		for i := j; i < len(g); i++ {
			v += p.l[i][j] * g[i]
		}
		g[j] = v
	}
}

// gradLP turns a gradient with respect to y back into one with respect to
// lp, solving Lᵀ·g_lp = g_y in place.
func (p *precond) gradLP(g []float64) []float64 {
	if p.l == nil {
		return g
	}
	for j := len(g) - 1; j >= 0; j-- {
		v := g[j]
		for i := j + 1; i < len(g); i++ {
			v -= p.l[i][j] * g[i]
		}
		g[j] = v / p.l[j][j]
	}
	return g
}

// warmStart fits the subsample objectives in turn from lp0 and returns the
// preconditioner built from the last optimum and covariance; false if a fit
// or its covariance failed, or if the subsample does not pin the optimum
// down: a parameter beyond e^±boundaryLog or with a standard error above
// warmMaxSE in log scale, as on data without dropout, where the optimum
// runs along a flat ridge to the boundary. A covariance there describes the
// ridge, not a peak, and a full-data fit preconditioned by it takes steps
// to the parameter bound that its line search cannot complete. The caller
// then starts cold.
func warmStart(ctx context.Context, subs []objective, lp0 []float64, names []string, penalty float64) (*precond, bool) {
	start := make([]float64, len(lp0))
	for i, v := range lp0 {
		start[i] = math.Exp(v)
	}
	_, res, err := fitWarm(ctx, subs[len(subs)-1], subs[:len(subs)-1], start, names, &FitSettings{Tolerance: 1e-6, Penalty: penalty})
	if err != nil || res.CovLog == nil {
		return nil, false
	}
	for i, v := range res.Estimate {
		if math.Abs(math.Log(v)) > boundaryLog || !(res.CovLog[i][i] <= warmMaxSE*warmMaxSE) {
			return nil, false
		}
	}
	dim := len(lp0)
	c := mat.NewSymDense(dim, nil)
	for i := range dim {
		for j := i; j < dim; j++ {
			c.SetSym(i, j, res.CovLog[i][j])
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(c) {
		return nil, false
	}
	var lt mat.TriDense
	chol.LTo(&lt)
	p := identityPrecond(lp0)
	p.l = make([][]float64, dim)
	for i := range dim {
		p.origin[i] = math.Log(res.Estimate[i])
		p.l[i] = make([]float64, dim)
		for j := 0; j <= i; j++ {
			p.l[i][j] = lt.At(i, j)
		}
	}
	return p, true
}

// evalCache holds the last evaluation of the objective in the optimiser's
// variables.
type evalCache struct {
	ok   bool
	y    []float64
	f    float64
	grad []float64
}

// progressRecorder adapts a progress callback to gonum's Recorder.
type progressRecorder struct {
	fn    func(done, total int)
	total int
	last  int // last iteration reported
}

// Init implements optimize.Recorder.
func (p *progressRecorder) Init() error { return nil }

// Record implements optimize.Recorder: it reports each major iteration to the
// progress callback.
func (p *progressRecorder) Record(loc *optimize.Location, op optimize.Operation, st *optimize.Stats) error {
	if op == optimize.MajorIteration {
		p.last = st.MajorIterations
		p.fn(st.MajorIterations, p.total)
	}
	return nil
}

// covariance returns the standard errors and covariance in natural scale
// and the covariance in log scale at lp, from the Hessian of g (negative
// penalised log-likelihood) by forward differences of its analytic gradient;
// g0 is the gradient at lp. The returned slices are NaN/nil when the Hessian
// is not positive definite.
func covariance(g objective, lp, g0 []float64) (se []float64, cov, covLog [][]float64) {
	dim := len(lp)
	se = make([]float64, dim)
	for i := range se {
		se[i] = math.NaN()
	}
	h := hessian(g, lp, g0)
	if h == nil {
		return se, nil, nil
	}
	var chol mat.Cholesky
	if !chol.Factorize(h) {
		return se, nil, nil
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return se, nil, nil
	}
	cov = make([][]float64, dim)
	covLog = make([][]float64, dim)
	for i := range dim {
		cov[i] = make([]float64, dim)
		covLog[i] = make([]float64, dim)
		for j := range dim {
			c := inv.At(i, j)
			covLog[i][j] = c
			cov[i][j] = math.Exp(lp[i]+lp[j]) * c
		}
		se[i] = math.Sqrt(cov[i][i])
	}
	return se, cov, covLog
}

// hessian returns the symmetrised forward-difference Hessian of g at lp
// from its analytic gradient (one gradient per parameter; g0 is the
// gradient at lp), or nil if a gradient is not finite. With the step hessStep = 1e-6 in
// log-parameters, truncation and rounding errors are both around 1e-6
// relative, far below the sampling error the standard errors describe.
func hessian(g objective, lp, g0 []float64) *mat.SymDense {
	dim := len(lp)
	x := append([]float64(nil), lp...)
	gp := make([]float64, dim)
	rowsH := make([][]float64, dim)
	for i := range dim {
		x[i] = lp[i] + hessStep
		g(x, gp)
		x[i] = lp[i]
		rowsH[i] = make([]float64, dim)
		for j := range dim {
			d := (gp[j] - g0[j]) / hessStep
			if math.IsNaN(d) || math.IsInf(d, 0) {
				return nil
			}
			rowsH[i][j] = d
		}
	}
	h := mat.NewSymDense(dim, nil)
	for i := range dim {
		for j := i; j < dim; j++ {
			h.SetSym(i, j, (rowsH[i][j]+rowsH[j][i])/2)
		}
	}
	return h
}
