//go:build !amd64 || purego

package segment

import "math"

// useVector is false: without the AVX-512 kernels, k-means builds no
// panels and runs the scalar code.
var useVector = false

// canVector is true: the Go references of the kernels run anywhere (tests
// turn them on to check the panel code in this build too).
const canVector = true

// panelNearest is the Go reference of the nearest-centre kernel.
func panelNearest(xt []float64, dp int, c []float64, k int, labels []int32, dist []float64) {
	nearestPanelsGo(xt, len(xt)/(8*dp), dp, c, k, labels, dist)
}

// panelDists is the Go reference of the distance kernel.
func panelDists(xt []float64, dp int, c []float64, out []float64) {
	distPanelsGo(xt, len(xt)/(8*dp), dp, c, out)
}

// panelMinSums is the Go reference of the fused k-means++ kernel.
func panelMinSums(xt []float64, dp int, c []float64, closest []float64, acc *laneSums, out []float64) {
	minSumPanelsGo(xt, len(xt)/(8*dp), dp, c, closest, acc, out)
}

// panelTighten is the Go reference of the k-means++ tightening kernel.
func panelTighten(xt []float64, dp int, c []float64, cnum int32, closest []float64, labels []int32, lower []float64, acc *laneSums) {
	tightenPanelsGo(xt, dp, c, cnum, closest, labels, lower, acc)
}

// nearestPanelsGo is the reference of nearestPanels: for every lane of
// every panel, the nearest of the k centres (ties: the lower index) and its
// squared distance.
func nearestPanelsGo(xt []float64, panels, dp int, c []float64, k int, labels []int32, dist []float64) {
	for p := 0; p < panels; p++ {
		panel := xt[p*8*dp : (p+1)*8*dp]
		for l := 0; l < 8; l++ {
			best, bd := 0, math.Inf(1)
			for j := 0; j < k; j++ {
				if s := panelDist(panel, l, c[j*dp:(j+1)*dp]); s < bd {
					best, bd = j, s
				}
			}
			labels[p*8+l], dist[p*8+l] = int32(best), bd
		}
	}
}

// panelMinSumsMulti is the Go reference of the multi-candidate k-means++
// kernel for 8 features.
func panelMinSumsMulti(xt []float64, cands []float64, closest []float64, accs []laneSums) {
	panels := len(xt) / 64
	for t := range accs {
		for p := 0; p < panels; p++ {
			panel := xt[p*64 : (p+1)*64]
			for l := 0; l < 8; l++ {
				accs[t][l] += min(closest[p*8+l], panelDist(panel, l, cands[t*8:(t+1)*8]))
			}
		}
	}
}

// prefetch does nothing without assembly.
func prefetch(x []float64, d int, idx []int) {}
