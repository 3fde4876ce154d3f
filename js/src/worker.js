// The worker side of WorkerEngine (workerengine.js): one guest session in
// a worker (worker_threads in Node, a module Web Worker in browsers). It
// evaluates with Session.eval; each tool call is a message to the thread
// that owns the tools, and its answer a message back.

import { Engine } from './index.js';

const port = typeof self !== 'undefined' && typeof self.postMessage === 'function' && typeof window === 'undefined' ? self : (await import('node:worker_threads')).parentPort;
const listen = (fn) => (port === globalThis.self ? port.addEventListener('message', (e) => fn(e.data)) : port.on('message', fn));
const post = (m) => port.postMessage(m);

let session = null;
const evals = new Map(); // eval id -> AbortController
const calls = new Map(); // call id -> resolve
let nextCall = 0;

function errorOf(e) {
  return { name: e?.constructor?.name ?? e?.name ?? 'Error', message: e?.message ?? String(e) };
}

function trapOf(e) {
  return {
    limit: e.limit,
    fuel: e.fuel,
    detail: e.detail,
    cause: e.cause?.message ?? '',
    recovered: e.recovered,
    lost: e.lost,
    recoveryError: e.recoveryError ? e.recoveryError.message : null,
  };
}

// A tool of the eval: a round trip to the owner of the tools.
function remoteTool(evalId, name) {
  return (args, { signal }) =>
    new Promise((resolve, reject) => {
      const callId = nextCall++;
      const forget = () => calls.delete(callId); // abandoned: a late answer is dropped
      signal.addEventListener('abort', forget, { once: true });
      calls.set(callId, (m) => {
        signal.removeEventListener('abort', forget);
        if (m.ok) resolve(m.value);
        else reject(new Error(m.message));
      });
      post({ type: 'tool', id: evalId, callId, name, args });
    });
}

async function handle(m) {
  switch (m.type) {
    case 'init': {
      try {
        const engine = await Engine.create({ wasm: m.module, wallClock: m.wallClock, poolSize: 0 });
        let report = null;
        if (m.restore) {
          const r = await engine.restoreSession(m.restore);
          session = r.session;
          report = r.report;
        } else {
          session = await engine.newSession();
        }
        if (m.history) session._restoreHistory(m.history);
        post({ type: 'ready', report });
      } catch (e) {
        post({ type: 'initError', error: errorOf(e) });
      }
      return;
    }
    case 'eval': {
      const ac = new AbortController();
      evals.set(m.id, ac);
      const tools = Object.fromEntries(m.tools.map((n) => [n, remoteTool(m.id, n)]));
      try {
        const res = await session.eval(m.src, { data: m.data, limits: m.limits, fuel: m.fuel, timeout: m.guestTimeout, tools, signal: ac.signal });
        post({ type: 'result', id: m.id, result: res, entries: res.defined ? session._entries(res.defined) : null });
      } catch (e) {
        if (e?.name === 'TrapError') post({ type: 'trap', id: m.id, trap: trapOf(e) });
        else post({ type: 'error', id: m.id, error: errorOf(e) });
      } finally {
        evals.delete(m.id);
      }
      return;
    }
    case 'toolResult': {
      const done = calls.get(m.callId);
      calls.delete(m.callId);
      done?.(m);
      return;
    }
    case 'abort':
      evals.get(m.id)?.abort(new Error(m.reason ?? 'cancelled'));
      return;
    case 'call': {
      // snapshot or check: synchronous session methods
      try {
        const value = m.method === 'snapshot' ? session.snapshot() : m.method === 'entries' ? session._entries(m.names) : session.check(m.src, m.tools);
        post({ type: 'value', id: m.id, value });
      } catch (e) {
        post({ type: 'error', id: m.id, error: errorOf(e) });
      }
      return;
    }
  }
}

listen((m) => {
  handle(m);
});
