// Tests of asynchronous evaluation (Session.eval): tools returning
// Promises, concurrent pmap batches bounded by max_parallel, deadlines
// and cancellation with pending tools, the instance pool, and recovery
// after a trap. Node 20 has no JSPI, so here eval takes the portable path
// (ptc_eval_start / ptc_eval_resume); test/browser.test.mjs runs a set of
// these in Chromium over both paths.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, TrapError, BusyError, HAS_JSPI } from '../src/index.js';

const sleep = (ms, v) => new Promise((resolve) => setTimeout(resolve, ms, v));
const lifted = { max_steps: 2 ** 50 };

let engine;
before(async () => {
  engine = await Engine.create({ asyncPath: 'portable' });
});

test('async tools: values, defs that keep them, prints and the ledger', async () => {
  const s = await engine.newSession();
  const res = await s.eval('(def order (tool/get-order {:id 7})) (println (:status order)) (+ (:total order) (tool/tax {:amount (:total order)}))', {
    tools: {
      'get-order': async ({ id }) => (await sleep(5), { id, status: 'open', total: 100 }),
      tax: ({ amount }) => amount * 0.25, // sync tools still work in eval
    },
  });
  assert.equal(res.outcome, 'value', JSON.stringify(res.error));
  assert.equal(res.value, 125);
  assert.deepEqual(res.prints, ['open']);
  assert.deepEqual(
    res.tool_calls.map((c) => [c.name, c.result]),
    [
      ['get-order', { id: 7, status: 'open', total: 100 }],
      ['tax', 25],
    ],
  );
  assert.equal((await s.eval('(:id order)')).value, 7);
  assert.equal(s.evalSync('(:status order)').value, 'open');
});

test('a rejected Promise is the tool_error of the program', async () => {
  const s = await engine.newSession();
  const res = await s.eval('(tool/boom {})', {
    tools: {
      boom: async () => {
        await sleep(1);
        throw new Error('the warehouse is closed');
      },
    },
  });
  assert.equal(res.outcome, 'error');
  assert.equal(res.error.kind, 'tool_error');
  assert.match(res.error.message, /the warehouse is closed/);
  assert.deepEqual(res.error.pos, { line: 1, col: 1 });
  const res2 = await s.eval('(tool/nope {})', { tools: { nope: async () => NaN } });
  assert.equal(res2.error.kind, 'tool_error');
  assert.match(res2.error.message, /NaN has no JSON form/);
});

test('a pmap batch runs its async calls concurrently, at most max_parallel at once', async () => {
  const s = await engine.newSession();
  for (const maxParallel of [3, 8]) {
    let inFlight = 0;
    let most = 0;
    const started = [];
    const res = await s.eval('(pmap #(tool/slow {:x %}) (range 20))', {
      limits: { max_parallel: maxParallel },
      tools: {
        slow: async ({ x }) => {
          started.push(x);
          most = Math.max(most, ++inFlight);
          await sleep(5 + (x % 3));
          inFlight--;
          return x * x;
        },
      },
    });
    assert.equal(res.outcome, 'value', JSON.stringify(res.error));
    assert.deepEqual(res.value, Array.from({ length: 20 }, (_, x) => x * x));
    assert.equal(started.length, 20);
    assert.ok(most <= maxParallel, `${most} calls in flight, max_parallel ${maxParallel}`);
    assert.ok(most > 1, `the calls ran one at a time (max_parallel ${maxParallel})`);
  }
});

test('the timeout abandons a pending async tool: kind timeout, the tool signal aborted', async () => {
  const s = await engine.newSession();
  await s.eval('(def kept 1)');
  let signal;
  const t0 = performance.now();
  const res = await s.eval('(def lost 2) (tool/hang {})', {
    timeout: 60,
    tools: {
      hang: (_args, opts) => {
        signal = opts.signal;
        return new Promise(() => {}); // never settles
      },
    },
  });
  const ms = performance.now() - t0;
  assert.equal(res.outcome, 'error');
  assert.equal(res.error.kind, 'timeout', JSON.stringify(res.error));
  assert.ok(signal.aborted, "the tool's signal did not fire");
  assert.equal(signal.reason.name, 'TimeoutError');
  assert.ok(ms >= 55 && ms < 2000, `took ${ms} ms`);
  // The abandoned call stays in the ledger with the host's answer.
  assert.equal(res.tool_calls.length, 1, JSON.stringify(res.tool_calls));
  assert.equal(res.tool_calls[0].name, 'hang');
  assert.match(res.tool_calls[0].error, /abandoned/);
  // The session goes on with its earlier definitions, not the failed eval's.
  assert.equal((await s.eval('kept')).value, 1);
  assert.equal((await s.eval('lost')).error.kind, 'unbound_symbol');
});

