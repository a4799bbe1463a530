package main

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/cxkit/cxkit/segment"
)

func runSegment(e *env, args []string) error {
	if len(args) > 0 && args[0] == "rfm" {
		return runRFM(e, args[1:])
	}
	var c common
	fs := c.newFlagSet(e, "segment", "segment [rfm] [flags] [FILE|-]\n\nk-means segments of the numeric columns of FILE (scaled first), with quality\nindices and segment profiles. 'cxkit segment rfm' scores a purchase log instead.")
	k := fs.Int("k", 0, "number of segments")
	chooseK := fs.String("choose-k", "", "fit every k in MIN-MAX (e.g. 2-10), pick one by the elbow and the silhouette")
	columns := fs.String("columns", "", "comma-separated feature columns (default: every numeric column except --id and 'label')")
	id := fs.String("id", "", "column that identifies a row (kept out of the features, written with --labels)")
	scaling := fs.String("scale", "zscore", "feature scaling: zscore, minmax or none")
	log1p := fs.Bool("log1p", false, "take log(1 + x) of every feature before scaling (for long-tailed money and counts)")
	restarts := fs.Int("restarts", 0, "k-means restarts, the best inertia wins (0: 10, more for small data)")
	noRefine := fs.Bool("no-refine", false, "skip the final Hartigan refinement of small fits (as scikit-learn)")
	miniBatch := fs.Int("minibatch", 0, "fit by mini-batch k-means (Sculley 2010) with batches of this many rows (e.g. 1024), for millions of rows; 0: full k-means")
	seed := fs.Uint64("seed", 1, "random seed (the same seed gives the same segments)")
	workers := fs.Int("workers", 0, "goroutines (0: all cores)")
	sample := fs.Int("silhouette-sample", 5000, "estimate the silhouette from this many points when there are more (0: exact)")
	labels := fs.String("labels", "", "write each row's segment to this CSV file")
	quality := fs.Bool("quality", true, "compute the silhouette, Calinski-Harabasz and Davies-Bouldin indices (-quality=false to time k-means alone)")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	var kMin, kMax int
	switch {
	case *chooseK != "":
		if _, err := fmt.Sscanf(*chooseK, "%d-%d", &kMin, &kMax); err != nil || kMin < 1 || kMax < kMin {
			return usagef("bad --choose-k %q (want MIN-MAX such as 2-10)", *chooseK)
		}
	case *k < 1:
		return usagef("give --k N (N ≥ 1) or --choose-k MIN-MAX")
	}
	if *miniBatch < 0 || (*miniBatch > 0 && *chooseK != "") {
		return usagef("--minibatch takes a batch size ≥ 1, with --k (not --choose-k)")
	}
	sc := segment.ScalerSettings{Log1p: *log1p}
	switch *scaling {
	case "zscore":
		sc.Method = segment.ZScore
	case "minmax":
		sc.Method = segment.MinMax
	case "none":
		sc.Method = segment.NoScaling
	default:
		return usagef("unknown --scale %q (want zscore, minmax or none)", *scaling)
	}
	d, err := readInput(e, name, nil)
	if err != nil {
		return err
	}
	feat, err := featureColumns(e, d, *columns, *id)
	if err != nil {
		return err
	}
	x, err := featureMatrix(d, feat)
	if err != nil {
		return err
	}
	scaler, err := segment.FitScaler(x, &sc)
	if err != nil {
		return fmt.Errorf("%s: %w", d.File, err)
	}
	xs, err := scaler.Transform(x)
	if err != nil {
		return fmt.Errorf("%s: %w", d.File, err)
	}
	report, done := e.progress("k-means")
	defer done()
	km := segment.KMeans{K: *k, Restarts: *restarts, NoRefine: *noRefine, Workers: *workers, Src: rand.NewPCG(*seed, 2)}
	if report != nil {
		km.Progress = func(done, total int) {
			report("%d%%", 100*int64(done)/int64(total))
		}
	}
	sil := &segment.SilhouetteSettings{SampleSize: *sample, Src: rand.NewPCG(*seed, 3), Workers: *workers}
	if xs.Rows <= *sample {
		sil.SampleSize = 0
	}
	var tables []*table
	var res segment.Result
	if *chooseK != "" {
		curve, err := segment.ElbowCurve(e.ctx, xs, kMin, kMax, km)
		if err != nil {
			return err
		}
		best, sils, err := curve.BestSilhouette(e.ctx, xs, sil)
		if err != nil {
			return err
		}
		knee, err := curve.Knee()
		if err != nil {
			return err
		}
		t := &table{Name: "choose_k", Title: "Choosing k", Columns: []string{"k", "inertia", "silhouette", "knee", "best_silhouette"}}
		for i, kk := range curve.K {
			t.add(kk, curve.Inertia[i], sils[i], kk == knee, kk == best)
		}
		t.Data = chooseKData{K: curve.K, Inertia: curve.Inertia, Silhouette: sils, Knee: knee, Best: best}
		t.note("elbow (knee) at k = %d; best mean silhouette at k = %d; the profiles below use k = %d", knee, best, best)
		tables = append(tables, t)
		res = curve.Results[best-curve.K[0]]
	} else {
		if *miniBatch > 0 {
			mb := segment.MiniBatchKMeans{K: *k, BatchSize: *miniBatch, Restarts: *restarts, Workers: *workers, Src: km.Src, Progress: km.Progress}
			res, err = mb.Fit(e.ctx, xs)
		} else {
			res, err = km.Fit(e.ctx, xs)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", d.File, err)
		}
	}
	done()
	qt, err := qualityTable(e, xs, res, sil, *quality)
	if err != nil {
		return err
	}
	pt, err := profileTable(x, res.Labels, nil, feat.names)
	if err != nil {
		return err
	}
	tables = append(tables, qt, pt)
	if *labels != "" {
		if err := writeLabels(*labels, d, *id, res.Labels); err != nil {
			return err
		}
	}
	return c.emit(e, tables...)
}

