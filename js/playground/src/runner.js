// Runner owns the Web Worker that runs programs (worker.js). Stopping a
// program, by the Stop button or the page's timeout, terminates the worker
// and starts a new one; in multi-turn mode the new one restores the
// session from its last snapshot.

/** The memory maximum, in 64 KiB pages, of the module the server sends. */
export const SERVED_PAGES = 4096;

/** How long after its timeout a program's worker is terminated. */
const TIMEOUT_GRACE_MS = 500;

// The guest module, compiled while it downloads (index.html starts that
// and a first worker before app.js loads, in self.ptcBoot). A compiled
// module is sent to each new worker as it is; another memory maximum needs
// the bytes, which the worker rewrites and compiles.
let compiled = null;
let bytes = null;
const boot = self.ptcBoot ?? {};

function guestModule() {
  compiled ??= (boot.module ?? WebAssembly.compileStreaming(fetch('ptc.wasm'))).catch(async (e) => {
    // A server that does not send application/wasm: compile from bytes.
    if (!(e instanceof TypeError)) throw e;
    return WebAssembly.compile(await guestBytes());
  });
  return compiled;
}

function guestBytes() {
  bytes ??= fetch('ptc.wasm').then((r) => {
    if (!r.ok) throw new Error(`loading ptc.wasm: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  return bytes;
}

export class Runner {
  worker = null;
  ready = null; // Promise of the worker's 'ready' message
  pages = 0;
  snapshot = null; // the multi-turn session's last snapshot
  pending = null; // {id, resolve, timer} of the run in progress
  nextId = 1;

  /** start replaces the worker with a new one whose guest has a memory maximum of pages. */
  start(pages) {
    this.worker?.terminate();
    this.pages = pages;
    let w = boot.worker;
    boot.worker = null;
    if (!w || pages !== SERVED_PAGES) {
      w?.terminate();
      w = new Worker('worker.js', { type: 'module' });
    }
    this.worker = w;
    this.ready = new Promise((resolve, reject) => {
      w.onmessage = ({ data: m }) => {
        if (m.type === 'ready') resolve(m);
        else if (m.type === 'init-error') reject(new Error(m.message));
        else if (m.type === 'done' && this.pending?.id === m.id) this.finish(m);
      };
      w.onerror = (e) => reject(new Error(e.message || 'the worker failed to start'));
      const wasm = pages === SERVED_PAGES ? guestModule() : guestBytes();
      wasm.then((wasm) => w.postMessage({ type: 'init', wasm, memoryPages: pages, snapshot: this.snapshot }), reject);
    });
    this.ready.catch(() => {});
    return this.ready;
  }

  finish(m) {
    const p = this.pending;
    this.pending = null;
    clearTimeout(p.timer);
    if (m.snapshot !== undefined) this.snapshot = m.snapshot;
    p.resolve(m);
  }

  /**
   * run evaluates one program: msg is the worker's 'run' message without
   * its id. It resolves with the worker's 'done' message, or with
   * {stopped: 'timeout' | 'stop', restarted} when the worker was stopped.
   */
  async run(msg, pages, timeoutMs) {
    if (!this.worker || pages !== this.pages) this.start(pages);
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending = { id, resolve, timer: 0 };
      // The guest gets the timeout too (a JavaScript host that keeps
      // deadlines ends the program with kind timeout, keeping the session);
      // terminating the worker is the backstop.
      if (timeoutMs > 0) this.pending.timer = setTimeout(() => this.stop('timeout'), timeoutMs + TIMEOUT_GRACE_MS);
      this.worker.postMessage({ type: 'run', id, ...msg, timeout: timeoutMs });
    });
  }

  /** stop terminates the running program's worker and starts a new one. */
  stop(why) {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    const restarted = this.start(this.pages);
    p.resolve({ type: 'done', id: p.id, stopped: why, restarted });
  }

  /** discard drops a worker that failed to start; the next run starts another. */
  discard() {
    this.worker?.terminate();
    this.worker = null;
  }

  /** reset forgets the multi-turn session: the worker opens a fresh one. */
  reset() {
    this.snapshot = null;
    if (this.worker && !this.pending) this.worker.postMessage({ type: 'reset' });
  }
}
