package journey

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"time"
)

// timeLayout is how the writers format timestamps: RFC 3339 in UTC, with
// fractional seconds only when present.
const timeLayout = time.RFC3339Nano

// WriteEvents writes events as CSV that [ReadEvents] and [ReadLog] read
// back: customer_id, timestamp, event, channel, touchpoint, value, then one
// column per property name (sorted).
func WriteEvents(w io.Writer, events []Event) error {
	var props []string
	seen := map[string]bool{}
	for _, e := range events {
		for k := range e.Properties {
			if !seen[k] {
				seen[k] = true
				props = append(props, k)
			}
		}
	}
	slices.Sort(props)
	cw := csv.NewWriter(w)
	head := append([]string{"customer_id", "timestamp", "event", "channel", "touchpoint", "value"}, props...)
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(head))
	for _, e := range events {
		rec[0], rec[1], rec[2], rec[3], rec[4] = e.Customer, e.Time.UTC().Format(timeLayout), e.Name, e.Channel, e.Touchpoint
		rec[5] = ""
		if e.Value != 0 {
			rec[5] = strconv.FormatFloat(e.Value, 'g', -1, 64)
		}
		for i, k := range props {
			rec[6+i] = e.Properties[k]
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSurveys writes survey responses as CSV that [ReadSurveys] reads
// back: customer_id, timestamp, touchpoint, kind, rating.
func WriteSurveys(w io.Writer, rs []SurveyResponse) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"customer_id", "timestamp", "touchpoint", "kind", "rating"}); err != nil {
		return err
	}
	for _, r := range rs {
		if err := cw.Write([]string{r.Customer, r.Time.UTC().Format(timeLayout), r.Touchpoint, r.Kind.String(), strconv.Itoa(r.Rating)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
