package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/golang/protobuf/proto" //nolint:staticcheck // the proto package expfmt 0.39 is built with.
	"github.com/golang/protobuf/ptypes/timestamp"
	dto "github.com/prometheus/client_model/go"
)

// -in json: the canonical JSON read back into client_model structs, so that
// a model generated elsewhere can be handed to the reference serializers.
// Unknown keys are an error; native-histogram fields are not read.

type jsonDoc struct {
	Families []jsonFamily `json:"families"`
}

type jsonFamily struct {
	Name       string       `json:"name"`
	Help       *string      `json:"help"`
	HelpBase64 *string      `json:"help_base64"`
	Type       *string      `json:"type"`
	Metrics    []jsonMetric `json:"metrics"`
}

type jsonMetric struct {
	Labels      [][2]string    `json:"labels"`
	TimestampMs *string        `json:"timestamp_ms"`
	Value       *string        `json:"value"`
	Summary     *jsonSummary   `json:"summary"`
	Histogram   *jsonHistogram `json:"histogram"`
	Exemplar    *jsonExemplar  `json:"exemplar"`
	Counter     *string        `json:"counter"`
	Gauge       *string        `json:"gauge"`
	Untyped     *string        `json:"untyped"`
}

type jsonSummary struct {
	SampleCount *string        `json:"sample_count"`
	SampleSum   *string        `json:"sample_sum"`
	Quantiles   []jsonQuantile `json:"quantiles"`
}

type jsonQuantile struct {
	Quantile *string `json:"quantile"`
	Value    *string `json:"value"`
}

type jsonHistogram struct {
	SampleCount      *string      `json:"sample_count"`
	SampleCountFloat *string      `json:"sample_count_float"`
	SampleSum        *string      `json:"sample_sum"`
	Buckets          []jsonBucket `json:"buckets"`
}

type jsonBucket struct {
	UpperBound           *string       `json:"upper_bound"`
	CumulativeCount      *string       `json:"cumulative_count"`
	CumulativeCountFloat *string       `json:"cumulative_count_float"`
	Exemplar             *jsonExemplar `json:"exemplar"`
}

type jsonExemplar struct {
	Labels    [][2]string    `json:"labels"`
	Value     *string        `json:"value"`
	Timestamp *jsonTimestamp `json:"timestamp"`
}

type jsonTimestamp struct {
	Seconds string `json:"seconds"`
	Nanos   int32  `json:"nanos"`
}

// numbers converts the string-encoded numbers of one document, keeping the
// first error: after one, every conversion returns nil.
type numbers struct{ err error }

func (n *numbers) float(s *string) *float64 {
	if s == nil || n.err != nil {
		return nil
	}
	var f float64
	switch *s {
	case "NaN":
		f = math.NaN()
	case "+Inf":
		f = math.Inf(1)
	case "-Inf":
		f = math.Inf(-1)
	default:
		var err error
		if f, err = strconv.ParseFloat(*s, 64); err != nil {
			n.err = fmt.Errorf("bad float %q: %v", *s, err)
			return nil
		}
	}
	return &f
}

func (n *numbers) uint(s *string) *uint64 {
	if s == nil || n.err != nil {
		return nil
	}
	u, err := strconv.ParseUint(*s, 10, 64)
	if err != nil {
		n.err = fmt.Errorf("bad uint64 %q: %v", *s, err)
		return nil
	}
	return &u
}

func (n *numbers) int(s string) int64 {
	if n.err != nil {
		return 0
	}
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		n.err = err
	}
	return i
}

// readCanonical decodes the first JSON value of data into families, in
// document order.
func readCanonical(data []byte) ([]*dto.MetricFamily, error) {
	var doc jsonDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	families := make([]*dto.MetricFamily, 0, len(doc.Families))
	for _, jf := range doc.Families {
		f, err := familyFromJSON(jf)
		if err != nil {
			return nil, err
		}
		families = append(families, f)
	}
	return families, nil
}

