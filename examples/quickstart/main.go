// Command quickstart evaluates a short multi-turn PTC-Lisp session with one
// tool, the way an agent loop would: each turn is a program, defs persist
// between turns, and tool results stay in the runtime.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/ptc-wasm/ptc/guest/lisp"
)

// orders is the data behind the get-orders tool.
var orders = []any{
	map[string]any{"id": 1, "customer": "ada", "amount": 120, "status": "pending"},
	map[string]any{"id": 2, "customer": "bob", "amount": 80, "status": "shipped"},
	map[string]any{"id": 3, "customer": "ada", "amount": 300, "status": "pending"},
	map[string]any{"id": 4, "customer": "cy", "amount": 45, "status": "pending"},
}

func main() {
	tools := map[string]lisp.Tool{
		"get-orders": func(ctx context.Context, args map[string]any) (any, error) {
			var out []any
			for _, o := range orders {
				if s, ok := args["status"]; !ok || o.(map[string]any)["status"] == s {
					out = append(out, o)
				}
			}
			return out, nil
		},
	}
	turns := []string{
		// Turn 1: fetch once, keep the result in the session.
		`(def pending (tool/get-orders {:status "pending"}))
		 (println "pending orders:" (count pending))
		 (count pending)`,
		// Turn 2: work on the kept data; no tool call needed.
		`(->> pending
		      (group-by :customer)
		      (map (fn [[c os]] {:customer c :total (sum-by :amount os)}))
		      (sort-by :total >))`,
		// Turn 3: a mistake the runtime explains.
		`(fitler #(> (:amount %) 100) pending)`,
		// Turn 4: finish with an explicit result.
		`(return {:big (mapv :id (filter #(> (:amount %) 100) pending)) :previous *1})`,
	}
	s := lisp.NewSession()
	for i, src := range turns {
		res, err := s.Eval(context.Background(), src, lisp.Options{Tools: tools})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("turn %d: %s", i+1, res.Outcome)
		if res.Error != nil {
			fmt.Printf(" %s: %s", res.Error.Kind, res.Error.Message)
			if res.Error.Hint != "" {
				fmt.Printf(" (hint: %s)", res.Error.Hint)
			}
		} else {
			fmt.Printf(" %s", res.Printed)
		}
		fmt.Println()
		for _, p := range res.Prints {
			fmt.Println("  print:", p)
		}
		for _, c := range res.ToolCalls {
			args, _ := json.Marshal(c.Args)
			fmt.Printf("  tool call: %s %s\n", c.Name, args)
		}
	}
}
