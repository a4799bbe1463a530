package cxbeam

import (
	"encoding"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/cxkit/cxkit/abtest"
	"github.com/cxkit/cxkit/ces"
	"github.com/cxkit/cxkit/clv"
	"github.com/cxkit/cxkit/csat"
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
	sec := r.i64()
	nsec := r.u64()
	amount := r.float()
	if err := r.done(); err != nil {
		return journey.Purchase{}, err
	}
	if nsec >= 1e9 {
		return journey.Purchase{}, fmt.Errorf("cxbeam: decoding journey.Purchase: %d nanoseconds", nsec)
	}
	return journey.Purchase{Customer: string(id), Time: time.Unix(sec, int64(nsec)).UTC(), Amount: amount}, nil
}

// layoutReader reads the layouts above and keeps the first error.
type layoutReader struct {
	what string
	b    []byte
	err  error
}

func newLayoutReader(what string, b []byte) (*layoutReader, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("cxbeam: decoding %s: %w", what, io.ErrUnexpectedEOF)
	}
	if b[0] != layoutVersion {
		return nil, fmt.Errorf("cxbeam: decoding %s: unknown layout version %d (this version reads %d)", what, b[0], layoutVersion)
	}
	return &layoutReader{what: what, b: b[1:]}, nil
}

func (r *layoutReader) fail(err error) {
	if r.err == nil {
		r.err = fmt.Errorf("cxbeam: decoding %s: %w", r.what, err)
	}
}

func (r *layoutReader) i64() int64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail(io.ErrUnexpectedEOF)
		return 0
	}
	r.b = r.b[n:]
	return x
}

func (r *layoutReader) int() int {
	x := r.i64()
	if int64(int(x)) != x {
		r.fail(fmt.Errorf("%d does not fit in an int", x))
	}
	return int(x)
}

func (r *layoutReader) u64() uint64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail(io.ErrUnexpectedEOF)
		return 0
	}
	r.b = r.b[n:]
	return x
}

func (r *layoutReader) float() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.fail(io.ErrUnexpectedEOF)
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return x
}

func (r *layoutReader) bytes() []byte {
	n := r.u64()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.fail(io.ErrUnexpectedEOF)
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *layoutReader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.fail(fmt.Errorf("%d trailing bytes", len(r.b)))
	}
	return r.err
}

func init() {
	for _, v := range []any{Response{}, Weighted{}, Rejected{}, RatioUnit{}, ArmTest{}, SRMResult{}, Pattern{}, patternKey{}} {
		beam.RegisterType(reflect.TypeOf(v))
	}
}
