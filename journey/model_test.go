package journey

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStageAndKindNames(t *testing.T) {
	for s := StageUnknown; s <= StageAdvocacy; s++ {
		got, err := ParseStage(s.String())
		require.NoError(t, err)
		assert.Equal(t, s, got)
	}
	st, err := ParseStage("Onboarding/Usage")
	require.NoError(t, err)
	assert.Equal(t, StageOnboarding, st)
	_, err = ParseStage("delight")
	assert.ErrorIs(t, err, ErrUnknown)
	for k := KindNPS; k <= KindCES; k++ {
		got, err := ParseSurveyKind(k.String())
		require.NoError(t, err)
		assert.Equal(t, k, got)
	}
	_, err = ParseSurveyKind("stars")
	assert.ErrorIs(t, err, ErrUnknown)
	assert.Equal(t, "journey.Stage(99)", Stage(99).String())
	assert.Equal(t, "converted", OutcomeConverted.String())
}
