// The JavaScript host of the PTC-Lisp Wasm guest: the same guest module
// the Go host (package host) runs, with the same ABI (abi/README.md in the
// Go module), here over the JavaScript engine's own WebAssembly.
//
//   const engine = await Engine.create();
//   const s = await engine.newSession();
//   s.eval('(+ 1 2)').printed; // '3'
//
// Tools are synchronous functions. Node 20 has no JSPI (JavaScript Promise
// Integration), so a guest blocked in a tool call cannot await a Promise;
// a tool that returns one fails the call with a tool_error that says so.

import { encode, parse, EncodeError } from './json.js';
import { wasiImports, ProcExit, STDERR_KEEP } from './wasi.js';

export { EncodeError };

/** The ABI version this host speaks; the guest's ptc_abi_version must match. */
export const ABI_VERSION = 1;
/** Fuel per interpreter step when an eval gives no fuel (the Go host's FuelPerStep). */
export const FUEL_PER_STEP = 500;
/** The interpreter's default max_steps limit. */
export const DEFAULT_MAX_STEPS = 50_000_000;
/** The fuel of an eval with the default limits: DEFAULT_MAX_STEPS × FUEL_PER_STEP. */
export const DEFAULT_FUEL = BigInt(DEFAULT_MAX_STEPS) * BigInt(FUEL_PER_STEP);
/** The default memory maximum of a guest, in 64 KiB pages (256 MiB). */
export const DEFAULT_MEMORY_PAGES = 4096;
/** The interpreter's default max_tool_calls limit; the host enforces it too. */
export const DEFAULT_MAX_TOOL_CALLS = 1000;

const MAX_INT64 = (1n << 63n) - 1n;
const FUEL_EXPORT = 'ptc_fuel';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * TrapError is thrown by Session.eval when the guest traps: it ran out of
 * fuel (limit 'fuel'), out of memory (limit 'memory'), or failed in a way
 * the interpreter did not catch (limit ''). The trapped instance is
 * discarded; the session goes on in a fresh one holding every definition
 * committed before the failed eval (recovered true; *1 *2 *3 start empty).
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

// ---------------------------------------------------------------------------
// One guest instance

/** A guest instance with its captured stderr and the tool calls of the eval in progress. */
class Guest {
  constructor(engine) {
    this.engine = engine;
    this.stderr = [];
    this.stderrLen = 0;
    this.call = null; // { tools, pending, calls, maxCalls } while an eval runs
    this.exports = null;
  }

  imports() {
    const memory = () => this.exports.memory;
    const out = (chunk) => {
      const room = STDERR_KEEP - this.stderrLen;
      if (room > 0) {
        const part = chunk.slice(0, room);
        this.stderr.push(part);
        this.stderrLen += part.length;
      }
    };
    return {
      wasi_snapshot_preview1: wasiImports(memory, out),
      ptc: {
        tool_call: (ptr, len) => this.toolCall(ptr, len),
        tool_batch: (ptr, len) => this.toolBatch(ptr, len),
        tool_result: (ptr) => this.toolResult(ptr),
      },
    };
  }

  /** Runs the reactor's _initialize and checks the ABI version. */
  start(instance) {
    this.exports = instance.exports;
    this.exports._initialize();
    const v = this.exports.ptc_abi_version() >>> 0;
    if (v !== ABI_VERSION) throw new Error(`ptc: the guest speaks ABI version ${v}, this host speaks ${ABI_VERSION}`);
    this.fuel = this.exports[FUEL_EXPORT];
    this.id = this.exports.ptc_session_new() >>> 0;
    return this;
  }

  static async create(engine) {
    const g = new Guest(engine);
    return g.start(await WebAssembly.instantiate(engine.module, g.imports()));
  }

  static createSync(engine) {
    const g = new Guest(engine);
    return g.start(new WebAssembly.Instance(engine.module, g.imports()));
  }

  stderrText() {
    return fromUtf8.decode(concatBytes(this.stderr, this.stderrLen));
  }

  bytes() {
    return new Uint8Array(this.exports.memory.buffer);
  }

  /** Copies b into guest memory and returns its address (free with ptc_free). */
  put(b) {
    const ptr = this.exports.ptc_alloc(b.length) >>> 0;
    this.bytes().set(b, ptr);
    return ptr;
  }

