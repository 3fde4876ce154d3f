// One instance of the guest module: its imports, memory traffic, and the
// three ways to run an evaluation in it (abi/README.md):
//
// - evalSync: ptc_eval, tools called synchronously from the imports;
// - evalJSPI: ptc_eval through WebAssembly.promising, with the tool
//   imports wrapped in WebAssembly.Suspending, so a tool's Promise
//   suspends the Wasm stack (engines with JSPI);
// - evalPortable: ptc_eval_start / ptc_eval_resume, the guest's own
//   suspension at each tool call (any engine).

import { parse, encode } from './json.js';
import { wasiImports, STDERR_KEEP } from './wasi.js';

/** The ABI version this host speaks; the guest's ptc_abi_version must match. */
export const ABI_VERSION = 1;
export const FUEL_EXPORT = 'ptc_fuel';
export const MAX_INT64 = (1n << 63n) - 1n;
/** Values of the guest's interrupt flag (ptc_interrupt_addr). */
export const INTERRUPT_DEADLINE = 1;
export const INTERRUPT_CANCEL = 2;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();
const PENDING = '{"pending":';

export class Guest {
  /** jspi: wrap the tool imports for JSPI (the engine has it and uses it). */
  constructor(jspi) {
    this.jspi = jspi;
    this.stderr = [];
    this.stderrLen = 0;
    this.calls = null; // the Calls of the eval in progress (tools.js)
    this.pending = null; // the response document tool_result copies out
    this.exports = null;
  }

  static async create(module, jspi) {
    const g = new Guest(jspi);
    return g.start(await WebAssembly.instantiate(module, g.imports()));
  }

  /** Synchronous instantiation: Node, or small modules; browsers refuse it for this one on the main thread. */
  static createSync(module, jspi) {
    const g = new Guest(jspi);
    return g.start(new WebAssembly.Instance(module, g.imports()));
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
    // With JSPI the tool imports are Suspending: called outside a
    // promising export they trap ("trying to suspend without
    // WebAssembly.promising", even for a plain value), so on such an
    // instance evalSync runs tools through evalPortableSync instead.
    let call = (ptr, len) => this.toolCall(ptr, len, false);
    let batch = (ptr, len) => this.toolCall(ptr, len, true);
    if (this.jspi) {
      call = new WebAssembly.Suspending(call);
      batch = new WebAssembly.Suspending(batch);
    }
    return {
      wasi_snapshot_preview1: wasiImports(memory, out),
      ptc: { tool_call: call, tool_batch: batch, tool_result: (ptr) => this.toolResult(ptr) },
    };
  }

  /** Runs the reactor's _initialize and checks the ABI version. */
  start(instance) {
    this.exports = instance.exports;
    this.exports._initialize();
    const v = this.exports.ptc_abi_version() >>> 0;
    if (v !== ABI_VERSION) throw new Error(`ptc: the guest speaks ABI version ${v}, this host speaks ${ABI_VERSION}`);
    this.fuel = this.exports[FUEL_EXPORT];
    this.interruptAddr = this.exports.ptc_interrupt_addr() >>> 0;
    this.id = this.exports.ptc_session_new() >>> 0;
    if (this.jspi) this.promisingEval = WebAssembly.promising(this.exports.ptc_eval);
    return this;
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

  /** Raises the interrupt flag the guest polls: INTERRUPT_DEADLINE or INTERRUPT_CANCEL. */
  interrupt(v) {
    new DataView(this.exports.memory.buffer).setUint32(this.interruptAddr, v, true);
  }

  // Evaluation ----------------------------------------------------------------

  /** evalSync runs a request (bytes) with ptc_eval; returns the result document's text. */
  evalSync(req) {
    const ptr = this.put(req);
    const out = this.take(this.exports.ptc_eval(this.id, ptr, req.length));
    this.exports.ptc_free(ptr);
    return out;
  }

  /** evalJSPI runs a request with ptc_eval on a suspendable stack. */
  async evalJSPI(req) {
    const ptr = this.put(req);
    const out = this.take(await this.promisingEval(this.id, ptr, req.length));
    this.exports.ptc_free(ptr);
    return out;
  }

  /** evalPortable runs a request with ptc_eval_start, answering each pending tool request with ptc_eval_resume. */
  async evalPortable(req) {
    let doc = this.exchange('ptc_eval_start', req, this.id);
    while (doc.startsWith(PENDING)) {
      const p = parse(doc);
      const resp = p.pending === 'batch' ? await this.calls.batchAsync(p.calls) : await this.calls.oneAsync(p.call);
      doc = this.exchange('ptc_eval_resume', resp);
    }
    return doc;
  }

  /** evalPortableSync is evalPortable with synchronous tools: evalSync on a JSPI instance. */
  evalPortableSync(req) {
    let doc = this.exchange('ptc_eval_start', req, this.id);
    while (doc.startsWith(PENDING)) {
      const p = parse(doc);
      doc = this.exchange('ptc_eval_resume', p.pending === 'batch' ? this.calls.batch(p.calls) : this.calls.one(p.call));
    }
    return doc;
  }

  // Tool imports ----------------------------------------------------------------

  /**
   * toolCall serves tool_call and tool_batch: the response's length, or,
   * in an async eval over JSPI, a Promise of it (the guest suspends).
   */
  toolCall(ptr, len, isBatch) {
    const c = this.calls;
    if (!c) return this.respond(isBatch ? '[]' : '{"error":"no evaluation in progress"}');
    let req;
    try {
      req = parse(fromUtf8.decode(this.bytes().subarray(ptr >>> 0, (ptr >>> 0) + (len >>> 0))));
    } catch (e) {
      return this.respond(isBatch ? '[]' : encode({ error: `bad tool request: ${e.message}` }));
    }
    if (!c.async) return this.respond(isBatch ? c.batch(req) : c.one(req));
    return (isBatch ? c.batchAsync(req) : c.oneAsync(req)).then((text) => this.respond(text));
  }

  respond(text) {
    this.pending = utf8.encode(text);
    return this.pending.length;
  }

  toolResult(ptr) {
    if (this.pending) {
      this.bytes().set(this.pending, ptr >>> 0);
      this.pending = null;
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
