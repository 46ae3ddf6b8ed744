package main

import (
	"encoding/base64"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/golang/protobuf/ptypes/timestamp"
	dto "github.com/prometheus/client_model/go"
)

// The canonical JSON model of parsed families (README.md, "Canonical JSON").
// Numbers are strings so that nothing is lost: floats in Go's shortest
// round-trip form, int64 and uint64 in decimal.

// goFloat spells a float as the text format does: NaN, +Inf, -Inf, else
// strconv's shortest 'g' form (negative zero stays "-0").
func goFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	default:
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
}

// Optional fields: null when unset.

func floatOrNull(p *float64) any {
	if p == nil {
		return nil
	}
	return goFloat(*p)
}

func uintOrNull(p *uint64) any {
	if p == nil {
		return nil
	}
	return strconv.FormatUint(*p, 10)
}

func intOrNull(p *int64) any {
	if p == nil {
		return nil
	}
	return strconv.FormatInt(*p, 10)
}

// canonicalFamilies is the success document: {"families": [...]}.
func canonicalFamilies(families []*dto.MetricFamily, raw bool) object {
	list := make([]any, len(families))
	for i, f := range families {
		list[i] = canonicalFamily(f, raw)
	}
	return object{{"families", list}}
}

func canonicalFamily(f *dto.MetricFamily, raw bool) object {
	out := object{{"name", f.GetName()}}
	if f.Help == nil {
		out = append(out, member{"help", nil})
	} else {
		out = append(out, member{"help", *f.Help})
		// HELP is not checked for UTF-8 by the parser: keep the exact bytes.
		if !utf8.ValidString(*f.Help) {
			out = append(out, member{"help_base64", base64.StdEncoding.EncodeToString([]byte(*f.Help))})
		}
	}
	if f.Type == nil {
		out = append(out, member{"type", nil})
	} else {
		out = append(out, member{"type", typeSpelling(*f.Type)})
	}
	metrics := make([]any, len(f.GetMetric()))
	for i, m := range f.GetMetric() {
		// GetType: a family without a type is read as a counter, as by expfmt.
		metrics[i] = canonicalMetric(f.GetType(), m, raw)
	}
	return append(out, member{"metrics", metrics})
}

func typeSpelling(t dto.MetricType) string {
	if name, ok := dto.MetricType_name[int32(t)]; ok {
		return strings.ToLower(name)
	}
	return fmt.Sprintf("unknown_enum_%d", int32(t))
}

// canonicalMetric writes the value that matches the family type under
// "value", "summary" or "histogram", then the counter's exemplar, then any
// value field of another kind (only protobuf or JSON input has those).
func canonicalMetric(t dto.MetricType, m *dto.Metric, raw bool) object {
	out := object{
		{"labels", canonicalLabels(m.GetLabel(), raw)},
		{"timestamp_ms", intOrNull(m.TimestampMs)},
	}
	kind := valueKind(t)
	switch kind {
	case "counter", "gauge", "untyped":
		out = append(out, member{"value", simpleValue(m, kind)})
	case "summary":
		out = append(out, member{"summary", canonicalSummary(m.Summary)})
	case "histogram":
		out = append(out, member{"histogram", canonicalHistogram(m.Histogram, raw)})
	}
	if m.Counter != nil && m.Counter.Exemplar != nil {
		out = append(out, member{"exemplar", canonicalExemplar(m.Counter.Exemplar, raw)})
	}
	if kind != "counter" && m.Counter != nil {
		out = append(out, member{"counter", floatOrNull(m.Counter.Value)})
	}
	if kind != "gauge" && m.Gauge != nil {
		out = append(out, member{"gauge", floatOrNull(m.Gauge.Value)})
	}
	if kind != "untyped" && m.Untyped != nil {
		out = append(out, member{"untyped", floatOrNull(m.Untyped.Value)})
	}
	if kind != "summary" && m.Summary != nil {
		out = append(out, member{"summary", canonicalSummary(m.Summary)})
	}
	if kind != "histogram" && m.Histogram != nil {
		out = append(out, member{"histogram", canonicalHistogram(m.Histogram, raw)})
	}
	return out
}

// valueKind names the value field a family type uses ("" for an unknown type).
func valueKind(t dto.MetricType) string {
	switch t {
	case dto.MetricType_COUNTER:
		return "counter"
	case dto.MetricType_GAUGE:
		return "gauge"
	case dto.MetricType_UNTYPED:
		return "untyped"
	case dto.MetricType_SUMMARY:
		return "summary"
	case dto.MetricType_HISTOGRAM, dto.MetricType_GAUGE_HISTOGRAM:
		return "histogram"
	}
	return ""
}

// simpleValue is the counter, gauge or untyped value of m, null when m has no
// value of that kind (a gauge_histogram sample in 0.39, some protobuf input).
func simpleValue(m *dto.Metric, kind string) any {
	switch {
	case kind == "counter" && m.Counter != nil:
		return floatOrNull(m.Counter.Value)
	case kind == "gauge" && m.Gauge != nil:
		return floatOrNull(m.Gauge.Value)
	case kind == "untyped" && m.Untyped != nil:
		return floatOrNull(m.Untyped.Value)
	}
	return nil
}

