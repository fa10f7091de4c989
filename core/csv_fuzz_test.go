package core

import (
	"os"
	"testing"
)

func FuzzParseCSV(f *testing.F) {
	seeds := []struct {
		in    string
		label string
	}{
		{"x,y,label\n1,2,a\n3,4,b\n", ""},
		{"x,y,label\r\n1,2,a\r\n3,4,b\r\n", "x"},
		{"\uFEFFa,b\n1,2\n", ""},
		{"a,\"b,c\",d\n1,\"2\",\"x\ny\"\n", "b,c"},
		{"a,b\n1,NaN\n2,Inf\n", ""},
		{"a,b\n\n  \n1,2,3\n", ""},
		{"a,a\n1,2\n", ""},
		{"a,b\n1\"2,3\n", ""},
		{"a\n1\n", ""},
		{"", ""},
	}
	for _, s := range seeds {
		f.Add(s.in, s.label)
	}
	if b, err := os.ReadFile(dsDataFile("iris.csv")); err == nil {
		f.Add(string(b[:min(len(b), 2000)]), "species")
	}

	f.Fuzz(func(t *testing.T, in, label string) {
		d, err := ParseCSVString(in, CSVOptions{Label: label})
		if err != nil {
			if d != nil {
				t.Fatalf("got a dataset and error %v", err)
			}
			return
		}
		xr, xc := d.X.Dims()
		yr, yc := d.Y.Dims()
		if xr < 1 || xr != yr || yc != 1 {
			t.Fatalf("X is %d×%d but Y is %d×%d", xr, xc, yr, yc)
		}
		if len(d.FeatureNames) != xc {
			t.Fatalf("%d feature names for %d columns", len(d.FeatureNames), xc)
		}
		for i := range xr {
			for j := range xc {
				if v := d.X.At(i, j); v != v || v-v != 0 {
					t.Fatalf("X[%d,%d] = %v is not finite", i, j, v)
				}
			}
		}
		if d.ClassNames != nil {
			k, err := NumClasses(d.Y)
			if err != nil {
				t.Fatalf("text labels are not class indices: %v", err)
			}
			if k > len(d.ClassNames) {
				t.Fatalf("label %d out of range for %d class names", k-1, len(d.ClassNames))
			}
			seen := make(map[string]bool)
			for _, name := range d.ClassNames {
				if name == "" || seen[name] {
					t.Fatalf("class names %q: empty or repeated", d.ClassNames)
				}
				seen[name] = true
			}
		}
	})
}
