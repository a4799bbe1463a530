package segment

// The vector kernels (kernels_amd64.s, AVX-512) read the data in panels:
// eight rows at a time, stored feature by feature, so that one vector
// register holds one feature of eight points. Panel p holds rows 8p..8p+7;
// value (row 8p+l, feature f) is at p·8·dp + f·8 + l, where dp is the
// number of features rounded up to a multiple of 4. The padding (features
// d..dp−1, and the rows after the last one) is zero. The kernels evaluate,
// lane by lane, exactly the expression of sqDist — four running sums over
// the features f ≡ 0, 1, 2, 3 (mod 4), each product rounded before it is
// added, combined as (s0 + s1) + (s2 + s3) — so they give the same bits as
// the scalar code: a padded feature adds (0 − 0)² = +0, which changes no
// sum. The Go functions below are their reference (and the kernels of the
// purego build, where no panels are built).

// panelWidth returns dp, the number of features of a panel row.
func panelWidth(d int) int { return (d + 3) &^ 3 }

// toPanels returns the rows of x in the panel layout.
func toPanels(x Matrix) []float64 {
	d, dp := x.Cols, panelWidth(x.Cols)
	panels := (x.Rows + 7) / 8
	xt := make([]float64, panels*8*dp)
	for i := 0; i < x.Rows; i++ {
		p, l := i/8, i%8
		base := p * 8 * dp
		for f, v := range x.Data[i*d : (i+1)*d] {
			xt[base+f*8+l] = v
		}
	}
	return xt
}

// padCenters returns the k centres of d features padded with zeros to dp
// features (centres itself when d = dp).
func padCenters(centers []float64, k, d int, buf []float64) []float64 {
	dp := panelWidth(d)
	if dp == d {
		return centers[:k*d]
	}
	buf = buf[:k*dp]
	clear(buf)
	for j := 0; j < k; j++ {
		copy(buf[j*dp:j*dp+d], centers[j*d:(j+1)*d])
	}
	return buf
}

// panelDist returns lane l of panel p's squared distance to the centre c
// (dp features), in the order of sqDist.
func panelDist(panel []float64, l int, c []float64) float64 {
	var s [4]float64
	for f, v := range c {
		t := panel[f*8+l] - v
		s[f%4] += float64(t * t)
	}
	return (s[0] + s[1]) + (s[2] + s[3])
}

// distPanelsGo is the reference of distPanels: the squared distance of
// every lane of every panel to the centre c (dp features).
func distPanelsGo(xt []float64, panels, dp int, c []float64, out []float64) {
	for p := 0; p < panels; p++ {
		panel := xt[p*8*dp : (p+1)*8*dp]
		for l := 0; l < 8; l++ {
			out[p*8+l] = panelDist(panel, l, c[:dp])
		}
	}
}

// minSumPanelsGo is the reference of minSumPanels: lane l of acc gains
// min(closest, squared distance to c) of lane l of every panel, and out
// receives the distances.
func minSumPanelsGo(xt []float64, panels, dp int, c []float64, closest []float64, acc *laneSums, out []float64) {
	for p := 0; p < panels; p++ {
		panel := xt[p*8*dp : (p+1)*8*dp]
		for l := 0; l < 8; l++ {
			v := panelDist(panel, l, c[:dp])
			out[p*8+l] = v
			acc[l] += min(closest[p*8+l], v)
		}
	}
}

// tightenPanelsGo is the reference of tightenPanels: tightenRows over the
// panels, and the new closest values added lane by lane to acc.
func tightenPanelsGo(xt []float64, dp int, c []float64, cnum int32, closest []float64, labels []int32, lower []float64, acc *laneSums) {
	dist := make([]float64, len(closest))
	distPanelsGo(xt, len(closest)/8, dp, c, dist)
	tightenRows(closest, labels, lower, dist, cnum)
	acc.addAll(closest, nil)
}

// labelBlock is the number of rows that nearestRows moves into the panel
// layout at a time.
const labelBlock = 256

// rowLabeler finds the nearest of k centres for rows stored row-major,
// with the vector kernels when Fit has them (the rows are moved into the
// panel layout a block at a time) and the scalar code otherwise: the same
// bits either way. It is not safe for concurrent use (it holds scratch).
type rowLabeler struct {
	k, d, dp int
	centers  []float64 // k × d
	cp       []float64 // the centres padded to dp features (vector kernels)
	buf      []float64 // one block of rows in the panel layout
}

