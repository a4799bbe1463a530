//go:build amd64 && !purego

package segment

import "golang.org/x/sys/cpu"

// useVector says whether k-means may use the AVX-512 kernels of
// kernels_amd64.s over the panel layout; tests turn it off to check that
// the scalar code gives the same bits.
var useVector = canVector

// canVector says whether the machine can run the kernels.
var canVector = cpu.X86.HasAVX512F

// nearestPanels8 is nearestPanels for 8 features, with the panel held in
// registers.
//
//go:noescape
func nearestPanels8(xt *float64, panels int, c *float64, k int, labels *int32, dist *float64)

// nearestPanels writes, for every lane of every panel, the index of the
// nearest of the k centres c (k × dp, row-major; ties: the lower index) to
// labels and its squared distance to dist.
//
//go:noescape
func nearestPanels(xt *float64, panels, dp int, c *float64, k int, labels *int32, dist *float64)

// distPanels8 is distPanels for 8 features, with the centre held in
// registers.
//
//go:noescape
func distPanels8(xt *float64, panels int, c *float64, out *float64)

// distPanels writes the squared distance of every lane of every panel to
// the centre c (dp features) to out.
//
//go:noescape
func distPanels(xt *float64, panels, dp int, c *float64, out *float64)

// panelNearest runs the nearest-centre kernel over the panels of xt: c
// holds k centres of dp features; labels and dist receive 8 values per
// panel.
func panelNearest(xt []float64, dp int, c []float64, k int, labels []int32, dist []float64) {
	panels := len(xt) / (8 * dp)
	if panels == 0 || k == 0 {
		return
	}
	_, _, _ = c[k*dp-1], labels[panels*8-1], dist[panels*8-1]
	if dp == 8 {
		nearestPanels8(&xt[0], panels, &c[0], k, &labels[0], &dist[0])
		return
	}
	nearestPanels(&xt[0], panels, dp, &c[0], k, &labels[0], &dist[0])
}

// panelDists runs the distance kernel over the panels of xt: c is one
// centre of dp features; out receives 8 values per panel.
func panelDists(xt []float64, dp int, c []float64, out []float64) {
	panels := len(xt) / (8 * dp)
	if panels == 0 {
		return
	}
	_, _ = c[dp-1], out[panels*8-1]
	if dp == 8 {
		distPanels8(&xt[0], panels, &c[0], &out[0])
		return
	}
	distPanels(&xt[0], panels, dp, &c[0], &out[0])
}

// minSumPanels8 is minSumPanels for 8 features, with the centre held in
// registers.
//
//go:noescape
func minSumPanels8(xt *float64, panels int, c *float64, closest *float64, acc *float64, out *float64)

// minSumPanels adds, lane by lane, min(closest, squared distance to c) of
// every panel to acc[0..7] and writes the distances to out: closest and out
// hold 8 values per panel.
//
//go:noescape
func minSumPanels(xt *float64, panels, dp int, c *float64, closest *float64, acc *float64, out *float64)

// panelMinSums runs the fused k-means++ kernel over the panels of xt: acc
// lane l gains min(closest[i], ‖xᵢ − c‖²) of the rows i ≡ l (mod 8), and
// out[i] receives ‖xᵢ − c‖². closest and out hold one value per row of the
// panels.
func panelMinSums(xt []float64, dp int, c []float64, closest []float64, acc *laneSums, out []float64) {
	panels := len(xt) / (8 * dp)
	if panels == 0 {
		return
	}
	_, _, _ = c[dp-1], closest[panels*8-1], out[panels*8-1]
	if dp == 8 {
		minSumPanels8(&xt[0], panels, &c[0], &closest[0], &acc[0], &out[0])
		return
	}
	minSumPanels(&xt[0], panels, dp, &c[0], &closest[0], &acc[0], &out[0])
}

// tightenPanels is tightenRows over the panels, with the distances to c
// computed on the fly, and the new closest values added lane by lane to
// acc; lower may be nil.
//
//go:noescape
func tightenPanels(xt *float64, panels, dp int, c *float64, cnum int, closest *float64, labels *int32, lower *float64, acc *float64)

// panelTighten runs tightenPanels over the panels of xt (one value of
// closest, labels and lower per row; lower may be nil).
func panelTighten(xt []float64, dp int, c []float64, cnum int32, closest []float64, labels []int32, lower []float64, acc *laneSums) {
	panels := len(xt) / (8 * dp)
	if panels == 0 {
		return
	}
	_, _, _ = c[dp-1], closest[panels*8-1], labels[panels*8-1]
	var lp *float64
	if lower != nil {
		_ = lower[panels*8-1]
		lp = &lower[0]
	}
	tightenPanels(&xt[0], panels, dp, &c[0], int(cnum), &closest[0], &labels[0], lp, &acc[0])
}

// minSumPanels8Multi is minSumPanels8 for trials candidates at once (cands:
// trials × 8; acc: trials × 8 lane sums), each panel read once; it does not
// write the distances.
//
//go:noescape
func minSumPanels8Multi(xt *float64, panels int, cands *float64, trials int, closest *float64, acc *float64)

// panelMinSumsMulti runs the k-means++ kernel for several candidates of 8
// features over the panels of xt: accs[t] lane l gains min(closest[i],
// ‖xᵢ − cand t‖²) of the rows i ≡ l (mod 8). cands holds len(accs)
// candidates of 8 features.
func panelMinSumsMulti(xt []float64, cands []float64, closest []float64, accs []laneSums) {
	panels := len(xt) / 64
	if panels == 0 || len(accs) == 0 {
		return
	}
	_, _ = cands[len(accs)*8-1], closest[panels*8-1]
	minSumPanels8Multi(&xt[0], panels, &cands[0], len(accs), &closest[0], &accs[0][0])
}

// prefetchRows hints that the rows idx of x (d features each) are about to
// be read (see kernels_amd64.s); it changes no result.
//
//go:noescape
func prefetchRows(x *float64, idx *int, n int, rowBytes int)

// prefetch is prefetchRows over slices; idx must index rows of x.
func prefetch(x []float64, d int, idx []int) {
	if len(idx) == 0 || len(x) == 0 {
		return
	}
	prefetchRows(&x[0], &idx[0], len(idx), 8*d)
}
