package cxbeam

import (
	"context"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/internal/wire"
	"github.com/cxkit/cxkit/journey"
)

// Event is a journey event with the place it came from: the file and line
// name a bad row, and order a customer's events at the same instant as the
// library orders them (log order: files by name, then line).
//
// JSON keys: event, source, line.
type Event struct {
	Event  journey.Event
	Source string // the file, "" when not from a file
	Line   int    // the 1-based line in Source, 0 when not from a file
}

// ReadEvents reads journey events from the CSV files that match glob on any
// Beam filesystem, in the format of journey.ReadEvents: a header row; the
// columns customer_id (or customer), timestamp (or time) and event (or
// name), case-insensitive; channel, touchpoint and value optional; every
// other column a property. It returns a PCollection<Event> and a
// PCollection<Rejected> of the rows journey.ReadEvents would stop at (a
// record with the wrong number of fields, an empty customer or event, a
// timestamp journey.ParseTime does not read, a value that is not a finite
// number), with the library's message, plus the rows whose time lies
// outside 1678–2262, which the funnels cannot hold. A file without the
// required columns is set aside as one Rejected at line 1. Each file is
// read whole by one worker (see ReadResponses).
func ReadEvents(s beam.Scope, glob string) (events, rejected beam.PCollection) {
	s = s.Scope("cxbeam.ReadEvents")
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, glob, fileio.MatchEmptyDisallow()))
	return beam.ParDo2(s, &readEventsFn{}, files)
}

type readEventsFn struct{}

// eventHeader is where an event file's columns are.
type eventHeader struct {
	cust, time, name, channel, touchpoint, value int
	props                                        []int
	names                                        []string
}

func parseEventHeader(rec []string) (eventHeader, string) {
	find := func(names ...string) int {
		for i, h := range rec {
			h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
			if slices.Contains(names, h) {
				return i
			}
		}
		return -1
	}
	h := eventHeader{
		cust: find("customer_id", "customer"), time: find("timestamp", "time"), name: find("event", "name"),
		channel: find("channel"), touchpoint: find("touchpoint"), value: find("value"),
	}
	for _, c := range []struct {
		name string
		i    int
	}{{"customer_id", h.cust}, {"timestamp", h.time}, {"event", h.name}} {
		if c.i < 0 {
			return h, c.name
		}
	}
	known := []int{h.cust, h.time, h.name, h.channel, h.touchpoint, h.value}
	for i, name := range rec {
		if !slices.Contains(known, i) {
			h.props = append(h.props, i)
			h.names = append(h.names, strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		}
	}
	return h, ""
}

// parseEvent reads one record as journey.ReadEvents does; a bad one gives
// the field, its value and the library's *journey.InputError.
func (h *eventHeader) parseEvent(rec []string, line int) (journey.Event, string, string, error) {
	bad := func(field, value string, err error) (journey.Event, string, string, error) {
		return journey.Event{}, field, value, &journey.InputError{Index: -1, Line: line, Field: field, Value: value, Err: err}
	}
	if rec[h.cust] == "" {
		return bad("customer_id", "", journey.ErrMissing)
	}
	if rec[h.name] == "" {
		return bad("event", "", journey.ErrMissing)
	}
	t, err := journey.ParseTime(rec[h.time])
	if err != nil {
		return bad("timestamp", rec[h.time], journey.ErrMalformed)
	}
	if t.Before(minEventTime) || t.After(maxEventTime) {
		return bad("timestamp", rec[h.time], errOutsideLog)
	}
	e := journey.Event{Customer: rec[h.cust], Time: t, Name: rec[h.name]}
	if h.channel >= 0 {
		e.Channel = rec[h.channel]
	}
	if h.touchpoint >= 0 {
		e.Touchpoint = rec[h.touchpoint]
	}
	if h.value >= 0 && rec[h.value] != "" {
		v, err := strconv.ParseFloat(rec[h.value], 64)
		if err != nil {
			return bad("value", rec[h.value], journey.ErrMalformed)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return bad("value", rec[h.value], journey.ErrNonFinite)
		}
		e.Value = v
	}
	for k, i := range h.props {
		if rec[i] != "" {
			if e.Properties == nil {
				e.Properties = make(map[string]string, len(h.props))
			}
			e.Properties[h.names[k]] = rec[i]
		}
	}
	return e, "", "", nil
}

// The times an int64 of Unix nanoseconds (a journey.Log) holds.
var (
	minEventTime = time.Unix(0, math.MinInt64)
	maxEventTime = time.Unix(0, math.MaxInt64)
)

// errOutsideLog is the error of a time that a journey.Log cannot hold.
var errOutsideLog = fmt.Errorf("%w: outside 1678–2262 (Unix nanoseconds)", journey.ErrOutOfRange)

// rejectOutOfRange counts e and sets it aside through bad: a journey.Log
// cannot hold its time.
func rejectOutOfRange(ctx context.Context, e Event, bad func(Rejected)) {
	rejectedCounter.Inc(ctx, 1)
	v := e.Event.Time.String()
	err := &journey.InputError{Index: -1, Line: e.Line, Field: "timestamp", Value: v, Err: errOutsideLog}
	bad(Rejected{Source: e.Source, Line: e.Line, Field: "timestamp", Value: v, Reason: err.Error()})
}

func (f *readEventsFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, ok func(Event), bad func(Rejected)) error {
	var h eventHeader
	return readCSV(ctx, file, bad, csvReading{
		Strict: true, // every record as long as the header, as journey.ReadEvents reads
		Empty:  (&journey.InputError{Index: -1, Line: 1, Field: "header", Err: fmt.Errorf("%w: empty file", journey.ErrMissing)}).Error(),
		Header: func(header []string, reject rejectFunc) bool {
			var missing string
			h, missing = parseEventHeader(header)
			if missing != "" {
				all := strings.Join(header, ",")
				reject(1, "header", all, (&journey.InputError{Index: -1, Line: 1, Field: "header", Value: all,
					Err: fmt.Errorf("%w: column %s", journey.ErrMissing, missing)}).Error()+": the file is set aside")
			}
			return missing == ""
		},
		Row: func(src string, line int, rec []string, reject rejectFunc) {
			e, field, value, err := h.parseEvent(rec, line)
			if err != nil {
				reject(line, field, value, err.Error())
				return
			}
			ok(Event{Event: e, Source: src, Line: line})
		},
		Malformed: func(pe *csv.ParseError, rec []string, reject rejectFunc) {
			value := ""
			if errors.Is(pe, csv.ErrFieldCount) {
				value = strings.Join(rec, ",")
			}
			reject(pe.Line, "row", value, (&journey.InputError{Index: -1, Line: pe.Line, Field: "row",
				Err: fmt.Errorf("%w: %v", journey.ErrMalformed, pe.Err)}).Error())
		},
	})
}

// The coders of journey.Event and Event, versioned layouts:
//
//	journey.Event  byte 1, then the strings Customer, Name, Touchpoint, Channel (uvarint
//	               length and bytes each), varint Unix seconds, uvarint nanoseconds,
//	               float64 bits of Value (little endian), uvarint number of properties
//	               and each key and value, in key order
//	Event          byte 1, the journey.Event layout without its version byte, Source, varint Line
//
// Times come back in UTC (the instant is kept; no computation depends on the
// location).
func init() {
	beam.RegisterCoder(reflect.TypeOf(journey.Event{}), encJourneyEvent, decJourneyEvent)
	beam.RegisterCoder(reflect.TypeOf(Event{}), encEvent, decEvent)
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(Event), func(Rejected), error](&readEventsFn{})
	register.Emitter1[Event]()
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendEventBody(b []byte, e *journey.Event) []byte {
	for _, s := range [...]string{e.Customer, e.Name, e.Touchpoint, e.Channel} {
		b = appendString(b, s)
	}
	b = binary.AppendVarint(b, e.Time.Unix())
	b = binary.AppendUvarint(b, uint64(e.Time.Nanosecond()))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(e.Value))
	b = binary.AppendUvarint(b, uint64(len(e.Properties)))
	keys := make([]string, 0, len(e.Properties))
	for k := range e.Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = appendString(appendString(b, k), e.Properties[k])
	}
	return b
}

