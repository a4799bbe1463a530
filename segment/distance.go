package segment

import "math"

// Distance kernels.
//
// Every squared Euclidean distance in this package is computed by sqDist,
// whose summation order is fixed: four running sums over the features
// j ≡ 0, 1, 2, 3 (mod 4), combined as (s0 + s1) + (s2 + s3). The unrolled
// kernels for 8 features (the common customer-feature width) evaluate the
// very same expression, so Lloyd, Hamerly, Predict and the quality indices
// agree to the last bit. Each product is wrapped in an explicit float64
// conversion, which by the Go specification forbids fusing it into a
// multiply-add: results are then identical on machines with and without FMA.

// sqDist returns the squared Euclidean distance between a and b, which must
// have the same length.
func sqDist(a, b []float64) float64 {
	if len(a) == 8 {
		return sqDist8(a, b)
	}
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(a); j += 4 {
		d0 := a[j] - b[j]
		d1 := a[j+1] - b[j+1]
		d2 := a[j+2] - b[j+2]
		d3 := a[j+3] - b[j+3]
		s0 += float64(d0 * d0)
		s1 += float64(d1 * d1)
		s2 += float64(d2 * d2)
		s3 += float64(d3 * d3)
	}
	switch len(a) - j {
	case 3:
		d2 := a[j+2] - b[j+2]
		s2 += float64(d2 * d2)
		fallthrough
	case 2:
		d1 := a[j+1] - b[j+1]
		s1 += float64(d1 * d1)
		fallthrough
	case 1:
		d0 := a[j] - b[j]
		s0 += float64(d0 * d0)
	}
	return (s0 + s1) + (s2 + s3)
}

// sqDist8 is sqDist for 8 features, unrolled.
func sqDist8(a, b []float64) float64 {
	a = a[:8:8]
	b = b[:8:8]
	d0, d1, d2, d3 := a[0]-b[0], a[1]-b[1], a[2]-b[2], a[3]-b[3]
	d4, d5, d6, d7 := a[4]-b[4], a[5]-b[5], a[6]-b[6], a[7]-b[7]
	s0 := float64(d0*d0) + float64(d4*d4)
	s1 := float64(d1*d1) + float64(d5*d5)
	s2 := float64(d2*d2) + float64(d6*d6)
	s3 := float64(d3*d3) + float64(d7*d7)
	return (s0 + s1) + (s2 + s3)
}

// nearest returns the index of the centre nearest to x (ties go to the
// lowest index) and its squared distance. centers holds k centres of len(x)
// features, row-major.
func nearest(x, centers []float64, k int) (int, float64) {
	d := len(x)
	if d == 8 {
		best, bd, _ := nearest8(x, centers, k, false)
		return best, bd
	}
	best, bd := 0, math.Inf(1)
	for j := 0; j < k; j++ {
		if s := sqDist(x, centers[j*d:(j+1)*d]); s < bd {
			best, bd = j, s
		}
	}
	return best, bd
}

// nearest2 is nearest that also returns the squared distance to the second
// nearest centre (+Inf when k = 1). The chosen index is the same as nearest's.
func nearest2(x, centers []float64, k int) (int, float64, float64) {
	d := len(x)
	if d == 8 {
		return nearest8(x, centers, k, true)
	}
	best, bd, sd := 0, math.Inf(1), math.Inf(1)
	for j := 0; j < k; j++ {
		s := sqDist(x, centers[j*d:(j+1)*d])
		if s < bd {
			best, sd, bd = j, bd, s
		} else if s < sd {
			sd = s
		}
	}
	return best, bd, sd
}

// nearest8 is nearest for 8 features, with the point held in registers,
// and nearest2 as well when second is set: it then also returns the squared
// distance to the second nearest centre (+Inf when k = 1). The chosen index
// does not depend on second.
func nearest8(x, centers []float64, k int, second bool) (int, float64, float64) {
	x = x[:8:8]
	x0, x1, x2, x3, x4, x5, x6, x7 := x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]
	best, bd, sd := 0, math.Inf(1), math.Inf(1)
	for j := 0; j < k; j++ {
		c := centers[j*8 : j*8+8 : j*8+8]
		d0, d1, d2, d3 := x0-c[0], x1-c[1], x2-c[2], x3-c[3]
		d4, d5, d6, d7 := x4-c[4], x5-c[5], x6-c[6], x7-c[7]
		s0 := float64(d0*d0) + float64(d4*d4)
		s1 := float64(d1*d1) + float64(d5*d5)
		s2 := float64(d2*d2) + float64(d6*d6)
		s3 := float64(d3*d3) + float64(d7*d7)
		s := (s0 + s1) + (s2 + s3)
		if s < bd {
			best, sd, bd = j, bd, s
		} else if second && s < sd {
			sd = s
		}
	}
	return best, bd, sd
}

// axpy adds w·x to dst.
func axpy(dst []float64, w float64, x []float64) {
	dst = dst[:len(x)]
	if w == 1 {
		for j, v := range x {
			dst[j] += v
		}
		return
	}
	for j, v := range x {
		dst[j] += float64(w * v)
	}
}
