// A minimal, hermetic WASI preview 1 for the PTC-Lisp guest.
//
// It implements exactly the imports the guest may use (abi.AllowedImports
// in the Go module): clocks, randomness, writes to stdout/stderr (captured,
// for the Go runtime's fatal errors), exit, sched_yield, poll_oneoff
// (clock sleeps only) and empty arguments and environment. There is no
// file system, no network and no environment: a program cannot reach the
// host through WASI.

const ESUCCESS = 0;
const EBADF = 8;
const EINVAL = 28;

/** Thrown by proc_exit: the guest's Go runtime gave up (e.g. out of memory). */
export class ProcExit extends Error {
  constructor(code) {
    super(`the guest exited with code ${code}`);
    this.code = code;
  }
}

/** How many bytes of the guest's stdout/stderr are kept (its last words). */
export const STDERR_KEEP = 4096;

// A 4-byte shared buffer to sleep on with Atomics.wait. Node allows that
// on its main thread; a browser's main thread does not (it throws) and
// without cross-origin isolation has no SharedArrayBuffer at all. Where
// blocking is not allowed a sleep returns at once: the Go runtime checks
// its timers and polls again, so it spins until the time has come rather
// than block the thread. The guest only sleeps when every goroutine waits
// for a timer, which its evaluations do not do.
let sleeper = typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : null;
function sleepMs(ms) {
  if (!(ms > 0) || sleeper === null) return;
  try {
    Atomics.wait(sleeper, 0, 0, Math.min(ms, 1000));
  } catch {
    sleeper = null; // blocking is not allowed on this thread: never try again
  }
}

function nowRealtimeNs() {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e3)) * 1000n;
}

function nowMonotonicNs() {
  return BigInt(Math.round(performance.now() * 1e6));
}

/**
 * wasiImports returns the wasi_snapshot_preview1 import object for one
 * guest instance. memory() returns the instance's memory (set after
 * instantiation); out receives the bytes the guest writes to fd 1 and 2.
 */
export function wasiImports(memory, out) {
  const view = () => new DataView(memory().buffer);
  const bytes = () => new Uint8Array(memory().buffer);
  const clock = (id) => (id === 0 ? nowRealtimeNs() : id === 1 ? nowMonotonicNs() : null);
  const zeroPair = (a, b) => {
    const v = view();
    v.setUint32(a, 0, true);
    v.setUint32(b, 0, true);
    return ESUCCESS;
  };
  return {
    clock_time_get(id, _precision, timePtr) {
      const t = clock(id);
      if (t === null) return EINVAL;
      view().setBigUint64(timePtr, t, true);
      return ESUCCESS;
    },
    clock_res_get(id, resPtr) {
      if (id !== 0 && id !== 1) return EINVAL;
      view().setBigUint64(resPtr, 1000n, true);
      return ESUCCESS;
    },
    random_get(ptr, len) {
      const b = bytes();
      for (let off = 0; off < len; off += 65536) {
        crypto.getRandomValues(b.subarray(ptr + off, ptr + Math.min(len, off + 65536)));
      }
      return ESUCCESS;
    },
    fd_write(fd, iovs, iovsLen, nwrittenPtr) {
      if (fd !== 1 && fd !== 2) return EBADF;
      const v = view();
      const b = bytes();
      let n = 0;
      for (let i = 0; i < iovsLen; i++) {
        const ptr = v.getUint32(iovs + 8 * i, true);
        const len = v.getUint32(iovs + 8 * i + 4, true);
        out(b.subarray(ptr, ptr + len));
        n += len;
      }
      v.setUint32(nwrittenPtr, n, true);
      return ESUCCESS;
    },
    proc_exit(code) {
      throw new ProcExit(code);
    },
    sched_yield() {
      return ESUCCESS;
    },
    // poll_oneoff serves the Go runtime's sleeps: it waits for the
    // earliest clock subscription and reports it. File descriptor
    // subscriptions get EBADF: the guest has no files.
    poll_oneoff(inPtr, outPtr, nsubs, neventsPtr) {
      if (nsubs === 0) return EINVAL;
      let v = view();
      let soonest = -1;
      let soonestNs = 0n;
      const events = [];
      for (let i = 0; i < nsubs; i++) {
        const sub = inPtr + 48 * i;
        const userdata = v.getBigUint64(sub, true);
        const tag = v.getUint8(sub + 8);
        if (tag !== 0) {
          events.push({ userdata, error: EBADF, type: tag });
          continue;
        }
        const id = v.getUint32(sub + 16, true);
        let timeout = v.getBigUint64(sub + 24, true);
        const abs = (v.getUint16(sub + 40, true) & 1) !== 0;
        const now = clock(id);
        if (now === null) {
          events.push({ userdata, error: EINVAL, type: 0 });
          continue;
        }
        if (abs) timeout = timeout > now ? timeout - now : 0n;
        if (soonest < 0 || timeout < soonestNs) {
          soonest = events.length;
          soonestNs = timeout;
        }
        events.push({ userdata, error: ESUCCESS, type: 0, clock: true });
      }
      // With a file event to report, do not sleep; otherwise sleep until
      // the earliest clock fires and report only that one.
      const fileEvents = events.filter((e) => !e.clock);
      let report = fileEvents;
      if (fileEvents.length === 0 && soonest >= 0) {
        sleepMs(Number(soonestNs) / 1e6);
        report = [events[soonest]];
      }
      v = view();
      report.forEach((e, i) => {
        const ev = outPtr + 32 * i;
        v.setBigUint64(ev, e.userdata, true);
        v.setUint16(ev + 8, e.error, true);
        v.setUint8(ev + 10, e.type);
        v.setBigUint64(ev + 16, 0n, true);
        v.setUint16(ev + 24, 0, true);
      });
      v.setUint32(neventsPtr, report.length, true);
      return ESUCCESS;
    },
    args_sizes_get: zeroPair,
    args_get: () => ESUCCESS,
    environ_sizes_get: zeroPair,
    environ_get: () => ESUCCESS,
  };
}
