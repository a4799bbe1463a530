// Command cxbeam runs cxkit's metrics on Apache Beam: the same binary runs
// locally on the in-process prism runner (the default) and on Dataflow,
// Flink or Spark with Beam's runner flags. --job picks the pipeline:
//
//	survey  NPS, CSAT or CES per key from survey responses (the default)
//	clv     a CLV model fitted on a purchase log, with predictions per customer
//	abtest  per-arm summaries of an experiment and the tests between arms
//	funnel  an ordered, strict or unordered funnel over a journey event log
//	markov  Markov-chain removal-effect attribution over a journey event log
//
// For example
//
//	cxbeam --job=survey --input='responses/*.csv' --metric=nps --key=segment \
//	    --output=nps.jsonl --rejected=rejected.jsonl
//
// Each job writes JSON lines to --output, ending with one line
// {"rejected": n} that says how many rows were set aside; --rejected
// receives them (source, line, field, value, reason). Bad rows never fail
// the job. See the README of the beam module for each job's flags and for
// the flags of each runner.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph/coder"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	cxbeam "github.com/cxkit/cxkit/beam"
)

// The flags every job shares; each job's file declares its own.
var (
	job      = flag.String("job", "survey", "the pipeline to run (see -help for the list)")
	input    = flag.String("input", "", "CSV files to read (a glob on any Beam filesystem: local, gs://, s3://); each starts with a header row")
	output   = flag.String("output", "", "file to write the results to, one JSON object per line")
	rejected = flag.String("rejected", "", "file to write the rejected rows to (optional)")
)

// jobs maps a --job name to the function that builds its pipeline in the
// root scope. Each job registers itself from an init function in its own
// file; the function reads the shared flags (*input, *output, *rejected)
// and its own, and returns an error for bad flags before anything runs.
var jobs = map[string]func(s beam.Scope) error{}

func jobNames() []string {
	var names []string
	for name := range jobs {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// writeOutputs writes a job's results (a PCollection<string> of JSON lines)
// to --output followed by the line {"rejected": n}, and the rows set aside
// (the PCollection<cxbeam.Rejected> given, flattened) to --rejected when it
// is set. Every job ends with it.
func writeOutputs(s beam.Scope, results beam.PCollection, rejectedRows ...beam.PCollection) {
	all := beam.Flatten(s, rejectedRows...)
	count := beam.ParDo(s, countLine, cxbeam.CountRejected(s, all))
	textio.Write(s, *output, beam.Flatten(s, results, count))
	if *rejected != "" {
		textio.Write(s, *rejected, beam.ParDo(s, rejectedLine, all))
	}
}

// jsonOf formats v as one JSON line (values whose JSON cannot fail: the
// cxkit types encode NaN as null).
func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"err": err.Error()})
	}
	return string(b)
}

// resultLineFn formats a job's one result (a funnel.Result, an
// attribution.MarkovResult, ...) as {Key: the job's settings, "result": r},
// the settings given as JSON.
type resultLineFn struct{ Key, Spec string }

func (f *resultLineFn) ProcessElement(r beam.T) string {
	return jsonOf(map[string]any{f.Key: json.RawMessage(f.Spec), "result": r})
}

// writeResult ends a job whose result is one element (result, a
// PCollection of it): it writes the line {key: settings as JSON, "result":
// r} and the rejected rows, as writeOutputs.
func writeResult(s beam.Scope, key string, settings any, result beam.PCollection, rejectedRows ...beam.PCollection) error {
	spec, err := json.Marshal(settings)
	if err != nil {
		return err
	}
	writeOutputs(s, beam.ParDo(s, &resultLineFn{Key: key, Spec: string(spec)}, result), rejectedRows...)
	return nil
}

func rejectedLine(r cxbeam.Rejected) string { return jsonOf(r) }

func countLine(n int) string { return fmt.Sprintf(`{"rejected": %d}`, n) }

func init() {
	register.Function1x1(rejectedLine)
	register.Function1x1(countLine)
	register.DoFn1x1[beam.T, string](&resultLineFn{})
}

func main() {
	flag.Lookup("job").Usage = "the pipeline to run: " + strings.Join(jobNames(), ", ")
	flag.Parse()
	beam.Init()
	coder.RequireAllFieldsExported(true)
	if err := run(context.Background()); err != nil {
		var fe flagError
		if errors.As(err, &fe) {
			fmt.Fprintf(os.Stderr, "cxbeam: %v\n", err)
			os.Exit(2)
		}
		log.Fatalf("cxbeam: %v", err)
	}
}

// flagError is a bad flag, found before the pipeline runs.
type flagError struct{ err error }

func (e flagError) Error() string { return e.err.Error() }
func (e flagError) Unwrap() error { return e.err }

// run builds the pipeline of --job from the flags and runs it on the
// runner of --runner (prism by default).
func run(ctx context.Context) error {
	build, ok := jobs[*job]
	if !ok {
		return flagError{fmt.Errorf("unknown --job %q (%s)", *job, strings.Join(jobNames(), ", "))}
	}
	if *input == "" || *output == "" {
		return flagError{errors.New("--input and --output are required")}
	}
	p, s := beam.NewPipelineWithRoot()
	if err := build(s); err != nil {
		return flagError{fmt.Errorf("--job=%s: %w", *job, err)}
	}
	return beamx.Run(ctx, p)
}
