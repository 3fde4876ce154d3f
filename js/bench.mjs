// Timings of the JavaScript host (not a test): node js/bench.mjs
import { Engine } from './src/index.js';

const W6 = '(println (->> [1 2 3 4 5] (map inc) (filter even?) (reduce +)))';

function measure(label, n, fn) {
  fn(); // warm
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  const us = ((performance.now() - t0) / n) * 1000;
  console.log(`${label.padEnd(34)} ${us.toFixed(1).padStart(10)} µs/op  (n=${n})`);
}

async function measureAsync(label, n, fn) {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const ms = (performance.now() - t0) / n;
  console.log(`${label.padEnd(34)} ${ms.toFixed(2).padStart(10)} ms/op  (n=${n})`);
}

let t0 = performance.now();
const engine = await Engine.create();
console.log(`${'Engine.create (read + compile)'.padEnd(34)} ${(performance.now() - t0).toFixed(1).padStart(10)} ms`);
t0 = performance.now();
const s = await engine.newSession();
console.log(`${'first newSession'.padEnd(34)} ${(performance.now() - t0).toFixed(1).padStart(10)} ms`);
await measureAsync('newSession (warm)', 20, async () => (await engine.newSession()).close());
measure('eval (+ 1 2)', 2000, () => s.eval('(+ 1 2)'));
measure('eval W6', 2000, () => s.eval(W6));
const tools = { get: ({ id }) => ({ id, total: id * 2.5 }) };
measure('eval 10 tool calls', 500, () => s.eval('(mapv #(tool/get {:id %}) (range 10))', { tools }));
const snap = (s.eval('(def xs (vec (range 1000)))'), s.snapshot());
await measureAsync('restoreSession (1000-elt vector)', 10, async () => (await engine.restoreSession(snap)).session.close());
console.log(`W6 fuel ${s.eval(W6).fuel}, prints ${JSON.stringify(s.eval(W6).prints)}`);
