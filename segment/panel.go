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
