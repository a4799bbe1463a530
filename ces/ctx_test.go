package ces

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert"
)

// TestCountByGroupCancel cancels a count 20 ms in on an input that takes far
// longer; it must stop early with the context's error.
func TestCountByGroupCancel(t *testing.T) {
	n := 1 << 26
	ratings, groups := make([]uint8, n), make([]int32, n)
	for i := range ratings {
		ratings[i], groups[i] = uint8(1+i%7), int32(i&511)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := CountByGroup(ctx, ratings, groups, 512, V2, &GroupSettings{Workers: 1})
	took := time.Since(start)
	require.True(t, errors.Is(err, context.DeadlineExceeded), "err = %v after %v", err, took)
	assert.Less(t, took, time.Second)
	for _, ng := range []int{0, MaxGroups + 1, 1 << 40} {
		_, err := CountByGroup(context.Background(), []uint8{7}, []int32{0}, ng, V2, nil)
		assert.ErrorIs(t, err, ErrOutOfRange, "%d groups", ng)
	}
}

func TestMaxGroups(t *testing.T) { assert.Equal(t, likert.MaxGroups, MaxGroups) }
