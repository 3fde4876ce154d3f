// Timings of the JavaScript host (not a test): node js/bench.mjs
//
// Async paths: Session.eval takes JSPI where the engine has it (not Node
// 20) and the portable path (ptc_eval_start / ptc_eval_resume) otherwise;
// the per-call overhead of an async tool is (eval with N async calls −
// evalSync with N sync calls) / N. test/browser.test.mjs measures the
// same in Chromium over both paths.
import { readFileSync } from 'node:fs';
import { Engine } from './src/index.js';

const W6 = readFileSync(new URL('../../shared/bench/workloads/w6_small.clj', import.meta.url), 'utf8');
const N_CALLS = 100;
const CALLS = `(loop [i 0 acc 0] (if (< i ${N_CALLS}) (recur (inc i) (+ acc (tool/get {:id i}))) acc))`;

function line(label, v, unit, n) {
  console.log(`${label.padEnd(40)} ${v.toFixed(unit === 'ms' ? 2 : 1).padStart(10)} ${unit}/op  (n=${n})`);
}

function measure(label, n, fn) {
  for (let i = 0; i < 10; i++) fn(); // warm
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  const us = ((performance.now() - t0) / n) * 1000;
  line(label, us, 'µs', n);
  return us;
}

async function measureAsync(label, n, fn, unit = 'µs') {
  for (let i = 0; i < 10; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const ms = (performance.now() - t0) / n;
  line(label, unit === 'ms' ? ms : ms * 1000, unit, n);
  return ms * 1000;
}

let t0 = performance.now();
const engine = await Engine.create({ poolSize: 0 });
console.log(`${'Engine.create (read + compile)'.padEnd(40)} ${(performance.now() - t0).toFixed(1).padStart(10)} ms   async path: ${engine.asyncPath}`);
t0 = performance.now();
const s = await engine.newSession();
console.log(`${'first newSession'.padEnd(40)} ${(performance.now() - t0).toFixed(1).padStart(10)} ms`);
await measureAsync('newSession (warm, no pool)', 20, async () => (await engine.newSession()).close(), 'ms');
const pooled = await Engine.create({ poolSize: 2 });
{
  let total = 0;
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 100)); // the pool refills in the background
    const t = performance.now();
    (await pooled.newSession()).close();
    total += performance.now() - t;
  }
  line('newSession (from a pool of 2)', total / 10, 'ms', 10);
}

measure('evalSync (+ 1 2)', 2000, () => s.evalSync('(+ 1 2)'));
measure('evalSync W6', 2000, () => s.evalSync(W6));
await measureAsync('eval W6 (async)', 2000, () => s.eval(W6));

const sync = { get: ({ id }) => id };
const async = { get: async ({ id }) => id };
const syncUs = measure(`evalSync ${N_CALLS} sync tool calls`, 200, () => s.evalSync(CALLS, { tools: sync }));
const asyncUs = await measureAsync(`eval ${N_CALLS} async tool calls`, 200, () => s.eval(CALLS, { tools: async }));
console.log(`${`overhead per async tool call (${engine.asyncPath})`.padEnd(40)} ${((asyncUs - syncUs) / N_CALLS).toFixed(1).padStart(10)} µs`);
const batch = `(count (pmap #(tool/get {:id %}) (range ${N_CALLS})))`;
await measureAsync(`eval pmap of ${N_CALLS} async calls`, 200, () => s.eval(batch, { tools: async }));

const snap = (s.evalSync('(def xs (vec (range 1000)))'), s.snapshot());
await measureAsync('restoreSession (1000-elt vector)', 10, async () => (await engine.restoreSession(snap)).session.close(), 'ms');
console.log(`W6 fuel ${s.evalSync(W6).fuel}, prints ${JSON.stringify(s.evalSync(W6).prints)}`);
