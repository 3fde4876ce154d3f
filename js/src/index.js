// The JavaScript host of the PTC-Lisp Wasm guest: the same guest module
// the Go host (package host) runs, with the same ABI (abi/README.md in the
// Go module), here over the JavaScript engine's own WebAssembly, in Node
// and in browsers.
//
//   const engine = await Engine.create();
//   const s = await engine.newSession();
//   (await s.eval('(+ 1 2)')).printed; // '3'
//
// Session.eval returns a Promise and accepts tools that are synchronous or
// return Promises. Where the engine has JSPI (WebAssembly JavaScript
// Promise Integration: WebAssembly.Suspending and WebAssembly.promising)
// a tool's Promise suspends the guest's Wasm stack; elsewhere (Node 20)
// the guest suspends itself at each tool call (ptc_eval_start /
// ptc_eval_resume) and the host resumes it when the Promise settles.
// Session.evalSync runs on the calling thread with synchronous tools only.

import { encode, parse, EncodeError } from './json.js';
import { Guest, ABI_VERSION, FUEL_EXPORT, MAX_INT64, INTERRUPT_DEADLINE, INTERRUPT_CANCEL } from './guest.js';
import { Calls, DEFAULT_MAX_TOOL_CALLS, DEFAULT_MAX_PARALLEL } from './tools.js';

export { EncodeError, ABI_VERSION, DEFAULT_MAX_TOOL_CALLS, DEFAULT_MAX_PARALLEL };

/** Fuel per interpreter step when an eval gives no fuel (the Go host's FuelPerStep). */
export const FUEL_PER_STEP = 500;
/** The interpreter's default max_steps limit. */
export const DEFAULT_MAX_STEPS = 50_000_000;
/** The fuel of an eval with the default limits: DEFAULT_MAX_STEPS × FUEL_PER_STEP. */
export const DEFAULT_FUEL = BigInt(DEFAULT_MAX_STEPS) * BigInt(FUEL_PER_STEP);
/** The default memory maximum of a guest, in 64 KiB pages (256 MiB). */
export const DEFAULT_MEMORY_PAGES = 4096;
/** Guests an engine keeps instantiated and ready by default. */
export const DEFAULT_POOL_SIZE = 2;

/** Whether this JavaScript engine has JSPI (WebAssembly.Suspending and WebAssembly.promising). */
export const HAS_JSPI = typeof WebAssembly.Suspending === 'function' && typeof WebAssembly.promising === 'function';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * TrapError is thrown by Session.eval when the guest traps: it ran out of
 * fuel (limit 'fuel'), out of memory (limit 'memory'), or failed in a way
 * the interpreter did not catch (limit ''); by WorkerSession.eval also when
 * the guest's worker was terminated because it missed its deadline (limit
 * 'deadline') or a cancellation (limit 'cancelled'). The trapped instance is
 * discarded; the session goes on in a fresh one holding every definition
 * committed before the failed eval (recovered true), and *1 *2 *3 when
 * their printed forms read back (a function comes back as nil).
 * When that fails, recoveryError says why and later evals throw
 * SessionBrokenError.
 */
export class TrapError extends Error {
  constructor({ limit, fuel, detail, cause }) {
    super('', { cause });
    this.name = 'TrapError';
    this.limit = limit;
    this.fuel = fuel;
    this.detail = detail;
    this.recovered = false;
    this.lost = {};
    this.recoveryError = null;
    this.#describe();
  }

  #describe() {
    let msg;
    switch (this.limit) {
      case 'memory':
        msg = `ptc: the program exhausted the guest's memory limit (memoryPages): ${this.cause?.message}`;
        break;
      case 'fuel':
        msg = `ptc: the program used up its fuel (${this.fuel} units): raise the eval's fuel option or make the program do less work`;
        break;
      case 'deadline':
      case 'cancelled': // WorkerEngine: the guest's worker was terminated
        msg = `ptc: ${this.cause?.message}`;
        break;
      default:
        msg = `ptc: the guest trapped: ${this.cause?.message}`;
    }
    if (this.recovered) msg += ' (the session continues with its earlier definitions)';
    else if (this.recoveryError) msg += ` (the session could not be recovered: ${this.recoveryError.message})`;
    this.message = msg;
  }

  /** @internal */
  _settle(recovered, lost, recoveryError) {
    this.recovered = recovered;
    this.lost = lost ?? {};
    this.recoveryError = recoveryError ?? null;
    this.#describe();
  }
}

