// Package logtest holds the inputs that the tests and benchmarks of journey
// and its subpackages share: event logs in CSV that seed the readers, a
// [journey.Log] built straight from fuzz bytes, columns of any length and
// codes of any value included, large sorted logs for the cancellation
// tests, and the peer workload files of the benchmarks.
package logtest

import (
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cxkit/cxkit/journey"
)

// EventCSV are event logs in CSV, with and without a channel, quoted ids,
// local times and a bad date, that seed the fuzz tests of the log readers.
var EventCSV = []string{
	"customer_id,timestamp,event,channel\nA,2024-03-10T09:23:07Z,visit,web\nB,2024-03-10,view,\n",
	"customer,time,name,value,plan\nA,2024-03-10 09:23:07,visit,2.5,pro\n",
	"customer_id,timestamp,event\n\"A\"\"\",2024-03-10T09:23:07.123+02:00,visit\n",
	"customer_id,timestamp,event\nA,2024-13-10T09:23:07Z,visit\n",
}

// raggedSeeds seed the fuzz tests of ragged logs: whole and cut columns,
// sorted and not, codes out of range.
var raggedSeeds = []struct {
	data       []byte
	ncust, cut uint8
	sorted     bool
}{
	{[]byte{0, 0, 0, 0, 1, 1, 1, 1, 2, 2}, 3, 0, false},
	{[]byte{0, 0, 5, 1, 1, 9, 255, 2, 3}, 2, 1, true},
	{[]byte{3, 1, 1, 2, 2, 7, 7}, 1, 7, false},
}

// FuzzRagged seeds f and runs check on each log that [Ragged] builds from
// the fuzz input (data, ncust, cut, sorted), with its number of events and
// the cut.
func FuzzRagged(f *testing.F, check func(t *testing.T, l *journey.Log, n int, cut uint8)) {
	for _, s := range raggedSeeds {
		f.Add(s.data, s.ncust, s.cut, s.sorted)
	}
	f.Fuzz(func(t *testing.T, data []byte, ncust, cut uint8, sorted bool) {
		l, n := Ragged(data, ncust, cut, sorted)
		check(t, l, n, cut)
	})
}

// Ragged builds a Log from data, three bytes an event: a customer code, a
// time in seconds and a name code, the codes from −4 to 4 (some out of
// range). The log names ncust%4 customers, three event names and two
// channels; with sorted its customer column is sorted; cut%6 from 1 to 4
// leaves one column (times, names, channels, a property) half as long as
// the others. It returns the log and its number of events n.
func Ragged(data []byte, ncust, cut uint8, sorted bool) (*journey.Log, int) {
	n := len(data) / 3
	l := &journey.Log{Customers: []string{"a", "b", "c"}[:ncust%4], Names: []string{"a", "b", "c"}, Channels: []string{"", "web"}}
	for i := range n {
		c, tm, nm := int32(int8(data[3*i]))%5, int64(data[3*i+1]), int32(int8(data[3*i+2]))%5
		l.Customer, l.Time, l.Name = append(l.Customer, c), append(l.Time, tm*int64(time.Second)), append(l.Name, nm)
		l.Channel = append(l.Channel, int32(i%3))
	}
	if sorted {
		slices.SortStableFunc(l.Customer, func(a, b int32) int { return int(a) - int(b) })
	}
	switch cut % 6 {
	case 1:
		l.Time = l.Time[:len(l.Time)/2]
	case 2:
		l.Name = l.Name[:len(l.Name)/2]
	case 3:
		l.Channel = l.Channel[:len(l.Channel)/2]
	case 4:
		l.Props = map[string][]string{"p": make([]string, n/2)}
	}
	return l, n
}

// Sorted is a Log of n/ncust events for each of ncust customers, in
// (customer, time) order: one a minute, names drawn from a, b, c and x by
// rand.NewPCG(7, 8).
func Sorted(n, ncust int) *journey.Log {
	rng := rand.New(rand.NewPCG(7, 8))
	l := &journey.Log{Names: []string{"a", "b", "c", "x"}}
	for c := range ncust {
		l.Customers = append(l.Customers, strconv.Itoa(c))
	}
	per := n / ncust
	for c := range ncust {
		for k := range per {
			l.Customer = append(l.Customer, int32(c))
			l.Time = append(l.Time, int64(k)*int64(time.Minute))
			l.Name = append(l.Name, int32(rng.IntN(4)))
		}
	}
	return l
}

// peer caches the peer workload files, read once per process and path.
var peer struct {
	sync.Mutex
	files map[string]peerFile
}

type peerFile struct {
	v   any
	err error
}

// PeerFile returns the peer workload file (../shared/bench/peer_journey.py)
// at the path that the environment variable env names, or def, read once
// per process with read. When the file cannot be read, the benchmark is
// skipped with a message naming flag, the script's option that writes it.
func PeerFile[T any](b *testing.B, env, def, flag string, read func(io.Reader) (T, error)) T {
	b.Helper()
	path := def
	if p := os.Getenv(env); p != "" {
		path = p
	}
	peer.Lock()
	f, ok := peer.files[path]
	if !ok {
		f = readPeer(path, read)
		if peer.files == nil {
			peer.files = map[string]peerFile{}
		}
		peer.files[path] = f
	}
	peer.Unlock()
	if f.err != nil {
		b.Skipf("peer file not available (%v): write it with peer_journey.py %s %s", f.err, flag, path)
	}
	return f.v.(T)
}

func readPeer[T any](path string, read func(io.Reader) (T, error)) peerFile {
	r, err := os.Open(path)
	if err != nil {
		return peerFile{err: err}
	}
	defer r.Close()
	v, err := read(r)
	return peerFile{v, err}
}
