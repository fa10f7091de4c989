package core_test

import (
	"cmp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// The memory budget (budget.go, model_memory.go): every call whose memory
// grows with its input asks before allocating, and refuses with an error
// naming the call, the need and what is left. The tests that lower the
// limit change the program's one budget, so they do not run in parallel
// (parallel tests wait until the sequential ones are done).

func TestByteSize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0 bytes"}, {812, "812 bytes"}, {1024, "1 KB"}, {1536, "1.5 KB"}, {16 << 20, "16 MB"},
		{2 << 30, "2 GB"}, {2254857830, "2.1 GB"}, {3 << 40, "3 TB"},
	} {
		if got := core.ByteSize(tc.n); got != tc.want {
			t.Errorf("ByteSize(%d): got %q, want %q", tc.n, got, tc.want)
		}
	}
}

// gtLimit sets the budget's limit to what is used now plus room, and puts
// the old limit back when the test ends.
// (The limit is at least MinMemoryLimit: a filler reservation takes what
// is over room.)
func gtLimit(t *testing.T, room int64) {
	t.Helper()
	old := core.MemoryLimit()
	limit := max(core.MemoryUsed()+room, core.MinMemoryLimit)
	if err := core.SetMemoryLimit(limit); err != nil {
		t.Fatal(err)
	}
	var filler *core.Reservation
	if extra := limit - core.MemoryUsed() - room; extra > 0 {
		var err error
		if filler, err = core.ReserveMemory("test", "the filler", extra); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		filler.Release()
		_ = core.SetMemoryLimit(old)
	})
}

// gtAllocated returns the bytes f allocates and its error.
func gtAllocated(f func() error) (uint64, error) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, err
}

// gtSettle lets the garbage collector release the memory of the models
// earlier tests dropped, so that MemoryUsed stays put during a test.
func gtSettle() {
	last, same := int64(-1), 0
	for range 100 {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
		if u := core.MemoryUsed(); u != last {
			last, same = u, 0
		} else if same++; same == 2 {
			return
		}
	}
}

