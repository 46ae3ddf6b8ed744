// Writes fixtures/gateway/snappy.json: push bodies encoded by Go's
// github.com/golang/snappy framing writer (what clients send with
// Content-Encoding: snappy), with the text each one decodes to.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run scripts/gen-gateway-fixtures.snappy.go
//
// Needs Debian's golang-github-golang-snappy-dev.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strings"

	"github.com/golang/snappy"
)

type row struct {
	Name   string `json:"name"`
	Text   string `json:"text"`
	Framed string `json:"framedBase64"`
}

func main() {
	var many strings.Builder
	for i := 0; i < 1500; i++ {
		fmt.Fprintf(&many, "snappy_series{instance=\"host%d\",path=\"/var/lib/x\"} %d\n", i%37, i)
	}
	r := rand.New(rand.NewSource(42))
	var noisy strings.Builder
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&noisy, "snappy_noise{v=\"%x\"} %d\n", r.Uint64(), r.Int63())
	}
	inputs := []struct{ name, text string }{
		{"empty", ""},
		{"one line", "snappy_one 1\n"},
		{"repetitive, several chunks", many.String()},
		{"little repetition", noisy.String()},
	}
	out := []row{}
	for _, in := range inputs {
		var buf bytes.Buffer
		w := snappy.NewBufferedWriter(&buf)
		if _, err := w.Write([]byte(in.text)); err != nil {
			panic(err)
		}
		if err := w.Close(); err != nil {
			panic(err)
		}
		out = append(out, row{Name: in.name, Text: in.text, Framed: base64.StdEncoding.EncodeToString(buf.Bytes())})
	}
	b, _ := json.MarshalIndent(out, "", " ")
	if err := os.WriteFile("fixtures/gateway/snappy.json", append(b, '\n'), 0o644); err != nil {
		panic(err)
	}
}
