package core

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

func dsColumn(v ...float64) *mat.Dense { return mat.NewDense(len(v), 1, v) }

func TestOneHot(t *testing.T) {
	tests := []struct {
		name       string
		labels     *mat.Dense
		numClasses int
		want       []float64 // row-major; nil when an error is expected
		wantErr    string
	}{
		{"three classes", dsColumn(0, 2, 1, 2), 3, []float64{1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1}, ""},
		{"more classes than seen", dsColumn(1, 0), 4, []float64{0, 1, 0, 0, 1, 0, 0, 0}, ""},
		{"one class", dsColumn(0, 0), 1, []float64{1, 1}, ""},
		{"negative zero", dsColumn(math.Copysign(0, -1)), 2, []float64{1, 0}, ""},
		{"out of range", dsColumn(0, 1, 3), 3, nil, "one-hot: row 2: label 3 is out of range for 3 classes (want 0..2)"},
		{"fraction", dsColumn(0, 1.5), 3, nil, "one-hot: row 1: label 1.5 is not a class index"},
		{"negative", dsColumn(-1), 3, nil, "one-hot: row 0: label -1 is not a class index"},
		{"NaN", dsColumn(0, math.NaN()), 3, nil, "one-hot: row 1: label NaN is not a class index"},
		{"Inf", dsColumn(math.Inf(1)), 3, nil, "one-hot: row 0: label +Inf is not a class index"},
		{"huge", dsColumn(1e12), 3, nil, "one-hot: row 0: label 1e+12 is not a class index (an integer from 0 to 65535)"},
		{"zero classes", dsColumn(0), 0, nil, "one-hot: number of classes must be between 1 and 65536, got 0"},
		{"too many classes", dsColumn(0), MaxClasses + 1, nil, "one-hot: number of classes must be between 1 and 65536, got 65537"},
		{"two columns", mat.NewDense(1, 2, []float64{0, 1}), 2, nil, "one-hot: labels have 2 columns, want 1"},
		{"nil", nil, 2, nil, "one-hot: no labels"},
		{"empty", &mat.Dense{}, 2, nil, "one-hot: no labels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := OneHot(tt.labels, tt.numClasses)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("error = %v, want none", err)
			}
			rows, _ := tt.labels.Dims()
			want := mat.NewDense(rows, tt.numClasses, tt.want)
			if !thDenseEqual(got, want) {
				t.Errorf("got\n%v\nwant\n%v", thDenseString(got, false), thDenseString(want, false))
			}
		})
	}
}

func TestOneHotTooLarge(t *testing.T) {
	labels := mat.NewDense(maxOneHotCells/MaxClasses+1, 1, nil)
	_, err := OneHot(labels, MaxClasses)
	if err == nil || !strings.Contains(err.Error(), "is too large") {
		t.Errorf("error = %v, want a size error", err)
	}
}

func TestNumClasses(t *testing.T) {
	tests := []struct {
		name    string
		labels  *mat.Dense
		want    int
		wantErr string
	}{
		{"zero only", dsColumn(0, 0), 1, ""},
		{"max plus one", dsColumn(2, 0, 7, 1), 8, ""},
		{"largest allowed", dsColumn(MaxClasses - 1), MaxClasses, ""},
		{"too large", dsColumn(0, MaxClasses), 0, "classes: row 1: label 65536 is not a class index"},
		{"fraction", dsColumn(0, 1, 0.25), 0, "classes: row 2: label 0.25 is not a class index"},
		{"negative", dsColumn(-3), 0, "classes: row 0: label -3 is not a class index"},
		{"NaN", dsColumn(math.NaN()), 0, "classes: row 0: label NaN is not a class index"},
		{"two columns", mat.NewDense(2, 2, nil), 0, "classes: labels have 2 columns, want 1"},
		{"nil", nil, 0, "classes: no labels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NumClasses(tt.labels)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("NumClasses = %d, %v; want error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("NumClasses = %d, %v; want %d, nil", got, err, tt.want)
			}
		})
	}
}

func ExampleOneHot() {
	labels := mat.NewDense(3, 1, []float64{2, 0, 1})
	k, _ := NumClasses(labels)
	y, err := OneHot(labels, k)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range 3 {
		fmt.Println(y.RawRowView(i))
	}
	// Output:
	// [0 0 1]
	// [1 0 0]
	// [0 1 0]
}
