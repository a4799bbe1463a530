package main

import (
	"flag"
	"time"

	"github.com/cxkit/cxkit/journey"
)

// purchaseFlags choose the columns of a purchase log, or the CDNOW format.
type purchaseFlags struct {
	customer, time, amount string
	cdnow                  bool
}

func (f *purchaseFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.customer, "customer", "customer_id", "column of the customer id")
	fs.StringVar(&f.time, "time", "timestamp", "column of the purchase date or timestamp")
	fs.StringVar(&f.amount, "amount", "amount", "column of the amount spent")
	fs.BoolVar(&f.cdnow, "cdnow", false, "input is in the whitespace-separated CDNOW format (Fader, Hardie & Lee 2005)")
}

// readPurchases reads a purchase log: CSV with the chosen columns, or CDNOW.
func readPurchases(e *env, name string, f purchaseFlags) ([]journey.Purchase, string, error) {
	if f.cdnow {
		return readJourneyFile(e, name, journey.ReadCDNOW)
	}
	d, err := readInput(e, name, nil)
	if err != nil {
		return nil, "", err
	}
	ps, err := purchasesFromCSV(d, f)
	return ps, d.File, err
}

// purchasesFromCSV reads the purchases of a parsed CSV file.
func purchasesFromCSV(d *csvData, f purchaseFlags) ([]journey.Purchase, error) {
	cs, err := d.cols(f.customer, f.time, f.amount)
	if err != nil {
		return nil, err
	}
	cc, tc, ac := cs[0], cs[1], cs[2]
	ps := make([]journey.Purchase, len(d.Rows))
	for i, r := range d.Rows {
		if r[cc] == "" {
			return nil, d.errAt(i, "column %q is empty", f.customer)
		}
		t, err := d.time(i, tc)
		if err != nil {
			return nil, err
		}
		a, err := d.float(i, ac)
		if err != nil {
			return nil, err
		}
		if a < 0 {
			return nil, d.errAt(i, "column %q: negative amount %v", f.amount, a)
		}
		ps[i] = journey.Purchase{Customer: r[cc], Time: t, Amount: a}
	}
	if len(ps) == 0 {
		return nil, &lineError{File: d.File, Err: errNoRows}
	}
	return ps, nil
}

// lastDay returns the midnight after the latest purchase, the usual as-of date.
func lastDay(ps []journey.Purchase) time.Time {
	var last time.Time
	for _, p := range ps {
		if p.Time.After(last) {
			last = p.Time
		}
	}
	y, m, d := last.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, last.Location())
}

// parseDateFlag reads a date flag.
func parseDateFlag(flagName, s string) (time.Time, error) {
	t, err := journey.ParseTime(s)
	if err != nil {
		return t, usagef("bad %s %q (want 2006-01-02 or RFC 3339)", flagName, s)
	}
	return t, nil
}
