package simulate

import (
	"github.com/cxkit/cxkit/journey"

	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// DefaultMap returns the journey map the simulator uses when none is given:
// an online retailer with a subscription, 15 touchpoints over the seven
// stages, and checkout, delivery and support_contact as moments of truth.
// Each call returns a new map.
func DefaultMap() *journey.Map {
	return &journey.Map{
		Name: "online retail",
		Stages: []journey.Stage{journey.StageAwareness, journey.StageConsideration, journey.StagePurchase, journey.StageOnboarding,
			journey.StageUsage, journey.StageRetention, journey.StageAdvocacy},
		Touchpoints: []journey.Touchpoint{
			{Name: "ad_impression", Stage: journey.StageAwareness, Channel: "display"},
			{Name: "social_post", Stage: journey.StageAwareness, Channel: "social"},
			{Name: "search_result", Stage: journey.StageAwareness, Channel: "paid_search"},
			{Name: "website_visit", Stage: journey.StageConsideration, Channel: "web"},
			{Name: "product_page", Stage: journey.StageConsideration, Channel: "web"},
			{Name: "add_to_cart", Stage: journey.StagePurchase, Channel: "web"},
			{Name: "checkout", Stage: journey.StagePurchase, Channel: "web"},
			{Name: "payment", Stage: journey.StagePurchase, Channel: "web"},
			{Name: "delivery", Stage: journey.StageOnboarding, Channel: "logistics"},
			{Name: "setup", Stage: journey.StageOnboarding, Channel: "mobile_app"},
			{Name: "app_usage", Stage: journey.StageUsage, Channel: "mobile_app"},
			{Name: "support_contact", Stage: journey.StageUsage, Channel: "phone"},
			{Name: "renewal", Stage: journey.StageRetention, Channel: "email"},
			{Name: "review_posted", Stage: journey.StageAdvocacy, Channel: "web"},
			{Name: "referral", Stage: journey.StageAdvocacy, Channel: "email"},
		},
		MomentsOfTruth: []string{"checkout", "delivery", "support_contact"},
	}
}

// Simulator generates realistic, reproducible customer-experience data for
// examples, teaching and benchmarks. Each customer enters the map at one
// awareness touchpoint and walks the later stages in order, touchpoint by
// touchpoint. At each touchpoint the customer has an experience
// x = Quality + noise in [0, 1]; the chance of going on rises with x, so bad
// touchpoints lose customers (pain points). Web touchpoints happen on the
// customer's device, "web" or "mobile_app", which switches with probability
// SwitchProb (omnichannel behaviour). Some touchpoints ask for a CSAT (1–5)
// or CES (1–7) rating that follows x; customers who reach onboarding give a
// relationship NPS rating (0–10) driven by their experience at the moments
// of truth. Reaching payment is a purchase; each renewal is another.
//
// The zero value is usable: DefaultMap, 1,000 customers, start 2024-01-01
// UTC, qualities of DefaultQuality, and a PCG seeded (1, 2). A Simulator is
// not safe for concurrent use (its Src is not).
//
// JSON keys: map, customers, start, span_days, quality, switch_prob, survey_prob (Src and Progress are not encoded).
type Simulator struct {
	Map        *journey.Map       // nil: DefaultMap(); touchpoints are visited in map order within a stage
	Customers  int                // number of customers; 0 means 1,000
	Start      time.Time          // earliest first event; zero means 2024-01-01 UTC
	SpanDays   float64            // first events spread over this many days; 0 means 90
	Quality    map[string]float64 // per touchpoint, in [0, 1]; missing ones use DefaultQuality
	SwitchProb float64            // device switch probability per web touchpoint; 0 means 0.2; <0 means none
	SurveyProb float64            // probability of a rating request per rated touchpoint; 0 means 0.35
	Src        rand.Source        // nil means rand.NewPCG(1, 2); not encoded

	// Progress, if not nil, is called from Run's goroutine with the
	// customers done and Customers, after every 1,000 customers and at the
	// end. Not encoded.
	Progress func(done, total int)
}

// MaxCustomers bounds Simulator.Customers: the data of one
// customer takes about a kilobyte.
const MaxCustomers = 10_000_000

// DefaultQuality is the experience quality of the default map's
// touchpoints. Delivery is the deliberate weak spot.
var DefaultQuality = map[string]float64{
	"ad_impression": 0.6, "social_post": 0.65, "search_result": 0.7,
	"website_visit": 0.75, "product_page": 0.7, "add_to_cart": 0.8, "checkout": 0.6, "payment": 0.85,
	"delivery": 0.4, "setup": 0.7, "app_usage": 0.75, "support_contact": 0.55,
	"renewal": 0.7, "review_posted": 0.8, "referral": 0.8,
}

// surveyKindOf says which touchpoints ask for a rating and of which kind.
var surveyKindOf = map[string]journey.SurveyKind{
	"product_page": journey.KindCSAT, "checkout": journey.KindCES, "delivery": journey.KindCSAT,
	"setup": journey.KindCES, "support_contact": journey.KindCES, "app_usage": journey.KindCSAT, "renewal": journey.KindCSAT,
}

// Data is what [Simulator.Run] produces.
//
// JSON keys: map, events, surveys, purchases, journeys.
type Data struct {
	Map       *journey.Map
	Events    []journey.Event          // all customers, in time order (as a stream arrives)
	Surveys   []journey.SurveyResponse // in time order of each customer
	Purchases []journey.Purchase
	Journeys  []journey.Journey // one per customer; journey.Outcome converted when the customer paid
}

// Run generates the data. It checks ctx between customers and returns
// ctx.Err() when cancelled. Errors: ErrEmpty for a nil Simulator; the
// errors of [journey.Map.Validate]; ErrOutOfRange for a negative number of
// customers or more than MaxCustomers, a span ≤ 0, probabilities
// above 1 and qualities outside [0, 1]; ErrNonFinite for NaN or infinite
// settings.
func (s *Simulator) Run(ctx context.Context) (Data, error) {
	if s == nil {
		return Data{}, fmt.Errorf("%w: nil simulator", ErrEmpty)
	}
	progress := s.Progress
	m := s.Map
	if m == nil {
		m = DefaultMap()
	}
	if err := m.Validate(); err != nil {
		return Data{}, err
	}
	n := s.Customers
	if n == 0 {
		n = 1000
	}
	if n < 0 || n > MaxCustomers {
		return Data{}, badValue("customers", fmt.Sprint(n), fmt.Errorf("%w 0..%d", ErrOutOfRange, MaxCustomers))
	}
	start := s.Start
	if start.IsZero() {
		start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	span := s.SpanDays
	if span == 0 {
		span = 90
	}
	switchP := s.SwitchProb
	if switchP == 0 {
		switchP = 0.2
	}
	surveyP := s.SurveyProb
	if surveyP == 0 {
		surveyP = 0.35
	}
	for _, v := range []struct {
		field string
		v     float64
		ok    bool
	}{{"span days", span, span > 0}, {"switch probability", switchP, switchP <= 1}, {"survey probability", surveyP, surveyP > 0 && surveyP <= 1}} {
		switch {
		case math.IsNaN(v.v) || math.IsInf(v.v, 0):
			return Data{}, badValue(v.field, fmt.Sprint(v.v), ErrNonFinite)
		case !v.ok:
			return Data{}, badValue(v.field, fmt.Sprint(v.v), ErrOutOfRange)
		}
	}
	quality := map[string]float64{}
	for _, tp := range m.Touchpoints {
		q, ok := s.Quality[tp.Name]
		if !ok {
			q, ok = DefaultQuality[tp.Name]
		}
		if !ok {
			q = 0.7
		}
		if !(q >= 0 && q <= 1) {
			return Data{}, badValue("quality of "+tp.Name, fmt.Sprint(q), fmt.Errorf("%w 0..1", ErrOutOfRange))
		}
		quality[tp.Name] = q
	}
	src := s.Src
	if src == nil {
		src = rand.NewPCG(1, 2)
	}
	w := &simWalker{m: m, rng: rand.New(src), quality: quality, switchP: max(switchP, 0), surveyP: surveyP}
	d := Data{Map: m}
	for i := 0; i < n; i++ {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return Data{}, err
			}
			if progress != nil && i > 0 {
				progress(i, n)
			}
		}
		t0 := start.Add(time.Duration(w.rng.Float64() * span * 24 * float64(time.Hour))).Truncate(time.Second)
		w.customer(fmt.Sprintf("S%05d", i+1), t0, &d)
	}
	if progress != nil {
		progress(n, n)
	}
	slices.SortStableFunc(d.Events, func(a, b journey.Event) int { return a.Time.Compare(b.Time) })
	return d, nil
}

