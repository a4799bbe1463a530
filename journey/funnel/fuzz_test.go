package funnel

import (
	"bytes"
	"context"
	"math"
	"testing"
	"time"

	"github.com/cxkit/cxkit/journey"
	"github.com/cxkit/cxkit/journey/internal/logtest"
	"github.com/stretchr/testify/assert"
)

// FuzzReadLog runs a funnel on every log that journey.ReadLog accepts:
// nothing may panic.
func FuzzReadLog(f *testing.F) {
	for _, s := range logtest.EventCSV {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := journey.ReadLog(bytes.NewReader(data))
		if err != nil || l.Len() == 0 {
			return
		}
		for _, order := range []Order{Ordered, Strict, Unordered} {
			_, _ = (&Funnel{Steps: []string{l.Names[0]}, Order: order, Window: time.Hour}).Run(bg, l)
		}
	})
}

// FuzzFunnel decodes events from bytes (customer, second, name: three bytes
// each) and checks the fast paths against the literal attempt scan in every
// order, plus the count invariants.
func FuzzFunnel(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 5, 1, 0, 9, 2, 1, 0, 0, 1, 3, 2, 1, 2, 1}, uint16(10), uint8(0), false)
	f.Add([]byte{0, 0, 0, 0, 0, 1, 0, 1, 2, 0, 1, 1}, uint16(1), uint8(1), true)
	f.Fuzz(func(t *testing.T, data []byte, window uint16, order uint8, excl bool) {
		names := []string{"a", "b", "c", "x"}
		var events []journey.Event
		for i := 0; i+2 < len(data) && len(events) < 300; i += 3 {
			events = append(events, journey.Event{Customer: string('A' + rune(data[i]%8)),
				Time: t0.Add(time.Duration(data[i+1]) * time.Second), Name: names[data[i+2]%4]})
		}
		l := journey.NewLog(events)
		for _, s := range []string{"a", "b", "c"} {
			if _, ok := l.NameCode(s); !ok {
				l.Names = append(l.Names, s) // a step may never occur
			}
		}
		if len(data) > 0 && data[0]&1 == 1 {
			_ = l.Sort() // in (customer, time) order: the level-by-level kernel's input
		}
		fn := Funnel{Steps: []string{"a", "b", "c"}, Order: Order(order % 3), Window: time.Duration(window) * time.Second}
		if excl && fn.Order != Unordered {
			if _, ok := l.NameCode("x"); ok {
				fn.Exclusions = []Exclusion{{Event: "x", From: 0, To: 2}}
			}
		}
		want, err := fn.run(bg, l, modeBrute)
		if window == 0 {
			if err == nil {
				t.Fatal("window 0 accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, mode := range []int{modeFast, modeGeneral} {
			got, err := fn.run(bg, l, mode)
			if err != nil {
				t.Fatal(err)
			}
			for k := range want.Steps {
				if got.Steps[k].Count != want.Steps[k].Count {
					t.Fatalf("mode %d step %d: %d, literal scan %d", mode, k, got.Steps[k].Count, want.Steps[k].Count)
				}
				if want.Steps[k].TimeDefined && math.Abs(got.Steps[k].MedianSeconds-want.Steps[k].MedianSeconds) > 1e-9 {
					t.Fatalf("mode %d step %d median %v, literal scan %v", mode, k, got.Steps[k].MedianSeconds, want.Steps[k].MedianSeconds)
				}
			}
		}
		for k := 1; k < len(want.Steps); k++ {
			if want.Steps[k].Count > want.Steps[k-1].Count {
				t.Fatalf("counts rise: %v", counts(want))
			}
		}
	})
}

// bg is the context of the tests that do not cancel.
var bg = context.Background()

// FuzzRaggedLog builds a Log straight from bytes, columns of any length and
// codes of any value (as journey.FuzzLog does), and runs every funnel
// order on it: nothing may panic, and a log whose columns differ in length
// is an error.
func FuzzRaggedLog(f *testing.F) {
	logtest.FuzzRagged(f, func(t *testing.T, l *journey.Log, _ int, cut uint8) {
		shapeErr := l.CheckShape()
		for _, steps := range [][]string{{"a", "b", "c"}, {"a"}} {
			for _, order := range []Order{Ordered, Strict, Unordered} {
				fn := Funnel{Steps: steps, Order: order, Window: time.Minute, Goroutines: int(cut % 3)}
				_, err := fn.Run(bg, l)
				if shapeErr != nil && err == nil {
					t.Fatalf("funnel on a ragged log: no error (%v)", shapeErr)
				}
			}
		}
	})
}

func TestZeroValues(t *testing.T) {
	_, err := (&Funnel{Steps: []string{"a"}, Window: time.Hour}).Run(bg, nil)
	assert.ErrorIs(t, err, ErrEmpty)
	var nilFunnel *Funnel
	_, err = nilFunnel.Run(bg, journey.NewLog(nil))
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = (&Funnel{Steps: []string{"a"}, Window: time.Hour, Goroutines: math.MaxInt}).Run(bg, journey.NewLog([]journey.Event{{Name: "a"}}))
	assert.ErrorIs(t, err, ErrOutOfRange)
}