// newRowLabeler returns a labeler for the k centres (k × d, row-major; it
// keeps a reference to them: call setCenters after changing them).
func newRowLabeler(centers []float64, k, d int) *rowLabeler {
	l := &rowLabeler{k: k, d: d, dp: panelWidth(d), centers: centers}
	if useVector {
		l.buf = make([]float64, labelBlock*l.dp)
		l.cp = make([]float64, k*l.dp)
		l.setCenters(centers)
	}
	return l
}

// setCenters makes centers (k × d) the centres to label by.
func (l *rowLabeler) setCenters(centers []float64) {
	l.centers = centers
	if useVector {
		l.cp = append(l.cp[:0], padCenters(centers, l.k, l.d, l.cp[:cap(l.cp)])...)
	}
}

// forChunk returns a labeler sharing l's centres with scratch of its own,
// for one goroutine.
func (l *rowLabeler) forChunk() *rowLabeler {
	c := *l
	if useVector {
		c.buf = make([]float64, labelBlock*l.dp)
	}
	return &c
}

// nearestRows writes, for each row of xs (row-major, d features), the index
// of the nearest centre (ties: the lower index) to labels and its squared
// distance to dist.
func (l *rowLabeler) nearestRows(xs []float64, labels []int32, dist []float64) {
	d, dp := l.d, l.dp
	n := len(xs) / d
	if !useVector {
		for i := range n {
			a, s := nearest(xs[i*d:(i+1)*d], l.centers, l.k)
			labels[i], dist[i] = int32(a), s
		}
		return
	}
	var lab [labelBlock]int32
	var dst [labelBlock]float64
	for lo := 0; lo < n; lo += labelBlock {
		m := min(labelBlock, n-lo)
		panelBlock(xs[lo*d:(lo+m)*d], d, dp, l.buf)
		panels := (m + 7) / 8
		panelNearest(l.buf[:panels*8*dp], dp, l.cp, l.k, lab[:], dst[:])
		copy(labels[lo:lo+m], lab[:m])
		copy(dist[lo:lo+m], dst[:m])
	}
}

// nearestOf is nearestRows for the rows idx of x (row-major, d features),
// gathered straight into the panel layout.
func (l *rowLabeler) nearestOf(x []float64, idx []int, labels []int32, dist []float64) {
	d, dp := l.d, l.dp
	if !useVector {
		for r, i := range idx {
			a, s := nearest(x[i*d:(i+1)*d], l.centers, l.k)
			labels[r], dist[r] = int32(a), s
		}
		return
	}
	var lab [labelBlock]int32
	var dst [labelBlock]float64
	for lo := 0; lo < len(idx); lo += labelBlock {
		m := min(labelBlock, len(idx)-lo)
		for r, i := range idx[lo : lo+m] {
			base := r/8*8*dp + r%8
			for f, v := range x[i*d : (i+1)*d] {
				l.buf[base+f*8] = v
			}
		}
		panels := (m + 7) / 8
		panelNearest(l.buf[:panels*8*dp], dp, l.cp, l.k, lab[:], dst[:])
		copy(labels[lo:lo+m], lab[:m])
		copy(dist[lo:lo+m], dst[:m])
	}
}

// panelBlock writes the rows of xs (row-major, d features) into buf in the
// panel layout of width dp. In a last panel of fewer than 8 rows the other
// lanes keep stale values (their results are to be dropped); features
// d..dp−1 are never written, so they stay zero.
func panelBlock(xs []float64, d, dp int, buf []float64) {
	m := len(xs) / d
	full := m / 8
	for p := range full {
		src := xs[p*8*d : (p+1)*8*d]
		out := buf[p*8*dp : p*8*dp+8*d]
		r0, r1, r2, r3 := src[0:d], src[d:2*d], src[2*d:3*d], src[3*d:4*d]
		r4, r5, r6, r7 := src[4*d:5*d], src[5*d:6*d], src[6*d:7*d], src[7*d:8*d]
		for f := range r0 {
			o := out[f*8 : f*8+8 : f*8+8]
			o[0], o[1], o[2], o[3] = r0[f], r1[f], r2[f], r3[f]
			o[4], o[5], o[6], o[7] = r4[f], r5[f], r6[f], r7[f]
		}
	}
	for i := full * 8; i < m; i++ {
		base := full*8*dp + i%8
		for f, v := range xs[i*d : (i+1)*d] {
			buf[base+f*8] = v
		}
	}
}
