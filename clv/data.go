package clv

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/cxkit/cxkit/journey"
)

// Customer is one customer's summary of a calibration period, in the
// notation of Fader, Hardie & Lee (2005). Times are in the period unit the
// summary was built with (see [Summarize]); for the CDNOW data, weeks.
//
// A valid summary (see [Customer.Validate]) has a whole, non-negative
// Frequency; 0 ≤ Recency ≤ T; T > 0 (a T of 0 is allowed but carries no
// information); Recency = 0 and Monetary = 0 when Frequency = 0; and
// Monetary ≥ 0. All values are finite.
//
// JSON keys: id, frequency, recency, t, monetary.
type Customer struct {
	// ID identifies the customer in error messages and outputs. It may be
	// empty; errors then name the customer by its index.
	ID string
	// Frequency is x, the number of repeat purchase periods: the number of
	// distinct periods with a purchase after the period of the first
	// purchase (all periods with a purchase, the first included, when the
	// summary was made with SummarySettings.IncludeFirstPurchase).
	Frequency float64
	// Recency is t_x, the time from the first purchase to the last repeat
	// purchase (0 when Frequency = 0).
	Recency float64
	// T is the customer's age: the time from the first purchase to the end
	// of the observation (calibration) period.
	T float64
	// Monetary is the mean amount of the repeat purchase periods (the first
	// purchase is excluded unless SummarySettings.IncludeFirstPurchase is
	// set; purchases in one period are summed first), in the data's
	// currency; 0 when Frequency = 0.
	Monetary float64
}

// Validate reports whether c is a valid summary (see [Customer]). The
// error is an [*InputError] (Index −1) naming the field and wrapping
// [ErrNonFinite], [ErrNegative], [ErrNotInteger] or [ErrOutOfRange].
func (c Customer) Validate() error {
	if e := c.check(); e != nil {
		return e
	}
	return nil
}

// check is Validate with a typed result, so that callers can set the index.
func (c Customer) check() *InputError {
	for i, v := range [4]float64{c.Frequency, c.Recency, c.T, c.Monetary} {
		if !(v >= 0) || math.IsInf(v, 0) {
			name := [4]string{"frequency", "recency", "T", "monetary"}[i]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return inputErr(name, v, ErrNonFinite)
			}
			return inputErr(name, v, ErrNegative)
		}
	}
	switch {
	case c.Frequency != math.Trunc(c.Frequency):
		return inputErr("frequency", c.Frequency, ErrNotInteger)
	case c.Recency > c.T:
		return inputErr("recency", c.Recency, fmt.Errorf("%w: greater than T %v", ErrOutOfRange, c.T))
	case c.Frequency == 0 && c.Recency != 0:
		return inputErr("recency", c.Recency, fmt.Errorf("%w: not 0 with zero frequency", ErrOutOfRange))
	case c.Frequency == 0 && c.Monetary != 0:
		return inputErr("monetary", c.Monetary, fmt.Errorf("%w: not 0 with zero frequency", ErrOutOfRange))
	}
	return nil
}

// Period lengths for SummarySettings.
const (
	Day  = 24 * time.Hour
	Week = 7 * Day
)

