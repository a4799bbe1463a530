// Package wiretest checks the JSON contract of api.md §1 in each package's
// tests: json.Marshal succeeds, Unmarshal(Marshal(v)) equals v (NaN equal to
// NaN), and golden files fix the schema.
package wiretest

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden JSON files under testdata/golden")

// RoundTrip marshals v with encoding/json, decodes the bytes into a new T and
// fails t unless the two are equal by [Equal]. It returns the encoding.
func RoundTrip[T any](t testing.TB, v T) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal(%T): %v", v, err)
	}
	var back T
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("json.Unmarshal into %T: %v\n%s", back, err, b)
	}
	if !Equal(v, back) {
		t.Fatalf("%T does not survive JSON:\n before %+v\n after  %+v\n json   %s", v, v, back, b)
	}
	return b
}

// Golden round-trips v and compares its indented JSON with
// testdata/golden/name.json; go test -update rewrites the file.
func Golden[T any](t testing.TB, name string, v T) {
	t.Helper()
	RoundTrip(t, v)
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: the JSON schema changed (go test -update rewrites it if intended):\n got  %s\n want %s", path, got, want)
	}
}

// Equal reports whether a and b are deeply equal, unexported fields
// included, with NaN equal to NaN and nil slices and maps equal to empty
// ones; func, chan and interface values are not compared.
func Equal(a, b any) bool { return equal(reflect.ValueOf(a), reflect.ValueOf(b)) }

func equal(a, b reflect.Value) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || (math.IsNaN(x) && math.IsNaN(y))
	case reflect.Struct:
		for i := range a.NumField() {
			// Unexported fields count too: state that JSON loses is a bug.
			switch a.Type().Field(i).Type.Kind() {
			case reflect.Func, reflect.Chan, reflect.Interface:
				continue
			}
			if !equal(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equal(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() || !equal(a.MapIndex(k), bv) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equal(a.Elem(), b.Elem())
	case reflect.Func, reflect.Chan, reflect.Interface:
		return true
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.String:
		return a.String() == b.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	}
	return false
}

// Enum checks the enumeration E whose values 0, 1, … are named names (api.md
// §1): each value encodes by MarshalText to its name and parses back to
// itself, names are distinct, lower case and without "_", the values −1 and
// len(names) have no name, and an unknown name is an error, one that wraps
// unknown when unknown is not nil.
func Enum[E interface {
	~int
	encoding.TextMarshaler
}, P interface {
	*E
	encoding.TextUnmarshaler
}](t testing.TB, names []string, unknown error) {
	t.Helper()
	seen := map[string]bool{}
	for i, name := range names {
		b, err := E(i).MarshalText()
		if err != nil || string(b) != name {
			t.Fatalf("%T(%d) encodes as %q, %v; want %q", E(i), i, b, err, name)
		}
		if seen[name] || name != strings.ToLower(name) || strings.Contains(name, "_") {
			t.Errorf("%T name %q: not distinct, lower case and without \"_\"", E(i), name)
		}
		seen[name] = true
		var back E
		if err := P(&back).UnmarshalText(b); err != nil || back != E(i) {
			t.Errorf("%T name %q parses as %d, %v; want %d", back, name, back, err, i)
		}
	}
	for _, v := range []E{-1, E(len(names))} {
		if b, err := v.MarshalText(); err == nil {
			t.Errorf("%T(%d) has the name %q", v, v, b)
		}
	}
	var back E
	err := P(&back).UnmarshalText([]byte("no-such-name"))
	if err == nil || unknown != nil && !errors.Is(err, unknown) {
		t.Errorf("%T parses an unknown name with error %v; want one wrapping %v", back, err, unknown)
	}
}
