// The playground's worker: it owns the guest (js/src/index.js over the
// browser's WebAssembly), so a runaway program blocks this thread only; the
// page stops it by terminating the worker and starting a new one.
//
// Messages from the page:
//   {type: 'init', wasm: WebAssembly.Module | ArrayBuffer, memoryPages, snapshot?}
//     (a Module already has its memory maximum; bytes get memoryPages)
//   {type: 'run', id, source, data, tools: [{name, response} | {name, js}],
//    limits, fuel, timeout, multi}
//   {type: 'reset'}
// Messages to the page:
//   {type: 'ready', ms, restored?, lost?} | {type: 'init-error', message}
//   {type: 'done', id, result?, trap?, failure?, memoryBytes, snapshot?}
// Messages are handled one at a time, in order.

import { Engine, TrapError } from '../../src/index.js';

let engine = null;
let session = null;
let used = false; // whether session has run a program

async function init({ wasm, memoryPages, snapshot }) {
  const t0 = performance.now();
  engine = await Engine.create(wasm instanceof WebAssembly.Module ? { wasm } : { wasm: new Uint8Array(wasm), memoryPages });
  let restored;
  let lost;
  if (snapshot) {
    const r = await engine.restoreSession(snapshot);
    session = r.session;
    restored = r.report.restored;
    lost = r.report.lost;
  } else {
    session = await engine.newSession();
  }
  return { ms: Math.round(performance.now() - t0), restored, lost };
}

async function freshSession() {
  session?.close();
  session = null;
  used = false;
  session = await engine.newSession();
}

/** compileTools turns the page's tool definitions into functions. */
function compileTools(specs) {
  const tools = {};
  for (const t of specs ?? []) {
    if (typeof t?.name !== 'string' || t.name === '') throw new Error('tools: every tool needs a "name"');
    if (typeof t.js === 'string') {
      let fn;
      try {
        fn = new Function(`"use strict";\nreturn (${t.js}\n);`)();
      } catch (e) {
        throw new Error(`tool ${t.name}: its "js" does not compile: ${e.message}`);
      }
      if (typeof fn !== 'function') throw new Error(`tool ${t.name}: "js" must be a function, e.g. (args) => ({ ok: true })`);
      tools[t.name] = fn;
    } else if ('response' in t) {
      const json = JSON.stringify(t.response);
      tools[t.name] = () => JSON.parse(json);
    } else {
      throw new Error(`tool ${t.name}: give either "response" (JSON) or "js" (a function's source)`);
    }
  }
  return tools;
}

async function run({ id, source, data, tools, limits, fuel, timeout, multi }) {
  const out = { type: 'done', id };
  try {
    if (!multi && used) await freshSession();
    used = true;
    const opts = { data, tools: compileTools(tools), limits };
    if (fuel) opts.fuel = fuel;
    // A host that keeps deadlines in the guest ends the program with kind
    // timeout; the page's own timer (a little later) is the backstop.
    if (timeout > 0) opts.timeout = timeout;
    out.result = await session.eval(source, opts);
    out.memoryBytes = session.memoryBytes;
  } catch (e) {
    if (e instanceof TrapError) {
      // The trapped instance is gone (the session goes on in a fresh one),
      // so its memory is unknown; an out-of-memory trap used the maximum.
      out.trap = { limit: e.limit, fuel: String(e.fuel), message: e.message, detail: e.detail, recovered: e.recovered, lost: e.lost };
    } else {
      out.failure = { name: e?.name ?? 'Error', message: e?.message ?? String(e) };
    }
  }
  if (multi && session) {
    try {
      out.snapshot = await session.snapshot();
    } catch {
      // a broken session has no snapshot; the page keeps its last one
    }
  }
  return out;
}

async function handle(msg) {
  switch (msg.type) {
    case 'init':
      try {
        self.postMessage({ type: 'ready', ...(await init(msg)) });
      } catch (e) {
        self.postMessage({ type: 'init-error', message: e?.message ?? String(e) });
      }
      break;
    case 'run':
      self.postMessage(await run(msg));
      // Have a fresh session ready for the next single-turn run.
      if (!msg.multi) await freshSession();
      break;
    case 'reset':
      if (engine) await freshSession();
      break;
  }
}

let queue = Promise.resolve();
self.onmessage = ({ data: msg }) => {
  queue = queue.then(() => handle(msg)).catch((e) => console.error('ptc playground worker:', e));
};