/** Thrown by Session methods after a trap the session could not recover from. */
export class SessionBrokenError extends Error {
  constructor(trap) {
    super("ptc: the session's guest trapped in an earlier evaluation and could not be recovered; open a new session", { cause: trap });
    this.name = 'SessionBrokenError';
  }
}

/** Thrown when a session is used again while it evaluates (e.g. from inside a tool). */
export class BusyError extends Error {
  constructor() {
    super('ptc: the session is busy with another evaluation (a tool may not call eval on its own session)');
    this.name = 'BusyError';
  }
}

// ---------------------------------------------------------------------------
// Loading the module

async function loadBytes(wasm) {
  if (wasm === undefined) wasm = new URL('../ptc.wasm', import.meta.url);
  if (wasm instanceof WebAssembly.Module) return wasm;
  if (wasm instanceof Uint8Array) return wasm;
  if (wasm instanceof ArrayBuffer) return new Uint8Array(wasm);
  if (typeof wasm === 'string' || wasm instanceof URL) {
    const url = wasm instanceof URL ? wasm : null;
    if (url && url.protocol !== 'file:') {
      const resp = await fetch(url);
      if (!resp.ok) throw new Error(`ptc: fetching ${url}: HTTP ${resp.status}`);
      return new Uint8Array(await resp.arrayBuffer());
    }
    const { readFile } = await import('node:fs/promises');
    return new Uint8Array(await readFile(wasm));
  }
  throw new TypeError('ptc: options.wasm must be a Uint8Array, ArrayBuffer, WebAssembly.Module, URL or file path');
}

function readLeb(b, off) {
  let v = 0;
  let shift = 0;
  for (;;) {
    if (off >= b.length) throw new Error('ptc: the module is truncated');
    const c = b[off++];
    v += (c & 0x7f) * 2 ** shift;
    shift += 7;
    if ((c & 0x80) === 0) return [v, off];
    if (shift > 35) throw new Error('ptc: bad LEB128 in the module');
  }
}

function leb(v) {
  const out = [];
  do {
    let c = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) c |= 0x80;
    out.push(c);
  } while (v !== 0);
  return out;
}

/**
 * withMemoryMaximum returns the module bytes with the maximum of its
 * (single, defined) memory set to pages.
 */
function withMemoryMaximum(b, pages) {
  let off = 8;
  while (off < b.length) {
    const id = b[off];
    const [size, bodyOff] = readLeb(b, off + 1);
    const end = bodyOff + size;
    if (id === 5) {
      const [count, o1] = readLeb(b, bodyOff);
      const flags = b[o1];
      if (count !== 1 || (flags !== 0 && flags !== 1)) throw new Error('ptc: unexpected memory section in the module');
      const [min] = readLeb(b, o1 + 1);
      if (pages < min) {
        throw new RangeError(`ptc: memoryPages ${pages} is below the guest's initial memory of ${min} pages`);
      }
      const body = [1, 1, ...leb(min), ...leb(pages)];
      const sec = [5, ...leb(body.length), ...body];
      const out = new Uint8Array(off + sec.length + (b.length - end));
      out.set(b.subarray(0, off), 0);
      out.set(sec, off);
      out.set(b.subarray(end), off + sec.length);
      return out;
    }
    off = end;
  }
  throw new Error('ptc: the module defines no memory');
}

function firstLines(s, n) {
  return s.split('\n').slice(0, n).join('\n');
}

/**
 * compileModule loads the guest (wasm as Engine.create takes it), sets its
 * memory maximum and compiles it, refusing modules this host cannot run.
 * @internal shared by Engine and WorkerEngine.
 */
