package clv

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/cxkit/cxkit/journey"
)

// SimulationSettings says what customer base [Simulate] draws. A nil
// *SimulationSettings is not allowed (Customers and T have no default).
//
// JSON keys: customers, t, cohort, max_purchases, spend (null when nil;
// Src and Progress are not encoded).
type SimulationSettings struct {
	// Customers is the number of customers, 1 … 2²⁴.
	Customers int
	// T is the length of observation, in the model's time unit, of a
	// customer whose first purchase is at the start: > 0.
	T float64
	// Cohort spreads the first purchases uniformly over [0, Cohort], so
	// that customer ages are uniform on [T − Cohort, T] (0 ≤ Cohort < T;
	// default 0: everybody is observed for T). CDNOW's cohort joined over
	// 12 weeks and was observed to week 39: T = 39, Cohort = 12.
	Cohort float64
	// MaxPurchases bounds the repeat purchases of one customer (default
	// 10⁶); a customer who would make more gives an error wrapping
	// [ErrOutOfRange], since a purchase rate that high is a mistake in the
	// parameters, not a customer.
	MaxPurchases int
	// Spend, if not nil, draws an amount for every purchase from the
	// Gamma-Gamma model: each customer's ν ~ Gamma(Q, rate V), each
	// amount ~ Gamma(P, rate ν). Nil leaves the amounts at 0.
	Spend *GammaGamma
	// Src is the source of randomness; nil means rand.NewPCG(1, 2). The
	// same source state gives the same customer base. Not encoded.
	Src rand.Source
	// Progress, if not nil, is called every 4,096 customers and at the end
	// with the customers drawn so far and Customers, from the caller's
	// goroutine. Not encoded.
	Progress func(done, total int)
}

// SimulatedCustomer is one customer drawn by [Simulate]: the first
// purchase at time 0 and the repeat purchases at Times, observed until T.
//
// JSON keys: id, t, times, amounts, alive.
type SimulatedCustomer struct {
	// ID is the customer's position in the base, as a decimal string.
	ID string
	// T is the customer's length of observation (age at the end).
	T float64
	// Times holds the repeat purchase times in (0, T], ascending.
	Times []float64
	// Amounts holds the amount of the first purchase and then of each
	// repeat purchase (len(Times)+1 values); all 0 without a spend model.
	Amounts []float64
	// Alive reports whether the customer is still active at T: the true
	// state that P(alive) estimates.
	Alive bool
}

// Simulation is a customer base drawn by [Simulate].
//
// JSON keys: customers, model, params.
type Simulation struct {
	// Customers holds the customers in the order drawn.
	Customers []SimulatedCustomer
	// Model names the model that drew them: "bgnbd", "mbgnbd" or "pnbd".
	Model string
	// Params holds its parameters in the order of FitResult.Params.
	Params []float64
}

// Summary returns c's calibration summary as [Summarize] would give it
// with the default settings for a period short enough that no two
// purchases share one: x = len(Times), t_x the last repeat time, T, and
// Monetary the mean repeat amount (0 when x = 0).
func (c SimulatedCustomer) Summary() Customer {
	s := Customer{ID: c.ID, T: c.T, Frequency: float64(len(c.Times))}
	if len(c.Times) > 0 {
		s.Recency = c.Times[len(c.Times)-1]
		sum := 0.0
		for _, a := range c.Amounts[1:] {
			sum += a
		}
		s.Monetary = sum / s.Frequency
	}
	return s
}

// Summaries returns every customer's [SimulatedCustomer.Summary], ready
// for the fits.
func (s Simulation) Summaries() []Customer {
	out := make([]Customer, len(s.Customers))
	for i, c := range s.Customers {
		out[i] = c.Summary()
	}
	return out
}

