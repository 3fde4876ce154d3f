package lang

func sf(group, name, kind string, arities []string, doc string, examples ...Example) *Doc {
	return &Doc{Name: name, NS: nsCore, Kind: kind, Group: group, Arities: arities, Doc: doc, Examples: examples}
}

// specialDocs are the catalogue entries of the special forms and built-in
// macros; their behaviour lives in specials.go, macros.go and control.go.
var specialDocs = []*Doc{
	sf("Definitions", "def", "special form", []string{"(def name value)", "(def name docstring value)"},
		"Binds name in the session namespace; the binding persists across evaluations. Returns the var #'user/name. A failed evaluation publishes none of its defs.",
		ex("(def x 42)", "#'user/x"), ex("(def x 10) (* x 2)", "20")),
	sf("Definitions", "defn", "macro", []string{"(defn name [params] body...)", "(defn name docstring [params] body...)", "(defn name ([params] body...) ...)"},
		"Defines a named function in the session namespace. Several arities, variadic & rest parameters and destructuring are allowed.",
		ex("(defn sq [x] (* x x)) (sq 7)", "49"), ex("(defn f ([x] (f x 1)) ([x y] (+ x y))) (f 5)", "6")),
	sf("Definitions", "defn-", "macro", []string{"(defn- name [params] body...)"}, "Same as defn (there are no private vars)."),
	sf("Definitions", "defonce", "special form", []string{"(defonce name value)"},
		"Like def, but only when name is not bound yet; the value is not evaluated otherwise. Use it to initialise state across turns.",
		ex("(defonce n 1) (defonce n 2) n", "1")),
	sf("Definitions", "declare", "special form", []string{"(declare name ...)"}, "Declares names defined later. Rarely needed: a program may refer to names its later top-level forms define.",
		ex("(declare g) (defn f [] (g)) (defn g [] 1) (f)", "1")),
	sf("Bindings", "let", "special form", []string{"(let [binding value ...] body...)"},
		"Binds names (or destructuring patterns) in sequence, then evaluates the body.",
		ex("(let [x 1 y (+ x 1)] (* x y))", "2"), ex("(let [{:keys [a b] :or {b 0}} {:a 1}] [a b])", "[1 0]")),
	sf("Functions", "fn", "special form", []string{"(fn [params] body...)", "(fn name [params] body...)", "(fn ([params] body...) ...)"},
		"Makes a function. Parameters may be destructuring patterns; & rest collects extra arguments. #(...) is short for fn with % %1 %2 %& parameters.",
		ex("((fn [x & more] [x more]) 1 2 3)", "[1 (2 3)]"), ex("(map #(* % 2) [1 2])", "[2 4]")),
	sf("Iteration", "loop", "special form", []string{"(loop [binding init ...] body...)"},
		"Binds like let and marks a recursion point for recur. No iteration cap: the step budget bounds it.",
		ex("(loop [i 0 acc 0] (if (< i 5) (recur (inc i) (+ acc i)) acc))", "10")),
	sf("Iteration", "recur", "special form", []string{"(recur exprs...)"},
		"Jumps back to the innermost loop or fn with new bindings. Must be in tail position; checked before the program runs.",
		ex("((fn [n acc] (if (zero? n) acc (recur (dec n) (* acc n)))) 5 1)", "120")),
	sf("Iteration", "for", "macro", []string{"(for [binding coll :let [...] :when test :while test ...] body)"},
		"List comprehension, eager: returns a vector. Several bindings nest (the last varies fastest).",
		ex("(for [x [1 2] y [:a :b]] [x y])", "[[1 :a] [1 :b] [2 :a] [2 :b]]"), ex("(for [x (range 6) :when (odd? x)] x)", "[1 3 5]")),
	sf("Iteration", "doseq", "macro", []string{"(doseq [binding coll ...] body...)"}, "Like for, for side effects (println, tool calls); returns nil.",
		ex("(doseq [x [1 2]] (println x))", "nil")),
	sf("Iteration", "dotimes", "macro", []string{"(dotimes [i n] body...)"}, "Evaluates body with i bound to 0..n-1; returns nil.",
		ex("(dotimes [i 2] (println i))", "nil")),
	sf("Control flow", "do", "special form", []string{"(do exprs...)"}, "Evaluates the expressions in order and returns the last.", ex("(do 1 2 3)", "3")),
	sf("Control flow", "if", "special form", []string{"(if test then)", "(if test then else)"}, "Evaluates then when test is truthy (not nil or false), else otherwise.", ex("(if 0 :yes :no)", ":yes")),
	sf("Control flow", "if-not", "macro", []string{"(if-not test then else?)"}, "if with the test negated.", ex("(if-not nil :a :b)", ":a")),
	sf("Control flow", "when", "macro", []string{"(when test body...)"}, "Evaluates body when test is truthy, else returns nil.", ex("(when (> 2 1) :big)", ":big")),
	sf("Control flow", "when-not", "macro", []string{"(when-not test body...)"}, "Evaluates body when test is falsy.", ex("(when-not false 1)", "1")),
	sf("Control flow", "cond", "macro", []string{"(cond test expr ... :else expr)"}, "Returns the expr of the first truthy test, or nil.",
		ex("(cond (< 5 0) :neg (> 5 0) :pos :else :zero)", ":pos")),
	sf("Control flow", "condp", "macro", []string{"(condp pred expr test result ... default?)"}, "Returns the result of the first test for which (pred test expr) is truthy; test :>> f passes that value to f. No match and no default is an error.",
		ex("(condp = 2 1 :one 2 :two :many)", ":two")),
	sf("Control flow", "case", "special form", []string{"(case expr const result ... default?)"}, "Dispatches on constant values (a list groups several). No match and no default is an error.",
		ex("(case 3 1 :a (2 3) :b :other)", ":b")),
	sf("Control flow", "if-let", "macro", []string{"(if-let [binding expr] then else?)"}, "Binds when expr is truthy and evaluates then; else otherwise. Destructuring allowed.",
		ex("(if-let [x (first [5])] (* x 2) :none)", "10")),
	sf("Control flow", "when-let", "macro", []string{"(when-let [binding expr] body...)"}, "Binds and evaluates body when expr is truthy.", ex("(when-let [x (get {:a 1} :a)] (inc x))", "2")),
	sf("Control flow", "if-some", "macro", []string{"(if-some [binding expr] then else?)"}, "Like if-let but only nil counts as missing (false binds).", ex("(if-some [x false] [x] :none)", "[false]")),
	sf("Control flow", "when-some", "macro", []string{"(when-some [binding expr] body...)"}, "Like when-let but only nil counts as missing.", ex("(when-some [x false] (str x))", `"false"`)),
	sf("Control flow", "when-first", "macro", []string{"(when-first [x coll] body...)"}, "Binds x to the first element when coll is not empty.", ex("(when-first [x [7 8]] x)", "7")),
	sf("Control flow", "and", "special form", []string{"(and x ...)"}, "Returns the first falsy value, or the last value; stops at the first falsy one.", ex("(and 1 nil 3)", "nil"), ex("(and 1 2)", "2")),
	sf("Control flow", "or", "special form", []string{"(or x ...)"}, "Returns the first truthy value, or the last value.", ex("(or nil false 3)", "3")),
	sf("Control flow", "comment", "special form", []string{"(comment ...)"}, "Ignores its body; returns nil.", ex("(comment (tool/x))", "nil")),
	sf("Control flow", "quote", "special form", []string{"(quote form)", "'form"}, "Returns the form unevaluated: symbols, lists and other data.", ex("'(1 2 x)", "(1 2 x)")),
	sf("Threading", "->", "macro", []string{"(-> x forms...)"}, "Threads x through the forms as their first argument.", ex("(-> 5 (- 1) (* 2))", "8")),
	sf("Threading", "->>", "macro", []string{"(->> x forms...)"}, "Threads x through the forms as their last argument.", ex("(->> [1 2 3] (map inc) (reduce +))", "9")),
	sf("Threading", "as->", "macro", []string{"(as-> expr name forms...)"}, "Threads with an explicit name for the value.", ex("(as-> 2 v (* v 10) (- 100 v))", "80")),
	sf("Threading", "cond->", "macro", []string{"(cond-> x test form ...)"}, "Threads x through each form whose test is truthy (first argument).", ex("(cond-> 1 true inc false (* 10))", "2")),
	sf("Threading", "cond->>", "macro", []string{"(cond->> x test form ...)"}, "cond-> threading as the last argument.", ex("(cond->> [1 2] true (map inc))", "[2 3]")),
	sf("Threading", "some->", "macro", []string{"(some-> x forms...)"}, "Threads like -> but stops at the first nil.", ex("(some-> {:a 1} :b inc)", "nil")),
	sf("Threading", "some->>", "macro", []string{"(some->> x forms...)"}, "Threads like ->> but stops at the first nil.", ex("(some->> [1 2] (map inc))", "[2 3]")),
	sf("Introspection", "doc", "special form", []string{"(doc name)"}, "Prints the documentation of a builtin, special form or session definition (name unquoted, quoted or as a string); returns nil.",
		ex("(doc inc)", "nil")),
	sf("Introspection", "apropos", "special form", []string{"(apropos text)"}, "Sorted names of the builtins whose name or description contains text (case-insensitive).",
		ex(`(contains? (set (apropos "upper")) "clojure.string/upper-case")`, "true")),
	sf("PTC", "return", "special form", []string{"(return value)"}, "Ends the program successfully with value (outcome return). Defs made so far are kept.", ex("(do (return 1) 2)", "1")),
	sf("PTC", "fail", "special form", []string{"(fail value)"}, "Ends the program with outcome fail and value; no defs of this evaluation are kept.", ex("(fail {:reason \"no data\"})", "error: fail")),
}

func init() {
	for _, d := range specialDocs {
		d.PTC = d.Name == "return" || d.Name == "fail"
	}
}