// simWalker holds the state of one simulation.
type simWalker struct {
	m       *journey.Map
	rng     *rand.Rand
	quality map[string]float64
	switchP float64
	surveyP float64
}

// gap returns a log-normal waiting time with the given median.
func (w *simWalker) gap(median time.Duration) time.Duration {
	g := time.Duration(float64(median) * math.Exp(0.9*w.rng.NormFloat64()))
	return max(g.Truncate(time.Second), time.Second)
}

func clamp01(x float64) float64 { return math.Min(1, math.Max(0, x)) }

func (w *simWalker) customer(id string, t time.Time, d *Data) {
	rng := w.rng
	device := "web"
	if rng.Float64() < 0.45 {
		device = "mobile_app"
	}
	j := journey.Journey{Customer: id}
	mot := map[string]float64{}
	var awareness []journey.Touchpoint
	for _, tp := range w.m.Touchpoints {
		if tp.Stage == journey.StageAwareness {
			awareness = append(awareness, tp)
		}
	}
	emit := func(tp journey.Touchpoint, value float64) float64 {
		ch := tp.Channel
		if ch == "web" || ch == "mobile_app" {
			if rng.Float64() < w.switchP {
				if device == "web" {
					device = "mobile_app"
				} else {
					device = "web"
				}
			}
			ch = device
		}
		x := clamp01(w.quality[tp.Name] + 0.18*rng.NormFloat64())
		e := journey.Event{Customer: id, Time: t, Name: tp.Name, Touchpoint: tp.Name, Channel: ch, Value: value}
		j.Events = append(j.Events, e)
		d.Events = append(d.Events, e)
		if k, ok := surveyKindOf[tp.Name]; ok && rng.Float64() < w.surveyP {
			d.Surveys = append(d.Surveys, journey.SurveyResponse{Customer: id, Time: t.Add(w.gap(2 * time.Hour)),
				Touchpoint: tp.Name, Kind: k, Rating: ratingFor(k, x, rng)})
		}
		if w.m.IsMomentOfTruth(tp.Name) {
			mot[tp.Name] = x
		}
		return x
	}
	// Awareness: one entry touchpoint, sometimes two.
	entry := awareness
	if len(entry) > 0 {
		emit(entry[rng.IntN(len(entry))], 0)
		if rng.Float64() < 0.3 {
			t = t.Add(w.gap(20 * time.Hour))
			emit(entry[rng.IntN(len(entry))], 0)
		}
	}
	paid := false
	for _, st := range w.m.Stages {
		if st == journey.StageAwareness {
			continue
		}
		stageGap := map[journey.Stage]time.Duration{journey.StageConsideration: 30 * time.Minute, journey.StagePurchase: 20 * time.Minute,
			journey.StageOnboarding: 48 * time.Hour, journey.StageUsage: 7 * 24 * time.Hour, journey.StageRetention: 25 * 24 * time.Hour,
			journey.StageAdvocacy: 3 * 24 * time.Hour}[st]
		t = t.Add(w.gap(max(stageGap, time.Minute)))
		for _, tp := range w.m.Touchpoints {
			if tp.Stage != st {
				continue
			}
			if tp.Name == "support_contact" && rng.Float64() < 0.5 {
				continue // only half of the customers need support
			}
			value := 0.0
			if tp.Name == "payment" || tp.Name == "renewal" {
				value = math.Round(math.Exp(3.8+0.5*rng.NormFloat64())*100) / 100
			}
			x := emit(tp, value)
			if value > 0 {
				d.Purchases = append(d.Purchases, journey.Purchase{Customer: id, Time: t, Amount: value})
				paid = true
			}
			// Going on depends on the experience here; moments of truth weigh more.
			pGo := 0.45 + 0.5*x
			if w.m.IsMomentOfTruth(tp.Name) {
				pGo = 0.25 + 0.75*x
			}
			if rng.Float64() >= pGo {
				w.finish(&j, paid, mot, t, d)
				return
			}
			t = t.Add(w.gap(10 * time.Minute))
		}
	}
	w.finish(&j, paid, mot, t, d)
}

