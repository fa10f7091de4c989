package core

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

type fmtStringer int

func (s fmtStringer) String() string { return fmt.Sprintf("S<%d>", int(s)) }

// TestSprintfMatchesFmt compares sprintf with fmt.Sprintf for every
// directive sprintf knows and every argument type, good and bad.
func TestSprintfMatchesFmt(t *testing.T) {
	values := []any{
		nil, "", "abc", "héllo wörld", "quote\"d\n", "\xff\xfe", true, false,
		0, 1, -1, 42, 0x10FFFF, 0x110000, math.MaxInt64, math.MinInt64, int64(1 << 40), int64(-5),
		uint64(0), uint64(65), uint64(math.MaxUint64),
		0.0, math.Copysign(0, -1), 1.0, -2.5, 0.1, 1e-4, 1e-5, 123456.0, 1e6, 1234567.0, 1e20, 1e21, 1e300,
		5e-324, math.MaxFloat64, math.Pi, math.Inf(1), math.Inf(-1), math.NaN(), 0.001, 0.30000000000000004,
		[]int{}, []int(nil), []int{2, 64}, []int{-1, 0, 1}, []string{"a", "b c"}, []string(nil),
		errors.New("boom"), fmtStringer(3), Sigmoid, MeanSquaredError, GlorotUniform,
	}
	verbs := []string{"%v", "%s", "%d", "%g", "%q", "%5v", "%-5v", "%12s", "%-12s|", "%3d", "%-8g|"}
	for _, verb := range verbs {
		for _, v := range values {
			want := fmt.Sprintf(verb, v)
			got := sprintf(verb, v)
			if typeName(v) == "?" && v != nil && got != want {
				// A type sprintf does not know (a Stringer or error is
				// fine for %v %s %q): only those directives must match.
				if !strings.ContainsAny(verb, "vsq") {
					continue
				}
			}
			if got != want {
				t.Errorf("sprintf(%q, %#v) = %q, fmt says %q", verb, v, got, want)
			}
		}
	}
	for _, c := range []struct {
		format string
		args   []any
	}{
		{"plain", nil},
		{"100%%", nil},
		{"%d%%", []any{5}},
		{"a %d b %s c %v", []any{1, "two", 3.5}},
		{"missing %d %s", []any{1}},
		{"extra %d", []any{1, 2, "x"}},
		{"%", nil},
		{"%-", []any{1}},
		{"layer %d (%s): %v", []any{3, "dense_1", errors.New("bad")}},
		{"shape %v does not match the architecture's %v", []any{[]int{2, 3}, []int{3, 2}}},
		{"ünïcode %s ✓ %d", []any{"ß", 7}},
	} {
		if got, want := sprintf(c.format, c.args...), fmt.Sprintf(c.format, c.args...); got != want {
			t.Errorf("sprintf(%q, %v) = %q, fmt says %q", c.format, c.args, got, want)
		}
	}
}

// TestErrorfWraps checks %w: the message as fmt.Errorf writes it, and
// errors.Is and errors.As seeing through it.
func TestErrorfWraps(t *testing.T) {
	base := &testWrappedError{"inner"}
	err := errorf("outer %d: %w", 2, base)
	if want := fmt.Errorf("outer %d: %w", 2, base).Error(); err.Error() != want {
		t.Errorf("errorf = %q, fmt says %q", err, want)
	}
	if !errors.Is(err, base) {
		t.Error("errors.Is does not find the wrapped error")
	}
	var target *testWrappedError
	if !errors.As(err, &target) || target != base {
		t.Error("errors.As does not find the wrapped error")
	}
	if errors.Unwrap(errorf("no wrap %v", base)) != nil {
		t.Error("errorf wraps without a w directive")
	}
	two := errorf("%w and %w", base, errCSVTooLarge)
	if !errors.Is(two, base) || !errors.Is(two, errCSVTooLarge) {
		t.Error("two %w: not both wrapped")
	}
	if want := fmt.Errorf("%w and %w", base, errCSVTooLarge).Error(); two.Error() != want {
		t.Errorf("errorf = %q, fmt says %q", two, want)
	}
	w := "%w" // not a constant: vet would refuse these on purpose
	if got, want := sprintf(w, base), fmt.Sprintf(w, base); got[:3] != want[:3] {
		t.Errorf("sprintf %%w = %q, fmt says %q", got, want)
	}
	if got, want := errorf(w, "text").Error(), fmt.Errorf(w, "text").Error(); got != want {
		t.Errorf("errorf %%w of a string = %q, fmt says %q", got, want)
	}
	// A type the formatter does not know shows as a bad directive.
	if got := sprintf("%v %d", int8(3), 1.5); got != "%!v(?=?) %!d(float64=1.5)" {
		t.Errorf("unknown types: %q", got)
	}
}

