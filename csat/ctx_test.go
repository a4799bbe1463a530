package csat

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert"
)

// TestCountByGroupCancel cancels CountByGroup 20 ms into an input that
// takes far longer and checks that it stops early with ctx's error.
func TestCountByGroupCancel(t *testing.T) {
	n := 1 << 26 // about 0.1 s of counting on one goroutine, far more under load
	ratings, groups := make([]uint8, n), make([]int32, n)
	for i := range ratings {
		ratings[i], groups[i] = uint8(1+i&3), int32(i&1023)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err := CountByGroup(ctx, ratings, groups, 1024, Scale5, &GroupSettings{Workers: 1})
	took := time.Since(start)
	require.True(t, errors.Is(err, context.Canceled), "err = %v after %v", err, took)
	assert.Less(t, took, time.Second)

	// An already cancelled context returns at once, on any input.
	_, err = CountByGroup(ctx, []uint8{1}, []int32{0}, 1, Scale5, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestCountByGroupSizes checks the limits that are errors before anything
// is allocated: never a panic, in a goroutine or not.
func TestCountByGroupSizes(t *testing.T) {
	ctx := context.Background()
	for _, ng := range []int{0, -1, MaxGroups + 1, 1 << 62} {
		_, err := CountByGroup(ctx, []uint8{5}, []int32{0}, ng, Scale5, nil)
		assert.ErrorIs(t, err, ErrOutOfRange, "%d groups", ng)
	}
	got, err := CountByGroup(ctx, []uint8{5}, []int32{1<<16 - 1}, 1<<16, Scale5, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(1), got[1<<16-1].Ratings[4])
	_, err = CountByGroup(ctx, []uint8{5, 5}, []int32{0}, 1, Scale5, nil)
	assert.ErrorIs(t, err, ErrLength)
}

func TestMaxGroups(t *testing.T) { assert.Equal(t, likert.MaxGroups, MaxGroups) }
