package core_test

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// allocsIn counts the heap allocations made by one call of f, after a
// warm-up call, whose call stack passes through f itself or through the
// core package: the allocations of the code under test, and no others.
//
// testing.AllocsPerRun cannot tell them apart: it reads runtime.MemStats,
// whose Mallocs count the whole process, and the runtime now and then
// makes a small allocation of its own that belongs to no goroutine's call
// stack (measured: a busy loop that allocates nothing, timed that way, shows
// one in about 300 windows of a few milliseconds on a loaded machine). So
// allocsIn samples every allocation (MemProfileRate 1) and reads the heap
// profile, which records the stack of each. That also names the culprit
// when there is one: this test once failed about one run in ten because
// adaptIfNeeded asserted the first layer to an interface on every step,
// and the runtime fills a type assertion's cache at random moments, with
// an allocation (see Sequential.setAdapter).
//
// The caller must not run in parallel with other tests: the sampling rate
// is process-wide.
func allocsIn(t testing.TB, f func()) (own int64, process uint64) {
	t.Helper()
	defer func(rate int) { runtime.MemProfileRate = rate }(runtime.MemProfileRate)
	runtime.MemProfileRate = 1
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	name := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()

	f() // warm up
	before := ownAllocs(name)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	process = ms.Mallocs
	f()
	runtime.ReadMemStats(&ms)
	process = ms.Mallocs - process
	return ownAllocs(name) - before, process
}

// ownAllocs sums, over the heap profile, the objects allocated under a
// frame of the function called name or of package core. A collection
// publishes the samples made before it, unless it overlapped another one,
// so ownAllocs collects until two readings agree.
func ownAllocs(name string) int64 {
	last := int64(-1)
	for range 10 {
		runtime.GC()
		n := ownAllocsPublished(name)
		if n == last {
			return n
		}
		last = n
	}
	panic("core_test: the heap profile did not settle in 10 collections")
}

func ownAllocsPublished(name string) int64 {
	var recs []runtime.MemProfileRecord
	for {
		n, ok := runtime.MemProfile(recs, true)
		if ok {
			recs = recs[:n]
			break
		}
		recs = make([]runtime.MemProfileRecord, n+64)
	}
	var sum int64
	for i := range recs {
		if stackIsOwn(recs[i].Stack(), name) {
			sum += recs[i].AllocObjects
		}
	}
	return sum
}

const corePrefix = "github.com/gotrain/gotrain/core."

func stackIsOwn(stk []uintptr, name string) bool {
	frames := runtime.CallersFrames(stk)
	for {
		fr, more := frames.Next()
		if fr.Function == name || strings.HasPrefix(fr.Function, corePrefix) {
			return true
		}
		if !more {
			return false
		}
	}
}

// TestAllocsInCounts checks the counter itself: it sees allocations made by
// core and by the measured function, in the number made, and none when
// nothing is allocated.
func TestAllocsInCounts(t *testing.T) {
	net := gtKerasNet(t)
	m := net.model(t, 1)
	var sink *[64]float64
	tests := []struct {
		name string
		f    func()
		want int64
	}{
		{"nothing", func() {}, 0},
		{"three arrays here", func() {
			for range 3 {
				sink = new([64]float64)
			}
		}, 3},
		{"core's Predict", func() {
			if _, err := m.Predict(net.xs[0]); err != nil {
				t.Fatal(err)
			}
		}, -1}, // at least one
	}
	_ = sink
	for _, tc := range tests {
		got, _ := allocsIn(t, tc.f)
		switch {
		case tc.want < 0 && got < 1:
			t.Errorf("%s: got %d allocations, want at least 1", tc.name, got)
		case tc.want >= 0 && got != tc.want:
			t.Errorf("%s: got %d allocations, want %d", tc.name, got, tc.want)
		}
	}
}
