// Tests of the JavaScript host: evaluation, tools, errors, fuel and memory
// traps with recovery, snapshots; synchronous (evalSync) and async (eval)
// evaluation share them. Async tools, batches, deadlines, cancellation and
// the pool are in async.test.js. Run with `node --test js/test/`.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, TrapError, DEFAULT_FUEL } from '../src/index.js';

// Interpreter limits lifted so that only fuel or the guest's memory stop a program.
const lifted = { max_steps: 2 ** 50, max_collection: 2 ** 40, max_string_bytes: 2 ** 40 };

let engine;
before(async () => {
  engine = await Engine.create();
});

test('eval with data and a tool', async () => {
  const s = await engine.newSession();
  const seen = [];
  const res = await s.eval('(let [o (tool/get-order {:id (first data/ids)})] (println (:status o)) (+ (:total o) (count data/ids)))', {
    data: { ids: [7, 8, 9] },
    tools: {
      'get-order': (args) => {
        seen.push(args);
        return { status: 'open', total: 2.5 };
      },
    },
  });
  assert.equal(res.outcome, 'value');
  assert.equal(res.value, 5.5);
  assert.equal(res.printed, '5.5');
  assert.deepEqual(res.prints, ['open']);
  assert.deepEqual(seen, [{ id: 7 }]);
  assert.equal(res.tool_calls.length, 1);
  assert.equal(res.tool_calls[0].name, 'get-order');
  assert.ok(res.fuel > 0, `fuel used ${res.fuel}`);
  assert.ok(res.steps > 0);
});

test('defs persist across evals (sync and async), and so does *1', async () => {
  const s = await engine.newSession();
  assert.deepEqual(s.evalSync('(def rate 3) (defn scale [x] (* rate x))').defined.sort(), ['rate', 'scale']);
  assert.equal(s.evalSync('(scale 14)').value, 42);
  assert.equal((await s.eval('(inc *1)')).value, 43);
});

test('a thrown Error becomes the tool_error of the program', async () => {
  const s = await engine.newSession();
  const res = await s.eval('(tool/boom {:n 1})', {
    tools: {
      boom: () => {
        throw new Error('the warehouse is closed');
      },
    },
  });
  assert.equal(res.outcome, 'error');
  assert.equal(res.error.kind, 'tool_error');
  assert.match(res.error.message, /the warehouse is closed/);
});

test('evalSync: a tool returning a Promise fails with a message pointing at eval', async () => {
  const s = await engine.newSession();
  const res = s.evalSync('(tool/later {})', { tools: { later: async () => 1 } });
  assert.equal(res.outcome, 'error');
  assert.equal(res.error.kind, 'tool_error');
  assert.match(res.error.message, /returned a Promise, but evalSync runs tools synchronously: use eval/);
});

test('pmap batches call the tools in order', async () => {
  const s = await engine.newSession();
  const order = [];
  const res = await s.eval('(pmap #(tool/sq {:x %}) [1 2 3 4])', {
    tools: {
      sq: ({ x }) => {
        order.push(x);
        return x * x;
      },
    },
  });
  assert.equal(res.outcome, 'value', JSON.stringify(res.error));
  assert.deepEqual(res.value, [1, 4, 9, 16]);
  assert.deepEqual(order, [1, 2, 3, 4]);
  assert.ok(res.tool_calls.every((c) => c.batch === 1), JSON.stringify(res.tool_calls));
});

test('numbers: integers, floats and big integers cross both ways', async () => {
  const s = await engine.newSession();
  const res = await s.eval('[data/i data/f data/big (float? data/f) (integer? data/i) (* 1.0 1E300) (inc 9007199254740992)]', {
    data: { i: 3, f: 0.5, big: 2n ** 62n },
  });
  assert.equal(res.outcome, 'value', JSON.stringify(res.error));
  assert.deepEqual(res.value, [3, 0.5, 2n ** 62n, true, true, 1e300, 9007199254740993n]);
  // An integral JS number goes as an integer: 1.0 and 1 are the same number in JavaScript.
  assert.equal((await s.eval('(integer? data/x)', { data: { x: 1.0 } })).value, true);
  await assert.rejects(s.eval('data/x', { data: { x: NaN } }), /data\/x: NaN has no JSON form/);
  assert.throws(() => s.evalSync('data/x', { data: { x: NaN } }), /data\/x: NaN has no JSON form/);
});

test('an error has a kind, a position and a hint', async () => {
  const s = await engine.newSession();
  const res = await s.eval('(def xs [1 2 3])\n(fitler odd? xs)');
  assert.equal(res.outcome, 'error');
  assert.equal(res.error.kind, 'unbound_symbol');
  assert.deepEqual(res.error.pos, { line: 2, col: 2 });
  assert.match(res.error.hint, /filter/);
});

test('a parse error points at the open paren', async () => {
  const s = await engine.newSession();
  const res = await s.eval('(+ 1\n  (* 2 3)');
  assert.equal(res.outcome, 'error');
  assert.equal(res.error.kind, 'parse_error');
  assert.deepEqual(res.error.pos, { line: 1, col: 1 });
  assert.ok(res.error.message.length > 0);
});

test('the interpreter step limit is a program error, not a trap', async () => {
  const s = await engine.newSession();
  const res = await s.eval('(loop [i 0] (recur (inc i)))', { limits: { max_steps: 100000 } });
  assert.equal(res.outcome, 'error');
  assert.equal(res.error.kind, 'step_limit');
});

