package lang

import (
	"strings"
	"testing"
)

// mpEval evaluates src in a fresh session and returns the pr-str of the
// value, or "error: kind".
func mpEval(t *testing.T, src string, opts Options) string {
	t.Helper()
	r := NewSession().Eval(src, opts)
	if r.Error != nil {
		return "error: " + string(r.Error.Kind)
	}
	return PrStr(r.Value)
}

type mpCase struct{ src, want string }

func mpRun(t *testing.T, cases []mpCase) {
	t.Helper()
	for _, c := range cases {
		if got := mpEval(t, c.src, Options{}); got != c.want {
			r := NewSession().Eval(c.src, Options{})
			t.Errorf("%s\n  got  %s\n  want %s\n  (%v)", c.src, got, c.want, r.Error)
		}
	}
}

func TestMpMaps(t *testing.T) {
	mpRun(t, []mpCase{
		// get
		{"(get {:a 1 :b 2} :a)", "1"},
		{"(get {:a 1} :missing)", "nil"},
		{"(get {:a 1} :missing :default)", ":default"},
		{`(get {"a" 1} :a)`, "1"},
		{`(get {:a 1} "a")`, "1"},
		{`(get {"first_name" "x"} :first-name)`, `"x"`},
		{`(get {:a 9 "a" 1} :a)`, "9"},
		{`(get {:a 9 "a" 1} "a")`, "1"},
		{"(get [10 20 30] 1)", "20"},
		{"(get [10 20 30] 5 :d)", ":d"},
		{"(get [10 20 30] -1)", "nil"},
		{`(get "abc" 1)`, `"b"`},
		{`(get "abc" :a)`, "nil"},
		{"(get #{1 2} 2)", "2"},
		{"(get #{nil} nil :x)", "nil"},
		{"(get nil :a)", "nil"},
		{"(get 1 2)", "nil"},
		{"(get {:a 1})", "error: arity_error"},
		// get-in
		{"(get-in {:a {:b 2}} [:a :b])", "2"},
		{"(get-in [1 2 3] [10])", "nil"},
		{"(get-in [[1 2]] [0 5])", "nil"},
		{"(get-in [1 2 3] [-1])", "nil"},
		{"(get-in [1 2 3] [0] :default)", "1"},
		{"(get-in {:a nil} [:a] :missing)", "nil"},
		{"(get-in {:a nil} [:a :b] :missing)", ":missing"},
		{"(get-in [nil :b] [0] :missing)", "nil"},
		{`(get-in "ab" [0])`, `"a"`},
		{"(get-in #{:a} [:b] :missing)", ":missing"},
		{"(get-in #{nil} [nil] :missing)", "nil"},
		{"(get-in {:a 1} nil)", "{:a 1}"},
		{"(get-in {:a 1} [])", "{:a 1}"},
		{`(get-in {"user" {"e_mail" "x"}} [:user :e-mail])`, `"x"`},
		{"(get-in {:results [{:title \"A\"}]} [:results 0 :title])", `"A"`},
		{"(get-in {:a 1} 5)", "error: type_error"},
		// assoc
		{"(assoc {:a 1} :b 2)", "{:a 1, :b 2}"},
		{"(assoc {} :a 1)", "{:a 1}"},
		{"(assoc nil :a 1 :b 2)", "{:a 1, :b 2}"},
		{"(assoc [1 2 3] 1 5)", "[1 5 3]"},
		{"(assoc [] 0 1)", "[1]"},
		{"(assoc [10 20 30] 3 99)", "[10 20 30 99]"},
		{"(assoc [10 20 30] 5 99)", "error: index_error"},
		{"(assoc [10 20 30] -1 99)", "error: index_error"},
		{"(assoc [10 20 30] :a 99)", "error: type_error"},
		{"(assoc [10 20 30] 1 :a 3 :b)", "[10 :a 30 :b]"},
		{"(assoc {})", "error: arity_error"},
		{"(assoc {} :a)", "error: arity_error"},
		{"(assoc {} :a 1 :b)", "error: arity_error"},
		{`(assoc "abc" 0 "x")`, "error: type_error"},
		{"(assoc '(1 2) 0 5)", "error: type_error"},
		{"(assoc #{1} 0 5)", "error: type_error"},
		{`(assoc {"a" 1} :a 2)`, `{"a" 1, :a 2}`}, // assoc is exact, as in Clojure
		{`(assoc {:a 1 "a" 2} "a" 3)`, `{:a 1, "a" 3}`},
		// assoc-in
		{"(assoc-in [1 2 3] [1] 99)", "[1 99 3]"},
		{"(assoc-in [[1 2] [3 4]] [0 1] 99)", "[[1 99] [3 4]]"},
		{"(assoc-in {:a {:b 1}} [:a :b] 2)", "{:a {:b 2}}"},
		{"(assoc-in {} [:user :name] \"Bob\")", `{:user {:name "Bob"}}`},
		{"(assoc-in {:a 1} [] 2)", "{:a 1, nil 2}"},
		{"(assoc-in {} [] 1)", "{nil 1}"},
		{"(assoc-in {:a 1} nil 2)", "{:a 1, nil 2}"},
		{"(assoc-in nil [:a :b] 1)", "{:a {:b 1}}"},
		{"(assoc-in {:a 1} [:a :b] 2)", "error: type_error"},
		{"(assoc-in [] [3] 1)", "error: index_error"},
		{`(assoc-in {"user" {"name" "A" "age" 3}} [:user :name] "B")`, `{"user" {"name" "B", "age" 3}}`},
		// dissoc
		{"(dissoc {:a 1 :b 2} :a)", "{:b 2}"},
		{"(dissoc {:a 1 :b 2} :a :b)", "{}"},
		{"(dissoc {:a 1})", "{:a 1}"},
		{"(dissoc nil :a)", "nil"},
		{`(dissoc {"password" 1 "u" 2} :password)`, `{"password" 1, "u" 2}`}, // dissoc is exact
		{`(dissoc {:a 1 "a" 2} :a)`, `{"a" 2}`},
		{"(dissoc [1 2] 0)", "error: type_error"},
		// update
		{"(update {:a 1} :a inc)", "{:a 2}"},
		{"(update [1 2 3] 1 inc)", "[1 3 3]"},
		{"(update [10 20 30] 0 #(* % 2))", "[20 20 30]"},
		{"(update {} :missing (fn [v] (if v (inc v) 0)))", "{:missing 0}"},
		{"(update [1 2 3] 0 (fn [x y] (+ x y)) 100)", "[101 2 3]"},
		{"(update {:n 1} :n + 1 2 3)", "{:n 7}"},
		{"(update {:n 1} :n (fn [x] x) 99)", "error: arity_error"},
		{"(update [10 20] 5 identity)", "error: index_error"},
		{"(update [10 20] 2 (fn [x] (if x x 1)))", "[10 20 1]"},
		{"(update nil :a (fn [x] (if x x 1)))", "{:a 1}"},
		{`(update {"count" 1} :count inc)`, `{"count" 2}`},
		{"(update 5 :a inc)", "error: type_error"},
		// update-in
		{"(update-in [1 2 3] [1] inc)", "[1 3 3]"},
		{"(update-in [[1 2] [3 4]] [1 0] inc)", "[[1 2] [4 4]]"},
		{"(update-in {:a {:b 1}} [:a :b] inc)", "{:a {:b 2}}"},
		{"(update-in {:x {:y {:z 5}}} [:x :y :z] (fn [v] (* v 2)))", "{:x {:y {:z 10}}}"},
		{"(update-in {:a {}} [:a :b] (fn [v] (if v (inc v) 0)))", "{:a {:b 0}}"},
		{"(update-in {:a 1} [] (fn [x] x))", "{:a 1, nil nil}"},
		{"(update-in {:a {:b 1}} [:a :b] + 10 20)", "{:a {:b 31}}"},
		{"(update-in [] [0] (fn [x] (if x x :x)))", "[:x]"},
		{`(update-in {"a" {"b" 1}} [:a :b] inc)`, `{"a" {"b" 2}}`},
		// merge
		{"(merge {:a 1} {:b 2})", "{:a 1, :b 2}"},
		{"(merge {:a 1} {:a 2})", "{:a 2}"},
		{"(merge {:a 1} {:b 2} {:a 3})", "{:a 3, :b 2}"},
		{"(merge)", "nil"},
		{"(merge nil)", "nil"},
		{"(merge nil nil)", "nil"},
		{"(merge {} nil)", "{}"},
		{"(merge nil {:a 1} nil {:b 2})", "{:a 1, :b 2}"},
		{`(merge "ab")`, `"ab"`},
		{"(merge [1 2])", "[1 2]"},
		{"(merge {:a 1} [:b 2])", "{:a 1, :b 2}"},
		{"(merge {:a 1} nil [:b 2])", "{:a 1, :b 2}"},
		{"(merge nil [1 2])", "{1 2}"},
		{"(merge [1 2] nil)", "[1 2]"},
		{"(merge [1 2] [3 4])", "error: type_error"},
		{"(merge :x {})", "error: type_error"},
		{`(merge {:a 1} {"a" 2})`, `{:a 1, "a" 2}`},
		// merge-with
		{"(merge-with + {:a 1} {:a 2})", "{:a 3}"},
		{"(merge-with + {:a 1 :b 2} {:a 3 :c 4})", "{:a 4, :b 2, :c 4}"},
		{"(merge-with + {:a 1} {:a 2} {:a 3})", "{:a 6}"},
		{"(merge-with +)", "nil"},
		{"(merge-with + nil)", "nil"},
		{"(merge-with + nil {:a 1})", "{:a 1}"},
		{"(merge-with conj {:a [1]} {:a [2]})", "{:a [1 [2]]}"},
		{`(merge-with + "ab")`, `"ab"`},
		{"(merge-with + [1 2])", "[1 2]"},
		{"(merge-with + [1 2] {1 10})", "[1 12]"},
		{"(merge-with)", "error: arity_error"},
		{"(merge-with + {:a 1} 5)", "error: type_error"},
		// select-keys
		{"(select-keys {:a 1 :b 2 :c 3} [:a :c])", "{:a 1, :c 3}"},
		{"(select-keys {:a 1} nil)", "{}"},
		{"(select-keys {:a nil} [:a])", "{:a nil}"},
		{`(select-keys {:a 1 :b 2} "ab")`, "{:a 1, :b 2}"},
		{`(select-keys {:a 1 :b 2} ":a")`, "{:a 1}"},
		{"(select-keys {:a {:x 1}} {:a :x})", "{}"},
		{"(select-keys [10 20] [0 1])", "{0 10, 1 20}"},
		{"(select-keys nil [:a])", "{}"},
		{`(select-keys {"id" 1 "name" "x" "z" 0} [:id :name])`, `{"id" 1, "name" "x"}`},
		{"(select-keys {:a 1} 5)", "error: type_error"},
		{"(select-keys #{1} [1])", "error: type_error"},
		{`(select-keys "abc" [0])`, "error: type_error"},
		// keys / vals / entries
		{"(keys {:b 2 :a 1})", "[:b :a]"},
		{"(vals {:b 2 :a 1})", "[2 1]"},
		{"(keys nil)", "nil"},
		{"(vals nil)", "nil"},
		{"(keys {})", "nil"},
		{"(vals (:missing {:a 1}))", "nil"},
		{"(keys [1 2])", "error: type_error"},
		{"(entries {:a 1 :b 2})", "[[:a 1] [:b 2]]"},
		{"(entries nil)", "[]"},
		{"(entries 1)", "error: type_error"},
		// key / val / find
		{"(key [:a 1])", ":a"},
		{"(val [:a 1])", "1"},
		{"(key [:a])", "error: type_error"},
		{"(val nil)", "error: type_error"},
		{"(find {:a 1} :b)", "nil"},
		{"(find {:a nil} :a)", "[:a nil]"},
		{"(find {:a 1 :b 2} :b)", "[:b 2]"},
		{`(find {"a" 1} :a)`, `["a" 1]`},
		{"(find [nil :b] 0)", "[0 nil]"},
		{"(find [10 20] 2)", "nil"},
		{"(find [nil :b] -1)", "nil"},
		{"(find [10 20] :a)", "nil"},
		{"(find nil :a)", "nil"},
		{"(find #{nil} nil)", "error: type_error"},
		{`(find "abc" 0)`, "error: type_error"},
		// contains?
		{"(contains? {:a nil} :a)", "true"},
		{"(contains? {:a 1} :b)", "false"},
		{`(contains? {"a" 1} :a)`, "true"},
		{"(contains? #{1 2 3} 2)", "true"},
		{"(contains? #{1 2 3} 4)", "false"},
		{"(contains? [1 2] 1)", "true"},
		{"(contains? [1 2] 2)", "false"},
		{"(contains? [1 2] -1)", "false"},
		{`(contains? "abc" 2)`, "true"},
		{`(contains? "abc" 3)`, "false"},
		{"(contains? nil :a)", "false"},
		{"(contains? '(1 2) 0)", "error: type_error"},
		{"(contains? 5 0)", "error: type_error"},
		// hash-map / array-map
		{"(hash-map)", "{}"},
		{"(array-map)", "{}"},
		{"(hash-map :a 1 :b 2)", "{:a 1, :b 2}"},
		{"(array-map :a 1 :b 2)", "{:a 1, :b 2}"},
		{"(hash-map :a 1 :a 2)", "{:a 2}"},
		{"(hash-map :a)", "error: arity_error"},
		{"(array-map :a 1 :b)", "error: arity_error"},
		{"(count (apply hash-map (range 40)))", "20"},
		// update-keys / update-vals
		{"(update-keys {:a 1 :b 2} str)", `{":a" 1, ":b" 2}`},
		{"(update-keys nil name)", "{}"},
		{"(update-keys {} str)", "{}"},
		{"(update-vals nil inc)", "{}"},
		{"(update-keys {:a 1 :b 2} #{:a})", "{:a 1, nil 2}"},
		{"(update-keys {0 :a 1 :b} [:x :y])", "{:x :a, :y :b}"},
		{"(update-vals {:a :x :b :y} {:x 1 :y 2})", "{:a 1, :b 2}"},
		{"(update-vals {:a 0 :b 1} [:x :y])", "{:a :x, :b :y}"},
		{"(update-keys [10 20] inc)", "{1 10, 2 20}"},
		{"(update-keys [] inc)", "{}"},
		{"(update-vals [1 2] inc)", "[2 3]"},
		{"(update-vals {:a 1 :b 2} inc)", "{:a 2, :b 3}"},
		{"(update-vals inc {:a 1})", "error: type_error"},
		{"(update-vals 5 inc)", "error: type_error"},
	})
}