export async function compileModule(wasm, memoryPages) {
  let mod = await loadBytes(wasm);
  if (!(mod instanceof WebAssembly.Module)) {
    if (memoryPages !== undefined) {
      if (!Number.isInteger(memoryPages) || memoryPages < 1 || memoryPages > 65536) {
        throw new RangeError(`ptc: memoryPages ${memoryPages}: want an integer from 1 to 65536 (64 KiB pages)`);
      }
      mod = withMemoryMaximum(mod, memoryPages);
    }
    mod = await WebAssembly.compile(mod);
  } else if (memoryPages !== undefined) {
    throw new TypeError('ptc: memoryPages needs the module as bytes, not a compiled WebAssembly.Module');
  }
  const exports = WebAssembly.Module.exports(mod);
  if (!exports.some((e) => e.name === FUEL_EXPORT && e.kind === 'global')) {
    throw new Error(`ptc: the module has no ${FUEL_EXPORT} global: load js/ptc.wasm (made by make js-wasm), not the uninstrumented host/ptc.wasm`);
  }
  if (!exports.some((e) => e.name === 'ptc_eval_start')) {
    throw new Error('ptc: the module has no ptc_eval_start export: it predates suspending evaluation; rebuild it (make wasm js-wasm)');
  }
  return mod;
}

// ---------------------------------------------------------------------------
// Engine and Session

/**
 * Engine holds the compiled guest module and a pool of instantiated
 * guests. Create one per process (or page) and open sessions from it.
 */
export class Engine {
  #pool = [];
  #poolSize;
  #filling = null;

  /** @internal use Engine.create */
  constructor(module, { wallClock, poolSize, jspi }) {
    this.module = module;
    this.wallClock = wallClock;
    this.#poolSize = poolSize;
    /** How Session.eval waits for async tools: 'jspi' or 'portable'. */
    this.asyncPath = jspi ? 'jspi' : 'portable';
  }

  /**
   * create loads and compiles the guest module (by default js/ptc.wasm,
   * the guest instrumented with the ptc_fuel global by make js-wasm) and
   * instantiates poolSize guests ready for sessions.
   */
  static async create(options = {}) {
    const { wasm, memoryPages, wallClock = false, poolSize = DEFAULT_POOL_SIZE, asyncPath = 'auto' } = options;
    if (!Number.isInteger(poolSize) || poolSize < 0) throw new RangeError(`ptc: poolSize ${poolSize}: want an integer >= 0`);
    let jspi;
    switch (asyncPath) {
      case 'auto':
        jspi = HAS_JSPI;
        break;
      case 'jspi':
        if (!HAS_JSPI) throw new Error("ptc: asyncPath 'jspi': this JavaScript engine has no JSPI (WebAssembly.Suspending); use 'auto' or 'portable'");
        jspi = true;
        break;
      case 'portable':
        jspi = false;
        break;
      default:
        throw new TypeError(`ptc: asyncPath ${asyncPath}: want 'auto', 'jspi' or 'portable'`);
    }
    const mod = await compileModule(wasm, memoryPages);
    const engine = new Engine(mod, { wallClock, poolSize, jspi });
    await engine.#fill();
    return engine;
  }

  /** A pooled guest, or null; starts refilling the pool. */
  #take() {
    const g = this.#pool.pop() ?? null;
    this.#refill();
    return g;
  }

  #fill() {
    if (!this.#filling) {
      this.#filling = (async () => {
        while (this.#pool.length < this.#poolSize) this.#pool.push(await Guest.create(this.module, this.asyncPath === 'jspi'));
      })().finally(() => {
        this.#filling = null;
      });
    }
    return this.#filling;
  }

  #refill() {
    // In the background, after the caller has its guest (starting an
    // instantiation takes milliseconds of this thread); a failure shows at
    // the next direct instantiation.
    if (this.#pool.length < this.#poolSize && !this.#filling) {
      setTimeout(() => this.#fill().catch(() => {}), 0);
    }
  }

  /** @internal a ready guest: from the pool, or instantiated now. */
  async _guest() {
    return this.#take() ?? (await Guest.create(this.module, this.asyncPath === 'jspi'));
  }

  /** @internal a ready guest without awaiting: from the pool, or instantiated synchronously (Node; browsers may refuse). */
  _guestSync() {
    return this.#take() ?? Guest.createSync(this.module, this.asyncPath === 'jspi');
  }

  /** newSession opens a session in a pooled (or new) guest instance. */
  async newSession() {
    return new Session(this, await this._guest());
  }

  /**
   * restoreSession opens a new session holding the definitions of a
   * snapshot made by Session.snapshot. Names that cannot be rebuilt are
   * listed in report.lost; a text that is not a snapshot is an error.
   */
  async restoreSession(snap) {
    const session = await this.newSession();
    try {
      const report = session._restore(snap);
      if (report.restored.length > 0) session._track(report.restored);
      return { session, report };
    } catch (e) {
      session.close();
      throw e;
    }
  }
}

