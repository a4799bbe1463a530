package wiretest

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"testing"
)

var errUnknown = errors.New("unknown name")

// shade is an enumeration named light and dark.
type shade int

var shadeNames = []string{"light", "dark"}

func (s shade) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(shadeNames) {
		return nil, fmt.Errorf("shade %d has no name", int(s))
	}
	return []byte(shadeNames[s]), nil
}

func (s *shade) UnmarshalText(b []byte) error {
	i := slices.Index(shadeNames, string(b))
	if i < 0 {
		return fmt.Errorf("%w: shade %q", errUnknown, b)
	}
	*s = shade(i)
	return nil
}

// recorder is a testing.TB that notes a failure instead of reporting it.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true; runtime.Goexit() }

// fails reports whether check fails on a recorder.
func fails(check func(t testing.TB)) bool {
	r := &recorder{}
	done := make(chan struct{})
	go func() { defer close(done); check(r) }()
	<-done
	return r.failed
}

func TestEnum(t *testing.T) {
	Enum[shade](t, shadeNames, errUnknown)
	Enum[shade](t, shadeNames, nil)
	for name, check := range map[string]func(t testing.TB){
		"wrong name":          func(t testing.TB) { Enum[shade](t, []string{"light", "black"}, nil) },
		"a value left out":    func(t testing.TB) { Enum[shade](t, shadeNames[:1], nil) },
		"other unknown error": func(t testing.TB) { Enum[shade](t, shadeNames, errors.New("other")) },
	} {
		if !fails(check) {
			t.Errorf("%s: Enum passes", name)
		}
	}
}
