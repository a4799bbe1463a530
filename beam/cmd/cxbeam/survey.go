package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	cxbeam "github.com/cxkit/cxkit/beam"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/nps"
)

// The flags of --job=survey.
var (
	metric     = flag.String("metric", "nps", "survey: nps, weighted-nps, csat or ces")
	keyCol     = flag.String("key", "", "survey: column of the key (segment, team); empty for one overall result")
	ratingCol  = flag.String("rating", "rating", "survey: column of the rating")
	weightCol  = flag.String("weight", "", "survey: column of the survey weight (weighted-nps)")
	scaleFlag  = flag.String("scale", "1-5:4", "survey: CSAT scale as min-max:topboxmin, e.g. 1-7:6")
	cesVersion = flag.String("ces_version", "ces-2.0", "survey: ces-2.0 (1–7, higher is easier) or ces-1.0 (1–5)")
)

func init() { jobs["survey"] = survey }

// survey reads responses from --input and writes one line per key:
// {"key", "metric", "tally", "result", "err"}.
func survey(s beam.Scope) error {
	rows, bad := cxbeam.ReadResponses(s, *input, cxbeam.Columns{Key: *keyCol, Rating: *ratingCol, Weight: *weightCol})
	var out, bad2 beam.PCollection
	switch *metric {
	case "nps":
		var t beam.PCollection
		t, bad2 = cxbeam.NPS(s, rows)
		out = beam.ParDo(s, npsLine, t)
	case "weighted-nps":
		var t beam.PCollection
		t, bad2 = cxbeam.WeightedNPS(s, rows)
		out = beam.ParDo(s, weightedLine, t)
	case "csat":
		sc, err := parseScale(*scaleFlag)
		if err != nil {
			return err
		}
		t, b, err := cxbeam.CSAT(s, sc, rows)
		if err != nil {
			return err
		}
		out, bad2 = beam.ParDo(s, csatLine, t), b
	case "ces":
		var v ces.Version
		if err := v.UnmarshalText([]byte(*cesVersion)); err != nil {
			return err
		}
		t, b, err := cxbeam.CES(s, v, rows)
		if err != nil {
			return err
		}
		out, bad2 = beam.ParDo(s, cesLine, t), b
	default:
		return fmt.Errorf("unknown --metric %q (nps, weighted-nps, csat, ces)", *metric)
	}
	writeOutputs(s, out, bad, bad2)
	return nil
}

// line is one output row of the survey job.
type line struct {
	Key    string          `json:"key"`
	Metric string          `json:"metric"`
	Tally  json.RawMessage `json:"tally"`
	Result json.RawMessage `json:"result"`
	Err    string          `json:"err,omitempty"`
}

func format(metric, key string, tally, result any, err error) string {
	l := line{Key: key, Metric: metric}
	l.Tally, _ = json.Marshal(tally)
	l.Result = json.RawMessage("null")
	if err != nil {
		l.Err = err.Error()
	} else if b, e := json.Marshal(result); e == nil {
		l.Result = b
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// tallyLine formats a key's tally with its Result (R) as a line of metric.
func tallyLine[R any, T interface{ Result() (R, error) }](metric, key string, t T) string {
	r, err := t.Result()
	return format(metric, key, t, r, err)
}

func npsLine(k string, t nps.Tally) string { return tallyLine[nps.Result]("nps", k, t) }
func weightedLine(k string, t nps.WeightedTally) string {
	return tallyLine[nps.WeightedResult]("weighted-nps", k, t)
}
func csatLine(k string, t csat.Tally) string { return tallyLine[csat.Result]("csat", k, t) }
func cesLine(k string, t ces.Tally) string   { return tallyLine[ces.Result]("ces", k, t) }

func init() {
	register.Function2x1(npsLine)
	register.Function2x1(weightedLine)
	register.Function2x1(csatLine)
	register.Function2x1(cesLine)
}

func parseScale(s string) (csat.Scale, error) {
	var sc csat.Scale
	rng, top, ok := strings.Cut(s, ":")
	lo, hi, ok2 := strings.Cut(rng, "-")
	var err1, err2, err3 error
	sc.Min, err1 = strconv.Atoi(lo)
	sc.Max, err2 = strconv.Atoi(hi)
	sc.TopBoxMin, err3 = strconv.Atoi(top)
	if !ok || !ok2 || err1 != nil || err2 != nil || err3 != nil {
		return sc, fmt.Errorf("--scale %q: want min-max:topboxmin, e.g. 1-5:4", s)
	}
	return sc, nil
}
