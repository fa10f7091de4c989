// Package benchdata loads the benchmark workloads for the Go programs of
// build/bench (native gotrain and the tight reference loop). The JavaScript
// side has the same definitions in build/bench/lib/workloads.mjs: keep the two
// in step.
package benchdata

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Workload is one benchmark task: a data file and the MLP trained on it.
type Workload struct {
	Name   string
	File   string  // relative to the repository root
	In     int     // features
	Hidden []int   // ReLU hidden layers
	Out    int     // 1: sigmoid + binary cross-entropy; >1: softmax + categorical cross-entropy
	Scale  float64 // features are multiplied by this on load
}

// Workloads are the three tasks, by name.
var Workloads = map[string]Workload{
	"spiral": {Name: "spiral", File: "build/bench/data/spiral.csv", In: 2, Hidden: []int{64, 64}, Out: 1, Scale: 1},
	"blobs":  {Name: "blobs", File: "build/bench/data/blobs.csv", In: 4, Hidden: []int{32}, Out: 3, Scale: 1},
	"digits": {Name: "digits", File: "www/data/digits.csv", In: 64, Hidden: []int{128}, Out: 10, Scale: 1.0 / 16},
}

// Classes is the number of classes (2 for the sigmoid output).
func (w Workload) Classes() int { return max(w.Out, 2) }

// Data is a loaded workload: N rows of In features (row-major) and a class
// index per row.
type Data struct {
	N      int
	X      []float64
	Labels []int
}

// Targets returns the training targets, N×Out row-major: the 0/1 label for
// one output, one-hot rows otherwise.
func (w Workload) Targets(d *Data) []float64 {
	y := make([]float64, d.N*w.Out)
	for i, c := range d.Labels {
		if w.Out == 1 {
			y[i] = float64(c)
		} else {
			y[i*w.Out+c] = 1
		}
	}
	return y
}

// Load reads the workload's CSV (header row, label in the last column) from
// under root.
func Load(root string, w Workload) (*Data, error) {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(w.File)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	d := &Data{}
	first := true
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if first {
			first = false
			continue
		}
		cells := strings.Split(line, ",")
		if len(cells) != w.In+1 {
			return nil, fmt.Errorf("%s: row %d has %d cells, want %d", w.File, d.N+2, len(cells), w.In+1)
		}
		for _, c := range cells[:w.In] {
			v, err := strconv.ParseFloat(c, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", w.File, err)
			}
			d.X = append(d.X, v*w.Scale)
		}
		l, err := strconv.Atoi(cells[w.In])
		if err != nil || l < 0 || l >= w.Classes() {
			return nil, fmt.Errorf("%s: bad label %q", w.File, cells[w.In])
		}
		d.Labels = append(d.Labels, l)
		d.N++
	}
	return d, sc.Err()
}