func TestMpSets(t *testing.T) {
	mpRun(t, []mpCase{
		{"(set nil)", "#{}"},
		{`(set "ab")`, `#{"a" "b"}`},
		{"(set {:a 1})", "#{[:a 1]}"},
		{"(set [1 2 2 3])", "#{1 3 2}"},
		{"(set 5)", "error: type_error"},
		{"(hash-set 1 1 2 3)", "#{1 3 2}"},
		{"(hash-set)", "#{}"},
		{"(disj #{1 2 3} 2)", "#{1 3}"},
		{"(disj #{1 2 3 4} 2 4)", "#{1 3}"},
		{"(disj nil 1)", "nil"},
		{"(disj #{1})", "#{1}"},
		{"(disj [1 2] 1)", "error: type_error"},
		{"(clojure.set/union #{1 2} #{2 3})", "#{1 3 2}"},
		{"(set/union nil #{1})", "#{1}"},
		{"(union #{1} nil)", "#{1}"},
		{"(union)", "#{}"},
		{"(union nil)", "nil"},
		{"(union nil nil)", "nil"},
		{"(union #{1} [2 3])", "[2 3 1]"},
		{"(union [1 2] #{2 3})", "[1 2 3 2]"},
		{"(union {:a 1} #{[:b 2]})", "{:a 1, :b 2}"},
		{"(union #{1} #{2} #{3 4 5} nil)", "#{1 4 3 2 5}"},
		{"(union #{1} 5)", "error: type_error"},
		{"(union #{1 2} {:a 1})", "#{1 [:a 1] 2}"},
		{"(union #{} nil)", "#{}"},
		{"(union nil #{})", "nil"},
		{"(clojure.set/intersection #{1 2} #{2 3})", "#{2}"},
		{"(intersection nil #{1})", "nil"},
		{"(intersection #{1} nil)", "nil"},
		{"(intersection #{1 2} #{2} #{2 3})", "#{2}"},
		{"(intersection #{1 2 3})", "#{1 3 2}"},
		{"(intersection #{1 2 3} [2 3 4])", "#{3 2}"},
		{"(intersection #{} nil)", "#{}"},
		{"(intersection nil #{})", "nil"},
		{"(intersection #{1 2} nil #{})", "#{}"},
		{"(intersection #{1 2} #{} nil)", "nil"},
		{"(intersection)", "error: arity_error"},
		{"(clojure.set/difference #{1 2} nil)", "#{1 2}"},
		{"(difference nil #{1})", "nil"},
		{"(difference #{1 2} [2])", "#{1}"},
		{"(difference #{1 2 3} #{1} #{3})", "#{2}"},
		{"(difference #{1 2} #{2 3 4 5})", "#{1}"},
		{"(clojure.set/difference)", "error: arity_error"},
		{"(clojure.set/map-invert {:a 1 :b 2})", "{1 :a, 2 :b}"},
		{"(clojure.set/map-invert nil)", "{}"},
		{"(clojure.set/rename-keys {:a 1 :b 2} {:a :x})", "{:b 2, :x 1}"},
		{"(clojure.set/rename-keys {:a 1 :b 2} {:a :b :b :a})", "{:b 1, :a 2}"},
		{"(clojure.set/rename-keys nil {:a :b})", "nil"},
		{`(clojure.set/rename-keys {"a" 1} {:a :x})`, "{:x 1}"},
		{"(clojure.set/select odd? #{1 2 3})", "#{1 3}"},
		{"(clojure.set/select odd? nil)", "nil"},
		{"(clojure.set/select odd? [1 2])", "error: type_error"},
		{"(clojure.set/subset? #{1} #{1 2})", "true"},
		{"(clojure.set/subset? #{1 3} #{1 2})", "false"},
		{"(clojure.set/subset? nil nil)", "true"},
		{"(clojure.set/superset? #{1 2} #{1})", "true"},
		{"(clojure.set/superset? #{1} #{1 2})", "false"},
		{"(clojure.set/subset? [1] #{1})", "error: type_error"},
		{"(clojure.set/project #{{:a 1 :b 2} {:a 3 :b 4}} [:a])", "#{{:a 1} {:a 3}}"},
		{"(clojure.set/project [{:a 1 :b 2}] [:a])", "#{{:a 1}}"},
		{"(clojure.set/rename #{{:a 1}} {:a :x})", "#{{:x 1}}"},
		{"(clojure.set/index #{{:a 1 :b 2} {:a 1 :b 3}} [:a])", "{{:a 1} #{{:a 1, :b 2} {:a 1, :b 3}}}"},
		{"(clojure.set/index [{:a 1 :b 2}] [:c])", "{{} #{{:a 1, :b 2}}}"},
		{"(clojure.set/join #{{:a 1 :b 2}} #{{:a 1 :c 3}})", "#{{:a 1, :b 2, :c 3}}"},
		{"(clojure.set/join #{{:a 1}} #{{:b 2}})", "#{{:a 1, :b 2}}"},
		{"(clojure.set/join #{} #{{:b 2}})", "#{}"},
		{"(= (clojure.set/join [{:a 1 :b 1} {:a 2 :b 2}] [{:a 1 :c 5} {:a 1 :c 6} {:a 3 :c 7}]) #{{:a 1 :b 1 :c 5} {:a 1 :b 1 :c 6}})", "true"},
		{"(clojure.set/join [{:id 1 :n \"x\"}] [{:uid 1 :age 5}] {:id :uid})", `#{{:id 1, :n "x", :uid 1, :age 5}}`},
		{"(= (clojure.set/join [{:id 1} {:id 2}] [{:uid 2 :z 0}] {:id :uid}) #{{:id 2 :uid 2 :z 0}})", "true"},
		{"(= (clojure.set/join [{:id 2}] [{:uid 1} {:uid 2 :z 0}] {:id :uid}) #{{:id 2 :uid 2 :z 0}})", "true"},
		{"(clojure.set/join [1] [{:a 1}])", "error: type_error"},
		{"(join \",\" [1 2])", `"1,2"`},
	})
}

