package cxbeam

import (
	"encoding"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/csat"
	"github.com/cxkit/cxkit/internal/wire"
	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/attribution"
	"github.com/cxkit/cxkit/nps"
	"github.com/cxkit/cxkit/retention"
)

// The Beam coders of the accumulators and of the purchase rows. The
// accumulators (the survey tallies, abtest's summaries, clv.PatternTable,
// retention.CohortCounts and RiskSet, attribution.Transitions) travel in
// their own versioned MarshalBinary/UnmarshalBinary, through one coder pair
// for all (encBinary and decBinary); journey.Purchase gets a versioned
// layout here:
//
//	journey.Purchase    byte 1, uvarint length and bytes of Customer, varint Unix seconds,
//	                    uvarint nanoseconds, float64 bits of Amount
//
// Decoding rejects an unknown version, truncated data, trailing bytes, and
// for the accumulators any state that the library's Merge would reject.
func init() {
	registerBinaryCoders(nps.Tally{}, nps.WeightedTally{}, csat.Tally{}, ces.Tally{},
		abtest.Proportion{}, abtest.Summary{}, abtest.RatioSummary{},
		clv.PatternTable{}, retention.CohortCounts{}, retention.RiskSet{}, attribution.Transitions{})
	beam.RegisterCoder(reflect.TypeOf(journey.Purchase{}), encPurchase, decPurchase)
	register.Function1x2(encBinary)
	register.Function2x2(decBinary)
	register.Function1x2(encJSON)
	register.Function2x2(decJSON)
}

// registerBinaryCoders registers encBinary and decBinary as the Beam coder
// of the type of each value, which has MarshalBinary and (on its pointer)
// UnmarshalBinary.
func registerBinaryCoders(values ...any) {
	for _, v := range values {
		beam.RegisterCoder(reflect.TypeOf(v), encBinary, decBinary)
	}
}

// registerJSONCoders registers encJSON and decJSON as the Beam coder of
// the type of each value: for outputs (results), not for state.
func registerJSONCoders(values ...any) {
	for _, v := range values {
		beam.RegisterCoder(reflect.TypeOf(v), encJSON, decJSON)
	}
}

// encBinary and decBinary are the coder of every type with its own
// MarshalBinary and UnmarshalBinary: Beam passes the decoder the concrete
// type, so one pair serves them all (a generic pair would not do: Beam
// finds a coder's functions on the workers by name, and the instances of a
// generic function share one). Their element is beam.T, as in Beam's own
// coders of this form: Beam cannot encode a function that takes an
// interface type such as encoding.BinaryMarshaler.
func encBinary(v beam.T) ([]byte, error) {
	m, ok := v.(encoding.BinaryMarshaler)
	if !ok {
		return nil, fmt.Errorf("cxbeam: %T has no MarshalBinary", v)
	}
	return m.MarshalBinary()
}

func decBinary(t reflect.Type, b []byte) (beam.T, error) {
	p := reflect.New(t)
	u, ok := p.Interface().(encoding.BinaryUnmarshaler)
	if !ok {
		return nil, fmt.Errorf("cxbeam: %v has no UnmarshalBinary", t)
	}
	if err := u.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return p.Elem().Interface(), nil
}

// encJSON and decJSON are the coder of a result type as its JSON, one pair
// for all as encBinary and decBinary.
func encJSON(v beam.T) ([]byte, error) { return json.Marshal(v) }

func decJSON(t reflect.Type, b []byte) (beam.T, error) {
	p := reflect.New(t)
	if err := json.Unmarshal(b, p.Interface()); err != nil {
		return nil, err
	}
	return p.Elem().Interface(), nil
}

// layoutVersion opens every layout defined in this file.
const layoutVersion = 1

func encPurchase(p journey.Purchase) []byte {
	b := make([]byte, 0, 1+binary.MaxVarintLen64*3+len(p.Customer)+8)
	b = append(b, layoutVersion)
	b = binary.AppendUvarint(b, uint64(len(p.Customer)))
	b = append(b, p.Customer...)
	b = binary.AppendVarint(b, p.Time.Unix())
	b = binary.AppendUvarint(b, uint64(p.Time.Nanosecond()))
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Amount))
}

// decPurchase returns the purchase with its time in UTC (the instant is
// kept; the location is not, and no cxkit computation depends on it).
func decPurchase(b []byte) (journey.Purchase, error) {
	r, err := newLayoutReader("journey.Purchase", b)
	if err != nil {
		return journey.Purchase{}, err
	}
	id := r.bytes()
	sec := int64(r.Int())
	nsec := r.Uint()
	amount := r.Float()
	if err := r.Done(); err != nil {
		return journey.Purchase{}, err
	}
	if nsec >= 1e9 {
		return journey.Purchase{}, fmt.Errorf("cxbeam: decoding journey.Purchase: %d nanoseconds", nsec)
	}
	return journey.Purchase{Customer: string(id), Time: time.Unix(sec, int64(nsec)).UTC(), Amount: amount}, nil
}

// errLayout is what a layout that no encoder writes wraps.
var errLayout = errors.New("cxbeam: invalid layout")

// layoutReader reads the layouts of this package through the library's
// binary reader (internal/wire), with the reads of the layouts' parts.
type layoutReader struct{ *wire.Reader }

func newLayoutReader(what string, b []byte) (layoutReader, error) {
	r, err := wire.NewReader("cxbeam", errLayout, what, layoutVersion, b)
	return layoutReader{r}, err
}

// bytes reads a length-prefixed byte string.
func (r layoutReader) bytes() []byte { return r.Bytes(r.Len(1, math.MaxInt)) }

func init() {
	for _, v := range []any{Response{}, Weighted{}, Rejected{}, RatioUnit{}, ArmTest{}, SRMResult{}, Pattern{}, patternKey{}} {
		beam.RegisterType(reflect.TypeOf(v))
	}
}
