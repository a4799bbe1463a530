package cxbeam

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/internal/settings"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/segment"
)

// RFM scores the customers of a purchase log, a
// PCollection<journey.Purchase>, as segment.BuildRFM does on one machine:
// recency (days from the last purchase to asOf), frequency (purchases),
// distinct days and monetary value (the total, rounded to cents) of the
// purchases strictly before asOf, then the quintile scores R, F, M and the
// named segment. It returns a PCollection<segment.RFM> (unordered) and a
// PCollection<Rejected>.
//
// Three stages. (1) The purchases are checked as BuildRFM checks them (a
// bad one is rejected, not fatal) and grouped by customer (one shuffle of
// the log), giving each customer's summary. (2) The quintile cut points
// need the whole customer base: BuildRFM ranks each measure 1..n with ties
// broken by customer order (segment.CompareCustomers) and cuts the ranks
// at 1 + j(n − 1)/5. The summaries' (value, customer) pairs are gathered on
// ONE worker, sorted, and the four cut points of each measure are read at
// those ranks: exact, where a mergeable quantile sketch (t-digest, KLL)
// would be approximate and could not reproduce the tie rule, which decides
// the scores of the many customers who share a frequency. The price is
// memory on that worker: about 60 bytes per customer plus its id (100 M
// customers, ~8 GB). (3) Every customer is scored in parallel against the
// cut points, a side input of 12 values: a customer's bin is the first j
// whose cut point it does not exceed in (value, customer) order, which is
// its rank's bin. The scores are therefore identical to BuildRFM's on the
// same purchases, bit for bit, with distinct customer ids; the monetary
// total is summed in time order, then amount, where BuildRFM sums in log
// order: after rounding to cents they agree unless a total falls within
// rounding error of a half cent.
//
// Rejected: an empty customer id, a zero time, a negative, NaN or
// infinite amount (one row each, as BuildRFM's errors), and a customer
// whose total overflows (one row for the customer, who is left out).
// Purchases at or after asOf are left out without a rejection, as
// BuildRFM does. A zero asOf is an error before the pipeline is built.
func RFM(s beam.Scope, asOf time.Time, purchases beam.PCollection) (rows, rejected beam.PCollection, err error) {
	if asOf.IsZero() {
		return beam.PCollection{}, beam.PCollection{}, fmt.Errorf("cxbeam: RFM: %w: zero as-of date", segment.ErrDate)
	}
	s = s.Scope("cxbeam.RFM")
	at := asOfDate{AsOf: asOf, Zone: asOf.Location().String()}
	ok, bad := beam.ParDo2(s, &checkRFMFn{At: at}, purchases)
	summaries, overflow := beam.ParDo2(s, &summarizeRFMFn{At: at}, beam.GroupByKey(s, ok))
	cuts := beam.ParDo(s, rfmCutsFn, beam.GroupByKey(s, beam.AddFixedKey(s, summaries)))
	rows = beam.ParDo(s, scoreRFMFn, summaries, beam.SideInput{Input: cuts})
	return rows, beam.Flatten(s, bad, overflow), nil
}

// asOfDate carries the as-of date to the workers with its time zone by
// name (a time.Time crosses the wire with its offset only).
type asOfDate struct {
	AsOf time.Time
	Zone string
}

// location returns the as-of date's time zone: by name when the worker
// knows it, else the fixed offset that crossed the wire.
func (a asOfDate) location() *time.Location {
	if loc, err := time.LoadLocation(a.Zone); err == nil {
		return loc
	}
	return a.AsOf.Location()
}