// chooseKData is the choose_k table in --format json: the library's elbow
// curve (without the fits of every k), the mean silhouette of each k and
// the two choices. JSON keys: k, inertia, silhouette, knee, best.
type chooseKData struct {
	K          []int
	Inertia    []float64
	Silhouette []float64
	Knee, Best int
}

// qualityData is the quality table in --format json: the library's k-means
// result (centres in scaled units, labels, sizes, inertia, iterations,
// convergence) and the quality indices (null when not computed). JSON keys:
// result, silhouette, calinski_harabasz, davies_bouldin.
type qualityData struct {
	Result           segment.Result
	Silhouette       *segment.SilhouetteResult
	CalinskiHarabasz float64
	DaviesBouldin    float64
}

type features struct {
	cols  []int
	names []string
}

// featureColumns picks the named columns, or infers the numeric columns
// from every row of the file (never from the first row alone): a column
// whose values are all numbers, blanks and NA is numeric, one with no
// number at all is text and left out, and a mixed column is an error that
// names the first value that does not fit. The choice is printed on
// stderr. A blank or NA in a feature column is then an error with its line.
func featureColumns(e *env, d *csvData, list, id string) (features, error) {
	var f features
	if list != "" {
		for _, n := range splitList(list) {
			c, err := d.col(n)
			if err != nil {
				return f, err
			}
			f.cols, f.names = append(f.cols, c), append(f.names, n)
		}
		return f, nil
	}
	if len(d.Rows) == 0 {
		return f, &lineError{File: d.File, Err: errNoRows}
	}
	var text []string
	for c, h := range d.Header {
		if h == id || h == "label" {
			continue
		}
		nums, firstText := 0, -1
		for i, r := range d.Rows {
			v := strings.TrimSpace(r[c])
			if isMissing(v) {
				continue
			}
			if d.needsDecimalComma(v) {
				return f, d.errAt(i, "column %q: value %q is a number with a decimal comma: add --decimal-comma", h, v)
			}
			if _, ok := d.parseNum(v); ok {
				nums++
			} else if firstText < 0 {
				firstText = i
			}
		}
		switch {
		case nums > 0 && firstText >= 0:
			return f, d.errAt(firstText, "column %q: value %q is not a number, but %d other values of the column are: fix the value, or choose the features with --columns",
				h, strings.TrimSpace(d.Rows[firstText][c]), nums)
		case nums > 0:
			f.cols, f.names = append(f.cols, c), append(f.names, h)
		default:
			text = append(text, h)
		}
	}
	if len(f.cols) == 0 {
		return f, &lineError{File: d.File, Line: 2, Err: fmt.Errorf("no numeric columns (columns: %s)", strings.Join(d.Header, ", "))}
	}
	msg := fmt.Sprintf("cxkit segment: features (numeric in every row): %s", strings.Join(f.names, ", "))
	if len(text) > 0 {
		msg += fmt.Sprintf("; left out (text): %s", strings.Join(text, ", "))
	}
	fmt.Fprintln(e.stderr, msg+"; --columns to choose")
	return f, nil
}

