package journey

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scanCase pairs a batch reader with its streaming form on one input.
type scanCase[T any] struct {
	read func(io.Reader) ([]T, error)
	scan func(io.Reader) iter.Seq2[T, error]
}

func (c scanCase[T]) check(t *testing.T, data []byte) {
	t.Helper()
	want, err := c.read(bytes.NewReader(data))
	require.NoError(t, err)
	require.NotEmpty(t, want)
	var got []T
	for v, err := range c.scan(bytes.NewReader(data)) {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, want, got, "the stream yields what the batch reader returns")

	// A consumer that stops after two values stops the read.
	n := 0
	for _, err := range c.scan(bytes.NewReader(data)) {
		require.NoError(t, err)
		n++
		if n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)
}

func TestScanMatchesRead(t *testing.T) {
	cdnow, err := os.ReadFile("testdata/CDNOW_sample.txt")
	require.NoError(t, err)
	events, err := os.ReadFile("testdata/events_public.csv")
	require.NoError(t, err)
	t.Run("cdnow", func(t *testing.T) { scanCase[Purchase]{ReadCDNOW, ScanCDNOW}.check(t, cdnow) })
	t.Run("events", func(t *testing.T) { scanCase[Event]{ReadEvents, ScanEvents}.check(t, events) })
	purchases := []byte("customer_id,timestamp,amount\na,2024-01-01,10\nb,2024-01-02,5.5\nc,2024-01-03,0\n")
	t.Run("purchases", func(t *testing.T) { scanCase[Purchase]{ReadPurchases, ScanPurchases}.check(t, purchases) })
	surveys := []byte("customer_id,timestamp,touchpoint,kind,rating\na,2024-01-01,web,nps,9\nb,2024-01-02,app,csat,4\n")
	t.Run("surveys", func(t *testing.T) { scanCase[SurveyResponse]{ReadSurveys, ScanSurveys}.check(t, surveys) })
}

func TestScanStopsAtFirstError(t *testing.T) {
	data := "customer_id,timestamp,amount\na,2024-01-01,10\nb,2024-01-02,-3\nc,2024-01-03,1\n"
	var got []Purchase
	var last error
	for p, err := range ScanPurchases(strings.NewReader(data)) {
		if err != nil {
			last = err
			continue
		}
		got = append(got, p)
	}
	assert.Len(t, got, 1, "values before the bad row come through, none after")
	var ie *InputError
	require.True(t, errors.As(last, &ie), "%v", last)
	assert.Equal(t, 3, ie.Line)
	assert.ErrorIs(t, last, ErrNegative)
}
