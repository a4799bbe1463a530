package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/abtest"
	cxbeam "github.com/cxkit/cxkit/beam"
)

// The flags of --job=abtest.
var (
	abArm     = flag.String("arm", "arm", "abtest: column of the arm (variant)")
	abValue   = flag.String("value", "value", "abtest: column of the outcome: 0/1 (or true/false) for proportions, a number for means")
	abControl = flag.String("control", "control", "abtest: name of the control arm")
	abTest    = flag.String("test", "proportions", "abtest: proportions (conversions) or means")
	abWeights = flag.String("srm", "", "abtest: expected traffic shares for the sample ratio mismatch test, e.g. control=1,treatment=1 (proportions only)")
)

func init() { jobs["abtest"] = abtestJob }

// abtestJob reads (arm, value) rows and writes one line per arm (its
// summary), one per variant (its test against the control), the SRM test
// when --srm is given, and {"rejected": n}.
func abtestJob(s beam.Scope) error {
	recs, bad := cxbeam.ReadRecords(s, *input, *abArm, *abValue)
	var lines []beam.PCollection
	var bad2 beam.PCollection
	switch *abTest {
	case "proportions":
		var kv beam.PCollection
		kv, bad2 = beam.ParDo2(s, conversionFn, recs)
		arms := cxbeam.ArmProportions(s, kv)
		lines = append(lines, beam.ParDo(s, proportionLine, arms),
			beam.ParDo(s, armTestLine, cxbeam.CompareProportions(s, *abControl, nil, arms)))
		if *abWeights != "" {
			w, err := parseShares(*abWeights)
			if err != nil {
				return err
			}
			lines = append(lines, beam.ParDo(s, srmLine, cxbeam.SampleRatioMismatch(s, w, arms)))
		}
	case "means":
		kv, b := beam.ParDo2(s, numberFn, recs)
		arms, b2 := cxbeam.ArmSummaries(s, kv)
		bad2 = beam.Flatten(s, b, b2)
		lines = append(lines, beam.ParDo(s, summaryLine, arms),
			beam.ParDo(s, armTestLine, cxbeam.CompareMeans(s, *abControl, nil, arms)))
	default:
		return fmt.Errorf("unknown --test %q (proportions, means)", *abTest)
	}
	writeOutputs(s, beam.Flatten(s, lines...), bad, bad2)
	return nil
}

func parseShares(s string) (map[string]float64, error) {
	w := map[string]float64{}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		x, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("--srm %q: want arm=share,arm=share", s)
		}
		w[strings.TrimSpace(k)] = x
	}
	return w, nil
}

// reject sets a row aside. (Workers read no flags: the value column is
// named "value" here whatever --value says.)
func reject(r cxbeam.Record, value, reason string, bad func(cxbeam.Rejected)) {
	bad(cxbeam.Rejected{Source: r.Source, Line: r.Line, Field: "value", Value: value,
		Reason: fmt.Sprintf("cxbeam: value %q at line %d: %s", value, r.Line, reason)})
}

func conversionFn(_ context.Context, r cxbeam.Record, ok func(string, bool), bad func(cxbeam.Rejected)) {
	switch v := strings.ToLower(r.Values[1]); v {
	case "1", "true":
		ok(r.Values[0], true)
	case "0", "false":
		ok(r.Values[0], false)
	default:
		reject(r, r.Values[1], "not 0/1 or true/false", bad)
	}
}

func numberFn(_ context.Context, r cxbeam.Record, ok func(string, float64), bad func(cxbeam.Rejected)) {
	x, err := strconv.ParseFloat(r.Values[1], 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		reject(r, r.Values[1], "not a finite number", bad)
		return
	}
	ok(r.Values[0], x)
}

func proportionLine(arm string, p abtest.Proportion) string {
	return jsonOf(map[string]any{"arm": arm, "proportion": p})
}

func summaryLine(arm string, m abtest.Summary) string {
	return jsonOf(map[string]any{"arm": arm, "summary": m})
}

func armTestLine(t cxbeam.ArmTest) string { return jsonOf(map[string]any{"test": t}) }

func srmLine(r cxbeam.SRMResult) string { return jsonOf(map[string]any{"srm": r}) }

func init() {
	register.Function4x0(conversionFn)
	register.Function4x0(numberFn)
	register.Function2x1(proportionLine)
	register.Function2x1(summaryLine)
	register.Function1x1(armTestLine)
	register.Function1x1(srmLine)
	register.Emitter2[string, bool]()
	register.Emitter2[string, float64]()
}
