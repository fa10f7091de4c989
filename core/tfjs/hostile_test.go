package tfjs

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// hostileModel returns a model.json of a 2-4-1 Dense model with the given
// layer list and weights manifest inserted (JSON text).
func hostileModel(layers, manifest string) []byte {
	if layers == "" {
		layers = `{"class_name":"Dense","config":{"name":"d1","units":4,"batch_input_shape":[null,2]}},` +
			`{"class_name":"Dense","config":{"name":"d2","units":1}}`
	}
	if manifest == "" {
		manifest = `[{"paths":["w.bin"],"weights":[{"name":"d1/kernel","shape":[2,4],"dtype":"float32"},{"name":"d1/bias","shape":[4],"dtype":"float32"},` +
			`{"name":"d2/kernel","shape":[4,1],"dtype":"float32"},{"name":"d2/bias","shape":[1],"dtype":"float32"}]}]`
	}
	return []byte(`{"modelTopology":{"class_name":"Sequential","config":{"name":"s","layers":[` + layers +
		`]}},"weightsManifest":` + manifest + `}`)
}

// repeatJoin is n copies of s joined by commas.
func repeatJoin(s string, n int) string {
	return strings.TrimSuffix(strings.Repeat(s+",", n), ",")
}

// hostileFiles are the red team's TF.js artifacts (each under the 64 MB
// cap): junk that costs in proportion to its size unless counts and
// lengths are checked as they are read.
func hostileFiles() []struct {
	name string
	json []byte
	data []byte
	want string
} {
	const mb = 1 << 20
	spec := `{"name":"x","shape":[1],"dtype":"float32"}`
	return []struct {
		name string
		json []byte
		data []byte
		want string
	}{
		{"1M one-element weight specs", hostileModel("", `[{"paths":["w.bin"],"weights":[`+repeatJoin(spec, 1_000_000)+`]}]`), make([]byte, 4_000_000), "values"},
		{"100k Dropout layers", hostileModel(repeatJoin(`{"class_name":"Dropout","config":{"rate":0.1}}`, 100_000), "[]"), nil, "values"},
		{"a 50 MB layer name", hostileModel(`{"class_name":"Dense","config":{"name":"`+strings.Repeat("n", 50*mb)+`","units":1,"batch_input_shape":[null,2]}}`, "[]"), nil, "string"},
		{"1M shape entries", hostileModel("", `[{"paths":["w.bin"],"weights":[{"name":"x","shape":[`+repeatJoin("1", 1_000_000)+`],"dtype":"float32"}]}]`), nil, "values"},
		{"nesting 10000 deep", hostileModel("", strings.Repeat("[", 9990)+strings.Repeat("]", 9990)), nil, "weightsManifest"},
		{"4M numbers in an unknown field", []byte(`{"junk":[` + repeatJoin("0", 4_000_000) + `],` + string(hostileModel("", ""))[1:]), nil, "values"},
	}
}

// TestHostileFilesRefusedCheaply: each hostile file is refused having
// allocated at most twice its size (a wasm module's memory only grows);
// the times measured are logged (build/bench/reliability.mjs times the
// module's). Before the bounds, the million weight specs
// took 33 s and 1.5 GB here (56 s in the module), 100k Dropout layers 0.9 s
// and 150 MB.
func TestHostileFilesRefusedCheaply(t *testing.T) {
	for _, tc := range hostileFiles() {
		t.Run(tc.name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := Import(tc.json, nil, tc.data)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d bytes: refused in %v, %d bytes allocated: %v", len(tc.json), took, alloc, err)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Import: got %v, want an error about %q", err, tc.want)
			}
			// Twice the file, or 1 MB for a small one (wasm memory grows
			// by 64 KB pages; the collector's first cycle is at 4 MB).
			if limit := max(2*len(tc.json), 1<<20); alloc > uint64(limit) {
				t.Errorf("allocated %d bytes to refuse a %d-byte file, want at most %d", alloc, len(tc.json), limit)
			}
			if len(err.Error()) > 400 {
				t.Errorf("the error has %d bytes, want it cut", len(err.Error()))
			}
		})
	}
}