/**
 * Session is one guest instance with one interpreter session in it:
 * definitions persist across evals. One eval at a time.
 */
export class Session {
  #engine;
  #guest;
  #state = new Map(); // name -> snapshot entry of every committed definition
  #history = ['', '', '']; // printed forms of *1 *2 *3, for recovery ('' for none)
  #broken = null;
  #busy = false;
  #closed = false;

  /** @internal use Engine.newSession */
  constructor(engine, guest) {
    this.#engine = engine;
    this.#guest = guest;
  }

  #enter() {
    if (this.#closed) throw new Error('ptc: the session is closed');
    if (this.#broken) throw new SessionBrokenError(this.#broken);
    if (this.#busy) throw new BusyError();
    this.#busy = true;
  }

  /**
   * eval runs src and resolves to its result. Tools may return Promises.
   * Program errors (outcome 'error' or 'fail', e.g. kind timeout or
   * cancelled) are in the result; a trap of the guest rejects with a
   * TrapError once the session has recovered.
   */
  async eval(src, options = {}) {
    if (typeof src !== 'string') throw new TypeError('ptc: eval wants the program as a string');
    this.#enter();
    try {
      return await this.#evalAsync(src, options);
    } finally {
      this.#busy = false;
    }
  }

  /**
   * evalSync runs src on the calling thread and returns its result. Tools
   * must return their values directly; a tool returning a Promise fails
   * the call.
   */
  evalSync(src, options = {}) {
    if (typeof src !== 'string') throw new TypeError('ptc: evalSync wants the program as a string');
    this.#enter();
    try {
      return this.#evalSync(src, options);
    } finally {
      this.#busy = false;
    }
  }

  #evalSync(src, options) {
    const start = performance.now();
    const { req, budget, calls } = this.#prepare(src, options, false);
    const g = this.#guest;
    let text;
    let left;
    g.calls = calls;
    try {
      g.fuel.value = budget;
      text = g.jspi && !calls.none ? g.evalPortableSync(req) : g.evalSync(req);
    } catch (err) {
      left = g.fuel.value;
      const te = this.#trap(err, budget, left);
      this.#recover(te, () => this.#engine._guestSync());
      throw te;
    } finally {
      if (left === undefined) left = g.fuel.value;
      this.#release(g);
    }
    return this.#finish(text, budget, left, start);
  }

  async #evalAsync(src, options) {
    const start = performance.now();
    const { timeout, signal } = options;
    if (signal?.aborted) throw signal.reason ?? new Error('ptc: the eval was aborted before it started');
    const { req, budget, calls } = this.#prepare(src, options, true);
    const g = this.#guest;
    const stop = (flag, why, reason) => {
      if (g.calls !== calls) return; // over already
      g.interrupt(flag);
      calls.stop(why, reason);
    };
    const timer =
      timeout > 0
        ? setTimeout(() => stop(INTERRUPT_DEADLINE, "the evaluation's deadline passed", new DOMException(`ptc: the eval's timeout of ${timeout} ms passed`, 'TimeoutError')), timeout)
        : null;
    const onAbort = () => stop(INTERRUPT_CANCEL, 'the evaluation was cancelled', signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let text;
    let left;
    g.calls = calls;
    try {
      g.fuel.value = budget;
      // Without tools nothing can suspend: the plain export is quicker.
      text = calls.none ? g.evalSync(req) : await (g.jspi ? g.evalJSPI(req) : g.evalPortable(req));
    } catch (err) {
      left = g.fuel.value;
      const te = this.#trap(err, budget, left);
      this.#release(g);
      await this.#recoverAsync(te);
      throw te;
    } finally {
      if (timer !== null) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (left === undefined) left = g.fuel.value;
      this.#release(g);
    }
    return this.#finish(text, budget, left, start);
  }

  // #prepare encodes the request of an eval and its tool calls' state.
  #prepare(src, { data, tools = {}, limits = {}, fuel, timeout } = {}, async) {
    const names = Object.keys(tools).sort();
    const parts = [`{"source":${JSON.stringify(src)}`];
    if (data !== undefined && data !== null) {
      if (typeof data !== 'object' || Array.isArray(data)) throw new TypeError('ptc: options.data must be an object of name -> value');
      const fields = Object.keys(data).map((k) => `${JSON.stringify(k)}:${encode(data[k], `data/${k}`)}`);
      parts.push(`"data":{${fields.join(',')}}`);
    }
    if (names.length > 0) parts.push(`"tools":${JSON.stringify(names)}`);
    parts.push(`"limits":${encode(limits, 'limits')}`);
    if (this.#engine.wallClock) parts.push('"clock":true');
    if (checkTimeout(timeout)) {
      parts.push(`"timeout_ms":${Math.max(1, Math.ceil(timeout))}`);
    }
    return { req: utf8.encode(parts.join(',') + '}'), budget: fuelBudget(fuel, limits), calls: new Calls(tools, limits, async) };
  }

  // #release ends an eval in guest g: no calls, unmetered.
  #release(g) {
    g.calls = null;
    if (g.exports) g.fuel.value = MAX_INT64;
  }