// finish records the journey and, for customers past the purchase, a
// relationship NPS rating driven by the moments of truth they lived.
func (w *simWalker) finish(j *journey.Journey, paid bool, mot map[string]float64, t time.Time, d *Data) {
	if paid {
		j.Outcome = journey.OutcomeConverted
		var sum, wsum float64
		weights := []float64{0.25, 0.45, 0.3}
		for i, name := range w.m.MomentsOfTruth {
			x, ok := mot[name]
			if !ok {
				continue
			}
			wt := 1.0
			if i < len(weights) {
				wt = weights[i]
			}
			sum += wt * x
			wsum += wt
		}
		if wsum > 0 && w.rng.Float64() < 0.8 {
			d.Surveys = append(d.Surveys, journey.SurveyResponse{Customer: j.Customer, Time: t.Add(w.gap(24 * time.Hour)),
				Kind: journey.KindNPS, Rating: ratingFor(journey.KindNPS, sum/wsum, w.rng)})
		}
	} else {
		j.Outcome = journey.OutcomeChurned
	}
	d.Journeys = append(d.Journeys, *j)
}

// ratingFor maps an experience x in [0, 1] to a rating on the kind's scale,
// with response noise.
func ratingFor(k journey.SurveyKind, x float64, rng *rand.Rand) int {
	sc := journey.DefaultScale(k)
	span := float64(sc.Max - sc.Min)
	q := clamp01(x + 0.08*rng.NormFloat64())
	if k == journey.KindNPS {
		// Likelihood to recommend is skewed to the top of the 0–10 scale
		// (a fair experience earns a 7 or 8, not a 5): map the quality
		// through the concave 1 − (1 − q)².
		q = 1 - (1-q)*(1-q)
	}
	return int(math.Round(float64(sc.Min) + span*q))
}

// Sample returns the simulator that produced the bundled sample data set
// (testdata/sample_events.csv, sample_surveys.csv and sample_purchases.csv):
// 500 customers on DefaultMap, a rating request at 60% of rated touchpoints,
// seeded PCG(2026, 11). Run it to get the same data in memory.
func Sample() *Simulator {
	return &Simulator{Customers: 500, SurveyProb: 0.6, Src: rand.NewPCG(2026, 11)}
}