  /** Copies out and frees the buffer a packed ptr<<32|len result names. */
  take(packed) {
    const ptr = Number(BigInt.asUintN(64, packed) >> 32n);
    const len = Number(BigInt.asUintN(32, packed));
    const b = this.bytes();
    if (ptr + len > b.length) throw new Error('ptc: the guest returned a buffer outside its memory');
    const out = fromUtf8.decode(b.subarray(ptr, ptr + len));
    this.exports.ptc_free(ptr);
    return out;
  }

  /** Calls an export taking (...args, ptr, len) of req and answering ptr<<32|len. */
  exchange(name, req, ...args) {
    const b = typeof req === 'string' ? utf8.encode(req) : req;
    const ptr = this.put(b);
    const out = this.take(this.exports[name](...args, ptr, b.length));
    this.exports.ptc_free(ptr);
    return out;
  }

  /** Runs fn with the fuel global at budget, then unmetered again. */
  metered(budget, fn) {
    this.fuel.value = budget;
    try {
      return fn();
    } finally {
      this.fuel.value = MAX_INT64;
    }
  }

  // Tool imports ------------------------------------------------------------

  respond(text) {
    const b = utf8.encode(text);
    if (this.call) this.call.pending = b;
    return b.length;
  }

  read(ptr, len) {
    return fromUtf8.decode(this.bytes().subarray(ptr >>> 0, (ptr >>> 0) + (len >>> 0)));
  }

  toolCall(ptr, len) {
    const c = this.call;
    if (!c) return this.respond('{"error":"no evaluation in progress"}');
    let req;
    try {
      req = parse(this.read(ptr, len));
    } catch (e) {
      return this.respond(encode({ error: `bad tool request: ${e.message}` }));
    }
    if (!this.admit(1)) return this.respond(encode({ error: this.overLimit() }));
    return this.respond(this.runRequest(req));
  }

  toolBatch(ptr, len) {
    const c = this.call;
    if (!c) return this.respond('[]');
    let reqs;
    try {
      reqs = parse(this.read(ptr, len));
    } catch {
      return this.respond('[]');
    }
    if (!Array.isArray(reqs)) return this.respond('[]');
    if (!this.admit(reqs.length)) {
      const e = encode({ error: this.overLimit() });
      return this.respond(`[${reqs.map(() => e).join(',')}]`);
    }
    // In order, one after another: synchronous tools cannot overlap.
    return this.respond(`[${reqs.map((r) => this.runRequest(r)).join(',')}]`);
  }

  toolResult(ptr) {
    const c = this.call;
    if (c && c.pending) {
      this.bytes().set(c.pending, ptr >>> 0);
      c.pending = null;
    }
  }

  admit(n) {
    const c = this.call;
    if (c.calls + n > c.maxCalls) return false;
    c.calls += n;
    return true;
  }

  overLimit() {
    return `the host refused the call: more than ${this.call.maxCalls} tool calls in one evaluation (max_tool_calls)`;
  }

  /** Runs one tool request and returns the response document's text. */
  runRequest(req) {
    const name = req?.name;
    const tool = typeof name === 'string' && Object.hasOwn(this.call.tools, name) ? this.call.tools[name] : undefined;
    if (typeof tool !== 'function') return encode({ error: `unknown tool ${name}` });
    let v;
    try {
      v = tool(req.args ?? {});
    } catch (e) {
      return encode({ error: e instanceof Error ? e.message : String(e) });
    }
    if (v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function') {
      Promise.resolve(v).catch(() => {}); // nobody will await it
      return encode({
        error: `tool ${name} returned a Promise, but this host runs tools synchronously: async tools need JSPI (WebAssembly JavaScript Promise Integration), which this host does not use yet; make the tool return its value directly`,
      });
    }
    try {
      return `{"value":${encode(v, `the result of tool ${name}`)}}`;
    } catch (e) {
      return encode({ error: `the tool's result cannot be passed to the program: ${e.message}` });
    }
  }
}

