package lang

import (
	"sort"
	"strings"
	"sync"
)

// The builtin catalogue. Library files each contribute a function that
// returns their builtins; the registry indexes them by namespace. The
// catalogue is data: docs/functions.md, LLM prompts and completion lists
// are generated from it (see Catalogue).

// Canonical namespaces.
const (
	nsCore   = "clojure.core"
	nsString = "clojure.string"
	nsSet    = "clojure.set"
	nsWalk   = "clojure.walk"
	nsJSON   = "json"
)

// nsAliases maps every accepted namespace spelling to its canonical name.
var nsAliases = map[string]string{
	"clojure.core": nsCore, "core": nsCore, "regex": nsCore,
	"clojure.string": nsString, "str": nsString, "string": nsString,
	"clojure.set": nsSet, "set": nsSet,
	"clojure.walk": nsWalk, "walk": nsWalk,
	"json": nsJSON, "cheshire.core": nsJSON, "clojure.data.json": nsJSON,
	"Math": "Math", "java.lang.Math": "Math",
	"Integer": "Integer", "java.lang.Integer": "Integer",
	"Long": "Long", "java.lang.Long": "Long",
	"Double": "Double", "java.lang.Double": "Double",
	"Float": "Float", "java.lang.Float": "Float",
	"Boolean": "Boolean", "java.lang.Boolean": "Boolean",
	"String": "String", "java.lang.String": "String",
	"Character": "Character", "java.lang.Character": "Character",
	"System": "System", "java.lang.System": "System",
	"LocalDate": "LocalDate", "java.time.LocalDate": "LocalDate",
	"Instant": "Instant", "java.time.Instant": "Instant",
	"Duration": "Duration", "java.time.Duration": "Duration",
	"Period": "Period", "java.time.Period": "Period",
}

// libraries lists the library constructors; each lives in its own file.
var libraries = []func() []*Builtin{
	coreLib, seqLib, collLib, mapLib, stringLib, regexLib, mathLib,
	setLib, walkLib, jsonLib, ptcLib, interopLib, predLib,
}

type registry struct {
	byNS      map[string]map[string]*Builtin // canonical ns -> name -> builtin
	bare      map[string]*Builtin            // unqualified names
	methods   map[string]*Builtin            // ".name" without the dot
	ctors     map[string]*Builtin            // "java.util.Date."
	all       []*Builtin
	bareNames []string
}

var theRegistry = sync.OnceValue(newRegistry)

func newRegistry() *registry {
	r := &registry{
		byNS:    map[string]map[string]*Builtin{},
		bare:    map[string]*Builtin{},
		methods: map[string]*Builtin{},
		ctors:   map[string]*Builtin{},
	}
	for _, lib := range libraries {
		for _, b := range lib() {
			r.add(b)
		}
	}
	for n := range r.bare {
		r.bareNames = append(r.bareNames, n)
	}
	sort.Strings(r.bareNames)
	return r
}

func (r *registry) add(b *Builtin) {
	d := b.Doc
	if d == nil {
		d = &Doc{Name: b.Name, NS: nsCore}
		b.Doc = d
	}
	if d.Kind == "" {
		d.Kind = "function"
	}
	ns := d.NS
	if ns == "" {
		ns = nsCore
		d.NS = ns
	}
	r.all = append(r.all, b)
	b.cnode = &constNode{b}
	switch d.Kind {
	case "method":
		r.methods[strings.TrimPrefix(d.Name, ".")] = b
		return
	case "constructor":
		r.ctors[d.Name] = b
		return
	}
	m := r.byNS[ns]
	if m == nil {
		m = map[string]*Builtin{}
		r.byNS[ns] = m
	}
	m[d.Name] = b
	if ns == nsCore || d.Bare {
		if _, taken := r.bare[d.Name]; !taken || ns == nsCore {
			r.bare[d.Name] = b
		}
	}
}

// core returns the builtin an unqualified name refers to, or nil.
func (r *registry) core(name string) *Builtin { return r.bare[name] }

func (r *registry) coreNames() []string { return r.bareNames }

// qualified resolves ns/name.
func (r *registry) qualified(ns, name string) (*Builtin, *Error) {
	canon, ok := nsAliases[ns]
	if !ok {
		e := Errorf(UnboundSymbol, "unknown namespace %s in %s/%s", ns, ns, name)
		e.Hint = "available namespaces: clojure.string (str), clojure.set (set), clojure.walk (walk), clojure.core (core), json, data/ (context), tool/ (tools), Math, Integer, Long, Double, LocalDate, Instant, Duration"
		return nil, e
	}
	if b := r.byNS[canon][name]; b != nil {
		return b, nil
	}
	var names []string
	for n := range r.byNS[canon] {
		names = append(names, canon+"/"+n)
	}
	sort.Strings(names)
	e := Errorf(UnboundSymbol, "%s/%s is not available", ns, name)
	if s := closest(canon+"/"+name, names); s != "" {
		e.Hint = "did you mean " + s + "? "
	}
	if len(names) > 0 {
		if len(names) > 40 {
			names = names[:40]
		}
		e.Hint += "available: " + strings.Join(names, " ")
	}
	return nil, e
}

func (r *registry) method(name string) *Builtin { return r.methods[name] }

func (r *registry) methodNames() []string {
	var out []string
	for n := range r.methods {
		out = append(out, "."+n)
	}
	sort.Strings(out)
	return out
}

func (r *registry) constructor(name string) *Builtin {
	if b := r.ctors[name]; b != nil {
		return b
	}
	return r.ctors["java.util."+name]
}

// Catalogue returns the documentation entries of every builtin, sorted by
// group and name.
func Catalogue() []*Doc { return theRegistry().catalogue() }

func (r *registry) catalogue() []*Doc {
	out := make([]*Doc, 0, len(r.all)+len(specialDocs))
	for _, b := range r.all {
		if strings.HasPrefix(b.Doc.Name, "#") {
			continue
		}
		out = append(out, b.Doc)
	}
	out = append(out, specialDocs...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Group != out[j].Group {
			return out[i].Group < out[j].Group
		}
		return out[i].NS+"/"+out[i].Name < out[j].NS+"/"+out[j].Name
	})
	return out
}

// fn is the constructor library files use for builtins.
func fn(ns, group, name string, min, max int, arities []string, doc string,
	f func(t *Thread, args []Value) Value, examples ...Example) *Builtin {
	full := name
	if ns != nsCore && ns != "" {
		full = ns + "/" + name
	}
	return &Builtin{Name: full, MinArgs: min, MaxArgs: max, Fn: f,
		Doc: &Doc{Name: name, NS: ns, Group: group, Arities: arities, Doc: doc, Examples: examples}}
}

// ex builds an Example.
func ex(code, result string) Example { return Example{Code: code, Result: result} }
