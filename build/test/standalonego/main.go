// Command standalonego writes core.Standalone's text for models in
// gotrain's JSON format, so build/test/standalone_lockstep.test.mjs can
// check that gotrain.js (www/lib/standalone.js) writes the same text.
//
// It reads a JSON array of cases {"model": "<model.toJSON() text>",
// "dtype": "float64"|"float32", "classNames": [...] or null} on stdin and
// writes a JSON array of {"text": "..."} or {"error": "..."}, one per case.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/modeljson"
)

type testCase struct {
	Model      string   `json:"model"`
	DType      string   `json:"dtype"`
	ClassNames []string `json:"classNames"`
}

type result struct {
	Text  string `json:"text,omitempty"`
	Error string `json:"error,omitempty"`
}

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var cases []testCase
	if err := json.Unmarshal(in, &cases); err != nil {
		fail(err)
	}
	out := make([]result, len(cases))
	for i, c := range cases {
		text, err := standalone(c)
		if err != nil {
			out[i].Error = err.Error()
		} else {
			out[i].Text = text
		}
	}
	// Not HTML-escaped: the texts are compared as they are.
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func standalone(c testCase) (string, error) {
	m, err := modeljson.Unmarshal([]byte(c.Model))
	if err != nil {
		return "", err
	}
	dtype, err := core.ParseElementType(c.DType)
	if err != nil {
		return "", err
	}
	return core.Standalone(m, core.StandaloneConfig{DType: dtype, ClassNames: c.ClassNames})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "standalonego:", err)
	os.Exit(1)
}
