package journey_test

import (
	"testing"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/simulate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMapValidate checks Map.Validate on the simulator's default map (an
// external test: journey/simulate imports journey).
func TestMapValidate(t *testing.T) {
	require.NoError(t, simulate.DefaultMap().Validate())
	m := simulate.DefaultMap()
	m.MomentsOfTruth = append(m.MomentsOfTruth, "teleport")
	assert.ErrorContains(t, m.Validate(), "teleport")
	m = simulate.DefaultMap()
	m.Touchpoints = append(m.Touchpoints, journey.Touchpoint{Name: "checkout", Stage: journey.StagePurchase})
	assert.ErrorIs(t, m.Validate(), journey.ErrDuplicate)
	m = simulate.DefaultMap()
	m.Stages = m.Stages[:2]
	assert.ErrorIs(t, m.Validate(), journey.ErrUnknown)
	tp, ok := simulate.DefaultMap().Touchpoint("delivery")
	assert.True(t, ok)
	assert.Equal(t, journey.StageOnboarding, tp.Stage)
}