func TestMpWalk(t *testing.T) {
	mpRun(t, []mpCase{
		{"(walk second #(apply max %) [[1 2] [3 4] [5 6]])", "6"},
		{"(walk first #(apply max %) [[1 2] [3 4] [5 6]])", "5"},
		{"(walk identity identity [1 2 3])", "[1 2 3]"},
		{"(walk inc identity #{1 2 3})", "#{4 3 2}"},
		{"(walk identity identity {:a 1 :b 2})", "{:a 1, :b 2}"},
		{"(walk inc inc 5)", "6"},
		{"(walk identity identity nil)", "nil"},
		{"(walk identity identity '(1 2))", "(1 2)"},
		{"(list? (walk identity identity '(1 2)))", "true"},
		{"(clojure.walk/walk {:a :x} identity [:a :b])", "[:x nil]"},
		{"(clojure.walk/walk #{:a} identity [:a :b])", "[:a nil]"},
		{"(clojure.walk/walk [10 20] identity [1])", "[20]"},
		{"(clojure.walk/walk reverse identity {:a [1 2]})", "{[1 2] :a}"},
		{"(walk (fn [[k v]] (list k v)) identity {:a 1})", "error: type_error"},
		{"(walk (fn [[k v]] [v k]) identity {:a 1})", "{1 :a}"},
		{"(prewalk #(if (number? %) (inc %) %) [[1 2 3] [4 5 6] [7 8 9]])", "[[2 3 4] [5 6 7] [8 9 10]]"},
		{"(prewalk identity [1 [2 3] [4 [5 6]]])", "[1 [2 3] [4 [5 6]]]"},
		{"(prewalk #(if (number? %) (inc %) %) {:a 1 :b {:c 2 :d 3}})", "{:a 2, :b {:c 3, :d 4}}"},
		{"(prewalk inc 5)", "6"},
		{"(prewalk #(if (number? %) (inc %) %) #{1 2 3})", "#{4 3 2}"},
		{"(prewalk identity nil)", "nil"},
		{"(clojure.walk/prewalk {:a :x} [:a :b])", "nil"},
		{"(clojure.walk/prewalk #{:a} [:a :b])", "nil"},
		{"(prewalk #(if (and (map? %) (:value %)) (update % :value inc) %) {:value 1 :nested {:value 2}})", "{:value 2, :nested {:value 3}}"},
		{"(postwalk identity [1 [2 3] [4 [5 6]]])", "[1 [2 3] [4 [5 6]]]"},
		{"(postwalk #(if (number? %) (* 2 %) %) [1 [2 [3 4]]])", "[2 [4 [6 8]]]"},
		{"(postwalk #(if (number? %) (inc %) %) {:a 1 :b {:c 2 :d 3}})", "{:a 2, :b {:c 3, :d 4}}"},
		{"(postwalk identity [])", "[]"},
		{"(postwalk #(if (vector? %) (apply + %) %) [[1 2] [3 4]])", "10"},
		{"(clojure.walk/postwalk {:a :x} [:a :b])", "nil"},
		{"(walk/postwalk #(if (number? %) (* % 2) %) [#{1 2} #{3 4}])", "[#{4 2} #{6 8}]"},
		{"(postwalk #(if (seq? %) (vec %) %) '(1 (2 3)))", "[1 [2 3]]"},
		{`(clojure.walk/keywordize-keys {"a" {"b" 1} 1 2})`, "{:a {:b 1}, 1 2}"},
		{`(clojure.walk/keywordize-keys [{"a" 1} #{{"b" 2}}])`, "[{:a 1} #{{:b 2}}]"},
		{"(clojure.walk/stringify-keys {:a 1})", `{"a" 1}`},
		{"(clojure.walk/stringify-keys {:a/b 1 \"c\" 2 3 4})", `{"b" 1, "c" 2, 3 4}`},
		{"(clojure.walk/prewalk-replace {:a :x} [:a])", "[:x]"},
		{"(clojure.walk/prewalk-replace {[1] :x} [[1] 2])", "[:x 2]"},
		{"(clojure.walk/postwalk-replace {:a 1 :b 2} {:a :b})", "{1 2}"},
		{"(clojure.walk/postwalk-replace [1] [0])", "error: type_error"},
		// deep structures end with depth_limit, not a crash
		{"(postwalk identity (reduce (fn [acc _] [acc]) [] (range 100000)))", "error: depth_limit"},
		{"(prewalk identity (reduce (fn [acc _] {:a acc}) {} (range 100000)))", "error: depth_limit"},
		{"(clojure.walk/keywordize-keys (reduce (fn [acc _] (list acc)) nil (range 100000)))", "error: depth_limit"},
		{"(prewalk (fn [x] (if (number? x) [x] x)) [1])", "error: depth_limit"},
		{"(count (flatten (postwalk identity (reduce (fn [acc _] [acc 1]) [] (range 1000)))))", "1000"},
	})
}

