package jsonlite

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// jsonlite replaces encoding/json in gotrain's packages; these tests hold it
// to encoding/json's results, byte for byte and word for word.

// jsonSamples are inputs for the differential tests and the seeds of
// FuzzJSON (testdata/fuzz/FuzzJSON has more).
var jsonSamples = []string{
	``, ` `, `null`, `true`, `false`, `0`, `-0`, `1`, `-1`, `12.5e3`, `1E+2`, `1e-400`, `1e400`, `-1e400`,
	`9223372036854775807`, `9223372036854775808`, `-9223372036854775808`, `18446744073709551615`, `18446744073709551616`,
	`0.1`, `1.0`, `5e-324`, `1.7976931348623157e308`, `123456789012345678901234567890`,
	`""`, `"abc"`, `"\u00e9\n\t\"\\\/"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00\ud83d"`, `"\ud83d\u0041"`,
	"\"\xff\xfe\"", "\"a\xc3\"", `"<&>"`, "\"\u2028\u2029\"", `"\u0000\u001f"`,
	`[]`, `[ ]`, `[1,2,3]`, `[1, [2, [3, {}]]]`, `{}`, `{ }`, `{"a":1}`, `{"a":1,"a":2}`, `{"a":{"b":[null,true]}}`,
	`{"b":1,"a":2,"A":3}`, ` {"x" : [ 1 , "y" ] } `, `{"":""}`, `{"\u0061":1,"a":2}`,
	// Invalid, one of each of the scanner's errors.
	`x`, `[1,]`, `[1 2]`, `{"a" 1}`, `{"a":1 "b":2}`, `{1:2}`, `{"a":1,}`, `"abc`, "\"a\x01\"", `"\x"`, `"\u12g4"`,
	`-`, `-a`, `01`, `1.`, `1.e3`, `1e`, `1e+`, `tru`, `trux`, `fals`, `falsx`, `nul`, `nulx`, `nx`, `tx`, `fx`,
	`[`, `{`, `{"a"`, `{"a":`, `[1`, `1 2`, `{} x`, `[]]`, `]`, `}`, `'a'`, "\xef\xbb\xbf{}", `{"a":1}}`,
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	strings.Repeat(`{"a":`, 3000) + "1" + strings.Repeat("}", 3000),
}

// checkJSONAgainstEncodingJSON compares every reader with encoding/json on
// data.
func checkJSONAgainstEncodingJSON(t *testing.T, data []byte) {
	t.Helper()
	// Validity and the syntax error.
	got := Check(data)
	var raw json.RawMessage
	werr := json.Unmarshal(data, &raw)
	var se *json.SyntaxError
	switch {
	case json.Valid(data) != (got == nil):
		t.Fatalf("%q: Check = %v, json.Valid = %v", data, got, json.Valid(data))
	case got != nil && (!errors.As(werr, &se) || se.Error() != got.Error() || se.Offset != got.Offset):
		t.Fatalf("%q: Check = %q at %d, encoding/json %v", data, got, got.Offset, werr)
	}

	// The generic decoding.
	var want any
	werr = json.Unmarshal(data, &want)
	v, err := Decode(data)
	if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
		t.Fatalf("%q: Decode error %v, encoding/json %v", data, err, werr)
	}
	if err != nil {
		return
	}
	if !reflect.DeepEqual(v, want) {
		t.Fatalf("%q: Decode = %#v, encoding/json %#v", data, v, want)
	}

	// Writing what was read: the bytes of json.Marshal, and a round trip.
	wb, werr := json.Marshal(want)
	b, err := Marshal(v)
	if werr != nil || err != nil || !bytes.Equal(b, wb) {
		t.Fatalf("%q: Marshal = %s (%v), json.Marshal %s (%v)", data, b, err, wb, werr)
	}
	back, err := Decode(b)
	if err != nil || !reflect.DeepEqual(back, v) {
		t.Fatalf("%q: round trip through %s gives %#v (%v)", data, b, back, err)
	}

	// The spans the model formats read.
	var fields map[string]json.RawMessage
	ferr := json.Unmarshal(data, &fields)
	gotFields, ok := ObjectFields(data)
	if ok != (ferr == nil && fields != nil) {
		t.Fatalf("%q: ObjectFields ok = %v, encoding/json %v %v", data, ok, fields, ferr)
	}
	if ok {
		if len(gotFields) != len(fields) {
			t.Fatalf("%q: %d fields, encoding/json %d", data, len(gotFields), len(fields))
		}
		for k, f := range fields {
			if string(gotFields[k]) != string(f) {
				t.Fatalf("%q: field %q = %s, encoding/json %s", data, k, gotFields[k], f)
			}
		}
	}
	var items []json.RawMessage
	ierr := json.Unmarshal(data, &items)
	gotItems, ok := ArrayItems(data)
	if ok != (ierr == nil && items != nil) {
		t.Fatalf("%q: ArrayItems ok = %v, encoding/json %v %v", data, ok, items, ierr)
	}
	for i := range gotItems {
		if string(gotItems[i]) != string(items[i]) {
			t.Fatalf("%q: item %d = %s, encoding/json %s", data, i, gotItems[i], items[i])
		}
	}
	if end := ValueEnd(data, 0); string(bytes.TrimSpace(data[:end])) != string(bytes.TrimSpace(data)) {
		t.Fatalf("%q: ValueEnd = %d", data, end)
	}

	// Scalars: the same value, and an error exactly where encoding/json
	// fails.
	for _, pair := range [][2]any{
		{new(int), new(int)}, {new(uint64), new(uint64)}, {new(float64), new(float64)},
		{new(bool), new(bool)}, {new(string), new(string)},
	} {
		werr := json.Unmarshal(data, pair[0])
		err := DecodeScalar(data, pair[1])
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q into %T: DecodeScalar error %v, encoding/json %v", data, pair[0], err, werr)
		}
		if err == nil && !reflect.DeepEqual(pair[0], pair[1]) {
			t.Fatalf("%q into %T: DecodeScalar %v, encoding/json %v", data, pair[0], reflect.ValueOf(pair[1]).Elem(), reflect.ValueOf(pair[0]).Elem())
		}
	}
}

func TestJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range jsonSamples {
		checkJSONAgainstEncodingJSON(t, []byte(s))
	}
}

// appender writes itself as a JSON object through the Appender interface.
type appender struct{ a, b float64 }

func (x appender) AppendJSON(w *Writer) {
	w.Raw(`{"a":`)
	w.Float(x.a)
	w.Raw(`,"b":`)
	w.Float(x.b)
	w.Raw("}")
}

func (x appender) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		A float64 `json:"a"`
		B float64 `json:"b"`
	}{x.a, x.b})
}

// TestWriterMatchesEncodingJSON writes every type Writer knows with Writer
// and with encoding/json, which must agree byte for byte.
func TestWriterMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	floats := []float64{0, math.Copysign(0, -1), 1, -1.5, 0.1, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 123456789, 1e300, 5e-324,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 1.0 / 3, 2.5e-8, 100, 1e6, 12345678901234567890}
	strs := []string{"", "abc", "<script>&amp;</script>", "\"\\/\b\f\n\r\t\x00\x1f\x7f", "\xff", "a\xc3", "é✓😀", "\u2028\u2029", "\ufffd"}
	values := []any{
		nil, true, false, 0, -3, 1 << 53, floats, []float64(nil), []float64{}, []int{3, 4}, []int(nil), strs, []string(nil),
		[]any{1.0, "x", nil, []any{}, map[string]any{}}, []any(nil), map[string]any(nil),
		map[string]any{"z": floats, "y": strs, "x": map[string]any{}, "": nil, "<": []any{}, "é": map[string]any{"b": false, "a": true}},
		appender{1, 1e-7}, []any{appender{-0.5, 1e21}},
	}
	for _, s := range strs {
		values = append(values, s, map[string]any{s: s})
	}
	for _, f := range floats {
		values = append(values, f, -f)
	}
	for _, v := range values {
		want, werr := json.Marshal(v)
		var w Writer
		w.Value(v)
		if werr != nil || w.Err != nil || string(w.B) != string(want) {
			t.Errorf("%#v:\n got: %s (%v)\nwant: %s (%v)", v, w.B, w.Err, want, werr)
		}
	}

	// What JSON cannot hold fails with encoding/json's message.
	for _, v := range []any{math.NaN(), math.Inf(1), math.Inf(-1), appender{a: math.NaN()}, []any{1.0, math.Inf(1)}} {
		_, werr := json.Marshal(v)
		_, err := Marshal(v)
		if werr == nil || err == nil || !strings.HasSuffix(werr.Error(), err.Error()) {
			t.Errorf("%#v: error %v, encoding/json %v", v, err, werr)
		}
	}
	if _, err := Marshal(struct{}{}); err == nil {
		t.Error("a type Writer does not know: no error")
	}
}

// FuzzJSON feeds arbitrary bytes to the readers and the writer, which must
// not panic and must agree with encoding/json: the same validity and
// syntax error, the same decoded value, json.Marshal's bytes when written
// back, a decoding of those bytes equal to the first, and the same spans and
// scalars. Seeds: jsonSamples and testdata/fuzz/FuzzJSON.
func FuzzJSON(f *testing.F) {
	for _, s := range jsonSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkJSONAgainstEncodingJSON(t, data)
	})
}
