package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	cxbeam "github.com/cxkit/cxkit/beam"
	"github.com/cxkit/cxkit/clv"
)

// The flags of --job=clv.
var (
	clvModel       = flag.String("model", "bgnbd", "clv: transaction model: bgnbd, mbgnbd, pnbd or bgbb")
	clvPeriod      = flag.Duration("period", 24*time.Hour, "clv: purchase period (purchases of a customer in one period merge)")
	clvUnit        = flag.Duration("unit", 7*24*time.Hour, "clv: time unit of recency, T, the horizon and the windows")
	clvHorizon     = flag.Float64("horizon", 52, "clv: window (T, T+horizon] of the expected purchases, in units")
	clvWindows     = flag.String("windows", "0-52", "clv: value windows in units after the end of observation, e.g. 0-52,52-156")
	clvDiscount    = flag.Float64("discount_rate", 0.1, "clv: discount rate per discount period")
	clvDiscountPer = flag.Float64("discount_period", 52, "clv: length of a discount period, in units")
	clvSpend       = flag.String("spend", "gg", "clv: spend per purchase: gg (a Gamma-Gamma fit) or a fixed amount")
)

func init() { jobs["clv"] = clvJob }

// clvJob reads a purchase log (customer_id, timestamp, amount), fits the
// model on the pattern table and writes one line per model fit
// {"fit": ...}, one line per customer (clv.Customer and its predictions)
// and {"rejected": n}.
func clvJob(s beam.Scope) error {
	var m cxbeam.Model
	if err := m.UnmarshalText([]byte(*clvModel)); err != nil {
		return err
	}
	ps := cxbeam.PredictSettings{Horizon: *clvHorizon, Discounting: clv.Discounting{Period: *clvDiscountPer, Rate: *clvDiscount}}
	for _, w := range strings.Split(*clvWindows, ",") {
		lo, hi, ok := strings.Cut(strings.TrimSpace(w), "-")
		from, err1 := strconv.ParseFloat(lo, 64)
		to, err2 := strconv.ParseFloat(hi, 64)
		if !ok || err1 != nil || err2 != nil {
			return fmt.Errorf("--windows %q: want from-to[,from-to...], e.g. 0-52,52-156", *clvWindows)
		}
		ps.Windows = append(ps.Windows, clv.Window{From: from, To: to})
	}
	gg := *clvSpend == "gg"
	if !gg {
		x, err := strconv.ParseFloat(*clvSpend, 64)
		if err != nil {
			return fmt.Errorf("--spend %q: want gg or an amount", *clvSpend)
		}
		ps.Spend = x
	}
	purchases, bad := cxbeam.ReadPurchases(s, *input)
	customers, bad2, err := cxbeam.Customers(s, &clv.SummarySettings{Period: *clvPeriod, Unit: *clvUnit}, purchases)
	if err != nil {
		return err
	}
	fit, err := cxbeam.FitPatterns(s, m, nil, cxbeam.Patterns(s, customers))
	if err != nil {
		return err
	}
	fits := []beam.PCollection{fit}
	var spend beam.PCollection
	if gg {
		if spend, err = cxbeam.FitSpend(s, nil, customers); err != nil {
			return err
		}
		fits = append(fits, spend)
	}
	values, bad3, err := cxbeam.Predict(s, &ps, fit, spend, customers)
	if err != nil {
		return err
	}
	lines := beam.Flatten(s, beam.ParDo(s, fitLine, beam.Flatten(s, fits...)), beam.ParDo(s, valueLine, values))
	writeOutputs(s, lines, bad, bad2, bad3)
	return nil
}

func fitLine(f cxbeam.ModelFit) string { return jsonOf(map[string]any{"fit": f}) }

func valueLine(v cxbeam.CustomerValue) string { return jsonOf(v) }

func init() {
	register.Function1x1(fitLine)
	register.Function1x1(valueLine)
}
