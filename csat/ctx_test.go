package csat

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/likert/likerttest"
)

// TestCountByGroupCancel cancels CountByGroup 20 ms into an input that
// takes far longer and checks that it stops early with ctx's error.
func TestCountByGroupCancel(t *testing.T) {
	likerttest.CountCancel(t, func(i int) uint8 { return uint8(1 + i&3) }, 1024, func(ctx context.Context, r []uint8, g []int32, ng int) error {
		_, err := CountByGroup(ctx, r, g, ng, Scale5, &GroupSettings{Workers: 1})
		return err
	})
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
