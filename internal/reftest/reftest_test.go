package reftest

import (
	"errors"
	"testing"
)

func TestCheck(t *testing.T) {
	errCase := Case{Name: "e", Expected: map[string]any{"error": true, "reason": "empty"}}
	valCase := Case{Name: "v", Expected: map[string]any{"n": 3.0}, Tolerance: []byte("0")}
	for _, tc := range []struct {
		name string
		c    Case
		got  map[string]any
		err  error
		ok   bool
	}{
		{"error as wanted", errCase, nil, errors.New("nps: no responses"), true},
		{"no error", errCase, nil, nil, false},
		{"error without the prefix", errCase, nil, errors.New("no responses"), false},
		{"value matches", valCase, map[string]any{"n": 3}, nil, true},
		{"value differs", valCase, map[string]any{"n": 4}, nil, false},
		{"value missing", valCase, map[string]any{}, nil, false},
		{"unexpected error", valCase, nil, errors.New("nps: boom"), false},
	} {
		problems := Check(tc.c, tc.got, tc.err, "nps: ")
		if ok := len(problems) == 0; ok != tc.ok {
			t.Errorf("%s: problems %q, want ok = %v", tc.name, problems, tc.ok)
		}
	}
}