// canonicalLabels gives [name, value] pairs, sorted by name then value unless
// raw (parsed order) is asked for.
func canonicalLabels(pairs []*dto.LabelPair, raw bool) []any {
	type pair struct{ name, value string }
	ps := make([]pair, len(pairs))
	for i, p := range pairs {
		ps[i] = pair{p.GetName(), p.GetValue()}
	}
	if !raw {
		sort.SliceStable(ps, func(i, j int) bool {
			if ps[i].name == ps[j].name {
				return ps[i].value < ps[j].value
			}
			return ps[i].name < ps[j].name
		})
	}
	out := make([]any, len(ps))
	for i, p := range ps {
		out[i] = []any{p.name, p.value}
	}
	return out
}

func canonicalExemplar(e *dto.Exemplar, raw bool) any {
	if e == nil {
		return nil
	}
	return object{
		{"labels", canonicalLabels(e.GetLabel(), raw)},
		{"value", floatOrNull(e.Value)},
		{"timestamp", canonicalTimestamp(e.GetTimestamp())},
	}
}

func canonicalTimestamp(ts *timestamp.Timestamp) any {
	if ts == nil {
		return nil
	}
	return object{{"seconds", strconv.FormatInt(ts.GetSeconds(), 10)}, {"nanos", int(ts.GetNanos())}}
}

func canonicalSummary(s *dto.Summary) any {
	if s == nil {
		return nil
	}
	quantiles := make([]any, len(s.GetQuantile()))
	for i, q := range s.GetQuantile() {
		quantiles[i] = object{{"quantile", floatOrNull(q.Quantile)}, {"value", floatOrNull(q.Value)}}
	}
	return object{
		{"sample_count", uintOrNull(s.SampleCount)},
		{"sample_sum", floatOrNull(s.SampleSum)},
		{"quantiles", quantiles},
	}
}

func canonicalHistogram(h *dto.Histogram, raw bool) any {
	if h == nil {
		return nil
	}
	out := object{{"sample_count", uintOrNull(h.SampleCount)}}
	if h.SampleCountFloat != nil {
		out = append(out, member{"sample_count_float", floatOrNull(h.SampleCountFloat)})
	}
	out = append(out, member{"sample_sum", floatOrNull(h.SampleSum)})
	buckets := make([]any, len(h.GetBucket()))
	for i, b := range h.GetBucket() {
		bucket := object{
			{"upper_bound", floatOrNull(b.UpperBound)},
			{"cumulative_count", uintOrNull(b.CumulativeCount)},
		}
		if b.CumulativeCountFloat != nil {
			bucket = append(bucket, member{"cumulative_count_float", floatOrNull(b.CumulativeCountFloat)})
		}
		if b.Exemplar != nil {
			bucket = append(bucket, member{"exemplar", canonicalExemplar(b.Exemplar, raw)})
		}
		buckets[i] = bucket
	}
	out = append(out, member{"buckets", buckets})
	if hasNativeFields(h) {
		out = append(out, member{"native", canonicalNative(h)})
	}
	return out
}

// hasNativeFields: native-histogram fields can only come from protobuf input.
func hasNativeFields(h *dto.Histogram) bool {
	return h.Schema != nil || h.ZeroThreshold != nil || h.ZeroCount != nil || h.ZeroCountFloat != nil ||
		len(h.NegativeSpan)+len(h.PositiveSpan)+len(h.NegativeDelta)+len(h.PositiveDelta)+
			len(h.NegativeCount)+len(h.PositiveCount) > 0
}

func canonicalNative(h *dto.Histogram) object {
	var schema any
	if h.Schema != nil {
		schema = int(*h.Schema)
	}
	spans := func(ss []*dto.BucketSpan) []any {
		out := make([]any, len(ss))
		for i, s := range ss {
			out[i] = object{{"offset", int(s.GetOffset())}, {"length", int(s.GetLength())}}
		}
		return out
	}
	deltas := func(ds []int64) []any {
		out := make([]any, len(ds))
		for i, d := range ds {
			out[i] = strconv.FormatInt(d, 10)
		}
		return out
	}
	counts := func(cs []float64) []any {
		out := make([]any, len(cs))
		for i, c := range cs {
			out[i] = goFloat(c)
		}
		return out
	}
	return object{
		{"schema", schema},
		{"zero_threshold", floatOrNull(h.ZeroThreshold)},
		{"zero_count", uintOrNull(h.ZeroCount)},
		{"zero_count_float", floatOrNull(h.ZeroCountFloat)},
		{"negative_span", spans(h.NegativeSpan)},
		{"negative_delta", deltas(h.NegativeDelta)},
		{"negative_count", counts(h.NegativeCount)},
		{"positive_span", spans(h.PositiveSpan)},
		{"positive_delta", deltas(h.PositiveDelta)},
		{"positive_count", counts(h.PositiveCount)},
	}
}