// dayNumber is segment's calendar day of t in loc as a day count.
func dayNumber(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

type checkRFMFn struct{ At asOfDate }

func (f *checkRFMFn) ProcessElement(ctx context.Context, p journey.Purchase, ok func(string, journey.Purchase), bad func(Rejected)) {
	var field, value string
	var problem error
	switch {
	case p.Customer == "":
		field, value, problem = "customer", `""`, segment.ErrEmpty
	case p.Time.IsZero():
		field, value, problem = "time", p.Time.Format(time.RFC3339), segment.ErrDate
	case math.IsNaN(p.Amount) || math.IsInf(p.Amount, 0):
		field, value, problem = "amount", fmt.Sprint(p.Amount), segment.ErrNonFinite
	case p.Amount < 0:
		field, value, problem = "amount", fmt.Sprint(p.Amount), segment.ErrNegative
	}
	if problem != nil {
		rejectedCounter.Inc(ctx, 1)
		err := &segment.InputError{Index: -1, Field: field, Value: value, Err: problem}
		bad(Rejected{Field: field, Value: value, Reason: fmt.Sprintf("%v (customer %q)", err, p.Customer)})
		return
	}
	if p.Time.Before(f.At.AsOf) {
		ok(p.Customer, p)
	}
}

type summarizeRFMFn struct {
	At  asOfDate
	loc *time.Location
}

func (f *summarizeRFMFn) Setup() { f.loc = f.At.location() }

func (f *summarizeRFMFn) ProcessElement(ctx context.Context, id string, iter func(*journey.Purchase) bool, emit func(segment.RFM), bad func(Rejected)) {
	var log []journey.Purchase
	var p journey.Purchase
	for iter(&p) {
		log = append(log, p)
	}
	slices.SortFunc(log, func(a, b journey.Purchase) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.Amount, b.Amount))
	})
	days := map[int]struct{}{}
	last, sum := math.MinInt, 0.0
	for _, p := range log {
		d := dayNumber(p.Time, f.loc)
		days[d] = struct{}{}
		last = max(last, d)
		sum += p.Amount
	}
	if math.IsInf(sum, 0) {
		rejectedCounter.Inc(ctx, 1)
		err := &segment.InputError{Index: -1, Field: "amount", Value: fmt.Sprint(sum), Err: fmt.Errorf("%w (the total of customer %q overflows)", segment.ErrNonFinite, id)}
		bad(Rejected{Field: "customer", Value: id, Reason: err.Error()})
		return
	}
	emit(segment.RFM{
		Customer:  id,
		Recency:   dayNumber(f.At.AsOf, f.loc) - last,
		Frequency: len(log),
		Days:      len(days),
		Monetary:  math.Round(sum*100) / 100,
	})
}

// rfmCut is a cut point of one measure: a (value, customer) pair in the
// order of segment.ScoreRFM's ranks.
type rfmCut struct {
	Value    float64
	Customer string
}

func (c rfmCut) compare(value float64, customer string) int {
	return cmp.Or(cmp.Compare(value, c.Value), segment.CompareCustomers(customer, c.Customer))
}

// rfmCuts holds the four cut points of each measure: a customer whose
// (value, id) is at most Recency[j−1] is in bin ≤ j.
type rfmCuts struct {
	Recency, Frequency, Monetary []rfmCut
}

// rfmCutsFn gathers every customer's summary (one worker) and reads the
// cut points at the ranks 1 + ⌊j(n − 1)/5⌋, j = 1..4, of each measure.
func rfmCutsFn(_ int, iter func(*segment.RFM) bool) rfmCuts {
	var rows []segment.RFM
	var r segment.RFM
	for iter(&r) {
		rows = append(rows, r)
	}
	n := len(rows)
	cutsOf := func(value func(segment.RFM) float64) []rfmCut {
		slices.SortFunc(rows, func(a, b segment.RFM) int {
			return cmp.Or(cmp.Compare(value(a), value(b)), segment.CompareCustomers(a.Customer, b.Customer))
		})
		out := make([]rfmCut, 4)
		for j := 1; j <= 4; j++ {
			r := rows[j*(n-1)/5] // rank 1 + ⌊j(n−1)/5⌋, 0-based
			out[j-1] = rfmCut{value(r), r.Customer}
		}
		return out
	}
	return rfmCuts{
		Recency:   cutsOf(func(r segment.RFM) float64 { return float64(r.Recency) }),
		Frequency: cutsOf(func(r segment.RFM) float64 { return float64(r.Frequency) }),
		Monetary:  cutsOf(func(r segment.RFM) float64 { return r.Monetary }),
	}
}

// bin returns the quintile bin 1..5 of (value, customer).
func bin(cuts []rfmCut, value float64, customer string) int {
	for j, c := range cuts {
		if c.compare(value, customer) <= 0 {
			return j + 1
		}
	}
	return 5
}

