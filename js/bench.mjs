// Timings of the JavaScript host (not a test): node js/bench.mjs
//
// Node 20 has no JSPI, so Session.eval takes the portable path
// (ptc_eval_start / ptc_eval_resume). The overhead of an async tool call is
// measured against the same program with synchronous tools called straight
// through the imports (evalSync): (eval with N async calls − evalSync with N
// sync calls) / N. Measurements alternate in rounds so that load from
// elsewhere hits them alike; each figure is the median over the rounds.
// test/browser.test.mjs measures the same in Chromium over both paths.
import { readFileSync } from 'node:fs';
import { Engine, WorkerEngine } from './src/index.js';

const W6 = readFileSync(new URL('../../shared/bench/workloads/w6_small.clj', import.meta.url), 'utf8');
const N = 100;
const CALLS = `(loop [i 0 acc 0] (if (< i ${N}) (recur (inc i) (+ acc (tool/get {:id i}))) acc))`;
const ROUNDS = 7;

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function once(n, fn) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - t0) / n) * 1000; // µs
}

/** rounds measures each of fns n times per round, alternating; returns the per-round µs of each. */
async function rounds(n, fns) {
  for (const fn of Object.values(fns)) await once(Math.max(1, n / 5), fn); // warm
  const out = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) for (const [k, fn] of Object.entries(fns)) out[k].push(await once(n, fn));
  return out;
}

function line(label, us, note = '') {
  const v = us >= 10_000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
  console.log(`${label.padEnd(44)} ${v.padStart(11)}${note ? `  ${note}` : ''}`);
}

let t0 = performance.now();
const engine = await Engine.create({ poolSize: 0 });
line('Engine.create (read + compile)', (performance.now() - t0) * 1000, `async path: ${engine.asyncPath}`);
t0 = performance.now();
const s = await engine.newSession();
line('first newSession', (performance.now() - t0) * 1000);
line('newSession (instantiate, no pool)', median((await rounds(5, { n: async () => (await engine.newSession()).close() })).n));
{
  const pooled = await Engine.create({ poolSize: 2 });
  const took = [];
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 100)); // the pool refills in the background
    const t = performance.now();
    (await pooled.newSession()).close();
    took.push((performance.now() - t) * 1000);
  }
  line('newSession (from a pool of 2)', median(took));
}

const w6 = await rounds(500, { sync: () => s.evalSync(W6), async: () => s.eval(W6), asyncTools: () => s.eval(W6, { tools: { get: async () => 1 } }) });
line('warm W6: evalSync', median(w6.sync));
line('warm W6: eval', median(w6.async), '(no tools: ptc_eval directly)');
line('warm W6: eval with an async tool granted', median(w6.asyncTools), '(ptc_eval_start)');

const sync = { get: ({ id }) => id };
const async = { get: async ({ id }) => id };
const c = await rounds(50, { sync: () => s.evalSync(CALLS, { tools: sync }), async: () => s.eval(CALLS, { tools: async }) });
line(`${N} tool calls: evalSync, sync tools`, median(c.sync));
line(`${N} tool calls: eval, async tools`, median(c.async));
line(`overhead per async tool call (${engine.asyncPath})`, median(c.async.map((a, i) => (a - c.sync[i]) / N)));
const batch = `(count (pmap #(tool/get {:id %}) (range ${N})))`;
line(`pmap of ${N} async calls (batches of 8)`, median((await rounds(50, { b: () => s.eval(batch, { tools: async }) })).b));

const snap = (s.evalSync('(def xs (vec (range 1000)))'), s.snapshot());
line('restoreSession (1000-elt vector)', median((await rounds(5, { r: async () => (await engine.restoreSession(snap)).session.close() })).r));

const we = await WorkerEngine.create();
t0 = performance.now();
const ws = await we.newSession();
line('WorkerEngine newSession (a worker)', (performance.now() - t0) * 1000);
const wr = await rounds(20, { w6: () => ws.eval(W6), calls: () => ws.eval(CALLS, { tools: async }) });
line('WorkerSession warm W6 eval', median(wr.w6));
line(`WorkerSession ${N} async tool calls`, median(wr.calls), `(${(median(wr.calls) / N).toFixed(1)} µs a call)`);
ws.close();
console.log(`W6 fuel ${s.evalSync(W6).fuel}, prints ${JSON.stringify(s.evalSync(W6).prints)}`);
