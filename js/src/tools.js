// Running the host's tools for one evaluation: the requests the guest
// makes (abi/README.md, "Tool calls") turned into calls of JavaScript
// functions, and their results or errors into response documents.
//
// A Calls object lives as long as one eval. Synchronous evaluation
// (Session.evalSync) uses one() and batch(); asynchronous evaluation
// (Session.eval, over JSPI or the suspending exports) uses oneAsync() and
// batchAsync(), which await Promises, run a batch's calls concurrently up
// to maxParallel at a time, and give up on pending calls when the eval is
// stopped (its deadline passed or its signal aborted).

import { encode } from './json.js';

/** The interpreter's default max_tool_calls limit; the host enforces it too. */
export const DEFAULT_MAX_TOOL_CALLS = 1000;
/** The interpreter's default max_parallel limit: calls of one batch in flight at once. */
export const DEFAULT_MAX_PARALLEL = 8;

const STOPPED = Symbol('stopped');

export class Calls {
  #controller = null;
  #stopped = null;

  /**
   * tools: name -> function; limits: the eval's limits (max_tool_calls,
   * max_parallel); async: whether Promises may be awaited.
   */
  constructor(tools, limits, async) {
    this.tools = tools;
    this.none = Object.keys(tools).length === 0;
    this.async = async;
    this.count = 0;
    this.maxCalls = limits.max_tool_calls > 0 ? limits.max_tool_calls : DEFAULT_MAX_TOOL_CALLS;
    this.maxParallel = limits.max_parallel > 0 ? limits.max_parallel : DEFAULT_MAX_PARALLEL;
    this.stopReason = '';
  }

  // The AbortController and the Promise that settles when it aborts are
  // made at the first tool call (or stop): creating them costs more than a
  // small evaluation without tools.
  get controller() {
    if (this.#controller === null) this.#controller = new AbortController();
    return this.#controller;
  }

  get stopped() {
    if (this.#stopped === null) {
      const signal = this.controller.signal;
      this.#stopped = signal.aborted ? Promise.resolve(STOPPED) : new Promise((resolve) => signal.addEventListener('abort', () => resolve(STOPPED), { once: true }));
    }
    return this.#stopped;
  }

  /**
   * stop gives up on the calls in flight: their tools' AbortSignal fires
   * with reason, they answer the guest with an error saying why, and later
   * calls are refused at once.
   */
  stop(why, reason) {
    if (this.controller.signal.aborted) return;
    this.stopReason = why;
    this.controller.abort(reason);
  }

  admit(n) {
    if (this.count + n > this.maxCalls) return false;
    this.count += n;
    return true;
  }

  overLimit() {
    return encode({ error: `the host refused the call: more than ${this.maxCalls} tool calls in one evaluation (max_tool_calls)` });
  }

  lookup(req) {
    const name = req?.name;
    const tool = typeof name === 'string' && Object.hasOwn(this.tools, name) ? this.tools[name] : undefined;
    return [name, typeof tool === 'function' ? tool : null];
  }

  // Synchronous -------------------------------------------------------------

  /** one runs a parsed tool request and returns the response document. */
  one(req) {
    if (!this.admit(1)) return this.overLimit();
    return this.run(req);
  }

  /** batch runs the requests of one pmap/pcalls batch in order. */
  batch(reqs) {
    if (!Array.isArray(reqs)) return '[]';
    if (!this.admit(reqs.length)) return `[${reqs.map(() => this.overLimit()).join(',')}]`;
    return `[${reqs.map((r) => this.run(r)).join(',')}]`;
  }

  run(req) {
    const [name, tool] = this.lookup(req);
    if (!tool) return encode({ error: `unknown tool ${name}` });
    let v;
    try {
      v = tool(req.args ?? {}, { signal: this.controller.signal });
    } catch (e) {
      return failure(e);
    }
    if (isThenable(v)) {
      Promise.resolve(v).catch(() => {}); // nobody will await it
      return encode({
        error: `tool ${name} returned a Promise, but evalSync runs tools synchronously: use eval (which awaits async tools) or make the tool return its value directly`,
      });
    }
    return response(name, v);
  }

  // Asynchronous ------------------------------------------------------------

  /** oneAsync is one() for an async eval: a Promise of the response document. */
  async oneAsync(req) {
    if (!this.admit(1)) return this.overLimit();
    return this.runAsync(req);
  }

  /** batchAsync runs a batch's calls concurrently, at most maxParallel at a time. */
  async batchAsync(reqs) {
    if (!Array.isArray(reqs)) return '[]';
    if (!this.admit(reqs.length)) return `[${reqs.map(() => this.overLimit()).join(',')}]`;
    const out = new Array(reqs.length);
    let next = 0;
    const worker = async () => {
      while (next < reqs.length) {
        const i = next++;
        out[i] = await this.runAsync(reqs[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.maxParallel, reqs.length) }, worker));
    return `[${out.join(',')}]`;
  }

  async runAsync(req) {
    const [name, tool] = this.lookup(req);
    if (!tool) return encode({ error: `unknown tool ${name}` });
    if (this.controller.signal.aborted) return this.abandoned(name);
    let v;
    try {
      v = tool(req.args ?? {}, { signal: this.controller.signal });
      if (isThenable(v)) {
        v = await Promise.race([v, this.stopped]);
        if (v === STOPPED) return this.abandoned(name);
      }
    } catch (e) {
      return failure(e);
    }
    return response(name, v);
  }

  abandoned(name) {
    return encode({ error: `tool ${name} was abandoned: ${this.stopReason}` });
  }
}

function isThenable(v) {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function';
}

function failure(e) {
  return encode({ error: e instanceof Error ? e.message : String(e) });
}

function response(name, v) {
  try {
    return `{"value":${encode(v, `the result of tool ${name}`)}}`;
  } catch (e) {
    return encode({ error: `the tool's result cannot be passed to the program: ${e.message}` });
  }
}