type testWrappedError struct{ s string }

func (e *testWrappedError) Error() string { return e.s }

// TestFormatDirectives type-checks core (as built for this platform and for
// js/wasm, with and without the wasmkernel tag) and checks every call of a printf-like function (a format string
// parameter followed by ...any) with a constant format: each directive must
// be one errorf and sprintf write as fmt does, for the static type of its
// argument, and the argument count must match. That, with
// TestSprintfMatchesFmt, keeps core's messages what fmt would write.
func TestFormatDirectives(t *testing.T) {
	if testing.Short() || runtime.GOOS == "js" {
		t.Skip("type-checks core from source with the go command")
	}
	for _, target := range [][3]string{{build.Default.GOOS, build.Default.GOARCH}, {"js", "wasm"}, {"js", "wasm", "wasmkernel"}} {
		ctx := build.Default
		ctx.GOOS, ctx.GOARCH = target[0], target[1]
		if target[2] != "" {
			ctx.BuildTags = []string{target[2]}
		}
		pkg, err := ctx.ImportDir(".", 0)
		if err != nil {
			t.Skipf("cannot list core's files: %v", err)
		}
		fset := token.NewFileSet()
		var files []*ast.File
		for _, name := range pkg.GoFiles {
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
		conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil), Sizes: types.SizesFor("gc", ctx.GOARCH)}
		if _, err := conf.Check("core", fset, files, info); err != nil {
			t.Skipf("cannot type-check core for %s/%s from source: %v", ctx.GOOS, ctx.GOARCH, err)
		}
		calls := 0
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fmt" {
						t.Errorf("%s: fmt.%s: core does not use fmt (see errorf.go)", fset.Position(call.Pos()), sel.Sel.Name)
					}
				}
				sig, ok := info.Types[call.Fun].Type.(*types.Signature)
				if !ok || !sig.Variadic() || sig.Params().Len() < 2 {
					return true
				}
				params := sig.Params()
				fp := params.At(params.Len() - 2)
				last, ok := params.At(params.Len() - 1).Type().(*types.Slice)
				if !ok || fp.Name() != "format" || !types.Identical(fp.Type(), types.Typ[types.String]) || !types.Identical(last.Elem(), types.NewInterfaceType(nil, nil)) {
					return true
				}
				if call.Ellipsis.IsValid() {
					return true // forwards its own format and args
				}
				fi := params.Len() - 2
				tv := info.Types[call.Args[fi]]
				if tv.Value == nil || tv.Value.Kind() != constant.String {
					t.Errorf("%s: the format is not a constant", fset.Position(call.Pos()))
					return true
				}
				calls++
				checkDirectives(t, fset.Position(call.Pos()).String(), constant.StringVal(tv.Value), call.Args[fi+1:], info)
				return true
			})
		}
		if calls < 150 {
			t.Errorf("%s/%s: only %d formatting calls found", ctx.GOOS, ctx.GOARCH, calls)
		}
	}
}

