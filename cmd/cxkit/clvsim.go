package main

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/journey"
)

// runCLVSimulate draws a customer base from a model with known parameters
// (clv.Simulate) and writes its purchase log, so that a learner can fit the
// log with clv fit and watch the model recover the parameters that drew it.
func runCLVSimulate(e *env, args []string) error {
	var c common
	fs := c.newFlagSet(e, "clv simulate", "clv simulate --model bgnbd|mbgnbd|pnbd --params P1,P2,P3,P4 --customers N --out FILE [flags]\n\nDraws customers from a BG/NBD, MBG/NBD or Pareto/NBD model (and amounts from a\nGamma-Gamma model with --spend) and writes their purchases as a CSV log\n(customer_id, timestamp, amount) that clv summary and clv fit read.")
	model := fs.String("model", "bgnbd", "model: bgnbd, mbgnbd or pnbd")
	params := fs.String("params", "", "the model's parameters in clv fit's order: r,alpha,a,b (bgnbd, mbgnbd) or r,alpha,s,beta (pnbd), per --unit")
	spend := fs.String("spend", "", "Gamma-Gamma spend parameters p,q,v (default: no amounts)")
	customers := fs.Int("customers", 1000, "number of customers")
	age := fs.Float64("T", 52, "observation length of the oldest customers, in --unit")
	cohort := fs.Float64("cohort", 0, "first purchases spread uniformly over this many units (0: all at the start)")
	unit := fs.String("unit", "week", "time unit of the parameters and of -T: day or week")
	end := fs.String("end", "2026-01-01", "end of observation (the log's last possible purchase)")
	seed := fs.Uint64("seed", 1, "seed of the random draws: the same seed gives the same log")
	out := fs.String("out", "", "file to write the purchase log to (required)")
	if _, err := parseChecked(fs, args, c.check); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out is required: the file to write the purchase log to")
	}
	p, err := floatList("--params", *params, 4)
	if err != nil {
		return err
	}
	var m clv.TransactionModel
	switch *model {
	case "bgnbd":
		m = clv.BGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3]}
	case "mbgnbd":
		m = clv.MBGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3]}
	case "pnbd":
		m = clv.ParetoNBD{R: p[0], Alpha: p[1], S: p[2], Beta: p[3]}
	default:
		return usagef("unknown --model %q (want bgnbd, mbgnbd or pnbd)", *model)
	}
	step := map[string]time.Duration{"day": 24 * time.Hour, "week": 7 * 24 * time.Hour}[*unit]
	if step == 0 {
		return usagef("unknown --unit %q (want day or week)", *unit)
	}
	last, err := parseDateFlag("--end", *end)
	if err != nil {
		return err
	}
	s := &clv.SimulationSettings{Customers: *customers, T: *age, Cohort: *cohort, Src: rand.NewPCG(*seed, 0)}
	if *spend != "" {
		g, err := floatList("--spend", *spend, 3)
		if err != nil {
			return err
		}
		s.Spend = &clv.GammaGamma{P: g[0], Q: g[1], V: g[2]}
	}
	report, done := e.progress("simulating " + *model)
	if report != nil {
		s.Progress = func(done, total int) { report("customer %d of %d", done, total) }
	}
	sim, err := clv.Simulate(e.ctx, m, s)
	done()
	if err != nil {
		return err
	}
	log, err := sim.Log(last, step)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := journey.WritePurchases(&b, log); err != nil {
		return err
	}
	if err := writeFileAtomic(*out, b.Bytes()); err != nil {
		return err
	}
	return c.emit(e, simulationTable(sim, *model, len(log), *out))
}

// floatList parses a flag's comma-separated list of exactly n numbers.
func floatList(flagName, s string, n int) ([]float64, error) {
	parts := splitList(s)
	if len(parts) != n {
		return nil, usagef("%s wants %d comma-separated numbers, got %q", flagName, n, s)
	}
	out := make([]float64, n)
	for i, p := range parts {
		x, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return nil, usagef("bad number %q in %s", p, flagName)
		}
		out[i] = x
	}
	return out, nil
}

// simulationTable states the truth a fit of the log should recover.
func simulationTable(sim clv.Simulation, model string, purchases int, file string) *table {
	names := map[string][]string{"bgnbd": {"r", "alpha", "a", "b"}, "mbgnbd": {"r", "alpha", "a", "b"}, "pnbd": {"r", "alpha", "s", "beta"}}[model]
	t := &table{Name: "simulation", Title: modelTitle(model) + " simulation: the true parameters", Columns: []string{"parameter", "true_value"}, Data: sim}
	for i, v := range sim.Params {
		t.add(names[i], v)
	}
	alive := 0
	for _, c := range sim.Customers {
		if c.Alive {
			alive++
		}
	}
	t.note("%d customers, %d purchases written to %s; %d customers (%.1f%%) still alive at the end",
		len(sim.Customers), purchases, file, alive, 100*float64(alive)/float64(len(sim.Customers)))
	t.note("fit it: cxkit clv fit --model %s %s (the fit's intervals should cover the true values about as often as their level says)", model, file)
	return t
}