func scoreRFMFn(r segment.RFM, cuts rfmCuts) segment.RFM {
	r.R = 6 - bin(cuts.Recency, float64(r.Recency), r.Customer)
	r.F = bin(cuts.Frequency, float64(r.Frequency), r.Customer)
	r.M = bin(cuts.Monetary, r.Monetary, r.Customer)
	r.Segment = segment.SegmentOf(r.R, r.F)
	return r
}

// Point is one customer's features for [SampleKMeans] and [AssignKMeans].
//
// JSON keys: id, x.
type Point struct {
	ID string
	X  []float64
}

// KMeansSettings says how [SampleKMeans] fits k-means on a sample.
//
// JSON keys: k_means, sample, seed.
type KMeansSettings struct {
	// KMeans is the fit run on the sample (K, restarts, tolerance, ...).
	// Its Weights must be nil (every point counts once); Src and Progress
	// are not used: the fit draws from a PCG seeded with Seed, on a worker.
	KMeans segment.KMeans
	// Sample is the number m of points drawn; 0 means 100,000. Every point
	// is used when there are at most m.
	Sample int
	// Seed seeds both the choice of the sample and the fit's randomness.
	Seed uint64
}

// sampled is a point with its sampling priority.
type sampled struct {
	Priority uint64
	ID       string
	X        []float64
}

// priority is the point's pseudo-random key: FNV-1a of the id, seed mixed
// in, through the splitmix64 finaliser (a uniform 64-bit value that depends
// only on the id and the seed).
func priority(seed uint64, id string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	h.Write([]byte(id))
	z := h.Sum64() + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func lessSampled(a, b sampled) int {
	return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.ID, b.ID))
}

// sampleAcc holds the m points of smallest priority seen so far, as a
// max-heap on (priority, id).
type sampleAcc struct{ Points []sampled }

func (a *sampleAcc) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if lessSampled(a.Points[p], a.Points[i]) >= 0 {
			return
		}
		a.Points[p], a.Points[i] = a.Points[i], a.Points[p]
		i = p
	}
}

func (a *sampleAcc) down(i int) {
	n := len(a.Points)
	for {
		l, big := 2*i+1, i
		if l < n && lessSampled(a.Points[l], a.Points[big]) > 0 {
			big = l
		}
		if r := l + 1; r < n && lessSampled(a.Points[r], a.Points[big]) > 0 {
			big = r
		}
		if big == i {
			return
		}
		a.Points[i], a.Points[big] = a.Points[big], a.Points[i]
		i = big
	}
}

func (a *sampleAcc) add(p sampled, m int) {
	switch {
	case len(a.Points) < m:
		a.Points = append(a.Points, p)
		a.up(len(a.Points) - 1)
	case lessSampled(p, a.Points[0]) < 0:
		a.Points[0] = p
		a.down(0)
	}
}

// sampleFn is a CombineFn keeping the M points of smallest priority:
// bottom-M sampling, a uniform sample of M points without replacement
// whose choice does not depend on the bundling or the merge order.
type sampleFn struct{ M int }

func (f *sampleFn) CreateAccumulator() sampleAcc { return sampleAcc{} }

func (f *sampleFn) AddInput(a sampleAcc, p sampled) sampleAcc {
	a.add(p, f.M)
	return a
}

func (f *sampleFn) MergeAccumulators(a, b sampleAcc) sampleAcc {
	mergeCalls.Add(1)
	a.Points = slices.Clone(a.Points) // the inputs stay as they were
	for _, p := range b.Points {
		a.add(p, f.M)
	}
	return a
}

// ExtractOutput returns the sample in (priority, id) order.
func (f *sampleFn) ExtractOutput(a sampleAcc) []sampled {
	out := slices.Clone(a.Points)
	slices.SortFunc(out, lessSampled)
	return out
}

// KMeansFit is a k-means fit on a sample: the library's Result on the m
// sampled points (its Labels and Sizes are the sample's), the sample's
// size, and the fit's error message ("" when it succeeded).
//
// JSON keys: result, sample, err.
type KMeansFit struct {
	Result segment.Result
	Sample int
	Err    string
}

// sampleKMeansFn fits the sample; the KMeans settings travel as JSON (a
// rand.Source and a func are not data).
type sampleKMeansFn struct {
	KMeans string
	Seed   uint64
}

