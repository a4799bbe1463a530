package ces

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cxkit/cxkit/internal/likert"
	"github.com/cxkit/cxkit/internal/likert/likerttest"
)

// TestCountByGroupCancel cancels a count 20 ms in on an input that takes far
// longer; it must stop early with the context's error.
func TestCountByGroupCancel(t *testing.T) {
	likerttest.CountCancel(t, func(i int) uint8 { return uint8(1 + i%7) }, 512, func(ctx context.Context, r []uint8, g []int32, ng int) error {
		_, err := CountByGroup(ctx, r, g, ng, V2, &GroupSettings{Workers: 1})
		return err
	})
	for _, ng := range []int{0, MaxGroups + 1, 1 << 40} {
		_, err := CountByGroup(context.Background(), []uint8{7}, []int32{0}, ng, V2, nil)
		assert.ErrorIs(t, err, ErrOutOfRange, "%d groups", ng)
	}
}

func TestMaxGroups(t *testing.T) { assert.Equal(t, likert.MaxGroups, MaxGroups) }
