package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/attribution"
	"github.com/cxkit/cxkit/journey/funnel"
)

func runJourney(e *env, args []string) error {
	return runGroup(e, args, "journey", journeyUsage,
		subcommand{"funnel", runFunnel},
		subcommand{"paths", runPaths},
		subcommand{"attribution", runAttribution})
}

const journeyUsage = `usage: cxkit journey funnel|paths|attribution [flags] [FILE|-]

  funnel       conversion funnel over an event log (--steps a,b,c --window 3d)
  paths        the most common event sequences (--depth, --top)
  attribution  channel attribution (--model markov --order 2, first, last, linear,
               position, time-decay, shapley) from an event log or a path table

Event logs are CSV with columns customer_id, timestamp, event and optional channel,
touchpoint, value and property columns; --customer, --time and --event name other columns.`

// eventFlags are the column flags of event-log input.
type eventFlags struct {
	customer, time, event string
}

func (f *eventFlags) register(fs interface {
	StringVar(*string, string, string, string)
}) {
	fs.StringVar(&f.customer, "customer", "customer_id", "column of the customer id")
	fs.StringVar(&f.time, "time", "timestamp", "column of the timestamp")
	fs.StringVar(&f.event, "event", "event", "column of the event name")
}

// readJourneyFile reads the named input (a file, or - for standard input)
// with read, one of journey's readers, and turns its line errors into
// "file:line: …". It returns what read returned and the file's name.
func readJourneyFile[T any](e *env, name string, read func(io.Reader) (T, error)) (T, string, error) {
	var zero T
	rc, file, err := openInput(e, name)
	if err != nil {
		return zero, file, err
	}
	defer rc.Close()
	v, err := read(rc)
	if err != nil {
		return zero, file, journeyErr(file, err)
	}
	return v, file, nil
}

// readLog reads an event log, renaming the chosen columns to the names that
// journey.ReadLog expects, and turns its line errors into "file:line: …".
func readLog(e *env, name string, f eventFlags) (*journey.Log, string, error) {
	rc, file, err := openInput(e, name)
	if err != nil {
		return nil, file, err
	}
	defer rc.Close()
	r, err := renameHeader(rc, map[string]string{f.customer: "customer_id", f.time: "timestamp", f.event: "event"})
	if err != nil {
		return nil, file, &lineError{File: file, Line: 1, Err: err}
	}
	l, err := journey.ReadLog(r)
	if err != nil {
		return nil, file, journeyErr(file, err)
	}
	if len(l.Customers) == 0 {
		return nil, file, &lineError{File: file, Err: errNoRows}
	}
	return l, file, nil
}

func journeyErr(file string, err error) error {
	var ie *journey.InputError
	if errors.As(err, &ie) && ie.Line > 0 {
		// The file and line go in front; the rest of the message stays.
		what := ie.Field
		if ie.Value != "" {
			what += " " + ie.Value
		}
		return &lineError{File: file, Line: ie.Line, Err: fmt.Errorf("%s: %w", what, ie.Err)}
	}
	return &lineError{File: file, Err: err}
}

// renameHeader returns a reader of r with the header row's columns renamed.
func renameHeader(r io.Reader, rename map[string]string) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	line, err := br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	rec, err := csv.NewReader(strings.NewReader(line)).Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	changed := false
	for i, h := range rec {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if to, ok := rename[h]; ok && to != h {
			rec[i], changed = to, true
		}
	}
	if !changed {
		return io.MultiReader(strings.NewReader(line), br), nil
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(rec)
	w.Flush()
	return io.MultiReader(&buf, br), nil
}

// parseWindow reads a duration such as 72h, 30m or 3d.
func parseWindow(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(d, 64)
		if err != nil || n <= 0 {
			return 0, usagef("bad --window %q", s)
		}
		return time.Duration(n * float64(24*time.Hour)), nil
	}
	w, err := time.ParseDuration(s)
	if err != nil || w <= 0 {
		return 0, usagef("bad --window %q (want e.g. 3d, 72h or 30m)", s)
	}
	return w, nil
}

