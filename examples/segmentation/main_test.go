package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cxkit/cxkit/internal/exampletest"
	"github.com/cxkit/cxkit/internal/rate"
)

// keyLines are parts of the walkthrough's key lines: the segment sizes and
// means of the public reference case (segment/testdata/public_reference.json)
// and migration rows that add to 100 %, with an "other" share.
const keyLines = `
6919 purchases, 2357 customers, RFM as of 1998-07-01
Champions                   448    50.0%        68 days       7.56    272.68
Hibernating                 852    11.0%       515 days       1.00     31.58
Can't Lose Them               3
New Customers                 0
Champions:            Champions  52.0%  Loyal Customers  44.7%  At Risk   0.0%  Hibernating   0.0%  other   3.3%  lost   0.0%
Potential Loyalists:  Champions  19.5%  Loyal Customers   0.8%  At Risk   0.0%  Hibernating   0.0%  other  79.7%  lost   0.0%
knee of the elbow curve: k = 3
adjusted Rand
Champions:            448 customers  -> early access, referral programme
`

// TestRun finds keyLines in the printout.
func TestRun(t *testing.T) {
	out := exampletest.Output(t, run)
	exampletest.Contains(t, out, keyLines)
}

func TestRoundToTotal(t *testing.T) {
	assert.Equal(t, []int{334, 333, 333}, rate.RoundToTotal([]int{1, 1, 1}, 1000))
	assert.Equal(t, []int{0, 0}, rate.RoundToTotal([]int{0, 0}, 1000))
	assert.Equal(t, []int{1000, 0}, rate.RoundToTotal([]int{5, 0}, 1000))
}