// Log returns the simulated purchases as a purchase log for [Summarize]
// (or any pipeline under test): the observation of every customer ends at
// end, one model time unit lasts unit, so a customer with age T made the
// first purchase at end − T·unit. Times are rounded to the nanosecond;
// purchases in one period of a summary merge as in any log. A unit that is
// not positive, or times beyond about ±290 years, give an error wrapping
// [ErrOutOfRange].
func (s Simulation) Log(end time.Time, unit time.Duration) ([]journey.Purchase, error) {
	if unit <= 0 {
		return nil, fmt.Errorf("%w: unit %v", ErrOutOfRange, unit)
	}
	n := 0
	for _, c := range s.Customers {
		n += 1 + len(c.Times)
	}
	out := make([]journey.Purchase, 0, n)
	at := func(t float64) (time.Time, error) {
		d := t * float64(unit)
		if !(math.Abs(d) < 9e18) {
			return time.Time{}, fmt.Errorf("%w: time %v × %v overflows", ErrOutOfRange, t, unit)
		}
		return end.Add(time.Duration(d)), nil
	}
	for _, c := range s.Customers {
		for j := -1; j < len(c.Times); j++ {
			t := 0.0
			if j >= 0 {
				t = c.Times[j]
			}
			when, err := at(t - c.T)
			if err != nil {
				return nil, err
			}
			amt := 0.0
			if j+1 < len(c.Amounts) {
				amt = c.Amounts[j+1]
			}
			out = append(out, journey.Purchase{Customer: c.ID, Time: when, Amount: amt})
		}
	}
	return out, nil
}

// maxSimCustomers bounds SimulationSettings.Customers.
const maxSimCustomers = 1 << 24

// Simulate draws a customer base from a BG/NBD, MBG/NBD or Pareto/NBD
// model m (pass a [BGNBD], [MBGNBD] or [ParetoNBD] value), with purchase
// times and, if s.Spend is set, amounts from a Gamma-Gamma model: the data
// that the model describes, for learners to watch a fit recover the
// parameters that drew the data and for users to test a pipeline on data
// whose truth is known. Each customer makes a first purchase at 0 and is
// observed for T (see [SimulationSettings]); while alive, purchases follow
// a Poisson process with rate λ ~ Gamma(r, rate α); a BG/NBD customer
// drops out after each repeat purchase with probability p ~ Beta(a, b)
// (MBG/NBD: also right after the first purchase), a Pareto/NBD customer
// after an exponential lifetime with rate μ ~ Gamma(s, rate β).
//
// The draws use only s.Src (nil: a fixed seed), so a seed gives the same
// base on every machine and Go version that keeps math/rand/v2's streams.
// Gamma variates follow Marsaglia & Tsang (2000), beta variates are ratios
// of gammas.
//
// Errors: [ErrSettings] for a nil s, a Customers outside 1 … 2²⁴, a T, Cohort
// or MaxPurchases out of range, or a model of another type; the model's
// Validate error for invalid parameters (and the spend model's);
// [ErrOutOfRange] when a customer would make more than MaxPurchases
// purchases; ctx.Err() when ctx is cancelled (checked every 4,096
// customers).
func Simulate(ctx context.Context, m TransactionModel, s *SimulationSettings) (Simulation, error) {
	// api.md §3 (nil settings mean the defaults) cannot hold here:
	// Customers and T, the size and the length of the simulated base, are
	// the question itself and have no default, so a nil s is an error.
	if s == nil {
		return Simulation{}, fmt.Errorf("%w: nil SimulationSettings", ErrSettings)
	}
	switch {
	case s.Customers < 1 || s.Customers > maxSimCustomers:
		return Simulation{}, fmt.Errorf("%w: Customers %d outside 1 … 2²⁴", ErrSettings, s.Customers)
	case !(s.T > 0) || math.IsInf(s.T, 0):
		return Simulation{}, fmt.Errorf("%w: T %v is not positive and finite", ErrSettings, s.T)
	case !(s.Cohort >= 0) || !(s.Cohort < s.T):
		return Simulation{}, fmt.Errorf("%w: Cohort %v outside [0, T)", ErrSettings, s.Cohort)
	case s.MaxPurchases < 0:
		return Simulation{}, fmt.Errorf("%w: MaxPurchases %d", ErrSettings, s.MaxPurchases)
	}
	if s.Spend != nil {
		if err := s.Spend.Validate(); err != nil {
			return Simulation{}, err
		}
	}
	maxP := s.MaxPurchases
	if maxP == 0 {
		maxP = 1_000_000
	}
	var sim Simulation
	var draw func(rng *rand.Rand, T float64) ([]float64, bool, error)
	var err error
	switch mm := m.(type) {
	case BGNBD:
		err = mm.Validate()
		sim.Model, sim.Params, draw = "bgnbd", []float64{mm.R, mm.Alpha, mm.A, mm.B}, bgDraw(mm, false, maxP)
	case MBGNBD:
		err = mm.Validate()
		sim.Model, sim.Params, draw = "mbgnbd", []float64{mm.R, mm.Alpha, mm.A, mm.B}, bgDraw(BGNBD(mm), true, maxP)
	case ParetoNBD:
		err = mm.Validate()
		sim.Model, sim.Params = "pnbd", []float64{mm.R, mm.Alpha, mm.S, mm.Beta}
		draw = func(rng *rand.Rand, T float64) ([]float64, bool, error) {
			lam := gammaRand(rng, mm.R) / mm.Alpha
			mu := gammaRand(rng, mm.S) / mm.Beta
			life := math.Inf(1)
			if mu > 0 {
				life = rng.ExpFloat64() / mu
			}
			times, err := poissonTimes(rng, lam, math.Min(life, T), maxP)
			return times, life > T, err
		}
	default:
		return Simulation{}, fmt.Errorf("%w: Simulate draws from BGNBD, MBGNBD or ParetoNBD, not %T", ErrSettings, m)
	}
	if err != nil {
		return Simulation{}, err
	}
	src := s.Src
	if src == nil {
		src = rand.NewPCG(1, 2)
	}
	rng := rand.New(src)
	sim.Customers = make([]SimulatedCustomer, s.Customers)
	for i := range sim.Customers {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return Simulation{}, err
			}
			if s.Progress != nil {
				s.Progress(i+1, s.Customers)
			}
		}
		T := s.T - s.Cohort*rng.Float64()
		times, alive, err := draw(rng, T)
		if err != nil {
			return Simulation{}, fmt.Errorf("customer %d: %w", i, err)
		}
		amounts := make([]float64, len(times)+1)
		if s.Spend != nil {
			nu := gammaRand(rng, s.Spend.Q) / s.Spend.V
			for j := range amounts {
				amounts[j] = gammaRand(rng, s.Spend.P) / nu
			}
		}
		sim.Customers[i] = SimulatedCustomer{ID: strconv.Itoa(i), T: T, Times: times, Amounts: amounts, Alive: alive}
	}
	if err := ctx.Err(); err != nil {
		return Simulation{}, err
	}
	if s.Progress != nil {
		s.Progress(s.Customers, s.Customers)
	}
	return sim, nil
}