func (f *sampleKMeansFn) ProcessElement(ctx context.Context, sample []sampled) KMeansFit {
	var km segment.KMeans
	out := KMeansFit{Sample: len(sample)}
	if err := km.UnmarshalJSON([]byte(f.KMeans)); err != nil {
		out.Err = err.Error()
		return out
	}
	km.Src = rand.NewPCG(f.Seed, 0)
	var x segment.Matrix
	if len(sample) > 0 {
		x = segment.Matrix{Rows: len(sample), Cols: len(sample[0].X)}
	}
	for _, p := range sample {
		if len(p.X) != x.Cols {
			out.Err = fmt.Sprintf("cxbeam: point %q has %d features, point %q %d", p.ID, len(p.X), sample[0].ID, x.Cols)
			return out
		}
		x.Data = append(x.Data, p.X...)
	}
	res, err := km.Fit(ctx, x)
	if err != nil {
		out.Err = err.Error()
		return out
	}
	out.Result = res
	return out
}

// checkPointFn sets aside points with no features or a non-finite one and
// gives the others their sampling priority.
type checkPointFn struct{ Seed uint64 }

func (f *checkPointFn) ProcessElement(ctx context.Context, p Point, ok func(sampled), bad func(Rejected)) {
	if r, fails := badPoint(p); fails {
		rejectedCounter.Inc(ctx, 1)
		bad(r)
		return
	}
	ok(sampled{Priority: priority(f.Seed, p.ID), ID: p.ID, X: p.X})
}

func badPoint(p Point) (Rejected, bool) {
	if len(p.X) == 0 {
		return Rejected{Field: "x", Value: p.ID, Reason: fmt.Sprintf("cxbeam: point %q: %v: no features", p.ID, segment.ErrEmpty)}, true
	}
	for j, x := range p.X {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return Rejected{Field: "x", Value: p.ID, Reason: fmt.Sprintf("cxbeam: point %q: feature %d is %v: %v", p.ID, j, x, segment.ErrNonFinite)}, true
		}
	}
	return Rejected{}, false
}

// SampleKMeans fits k-means on a uniform sample of the points of a
// PCollection<Point> and returns a PCollection holding one [KMeansFit], and
// a PCollection<Rejected> of the points with no features or a non-finite
// one. [AssignKMeans] then labels every point with the fitted centres.
//
// Why a sample. Lloyd's algorithm needs tens to hundreds of passes over
// the data, each depending on the last; Beam has no loops, so a
// distributed fit would be one pipeline (one full read and shuffle) per
// iteration. The centres of a uniform sample are almost as good: for any
// K centres the sample's mean squared distance estimates the population's
// without bias, and it does so uniformly over all sets of centres with
// high probability, so the centres fitted on m points have a population
// inertia within an additive ε·n·Δ² of the best (Δ the diameter of the
// data) once m grows like (K·d·log K + log 1/δ)/ε² (Mishra, Oblinger & Pitt
// 2001, "Sublinear time approximate clustering", SODA; Czumaj & Sohler 2007,
// Random Structures & Algorithms 30(1–2) 226–256). The error of each centre
// itself is that of a mean over its cluster's share of the sample, about
// σ/√(m·share): 100,000 points put a cluster holding 5 % of the customers
// within 1.4 % of its standard deviation. Small clusters are what a sample
// loses: a segment of fewer than ~1/m of the customers may be missed
// entirely. (Importance-sampling coresets, Bachem, Lucic & Krause 2018,
// KDD, bound the relative error instead, at the price of a first pass for
// the distances to the mean.)
//
// The sample is bottom-m sampling: every point gets a pseudo-random
// priority, a hash of its ID and the seed, and the m points of smallest
// priority are kept by a combine (a bounded heap per bundle, merged): a
// uniform sample without replacement, provided the ids are distinct. It
// depends only on the ids and the seed, not on the runner, the bundling or
// the merge order, so a rerun on the same data draws the same points on
// any runner (unlike a random-number draw per worker, which would depend
// on how the runner splits the data). Its limits: points with equal ids
// are all kept or all dropped together, a different set of ids (new
// customers) changes the sample, and the hash is pseudo-random, not
// cryptographic. The fit then runs on ONE worker on the sample sorted by
// priority, with st.KMeans and a PCG seeded with st.Seed: it is
// identical, bit for bit, to st.KMeans.Fit on the same points in
// the same order with Src rand.NewPCG(Seed, 0). The fit's memory is the
// library's on m points.
//
// st nil means the defaults: segment.KMeans' own, a sample of 100,000, seed
// 0. Settings with weights, a negative sample size or a KMeans that does
// not encode are an error before the pipeline is built; a fit that fails on
// the data (fewer distinct points than K, points of different lengths) is
// reported in KMeansFit.Err, not as a failed job.
func SampleKMeans(s beam.Scope, st *KMeansSettings, points beam.PCollection) (fit, rejected beam.PCollection, err error) {
	ks := settings.Of(st)
	if ks.KMeans.Weights != nil {
		return beam.PCollection{}, beam.PCollection{}, fmt.Errorf("cxbeam: SampleKMeans: %w: KMeans.Weights must be nil: every point counts once", segment.ErrOutOfRange)
	}
	m := ks.Sample
	if m == 0 {
		m = 100_000
	}
	if m < 0 {
		return beam.PCollection{}, beam.PCollection{}, fmt.Errorf("cxbeam: SampleKMeans: %w: sample size %d", segment.ErrNegative, m)
	}
	km, err := ks.KMeans.MarshalJSON()
	if err != nil {
		return beam.PCollection{}, beam.PCollection{}, err
	}
	s = s.Scope("cxbeam.SampleKMeans")
	ok, bad := beam.ParDo2(s, &checkPointFn{Seed: ks.Seed}, points)
	sample := beam.Combine(s, &sampleFn{M: m}, ok)
	return beam.ParDo(s, &sampleKMeansFn{KMeans: string(km), Seed: ks.Seed}, sample), bad, nil
}

