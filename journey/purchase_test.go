package journey

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cxkit/cxkit/journey/internal/cases"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadCDNOWSample(t *testing.T) {
	ps := cases.ReadFile(t, "testdata/CDNOW_sample.txt", ReadCDNOW)
	// SOURCE.md: 6,919 transactions from 2,357 customers.
	assert.Len(t, ps, 6919)
	ids := map[string]bool{}
	for _, p := range ps {
		ids[p.Customer] = true
	}
	assert.Len(t, ids, 2357)
	assert.Equal(t, Purchase{Customer: "4", Time: time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC), Amount: 29.33}, ps[0])
}

func TestReadCDNOWErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		line int
		err  error
	}{
		{"customer_id date number_of_cds dollar_value\n00001 19970101 1 11.77\n00001 1997-01-02 1 3\n", 3, ErrMalformed},
		{"00001 19970101 1\n", 1, ErrMalformed},
		{"\n00001 19970101 1 -3\n", 2, ErrNegative},
		{"00001 19970101 1 NaN\n", 1, ErrNonFinite},
	} {
		_, err := ReadCDNOW(strings.NewReader(tc.in))
		require.Error(t, err, tc.in)
		assert.True(t, errors.Is(err, tc.err), tc.in)
		var ie *InputError
		require.True(t, errors.As(err, &ie), tc.in)
		assert.Equal(t, tc.line, ie.Line, tc.in)
		assert.Contains(t, err.Error(), fmt.Sprintf("at line %d", tc.line))
	}
	ps, err := ReadCDNOW(strings.NewReader("customer_id date number_of_cds dollar_value\n00001 19970101 1 11.77\n"))
	require.NoError(t, err)
	assert.Equal(t, "1", ps[0].Customer)
	ps, err = ReadCDNOW(strings.NewReader("000 19970101 1 5\n"))
	require.NoError(t, err)
	assert.Equal(t, "0", ps[0].Customer)
}
