package journey

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"
)

// Purchase is one transaction in a purchase log: who bought, when, and for
// how much. It is the shared input of customer-lifetime-value models and
// RFM segmentation.
//
// JSON keys: customer, time, amount (time in RFC 3339).
type Purchase struct {
	Customer string    // customer identifier
	Time     time.Time // when the purchase happened
	Amount   float64   // money spent, ≥ 0
}

// ReadCDNOW reads a purchase log in the whitespace-separated format of the
// CDNOW data set of Fader, Hardie & Lee (2005): either the four columns of the
// full cohort (customer id, date YYYYMMDD, number of CDs, dollar value) with an
// optional header line, or the five columns of the 1-in-10 sample (cohort id,
// sample id, date, number of CDs, dollar value). Customer is the cohort id
// with its leading zeros removed ("00004" becomes "4"); times are midnight UTC.
// Blank lines are skipped; any other line that does not parse, or a negative
// or non-finite amount, gives an *InputError naming the line (wrapping
// ErrMalformed, ErrNegative or ErrNonFinite).
func ReadCDNOW(r io.Reader) ([]Purchase, error) { return collect(ScanCDNOW(r)) }

// ScanCDNOW is the streaming form of [ReadCDNOW]: one purchase at a time, in
// file order; the first bad line ends the sequence with its *InputError.
func ScanCDNOW(r io.Reader) iter.Seq2[Purchase, error] {
	return rows(func(emit func(Purchase) error) error {
		sc := bufio.NewScanner(r)
		for line := 1; sc.Scan(); line++ {
			f := strings.Fields(sc.Text())
			if len(f) == 0 || (line == 1 && f[0] == "customer_id") {
				continue
			}
			p, err := parseCDNOW(f)
			if err != nil {
				err.Line = line
				return err
			}
			if err := emit(p); err != nil {
				return err
			}
		}
		return sc.Err()
	})
}

func parseCDNOW(f []string) (Purchase, *InputError) {
	var id, date, amount string
	switch len(f) {
	case 4:
		id, date, amount = f[0], f[1], f[3]
	case 5:
		id, date, amount = f[0], f[2], f[4]
	default:
		return Purchase{}, badValue("record", strings.Join(f, " "), fmt.Errorf("%w: %d fields, want 4 or 5", ErrMalformed, len(f)))
	}
	t, err := time.Parse("20060102", date)
	if err != nil {
		return Purchase{}, badValue("date", date, fmt.Errorf("%w: want YYYYMMDD", ErrMalformed))
	}
	v, aerr := parseAmount(amount)
	if aerr != nil {
		return Purchase{}, aerr.(*InputError)
	}
	cust := strings.TrimLeft(id, "0")
	if cust == "" {
		cust = "0"
	}
	return Purchase{Customer: cust, Time: t, Amount: v}, nil
}