// SummarySettings says how a transaction log becomes [Customer] summaries.
// A nil *SummarySettings, and every zero field, means the documented default.
//
// Time is cut into periods of length Period counted from Origin: a
// purchase's period is ⌊(time − Origin)/Period⌋, and all purchases of a
// customer in one period count as one purchase whose amount is their sum.
// Frequency is the number of periods with a purchase after the first
// one, Recency and T are differences of period numbers, expressed in Unit.
// For example CDNOW (Fader, Hardie & Lee 2005) uses Period = [Day] and
// Unit = [Week]: days with purchases are counted once and times are
// days/7, so T of a customer who first bought on 1997-01-01, with End
// 1997-09-30, is 272/7 = 38.857 weeks.
//
// JSON keys: period, unit (time.Duration, in nanoseconds), origin, end
// (RFC 3339 times), reject_duplicates, include_first_purchase.
type SummarySettings struct {
	// Period is the length of a purchase period; purchases of a customer in
	// the same period merge. Default Day.
	Period time.Duration
	// Unit is the time unit of Recency and T (and so of every model rate).
	// Default Period. Use Week with Period = Day for the CDNOW convention.
	Unit time.Duration
	// Origin anchors the period grid. Default (zero) is Monday 1970-01-05
	// 00:00 UTC, so days start at midnight UTC and weeks on Monday. Times
	// must lie within about 290 years of Origin.
	Origin time.Time
	// End is the end of observation: purchases in periods after End's
	// period are ignored, and T is counted to End's period. Default (zero)
	// is the time of the latest purchase in the log.
	End time.Time
	// RejectDuplicates makes two transactions with the same customer, time
	// and amount an error (an [*InputError] wrapping [ErrDuplicate] at the
	// index of the second). By default they are kept as two purchases that merge into
	// one period with the summed amount, which is right for logs where two
	// identical orders can happen.
	RejectDuplicates bool
	// IncludeFirstPurchase counts the first purchase period in Frequency
	// and in Monetary, as lifetimes' include_first_transaction=True does:
	// Frequency is then the number of periods with a purchase (≥ 1) and
	// Monetary the mean amount over all of them; Recency and T are
	// unchanged. Use it for a spend model of every customer, e.g. a
	// Gamma-Gamma fit that includes one-time buyers. The default (false)
	// gives the repeat-purchase summaries that the transaction models
	// (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB) are defined on; do not fit them
	// on summaries that count the first purchase (their frequency would be
	// one too high and x ≥ 1 for everybody).
	IncludeFirstPurchase bool
}

// defaultOrigin is a Monday at midnight UTC.
var defaultOrigin = time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)

// grid is a resolved SummarySettings.
type grid struct {
	origin time.Time
	period time.Duration
	scale  float64 // Period/Unit
}

func (o *SummarySettings) grid() (grid, error) {
	var s SummarySettings
	if o != nil {
		s = *o
	}
	if s.Period == 0 {
		s.Period = Day
	}
	if s.Unit == 0 {
		s.Unit = s.Period
	}
	if s.Period < 0 || s.Unit < 0 {
		return grid{}, fmt.Errorf("%w: Period %v and Unit %v must be positive", ErrOutOfRange, s.Period, s.Unit)
	}
	if s.Origin.IsZero() {
		s.Origin = defaultOrigin
	}
	return grid{origin: s.Origin, period: s.Period, scale: float64(s.Period) / float64(s.Unit)}, nil
}

// checkAmount returns an *InputError (without index) unless amt is finite
// and ≥ 0.
func checkAmount(amt float64) *InputError {
	switch {
	case math.IsNaN(amt) || math.IsInf(amt, 0):
		return inputErr("amount", amt, ErrNonFinite)
	case amt < 0:
		return inputErr("amount", amt, ErrNegative)
	}
	return nil
}

// index returns the period number of t, or false if t is too far from the
// origin for time.Duration arithmetic.
func (g grid) index(t time.Time) (int64, bool) {
	d := t.Sub(g.origin)
	if d == math.MaxInt64 || d == math.MinInt64 {
		return 0, false
	}
	q := int64(d / g.period)
	if d%g.period < 0 {
		q-- // floor for times before the origin
	}
	return q, true
}

// txn is one transaction reduced to (customer ordinal, period, amount).
type txn struct {
	cust   int
	period int64
	amount float64
	row    int
	nanos  int64 // exact time, for duplicate detection
}

// prepare validates the log and returns its transactions sorted by customer
// (in order of first appearance) and period, with the customer IDs.
func prepare(n int, at func(i int) (string, time.Time, float64), g grid, rejectDup bool) ([]txn, []string, error) {
	if n == 0 {
		return nil, nil, ErrEmpty
	}
	ord := map[string]int{}
	var ids []string
	tx := make([]txn, n)
	for i := range n {
		id, t, amt := at(i)
		if e := checkAmount(amt); e != nil {
			return nil, nil, e.at(i)
		}
		p, ok := g.index(t)
		if !ok {
			return nil, nil, &InputError{Index: i, Field: "time", Value: t.String(), Err: fmt.Errorf("%w: too far from the period origin", ErrOutOfRange)}
		}
		c, seen := ord[id]
		if !seen {
			c = len(ids)
			ord[id] = c
			ids = append(ids, id)
		}
		tx[i] = txn{cust: c, period: p, amount: amt, row: i, nanos: int64(t.Sub(g.origin))}
	}
	sort.SliceStable(tx, func(i, j int) bool {
		if tx[i].cust != tx[j].cust {
			return tx[i].cust < tx[j].cust
		}
		return tx[i].nanos < tx[j].nanos
	})
	if rejectDup {
		for i := 1; i < n; i++ {
			a, b := tx[i-1], tx[i]
			if a.cust == b.cust && a.nanos == b.nanos && a.amount == b.amount {
				r := max(a.row, b.row)
				return nil, nil, &InputError{Index: r, Field: "transaction of customer", Value: ids[b.cust], Err: fmt.Errorf("%w: same time and amount as index %d", ErrDuplicate, min(a.row, b.row))}
			}
		}
	}
	return tx, ids, nil
}