// AssignKMeans labels every point of a PCollection<Point> with its nearest
// centre of fit (a PCollection holding one [KMeansFit], the side input):
// a PCollection<KV<string, int>> of (ID, cluster), with ties to the lower
// index, as segment.Result.Predict does (each label is Predict's). Points
// with no features, a non-finite one or not as many features as the
// centres go to the PCollection<Rejected>. A fit without centres (its Err
// says why) fails the job at the first point.
func AssignKMeans(s beam.Scope, fit, points beam.PCollection) (labels, rejected beam.PCollection) {
	s = s.Scope("cxbeam.AssignKMeans")
	return beam.ParDo2(s, assignFn, points, beam.SideInput{Input: fit})
}

func assignFn(ctx context.Context, p Point, fit KMeansFit, emit func(string, int), bad func(Rejected)) error {
	c := fit.Result.Centers
	if c.Rows == 0 {
		return fmt.Errorf("cxbeam: AssignKMeans: the fit has no centres: %s", fit.Err)
	}
	r, fails := badPoint(p)
	if !fails && len(p.X) != c.Cols {
		r, fails = Rejected{Field: "x", Value: p.ID, Reason: fmt.Sprintf("cxbeam: point %q: %v: %d features, the centres have %d", p.ID, segment.ErrLength, len(p.X), c.Cols)}, true
	}
	if fails {
		rejectedCounter.Inc(ctx, 1)
		bad(r)
		return nil
	}
	label, err := fit.Result.Predict(ctx, segment.Matrix{Data: p.X, Rows: 1, Cols: len(p.X)})
	if err != nil {
		return err
	}
	emit(p.ID, label[0])
	return nil
}

func init() {
	register.DoFn4x0[context.Context, journey.Purchase, func(string, journey.Purchase), func(Rejected)](&checkRFMFn{})
	register.DoFn5x0[context.Context, string, func(*journey.Purchase) bool, func(segment.RFM), func(Rejected)](&summarizeRFMFn{})
	register.Function2x1(rfmCutsFn)
	register.Function2x1(scoreRFMFn)
	register.Emitter1[segment.RFM]()
	register.Iter1[segment.RFM]()
	register.DoFn4x0[context.Context, Point, func(sampled), func(Rejected)](&checkPointFn{})
	register.Combiner3[sampleAcc, sampled, []sampled](&sampleFn{})
	register.DoFn2x1[context.Context, []sampled, KMeansFit](&sampleKMeansFn{})
	register.Function5x1(assignFn)
	register.Emitter1[sampled]()
}
