package main

// reportTemplate is the HTML page of "cxkit report". It is self-contained:
// styles inline, charts inline SVG, no scripts, no external resources.
const reportTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cxkit customer-experience report</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; margin: 0 auto; max-width: 1040px; padding: 1.5em; color: #222; line-height: 1.45; }
h1 { border-bottom: 3px solid #1f77b4; padding-bottom: .3em; }
h2 { margin-top: 2.2em; border-bottom: 1px solid #ccc; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .8em 0; font-size: .92em; }
th, td { padding: .25em .7em; border-bottom: 1px solid #e3e3e3; text-align: right; }
th { background: #f3f6fa; }
td:first-child, th:first-child { text-align: left; }
.note { color: #555; font-size: .9em; }
.key { font-size: 1.15em; background: #f3f6fa; padding: .6em 1em; border-left: 4px solid #1f77b4; }
figure { margin: 1em 0; }
svg { max-width: 100%; height: auto; }
figure svg { width: 100%; max-width: 880px; }
nav a { margin-right: 1em; display: inline-block; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll table { margin: 0; }
.scroll { margin: .8em 0; }
td.alarm { color: #d62728; font-weight: 600; }
td { white-space: nowrap; }
@media (max-width: 600px) { body { padding: .8em; } }
</style>
</head>
<body>
<h1>Customer-experience report</h1>
<p>Made by <code>cxkit report</code> with the cxkit library. The experience, journey and control-chart sections use
{{.D.ExperienceOf}}: {{.D.Customers}} customers, {{.D.Events}} events, {{.D.Surveys}} survey responses.
The customer-value sections (segments, lifetime value and retention) use {{.D.ValueOf}}: {{.D.CLVN}} customers.
{{if .D.AB.Simulated}}The A/B test is simulated: {{.D.AB.SRM.N}} synthetic visitors of the bundled simulator, randomised between the current checkout and an easier one.{{else}}The A/B test is read from {{.D.AB.Of}}: {{.D.AB.SRM.N}} visitors, {{.D.AB.ControlName}} against {{.D.AB.TreatmentName}}.{{end}}
All intervals are at 95&nbsp;%.</p>
<nav><a href="#experience">Experience</a><a href="#nps">NPS</a><a href="#control">Control chart</a><a href="#funnel">Funnel</a><a href="#attribution">Attribution</a><a href="#segments">Segments</a><a href="#clv">Lifetime value</a><a href="#retention">Retention</a><a href="#abtest">A/B test</a></nav>

<h2 id="experience">Experience by touchpoint: CSAT and CES</h2>
<p>CSAT is the share of 4–5 ratings on a 1–5 scale (Wilson interval); CES 2.0 is the share agreeing (5–7 on 1–7)
that the company made it easy (Wilson interval).{{if .D.HasMap}} Stages and moments of truth come from the journey map of the data set; moments of truth are the touchpoints that decide whether a customer stays.{{end}}</p>
<figure>{{.C.Experience}}</figure>
<div class="scroll"><table>
<tr><th>touchpoint</th>{{if .D.HasMap}}<th>stage</th><th>moment of truth</th>{{end}}<th>metric</th><th>responses</th><th>score (%)</th><th>lower</th><th>upper</th><th>mean rating</th></tr>
{{range .D.Experience}}<tr><td>{{.Name}}</td>{{if $.D.HasMap}}<td>{{.Stage}}</td><td>{{yes .MomentOfTruth}}</td>{{end}}<td>{{.Kind}}</td><td>{{.N}}</td><td>{{num .Score}}</td><td>{{num .Lower}}</td><td>{{num .Upper}}</td><td>{{num .Mean}}</td></tr>
{{end}}</table></div>
<h3>Pain points</h3>
<p>Drop-off at each rated touchpoint beside its rescaled score; pain = drop-off rate × (1 − score).</p>
<div class="scroll"><table>
<tr><th>touchpoint</th><th>reached</th><th>dropped</th><th>drop-off rate</th><th>score (0–1)</th><th>pain</th><th>flagged</th></tr>
{{range .D.RatedPain}}<tr><td>{{.Touchpoint}}</td><td>{{.Reached}}</td><td>{{.Dropped}}</td><td>{{num .DropOffRate}}</td><td>{{num .Score}}</td><td>{{num .Pain}}</td><td>{{yes .Flagged}}</td></tr>
{{end}}</table></div>
{{if .D.UnratedPain}}<p class="note">Touchpoints without survey responses have no score and no pain: {{range $i, $p := .D.UnratedPain}}{{if $i}}, {{end}}{{$p.Touchpoint}} (drop-off {{pct $p.DropOffRate}}){{end}}.</p>{{end}}

<h2 id="nps">Net Promoter Score</h2>
<p>The relationship NPS (0–10{{if .D.SampleJourneys}}, asked after onboarding{{end}}) is % promoters (9–10) − % detractors (0–6), in points
from −100 to 100, with the adjusted-Wald interval of Lewis &amp; Sauro; below overall and by the touchpoint
where the customer entered the journey.</p>
<figure>{{.C.NPS}}</figure>
<div class="scroll"><table>
<tr><th>group</th><th>responses</th><th>NPS</th><th>lower</th><th>upper</th></tr>
{{range .D.NPS}}<tr><td>{{.Name}}</td><td>{{.N}}</td><td>{{num .Score}}</td><td>{{num .Lower}}</td><td>{{num .Upper}}</td></tr>
{{end}}</table></div>

<h2 id="control">CSAT week by week: control chart</h2>
{{if .D.Control.Rows}}<p>The share of satisfied CSAT responses (4–5 on 1–5, all touchpoints together) of {{.D.ExperienceName}}, per calendar
week (Monday to Sunday, UTC): {{len .D.Control.Rows}} weeks with at least {{.D.Control.MinN}} responses{{if .D.Control.Sparse}}; the {{.D.Control.Sparse}} other week{{if gt .D.Control.Sparse 1}}s{{end}} with responses ({{.D.Control.SparseN}} responses in all) are left out, as their limits would span nearly 0 to 100&nbsp;%{{end}}.
A p-chart separates a real change from noise: the centre line is the share over all these weeks, {{num (mul100 .D.Control.Chart.Center)}}&nbsp;%,
and each week's control limits are p̄ ± 3√(p̄(1 − p̄)/n) for its own n responses, so a week with few responses gets wide limits.
Alarms (red) follow the Western Electric rules and are named: beyond-limits (a week outside its limits), two-of-three-beyond-2-sigma,
four-of-five-beyond-1-sigma and eight-on-one-side (runs that a single week's limits miss).</p>
{{if .D.Control.Alarms}}<p class="key">{{.D.Control.Alarms}} alarm{{if gt .D.Control.Alarms 1}}s{{end}}: {{range $i, $r := .D.Control.AlarmRows}}{{if $i}}; {{end}}week of {{date $r.Week}} ({{$r.Rules}}){{end}}. Look for a cause in those weeks before acting on the others.</p>{{else}}<p class="key">No alarm: the weekly CSAT varies no more than its numbers of responses explain; do not chase single weeks.</p>{{end}}
<figure>{{.C.Control}}</figure>
<div class="scroll"><table>
<tr><th>week</th><th>responses</th><th>satisfied</th><th>CSAT (%)</th><th>centre</th><th>lower limit</th><th>upper limit</th><th>alarm</th></tr>
{{range .D.Control.Rows}}<tr><td>{{date .Week}}</td><td>{{.N}}</td><td>{{.Satisfied}}</td><td>{{num .Share}}</td><td>{{num .Center}}</td><td>{{num .Lower}}</td><td>{{num .Upper}}</td>{{if .Alarm}}<td class="alarm">{{.Rules}}</td>{{else}}<td>–</td>{{end}}</tr>
{{end}}</table></div>
{{else}}<p>No control chart: {{.D.ExperienceName}} has no week with at least {{.D.Control.MinN}} CSAT responses.</p>{{end}}

<h2 id="funnel">Funnel and drop-offs</h2>
<figure>{{.C.Funnel}}</figure>
<div class="scroll"><table>
<tr><th>step</th><th>customers</th><th>from first</th><th>from previous</th><th>drop-off</th><th>drop-off rate</th><th>median hours from previous</th></tr>
{{range $i, $s := .D.Funnel.Steps}}<tr><td>{{$s.Name}}</td><td>{{$s.Count}}</td><td>{{pct $s.ConversionFromFirst}}</td><td>{{pct $s.ConversionFromPrevious}}</td><td>{{$s.DropOff}}</td><td>{{pct $s.DropOffRate}}</td><td>{{if $i}}{{hrs $s.MedianSeconds}}{{else}}–{{end}}</td></tr>
{{end}}</table></div>
<p class="note">Median time from {{.D.FirstStep}} to {{.D.LastStep}}: {{hrs .D.Funnel.MedianSecondsToConvert}} hours.</p>

<h2 id="attribution">Channel attribution</h2>
<p>{{int .D.Conversions}} conversions (customers reaching {{.D.Goal}}) split over the channels of each customer's path. The Markov
models credit a channel by its removal effect, the drop in the probability of converting when the channel is
taken out of the chain (Anderl et al. 2016); the rules split each path's conversion by position.</p>
<figure>{{.C.Attribution}}</figure>
<div class="scroll"><table>
<tr><th>channel</th><th>removal effect (order 1)</th>{{range .D.AttrModels}}<th>{{.}}</th>{{end}}</tr>
{{range $i, $ch := .D.AttrChannels}}<tr><td>{{$ch}}</td><td>{{num (index $.D.Removal1 $i)}}</td>{{range $.D.AttrConv}}<td>{{num (index . $i)}}</td>{{end}}</tr>
{{end}}</table></div>

<h2 id="segments">Customer segments</h2>
<h3>RFM segments</h3>
<p>Recency, frequency and monetary value of {{.D.RFMCustomers}} customers as of {{date .AsOf}}, scored 1–5 by
quintile and named by the 10-segment RFM grid.</p>
<figure>{{.C.RFM}}</figure>
<div class="scroll"><table>
<tr><th>segment</th><th>customers</th><th>share</th><th>revenue (USD)</th><th>revenue share</th></tr>
{{range .D.RFM}}<tr><td>{{.Name}}</td><td>{{.Customers}}</td><td>{{pct .Share}}</td><td>{{num .Revenue}}</td><td>{{pct .RevShare}}</td></tr>
{{end}}</table></div>
<h3>k-means segments</h3>
<p>k-means with k = {{.K}} on log-scaled, standardised recency, frequency and monetary value (k-means++,
10 restarts, seeded). Mean silhouette {{num .D.KMSilhouette}}. Profiles in the original units:</p>
<div class="scroll"><table>
<tr><th>segment</th><th>customers</th><th>share</th><th>revenue share</th><th>mean recency (days)</th><th>mean purchases</th><th>mean spend (USD)</th><th>most distinctive</th></tr>
{{range .D.KMeans}}<tr><td>{{.Segment}}</td><td>{{.Size}}</td><td>{{pct .Share}}</td><td>{{pct .RevShare}}</td><td>{{num .Recency}}</td><td>{{num .Frequency}}</td><td>{{num .Monetary}}</td><td>{{.Distinctive}}</td></tr>
{{end}}</table></div>

<h2 id="clv">Customer lifetime value</h2>
<p>BG/NBD (Fader, Hardie &amp; Lee 2005) for the number of future purchases and Gamma-Gamma for the spend per
purchase, fitted by maximum likelihood on the whole purchase log (to {{date .AsOf}}, time in weeks); CLV is the
expected spend over the next {{.H}} weeks, discounted at 10&nbsp;% a year.</p>
{{if not .D.BGNBDFit.Converged}}<p class="key">The BG/NBD fit did not converge ({{.D.BGNBDFit.Status}}): read its numbers with care.</p>{{end}}
{{if not .D.GGFit.Converged}}<p class="key">The Gamma-Gamma fit did not converge ({{.D.GGFit.Status}}): read its numbers with care.</p>{{end}}
<div class="scroll"><table>
<tr><th>model</th><th>parameter</th><th>estimate</th><th>standard error</th></tr>
{{range $i, $p := .D.BGNBDFit.Params}}<tr><td>BG/NBD</td><td>{{$p}}</td><td>{{num (index $.D.BGNBDFit.Estimate $i)}}</td><td>{{numOr (index $.D.BGNBDFit.StdErr $i)}}</td></tr>
{{end}}{{range $i, $p := .D.GGFit.Params}}<tr><td>Gamma-Gamma</td><td>{{$p}}</td><td>{{num (index $.D.GGFit.Estimate $i)}}</td><td>{{numOr (index $.D.GGFit.StdErr $i)}}</td></tr>
{{end}}</table></div>
{{if not .D.BGNBDFit.Cov}}<p class="note">The BG/NBD fit has no standard errors (–): the likelihood is flat or degenerate at the estimate, so the observed information cannot be inverted; the estimates are poorly determined by these data.</p>{{end}}
{{if not .D.GGFit.Cov}}<p class="note">The Gamma-Gamma fit has no standard errors (–): the likelihood is flat or degenerate at the estimate, so the observed information cannot be inverted.</p>{{end}}
<p class="note">BG/NBD log-likelihood {{num .D.BGNBDFit.LogLik}}; Gamma-Gamma log-likelihood {{num .D.GGFit.LogLik}}.</p>
<p class="key">Expected value of the whole customer base over the next {{.H}} weeks: {{num .D.CLVTotal}} USD.</p>
<figure>{{.C.CLV}}</figure>
<h3>Top {{len .D.Top}} customers</h3>
<div class="scroll"><table>
<tr><th>customer</th><th>repeat purchases</th><th>recency (weeks)</th><th>age (weeks)</th><th>P(alive)</th><th>expected purchases</th><th>expected spend</th><th>CLV (USD)</th></tr>
{{range .D.Top}}<tr><td>{{.ID}}</td><td>{{num .Frequency}}</td><td>{{num .Recency}}</td><td>{{num .T}}</td><td>{{num .PAlive}}</td><td>{{num .Purchases}}</td><td>{{num .Spend}}</td><td>{{num .CLV}}</td></tr>
{{end}}</table></div>
<h3>Calibration vs holdout</h3>
<p>The model fitted on the purchases up to {{date .Cutoff}} predicts each customer's purchases in the {{num .D.HoldoutLen}}-week
holdout; the chart compares the mean prediction with what customers actually did, grouped by calibration frequency.</p>
<figure>{{.C.Holdout}}</figure>
<div class="scroll"><table>
<tr><th>calibration repeat purchases</th><th>customers</th><th>actual</th><th>predicted</th></tr>
{{range $i, $r := .D.Holdout}}<tr><td>{{$r.Frequency}}{{if eq (inc $i) (len $.D.Holdout)}}+{{end}}</td><td>{{$r.N}}</td><td>{{num $r.Actual}}</td><td>{{num $r.Predicted}}</td></tr>
{{end}}</table></div>

<h2 id="retention">Retention: cohorts and survival</h2>
{{if .D.Retention.Table.Cohorts}}{{with .D.Retention}}<p>The {{.Customers}} customers of {{$.D.ValueName}} grouped by the calendar {{.Period}} of their first purchase{{if eq .Period.String "week"}} (weeks from Monday){{end}}, UTC.
Each cell of the heat map is the share of a cohort that bought again in the n-th {{.Period}} after its own ("classic" retention, Wilson intervals in the table);
the label of a row gives the cohort's start and size. Cells a cohort has not lived long enough to reach are blank.</p>
<figure>{{$.C.Cohorts}}</figure>
<p>All cohorts pooled: at n {{.Period}}s, the cohorts observed that long (a size-weighted mean of their rates).</p>
<div class="scroll"><table>
<tr><th>{{.Period}}s after the first purchase</th><th>customers</th><th>bought again</th><th>rate</th><th>lower</th><th>upper</th></tr>
{{range .Table.Overall}}{{if .Period}}<tr><td>{{.Period}}</td><td>{{.N}}</td><td>{{.Retained}}</td><td>{{pct .Rate}}</td><td>{{pct .CI.Lower}}</td><td>{{pct .CI.Upper}}</td></tr>
{{end}}{{end}}</table></div>
<h3>How long customers stay</h3>
<p>A customer's lifetime runs from the first purchase to the last {{.Period}} with a purchase: {{.Churned}} of the {{.Customers}} were not seen again
after it (churned); {{.Censored}} bought in the last {{.Period}} observed, so they are still active (censored). The Kaplan–Meier curve estimates the share
still active n {{.Period}}s after the first purchase, with its 95&nbsp;% band (Greenwood variance, log-log scale). "Not seen again" is judged at the end of the data:
some recent customers counted as churned will come back.</p>
<p class="key">{{if .Median.Defined}}Median lifetime: {{whole .Median.Time}} {{.Period}}{{if ne .Median.Time 1.0}}s{{end}} (95&nbsp;% interval {{if isNaN .Median.CI.Lower}}from the start{{else}}{{whole .Median.CI.Lower}}{{end}} to {{if isNaN .Median.CI.Upper}}beyond the data{{else}}{{whole .Median.CI.Upper}}{{end}}).{{else}}More than half of the customers are still active at the end of the data: no median lifetime yet.{{end}}
Within the first {{whole .RMST.Horizon}} {{.Period}}s a customer stays {{num .RMST.Mean}} {{.Period}}s on average (restricted mean, 95&nbsp;% interval {{num .RMST.CI.Lower}} to {{num .RMST.CI.Upper}}).</p>
<figure>{{$.C.Survival}}</figure>
<div class="scroll"><table>
<tr><th>{{.Period}}s</th><th>at risk</th><th>churned</th><th>censored</th><th>still active</th><th>lower</th><th>upper</th></tr>
{{range .Survival}}<tr><td>{{whole .Time}}</td><td>{{.AtRisk}}</td><td>{{.Events}}</td><td>{{.Censored}}</td><td>{{pct .Survival}}</td>{{if .BandDefined}}<td>{{pct .Lower}}</td><td>{{pct .Upper}}</td>{{else}}<td>–</td><td>–</td>{{end}}</tr>
{{end}}</table></div>
{{end}}{{else}}<p>No purchases: no retention section.</p>{{end}}

<h2 id="abtest">{{if .D.AB.Simulated}}A/B test: an easier checkout{{else}}A/B test: {{.D.AB.TreatmentName}} against {{.D.AB.ControlName}}{{end}}</h2>
{{if .D.AB.Simulated}}<p>{{.D.AB.SRM.N}} simulated visitors were randomised 50/50; the treatment's checkout is easier (experience
quality 0.75 instead of 0.6). Conversion is reaching payment.</p>{{else}}<p>{{.D.AB.SRM.N}} visitors from {{.D.AB.Of}}; the control is {{.D.AB.ControlName}}, the treatment
{{.D.AB.TreatmentName}}, planned as an even split. Conversion is the converted column.</p>{{end}}
<figure>{{.C.AB}}</figure>
<div class="scroll"><table>
<tr><th>arm</th><th>visitors</th><th>conversions</th><th>rate</th><th>lower</th><th>upper</th>{{if .D.AB.Simulated}}<th>checkout CES (% easy)</th>{{end}}</tr>
<tr><td>{{.D.AB.ControlName}}</td><td>{{.D.AB.Control.Trials}}</td><td>{{.D.AB.Control.Successes}}</td><td>{{num .D.AB.Test.RateA}}</td><td>{{num .D.AB.LowerA}}</td><td>{{num .D.AB.UpperA}}</td>{{if .D.AB.Simulated}}<td>{{num .D.AB.CESA.PctEasy}}</td>{{end}}</tr>
<tr><td>{{.D.AB.TreatmentName}}</td><td>{{.D.AB.Treatment.Trials}}</td><td>{{.D.AB.Treatment.Successes}}</td><td>{{num .D.AB.Test.RateB}}</td><td>{{num .D.AB.LowerB}}</td><td>{{num .D.AB.UpperB}}</td>{{if .D.AB.Simulated}}<td>{{num .D.AB.CESB.PctEasy}}</td>{{end}}</tr>
</table></div>
<div class="scroll"><table>
<tr><th>measure</th><th>value</th></tr>
<tr><td>difference in conversion (treatment − control)</td><td>{{num .D.AB.Test.Diff}}</td></tr>
<tr><td>95% interval of the difference (Newcombe)</td><td>{{num .D.AB.Test.CI.Lower}} to {{num .D.AB.Test.CI.Upper}}</td></tr>
<tr><td>relative lift</td><td>{{num .D.AB.Lift.Lift}}</td></tr>
<tr><td>z (pooled two-proportion test)</td><td>{{num .D.AB.Test.Statistic}}</td></tr>
<tr><td>p-value (two-sided)</td><td>{{num .D.AB.Test.P}}</td></tr>
<tr><td>P(treatment beats control), Beta(1, 1) priors</td><td>{{num .D.AB.Bayes.ProbBBeatsA}}</td></tr>
<tr><td>sample ratio mismatch: chi-square p-value</td><td>{{num .D.AB.SRM.P}}</td></tr>
{{if .D.AB.Simulated}}<tr><td>checkout CES % easy: difference (treatment − control)</td><td>{{num .D.AB.CESCompare.Share.Diff}} (p = {{num .D.AB.CESCompare.Share.P}})</td></tr>
{{end}}</table></div>
<p class="key">{{if lt .D.AB.SRM.P 0.001}}Sample ratio mismatch: the split is not what was planned, so the result cannot be trusted.{{else if .D.AB.Simulated}}{{if and (lt .D.AB.Test.P 0.05) (gt .D.AB.Test.Diff 0.0)}}The easier checkout converts significantly better (p &lt; 0.05): ship it.{{else}}Not significant at the 5&nbsp;% level: the test has not shown that the easier checkout converts better, even though it is easier ({{num .D.AB.CESCompare.Share.Diff}} points more customers find it easy). Run the test longer or on more visitors.{{end}}{{else if lt .D.AB.Test.P 0.05}}{{.D.AB.TreatmentName}} converts significantly {{if gt .D.AB.Test.Diff 0.0}}better{{else}}worse{{end}} than {{.D.AB.ControlName}} (p &lt; 0.05).{{else}}Not significant at the 5&nbsp;% level: the test has not shown a difference in conversion. Run it longer or on more visitors.{{end}}</p>
<p class="note">Generated by cxkit. Numbers are unrounded library results shown to about four significant digits.</p>
</body>
</html>
`
