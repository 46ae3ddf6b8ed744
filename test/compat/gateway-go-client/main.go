// A client_golang push client for the gateway compat tests: pushes with
// Push (PUT, protobuf) and Add (POST), grouping values that need escaping,
// a Delete, and a push the gateway refuses; prints one line per outcome.
//
//	go run main.go http://127.0.0.1:9091
package main

import (
	"fmt"
	"os"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
)

func main() {
	url := os.Args[1]
	done := prometheus.NewGauge(prometheus.GaugeOpts{Name: "gopush_last_success", Help: "Last success."})
	done.Set(1234.5)
	jobs := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gopush_jobs_total", Help: "Jobs."}, []string{"kind"})
	jobs.WithLabelValues("a").Add(3)
	hist := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "gopush_duration_seconds", Help: "Durations.", Buckets: []float64{0.1, 1}})
	hist.Observe(0.05)
	hist.Observe(5)

	p := push.New(url, "go batch").Grouping("instance", "host a").Grouping("path", "/var/tmp").Grouping("empty", "")
	fmt.Println("push:", p.Collector(done).Collector(jobs).Collector(hist).Push())

	added := prometheus.NewGauge(prometheus.GaugeOpts{Name: "gopush_added", Help: "Added later."})
	added.Set(7)
	fmt.Println("add:", push.New(url, "go batch").Grouping("instance", "host a").Grouping("path", "/var/tmp").Grouping("empty", "").Collector(added).Add())

	other := push.New(url, "go_other").Collector(added)
	fmt.Println("push other:", other.Push())
	fmt.Println("delete other:", push.New(url, "go_other").Delete())

	clash := prometheus.NewGauge(prometheus.GaugeOpts{Name: "gopush_jobs_total", Help: "Clashes with the counter."})
	err := push.New(url, "go_clash").Collector(clash).Push()
	fmt.Println("clash refused:", err != nil)
}
