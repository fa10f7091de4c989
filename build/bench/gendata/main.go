// Command gendata writes the benchmark's synthetic data sets to
// build/bench/data/ (run once; the files are committed so that every
// implementation, in every language, trains on the same bits):
//
//		go run ./build/bench/gendata [-out build/bench/data]
//
//	  - spiral.csv: 1000 points of core.Generate("spiral", 1000, 0.05, 1), the
//	    same set as gt.data.builtin('spiral', { n: 1000, noise: 0.05, seed: 1 });
//	    two interleaved arms, label 0/1.
//	  - blobs.csv: three Gaussian blobs in 4-D, 1000 points (334/333/333),
//	    centres drawn uniformly in [-3, 3]^4, unit standard deviation, seed 7;
//	    label 0/1/2; rows shuffled.
//
// Numbers are written with %.6g, so the files are small and exact to float32.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/gotrain/gotrain/core"
)

func main() {
	out := flag.String("out", "build/bench/data", "output directory")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}

	sp, err := core.Generate("spiral", 1000, 0.05, 1)
	if err != nil {
		log.Fatal(err)
	}
	n, _ := sp.X.Dims()
	rows := make([][]float64, n)
	labels := make([]int, n)
	for i := range n {
		rows[i] = []float64{sp.X.At(i, 0), sp.X.At(i, 1)}
		labels[i] = int(sp.Y.At(i, 0))
	}
	write(filepath.Join(*out, "spiral.csv"), []string{"x1", "x2"}, rows, labels)

	rng := rand.New(rand.NewPCG(7, 0xb10b5))
	const dims, classes, total = 4, 3, 1000
	centres := make([][]float64, classes)
	for c := range centres {
		centres[c] = make([]float64, dims)
		for d := range centres[c] {
			centres[c][d] = -3 + 6*rng.Float64()
		}
	}
	rows = make([][]float64, total)
	labels = make([]int, total)
	for i := range total {
		c := i * classes / total
		r := make([]float64, dims)
		for d := range r {
			r[d] = centres[c][d] + rng.NormFloat64()
		}
		rows[i], labels[i] = r, c
	}
	rng.Shuffle(total, func(i, j int) {
		rows[i], rows[j] = rows[j], rows[i]
		labels[i], labels[j] = labels[j], labels[i]
	})
	write(filepath.Join(*out, "blobs.csv"), []string{"x1", "x2", "x3", "x4"}, rows, labels)
}

func write(path string, names []string, rows [][]float64, labels []int) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for _, n := range names {
		fmt.Fprintf(w, "%s,", n)
	}
	fmt.Fprintln(w, "label")
	for i, r := range rows {
		for _, v := range r {
			fmt.Fprintf(w, "%.6g,", v)
		}
		fmt.Fprintf(w, "%d\n", labels[i])
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s (%d rows)\n", path, len(rows))
}