// TestBudgetRefusesBeforeAllocating is the table of calls sized by their
// input, each asked for more than the limit: each must refuse with an
// error naming the call and the need, having allocated next to nothing,
// and at once (the red-team's confusionMatrix of 20,000 classes ran 20 s
// and killed the module). prep builds what the call needs outside the
// measurement and returns the call.
func TestBudgetRefusesBeforeAllocating(t *testing.T) {
	wide := func(t *testing.T) *core.Sequential {
		m := gtModel(t, 1, 1, gtLayer{4096, core.ReLU})
		gtCompile(t, m, gtOptimizer(t, "adam", 0), core.MeanSquaredError)
		return m
	}
	col := func(n int) *mat.Dense { return mat.NewDense(n, 1, nil) }
	calls := []struct {
		name string
		room int64 // above what is used
		prep func(t *testing.T) func() error
		want string
		most int64 // the most the call may allocate before refusing; 0: room
	}{
		{"build an 8000×8000 layer", 16 << 20, func(t *testing.T) func() error {
			m, l := core.NewSequential(1), gtDense(t, core.DenseConfig{Units: 8000, InputDim: 8000})
			return func() error { return m.Add(l) }
		}, "add: build: the model needs 976.7 MB (64M parameters) but", 0},
		{"fit a model whose Adam state does not fit", 4 << 20, func(t *testing.T) func() error {
			m := gtModel(t, 1, 700, gtLayer{1000, core.Linear}) // 701K parameters: 10.7 MB built
			gtCompile(t, m, gtOptimizer(t, "adam", 0), core.MeanSquaredError)
			x, y := mat.NewDense(2, 700, nil), mat.NewDense(2, 1000, nil)
			return func() error { _, err := m.Fit(x, y, core.FitConfig{Epochs: 1, BatchSize: 2}); return err }
		}, "fit: the model needs 26.9 MB (701K parameters with adam, batches of 2 rows) but", 0},
		{"predict 3000 rows of 4096 outputs", 64 << 20, func(t *testing.T) func() error {
			m, x := wide(t), col(3000)
			return func() error { _, err := m.Predict(x); return err }
		}, "predict: the predictions need 93.8 MB but", 0},
		{"layerOutputs of 3000 rows", 64 << 20, func(t *testing.T) func() error {
			m, x := wide(t), col(3000)
			return func() error { _, err := m.LayerOutputs(x); return err }
		}, "layerOutputs: the layers' outputs need 93.8 MB but", 0},
		{"trainOnBatch of 3000 rows", 16 << 20, func(t *testing.T) func() error {
			m, x, y := wide(t), col(3000), mat.NewDense(3000, 4096, nil)
			return func() error { _, err := m.TrainOnBatch(x, y); return err }
		}, "trainOnBatch: the model needs 656.6 MB (8192 parameters with adam, batches of 3000 rows) but", 0},
		{"confusionMatrix of 20000 classes", 16 << 20, func(*testing.T) func() error {
			return func() error { _, err := core.ConfusionMatrix([]int{0, 1}, []int{0, 1}, 20000); return err }
		}, "confusionMatrix: the 20000×20000 confusion matrix needs 3 GB but", 0},
		{"evaluateReport of 20000 classes", 16 << 20, func(t *testing.T) func() error {
			m := gtModel(t, 1, 2, gtLayer{1, core.Sigmoid})
			gtCompile(t, m, gtOptimizer(t, "adam", 0), core.BinaryCrossentropy)
			x, y := mat.NewDense(2, 2, nil), col(2)
			return func() error { _, err := m.EvaluateReport(x, y, 20000); return err }
		}, "evaluateReport: the report needs 6 GB but", 0},
		{"report of a 2000×2000 matrix", 1 << 20, func(*testing.T) func() error {
			conf := make([][]int, 2000)
			for i := range conf {
				conf[i] = make([]int, 2000)
			}
			return func() error { _, err := core.Report(conf); return err }
		}, "report: a copy of the 2000×2000 confusion matrix needs 30.6 MB but", 0},
		{"oneHot of 3000 labels × 1000 classes", 16 << 20, func(*testing.T) func() error {
			x := col(3000)
			return func() error { _, err := core.OneHot(x, 1000); return err }
		}, "one-hot: the encoded labels need 22.9 MB but", 0},
		{"generate a million examples", 16 << 20, func(*testing.T) func() error {
			return func() error { _, err := core.Generate("circle", 1_000_000, 0, 1); return err }
		}, "generate: the dataset needs 22.9 MB but", 0},
		{"split 3000 rows", 64 << 10, func(*testing.T) func() error {
			d := &core.Dataset{X: mat.NewDense(3000, 2, nil), Y: col(3000)}
			return func() error { _, _, err := core.Split(d, core.SplitOptions{TestFraction: 0.2}); return err }
		}, "split: the two parts need 117.2 KB but", 0},
		{"parseCSV of 600,000 rows", 4 << 20, func(*testing.T) func() error {
			text := "a,b,c,d\n" + strings.Repeat("1,2,3,4\n", 600_000)
			return func() error { _, err := core.ParseCSVString(text, core.CSVOptions{}); return err }
		}, "parseCSV: the rows need", 40 << 20}, // reading allocates each record's text, garbage at once
		{"trace of a 1000×1000 layer", 1 << 20, func(t *testing.T) func() error {
			m := gtModel(t, 1, 1000, gtLayer{1000, core.Linear})
			gtCompile(t, m, gtOptimizer(t, "adam", 0), core.MeanSquaredError)
			x, y := make([]float64, 1000), make([]float64, 1000)
			return func() error { _, err := m.Trace(x, y); return err }
		}, "trace: the trace needs 53.5 MB but", 0},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			call := tc.prep(t)
			gtSettle()
			gtLimit(t, tc.room)
			start := time.Now()
			allocated, err := gtAllocated(call)
			took := time.Since(start)
			if err == nil {
				t.Fatalf("no error, want one containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "memory limit is left") {
				t.Errorf("error %q, want it to contain %q and what is left", err, tc.want)
			}
			// What was refused was always more than the room; the call
			// allocates what it reads (parseCSV: the rows within it).
			if most := cmp.Or(tc.most, tc.room); int64(allocated) > most {
				t.Errorf("allocated %s before refusing, want the refusal first", core.ByteSize(int64(allocated)))
			}
			t.Logf("refused in %v after %s: %v", took.Round(time.Microsecond), core.ByteSize(int64(allocated)), err)
		})
	}
}

