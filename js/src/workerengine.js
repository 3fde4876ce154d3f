// WorkerEngine: each session's guest runs in a worker (worker_threads in
// Node, a module Web Worker in browsers); the tools stay on the caller's
// thread. A worker can be stopped while its guest computes, which the
// in-thread Session cannot do: if the guest has not answered graceMs
// (250) after its deadline, or after the eval's signal aborted, the worker
// is terminated, the eval rejects with a TrapError (limit 'deadline' or
// 'cancelled'), and the session continues in a fresh worker restored from
// its committed definitions.

import { TrapError, SessionBrokenError, BusyError, EncodeError, compileModule, checkTimeout } from './index.js';

/** How long after its deadline (or cancellation) a worker's guest may take to answer before it is terminated. */
export const DEFAULT_GRACE_MS = 250;

const WORKER_URL = new URL('./worker.js', import.meta.url);
const IN_NODE = typeof process !== 'undefined' && process.versions?.node !== undefined && typeof window === 'undefined';

/** A worker with a message callback, the same in Node and browsers. */
async function spawn(onMessage, onError) {
  if (IN_NODE) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(WORKER_URL);
    w.on('message', onMessage);
    w.on('error', onError);
    return w;
  }
  const w = new Worker(WORKER_URL, { type: 'module' });
  w.addEventListener('message', (e) => onMessage(e.data));
  w.addEventListener('error', (e) => onError(new Error(e.message ?? 'the worker failed')));
  return w;
}

// rebuildError turns an error the worker reported back into its class
// (index.js and this module import each other: read the classes late).
function rebuildError({ name, message }) {
  const known = { EncodeError, BusyError, TypeError, RangeError };
  const C = known[name] ?? Error;
  const e = new C(message);
  if (!(name in known) && name !== 'Error') e.name = name;
  return e;
}

/**
 * WorkerEngine opens sessions whose guests run in workers. The options are
 * Engine.create's (wasm, memoryPages, wallClock) and graceMs.
 */
export class WorkerEngine {
  /** @internal use WorkerEngine.create */
  constructor(module, { wallClock, graceMs, guestDeadline }) {
    this.module = module;
    this.wallClock = wallClock;
    this.graceMs = graceMs;
    this.guestDeadline = guestDeadline;
  }

  static async create(options = {}) {
    const { wasm, memoryPages, wallClock = false, graceMs = DEFAULT_GRACE_MS, _guestDeadline = true } = options;
    return new WorkerEngine(await compileModule(wasm, memoryPages), { wallClock, graceMs, guestDeadline: _guestDeadline });
  }

  /** newSession starts a worker with a guest and a session in it. */
  async newSession() {
    const s = new WorkerSession(this);
    await s._start(null);
    return s;
  }

  /** restoreSession starts a worker whose session holds a snapshot's definitions. */
  async restoreSession(snap) {
    const s = new WorkerSession(this);
    const report = await s._start(typeof snap === 'string' ? snap : new TextDecoder().decode(snap));
    s._adopt(await s._snapshotEntries(report.restored));
    return { session: s, report };
  }
}

/** A session whose guest runs in a worker; eval is async, tools run on this thread. */
export class WorkerSession {
  #engine;
  #worker = null;
  #pending = new Map(); // request id -> { resolve, reject, onTool }
  #nextId = 0;
  #state = new Map(); // name -> snapshot entry of every committed definition
  #history = ['', '', '']; // printed forms of *1 *2 *3, for a replaced worker
  #busy = false;
  #closed = false;
  #broken = null;
  #failed = null;

  /** @internal use WorkerEngine.newSession */
  constructor(engine) {
    this.#engine = engine;
  }