func (r layoutReader) string() string { return string(r.bytes()) }

func (r layoutReader) eventBody() journey.Event {
	e := journey.Event{Customer: r.string(), Name: r.string(), Touchpoint: r.string(), Channel: r.string()}
	sec, nsec := int64(r.Int()), r.Uint()
	if r.Err() == nil && nsec >= 1e9 {
		r.Failf("%d nanoseconds", nsec)
	}
	e.Time = time.Unix(sec, int64(nsec)).UTC()
	e.Value = r.Float()
	n := r.Len(2, math.MaxInt) // each property takes two bytes at least
	for i := 0; i < n && r.Err() == nil; i++ {
		if e.Properties == nil {
			e.Properties = make(map[string]string, n)
		}
		k := r.string()
		e.Properties[k] = r.string()
	}
	return e
}

func encJourneyEvent(e journey.Event) []byte {
	return appendEventBody([]byte{layoutVersion}, &e)
}

func decJourneyEvent(b []byte) (journey.Event, error) {
	r, err := newLayoutReader("journey.Event", b)
	if err != nil {
		return journey.Event{}, err
	}
	e := r.eventBody()
	return e, r.Done()
}

func encEvent(e Event) []byte {
	b := appendEventBody([]byte{layoutVersion}, &e.Event)
	b = appendString(b, e.Source)
	return binary.AppendVarint(b, int64(e.Line))
}

func decEvent(b []byte) (Event, error) {
	r, err := newLayoutReader("cxbeam.Event", b)
	if err != nil {
		return Event{}, err
	}
	e := Event{Event: r.eventBody()}
	e.Source = r.string()
	e.Line = r.Int()
	return e, r.Done()
}

// MarshalJSON encodes e with the keys listed in the type's doc.
func (e Event) MarshalJSON() ([]byte, error) { return wire.Marshal(e) }

// UnmarshalJSON decodes what MarshalJSON writes.
func (e *Event) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, e) }