func TestMpPredicates(t *testing.T) {
	mpRun(t, []mpCase{
		{"(nil? false)", "false"}, {"(nil? nil)", "true"}, {"(some? nil)", "false"}, {"(some? false)", "true"},
		{"(true? true)", "true"}, {"(true? 1)", "false"}, {"(false? false)", "true"}, {"(false? nil)", "false"},
		{"(boolean? false)", "true"}, {"(boolean? nil)", "false"},
		{"(number? 1.5)", "true"}, {"(number? ##Inf)", "true"}, {`(number? "5")`, "false"},
		{"(int? 0)", "true"}, {"(int? true)", "false"}, {"(int? 1.0)", "false"}, {`(int? "42")`, "false"},
		{"(integer? 3.14)", "false"}, {"(integer? nil)", "false"},
		{"(float? 0.0)", "true"}, {"(float? 42)", "false"}, {"(float? ##NaN)", "true"}, {"(double? ##Inf)", "true"}, {"(double? nil)", "false"},
		{"(decimal? 1.0)", "false"}, {"(ratio? 1)", "false"}, {"(rational? 42)", "true"}, {"(rational? 1.5)", "false"},
		{`(string? "a")`, "true"}, {`(string? \a)`, "true"}, {"(string? :x)", "false"},
		{`(char? \a)`, "true"}, {`(char? "a")`, "true"}, {`(char? "ab")`, "false"}, {`(char? "")`, "false"},
		{`(char? \λ)`, "true"}, {`(char? (first "👍"))`, "true"}, {"(char? 1)", "false"},
		{"(keyword? :a)", "true"}, {`(keyword? "foo")`, "false"}, {"(keyword? (keyword \"x\"))", "true"},
		{"(symbol? 'x)", "true"}, {"(symbol? :x)", "false"},
		{"(fn? inc)", "true"}, {"(fn? (fn [x] x))", "true"}, {"(fn? #(+ %))", "true"}, {"(fn? :a)", "false"}, {"(fn? {:a 1})", "false"},
		{"(ifn? :keyword)", "true"}, {"(ifn? #{1 2})", "true"}, {"(ifn? [1 2])", "true"}, {"(ifn? {:a 1})", "true"},
		{"(ifn? 42)", "false"}, {"(ifn? nil)", "false"}, {`(ifn? "hello")`, "false"}, {"(ifn? inc)", "true"},
		{"(coll? [])", "true"}, {"(coll? {})", "true"}, {"(coll? #{})", "true"}, {"(coll? '())", "true"}, {"(coll? nil)", "false"}, {`(coll? "a")`, "false"},
		{"(seq? [1])", "false"}, {"(seq? '(1))", "true"}, {"(seq? nil)", "false"},
		{"(seqable? [1 2 3])", "true"}, {`(seqable? "hello")`, "true"}, {"(seqable? nil)", "true"}, {"(seqable? 42)", "false"}, {"(seqable? true)", "false"},
		{"(sequential? [1 2 3])", "true"}, {"(sequential? '(1))", "true"}, {"(sequential? {:a 1})", "false"}, {`(sequential? "hello")`, "false"},
		{"(vector? [])", "true"}, {"(vector? (list 1))", "false"}, {"(vector? nil)", "false"},
		{"(list? '(1))", "true"}, {"(list? [1 2])", "false"},
		{"(map? {:a 1})", "true"}, {"(map? [1 2 3])", "false"}, {"(map? #{1 2})", "false"},
		{"(set? #{1})", "true"}, {"(set? nil)", "false"},
		{"(associative? [1 2 3])", "true"}, {"(associative? {:a 1})", "true"}, {"(associative? #{1 2})", "false"}, {"(associative? 42)", "false"},
		{"(counted? #{1 2})", "true"}, {`(counted? "ab")`, "false"}, {"(counted? nil)", "false"},
		{"(indexed? [1 2 3])", "true"}, {"(indexed? {:a 1})", "false"}, {`(indexed? "ab")`, "false"}, {"(indexed? nil)", "false"},
		{"(reversible? [])", "true"}, {"(reversible? {:a 1})", "false"}, {`(reversible? "ab")`, "false"}, {"(reversible? nil)", "false"},
		{"(sorted? {:a 1})", "false"}, {"(sorted? nil)", "false"},
		{"(map-entry? nil)", "false"}, {"(map-entry? [1 2])", "false"},
		{"(any? nil)", "true"},
		{"(zero? 0)", "true"}, {"(zero? 0.0)", "true"}, {"(zero? -0.0)", "true"}, {"(zero? 1)", "false"},
		{"(pos? 5)", "true"}, {"(pos? 0)", "false"}, {"(pos? ##Inf)", "true"}, {"(neg? -5)", "true"}, {"(neg? ##-Inf)", "true"}, {"(pos? ##NaN)", "false"},
		{"(zero? nil)", "error: type_error"}, {"(pos? nil)", "error: type_error"}, {`(neg? "x")`, "error: type_error"}, {`(zero? "0")`, "error: type_error"},
		{"(even? 4)", "true"}, {"(even? 3)", "false"}, {"(odd? 3)", "true"}, {"(odd? -3)", "true"}, {"(even? 0)", "true"}, {"(even? -2)", "true"},
		{"(even? 4.0)", "error: type_error"}, {"(odd? 4.5)", "error: type_error"}, {"(even? nil)", "error: type_error"}, {`(even? \a)`, "error: type_error"},
		{"(pos-int? 5)", "true"}, {"(pos-int? 0)", "false"}, {"(pos-int? 1.0)", "false"}, {"(neg-int? -1)", "true"}, {"(neg-int? 0)", "false"},
		{"(nat-int? 0)", "true"}, {"(nat-int? -1)", "false"}, {"(nat-int? 3.14)", "false"}, {"(nat-int? nil)", "false"}, {`(nat-int? "5")`, "false"},
		{"(NaN? ##NaN)", "true"}, {"(NaN? 42)", "false"}, {"(NaN? ##Inf)", "false"}, {"(NaN? nil)", "error: type_error"},
		{"(infinite? ##Inf)", "true"}, {"(infinite? (/ -1.0 0.0))", "true"}, {"(infinite? 42)", "false"}, {"(infinite? ##NaN)", "false"}, {`(infinite? "x")`, "error: type_error"},
		{"(distinct? 1)", "true"}, {"(distinct? 1 2)", "true"}, {"(distinct? 1 1)", "false"}, {"(distinct? 1 2 3 1)", "false"}, {"(distinct? 1 1.0)", "true"},
		{"(distinct?)", "error: arity_error"},
		// type
		{"(type nil)", "nil"}, {"(type true)", ":boolean"}, {"(type 5)", ":integer"}, {"(type 1.5)", ":float"}, {"(type ##Inf)", ":float"},
		{`(type "x")`, ":string"}, {":foo", ":foo"}, {"(type :foo)", ":keyword"}, {"(type 'x)", ":symbol"},
		{"(type [1])", ":vector"}, {"(type '(1))", ":list"}, {"(type {:a 1})", ":map"}, {"(type #{1})", ":set"},
		{"(type (fn [x] x))", ":function"}, {"(type +)", ":function"}, {`(type #"a")`, ":regex"},
		// boolean
		{"(boolean false)", "false"}, {"(boolean nil)", "false"}, {"(boolean 0)", "true"}, {`(boolean "")`, "true"}, {"(boolean {})", "true"},
		// keyword
		{`(keyword "a")`, ":a"}, {"(keyword :bar)", ":bar"}, {"(= :bar (keyword :bar))", "true"}, {"(keyword 'x)", ":x"},
		{"(keyword nil)", "nil"}, {"(keyword 5)", "nil"}, {`(keyword "a" "b")`, ":a/b"}, {`(keyword nil "b")`, ":b"},
		{`(keyword :a "b")`, "error: type_error"}, {`(keyword "a" 1)`, "error: type_error"},
		// symbol
		{`(symbol "x")`, "x"}, {"(symbol :a/b)", "a/b"}, {"(symbol 'y)", "y"}, {`(symbol "n" "x")`, "n/x"}, {"(symbol 5)", "error: type_error"},
		{`(= 'x (symbol "x"))`, "true"},
		// name / namespace
		{"(name :foo)", `"foo"`}, {`(name "a/b")`, `"a/b"`}, {"(name :a/b/c)", `"b/c"`}, {"(name 'x)", `"x"`}, {"(name 'n/x)", `"x"`},
		{"(name nil)", "error: type_error"}, {"(name 42)", "error: type_error"},
		{"(namespace :a/b)", `"a"`}, {"(namespace :a/b/c)", `"a"`}, {"(namespace :a)", "nil"}, {"(namespace 'n/x)", `"n"`},
		{`(namespace "a/b")`, "error: type_error"},
	})
}