  #finish(text, budget, left, start) {
    const res = parse(text);
    if (Array.isArray(res.defined) && res.defined.length > 0 && !this.#closed) this._track(res.defined);
    if (res.outcome === 'value') this.#history = [res.printed ?? '', this.#history[0], this.#history[1]];
    res.fuel = Number(budget - left);
    res.duration_ns = Math.round((performance.now() - start) * 1e6);
    return res;
  }

  // #trap classifies a trap of the guest.
  #trap(err, budget, left) {
    const detail = firstLines(this.#guest.stderrText(), 3);
    let limit = '';
    if (left < 0n) limit = 'fuel';
    // The Go runtime says "out of memory" when its heap is full, and
    // "cannot allocate memory" when growing the linear memory fails.
    else if (detail.includes('out of memory') || detail.includes('cannot allocate memory')) limit = 'memory';
    return new TrapError({ limit, fuel: budget, detail, cause: err });
  }

  // #recover replaces the trapped instance with a fresh one (from make,
  // synchronously) holding every definition committed before the failed eval.
  #recover(te, make) {
    this.#guest = null;
    try {
      this.#install(make(), te);
    } catch (e) {
      this.#broken = te;
      te._settle(false, {}, e);
    }
  }

  // #recoverAsync is #recover instantiating asynchronously, as browsers
  // require for a module this size on the main thread.
  async #recoverAsync(te) {
    this.#guest = null;
    try {
      this.#install(await this.#engine._guest(), te);
    } catch (e) {
      this.#broken = te;
      te._settle(false, {}, e);
    }
  }

  #install(g, te) {
    this.#guest = g;
    let lost = {};
    if (this.#state.size > 0) {
      const rep = this._restore(this.#stateSnapshot());
      lost = rep.lost;
      for (const n of Object.keys(lost)) this.#state.delete(n);
    }
    this.#restoreHistory(g);
    te._settle(true, lost, null);
  }

  // #restoreHistory brings *1 *2 *3 back into a recovered guest from their
  // printed forms, in a restore of its own (as the Go host does): data
  // quoted when it reads back, a var as (var x), nil for anything else (a
  // function). A failure costs the history, never the definitions.
  #restoreHistory(g) {
    if (this.#history.every((h) => h === '')) return;
    const form = (h) => {
      if (h === '') return 'nil';
      if (h.startsWith("#'user/") && !/[\s([{]/.test(h)) return `(var ${h.slice("#'user/".length)})`;
      if (h.includes("#'")) return 'nil'; // a var inside data would read back as the list (var ...)
      const req = `{"source":${JSON.stringify("'" + h)},"tools":[]}`;
      const doc = parse(g.metered(DEFAULT_FUEL, () => g.exchange('ptc_check', req)));
      return (doc.diagnostics ?? [1]).length === 0 ? "'" + h : 'nil';
    };
    try {
      this._restore(`(ptc/snapshot 1)\n(ptc/history ${this.#history.map(form).join(' ')})\n`);
    } catch {
      this.#history = ['', '', ''];
    }
  }

  #stateSnapshot() {
    const names = [...this.#state.keys()].sort();
    return '(ptc/snapshot 1)\n' + names.map((n) => this.#state.get(n)).join('');
  }

  /**
   * snapshot returns the session's definitions and *1 *2 *3 as PTC-Lisp
   * text that Engine.restoreSession (or the Go hosts) turns back into a
   * session.
   */
  snapshot() {
    this.#enter();
    try {
      const g = this.#guest;
      return g.take(g.exports.ptc_snapshot(g.id, 0, 0));
    } finally {
      this.#busy = false;
    }
  }

  /**
   * check analyzes src without running it and returns its diagnostics
   * (empty when the program would start). tools lists the tools that would
   * be granted; undefined means tool references are not checked.
   */
  check(src, tools) {
    this.#enter();
    try {
      const g = this.#guest;
      const req = `{"source":${JSON.stringify(src)},"tools":${tools === undefined ? 'null' : JSON.stringify(tools)}}`;
      const doc = parse(g.metered(DEFAULT_FUEL, () => g.exchange('ptc_check', req)));
      if (doc.outcome === 'error') throw new Error(`ptc: check failed: ${doc.error?.message}`);
      return doc.diagnostics ?? [];
    } finally {
      this.#busy = false;
    }
  }

  /**
   * memoryBytes is the size of the guest instance's linear memory in bytes
   * (WebAssembly memory only grows, so its high-water mark); 0 once closed.
   */
  get memoryBytes() {
    return this.#guest?.exports.memory.buffer.byteLength ?? 0;
  }

  /** close releases the session's instance. */
  close() {
    this.#closed = true;
    this.#guest = null;
    this.#state.clear();
    this.#history = ['', '', ''];
  }

  /** @internal reads a snapshot into the session, under the default fuel. */
  _restore(snap) {
    const g = this.#guest;
    const text = typeof snap === 'string' ? snap : fromUtf8.decode(snap);
    const doc = parse(g.metered(DEFAULT_FUEL, () => g.exchange('ptc_restore', text, g.id)));
    if (doc.error) throw new Error(`ptc: cannot restore the snapshot: ${doc.error.message}`);
    return { restored: doc.restored ?? [], lost: doc.lost ?? {} };
  }

  /** @internal the kept snapshot entries of the named definitions (WorkerEngine mirrors them). */
  _entries(names) {
    const out = {};
    for (const n of names) if (this.#state.has(n)) out[n] = this.#state.get(n);
    return out;
  }

  /** @internal gives the session *1 *2 *3 from their printed forms (a WorkerSession's replaced worker). */
  _restoreHistory(printed) {
    this.#history = [0, 1, 2].map((i) => printed[i] ?? '');
    this.#restoreHistory(this.#guest);
  }

  /** @internal keeps the snapshot entries of the named definitions. */
  _track(names) {
    const g = this.#guest;
    const entries = parse(g.exchange('ptc_snapshot', JSON.stringify(names), g.id));
    for (const [n, e] of Object.entries(entries)) this.#state.set(n, e);
  }
}

/**
 * checkTimeout reports whether an eval's timeout option is set, and throws
 * if it is set to something other than a positive number of milliseconds.
 * @internal shared with WorkerEngine.
 */
export function checkTimeout(timeout) {
  if (timeout === undefined || timeout === null) return false;
  if (!(typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout))) {
    throw new RangeError(`ptc: timeout ${timeout}: want a positive number of milliseconds`);
  }
  return true;
}

/** fuelBudget is the fuel of one eval, as a BigInt in [1, 2^63-1]. */
function fuelBudget(fuel, limits) {
  if (fuel !== undefined && fuel !== null && fuel !== 0 && fuel !== 0n) {
    let f;
    try {
      f = BigInt(fuel);
    } catch {
      throw new TypeError(`ptc: fuel ${fuel}: want a positive integer (number or bigint)`);
    }
    if (f < 0n) throw new RangeError(`ptc: fuel ${fuel}: want a positive integer`);
    return f > MAX_INT64 ? MAX_INT64 : f;
  }
  const steps = limits.max_steps > 0 ? BigInt(limits.max_steps) : BigInt(DEFAULT_MAX_STEPS);
  const f = steps * BigInt(FUEL_PER_STEP);
  return f > MAX_INT64 ? MAX_INT64 : f;
}

export { WorkerEngine, WorkerSession, DEFAULT_GRACE_MS } from './workerengine.js';
