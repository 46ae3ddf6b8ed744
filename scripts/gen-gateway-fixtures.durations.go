// Writes fixtures/gateway/durations.json: Go's time.ParseDuration and
// Duration.String for the inputs in fixtures/gateway/duration-inputs.json
// (the flags --persistence.interval and --web.request-timeout use them).
//
//	go run scripts/gen-gateway-fixtures.durations.go
package main

import (
	"encoding/json"
	"os"
	"time"
)

type row struct {
	Input string `json:"input"`
	OK    bool   `json:"ok"`
	Ms    float64 `json:"ms,omitempty"`
	Text  string `json:"text,omitempty"`
}

func main() {
	raw, err := os.ReadFile("fixtures/gateway/duration-inputs.json")
	if err != nil {
		panic(err)
	}
	var inputs []string
	if err := json.Unmarshal(raw, &inputs); err != nil {
		panic(err)
	}
	out := []row{}
	for _, in := range inputs {
		d, err := time.ParseDuration(in)
		if err != nil {
			out = append(out, row{Input: in})
			continue
		}
		out = append(out, row{Input: in, OK: true, Ms: float64(d) / 1e6, Text: d.String()})
	}
	b, _ := json.MarshalIndent(out, "", " ")
	if err := os.WriteFile("fixtures/gateway/durations.json", append(b, '\n'), 0o644); err != nil {
		panic(err)
	}
}
