// Command cxbeam computes survey metrics per key from CSV files with Apache
// Beam: the same binary runs locally on the in-process prism runner (the
// default) and on Dataflow, Flink or Spark with Beam's runner flags.
//
//	cxbeam --input='responses/*.csv' --metric=nps --key=segment \
//	    --output=nps.jsonl --rejected=rejected.jsonl
//
// Each output line is a JSON object {"key", "metric", "tally", "result",
// "err"}; one more line {"rejected": n} says how many rows were set aside,
// and --rejected receives them (source, line, field, value, reason). Bad
// rows never fail the job. See the README of the beam module for the flags
// of each runner.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph/coder"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	cxbeam "github.com/cxkit/cxkit/beam"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/nps"
)

var (
	input      = flag.String("input", "", "CSV files to read (a glob on any Beam filesystem: local, gs://, s3://); each starts with a header row")
	output     = flag.String("output", "", "file to write the per-key results to, one JSON object per line")
	rejected   = flag.String("rejected", "", "file to write the rejected rows to (optional)")
	metric     = flag.String("metric", "nps", "nps, weighted-nps, csat or ces")
	keyCol     = flag.String("key", "", "column of the key (segment, team); empty for one overall result")
	ratingCol  = flag.String("rating", "rating", "column of the rating")
	weightCol  = flag.String("weight", "", "column of the survey weight (weighted-nps)")
	scaleFlag  = flag.String("scale", "1-5:4", "CSAT scale as min-max:topboxmin, e.g. 1-7:6")
	cesVersion = flag.String("ces_version", "ces-2.0", "ces-2.0 (1–7, higher is easier) or ces-1.0 (1–5)")
)

// line is one output row.
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

func npsLine(k string, t nps.Tally) string {
	r, err := t.Result()
	return format("nps", k, t, r, err)
}

func weightedLine(k string, t nps.WeightedTally) string {
	r, err := t.Result()
	return format("weighted-nps", k, t, r, err)
}

func csatLine(k string, t csat.Tally) string {
	r, err := t.Result()
	return format("csat", k, t, r, err)
}

func cesLine(k string, t ces.Tally) string {
	r, err := t.Result()
	return format("ces", k, t, r, err)
}

func rejectedLine(r cxbeam.Rejected) string {
	b, _ := json.Marshal(r)
	return string(b)
}

func countLine(n int) string { return fmt.Sprintf(`{"rejected": %d}`, n) }

func init() {
	register.Function2x1(npsLine)
	register.Function2x1(weightedLine)
	register.Function2x1(csatLine)
	register.Function2x1(cesLine)
	register.Function1x1(rejectedLine)
	register.Function1x1(countLine)
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

func main() {
	flag.Parse()
	beam.Init()
	coder.RequireAllFieldsExported(true)
	if *input == "" || *output == "" {
		log.Fatal("cxbeam: --input and --output are required")
	}
	p, s := beam.NewPipelineWithRoot()
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
			log.Fatal(err)
		}
		t, b, err := cxbeam.CSAT(s, sc, rows)
		if err != nil {
			log.Fatal(err)
		}
		out, bad2 = beam.ParDo(s, csatLine, t), b
	case "ces":
		var v ces.Version
		if err := v.UnmarshalText([]byte(*cesVersion)); err != nil {
			log.Fatal(err)
		}
		t, b, err := cxbeam.CES(s, v, rows)
		if err != nil {
			log.Fatal(err)
		}
		out, bad2 = beam.ParDo(s, cesLine, t), b
	default:
		log.Fatalf("cxbeam: unknown --metric %q (nps, weighted-nps, csat, ces)", *metric)
	}
	all := beam.Flatten(s, bad, bad2)
	count := beam.ParDo(s, countLine, cxbeam.CountRejected(s, all))
	textio.Write(s, *output, beam.Flatten(s, out, count))
	if *rejected != "" {
		textio.Write(s, *rejected, beam.ParDo(s, rejectedLine, all))
	}
	if err := beamx.Run(context.Background(), p); err != nil {
		log.Fatalf("cxbeam: %v", err)
	}
}
