// A multi-turn PTC-Lisp session in the ptc-wasm Extism plugin
// (extism/ptc-extism.wasm, built by `make extism`) through the Extism JS
// SDK: one host function serves two tools, a definition made in one turn
// is used in the next, and the session moves to a new plugin instance by
// snapshot and restore.
//
//   node main.mjs [path/to/ptc-extism.wasm]
import { fileURLToPath } from "node:url";
import { loadPTC } from "./ptc.mjs";

const orders = {
  1: { id: 1, status: "open", total: 12.5, currency: "eur" },
  2: { id: 2, status: "shipped", total: 40.0, currency: "gbp" },
  3: { id: 3, status: "open", total: 7.25, currency: "gbp" },
};

export const tools = {
  "get-order": ({ id }) => {
    if (!orders[id]) throw new Error(`no order ${id}`);
    return orders[id];
  },
  rates: () => ({ eur: 1.0, gbp: 1.17 }),
};

export const defaultPlugin = fileURLToPath(new URL("../../extism/ptc-extism.wasm", import.meta.url));

function describe(label, r) {
  const head = r.error
    ? `${label}: ${r.outcome} ${r.error.kind}: ${r.error.message}`
    : `${label}: ${r.outcome} ${r.printed}`;
  return [head, ...r.tool_calls.map((c) => `  tool ${c.name}`)].join("\n");
}

/** Runs the example and returns its output lines. */
export async function run(path = defaultPlugin) {
  const open = await loadPTC(path, tools);
  const out = [];
  const ptc = await open();
  const { abi } = await ptc.version();
  if (abi !== 1) throw new Error(`plugin abi ${abi}: want 1`);
  const turns = [
    `(def open (->> [1 2 3] (map #(tool/get-order {:id %})) (filter #(= "open" (:status %)))))
     (count open)`,
    `(def rates (tool/rates {}))
     (->> open (map #(* (:total %) (get rates (:currency %)))) (reduce +))`,
    `(tool/get-order {:id 9})`,
  ];
  const granted = Object.keys(tools);
  for (const [i, source] of turns.entries()) {
    out.push(describe(`turn ${i + 1}`, await ptc.eval({ source, tools: granted })));
  }
  // Move the session to a fresh instance: its defs come back, and no tool
  // runs again.
  const snap = await ptc.snapshot();
  await ptc.close();
  const next = await open();
  out.push(`restored: ${JSON.stringify(await next.restore(snap))}`);
  out.push(describe("new instance", await next.eval({ source: "(mapv :id open)", tools: granted })));
  await next.close();
  return out.join("\n") + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(await run(process.argv[2]));
}
