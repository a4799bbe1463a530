package attribution

import (
	"fmt"
	"slices"

	"github.com/cxkit/cxkit/journey"
)

// Shares gives each channel of a path table its share of the
// conversions and of the conversion value. Conversions[i] and Value[i] belong
// to Channels[i]; they sum to the table's totals.
//
// JSON keys: channels, conversions, value.
type Shares struct {
	Channels    []string
	Conversions []float64
	Value       []float64
}

// Of returns the conversions and value attributed to a channel (0, 0 if the
// channel is not in the table).
func (a Shares) Of(channel string) (conversions, value float64) {
	for i, c := range a.Channels {
		if c == channel {
			return a.Conversions[i], a.Value[i]
		}
	}
	return 0, 0
}

func newShares(t *journey.PathTable) Shares {
	n := len(t.Channels)
	return Shares{Channels: slices.Clone(t.Channels), Conversions: make([]float64, n), Value: make([]float64, n)}
}

// checkTable validates t for an attribution function and returns ErrEmpty
// for a table without rows.
func checkTable(t *journey.PathTable) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if len(t.Rows) == 0 {
		return fmt.Errorf("%w: no paths", ErrEmpty)
	}
	return nil
}