func runFunnel(e *env, args []string) error {
	var c common
	var ef eventFlags
	fs := c.newFlagSet(e, "journey funnel", "journey funnel --steps A,B,C [flags] [FILE|-]\n\nCounts how many customers reach each step within the window from step 1.")
	ef.register(fs)
	steps := fs.String("steps", "", "comma-separated event names of the funnel steps (required)")
	window := fs.String("window", "3d", "conversion window from step 1, e.g. 3d, 72h, 30m")
	order := fs.String("order", "ordered", "step order: ordered, strict or unordered")
	by := fs.String("by", "", "break down by channel, touchpoint or a property column")
	var excludes multiFlag
	fs.Var(&excludes, "exclude", "EVENT:FROM:TO discards an attempt in which EVENT happens between steps FROM and TO (step names; repeatable)")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	if *steps == "" {
		return usagef("--steps is required, e.g. --steps visit,add_to_cart,purchase")
	}
	w, err := parseWindow(*window)
	if err != nil {
		return err
	}
	fn := funnel.Funnel{Steps: splitList(*steps), Window: w, BreakdownBy: *by}
	switch *order {
	case "ordered":
	case "strict":
		fn.Order = funnel.Strict
	case "unordered":
		fn.Order = funnel.Unordered
	default:
		return usagef("unknown --order %q (want ordered, strict or unordered)", *order)
	}
	for _, x := range excludes {
		ex, err := parseExclusion(x, fn.Steps)
		if err != nil {
			return err
		}
		fn.Exclusions = append(fn.Exclusions, ex)
	}
	l, file, err := readLog(e, name, ef)
	if err != nil {
		return err
	}
	res, err := fn.Run(e.ctx, l)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return c.emit(e, funnelTable(res, *by))
}

// parseExclusion reads EVENT:FROM:TO with FROM and TO step names.
func parseExclusion(s string, steps []string) (funnel.Exclusion, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 || parts[0] == "" {
		return funnel.Exclusion{}, usagef("bad --exclude %q: want EVENT:FROM_STEP:TO_STEP", s)
	}
	idx := func(name string) int {
		for i, st := range steps {
			if st == name {
				return i
			}
		}
		return -1
	}
	from, to := idx(parts[1]), idx(parts[2])
	if from < 0 || to < 0 || from >= to {
		return funnel.Exclusion{}, usagef("bad --exclude %q: FROM and TO must be steps of the funnel, FROM before TO", s)
	}
	return funnel.Exclusion{Event: parts[0], From: from, To: to}, nil
}