  /** @internal starts a worker (restoring snap, and the printed forms of *1 *2 *3, when given); resolves to its restore report. */
  async _start(snap, history = null) {
    let ready;
    const started = new Promise((resolve, reject) => (ready = { resolve, reject }));
    const w = await spawn(
      (m) => this.#onMessage(w, m, ready),
      (e) => this.#onWorkerError(w, e, ready),
    );
    this.#worker = w;
    w.postMessage({ type: 'init', module: this.#engine.module, wallClock: this.#engine.wallClock, restore: snap, history });
    return started;
  }

  /** @internal records the snapshot entries of restored names. */
  _adopt(entries) {
    for (const [n, e] of Object.entries(entries)) this.#state.set(n, e);
  }

  // Node: an idle worker does not keep the process alive; one that works for us does.
  #hold(on) {
    if (on) this.#worker?.ref?.();
    else if (this.#pending.size === 0) this.#worker?.unref?.();
  }

  #onMessage(w, m, ready) {
    if (w !== this.#worker) return; // a terminated worker's last words
    switch (m.type) {
      case 'ready':
        this.#hold(false);
        ready.resolve(m.report ?? { restored: [], lost: {} });
        return;
      case 'initError':
        ready.reject(rebuildError(m.error));
        return;
      case 'tool':
        this.#pending.get(m.id)?.onTool(m);
        return;
      default: {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        this.#hold(false);
        p?.settle(m);
      }
    }
  }

  #onWorkerError(w, e, ready) {
    if (w !== this.#worker) return;
    this.#failed = e; // the worker is gone: later calls would wait forever
    ready.reject(e);
    for (const p of this.#pending.values()) p.fail(e);
    this.#pending.clear();
  }

  #enter() {
    if (this.#closed) throw new Error('ptc: the session is closed');
    if (this.#broken) throw new SessionBrokenError(this.#broken);
    if (this.#failed) throw new Error(`ptc: the session's worker failed: ${this.#failed.message}; open a new session`, { cause: this.#failed });
    if (this.#busy) throw new BusyError();
    this.#busy = true;
  }

  // #request posts a message and resolves with the worker's answer.
  #request(msg, onTool = () => {}) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { settle: resolve, fail: reject, onTool });
      this.#hold(true);
      this.#worker.postMessage({ ...msg, id });
    });
  }

  /**
   * eval runs src in the worker. Options as Session.eval (data, tools,
   * limits, fuel, timeout, signal). A guest that misses its deadline or
   * ignores a cancellation by graceMs is terminated: the eval rejects with
   * a TrapError (limit 'deadline' or 'cancelled') after the session has
   * moved to a fresh worker with its committed definitions.
   */
  async eval(src, options = {}) {
    if (typeof src !== 'string') throw new TypeError('ptc: eval wants the program as a string');
    this.#enter();
    try {
      return await this.#eval(src, options);
    } finally {
      this.#busy = false;
    }
  }

  async #eval(src, { data, tools = {}, limits = {}, fuel, timeout, signal } = {}) {
    if (signal?.aborted) throw signal.reason ?? new Error('ptc: the eval was aborted before it started');
    checkTimeout(timeout);
    const toolAbort = new AbortController(); // the signal the tools on this thread see
    const grace = this.#engine.graceMs;
    let kill = null; // set when the watchdog fires: 'deadline' or 'cancelled'
    let watchdog = null;
    let onKill;
    const killed = new Promise((resolve) => (onKill = resolve));
    const arm = (limit, ms) => {
      if (watchdog === null) watchdog = setTimeout(() => ((kill = limit), onKill()), ms);
    };
    const deadline = timeout > 0 ? setTimeout(() => (toolAbort.abort(new DOMException(`ptc: the eval's timeout of ${timeout} ms passed`, 'TimeoutError')), arm('deadline', grace)), timeout) : null;
    let id;
    const onAbort = () => {
      toolAbort.abort(signal.reason);
      this.#worker.postMessage({ type: 'abort', id, reason: String(signal.reason?.message ?? signal.reason ?? 'cancelled') });
      arm('cancelled', grace);
    };
    const onTool = async (m) => {
      let reply;
      try {
        const fn = Object.hasOwn(tools, m.name) ? tools[m.name] : null;
        if (typeof fn !== 'function') throw new Error(`unknown tool ${m.name}`);
        reply = { ok: true, value: await fn(m.args ?? {}, { signal: toolAbort.signal }) };
      } catch (e) {
        reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      if (this.#worker !== null) {
        try {
          this.#worker.postMessage({ type: 'toolResult', callId: m.callId, ...reply });
        } catch (e) {
          this.#worker.postMessage({ type: 'toolResult', callId: m.callId, ok: false, message: `the tool's result cannot be passed to the program: ${e.message}` });
        }
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const msg = {
      type: 'eval',
      src,
      data,
      limits,
      fuel,
      guestTimeout: this.#engine.guestDeadline ? timeout : undefined,
      tools: Object.keys(tools),
    };
    const answer = new Promise((resolve, reject) => {
      id = this.#nextId++;
      this.#pending.set(id, { settle: resolve, fail: reject, onTool });
    });
    this.#hold(true);
    this.#worker.postMessage({ ...msg, id });
    let m;
    try {
      m = await Promise.race([answer, killed]);
    } finally {
      clearTimeout(deadline);
      clearTimeout(watchdog);
      signal?.removeEventListener('abort', onAbort);
    }
    if (kill !== null) {
      this.#pending.delete(id);
      toolAbort.abort(new DOMException('ptc: the worker was terminated', 'AbortError'));
      throw await this.#replace(kill, timeout);
    }
    switch (m.type) {
      case 'result':
        if (m.entries) for (const [n, e] of Object.entries(m.entries)) this.#state.set(n, e);
        if (m.result.outcome === 'value') this.#history = [m.result.printed ?? '', this.#history[0], this.#history[1]];
        return m.result;
      case 'trap': {
        const t = m.trap;
        const te = new TrapError({ limit: t.limit, fuel: t.fuel, detail: t.detail, cause: new Error(t.cause) });
        for (const n of Object.keys(t.lost ?? {})) this.#state.delete(n);
        te._settle(t.recovered, t.lost, t.recoveryError ? new Error(t.recoveryError) : null);
        if (!t.recovered) this.#broken = te;
        throw te;
      }
      default:
        throw rebuildError(m.error);
    }
  }

  // #replace terminates the worker and continues in a fresh one with the
  // committed definitions; returns the TrapError to throw.
  async #replace(limit, timeout) {
    const old = this.#worker;
    this.#worker = null;
    old.terminate();
    const why =
      limit === 'deadline'
        ? `the guest did not stop within ${this.#engine.graceMs} ms of its ${timeout} ms deadline; its worker was terminated`
        : `the guest did not stop within ${this.#engine.graceMs} ms of the cancellation; its worker was terminated`;
    const te = new TrapError({ limit, fuel: 0n, detail: '', cause: new Error(why) });
    try {
      const names = [...this.#state.keys()].sort();
      const snap = names.length > 0 ? '(ptc/snapshot 1)\n' + names.map((n) => this.#state.get(n)).join('') : null;
      const report = await this._start(snap, this.#history);
      for (const n of Object.keys(report.lost ?? {})) this.#state.delete(n);
      te._settle(true, report.lost, null);
    } catch (e) {
      this.#broken = te;
      te._settle(false, {}, e);
    }
    return te;
  }

  /** @internal the snapshot entries of the named definitions, from the worker's session. */
  async _snapshotEntries(names) {
    const m = await this.#request({ type: 'call', method: 'entries', names });
    return m.type === 'value' ? m.value : {};
  }

  /** snapshot resolves to the session's snapshot text (as Session.snapshot). */
  async snapshot() {
    return this.#call({ type: 'call', method: 'snapshot' });
  }

  /** check resolves to the diagnostics of src (as Session.check). */
  async check(src, tools) {
    return this.#call({ type: 'call', method: 'check', src, tools });
  }

  async #call(msg) {
    this.#enter();
    try {
      const m = await this.#request(msg);
      if (m.type === 'error') throw rebuildError(m.error);
      return m.value;
    } finally {
      this.#busy = false;
    }
  }

  /** close terminates the session's worker. */
  close() {
    this.#closed = true;
    this.#worker?.terminate();
    this.#worker = null;
    this.#state.clear();
    this.#history = ['', '', ''];
  }
}
