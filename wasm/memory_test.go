//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/gotrain/gotrain/core"
)

// TestMemoryBudgetExports drives setMemoryLimit and memory as gotrain.js
// does: models together count against the limit, a refusal names the call
// and what is left and leaves the module working, and dispose gives the
// memory back (the red team's two 8000×8000 models then a third small
// trainOnBatch killed the module; here at a 64 MB scale).
func TestMemoryBudgetExports(t *testing.T) {
	old := core.MemoryLimit()
	t.Cleanup(func() { _ = applyMemoryLimit(old) })

	for _, bad := range []any{"64e6", 1.5e6, 1e12, 64e6 + 0.5, js.Null()} {
		wantError(t, "setMemoryLimit: the limit must be a number of bytes", "setMemoryLimit", bad)
	}
	base := mustCall(t, "memory", true)
	if got := base.Get("limit").Float(); got != float64(core.DefaultMemoryLimit) && got != float64(old) {
		t.Errorf("memory().limit: got %v, want the default %d", got, core.DefaultMemoryLimit)
	}
	limit := base.Get("used").Float() + 64<<20
	mustCall(t, "setMemoryLimit", limit)
	if got := mustCall(t, "memory", false).Get("limit").Float(); got != limit {
		t.Fatalf("memory().limit after setMemoryLimit: got %v, want %v", got, limit)
	}

	// A 1500×1500 layer: 2.25M parameters, 34 MB with their gradients.
	big := func() (int, string) {
		id := mustCall(t, "sequential", 1).Int()
		_, msg := call(t, "add", id, object("kind", "dense", "units", 1500, "inputShape", js.ValueOf([]any{1500})))
		return id, msg
	}
	a, msg := big()
	if msg != "" {
		t.Fatalf("first model: %s", msg)
	}
	used := mustCall(t, "memory", false).Get("used").Float()
	if used-base.Get("used").Float() < 34e6 {
		t.Errorf("memory().used with one model: got %v more, want at least 34 MB", used-base.Get("used").Float())
	}
	b, msg := big()
	if !strings.Contains(msg, "add: build: the model needs") || !strings.Contains(msg, "memory limit is left") {
		t.Fatalf("second model: got %q, want the budget's refusal", msg)
	}
	// The module works after the refusal: a small model trains.
	id := newXORModel(t)
	x, y := xor()
	mustCall(t, "trainOnBatch", id, x, y)
	// Disposing the first model makes room for the second.
	mustCall(t, "dispose", a)
	if _, msg := call(t, "add", b, object("kind", "dense", "units", 1500, "inputShape", js.ValueOf([]any{1500}))); msg != "" {
		t.Fatalf("second model after the first's dispose: %s", msg)
	}
	for _, m := range []int{b, id} {
		mustCall(t, "dispose", m)
	}
	if got, want := mustCall(t, "memory", true).Get("used").Float(), base.Get("used").Float(); got != want {
		t.Errorf("memory().used after every dispose: got %v, want %v", got, want)
	}
	// A k² table is refused before it is made (20,000 classes ran 20 s and
	// ended the module).
	wantError(t, "the 20000×20000 confusion matrix needs", "confusionMatrix",
		newFloat64Array([]float64{0, 1}), newFloat64Array([]float64{0, 1}), 20000)
}