func familyFromJSON(jf jsonFamily) (*dto.MetricFamily, error) {
	f := &dto.MetricFamily{Name: proto.String(jf.Name)}
	switch {
	case jf.HelpBase64 != nil: // the exact bytes win over the readable form
		help, err := base64.StdEncoding.DecodeString(*jf.HelpBase64)
		if err != nil {
			return nil, err
		}
		f.Help = proto.String(string(help))
	case jf.Help != nil:
		f.Help = proto.String(*jf.Help)
	}
	if jf.Type != nil {
		t, ok := dto.MetricType_value[strings.ToUpper(*jf.Type)]
		if !ok {
			return nil, fmt.Errorf("unknown type %q", *jf.Type)
		}
		f.Type = dto.MetricType(t).Enum()
	}
	for _, jm := range jf.Metrics {
		m, err := metricFromJSON(f.GetType(), jm)
		if err != nil {
			return nil, err
		}
		f.Metric = append(f.Metric, m)
	}
	return f, nil
}

func metricFromJSON(t dto.MetricType, jm jsonMetric) (*dto.Metric, error) {
	var n numbers
	m := &dto.Metric{Label: labelPairsFromJSON(jm.Labels)}
	if jm.TimestampMs != nil {
		ts := n.int(*jm.TimestampMs)
		m.TimestampMs = &ts
	}
	// "value" goes to the field of the family's type; then "counter", "gauge"
	// and "untyped" set their own field whatever the type.
	setValue(&n, m, t, jm.Value)
	setValue(&n, m, dto.MetricType_COUNTER, jm.Counter)
	setValue(&n, m, dto.MetricType_GAUGE, jm.Gauge)
	setValue(&n, m, dto.MetricType_UNTYPED, jm.Untyped)
	if jm.Exemplar != nil {
		if m.Counter == nil {
			m.Counter = &dto.Counter{}
		}
		m.Counter.Exemplar = exemplarFromJSON(&n, jm.Exemplar)
	}
	if js := jm.Summary; js != nil {
		s := &dto.Summary{SampleCount: n.uint(js.SampleCount), SampleSum: n.float(js.SampleSum)}
		for _, q := range js.Quantiles {
			s.Quantile = append(s.Quantile, &dto.Quantile{Quantile: n.float(q.Quantile), Value: n.float(q.Value)})
		}
		m.Summary = s
	}
	if jh := jm.Histogram; jh != nil {
		h := &dto.Histogram{
			SampleCount:      n.uint(jh.SampleCount),
			SampleCountFloat: n.float(jh.SampleCountFloat),
			SampleSum:        n.float(jh.SampleSum),
		}
		for _, b := range jh.Buckets {
			h.Bucket = append(h.Bucket, &dto.Bucket{
				UpperBound:           n.float(b.UpperBound),
				CumulativeCount:      n.uint(b.CumulativeCount),
				CumulativeCountFloat: n.float(b.CumulativeCountFloat),
				Exemplar:             exemplarFromJSON(&n, b.Exemplar),
			})
		}
		m.Histogram = h
	}
	if n.err != nil {
		return nil, n.err
	}
	return m, nil
}

// setValue sets the counter, gauge or untyped value of m when s is given.
func setValue(n *numbers, m *dto.Metric, t dto.MetricType, s *string) {
	if s == nil {
		return
	}
	switch t {
	case dto.MetricType_COUNTER:
		m.Counter = &dto.Counter{Value: n.float(s)}
	case dto.MetricType_GAUGE:
		m.Gauge = &dto.Gauge{Value: n.float(s)}
	case dto.MetricType_UNTYPED:
		m.Untyped = &dto.Untyped{Value: n.float(s)}
	}
}

func exemplarFromJSON(n *numbers, je *jsonExemplar) *dto.Exemplar {
	if je == nil {
		return nil
	}
	e := &dto.Exemplar{Label: labelPairsFromJSON(je.Labels), Value: n.float(je.Value)}
	if je.Timestamp != nil {
		e.Timestamp = &timestamp.Timestamp{Seconds: n.int(je.Timestamp.Seconds), Nanos: je.Timestamp.Nanos}
	}
	return e
}

func labelPairsFromJSON(pairs [][2]string) []*dto.LabelPair {
	out := make([]*dto.LabelPair, len(pairs))
	for i, p := range pairs {
		out[i] = &dto.LabelPair{Name: proto.String(p[0]), Value: proto.String(p[1])}
	}
	return out
}