test('fuel stops a runaway the interpreter lets run; the session recovers its defs', async () => {
  const s = await engine.newSession();
  await s.eval('(def kept {:a [1 2.5 "x"]}) (defn twice [x] (* 2 x))');
  const fuel = 20_000_000;
  await assert.rejects(
    s.eval('(loop [i 0] (recur (inc i)))', { limits: lifted, fuel }),
    (err) => {
      assert.ok(err instanceof TrapError, String(err));
      assert.equal(err.limit, 'fuel');
      assert.equal(err.fuel, BigInt(fuel));
      assert.equal(err.recovered, true);
      assert.ok(err.cause instanceof WebAssembly.RuntimeError);
      assert.match(err.message, /used up its fuel \(20000000 units\).*continues/);
      return true;
    },
  );
  const res = await s.eval('[kept (twice 21)]');
  assert.equal(res.printed, '[{:a [1 2.5 "x"]} 42]');
  assert.ok(res.fuel < Number(DEFAULT_FUEL));
});

test('after a trap *1 *2 *3 come back from their printed forms; a function as nil', async () => {
  const s = await engine.newSession();
  await s.eval('(def kept 41)');
  await s.eval('[1 "two" :three]');
  await s.eval('{:a #{1 2} :b 2.5}');
  const trap = () =>
    assert.rejects(s.eval('(loop [i 0] (recur (inc i)))', { limits: lifted, fuel: 20_000_000 }), (err) => err.recovered === true);
  await trap();
  let res = await s.eval('[*1 *2 *3 (= *3 (var kept))]');
  assert.equal(res.printed, `[{:a #{1 2}, :b 2.5} [1 "two" :three] #'user/kept true]`);
  await s.eval('(fn [x] x)');
  await trap();
  res = await s.eval('[*1 *2 *3]');
  assert.equal(res.printed, '[nil nil {:a #{1 2}, :b 2.5}]'); // *2 held a var inside a vector
});

test('a memory bomb traps with limit memory; the session recovers', async () => {
  const small = await Engine.create({ memoryPages: 1024 }); // 64 MiB
  const s = await small.newSession();
  await s.eval('(def n 41)');
  await assert.rejects(
    s.eval('(loop [s "0123456789abcdef" keep []] (recur (str s s) (conj keep s)))', { limits: lifted }),
    (err) => {
      assert.ok(err instanceof TrapError, String(err));
      assert.equal(err.limit, 'memory', `detail: ${err.detail}`);
      assert.match(err.detail, /out of memory/);
      assert.equal(err.recovered, true);
      return true;
    },
  );
  assert.equal(s.evalSync('(inc n)').value, 42);
});

test('memoryPages below the guest minimum is refused', async () => {
  await assert.rejects(Engine.create({ memoryPages: 1 }), /below the guest's initial memory/);
});

test('snapshot and restore round trip', async () => {
  const s = await engine.newSession();
  await s.eval('(def rates (tool/rates {})) (def k 10) (defn scale [x] (* k x)) (def to-eur (partial * 2.5))', {
    tools: { rates: () => ({ eur: 1.1, gbp: 1.3 }) },
  });
  await s.eval('(scale 4)');
  const snap = s.snapshot();
  assert.equal(typeof snap, 'string');
  assert.match(snap, /^\(ptc\/snapshot 1\)/);
  s.close();
  const { session, report } = await engine.restoreSession(snap);
  assert.deepEqual([...report.restored].sort(), ['k', 'rates', 'scale', 'to-eur']);
  assert.deepEqual(report.lost, {});
  const res = await session.eval('[(:gbp rates) (scale 5) (to-eur 10) *1]');
  assert.equal(res.outcome, 'value', JSON.stringify(res.error));
  assert.deepEqual(res.value.slice(0, 3), [1.3, 50, 25.0]);
  assert.equal(res.value[3], 40);
  await assert.rejects(engine.restoreSession('(not a snapshot)'), /cannot restore the snapshot/);
});

test('a restored session recovers its restored defs after a trap', async () => {
  const s = await engine.newSession();
  await s.eval('(def base 100)');
  const { session } = await engine.restoreSession(s.snapshot());
  assert.throws(() => session.evalSync('(loop [i 0] (recur (inc i)))', { limits: lifted, fuel: 1_000_000 }), TrapError);
  assert.equal((await session.eval('(+ base 1)')).value, 101);
});

test('check reports problems without running', async () => {
  const s = await engine.newSession();
  const diags = s.check('(fitler odd? [1])\n(tool/get-order {:id 1})', ['get-orders']);
  assert.deepEqual(
    diags.map((d) => d.kind),
    ['unbound_symbol', 'unknown_tool'],
  );
  assert.deepEqual(s.check('(+ 1 2)'), []);
});

test('a tool may not re-enter its own session', async () => {
  const s = await engine.newSession();
  const res = s.evalSync('(tool/again {})', { tools: { again: () => s.evalSync('1') } });
  assert.equal(res.error.kind, 'tool_error');
  assert.match(res.error.message, /busy with another evaluation/);
  const res2 = await s.eval('(tool/again {})', { tools: { again: () => s.eval('1') } });
  assert.equal(res2.error.kind, 'tool_error');
  assert.match(res2.error.message, /busy with another evaluation/);
  // The session is usable again once the eval is over.
  assert.equal((await s.eval('(+ 40 2)')).value, 42);
});

test('a closed session refuses evals', async () => {
  const s = await engine.newSession();
  s.close();
  await assert.rejects(s.eval('1'), /closed/);
  assert.throws(() => s.evalSync('1'), /closed/);
});

test('the uninstrumented module is refused with a pointer to js/ptc.wasm', async () => {
  const raw = new URL('../../host/ptc.wasm', import.meta.url);
  await assert.rejects(Engine.create({ wasm: raw }), /no ptc_fuel global: load js\/ptc\.wasm/);
});