// bgDraw returns the draw of one customer's purchase times in (0, T] and
// whether the customer is alive at T, under BG/NBD m (MBG/NBD when
// modified), at most maxP purchases.
func bgDraw(m BGNBD, modified bool, maxP int) func(rng *rand.Rand, T float64) ([]float64, bool, error) {
	return func(rng *rand.Rand, T float64) ([]float64, bool, error) {
		return simBG(rng, m.R, m.Alpha, m.A, m.B, modified, T, maxP)
	}
}

// simBG draws the repeat purchase times of a BG/NBD (or, with atZero, an
// MBG/NBD) customer observed for T, and whether the customer is alive at T.
func simBG(rng *rand.Rand, r, alpha, a, b float64, atZero bool, T float64, maxP int) ([]float64, bool, error) {
	lam := gammaRand(rng, r) / alpha
	p := betaRand(rng, a, b)
	if atZero && rng.Float64() < p {
		return nil, false, nil
	}
	var times []float64
	t := 0.0
	for {
		if lam <= 0 {
			return times, true, nil
		}
		t += rng.ExpFloat64() / lam
		if t > T {
			return times, true, nil
		}
		if len(times) == maxP {
			return nil, false, fmt.Errorf("%w: more than %d purchases (rate %v)", ErrOutOfRange, maxP, lam)
		}
		times = append(times, t)
		if rng.Float64() < p {
			return times, false, nil
		}
	}
}

// poissonTimes draws the times of a Poisson process with rate lam on
// (0, until].
func poissonTimes(rng *rand.Rand, lam, until float64, maxP int) ([]float64, error) {
	var times []float64
	if !(lam > 0) {
		return nil, nil
	}
	for t := rng.ExpFloat64() / lam; t <= until; t += rng.ExpFloat64() / lam {
		if len(times) == maxP {
			return nil, fmt.Errorf("%w: more than %d purchases (rate %v)", ErrOutOfRange, maxP, lam)
		}
		times = append(times, t)
	}
	return times, nil
}
