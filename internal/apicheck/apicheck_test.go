// Package apicheck holds one test that reads the source of every public
// package and checks the rules of api.md that can be checked by reading
// declarations: no exported alias of an internal type, JSON methods on every
// exported struct type, enumerations encoded by name, one name per idea.
package apicheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A struct type whose doc comment says it is "not a JSON value" (a handle
// such as a compiled event log) is exempt from the JSON rule, and must say why.

// packages lists the public packages, relative to the module root.
func packages(t *testing.T) []string {
	t.Helper()
	root := filepath.Join("..", "..")
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		base := d.Name()
		if rel != "." && (strings.HasPrefix(base, ".") || base == "testdata" || base == "internal" ||
			base == "cmd" || base == "examples" || base == "beam") {
			return filepath.SkipDir
		}
		matches, _ := filepath.Glob(filepath.Join(path, "*.go"))
		for _, m := range matches {
			if !strings.HasSuffix(m, "_test.go") {
				dirs = append(dirs, path)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

type pkgInfo struct {
	structs  map[string]token.Pos // exported struct types
	enums    map[string]token.Pos // exported integer types
	methods  map[string][]string  // receiver type → method names
	problems []string
}

func load(t *testing.T, dir string) *pkgInfo {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &pkgInfo{structs: map[string]token.Pos{}, enums: map[string]token.Pos{}, methods: map[string][]string{}}
	bad := func(pos token.Pos, format string) {
		info.problems = append(info.problems, fset.Position(pos).String()+": "+format)
	}
	for _, p := range pkgs {
		for _, f := range p.Files {
			internal := map[string]bool{}
			for _, imp := range f.Imports {
				path := strings.Trim(imp.Path.Value, `"`)
				if strings.Contains(path, "/internal/") {
					name := filepath.Base(path)
					if imp.Name != nil {
						name = imp.Name.Name
					}
					internal[name] = true
				}
			}
			for _, decl := range f.Decls {
				switch d := decl.(type) {
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						doc := d.Doc.Text()
						if ts, ok := spec.(*ast.TypeSpec); ok && ts.Doc != nil {
							doc = ts.Doc.Text()
						}
						switch s := spec.(type) {
						case *ast.TypeSpec:
							if !s.Name.IsExported() {
								continue
							}
							if s.Assign.IsValid() {
								if sel, ok := s.Type.(*ast.SelectorExpr); ok {
									if x, ok := sel.X.(*ast.Ident); ok && internal[x.Name] {
										bad(s.Pos(), "type "+s.Name.Name+" is an alias of an internal type")
									}
								}
								continue
							}
							switch ty := s.Type.(type) {
							case *ast.StructType:
								// A handle that is not data (a compiled log, a
								// worker pool) says so in its doc comment.
								if !strings.Contains(doc, "not a JSON value") {
									info.structs[s.Name.Name] = s.Pos()
								}
								checkFields(ty, s.Name.Name, bad)
							case *ast.Ident:
								if ty.Name == "int" || ty.Name == "uint8" || ty.Name == "int32" {
									info.enums[s.Name.Name] = s.Pos()
								}
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if slices.Contains(retiredSentinels, n.Name) {
									bad(n.Pos(), n.Name+" is a second name for one of api.md's sentinels")
								}
							}
						}
					}
				case *ast.FuncDecl:
					if d.Recv == nil || len(d.Recv.List) == 0 {
						continue
					}
					recv := d.Recv.List[0].Type
					if st, ok := recv.(*ast.StarExpr); ok {
						recv = st.X
					}
					if id, ok := recv.(*ast.Ident); ok {
						info.methods[id.Name] = append(info.methods[id.Name], d.Name.Name)
					}
				}
			}
		}
	}
	return info
}

// retiredSentinels are names that api.md §4 replaces by ErrEmpty,
// ErrNonFinite and the rest.
var retiredSentinels = []string{"ErrNoData", "ErrNoResponses", "ErrNotFinite", "ErrInvalid", "ErrArgument", "ErrNoPurchases", "ErrNoEvents", "ErrMismatch"}

// retiredFields are other names for a standard error (api.md §4: StdErr).
var retiredFields = []string{"SE", "SEMean", "SEUnpooled", "SEPooled", "StdError", "StandardError", "SErr"}

func checkFields(st *ast.StructType, typ string, bad func(token.Pos, string)) {
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			if id, ok := f.Type.(*ast.Ident); ok && id.IsExported() {
				bad(f.Pos(), typ+" embeds "+id.Name+": embedded structs flatten and promote methods; use a named field")
			}
			continue
		}
		for _, n := range f.Names {
			if slices.Contains(retiredFields, n.Name) {
				bad(n.Pos(), typ+"."+n.Name+": a standard error is called StdErr")
			}
		}
	}
}

func TestAPIContract(t *testing.T) {
	for _, dir := range packages(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			info := load(t, dir)
			for name, pos := range info.structs {
				m := info.methods[name]
				if strings.HasSuffix(name, "Error") {
					if name != "InputError" && !slices.Contains(m, "Unwrap") {
						t.Errorf("%v: error type %s: a bad input value is reported by InputError", pos, name)
					}
					continue
				}
				if !slices.Contains(m, "MarshalJSON") || !slices.Contains(m, "UnmarshalJSON") {
					t.Errorf("%s: struct %s has no MarshalJSON/UnmarshalJSON (api.md §1)", dir, name)
				}
				if strings.HasSuffix(name, "Options") {
					t.Errorf("%s: %s: settings structs are named Settings (api.md §3)", dir, name)
				}
			}
			for name := range info.enums {
				m := info.methods[name]
				if !slices.Contains(m, "MarshalText") || !slices.Contains(m, "UnmarshalText") || !slices.Contains(m, "String") {
					t.Errorf("%s: integer type %s needs String, MarshalText and UnmarshalText (enumerations encode by name)", dir, name)
				}
			}
			for _, p := range info.problems {
				t.Error(p)
			}
		})
	}
}
