package host_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/ptc-wasm/ptc/guest/lisp"
	"github.com/ptc-wasm/ptc/host"
)

// Compile the guest once per process (New), open a session (a Wasm
// instance of its own), and evaluate a program in it.
func Example() {
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close(ctx)
	s, err := e.NewSession(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)

	r, err := s.Eval(ctx, `(->> (range 10) (filter even?) (map #(* % %)) (reduce +))`, host.Options{})
	if err != nil {
		log.Fatal(err) // the sandbox intervened (e.g. a *TrapError); program errors are in r.Error
	}
	fmt.Println(r.Outcome, r.Printed)
	// Output: value 120
}

// A program reaches the host only through the tools it is given, and
// reads its context as data/name. The Result carries the value (as Go
// values and as printed), what the program printed, and a ledger of the
// tool calls it made.
func ExampleSession_Eval_tools() {
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close(ctx)
	s, err := e.NewSession(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)

	tools := map[string]host.Tool{
		// args is the map the program passed, with string keys.
		"orders": func(ctx context.Context, args map[string]any) (any, error) {
			if args["status"] != "open" {
				return []any{}, nil
			}
			return []any{
				map[string]any{"id": 1, "amount": 50},
				map[string]any{"id": 2, "amount": 150},
				map[string]any{"id": 3, "amount": 300},
			}, nil
		},
	}
	r, err := s.Eval(ctx, `
		(def big (filter #(> (:amount %) data/min) (tool/orders {:status "open"})))
		(println "big orders:" (count big))
		{:ids (mapv :id big) :total (sum-by :amount big)}`,
		host.Options{Tools: tools, Data: map[string]any{"min": 100}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("value:", r.Value)
	fmt.Println("printed:", r.Printed)
	fmt.Println("prints:", r.Prints)
	for _, c := range r.ToolCalls {
		fmt.Println("tool call:", c.Name, c.Args)
	}
	// Output:
	// value: map[ids:[2 3] total:450]
	// printed: {:ids [2 3], :total 450}
	// prints: [big orders: 2]
	// tool call: orders map[status:open]
}

// Definitions persist across the Evals of a session, and *1 holds the
// last value: one session per conversation with a model.
func ExampleSession_Eval_multiTurn() {
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close(ctx)
	s, err := e.NewSession(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)

	for _, src := range []string{
		`(def prices {:apple 3 :pear 5})`,
		`(defn cost [fruit n] (* n (get prices fruit)))`,
		`(+ (cost :apple 2) (cost :pear 1))`,
		`(* *1 10)`,
	} {
		r, err := s.Eval(ctx, src, host.Options{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Printed)
	}
	// Output:
	// #'user/prices
	// #'user/cost
	// 11
	// 110
}

// A program's mistakes are not Go errors: Eval returns a Result with
// Outcome "error" and an Error whose Kind a host can branch on, and whose
// message and hint are written for the model that wrote the program.
func ExampleSession_Eval_errors() {
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close(ctx)
	s, err := e.NewSession(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)

	r, err := s.Eval(ctx, `(fitler odd? [1 2 3])`, host.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Outcome, r.Error.Kind, r.Error.Pos)
	fmt.Println(r.Error.Message)
	fmt.Println(r.Error.Hint)
	// Output:
	// error unbound_symbol 1:2
	// unable to resolve symbol: fitler
	// did you mean filter?
}

// A runaway program is stopped by the interpreter's step budget, with a
// friendly error in the Result; fuel is the sandbox's own budget, which
// holds whatever the interpreter does, and ends the Eval with a
// *TrapError. Either way the session goes on with its definitions.
func ExampleSession_Eval_limits() {
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close(ctx)
	s, err := e.NewSession(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)

	if _, err := s.Eval(ctx, `(def kept 41)`, host.Options{}); err != nil {
		log.Fatal(err)
	}
	const runaway = `(loop [i 0] (recur (inc i)))`

	r, err := s.Eval(ctx, runaway, host.Options{Limits: lisp.Limits{MaxSteps: 10_000}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Outcome, r.Error.Kind, r.Error.Limit)

	_, err = s.Eval(ctx, runaway, host.Options{Fuel: 10_000_000})
	var trap *host.TrapError
	if errors.As(err, &trap) {
		fmt.Println("trap:", trap.Limit, "recovered:", trap.Recovered)
	}

	r, err = s.Eval(ctx, `(inc kept)`, host.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Printed)
	// Output:
	// error step_limit MaxSteps
	// trap: fuel recovered: true
	// 42
}

// A deadline on the Eval's context stops the program: the interpreter
// ends it with kind "timeout" and the session stays usable. (A guest
// that ignored the deadline would be stopped DeadlineGrace later, with a
// *TrapError.)
func ExampleSession_Eval_deadline() {
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close(ctx)
	s, err := e.NewSession(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)

	tctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	r, err := s.Eval(tctx, `(loop [i 0] (recur (inc i)))`, host.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Outcome, r.Error.Kind)

	r, err = s.Eval(ctx, `(+ 1 2)`, host.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Printed)
	// Output:
	// error timeout
	// 3
}

// Snapshot saves a session's definitions as PTC-Lisp text; RestoreSession
// brings them back in a new session, in this process or another. Values
// are saved as they are, so restoring calls no tool again.
func ExampleSession_Snapshot() {
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close(ctx)
	s, err := e.NewSession(ctx)
	if err != nil {
		log.Fatal(err)
	}
	_, err = s.Eval(ctx, `
		(def rates {:eur 1.1 :gbp 1.3})
		(defn convert [cur amount] (* amount (get rates cur)))`, host.Options{})
	if err != nil {
		log.Fatal(err)
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		log.Fatal(err)
	}
	s.Close(ctx)

	s2, report, err := e.RestoreSession(ctx, snap)
	if err != nil {
		log.Fatal(err)
	}
	defer s2.Close(ctx)
	fmt.Println("restored:", report.Restored, "lost:", len(report.Lost))
	r, err := s2.Eval(ctx, `(convert :gbp 10)`, host.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Printed)
	// Output:
	// restored: [convert rates] lost: 0
	// 13.0
}

// Check finds what would stop a program before it runs, without running
// it: typos with a did-you-mean, malformed forms, and calls to tools the
// host does not grant.
func ExampleEngine_Check() {
	ctx := context.Background()
	e, err := host.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close(ctx)

	src := `(def orders (tool/get-order {:status "open"}))
(fitler #(> (:amount %) 100) orders)`
	ds, err := e.Check(ctx, src, []string{"get-orders"})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range ds {
		fmt.Printf("%v %s: %s\n", d.Pos, d.Kind, d.Message)
		fmt.Println("  hint:", d.Hint)
	}
	// Output:
	// 1:13 unknown_tool: unknown tool: tool/get-order
	//   hint: did you mean tool/get-orders? available tools: tool/get-orders
	// 2:2 unbound_symbol: unable to resolve symbol: fitler
	//   hint: did you mean filter?
}
