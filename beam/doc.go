// Package cxbeam runs cxkit's mergeable metrics on Apache Beam, for survey
// responses, experiments and purchase logs that outgrow one machine. The
// same pipeline runs in a test on a laptop (the in-process prism runner)
// and on Dataflow, Flink or Spark by changing flags.
//
// Import it as
//
//	import cxbeam "github.com/cxkit/cxkit/beam"
//
// Every transform is a Beam CombineFn around a cxkit accumulator whose four
// verbs map one to one onto Beam's: the zero value is CreateAccumulator, Add
// is AddInput, Merge is MergeAccumulators, and the accumulator itself is the
// output, so a caller can merge further or ask it for its Result, interval or
// comparison. Because the accumulators of [NPS], [CSAT] and [CES] hold integer
// counts, the output per key is identical, bit for bit, to one pass of the
// library over the same rows, whatever the bundles, workers and merge order.
// Floating-point sums ([WeightedNPS], the means of [ArmSummaries]) are
// merged in an order the runner chooses, so they agree with the library up to
// rounding (exactly, when every partial sum is representable).
//
// Accumulators cross the shuffle through Beam coders registered for them:
// each is the accumulator's own versioned MarshalBinary/UnmarshalBinary
// (survey tallies, abtest's summaries, clv.PatternTable,
// retention.CohortCounts and RiskSet, attribution.Transitions), or a
// versioned layout defined here for this package's own state, so a job's
// state does not depend on Go's field layout.
//
// Bad input never fails a job: a row that does not parse or validate goes to
// a dead-letter output of [Rejected] values (source file, line, field, value
// and the library's own error message), counted by the Beam counter
// "cxkit/rejected"; [CountRejected] gives the number as a PCollection.
//
// Purchase logs become per-customer summaries ([Customers], a GroupByKey)
// and a table of distinct (frequency, recency, T) patterns ([Patterns], a
// combine). The CLV models are fitted on that small table on ONE worker
// with the library's weighted fits ([FitPatterns], and [FitSpend] for
// Gamma-Gamma on the distinct (x, z̄)): a fit needs hundreds of passes over
// its data, cheap on a table of thousands of rows and impossible to spread
// over a Beam pipeline, which has no loops. [Predict] then scores every
// customer in parallel with the fitted models as side inputs. [RFM] reads
// exact quintile cut points off the summaries gathered on one worker and
// scores every customer in parallel; [SampleKMeans] fits k-means on a
// uniform sample (see its doc for the error bound) and [AssignKMeans] labels
// every point. Each equals the library on the same data, bit for bit.
//
// Register nothing yourself: the package registers its DoFns, CombineFns and
// coders in init. Call coder.RequireAllFieldsExported(true) in main (the
// tests and cmd/cxbeam do), so that a struct with unexported fields fails
// the job instead of losing them silently.
package cxbeam
