package benchdata

import (
	"errors"
	"testing"
	"time"
)

// TestTimedFits checks the timed phase's rule by counts, never by speed: one
// fit with MinMs 0; with MinMs > 0 fits repeat until the summed fit time
// reaches MinMs (whatever the machine's speed, the loop stops only then),
// each on a fresh model, and the first fit's result is taken once.
func TestTimedFits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		minMs int
		sleep time.Duration
	}{
		{"min-ms 0: one fit", 0, time.Millisecond},
		{"min-ms 30: fits until 30 ms", 30, 4 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			builds, fits, firsts := 0, 0, 0
			tm, err := Flags{MinMs: tc.minMs}.TimedFits(func() (func() error, error) {
				builds++
				model := builds
				return func() error {
					if model != builds {
						return errors.New("fit on a model other than the one just built")
					}
					fits++
					time.Sleep(tc.sleep)
					return nil
				}, nil
			}, func() error {
				firsts++
				if fits != 1 {
					t.Errorf("first ran after %d fits, want 1", fits)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if tm.Fits != fits || builds != fits {
				t.Errorf("Fits %d, fits run %d, models built %d: want all equal", tm.Fits, fits, builds)
			}
			if firsts != 1 {
				t.Errorf("first called %d times, want 1", firsts)
			}
			if tc.minMs == 0 && tm.Fits != 1 {
				t.Errorf("min-ms 0: got %d fits, want 1", tm.Fits)
			}
			if tm.TrainMs < float64(tc.minMs) {
				t.Errorf("TrainMs %.1f < MinMs %d: stopped early", tm.TrainMs, tc.minMs)
			}
			// Every fit sleeps, so the summed wall time covers the sleeps.
			if min := float64(tm.Fits) * float64(tc.sleep.Milliseconds()); tm.TrainMs < min {
				t.Errorf("TrainMs %.1f < %d fits × %v: not summed over the fits", tm.TrainMs, tm.Fits, tc.sleep)
			}
		})
	}
}

func TestTimedFitsStopsAtError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	for _, tc := range []struct {
		name                 string
		buildErr, fit, first error
		wantFits             int
	}{
		{"build", boom, nil, nil, 0},
		{"fit", nil, boom, nil, 0},
		{"first", nil, nil, boom, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			builds := 0
			tm, err := Flags{MinMs: 1 << 30}.TimedFits(func() (func() error, error) {
				// An error ignored would go on fitting until MinMs: stop it here.
				if builds++; builds > 3 {
					t.Fatalf("%d models built after %v: the error did not stop the timed fits", builds, boom)
				}
				return func() error { return tc.fit }, tc.buildErr
			}, func() error { return tc.first })
			if !errors.Is(err, boom) {
				t.Errorf("err = %v, want %v", err, boom)
			}
			if tm.Fits != tc.wantFits {
				t.Errorf("Fits = %d, want %d", tm.Fits, tc.wantFits)
			}
		})
	}
}
