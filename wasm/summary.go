//go:build js && wasm

package main

import "github.com/gotrain/gotrain/core"

// modelSummary returns core's Keras-style summary table.
func modelSummary(m *core.Sequential) string { return m.Summary() }
