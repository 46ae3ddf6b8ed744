// Command expfmt-oracle puts the reference Go implementation of the
// Prometheus exposition formats (prometheus/common expfmt 0.39, with
// client_model 0.3 and client_golang 1.14, as Debian 12 ships them) behind a
// small command line, so that promkit's tests and fixture scripts can ask it
// what it makes of any input: the parsed model as canonical JSON or an error
// object, a re-serialization (text, OpenMetrics, protobuf), promlint's
// problems, or client_golang's gathering checks.
//
//	expfmt-oracle [-in text|proto|json] [-out json|text|openmetrics|proto|lint|gather]
//	              [-pretty] [-raw-label-order] [-batch] [-version] < input
//
// README.md describes every output byte for byte; promkit's fixtures and
// differential tests depend on it.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
)

// Debian package versions, set by scripts/build-oracle.sh (-ldflags -X).
var (
	commonVersion       = "unknown"
	clientModelVersion  = "unknown"
	clientGolangVersion = "unknown"
)

func main() {
	var c config
	var batch, version bool
	flag.StringVar(&c.in, "in", "text", "input: text (Prometheus text 0.0.4), proto (varint-delimited MetricFamily messages) or json (canonical JSON)")
	flag.StringVar(&c.out, "out", "json", "output: json, text, openmetrics, proto, lint or gather")
	flag.BoolVar(&c.pretty, "pretty", false, "indent JSON output")
	flag.BoolVar(&c.rawOrder, "raw-label-order", false, "keep labels in parsed order instead of sorting them")
	flag.BoolVar(&batch, "batch", false, "JSON Lines: one request per input line, one answer per output line")
	flag.BoolVar(&version, "version", false, "print the versions of the Debian packages this binary was built from")
	flag.Parse()

	if version {
		fmt.Printf("prometheus/common (expfmt) %s\nprometheus/client_model %s\nprometheus/client_golang %s\n",
			commonVersion, clientModelVersion, clientGolangVersion)
		return
	}
	if !oneOf(c.in, "text", "proto", "json") {
		fmt.Fprintf(os.Stderr, "unknown -in %q\n", c.in)
		os.Exit(exitUsage)
	}
	if !oneOf(c.out, "json", "text", "openmetrics", "proto", "lint", "gather") {
		fmt.Fprintf(os.Stderr, "unknown -out %q\n", c.out)
		os.Exit(exitUsage)
	}

	if batch {
		if err := serveBatch(c, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(exitUsage)
		}
		return
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(exitUsage)
	}
	a := answerFor(c, input)
	os.Stdout.Write(a.stdout)
	os.Exit(a.exit)
}

func oneOf(s string, choices ...string) bool {
	for _, choice := range choices {
		if s == choice {
			return true
		}
	}
	return false
}

// batchLine is one request: {"id": any JSON, "input": "..."} or
// {"id": ..., "input_base64": "..."} (for bytes that are not UTF-8).
type batchLine struct {
	ID          json.RawMessage `json:"id"`
	Input       *string         `json:"input"`
	InputBase64 *string         `json:"input_base64"`
}

// serveBatch answers one request per non-blank input line with
// {"id": <same>, "exit": N, "result": <what single mode prints>}, flushing
// after every line so that a caller can keep the oracle as a co-process.
// -pretty does not apply.
func serveBatch(c config, r io.Reader, w io.Writer) error {
	c.pretty = false
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 1<<20), 1<<30)
	out := bufio.NewWriter(w)
	defer out.Flush()
	for lines.Scan() {
		line := bytes.TrimSpace(lines.Bytes())
		if len(line) == 0 {
			continue
		}
		var req batchLine
		a := answerRequest(c, line, &req)
		id := verbatim("null")
		if len(req.ID) > 0 {
			id = verbatim(req.ID)
		}
		reply := compact(object{{"id", id}, {"exit", a.exit}, {"result", a.result}})
		if _, err := out.Write(append(reply, '\n')); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
	return lines.Err()
}

// answerRequest decodes one batch line into req (its id is echoed even when
// the rest is wrong) and answers it.
func answerRequest(c config, line []byte, req *batchLine) answer {
	if err := json.Unmarshal(line, req); err != nil {
		return jsonAnswer(c, usageFailure("bad batch line: "+err.Error()), exitUsage)
	}
	switch {
	case req.InputBase64 != nil:
		input, err := base64.StdEncoding.DecodeString(*req.InputBase64)
		if err != nil {
			return jsonAnswer(c, usageFailure("bad input_base64: "+err.Error()), exitUsage)
		}
		return answerFor(c, input)
	case req.Input != nil:
		return answerFor(c, []byte(*req.Input))
	}
	return jsonAnswer(c, usageFailure("batch line needs input or input_base64"), exitUsage)
}