// eachCustomer calls fn with each customer's merged periods (see
// periodSums), in order; tx is sorted by customer and time. The slice
// passed to fn is reused by the next call.
func eachCustomer(tx []txn, fn func(per []txn)) {
	var buf []txn
	for lo := 0; lo < len(tx); {
		hi := lo
		for hi < len(tx) && tx[hi].cust == tx[lo].cust {
			hi++
		}
		buf = periodSums(buf[:0], tx[lo:hi])
		fn(buf)
		lo = hi
	}
}

// periodSums merges one customer's sorted transactions into (period, sum)
// pairs, appending to dst.
func periodSums(dst []txn, tx []txn) []txn {
	for _, t := range tx {
		if k := len(dst) - 1; k >= 0 && dst[k].period == t.period {
			dst[k].amount += t.amount
			continue
		}
		dst = append(dst, t)
	}
	return dst
}

// Summarize builds one [Customer] summary per customer of a purchase log, in
// order of each customer's first transaction in the log (see
// [SummarySettings] for periods, units and the end of observation). The log
// need not be sorted. Customers whose first purchase falls after End are
// left out; purchases after End are ignored.
//
// Errors: [ErrEmpty] for an empty log (or none before End); an [*InputError]
// at the row's index for a negative, NaN or infinite amount, a time too far from
// the origin, or (with RejectDuplicates) a duplicate.
func Summarize(log []journey.Purchase, o *SummarySettings) ([]Customer, error) {
	return summarize(len(log), func(i int) (string, time.Time, float64) {
		p := log[i]
		return p.Customer, p.Time, p.Amount
	}, o)
}

// SummarizeSlices is [Summarize] on parallel slices: transaction i is
// customer ids[i] at times[i] for amounts[i]. Slices of different lengths
// give an error wrapping [ErrLength].
func SummarizeSlices(ids []string, times []time.Time, amounts []float64, o *SummarySettings) ([]Customer, error) {
	if len(ids) != len(times) || len(ids) != len(amounts) {
		return nil, fmt.Errorf("%w: %d ids, %d times, %d amounts", ErrLength, len(ids), len(times), len(amounts))
	}
	return summarize(len(ids), func(i int) (string, time.Time, float64) {
		return ids[i], times[i], amounts[i]
	}, o)
}

func summarize(n int, at func(int) (string, time.Time, float64), o *SummarySettings) ([]Customer, error) {
	g, err := o.grid()
	if err != nil {
		return nil, err
	}
	tx, ids, err := prepare(n, at, g, o != nil && o.RejectDuplicates)
	if err != nil {
		return nil, err
	}
	end, err := endPeriod(o, g, tx)
	if err != nil {
		return nil, err
	}
	out := make([]Customer, 0, len(ids))
	eachCustomer(tx, func(per []txn) {
		if c, ok := customerSummary(ids[per[0].cust], per, end, g.scale, o != nil && o.IncludeFirstPurchase); ok {
			out = append(out, c)
		}
	})
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no purchase before the end of observation", ErrEmpty)
	}
	return out, nil
}

// endPeriod returns the period of the end of observation.
func endPeriod(o *SummarySettings, g grid, tx []txn) (int64, error) {
	if o == nil || o.End.IsZero() {
		end := tx[0].period
		for _, t := range tx {
			end = max(end, t.period)
		}
		return end, nil
	}
	end, ok := g.index(o.End)
	if !ok {
		return 0, fmt.Errorf("%w: End %v is too far from the period origin", ErrOutOfRange, o.End)
	}
	return end, nil
}

