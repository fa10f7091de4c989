//go:build js && wasm

package main

import (
	"errors"
	"math"
	"runtime"
	"strconv"
	"syscall/js"
	_ "unsafe" // for go:linkname

	"github.com/gotrain/gotrain/core"
)

// The memory budget as JavaScript sees it (core/budget.go is the budget):
// setMemoryLimit sets it, memory reports it, and the data a call copies in
// from JavaScript is held on it while the call runs (while a fit runs, for
// fit's x and y), so that what core checks counts it.

// maxMemoryLimit is the largest budget setMemoryLimit accepts: a
// WebAssembly module addresses 4 GB, and Go's collector needs room above
// the budget for garbage.
const maxMemoryLimit = 3 << 30

// goHeadroom is what Go's own soft limit (runtime/debug.SetMemoryLimit)
// allows above the budget, for garbage between collections and for what
// the budget does not count (the runtime, small values, strings going to
// JavaScript). Near that limit the collector runs more often, so the heap
// stays below 4 GB when the budget is kept.
const goHeadroom = 1 << 30

// setGoMemoryLimit is runtime/debug.SetMemoryLimit, without linking
// runtime/debug (which imports fmt and os: ~70 KB of brotli).
//
//go:linkname setGoMemoryLimit runtime/debug.setMemoryLimit
func setGoMemoryLimit(limit int64) int64

// applyMemoryLimit sets the budget and Go's soft limit above it.
func applyMemoryLimit(limit int64) error {
	if err := core.SetMemoryLimit(limit); err != nil {
		return err
	}
	setGoMemoryLimit(min(limit+goHeadroom, 4<<30-256<<20))
	return nil
}

// setMemoryLimit(bytes) sets the memory budget: calls that would need more
// are refused with an error saying what is left.
func setMemoryLimit(args []js.Value) (any, error) {
	v := arg(args, 0)
	if typeOf(v) != js.TypeNumber || v.Float() != math.Trunc(v.Float()) ||
		v.Float() < float64(core.MinMemoryLimit) || v.Float() > maxMemoryLimit {
		return nil, errors.New("setMemoryLimit: the limit must be a number of bytes from " + strconv.FormatInt(core.MinMemoryLimit, 10) +
			" (" + core.ByteSize(core.MinMemoryLimit) + ") to " + strconv.Itoa(maxMemoryLimit) + " (" + core.ByteSize(maxMemoryLimit) + "), got " + describe(v))
	}
	return nil, applyMemoryLimit(int64(v.Float()))
}

// memory(gc) → Go heap figures, the budget's limit and what is used on it,
// and the number of live models.
func memory(args []js.Value) (any, error) {
	if isTrue(arg(args, 0)) {
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	o := jsObject.New()
	o.Set("heapAlloc", float64(ms.HeapAlloc))
	o.Set("heapSys", float64(ms.HeapSys))
	o.Set("sys", float64(ms.Sys))
	o.Set("numGC", ms.NumGC)
	o.Set("models", len(models))
	o.Set("funcs", len(funcs))
	o.Set("limit", float64(core.MemoryLimit()))
	o.Set("used", float64(core.MemoryUsed()))
	return o, nil
}

// held lists what the calls in progress hold for data copied in from
// JavaScript; calls nest (a fit's callback may call predict), and each
// releases its own part when it returns: held[callStart:].
var (
	held      []*core.Reservation
	callStart int
)

// hold holds bytes of data a call copies in, or refuses as the budget does.
func hold(call, what string, bytes int64) error {
	r, err := core.ReserveMemory(call, what, bytes)
	if err != nil {
		return err
	}
	held = append(held, r)
	return nil
}

// beginCall marks the start of a call's holdings and returns the mark the
// call's endCall restores.
func beginCall() int {
	outer := callStart
	callStart = len(held)
	return outer
}

// endCall releases what the call holds.
func endCall(outer int) {
	for _, r := range held[min(callStart, len(held)):] {
		r.Release()
	}
	held = held[:min(callStart, len(held))]
	callStart = outer
}

// keepHeld takes what the current call holds out of its holdings, for
// memory that outlives it (fit's data, released when the fit ends).
func keepHeld() []*core.Reservation {
	kept := append([]*core.Reservation(nil), held[callStart:]...)
	held = held[:callStart]
	return kept
}

// releaseAll releases reservations kept with keepHeld.
func releaseAll(rs []*core.Reservation) {
	for _, r := range rs {
		r.Release()
	}
}
