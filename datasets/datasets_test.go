package datasets

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCDNOWSample checks the embedded file against the checksum in
// SOURCE.md and the loaded log against the published description: 6,919
// purchases of 2,357 customers from 1997-01-01 to 1998-06-30, first
// purchases in the first quarter of 1997, positive amounts.
func TestCDNOWSample(t *testing.T) {
	sum := sha256.Sum256(cdnowSample)
	assert.Equal(t, "6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a", hex.EncodeToString(sum[:]))

	log, err := CDNOWSample()
	require.NoError(t, err)
	require.Len(t, log, 6919)
	first := map[string]time.Time{}
	lo, hi := log[0].Time, log[0].Time
	total := 0.0
	for _, p := range log {
		if f, ok := first[p.Customer]; !ok || p.Time.Before(f) {
			first[p.Customer] = p.Time
		}
		if p.Time.Before(lo) {
			lo = p.Time
		}
		if p.Time.After(hi) {
			hi = p.Time
		}
		assert.True(t, p.Amount >= 0 && !math.IsInf(p.Amount, 0), "amount %v", p.Amount)
		assert.Equal(t, time.UTC, p.Time.Location())
		total += p.Amount
	}
	assert.Len(t, first, 2357)
	assert.Equal(t, time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC), lo)
	assert.Equal(t, time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC), hi)
	q2 := time.Date(1997, 4, 1, 0, 0, 0, 0, time.UTC)
	for id, f := range first {
		assert.True(t, f.Before(q2), "customer %s first bought on %s", id, f)
	}
	assert.Greater(t, total, 0.0)

	// Every call returns a new slice: changing one does not change the next.
	log[0].Amount = -1
	again, err := CDNOWSample()
	require.NoError(t, err)
	assert.InDelta(t, 29.33, again[0].Amount, 1e-9)
}
