package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/matttproud/golang_protobuf_extensions/pbutil"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// Exit statuses.
const (
	exitAccepted = 0
	exitRejected = 1
	exitUsage    = 2
)

// config is what the flags ask for; it applies to every document.
type config struct {
	in       string // text, proto or json
	out      string // json, text, openmetrics, proto, lint or gather
	pretty   bool
	rawOrder bool // labels in parsed order instead of sorted
}

// answer is the outcome of one document: the bytes single mode prints, the
// object batch mode embeds as "result", and the exit status.
type answer struct {
	stdout []byte
	result any
	exit   int
}

// jsonAnswer prints a JSON document (indented with -pretty) and a newline.
func jsonAnswer(c config, doc any, exit int) answer {
	var out []byte
	if c.pretty {
		out = indented(doc)
	} else {
		out = compact(doc)
	}
	return answer{stdout: append(out, '\n'), result: doc, exit: exit}
}

// failure is the error document; an expfmt.ParseError adds its line and
// message without the line prefix.
func failure(stage string, err error) object {
	doc := object{{"error", err.Error()}, {"stage", stage}}
	var pe expfmt.ParseError
	if errors.As(err, &pe) {
		doc = append(doc, member{"line", pe.Line}, member{"msg", pe.Msg})
	}
	return doc
}

func usageFailure(message string) object {
	return object{{"error", message}, {"stage", "usage"}}
}

// answerFor reads one document and produces the requested output.
func answerFor(c config, input []byte) answer {
	families, err := read(c.in, input)
	if err != nil {
		stage := "parse"
		if c.in == "json" {
			stage = "json-input"
		}
		return jsonAnswer(c, failure(stage, err), exitRejected)
	}
	switch c.out {
	case "json":
		return jsonAnswer(c, canonicalFamilies(families, c.rawOrder), exitAccepted)
	case "text", "openmetrics":
		return writeText(c, families)
	case "proto":
		return writeProto(c, families)
	case "lint":
		return lint(c, families)
	case "gather":
		return gather(c, families)
	}
	return jsonAnswer(c, usageFailure("unknown -out "+c.out), exitUsage)
}

// read parses the input with the reference: text families sorted by name
// (expfmt returns a map), protobuf and JSON families in stream order.
func read(format string, input []byte) ([]*dto.MetricFamily, error) {
	switch format {
	case "text":
		var p expfmt.TextParser
		byName, err := p.TextToMetricFamilies(bytes.NewReader(input))
		if err != nil {
			return nil, err
		}
		names := make([]string, 0, len(byName))
		for name := range byName {
			names = append(names, name)
		}
		sort.Strings(names)
		families := make([]*dto.MetricFamily, len(names))
		for i, name := range names {
			families[i] = byName[name]
		}
		return families, nil
	case "proto":
		// The delimited decoder also checks metric names, label names and values.
		dec := expfmt.NewDecoder(bytes.NewReader(input), expfmt.FmtProtoDelim)
		var families []*dto.MetricFamily
		for {
			f := &dto.MetricFamily{}
			err := dec.Decode(f)
			if err == io.EOF {
				return families, nil
			}
			if err != nil {
				return nil, err
			}
			families = append(families, f)
		}
	case "json":
		return readCanonical(input)
	}
	return nil, fmt.Errorf("unknown -in %q", format)
}

// writeText serializes with MetricFamilyToText, or MetricFamilyToOpenMetrics
// followed by "# EOF". Single mode prints the bytes as they are.
func writeText(c config, families []*dto.MetricFamily) answer {
	var buf bytes.Buffer
	for _, f := range families {
		var err error
		if c.out == "text" {
			_, err = expfmt.MetricFamilyToText(&buf, f)
		} else {
			_, err = expfmt.MetricFamilyToOpenMetrics(&buf, f)
		}
		if err != nil {
			return jsonAnswer(c, failure("serialize", err), exitRejected)
		}
	}
	if c.out == "openmetrics" {
		if _, err := expfmt.FinalizeOpenMetrics(&buf); err != nil {
			return jsonAnswer(c, failure("serialize", err), exitRejected)
		}
	}
	return answer{stdout: buf.Bytes(), result: object{{"text", buf.String()}}, exit: exitAccepted}
}

// writeProto writes varint-delimited MetricFamily messages.
func writeProto(c config, families []*dto.MetricFamily) answer {
	var buf bytes.Buffer
	for _, f := range families {
		if _, err := pbutil.WriteDelimited(&buf, f); err != nil {
			return jsonAnswer(c, failure("serialize", err), exitRejected)
		}
	}
	encoded := base64.StdEncoding.EncodeToString(buf.Bytes())
	return answer{stdout: buf.Bytes(), result: object{{"output_base64", encoded}}, exit: exitAccepted}
}

// lint lists promlint's problems, as `promtool check metrics` reports them.
func lint(c config, families []*dto.MetricFamily) answer {
	problems, err := promlint.NewWithMetricFamilies(families).Lint()
	if err != nil {
		return jsonAnswer(c, failure("lint", err), exitRejected)
	}
	list := make([]any, len(problems))
	for i, p := range problems {
		list[i] = object{{"metric", p.Metric}, {"text", p.Text}}
	}
	return jsonAnswer(c, object{{"problems", list}}, exitAccepted)
}

// gather passes the families through client_golang's Gatherers, as a Go
// exporter or the Pushgateway does when it serves merged groups: it checks
// consistency (duplicate series, HELP and type conflicts, suffix clashes,
// reserved labels) and sorts metrics by label values. Any error rejects.
func gather(c config, families []*dto.MetricFamily) answer {
	source := prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) { return families, nil })
	gathered, err := prometheus.Gatherers{source}.Gather()
	messages := []any{}
	var multi prometheus.MultiError
	switch {
	case err == nil:
	case errors.As(err, &multi):
		for _, e := range multi {
			messages = append(messages, e.Error())
		}
	default:
		messages = append(messages, err.Error())
	}
	doc := append(canonicalFamilies(gathered, c.rawOrder), member{"gather_errors", messages})
	exit := exitAccepted
	if len(messages) > 0 {
		exit = exitRejected
	}
	return jsonAnswer(c, doc, exit)
}