func featureMatrix(d *csvData, f features) (segment.Matrix, error) {
	m := segment.Matrix{Rows: len(d.Rows), Cols: len(f.cols), Data: make([]float64, len(d.Rows)*len(f.cols))}
	for i := range d.Rows {
		for j, c := range f.cols {
			v, err := d.float(i, c)
			if err != nil {
				return m, err
			}
			m.Data[i*m.Cols+j] = v
		}
	}
	if m.Rows == 0 {
		return m, &lineError{File: d.File, Err: errNoRows}
	}
	return m, nil
}

// qualityTable reports the fit and its quality indices.
func qualityTable(e *env, xs segment.Matrix, res segment.Result, sil *segment.SilhouetteSettings, indices bool) (*table, error) {
	k := res.Centers.Rows
	t := &table{Name: "quality", Title: "k-means fit", Columns: []string{"k", "inertia", "iterations", "converged", "silhouette", "calinski_harabasz", "davies_bouldin"}}
	s, ch, db := nan(), nan(), nan()
	var silr *segment.SilhouetteResult
	if indices && k >= 2 && k < xs.Rows {
		r, err := segment.Silhouette(e.ctx, xs, res.Labels, sil)
		if err != nil {
			return nil, err
		}
		s, silr = r.Mean, &r
		if ch, err = segment.CalinskiHarabasz(xs, res.Labels); err != nil {
			return nil, err
		}
		if db, err = segment.DaviesBouldin(e.ctx, xs, res.Labels); err != nil {
			return nil, err
		}
		if sil.SampleSize > 0 {
			t.note("silhouette estimated from %d sampled points (standard error %s)", sil.SampleSize, fmtNum(r.StdErr))
		}
	}
	t.add(k, res.Inertia, res.Iterations, res.Converged, s, ch, db)
	t.Data = qualityData{Result: res, Silhouette: silr, CalinskiHarabasz: ch, DaviesBouldin: db}
	return t, nil
}

// profileTable describes each segment in the units of x.
func profileTable(x segment.Matrix, labels []int, revenue []float64, names []string) (*table, error) {
	ps, err := segment.Profiles(x, labels, revenue, names)
	if err != nil {
		return nil, err
	}
	t := &table{Name: "profiles", Main: true, Title: "Segment profiles (shares 0–1; feature means; most distinctive feature by standardised mean difference)",
		Columns: []string{"segment", "size", "share"}, Data: ps}
	if revenue != nil {
		t.Columns = append(t.Columns, "revenue_share")
	}
	for _, n := range names {
		t.Columns = append(t.Columns, "mean_"+n)
	}
	t.Columns = append(t.Columns, "most_distinctive", "smd")
	for _, p := range ps {
		row := []any{p.Segment, p.Size, p.Share}
		if revenue != nil {
			row = append(row, p.RevenueShare)
		}
		for _, m := range p.Mean {
			row = append(row, m)
		}
		dn, smd := "", nan()
		if len(p.Distinctive) > 0 {
			dn, smd = p.Distinctive[0].Name, p.Distinctive[0].SMD
		}
		t.add(append(row, dn, smd)...)
	}
	return t, nil
}

