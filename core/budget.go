package core

import (
	"strconv"
	"sync/atomic"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// The memory budget: every call whose memory grows with its input (a
// model's parameters and buffers, a dataset, a k×k table, loaded weights,
// predictions) computes its bytes first and asks the budget, which refuses
// with an error naming the call, the need and what is left, instead of
// letting the program run out of memory. A WebAssembly module has at most
// 4 GB, and a Go program that exhausts it dies with every model it holds.
//
// Two kinds of asks: memory held until released (a model's parameters,
// gradients, optimizer state and batch buffers; data a running fit holds) is
// reserved, and counts as used; a result handed to the caller (predictions,
// a dataset, a table) is checked against what is left when it is made.

const (
	// DefaultMemoryLimit is the budget until SetMemoryLimit changes it:
	// 2 GB, half of what a WebAssembly module addresses, which leaves the
	// other half to the garbage collector's headroom and to the copies that
	// cross to JavaScript.
	DefaultMemoryLimit int64 = 2 << 30
	// MinMemoryLimit is the smallest limit SetMemoryLimit accepts.
	MinMemoryLimit int64 = 16 << 20
)

// budget is the limit and what is reserved against it.
type budget struct {
	limit atomic.Int64
	used  atomic.Int64
}

// memory is the one budget of the program: models together count.
var memory = func() *budget {
	b := &budget{}
	b.limit.Store(DefaultMemoryLimit)
	return b
}()

// MemoryLimit returns the budget's limit in bytes.
func MemoryLimit() int64 { return memory.limit.Load() }

// MemoryUsed returns the bytes reserved: by live models (until they are
// released or collected) and by data held while a call runs.
func MemoryUsed() int64 { return memory.used.Load() }

// SetMemoryLimit sets the budget's limit, at least MinMemoryLimit. A limit
// below what is used refuses every new need until memory is released; what
// is held stays.
func SetMemoryLimit(bytes int64) error {
	if bytes < MinMemoryLimit {
		return fmtlite.Errorf("setMemoryLimit: the limit must be at least %s, got %s", ByteSize(MinMemoryLimit), ByteSize(bytes))
	}
	memory.limit.Store(bytes)
	return nil
}

// CheckMemory reports whether need more bytes fit in what is left, for
// memory the caller keeps (a result): the error names call, what needs the
// memory, the need and what is left ("predict: the predictions need 3.2 GB
// but 1.9 GB of the 2 GB memory limit is left").
func CheckMemory(call, what string, need int64) error {
	return memory.check(call, what, "", need, 0)
}

// check refuses need bytes when they do not fit in what is left, counting
// held bytes (already reserved by the asker) as free. detail, if any, comes
// after the need: "the model needs 2 GB (67.1M parameters with adam) but".
func (b *budget) check(call, what, detail string, need, held int64) error {
	limit := b.limit.Load()
	left := max(limit-b.used.Load()+held, 0)
	if need < 0 {
		return fmtlite.Errorf("%s: %s needs more memory than a program can address%s (the memory limit is %s)", call, what, detail, ByteSize(limit))
	}
	if need > left {
		return fmtlite.Errorf("%s: %s %s %s%s but %s of the %s memory limit is left", call, what, needs(what), ByteSize(need), detail, ByteSize(left), ByteSize(limit))
	}
	return nil
}

// Reservation is memory held on the budget until Release. The zero value
// holds nothing; it is safe for concurrent use.
type Reservation struct {
	n atomic.Int64
}

// ReserveMemory holds need bytes on the budget, or refuses as CheckMemory
// does.
func ReserveMemory(call, what string, need int64) (*Reservation, error) {
	r := &Reservation{}
	if err := r.Grow(call, what, need); err != nil {
		return nil, err
	}
	return r, nil
}

// Grow makes the reservation hold total bytes if it holds fewer, refusing
// as CheckMemory does when the difference does not fit (the message gives
// total as the need, and counts what r holds as left).
func (r *Reservation) Grow(call, what string, total int64) error {
	return r.grow(call, what, "", total)
}

// grow is Grow with a detail for the message (see budget.check).
func (r *Reservation) grow(call, what, detail string, total int64) error {
	for {
		held := r.n.Load()
		if total <= held {
			return nil
		}
		if err := memory.check(call, what, detail, total, held); err != nil {
			return err
		}
		// Add the difference unless another goroutine changed the budget
		// or the reservation in between; then look again.
		u := memory.used.Load()
		if u+total-held > memory.limit.Load() {
			continue
		}
		if !memory.used.CompareAndSwap(u, u+total-held) {
			continue
		}
		if r.n.CompareAndSwap(held, total) {
			return nil
		}
		memory.used.Add(held - total) // lost the race on r: undo
	}
}

// Bytes returns the bytes r holds.
func (r *Reservation) Bytes() int64 { return r.n.Load() }

// Release gives r's bytes back to the budget; r holds nothing afterwards
// and may grow again.
func (r *Reservation) Release() {
	if r == nil {
		return
	}
	memory.used.Add(-r.n.Swap(0))
}

// ByteSize renders a size for a message: "812 bytes", "3.5 KB", "1.3 GB"
// (binary units: 1 KB is 1024 bytes), one decimal unless it is ".0".
func ByteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	v, suffix := float64(n)/unit, " KB"
	for _, s := range []string{" MB", " GB", " TB"} {
		if v < unit {
			break
		}
		v, suffix = v/unit, s
	}
	text := strconv.FormatFloat(v, 'f', 1, 64)
	if len(text) > 2 && text[len(text)-2:] == ".0" {
		text = text[:len(text)-2]
	}
	return text + suffix
}

// needs is "need" after a plural (what ends in s: "the predictions") and
// "needs" after a singular ("the model").
func needs(what string) string {
	if len(what) > 0 && what[len(what)-1] == 's' {
		return "need"
	}
	return "needs"
}

// sprintTable names a k×k table for a message: "the 20000×20000 confusion
// matrix".
func sprintTable(k int) string {
	return "the " + strconv.Itoa(k) + "×" + strconv.Itoa(k) + " confusion matrix"
}

// floatBytes returns the bytes of n float64 values, or -1 (a need nothing
// meets) when that overflows.
func floatBytes(n int) int64 {
	if n < 0 || int64(n) > (1<<62)/8 {
		return -1
	}
	return 8 * int64(n)
}

// cellBytes returns the bytes of rows×cols float64 values (-1 on overflow).
func cellBytes(rows, cols int) int64 {
	if rows < 0 || cols < 0 || cols != 0 && rows > (1<<59)/cols {
		return -1
	}
	return floatBytes(rows * cols)
}