// customerSummary summarises one customer's merged periods up to period end;
// false if the first purchase is after end. With withFirst the first
// period counts in Frequency and Monetary (SummarySettings.IncludeFirstPurchase).
func customerSummary(id string, per []txn, end int64, scale float64, withFirst bool) (Customer, bool) {
	first := per[0].period
	if first > end {
		return Customer{}, false
	}
	c := Customer{ID: id, T: float64(end-first) * scale}
	sum := 0.0
	if withFirst {
		c.Frequency, sum = 1, per[0].amount
	}
	for _, p := range per[1:] {
		if p.period > end {
			break
		}
		c.Frequency++
		c.Recency = float64(p.period-first) * scale
		sum += p.amount
	}
	if c.Frequency > 0 {
		c.Monetary = sum / c.Frequency
	}
	return c, true
}

// Holdout is a customer's activity in the holdout period of a [Split].
//
// JSON keys: frequency, monetary.
type Holdout struct {
	// Frequency is the number of holdout periods with a purchase (periods
	// are merged as in the calibration summary).
	Frequency float64
	// Monetary is the mean amount per holdout purchase period (amounts in
	// one period summed first); 0 when Frequency = 0.
	Monetary float64
}

// Split is a transaction log cut into a calibration summary and the
// holdout activity of the same customers.
//
// JSON keys: calibration, holdout, duration.
type Split struct {
	// Calibration holds the summaries up to the cut-off (T counted to the
	// cut-off's period), in order of first appearance in the log.
	Calibration []Customer
	// Holdout is index-aligned with Calibration.
	Holdout []Holdout
	// Duration is the length of the holdout period, from the cut-off's
	// period to End's period, in Unit.
	Duration float64
}

// SplitHoldout cuts a purchase log at cutoff: periods up to and including
// cutoff's period are the calibration period, later periods up to End's
// period (SummarySettings.End, default the latest purchase) are the holdout.
// Only customers whose first purchase is in the calibration period are
// kept, as in the papers.
//
// Holdout frequency and holdout monetary value are both computed on merged
// periods, like the calibration summary. lifetimes'
// calibration_and_holdout_data differs: its frequency_holdout counts merged
// periods but its monetary_value_holdout is the mean over raw transactions,
// so the two disagree whenever a customer buys twice in one period.
// SummarySettings.IncludeFirstPurchase applies to the calibration
// summaries only, as lifetimes' include_first_transaction does there.
//
// Errors are those of [Summarize], plus [ErrOutOfRange] if cutoff is after End.
func SplitHoldout(log []journey.Purchase, cutoff time.Time, o *SummarySettings) (Split, error) {
	g, err := o.grid()
	if err != nil {
		return Split{}, err
	}
	tx, ids, err := prepare(len(log), func(i int) (string, time.Time, float64) {
		p := log[i]
		return p.Customer, p.Time, p.Amount
	}, g, o != nil && o.RejectDuplicates)
	if err != nil {
		return Split{}, err
	}
	end, err := endPeriod(o, g, tx)
	if err != nil {
		return Split{}, err
	}
	cut, ok := g.index(cutoff)
	if !ok || cut > end {
		return Split{}, fmt.Errorf("%w: cut-off %v is after the end of observation", ErrOutOfRange, cutoff)
	}
	s := Split{Duration: float64(end-cut) * g.scale}
	eachCustomer(tx, func(per []txn) {
		c, ok := customerSummary(ids[per[0].cust], per, cut, g.scale, o != nil && o.IncludeFirstPurchase)
		if !ok {
			return
		}
		var h Holdout
		sum := 0.0
		for _, p := range per {
			if p.period > cut && p.period <= end {
				h.Frequency++
				sum += p.amount
			}
		}
		if h.Frequency > 0 {
			h.Monetary = sum / h.Frequency
		}
		s.Calibration = append(s.Calibration, c)
		s.Holdout = append(s.Holdout, h)
	})
	if len(s.Calibration) == 0 {
		return Split{}, fmt.Errorf("%w: no purchase before the cut-off", ErrEmpty)
	}
	return s, nil
}