func writeLabels(path string, d *csvData, id string, labels []int) error {
	var b strings.Builder
	idc := -1
	if id != "" {
		c, err := d.col(id)
		if err != nil {
			return err
		}
		idc = c
		b.WriteString(csvQuote(id) + ",segment\n")
	} else {
		b.WriteString("line,segment\n")
	}
	for i, l := range labels {
		if idc >= 0 {
			b.WriteString(csvQuote(d.Rows[i][idc]))
		} else {
			b.WriteString(strconv.Itoa(d.Lines[i]))
		}
		b.WriteString("," + strconv.Itoa(l) + "\n")
	}
	return writeFileAtomic(path, []byte(b.String()))
}

func csvQuote(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func runRFM(e *env, args []string) error {
	var c common
	var pf purchaseFlags
	fs := c.newFlagSet(e, "segment rfm", "segment rfm [flags] [FILE|-]\n\nRecency, frequency and monetary value per customer of a purchase log, scored\n1-5 by quintile and named by the 10-segment RFM grid (Champions ... Hibernating).")
	pf.register(fs)
	asOf := fs.String("as-of", "", "the as-of date (default: the day after the last purchase)")
	customers := fs.String("customers-out", "", "write every customer's R, F, M scores and segment to this CSV file")
	name, err := parseChecked(fs, args, c.check)
	if err != nil {
		return err
	}
	ps, file, err := readPurchases(e, name, pf)
	if err != nil {
		return err
	}
	at := lastDay(ps)
	if *asOf != "" {
		if at, err = parseDateFlag("--as-of", *asOf); err != nil {
			return err
		}
	}
	rows, err := segment.BuildRFM(e.ctx, ps, at)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	t, err := rfmTable(rows)
	if err != nil {
		return err
	}
	t.note("as of %s: %d customers", at.Format("2006-01-02"), len(rows))
	if *customers != "" {
		var b strings.Builder
		b.WriteString("customer,recency_days,frequency,monetary,r,f,m,cell,segment\n")
		for _, r := range rows {
			fmt.Fprintf(&b, "%s,%d,%d,%s,%d,%d,%d,%d,%s\n", csvQuote(r.Customer), r.Recency, r.Frequency,
				strconv.FormatFloat(r.Monetary, 'f', 2, 64), r.R, r.F, r.M, r.Cell(), csvQuote(r.Segment.String()))
		}
		if err := writeFileAtomic(*customers, []byte(b.String())); err != nil {
			return err
		}
	}
	return c.emit(e, t)
}

// rfmTable lists the named RFM segments that have customers
// (segment.SummarizeRFM); --format json prints the library's summaries.
func rfmTable(rows []segment.RFM) (*table, error) {
	sums, err := segment.SummarizeRFM(rows)
	if err != nil {
		return nil, err
	}
	t := &table{Name: "rfm_segments", Title: "RFM segments (shares 0–1)",
		Columns: []string{"segment", "customers", "share", "revenue", "revenue_share", "mean_recency_days", "mean_frequency", "mean_monetary"}}
	var data []segment.RFMSummary
	for _, s := range sums {
		if s.N == 0 {
			continue
		}
		data = append(data, s)
		// The segment itself: its display name in text and CSV.
		t.add(s.Segment, s.N, s.Share, s.Revenue, s.RevenueShare, s.MeanRecency, s.MeanFrequency, s.MeanMonetary)
	}
	t.Data = data
	return t, nil
}
