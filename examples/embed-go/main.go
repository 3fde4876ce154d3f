// Command embed-go runs a multi-turn PTC-Lisp session inside the
// WebAssembly sandbox (package host): two tools, definitions kept between
// turns, a deadline, and the outcome of each turn.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ptc-wasm/ptc/host"
)

var users = map[string]any{
	"u1": map[string]any{"id": "u1", "name": "Ada", "team": "core"},
	"u2": map[string]any{"id": "u2", "name": "Bob", "team": "web"},
	"u3": map[string]any{"id": "u3", "name": "Cy", "team": "core"},
}

var tickets = []any{
	map[string]any{"id": 101, "owner": "u1", "status": "open", "hours": 5},
	map[string]any{"id": 102, "owner": "u2", "status": "open", "hours": 3},
	map[string]any{"id": 103, "owner": "u3", "status": "closed", "hours": 8},
	map[string]any{"id": 104, "owner": "u1", "status": "open", "hours": 2},
}

func main() {
	ctx := context.Background()
	// Compiling the guest takes a second or two; with a cache directory
	// only the first run of the program pays it.
	var opts []host.Option
	if dir, err := os.UserCacheDir(); err == nil {
		opts = append(opts, host.WithCompilationCacheDir(filepath.Join(dir, "ptc-embed-go")))
	}
	engine, err := host.New(ctx, opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer engine.Close(ctx)
	session, err := engine.NewSession(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tools := map[string]host.Tool{
		"list-tickets": func(ctx context.Context, args map[string]any) (any, error) {
			var out []any
			for _, t := range tickets {
				if s, ok := args["status"]; !ok || t.(map[string]any)["status"] == s {
					out = append(out, t)
				}
			}
			return out, nil
		},
		"get-user": func(ctx context.Context, args map[string]any) (any, error) {
			u, ok := users[fmt.Sprint(args["id"])]
			if !ok {
				return nil, fmt.Errorf("no user %v", args["id"])
			}
			return u, nil
		},
	}
	turns := []string{
		`(def open (tool/list-tickets {:status "open"}))
		 (count open)`,
		`(def owners (pmap #(tool/get-user {:id %}) (distinct (map :owner open))))
		 (->> open
		      (group-by :owner)
		      (map (fn [[uid ts]] {:owner (:name (first (filter #(= (:id %) uid) owners)))
		                           :hours (sum-by :hours ts)}))
		      (sort-by :hours >))`,
		`(tool/get-user {:id "u9"})`,
		`(loop [i 0] (recur (inc i)))`,
		`(return {:open (count open) :owners (mapv :name owners)})`,
	}
	for i, src := range turns {
		tctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		res, err := session.Eval(tctx, src, host.Options{Tools: tools})
		cancel()
		if err != nil {
			fmt.Fprintln(os.Stderr, "turn", i+1, err)
			os.Exit(1)
		}
		line := fmt.Sprintf("turn %d: %s", i+1, res.Outcome)
		if res.Error != nil {
			line += fmt.Sprintf(" %s: %s", res.Error.Kind, res.Error.Message)
		} else {
			line += " " + res.Printed
		}
		fmt.Println(line)
		var names []string
		for _, c := range res.ToolCalls {
			names = append(names, c.Name)
		}
		if len(names) > 0 {
			fmt.Println("  tools:", strings.Join(names, " "))
		}
	}
}