func TestMpHints(t *testing.T) {
	for src, want := range map[string]string{
		"(update {:n 1} :n (fn [x] x) 99)": "fnil",
		"(update-vals inc {:a 1})":         "use -> instead",
		"(contains? '(1 2) 1)":             "some",
		"(find #{1} 1)":                    "not search",
		"(even? 4.0)":                      "(long x)",
		"(assoc [1] 5 0)":                  "count",
		"(assoc {} :a 1 :b)":               "every key needs a value",
	} {
		r := NewSession().Eval(src, Options{})
		if r.Error == nil || !strings.Contains(r.Error.Hint, want) {
			t.Errorf("%s: error %v, want a hint containing %q", src, r.Error, want)
		}
	}
}

// TestMpExamples evaluates the documented examples of this file group's
// builtins.
func TestMpExamples(t *testing.T) {
	for _, lib := range []func() []*Builtin{mapLib, setLib, walkLib, predLib} {
		for _, b := range lib() {
			if b.Doc == nil || b.Doc.Doc == "" || len(b.Doc.Arities) == 0 {
				t.Errorf("%s: missing doc or arities", b.Name)
			}
			if len(b.Doc.Examples) == 0 {
				t.Errorf("%s: no examples", b.Name)
			}
			for _, e := range b.Doc.Examples {
				got := mpEval(t, e.Code, Options{})
				if got != e.Result {
					t.Errorf("%s example %s: got %s, want %s", b.Name, e.Code, got, e.Result)
				}
			}
		}
	}
}

