package likerttest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cxkit/cxkit/internal/reftest"
)

// Runner runs one case of the survey reference file through a package and
// returns its outputs under the file's names, or the error the call gave.
type Runner func(t *testing.T, c reftest.Case) (map[string]any, error)

// Reference runs every case of testdata/public_reference.json whose metric
// has a runner in run (the other metrics belong to other packages), judges
// each with reftest.Check (an expected error must start with pkg + ": "),
// and checks that all pass and that there are want of them.
func Reference(t *testing.T, pkg string, run map[string]Runner, want int) {
	t.Helper()
	f, err := reftest.Load("testdata/public_reference.json")
	require.NoError(t, err)
	passed, total := 0, 0
	for _, c := range f.Cases {
		fn, ok := run[c.Metric]
		if !ok {
			continue
		}
		total++
		t.Run(c.Metric+"/"+c.Name, func(t *testing.T) {
			got, err := fn(t, c)
			problems := reftest.Check(c, got, err, pkg+": ")
			assert.Empty(t, problems)
			if len(problems) == 0 && !t.Failed() {
				passed++
			}
		})
	}
	t.Logf("%s reference cases passed: %d/%d", pkg, passed, total)
	assert.Equal(t, total, passed)
	assert.Equal(t, want, total, "the public file has %d %s cases", want, pkg)
}

// TallyAgrees checks that a tally that starts as tl and is given ratings
// one at a time by Add has the Result want, what the package's Score gave
// for them (compared as printed, so that NaN equals NaN).
func TallyAgrees[T any, PT interface {
	Tally[T]
	Result() (R, error)
}, R any](t *testing.T, tl T, ratings []float64, want R) {
	t.Helper()
	for _, x := range ratings {
		require.NoError(t, PT(&tl).Add(int(x)))
	}
	got, err := PT(&tl).Result()
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprint(want), fmt.Sprint(got), "Tally agrees with Score")
}

// Ranged is a csat or ces Result as the reference runners read it: the
// interval of its share by a method, and the t interval of its mean.
type Ranged[M ~int, I ~struct{ Lower, Upper, Level float64 }] interface {
	Interval(level float64, m M) (I, error)
	MeanInterval(level float64) (I, bool, error)
}

// Intervals adds to got the intervals of r at 90, 95 and 99 % under the
// reference file's names: "<share>_<method>_ci_<level>" for Wilson,
// Clopper–Pearson and Agresti–Coull, and "mean_t_ci_<level>", absent when
// the mean's interval is undefined (as r's MeanDefined says).
func Intervals[M ~int, I ~struct{ Lower, Upper, Level float64 }](t *testing.T, r Ranged[M, I], share string, got map[string]any) {
	t.Helper()
	const wilson, clopperPearson, agrestiCoull = 0, 1, 2
	defined := reflect.ValueOf(r).FieldByName("MeanDefined").Bool()
	for _, lv := range []int{90, 95, 99} {
		level := float64(lv) / 100
		for name, m := range map[string]M{"wilson": wilson, "clopper_pearson": clopperPearson, "agresti_coull": agrestiCoull} {
			ci, err := r.Interval(level, m)
			require.NoError(t, err)
			got[fmt.Sprintf("%s_%s_ci_%d", share, name, lv)] = Ends(ci)
		}
		mi, ok, err := r.MeanInterval(level)
		require.NoError(t, err)
		assert.Equal(t, defined, ok)
		got[fmt.Sprintf("mean_t_ci_%d", lv)] = reftest.Absent{}
		if ok {
			got[fmt.Sprintf("mean_t_ci_%d", lv)] = Ends(mi)
		}
	}
}

// Ends returns the lower and upper ends of an interval, as the reference
// file lists them.
func Ends[I ~struct{ Lower, Upper, Level float64 }](iv I) [2]float64 {
	i := Interval(iv)
	return [2]float64{i.Lower, i.Upper}
}