function concatBytes(chunks, len) {
  const out = new Uint8Array(len);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

function firstLines(s, n) {
  return s.split('\n').slice(0, n).join('\n');
}

// ---------------------------------------------------------------------------
// Engine and Session

/**
 * Engine holds the compiled guest module. Create one per process (or
 * page) and open sessions from it.
 */
export class Engine {
  /** @internal use Engine.create */
  constructor(module, wallClock) {
    this.module = module;
    this.wallClock = wallClock;
  }

  /**
   * create loads and compiles the guest module: by default js/ptc.wasm, the
   * guest instrumented with the ptc_fuel global (make js-wasm).
   */
  static async create(options = {}) {
    const { wasm, memoryPages, wallClock = false } = options;
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
    const hasFuel = WebAssembly.Module.exports(mod).some((e) => e.name === FUEL_EXPORT && e.kind === 'global');
    if (!hasFuel) {
      throw new Error(`ptc: the module has no ${FUEL_EXPORT} global: load js/ptc.wasm (made by make js-wasm), not the uninstrumented host/ptc.wasm`);
    }
    return new Engine(mod, wallClock);
  }

  /** newSession instantiates a guest and opens a session in it. */
  async newSession() {
    return new Session(this, await Guest.create(this));
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
 * definitions persist across evals. Evaluation is synchronous.
 */
export class Session {
  #engine;
  #guest;
  #state = new Map(); // name -> snapshot entry of every committed definition
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
   * eval runs src and returns its result. Program errors (outcome 'error'
   * or 'fail') are in the result; a trap of the guest throws a TrapError.
   */
  eval(src, options = {}) {
    if (typeof src !== 'string') throw new TypeError('ptc: eval wants the program as a string');
    this.#enter();
    try {
      return this.#eval(src, options);
    } finally {
      this.#busy = false;
    }
  }

  #eval(src, { data, tools = {}, limits = {}, fuel } = {}) {
    const start = performance.now();
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
    const req = utf8.encode(parts.join(',') + '}');
    const budget = fuelBudget(fuel, limits);

    const g = this.#guest;
    const ptr = g.put(req);
    g.call = { tools, pending: null, calls: 0, maxCalls: limits.max_tool_calls > 0 ? limits.max_tool_calls : DEFAULT_MAX_TOOL_CALLS };
    let packed;
    let left;
    try {
      g.fuel.value = budget;
      packed = g.exports.ptc_eval(g.id, ptr, req.length);
    } catch (err) {
      left = g.fuel.value;
      throw this.#trap(err, budget, left);
    } finally {
      if (left === undefined) left = g.fuel.value;
      if (this.#guest === g) g.fuel.value = MAX_INT64;
      g.call = null;
    }
    g.exports.ptc_free(ptr);
    const res = parse(g.take(packed));
    if (Array.isArray(res.defined) && res.defined.length > 0) this._track(res.defined);
    res.fuel = Number(budget - left);
    res.duration_ns = Math.round((performance.now() - start) * 1e6);
    return res;
  }

  // #trap classifies a trap during ptc_eval and recovers the session.
  #trap(err, budget, left) {
    const detail = firstLines(this.#guest.stderrText(), 3);
    let limit = '';
    if (left < 0n) limit = 'fuel';
    else if (detail.includes('out of memory')) limit = 'memory';
    const te = new TrapError({ limit, fuel: budget, detail, cause: err });
    this.#recover(te);
    return te;
  }

  // #recover replaces the trapped instance with a fresh one holding every
  // definition committed before the failed eval.
  #recover(te) {
    this.#guest = null;
    try {
      this.#guest = Guest.createSync(this.#engine);
      let lost = {};
      if (this.#state.size > 0) {
        const rep = this._restore(this.#stateSnapshot());
        lost = rep.lost;
        for (const n of Object.keys(lost)) this.#state.delete(n);
      }
      te._settle(true, lost, null);
    } catch (e) {
      this.#broken = te;
      te._settle(false, {}, e);
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
  }

  /** @internal reads a snapshot into the session, under the default fuel. */
  _restore(snap) {
    const g = this.#guest;
    const text = typeof snap === 'string' ? snap : fromUtf8.decode(snap);
    const doc = parse(g.metered(DEFAULT_FUEL, () => g.exchange('ptc_restore', text, g.id)));
    if (doc.error) throw new Error(`ptc: cannot restore the snapshot: ${doc.error.message}`);
    return { restored: doc.restored ?? [], lost: doc.lost ?? {} };
  }

  /** @internal keeps the snapshot entries of the named definitions. */
  _track(names) {
    const g = this.#guest;
    const entries = parse(g.exchange('ptc_snapshot', JSON.stringify(names), g.id));
    for (const [n, e] of Object.entries(entries)) this.#state.set(n, e);
  }
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
