// Command go-anchor measures the Go reference on exposition files, so that
// promkit's bench can report its own speed as a ratio to a figure taken in the
// same run on the same machine. Two jobs are timed per file: parsing with
// expfmt's TextParser (what the Pushgateway does with a push) and writing the
// parsed families back with MetricFamilyToText.
//
//	go-anchor [-runs 7] [-mintime 200ms] FILE...
//
// It prints one tab-separated line per job and file (see README.md); the
// bench reads those lines, so their layout is fixed.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// warmups is how often a job runs before it is calibrated and timed.
const warmups = 2

// maxRepeat bounds the calibration of very fast jobs.
const maxRepeat = 1 << 20

func main() {
	runs := flag.Int("runs", 7, "timed runs per job and file")
	minTime := flag.Duration("mintime", 200*time.Millisecond, "a timed run repeats the job until it lasts at least this long")
	flag.Parse()

	for _, path := range flag.Args() {
		if err := measureFile(path, *runs, *minTime); err != nil {
			fmt.Fprintf(os.Stderr, "go-anchor: %s: %v\n", path, err)
			os.Exit(1)
		}
	}
}

// measureFile times both jobs on one file and prints their lines.
func measureFile(path string, runs int, minTime time.Duration) error {
	input, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	series := sampleLines(input)

	var families map[string]*dto.MetricFamily
	var parseErr error
	parse := func() {
		var p expfmt.TextParser
		families, parseErr = p.TextToMetricFamilies(bytes.NewReader(input))
	}
	parse()
	if parseErr != nil {
		return parseErr
	}
	perOp, faults := timeJob(parse, runs, minTime)
	if parseErr != nil {
		return parseErr
	}
	printLine("go-expfmt-parse", path, len(input), series, perOp, faults)

	// Families in name order, as the Go client and promtool write them.
	names := make([]string, 0, len(families))
	for name := range families {
		names = append(names, name)
	}
	sort.Strings(names)
	var out bytes.Buffer
	var writeErr error
	write := func() {
		out.Reset()
		for _, name := range names {
			if _, err := expfmt.MetricFamilyToText(&out, families[name]); err != nil {
				writeErr = err
				return
			}
		}
	}
	write()
	if writeErr != nil {
		return writeErr
	}
	perOp, faults = timeJob(write, runs, minTime)
	printLine("go-expfmt-serialize", path, out.Len(), series, perOp, faults)

	if dump := os.Getenv("DUMP"); dump != "" {
		return os.WriteFile(dump, out.Bytes(), 0o644)
	}
	return nil
}

// sampleLines counts the lines that are neither blank nor comments (leading
// blanks and tabs ignored): the series of an exposition.
func sampleLines(input []byte) int {
	count := 0
	for _, line := range bytes.Split(input, []byte{'\n'}) {
		line = bytes.TrimLeft(line, " \t")
		if len(line) != 0 && line[0] != '#' {
			count++
		}
	}
	return count
}

// timeJob warms the job up, finds how many repetitions last at least minTime,
// then does `runs` timed runs of that many repetitions, each after a full GC.
// It returns the milliseconds per repetition of every run, and the minor page
// faults per repetition over the timed runs (the GCs between them left out),
// or -1 when the system does not count them.
func timeJob(job func(), runs int, minTime time.Duration) ([]float64, float64) {
	for i := 0; i < warmups; i++ {
		job()
	}
	repeat := 1
	for repeat < maxRepeat && elapsed(job, repeat) < minTime {
		repeat *= 2
	}
	perOp := make([]float64, runs)
	var faults int64
	for r := range perOp {
		runtime.GC()
		before := minorFaults()
		perOp[r] = float64(elapsed(job, repeat).Nanoseconds()) / 1e6 / float64(repeat)
		faults += minorFaults() - before
	}
	if minorFaults() < 0 {
		return perOp, -1
	}
	return perOp, float64(faults) / float64(runs*repeat)
}

func elapsed(job func(), repeat int) time.Duration {
	start := time.Now()
	for i := 0; i < repeat; i++ {
		job()
	}
	return time.Since(start)
}

// printLine writes one result line: fixed fields, tab-separated, then the
// faults per repetition where counted, the raw per-run figures last (six
// significant digits).
func printLine(tool, path string, size, series int, perOp []float64, faults float64) {
	sorted := append([]float64(nil), perOp...)
	sort.Float64s(sorted)
	fastest, median, slowest := sorted[0], sorted[len(sorted)/2], sorted[len(sorted)-1]
	megabytes := float64(size) / 1e6
	raw := make([]string, len(perOp))
	for i, ms := range perOp {
		raw[i] = fmt.Sprintf("%.6g", ms)
	}
	fields := []string{
		tool,
		path,
		fmt.Sprintf("bytes=%d", size),
		fmt.Sprintf("series=%d", series),
		fmt.Sprintf("runs=%d", len(perOp)),
		fmt.Sprintf("ms(min/med/max)=%.3f/%.3f/%.3f", fastest, median, slowest),
		fmt.Sprintf("MB/s(med)=%.1f", megabytes/(median/1e3)),
		fmt.Sprintf("series/s(med)=%.0f", float64(series)/(median/1e3)),
		fmt.Sprintf("MB/s(best)=%.1f", megabytes/(fastest/1e3)),
	}
	if faults >= 0 {
		fields = append(fields, fmt.Sprintf("faults/op=%.4g", faults))
	}
	fields = append(fields, "raw_ms="+strings.Join(raw, ","))
	fmt.Println(strings.Join(fields, "\t"))
}
