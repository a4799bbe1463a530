package wire

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
)

// Unmarshal decodes what [Marshal] wrote into v, which must be a non-nil
// pointer. null decodes to NaN in a float and to the zero value elsewhere;
// "Infinity", "-Infinity" and "NaN" decode to the floats they name. Keys
// that v's type does not have are ignored, as encoding/json does. It does not
// call v's own UnmarshalJSON, only those of the values inside it.
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("wire: Unmarshal needs a non-nil pointer, got %T", v)
	}
	return decode(bytes.TrimSpace(data), rv.Elem(), true)
}

// UnmarshalChecked decodes b into a new T, checks it with check, and only
// then stores it in dst: a value that decodes but breaks its type's
// invariants (an accumulator no sequence of Adds could produce) is an
// error and leaves dst as it was. check may also finish the value
// (rebuild an index) before it is stored.
func UnmarshalChecked[T any](b []byte, dst *T, check func(*T) error) error {
	var v T
	if err := Unmarshal(b, &v); err != nil {
		return err
	}
	if err := check(&v); err != nil {
		return err
	}
	*dst = v
	return nil
}

var null = []byte("null")

func decode(data []byte, v reflect.Value, top bool) error {
	if !top && v.CanAddr() {
		p := v.Addr()
		if p.Type().Implements(unmarshalerType) {
			return p.Interface().(json.Unmarshaler).UnmarshalJSON(data)
		}
		if p.Type().Implements(textUnmarshalerType) && !bytes.Equal(data, null) {
			var s string
			if err := json.Unmarshal(data, &s); err != nil {
				return err
			}
			return p.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
		}
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f, err := parseFloat(data)
		if err != nil {
			return err
		}
		v.SetFloat(f)
		return nil
	case reflect.Struct:
		return decodeStruct(data, v)
	case reflect.Pointer:
		if bytes.Equal(data, null) {
			v.SetZero()
			return nil
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return decode(data, v.Elem(), false)
	case reflect.Slice:
		if bytes.Equal(data, null) {
			v.SetZero()
			return nil
		}
		var items []json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			return err
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, item := range items {
			if err := decode(item, s.Index(i), false); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		v.Set(s)
		return nil
	case reflect.Array:
		var items []json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			return err
		}
		if len(items) != v.Len() {
			return fmt.Errorf("wire: %d elements for an array of %d", len(items), v.Len())
		}
		for i, item := range items {
			if err := decode(item, v.Index(i), false); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return nil
	case reflect.Map:
		return decodeMap(data, v)
	}
	return json.Unmarshal(data, v.Addr().Interface())
}

func parseFloat(data []byte) (float64, error) {
	if bytes.Equal(data, null) {
		return math.NaN(), nil
	}
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return 0, err
		}
		switch s {
		case "Infinity", "+Infinity":
			return math.Inf(1), nil
		case "-Infinity":
			return math.Inf(-1), nil
		case "NaN":
			return math.NaN(), nil
		}
		return 0, fmt.Errorf("wire: %q is not a number", s)
	}
	var f float64
	err := json.Unmarshal(data, &f)
	return f, err
}

func decodeStruct(data []byte, v reflect.Value) error {
	if bytes.Equal(data, null) {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return fmt.Errorf("wire: %s: %w", v.Type(), err)
	}
	for _, f := range fields(v.Type()) {
		raw, ok := obj[f.key]
		if !ok {
			continue
		}
		if err := decode(raw, v.FieldByIndex(f.index), false); err != nil {
			return fmt.Errorf("%s: %w", f.key, err)
		}
	}
	return nil
}

func decodeMap(data []byte, v reflect.Value) error {
	if bytes.Equal(data, null) {
		v.SetZero()
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return err
	}
	m := reflect.MakeMapWithSize(v.Type(), len(obj))
	kt := v.Type().Key()
	for ks, raw := range obj {
		k := reflect.New(kt).Elem()
		if err := parseKey(ks, k); err != nil {
			return err
		}
		val := reflect.New(v.Type().Elem()).Elem()
		if err := decode(raw, val, false); err != nil {
			return fmt.Errorf("%s: %w", ks, err)
		}
		m.SetMapIndex(k, val)
	}
	v.Set(m)
	return nil
}

func parseKey(s string, k reflect.Value) error {
	if reflect.PointerTo(k.Type()).Implements(textUnmarshalerType) {
		return k.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	}
	switch k.Kind() {
	case reflect.String:
		k.SetString(s)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, k.Type().Bits())
		k.SetInt(n)
		return err
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(s, 10, k.Type().Bits())
		k.SetUint(n)
		return err
	}
	return fmt.Errorf("wire: cannot decode a map key of type %s", k.Type())
}
