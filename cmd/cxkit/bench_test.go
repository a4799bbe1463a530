package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// BenchmarkReport times the whole report after the data are loaded: every
// section's computation and the HTML with its eight SVG charts.
func BenchmarkReport(b *testing.B) {
	in, err := loadReportInput(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		d, err := buildReport(context.Background(), in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := renderReport(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNPSCommand times "cxkit nps --by channel" end to end on an
// in-memory CSV of 100,000 responses (parse, tally, score, pairwise tests,
// table output).
func BenchmarkNPSCommand(b *testing.B) {
	var in strings.Builder
	in.WriteString("channel,rating\n")
	channels := []string{"web", "app", "store", "phone"}
	for i := range 100_000 {
		in.WriteString(channels[i%4] + "," + string(rune('0'+i%10)) + "\n")
	}
	data := in.String()
	b.ReportAllocs()
	for b.Loop() {
		var out bytes.Buffer
		if code := run([]string{"nps", "--by", "channel", "-"}, strings.NewReader(data), &out, os.Stderr); code != 0 {
			b.Fatal("exit", code)
		}
	}
}
