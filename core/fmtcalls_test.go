package core

import (
	"go/ast"
	"go/build"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// fmtlitePath is the import path of the stand-in for fmt.
const fmtlitePath = "github.com/gotrain/gotrain/core/internal/fmtlite"

// corePackages returns the directories of core and of its packages (those
// with Go files), relative to core.
func corePackages(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") && !slices.Contains(dirs, filepath.Dir(path)) {
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// TestFormatDirectives type-checks core and every package of core that uses
// the stand-in for fmt (as built for this platform and for js/wasm, with and
// without the wasmkernel tag) and checks every call of a printf-like function
// (a format string parameter followed by ...any) with a constant format: each
// directive must be one fmtlite writes as fmt does, for the static type of
// its argument, and the argument count must match. That, with fmtlite's
// TestSprintfMatchesFmt, keeps the messages what fmt would write.
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
		calls := 0
		for _, dir := range corePackages(t) {
			pkg, err := ctx.ImportDir(dir, 0)
			if err != nil {
				continue // no files for this target
			}
			if dir != "." && !slices.Contains(pkg.Imports, fmtlitePath) {
				continue
			}
			calls += checkFormatCalls(t, ctx, dir, pkg)
		}
		if calls < 150 {
			t.Errorf("%s/%s: only %d formatting calls found", ctx.GOOS, ctx.GOARCH, calls)
		}
	}
}

// checkFormatCalls type-checks the package in dir and checks its formatting
// calls, returning how many it found.
func checkFormatCalls(t *testing.T, ctx build.Context, dir string, pkg *build.Package) int {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range pkg.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil), Sizes: types.SizesFor("gc", ctx.GOARCH)}
	if _, err := conf.Check(pkg.Name, fset, files, info); err != nil {
		t.Skipf("cannot type-check %s for %s/%s from source: %v", dir, ctx.GOOS, ctx.GOARCH, err)
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
					t.Errorf("%s: fmt.%s: core does not use fmt (see core/internal/fmtlite)", fset.Position(call.Pos()), sel.Sel.Name)
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
	return calls
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
		if !fmtlite.KnownVerb(verb) {
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

// formatsLikeFmt reports whether fmtlite writes a value of static type
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
// encoding/binary (which imports reflect) and reflect out of the non-test
// files of core and its packages: the WebAssembly build links what they
// import (see build/wasmsize.sh); core/internal holds the stand-ins.
func TestCoreAvoidsFmtAndJSON(t *testing.T) {
	banned := []string{`"fmt"`, `"encoding/json"`, `"encoding/csv"`, `"encoding/binary"`, `"reflect"`}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if slices.Contains(banned, imp.Path.Value) {
				t.Errorf("%s imports %s", path, imp.Path.Value)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
