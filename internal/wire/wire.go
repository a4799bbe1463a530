// Package wire is the one JSON encoding of every cxkit value: results,
// summaries, fitted models, settings and accumulators.
//
// encoding/json refuses NaN and ±Inf, names keys after Go fields and cannot
// see unexported state. The rules here, which api.md §1 fixes for the whole
// library, are:
//
//   - keys are the snake_case form of the Go field name (StdErr → "std_err",
//     CI → "ci", PValue → "p_value"), or the name in a `json:"name"` tag;
//     `json:"-"` leaves a field out;
//   - a NaN (an undefined quantity) encodes as null and decodes back to NaN;
//     +Inf and −Inf encode as the strings "Infinity" and "-Infinity", which
//     JavaScript's Number and Python's float both parse;
//   - an embedded struct is one nested object under its type's snake_case
//     name, never flattened (but do not embed a type that has MarshalJSON:
//     Go promotes the method and the outer type would encode as the inner);
//   - func, chan and interface fields (progress callbacks, random sources)
//     are not data and are left out;
//   - values with their own MarshalJSON / MarshalText (enumerations, time)
//     use them.
//
// A package type opts in with two one-line methods:
//
//	func (r Result) MarshalJSON() ([]byte, error) { return wire.Marshal(r) }
//	func (r *Result) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }
package wire

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

var (
	marshalerType       = reflect.TypeFor[json.Marshaler]()
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Marshal encodes v by the rules of the package comment. It does not call
// v's own MarshalJSON (which is expected to call Marshal), only those of the
// values inside it.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := encode(&buf, reflect.ValueOf(v), true); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func encode(buf *bytes.Buffer, v reflect.Value, top bool) error {
	if !v.IsValid() {
		buf.WriteString("null")
		return nil
	}
	if !top {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		if v.Type().Implements(marshalerType) {
			b, err := v.Interface().(json.Marshaler).MarshalJSON()
			if err != nil {
				return err
			}
			buf.Write(b)
			return nil
		}
		if v.Type().Implements(textMarshalerType) {
			b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
			if err != nil {
				return err
			}
			return writeJSON(buf, string(b))
		}
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		writeFloat(buf, v.Float(), v.Type().Bits())
		return nil
	case reflect.Struct:
		return encodeStruct(buf, v)
	case reflect.Pointer:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		return encode(buf, v.Elem(), false)
	case reflect.Slice:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		fallthrough
	case reflect.Array:
		buf.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encode(buf, v.Index(i), false); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case reflect.Map:
		return encodeMap(buf, v)
	case reflect.Interface:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		return encode(buf, v.Elem(), false)
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Complex64, reflect.Complex128:
		return fmt.Errorf("wire: cannot encode a value of type %s", v.Type())
	}
	return writeJSON(buf, v.Interface())
}

func writeJSON(buf *bytes.Buffer, x any) error {
	b, err := json.Marshal(x)
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
}

func writeFloat(buf *bytes.Buffer, f float64, bits int) {
	switch {
	case math.IsNaN(f):
		buf.WriteString("null")
	case math.IsInf(f, 1):
		buf.WriteString(`"Infinity"`)
	case math.IsInf(f, -1):
		buf.WriteString(`"-Infinity"`)
	default:
		// The shortest representation that parses back to the same value,
		// as encoding/json writes it.
		b, _ := json.Marshal(f)
		if bits == 32 {
			b, _ = json.Marshal(float32(f))
		}
		buf.Write(b)
	}
}

// field is one encoded field of a struct type.
type field struct {
	index []int
	key   string
}

// fields lists the encoded fields of struct type t in declaration order.
func fields(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		switch f.Type.Kind() {
		case reflect.Func, reflect.Chan, reflect.Interface:
			continue
		}
		key := SnakeCase(f.Name)
		if tag, ok := f.Tag.Lookup("json"); ok {
			name, _, _ := strings.Cut(tag, ",")
			if name == "-" {
				continue
			}
			if name != "" {
				key = name
			}
		}
		out = append(out, field{index: f.Index, key: key})
	}
	return out
}

func encodeStruct(buf *bytes.Buffer, v reflect.Value) error {
	buf.WriteByte('{')
	for i, f := range fields(v.Type()) {
		if i > 0 {
			buf.WriteByte(',')
		}
		_ = writeJSON(buf, f.key)
		buf.WriteByte(':')
		if err := encode(buf, v.FieldByIndex(f.index), false); err != nil {
			return fmt.Errorf("%s: %w", f.key, err)
		}
	}
	buf.WriteByte('}')
	return nil
}

func encodeMap(buf *bytes.Buffer, v reflect.Value) error {
	if v.IsNil() {
		buf.WriteString("null")
		return nil
	}
	type entry struct {
		key string
		val reflect.Value
	}
	var entries []entry
	iter := v.MapRange()
	for iter.Next() {
		k, err := mapKey(iter.Key())
		if err != nil {
			return err
		}
		entries = append(entries, entry{k, iter.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	buf.WriteByte('{')
	for i, e := range entries {
		if i > 0 {
			buf.WriteByte(',')
		}
		_ = writeJSON(buf, e.key)
		buf.WriteByte(':')
		if err := encode(buf, e.val, false); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

func mapKey(k reflect.Value) (string, error) {
	if k.Type().Implements(textMarshalerType) {
		b, err := k.Interface().(encoding.TextMarshaler).MarshalText()
		return string(b), err
	}
	switch k.Kind() {
	case reflect.String:
		return k.String(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(k.Uint(), 10), nil
	}
	return "", fmt.Errorf("wire: cannot encode a map key of type %s", k.Type())
}

// SnakeCase returns the lower snake_case key of a Go field name: StdErr →
// std_err, CI → ci, PValue → p_value, NumGroups → num_groups, LogLik →
// log_lik, Top2Box → top2_box. A run of capitals is one word (CIUpper →
// ci_upper).
func SnakeCase(name string) string {
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) {
			if i > 0 {
				prev := r[i-1]
				nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
				if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
					b.WriteByte('_')
				}
			}
			b.WriteRune(unicode.ToLower(c))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
