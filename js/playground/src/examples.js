// The example programs of the playground's menu. Each sets the program,
// and optionally the context (data/), the tools and multi-turn mode.

const orders = {
  orders: [
    { id: 1, customer: 'ada', status: 'open', total: 120 },
    { id: 2, customer: 'bob', status: 'done', total: 80 },
    { id: 3, customer: 'ada', status: 'open', total: 45 },
    { id: 4, customer: 'cy', status: 'open', total: 300 },
  ],
};

const json = (v) => JSON.stringify(v, null, 2);

export const examples = [
  {
    name: 'Hello: arithmetic and strings',
    program: `;; Ctrl+Enter (Cmd+Enter) runs the program.
(def xs (range 1 11))
(println "sum of squares of" (count xs) "numbers")
{:sum (reduce + (map #(* % %) xs))
 :evens (filter even? xs)
 :shout (str/upper-case "hello")}`,
  },
  {
    name: 'Context: open orders by customer (data/)',
    program: `;; data/orders comes from the Context panel.
(->> data/orders
     (filter #(= (:status %) "open"))
     (group-by :customer)
     (map (fn [[who os]] [who (reduce + (map :total os))]))
     (into {}))`,
    data: json(orders),
  },
  {
    name: 'Tools: look up customers',
    program: `;; tool/customer is defined in the Tools panel (a JS function),
;; tool/rates answers fixed JSON.
(let [ids ["ada" "cy"]
      people (map #(tool/customer {:id %}) ids)
      eur (:eur (tool/rates {}))]
  (for [p people]
    {:name (:name p) :limit-eur (* eur (:limit p))}))`,
    tools: json([
      { name: 'customer', js: '(args) => ({ id: args.id, name: args.id.toUpperCase(), limit: 100 * args.id.length })' },
      { name: 'rates', response: { eur: 0.5, gbp: 0.25 } },
    ]),
  },
  {
    name: 'Async tool (a Promise)',
    program: `;; tool/slow-square returns a Promise: the guest waits for it.
(map #(tool/slow-square {:n %}) [1 2 3])`,
    tools: json([
      { name: 'slow-square', js: 'async (args) => { await new Promise((r) => setTimeout(r, 10)); return args.n * args.n; }' },
    ]),
  },
  {
    name: 'Multi-turn: definitions persist',
    program: `;; Multi-turn is on: run this, then replace it with
;;   (map area shapes)
;; and run again. Reset forgets everything.
(defn area [{:keys [w h]}] (* w h))
(def shapes [{:w 2 :h 3} {:w 4 :h 5}])`,
    multi: true,
  },
  {
    name: 'Runaway loop (stopped by fuel)',
    program: `;; Never ends: the fuel budget stops it.
(loop [i 0]
  (recur (inc i)))`,
    limits: { fuel: '2000000' },
  },
  {
    name: 'Error: position marked in the editor',
    program: `(defn total [os]
  (reduce + (map :total os)))
(totl data/orders)`,
    data: json(orders),
  },
];