test('the timeout stops a pmap batch and a busy loop the guest runs', async () => {
  const s = await engine.newSession();
  const res = await s.eval('(pmap #(tool/hang {:x %}) [1 2 3])', { timeout: 40, tools: { hang: () => new Promise(() => {}) } });
  assert.equal(res.error.kind, 'timeout', JSON.stringify(res.error));
  // No tool call: the guest reads the clock itself (timeout_ms).
  const t0 = performance.now();
  const loop = await s.eval('(loop [i 0] (recur (inc i)))', { timeout: 80, limits: lifted });
  assert.equal(loop.error.kind, 'timeout', JSON.stringify(loop.error));
  assert.ok(performance.now() - t0 < 2000);
  // evalSync keeps the deadline too.
  assert.equal(s.evalSync('(loop [i 0] (recur (inc i)))', { timeout: 50, limits: lifted }).error.kind, 'timeout');
  assert.equal((await s.eval('(+ 1 2)')).value, 3);
});

test('an AbortSignal cancels the eval: kind cancelled, tools see the abort', async () => {
  const s = await engine.newSession();
  const ac = new AbortController();
  let toolSignal;
  const pending = s.eval('(tool/wait {})', {
    signal: ac.signal,
    tools: {
      wait: (_args, { signal }) => {
        toolSignal = signal;
        return sleep(5000);
      },
    },
  });
  await sleep(10);
  ac.abort(new Error('the user left'));
  const res = await pending;
  assert.equal(res.outcome, 'error');
  assert.equal(res.error.kind, 'cancelled');
  assert.ok(toolSignal.aborted);
  assert.equal(toolSignal.reason.message, 'the user left');
  // A batch in flight: kind cancelled too, not the abandoned calls' tool_error.
  const ac2 = new AbortController();
  setTimeout(() => ac2.abort(), 20);
  const batch = await s.eval('(pmap #(tool/hang {:x %}) [1 2 3])', { signal: ac2.signal, tools: { hang: () => new Promise(() => {}) } });
  assert.equal(batch.error.kind, 'cancelled', JSON.stringify(batch.error));
  // An already aborted signal: the eval does not start.
  await assert.rejects(s.eval('(+ 1 2)', { signal: AbortSignal.abort(new Error('too late')) }), /too late/);
  assert.equal((await s.eval('(+ 1 2)')).value, 3);
});

test('one eval at a time per session; sessions evaluate concurrently', async () => {
  const a = await engine.newSession();
  const b = await engine.newSession();
  const tools = { later: async ({ v }) => (await sleep(10), v) };
  const pa = a.eval('(+ (tool/later {:v 1}) (tool/later {:v 2}))', { tools });
  await assert.rejects(a.eval('1'), BusyError);
  assert.throws(() => a.evalSync('1'), BusyError);
  assert.throws(() => a.snapshot(), BusyError);
  const pb = b.eval('(* (tool/later {:v 3}) (tool/later {:v 4}))', { tools });
  const [ra, rb] = await Promise.all([pa, pb]);
  assert.equal(ra.value, 3);
  assert.equal(rb.value, 12);
});

test('recovery after a fuel trap in an async eval, with a pending async tool before it', async () => {
  const s = await engine.newSession();
  await s.eval('(def base (tool/base {}))', { tools: { base: async () => 40 } });
  await assert.rejects(
    s.eval('(tool/tick {}) (loop [i 0] (recur (inc i)))', { fuel: 5_000_000, limits: lifted, tools: { tick: async () => sleep(1, 0) } }),
    (err) => {
      assert.ok(err instanceof TrapError, String(err));
      assert.equal(err.limit, 'fuel');
      assert.equal(err.recovered, true);
      return true;
    },
  );
  const res = await s.eval('(+ base (tool/two {}))', { tools: { two: async () => 2 } });
  assert.equal(res.value, 42);
});

test('the pool: sessions come ready, and poolSize 0 instantiates on demand', async () => {
  const pooled = await Engine.create({ poolSize: 3 });
  const t0 = performance.now();
  const s = await pooled.newSession();
  const took = performance.now() - t0;
  assert.equal((await s.eval('(+ 1 2)')).value, 3);
  console.log(`# newSession from the pool: ${took.toFixed(2)} ms`);
  const none = await Engine.create({ poolSize: 0 });
  assert.equal((await (await none.newSession()).eval('(+ 1 2)')).value, 3);
  await assert.rejects(Engine.create({ poolSize: -1 }), /poolSize/);
});

test('asyncPath: jspi is refused where the engine has none', { skip: HAS_JSPI && 'this engine has JSPI' }, async () => {
  await assert.rejects(Engine.create({ asyncPath: 'jspi' }), /no JSPI/);
  assert.equal((await Engine.create({ poolSize: 0 })).asyncPath, 'portable');
});

test('max_tool_calls holds for async calls and batches', async () => {
  const s = await engine.newSession();
  const res = await s.eval('(pmap #(tool/id {:x %}) (range 5))', { limits: { max_tool_calls: 3 }, tools: { id: async ({ x }) => x } });
  assert.equal(res.outcome, 'error');
  assert.match(res.error.message, /tool calls/);
});

test('a timeout that is not a positive number is refused', async () => {
  const s = await engine.newSession();
  await assert.rejects(s.eval('1', { timeout: -5 }), RangeError);
  assert.throws(() => s.evalSync('1', { timeout: 'soon' }), RangeError);
  assert.equal((await s.eval('1', { timeout: 0.5 })).value, 1);
});