func checkDirectives(t *testing.T, pos, format string, args []ast.Expr, info *types.Info) {
	t.Helper()
	n := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && (format[i] == '-' || format[i] >= '0' && format[i] <= '9') {
			i++
		}
		if i >= len(format) {
			t.Errorf("%s: %q ends in a bare %%", pos, format)
			return
		}
		verb := format[i]
		if verb == '%' {
			continue
		}
		if !knownVerb(verb) {
			t.Errorf("%s: %q: directive %%%c is not supported by errorf", pos, format, verb)
			continue
		}
		if n >= len(args) {
			t.Errorf("%s: %q: missing argument for %%%c", pos, format, verb)
			return
		}
		tv := info.Types[args[n]]
		if !formatsLikeFmt(verb, tv.Type) {
			t.Errorf("%s: %q: %%%c of %s is not written as fmt writes it", pos, format, verb, tv.Type)
		}
		n++
	}
	if n != len(args) {
		t.Errorf("%s: %q has %d directives for %d arguments", pos, format, n, len(args))
	}
}

// formatsLikeFmt reports whether printer.value writes a value of static type
// typ for verb as fmt does.
func formatsLikeFmt(verb byte, typ types.Type) bool {
	if b, ok := typ.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		typ = types.Default(typ)
	}
	errType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	isError := types.Implements(typ, errType)
	isStringer := false
	if sel := types.NewMethodSet(typ).Lookup(nil, "String"); sel != nil {
		sig := sel.Obj().Type().(*types.Signature)
		isStringer = sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String])
	}
	if _, isIface := typ.Underlying().(*types.Interface); isIface && !isError && !isStringer {
		return false // the dynamic type decides
	}
	switch {
	case verb == 'w':
		return isError
	case isError || isStringer:
		return verb == 'v' || verb == 's' || verb == 'q'
	}
	if typ == types.Typ[types.UntypedNil] {
		return verb == 'v'
	}
	if _, named := typ.(*types.Named); named {
		return false // a defined type without String: fmt goes by its kind, errorf does not
	}
	if b, ok := typ.(*types.Basic); ok {
		switch b.Kind() {
		case types.String:
			return verb == 'v' || verb == 's' || verb == 'q'
		case types.Bool:
			return verb == 'v'
		case types.Int, types.Int64, types.Uint64:
			return verb == 'v' || verb == 'd'
		case types.Float64:
			return verb == 'v' || verb == 'g'
		}
		return false
	}
	if s, ok := typ.(*types.Slice); ok {
		switch {
		case types.Identical(s.Elem(), types.Typ[types.Int]):
			return verb == 'v' || verb == 'd'
		case types.Identical(s.Elem(), types.Typ[types.String]):
			return verb == 'v' || verb == 's' || verb == 'q'
		}
	}
	return false
}

// TestCoreAvoidsFmtAndJSON keeps fmt, encoding/json, encoding/csv,
// encoding/binary (which imports reflect) and reflect out of core's non-test
// files: the WebAssembly build links what
// core imports (see build/wasmsize.sh). One use of encoding/json remains,
// the type json.RawMessage of TfjsArtifacts' and TfjsWeightSpec's fields
// (their exported API); it costs encoding/json's package initialisation,
// about 7 KB of the module with brotli, and no function of it.
func TestCoreAvoidsFmtAndJSON(t *testing.T) {
	banned := []string{`"fmt"`, `"encoding/json"`, `"encoding/csv"`, `"encoding/binary"`, `"reflect"`}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			for _, b := range banned {
				if imp.Path.Value != b {
					continue
				}
				if b != `"encoding/json"` || imp.Name != nil {
					t.Errorf("%s imports %s", path, b)
					continue
				}
				ast.Inspect(f, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok {
						if id, ok := sel.X.(*ast.Ident); ok && id.Name == "json" && sel.Sel.Name != "RawMessage" {
							t.Errorf("%s uses json.%s (only the type json.RawMessage may stay)", path, sel.Sel.Name)
						}
					}
					return true
				})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
