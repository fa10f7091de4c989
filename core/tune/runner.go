package tune

import (
	"sync"

	"github.com/gotrain/gotrain/core"
)

// Runner runs a round's trials. Run calls run for every trial and passes
// each result to done, in any order but one call at a time; when done
// returns false it starts no more trials (those running finish and are
// passed to done too).
type Runner interface {
	Run(trials []Trial, run func(Trial) Result, done func(Result) bool)
}

// Sequential runs trials one after another, in order: the default.
type Sequential struct{}

// Run runs every trial in turn until done returns false.
func (Sequential) Run(trials []Trial, run func(Trial) Result, done func(Result) bool) {
	for _, t := range trials {
		if !done(run(t)) {
			return
		}
	}
}

// Parallel runs up to Workers trials at a time, each in a goroutine (one
// model each: trials share nothing but the read-only data). Every trial
// gives the same result as it would run alone. Workers < 1 means 1.
type Parallel struct{ Workers int }

// Run runs the trials on Workers goroutines until done returns false.
func (p Parallel) Run(trials []Trial, run func(Trial) Result, done func(Result) bool) {
	if len(trials) == 0 {
		return
	}
	jobs := make(chan Trial)
	results := make(chan Result)
	var wg sync.WaitGroup
	for range max(p.Workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range jobs {
				results <- run(t)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	next, stop := 0, false
	inFlight := 0
	for !stop && next < len(trials) && inFlight < max(p.Workers, 1) {
		jobs <- trials[next]
		next++
		inFlight++
	}
	for r := range results {
		inFlight--
		if !done(r) {
			stop = true
		}
		if !stop && next < len(trials) {
			jobs <- trials[next]
			next++
			inFlight++
		}
		if inFlight == 0 {
			break
		}
	}
	close(jobs)
	for range results { // drain (nothing is in flight)
	}
}

// Options configures Run.
type Options struct {
	// Runner runs each round's trials; nil means Sequential.
	Runner Runner
	// OnResult, when not nil, is called after every trial with its result;
	// returning false stops the search (Run returns the trials done so far).
	OnResult func(Result) bool
}

// Report is what Run returns.
type Report struct {
	// Results lists every trial that ran, best first (Search.Results).
	Results []Result
	// Stopped reports whether OnResult stopped the search.
	Stopped bool
}

// Best returns the best result (nil when no trial succeeded).
func (r *Report) Best() *Result {
	if len(r.Results) == 0 || r.Results[0].Failed() {
		return nil
	}
	b := r.Results[0]
	return &b
}

// Run searches cfg's space on the training data d (never a test set):
// every round's trials through opt.Runner, until the plan is done or
// opt.OnResult stops it. Refit trains the best setting on all of d.
func Run(d *core.Dataset, cfg Config, opt Options) (*Report, error) {
	s, err := NewSearch(cfg)
	if err != nil {
		return nil, err
	}
	runner := opt.Runner
	if runner == nil {
		runner = Sequential{}
	}
	for trials := s.Next(); trials != nil; trials = s.Next() {
		runner.Run(trials, func(t Trial) Result { return RunTrial(d, cfg, t) }, func(r Result) bool {
			_ = s.Report(r) // the runner reports each trial of the round once
			if opt.OnResult != nil && !opt.OnResult(r) {
				s.Stop()
			}
			return !s.Stopped()
		})
	}
	return &Report{Results: s.Results(), Stopped: s.Stopped()}, nil
}
