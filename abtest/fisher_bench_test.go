package abtest

import (
	"context"
	"testing"
)

// fisherBenchTables are the tables of the size ladder (issue 17, point 5),
// in SciPy's orientation [[E + d, E − d], [E, E]] (FisherExact gets the
// rows swapped); testdata/fisher_bench_scipy.py times SciPy on the same
// tables, and testdata/fisher_huge.json holds their exact values.
var fisherBenchTables = []struct {
	name  string
	table [2][2]int
}{
	{"1e3", [2][2]int{{1_040, 960}, {1_000, 1_000}}},
	{"1e7", [2][2]int{{10_005_000, 9_995_000}, {10_000_000, 10_000_000}}},
	{"1e10", [2][2]int{{10_000_120_000, 9_999_880_000}, {10_000_000_000, 10_000_000_000}}},
	{"1e13", [2][2]int{{10_000_004_000_000, 9_999_996_000_000}, {10_000_000_000_000, 10_000_000_000_000}}},
	{"1e15", [2][2]int{{1_000_000_040_000_000, 999_999_960_000_000}, {1_000_000_000_000_000, 1_000_000_000_000_000}}},
	{"unbalanced_1_1e12_3_1e12", [2][2]int{{1, 1_000_000_000_000}, {3, 1_000_000_000_000}}},
	{"rare_conversions_1e13", [2][2]int{{1_003_000, 10_000_000_000_000}, {1_000_000, 10_000_000_000_000}}},
}

// BenchmarkFisherExactSizes: the whole test (two-sided p, conditional MLE,
// both ends of the exact 95% interval) from 10³ to 10¹⁵ per cell; the time
// and the allocations (none) do not grow with the counts.
func BenchmarkFisherExactSizes(b *testing.B) {
	for _, c := range fisherBenchTables {
		table := [2][2]int{c.table[1], c.table[0]}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = FisherExact(context.Background(), table, nil)
			}
		})
	}
}

// BenchmarkFisherPValueSizes: the two-sided p-value alone, what SciPy's
// fisher_exact computes, on the same tables.
func BenchmarkFisherPValueSizes(b *testing.B) {
	for _, c := range fisherBenchTables {
		t := c.table
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				h := newHyper(context.Background(), t[0][0]+t[0][1], t[1][0]+t[1][1], t[0][0]+t[1][0])
				_ = h.twoSided(h.at(0), t[0][0])
			}
		})
	}
}