// TestMpBudget checks that builders respect the collection limit and that
// walking charges steps.
func TestMpBudget(t *testing.T) {
	small := Options{Limits: Limits{MaxCollection: 100}}
	for _, src := range []string{
		"(apply hash-map (range 400))",
		"(set (range 200))",
		"(apply hash-set (range 200))",
		"(union (set (range 60)) (set (range 60 120)))",
	} {
		if got := mpEval(t, src, small); got != "error: size_limit" {
			t.Errorf("%s: got %s, want size_limit", src, got)
		}
	}
	steps := Options{Limits: Limits{MaxSteps: 2000}}
	if got := mpEval(t, "(postwalk identity (vec (range 5000)))", steps); !strings.HasPrefix(got, "error: step_limit") {
		t.Errorf("postwalk over 5000 elements with 2000 steps: got %s", got)
	}
}

// TestMpDeep walks data nested far deeper than MaxDepth: the walk must end
// with depth_limit, not a Go stack overflow.
func TestMpDeep(t *testing.T) {
	var vec, mp, lst Value = EmptyVector(), EmptyMap(), EmptyList()
	for i := 0; i < 200000; i++ {
		vec = NewVector([]Value{vec})
		mp = NewMapFromPairs([]Value{Keyword("a"), mp})
		lst = NewList([]Value{lst})
	}
	opts := Options{Data: map[string]Value{"v": vec, "m": mp, "l": lst}}
	for _, src := range []string{
		"(postwalk identity data/v)", "(prewalk identity data/m)", "(clojure.walk/keywordize-keys data/l)",
		"(clojure.walk/stringify-keys data/m)", "(clojure.walk/prewalk-replace {1 2} data/v)",
		"(walk/postwalk-replace {1 2} data/m)",
	} {
		if got := mpEval(t, src, opts); got != "error: depth_limit" {
			t.Errorf("%s: got %s, want depth_limit", src, got)
		}
	}
	// Within the limit it works, and (get-in/assoc-in) long paths are iterative.
	var v Value = int64(7)
	path := make([]Value, 3000)
	for i := range path {
		v = NewVector([]Value{v})
		path[i] = int64(0)
	}
	opts = Options{Data: map[string]Value{"v": v, "p": NewVector(path)}}
	for src, want := range map[string]string{
		"(get-in data/v data/p)":                        "7",
		"(get-in (assoc-in data/v data/p 8) data/p)":    "8",
		"(get-in (update-in data/v data/p + 3) data/p)": "10",
		"(get-in (postwalk identity data/v) data/p)":    "7",
	} {
		if got := mpEval(t, src, opts); got != want {
			t.Errorf("%s: got %s, want %s", src, got, want)
		}
	}
}