// TestModelsTogetherCount is the red-team's sequence: two big models, then
// a third small one's trainOnBatch. Each model's memory counts until it is
// released, so the second big one's training is refused (rather than the
// module dying), the small one trains, and releasing the first makes room.
func TestModelsTogetherCount(t *testing.T) {
	big := func() *core.Sequential {
		m := gtModel(t, 1, 1000, gtLayer{1000, core.Linear}) // 1M parameters: 15.3 MB built, 38.2 MB training with Adam
		gtCompile(t, m, gtOptimizer(t, "adam", 0), core.MeanSquaredError)
		return m
	}
	x, y := mat.NewDense(4, 1000, nil), mat.NewDense(4, 1000, nil)
	gtSettle()
	gtLimit(t, 60<<20)
	a := big()
	if _, err := a.TrainOnBatch(x, y); err != nil {
		t.Fatalf("first model: %v", err)
	}
	if a.MemoryBytes() < 38<<20 {
		t.Errorf("the trained model holds %s, want at least 38 MB", core.ByteSize(a.MemoryBytes()))
	}
	b := big()
	_, err := b.TrainOnBatch(x, y)
	if err == nil || !strings.Contains(err.Error(), "trainOnBatch: the model needs") {
		t.Fatalf("second model's training: got %v, want the budget's refusal", err)
	}
	small := gtBinaryModel(t, 1)
	if _, err := small.TrainOnBatch(mat.NewDense(4, 2, nil), mat.NewDense(4, 1, nil)); err != nil {
		t.Fatalf("a small model: %v", err)
	}
	used := core.MemoryUsed()
	a.ReleaseMemory()
	if got := used - core.MemoryUsed(); got < 38<<20 || a.MemoryBytes() != 0 {
		t.Errorf("releasing the first model gave back %s, want its 38 MB", core.ByteSize(got))
	}
	if _, err := b.TrainOnBatch(x, y); err != nil {
		t.Fatalf("second model after the first is released: %v", err)
	}
	b.ReleaseMemory()
	small.ReleaseMemory()
}

// TestCollectedModelsReleaseTheirMemory checks that a model the garbage
// collector frees gives its memory back without ReleaseMemory.
func TestCollectedModelsReleaseTheirMemory(t *testing.T) {
	gtSettle()
	base := core.MemoryUsed()
	func() {
		m := gtModel(t, 1, 500, gtLayer{500, core.Linear})
		if core.MemoryUsed()-base < 3<<20 {
			t.Fatalf("used after a model of 250K parameters: got %s more", core.ByteSize(core.MemoryUsed()-base))
		}
		runtime.KeepAlive(m)
	}()
	gtSettle()
	if got := core.MemoryUsed(); got > base {
		t.Errorf("used after the model was collected: got %s more, want none", core.ByteSize(got-base))
	}
}

func TestSetMemoryLimit(t *testing.T) {
	old := core.MemoryLimit()
	defer func() { _ = core.SetMemoryLimit(old) }()
	if err := core.SetMemoryLimit(1 << 20); err == nil || !strings.Contains(err.Error(), "at least 16 MB") {
		t.Errorf("SetMemoryLimit(1 MB): got %v, want an error", err)
	}
	if err := core.SetMemoryLimit(64 << 20); err != nil || core.MemoryLimit() != 64<<20 {
		t.Errorf("SetMemoryLimit(64 MB): got %v and limit %d", err, core.MemoryLimit())
	}
	if core.DefaultMemoryLimit != 2<<30 || old != core.DefaultMemoryLimit {
		t.Errorf("the default limit: got %d (and %d at the start), want 2 GB", core.DefaultMemoryLimit, old)
	}
}

// TestReservationsConcurrent grows and releases reservations from many
// goroutines: what is used never passes the limit and ends where it began.
func TestReservationsConcurrent(t *testing.T) {
	gtSettle()
	gtLimit(t, 1<<20)
	base := core.MemoryUsed()
	limit := core.MemoryLimit()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				r, err := core.ReserveMemory("test", "a block", int64(1+(g*7+i)%5000))
				if err == nil {
					if used := core.MemoryUsed(); used > limit {
						t.Errorf("used %d over the limit %d", used, limit)
					}
					_ = r.Grow("test", "a block", r.Bytes()+100)
					r.Release()
				}
			}
		}()
	}
	wg.Wait()
	if got := core.MemoryUsed(); got != base {
		t.Errorf("used after all releases: got %d, want %d", got, base)
	}
}