// funnelTable lays out a funnel result, one row per step (and group).
func funnelTable(res funnel.Result, by string) *table {
	t := &table{Name: "funnel", Title: "Funnel", Data: res,
		Columns: []string{"step", "customers", "conversion_from_first", "conversion_from_previous", "drop_off", "drop_off_rate", "median_hours_from_previous"}}
	addSteps := func(prefix []any, r funnel.Result) {
		for _, s := range r.Steps {
			row := append(append([]any{}, prefix...), s.Name, s.Count, s.ConversionFromFirst, s.ConversionFromPrevious, s.DropOff, s.DropOffRate, hours(s.MedianSeconds/3600))
			t.add(row...)
		}
	}
	if by != "" && len(res.Breakdown) > 0 {
		t.Columns = append([]string{by}, t.Columns...)
		for _, g := range res.Breakdown {
			addSteps([]any{g.Value}, g.Result)
		}
	} else {
		addSteps(nil, res)
	}
	t.note("median time to convert (step 1 to the last step): %s; conversions and drop-off rates are shares 0–1", fmtHours(res.MedianSecondsToConvert/3600))
	if res.CustomersExcluded > 0 {
		t.note("customers excluded: %d", res.CustomersExcluded)
	}
	return t
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func runPaths(e *env, args []string) error {
	var c common
	var ef eventFlags
	fs := c.newFlagSet(e, "journey paths", "journey paths [flags] [FILE|-]\n\nThe most common sequences of events (consecutive repeats collapsed).")
	ef.register(fs)
	depth := fs.Int("depth", 5, "number of first events per sequence (0: whole sequences)")
	top := fs.Int("top", 20, "number of paths to list (0: all)")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	l, _, err := readLog(e, name, ef)
	if err != nil {
		return err
	}
	paths, err := journey.TopPaths(e.ctx, l, *depth, *top)
	if err != nil {
		return err
	}
	total := len(l.Customers)
	t := &table{Name: "paths", Title: "Top paths", Columns: []string{"rank", "path", "customers", "share"}}
	// --format json: the library's values (api.md §1).
	type pathsData struct {
		Customers int                 `json:"customers"`
		Paths     []journey.PathCount `json:"paths"`
		Switching journey.Switching   `json:"switching"`
	}
	for i, p := range paths {
		t.add(i+1, p.String(), p.Customers, float64(p.Customers)/float64(total))
	}
	sw, err := journey.ChannelSwitching(e.ctx, l)
	if err != nil {
		return err
	}
	t.Data = pathsData{Customers: total, Paths: paths, Switching: sw}
	t.note("%d customers; channel switching: %s of consecutive events change channel, %s of customers use more than one channel",
		total, fmtNum(sw.SwitchRate), fmtNum(sw.ShareMultichannel))
	return c.emit(e, t)
}

func runAttribution(e *env, args []string) error {
	var c common
	var ef eventFlags
	fs := c.newFlagSet(e, "journey attribution", "journey attribution [flags] [FILE|-]\n\nSplits conversions over channels. FILE is a path table (columns path,\ntotal_conversions, total_conversion_value, total_null) or an event log.")
	ef.register(fs)
	models := fs.String("model", "markov", "comma-separated models: markov, shapley, first, last, linear, position, time-decay, or all")
	order := fs.Int("order", 1, "order of the Markov chain (states are windows of this many channels)")
	goal := fs.String("goal", "purchase", "event log input: the event name that counts as a conversion")
	sep := fs.String("sep", ">", "path table input: the separator of channels in a path")
	shapley := fs.String("shapley-value", "conversion-rate", "coalition value of Shapley attribution: conversion-rate or subset-sum")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	ms := splitList(*models)
	if len(ms) == 1 && ms[0] == "all" {
		ms = []string{"markov", "shapley", "first", "last", "linear", "position"}
	}
	for _, m := range ms {
		if _, ok := heuristicModels[m]; !ok && m != "markov" && m != "shapley" {
			return usagef("unknown --model %q", m)
		}
	}
	if *order < 1 {
		return usagef("--order must be at least 1")
	}
	sv := attribution.ConversionRate
	switch *shapley {
	case "conversion-rate":
	case "subset-sum":
		sv = attribution.SubsetSum
	default:
		return usagef("unknown --shapley-value %q (want conversion-rate or subset-sum)", *shapley)
	}
	pt, err := readPathInput(e, name, ef, *goal, *sep)
	if err != nil {
		return err
	}
	t, err := attributionTable(e.ctx, pt, ms, *order, sv)
	if err != nil {
		return err
	}
	return c.emit(e, t)
}

var heuristicModels = map[string]attribution.Rule{
	"first": attribution.FirstTouch, "last": attribution.LastTouch, "linear": attribution.Linear,
	"position": attribution.PositionBased, "time-decay": attribution.TimeDecay,
}

// readPathInput reads a path table, or an event log aggregated into one.
func readPathInput(e *env, name string, ef eventFlags, goal, sep string) (*journey.PathTable, error) {
	rc, file, err := openInput(e, name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	br := bufio.NewReader(rc)
	head, _ := br.Peek(256)
	if bytes.HasPrefix(bytes.TrimPrefix(head, []byte("\ufeff")), []byte("path,")) {
		pt, err := journey.ReadPaths(br, sep)
		if err != nil {
			return nil, journeyErr(file, err)
		}
		if len(pt.Rows) == 0 {
			return nil, &lineError{File: file, Err: errNoRows}
		}
		return pt, nil
	}
	r, err := renameHeader(br, map[string]string{ef.customer: "customer_id", ef.time: "timestamp", ef.event: "event"})
	if err != nil {
		return nil, &lineError{File: file, Line: 1, Err: err}
	}
	l, err := journey.ReadLog(r)
	if err != nil {
		return nil, journeyErr(file, err)
	}
	if len(l.Customers) == 0 {
		return nil, &lineError{File: file, Err: errNoRows}
	}
	js, err := l.Journeys(goal)
	if err != nil {
		return nil, journeyErr(file, err)
	}
	return journey.PathsFromJourneys(js, goal), nil
}

// attributionTable runs the models and lays out one row per channel.
func attributionTable(ctx context.Context, pt *journey.PathTable, models []string, order int, sv attribution.ShapleyValue) (*table, error) {
	conv, value, nulls := pt.Totals()
	t := &table{Name: "attribution", Title: "Attribution of conversions by channel", Columns: []string{"channel"}}
	cols := make([][]float64, 0, 2*len(models))
	results := map[string]any{} // --format json: each model's library result
	t.Data = results
	for _, m := range models {
		var a attribution.Shares
		switch m {
		case "markov":
			r, err := attribution.Markov(ctx, pt, &attribution.MarkovSettings{Order: order})
			if err != nil {
				return nil, err
			}
			a = r.Attribution
			t.Columns = append(t.Columns, fmt.Sprintf("markov%d_removal_effect", order))
			cols = append(cols, r.RemovalEffects)
			m = fmt.Sprintf("markov%d", order)
			results[m] = r
		case "shapley":
			r, err := attribution.Shapley(ctx, pt, &attribution.ShapleySettings{Value: sv})
			if err != nil {
				return nil, err
			}
			results[m] = r
			a = r.Attribution
		default:
			r, err := attribution.Heuristic(ctx, pt, heuristicModels[m], nil)
			if err != nil {
				return nil, err
			}
			results[m] = r
			a = r
		}
		t.Columns = append(t.Columns, m+"_conversions", m+"_value")
		cv, vv := make([]float64, len(pt.Channels)), make([]float64, len(pt.Channels))
		for i, ch := range pt.Channels {
			cv[i], vv[i] = a.Of(ch)
		}
		cols = append(cols, cv, vv)
	}
	for i, ch := range pt.Channels {
		row := []any{ch}
		for _, c := range cols {
			row = append(row, c[i])
		}
		t.add(row...)
	}
	t.note("%d path rows; %s conversions worth %s, %s journeys without conversion", len(pt.Rows), fmtNum(conv), fmtNum(value), fmtNum(nulls))
	return t, nil
}
