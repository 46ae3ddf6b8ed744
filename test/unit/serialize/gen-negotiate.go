//go:build ignore

// Writes negotiate-expected.json: the formats Go expfmt.Negotiate and
// NegotiateIncludingOpenMetrics (prometheus/common 0.39, Debian 12) pick for
// every Accept header in negotiate-cases.json. Run from this directory:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= go run gen-negotiate.go
package main

import (
	"encoding/json"
	"net/http"
	"os"

	"github.com/prometheus/common/expfmt"
)

func main() {
	data, err := os.ReadFile("negotiate-cases.json")
	if err != nil {
		panic(err)
	}
	var headers []string
	if err := json.Unmarshal(data, &headers); err != nil {
		panic(err)
	}
	type row struct {
		Accept      string `json:"accept"`
		Negotiate   string `json:"negotiate"`
		OpenMetrics string `json:"negotiateIncludingOpenMetrics"`
	}
	rows := []row{}
	for _, h := range headers {
		hdr := http.Header{}
		hdr.Set("Accept", h)
		rows = append(rows, row{h, string(expfmt.Negotiate(hdr)), string(expfmt.NegotiateIncludingOpenMetrics(hdr))})
	}
	out, _ := json.MarshalIndent(rows, "", " ")
	if err := os.WriteFile("negotiate-expected.json", append(out, '\n'), 0o644); err != nil {
		panic(err)
	}
}
