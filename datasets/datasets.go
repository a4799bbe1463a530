// Package datasets bundles small public data sets with the library, like
// scikit-learn's loaders, so that examples, tests and first experiments
// need no file path: the data are embedded in the binary (go:embed).
//
// Each loader parses its embedded file on every call and returns a new
// slice, which the caller may change freely. Provenance, columns and units
// of every file are in SOURCE.md next to this package's source.
package datasets

import (
	"bytes"
	_ "embed"

	"github.com/cxkit/cxkit/journey"
)

//go:embed CDNOW_sample.txt
var cdnowSample []byte

// CDNOWSample returns the purchase log of the CDNOW sample of Fader, Hardie
// & Lee (2005): a 1-in-10 sample of the customers who made their first
// purchase at the online music retailer CDNOW in the first quarter of 1997,
// followed to 30 June 1998 — 6,919 purchases by 2,357 customers, amounts in
// US dollars, times at midnight UTC. It is the file that the lifetimes
// Python package and the R package BTYD ship; see SOURCE.md.
//
// The papers calibrate on purchases up to 30 September 1997 (weeks 1–39)
// and keep 1 October 1997 to 30 June 1998 (weeks 40–78) as holdout.
// Customer is the cohort id without leading zeros ("00004" is "4"), as
// journey.ReadCDNOW reads it. The error is nil unless the embedded file
// has been damaged at build time.
func CDNOWSample() ([]journey.Purchase, error) {
	return journey.ReadCDNOW(bytes.NewReader(cdnowSample))
}
