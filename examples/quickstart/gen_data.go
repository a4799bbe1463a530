//go:build ignore

// gen_data writes survey.csv, the synthetic survey bundled with the
// quickstart example. Run it from this directory with
//
//	go run gen_data.go
//
// It is seeded, so it writes the same file every time. The data are made up
// but shaped like a real post-interaction survey programme: five touchpoints
// of an online shop, reached through four channels, each response carrying
// the NPS question (0–10), and where asked a CSAT question (1–5) and a CES
// 2.0 question (1–7, "The company made it easy for me to handle my issue").
package main

import (
	"encoding/csv"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"time"
)

type touchpoint struct {
	name     string
	n        int       // responses
	mood     float64   // mean latent satisfaction, roughly −1 (bad) … +1 (good)
	channels []string  // channels the touchpoint is reached through
	weights  []float64 // how often each channel is used
	csat     bool      // CSAT asked here
	ces      bool      // CES asked here
}

var touchpoints = []touchpoint{
	{"website", 820, 0.35, []string{"web", "app"}, []float64{0.6, 0.4}, false, false},
	{"checkout", 700, 0.45, []string{"web", "app"}, []float64{0.55, 0.45}, true, true},
	{"delivery", 640, 0.20, []string{"app", "email"}, []float64{0.5, 0.5}, true, false},
	{"support", 560, 0.05, []string{"phone", "email", "web"}, []float64{0.45, 0.3, 0.25}, true, true},
	{"returns", 330, -0.25, []string{"web", "phone", "email"}, []float64{0.5, 0.3, 0.2}, true, true},
}

// channelShift nudges the latent satisfaction by channel: phone queues and
// slow email replies cost a little, the app helps a little.
var channelShift = map[string]float64{"web": 0, "app": 0.08, "phone": -0.12, "email": -0.05}

func main() {
	rng := rand.New(rand.NewPCG(2026, 11))
	f, err := os.Create("survey.csv")
	if err != nil {
		log.Fatal(err)
	}
	w := csv.NewWriter(f)
	must(w.Write([]string{"response_id", "date", "touchpoint", "channel", "nps", "csat", "ces"}))
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	id := 0
	for _, tp := range touchpoints {
		for range tp.n {
			id++
			ch := pick(rng, tp.channels, tp.weights)
			latent := tp.mood + channelShift[ch] + 0.55*rng.NormFloat64()
			day := start.AddDate(0, 0, rng.IntN(92))
			rec := []string{strconv.Itoa(id), day.Format("2006-01-02"), tp.name, ch,
				strconv.Itoa(scale(latent, 0, 10, 7.2, 2.6, rng)), "", ""}
			if tp.csat {
				rec[5] = strconv.Itoa(scale(latent, 1, 5, 3.7, 1.3, rng))
			}
			if tp.ces {
				rec[6] = strconv.Itoa(scale(latent, 1, 7, 5.0, 1.9, rng))
			}
			must(w.Write(rec))
		}
	}
	w.Flush()
	must(w.Error())
	must(f.Close())
	fmt.Println("wrote", id, "responses to survey.csv")
}

// scale maps the latent satisfaction to a whole-number rating in [lo, hi]
// around centre with the given spread, plus a little answer noise.
func scale(latent float64, lo, hi int, centre, spread float64, rng *rand.Rand) int {
	x := centre + spread*latent + 0.6*rng.NormFloat64()
	return int(math.Max(float64(lo), math.Min(float64(hi), math.Round(x))))
}

func pick(rng *rand.Rand, names []string, weights []float64) string {
	u := rng.Float64()
	for i, w := range weights {
		if u < w {
			return names[i]
		}
		u -= w
	}
	return names[len(names)-1]
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
