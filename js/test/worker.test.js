// Tests of WorkerEngine: the guest in a worker_threads worker, tools on
// this thread, and the worker terminated and replaced when its guest
// misses a deadline or a cancellation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerEngine, TrapError, BusyError, EncodeError } from '../src/index.js';

const sleep = (ms, v) => new Promise((resolve) => setTimeout(resolve, ms, v));
const lifted = { max_steps: 2 ** 50 };

let engine;
let s;
before(async () => {
  engine = await WorkerEngine.create();
  s = await engine.newSession();
});
after(() => s.close());

test('eval in a worker with async tools on this thread; defs persist', async () => {
  let toolThreadSignal;
  const res = await s.eval('(def rate (tool/rate {:cur "eur"})) (println rate) (* 10 rate)', {
    tools: {
      rate: async ({ cur }, { signal }) => {
        toolThreadSignal = signal;
        await sleep(5);
        return cur === 'eur' ? 1.5 : 0;
      },
    },
  });
  assert.equal(res.outcome, 'value', JSON.stringify(res.error));
  assert.equal(res.value, 15);
  assert.deepEqual(res.prints, ['1.5']);
  assert.ok(toolThreadSignal instanceof AbortSignal);
  assert.equal((await s.eval('(inc rate)')).value, 2.5);
  const r = await s.eval('(pmap #(tool/sq {:x %}) [1 2 3])', { tools: { sq: ({ x }) => x * x } });
  assert.deepEqual(r.value, [1, 4, 9]);
  const bad = await s.eval('(tool/boom {})', { tools: { boom: async () => Promise.reject(new Error('closed')) } });
  assert.equal(bad.error.kind, 'tool_error');
  assert.match(bad.error.message, /closed/);
});

test('the guest keeps its deadline: a clean timeout, the same worker', async () => {
  const res = await s.eval('(loop [i 0] (recur (inc i)))', { timeout: 50, limits: lifted });
  assert.equal(res.error.kind, 'timeout');
  assert.equal((await s.eval('(+ 1 rate)')).value, 2.5);
});

test('a cancelled computing program: the worker is terminated and replaced', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(new Error('stop')), 30);
  await assert.rejects(s.eval('(loop [i 0] (recur (inc i)))', { signal: ac.signal, limits: lifted }), (err) => {
    assert.ok(err instanceof TrapError, String(err));
    assert.equal(err.limit, 'cancelled');
    assert.equal(err.recovered, true);
    assert.match(err.message, /did not stop within 250 ms of the cancellation/);
    return true;
  });
  assert.equal((await s.eval('(* 2 rate)')).value, 3); // restored in the fresh worker
});

test('a guest that misses its deadline: TrapError deadline, restored in a fresh worker', async () => {
  // _guestDeadline false: the guest is not told the deadline, so it runs
  // past it as one that stopped polling would.
  const e = await WorkerEngine.create({ _guestDeadline: false, graceMs: 100 });
  const w = await e.newSession();
  try {
    await w.eval('(def kept [1 2 3])');
    await w.eval('{:last "value"}');
    const t0 = performance.now();
    await assert.rejects(w.eval('(loop [i 0] (recur (inc i)))', { timeout: 50, limits: lifted }), (err) => {
      assert.ok(err instanceof TrapError, String(err));
      assert.equal(err.limit, 'deadline');
      assert.equal(err.recovered, true);
      return true;
    });
    assert.ok(performance.now() - t0 >= 150);
    // The fresh worker has the definitions and *1 *2 *3 (from their printed forms).
    assert.equal((await w.eval('[kept *1 *2]')).printed, `[[1 2 3] {:last "value"} #'user/kept]`);
  } finally {
    w.close();
  }
});

test('fuel traps recover inside the worker; errors keep their classes', async () => {
  await assert.rejects(s.eval('(loop [i 0] (recur (inc i)))', { fuel: 1_000_000, limits: lifted }), (err) => err instanceof TrapError && err.limit === 'fuel' && err.recovered);
  assert.equal((await s.eval('rate')).value, 1.5);
  await assert.rejects(s.eval('data/x', { data: { x: NaN } }), EncodeError);
  const p = s.eval('(tool/w {})', { tools: { w: () => sleep(20, 1) } });
  await assert.rejects(s.eval('1'), BusyError);
  assert.equal((await p).value, 1);
});

test('snapshot, check and restoreSession', async () => {
  const snap = await s.snapshot();
  assert.match(snap, /^\(ptc\/snapshot 1\)/);
  assert.deepEqual((await s.check('(fitler odd? [1])')).map((d) => d.kind), ['unbound_symbol']);
  const { session, report } = await engine.restoreSession(snap);
  try {
    assert.ok(report.restored.includes('rate'));
    assert.equal((await session.eval('rate')).value, 1.5);
  } finally {
    session.close();
  }
});
