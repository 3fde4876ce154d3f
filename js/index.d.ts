// Type declarations of @ptc-wasm/ptc (hand-written; src/index.js is the code).

/**
 * A value crossing the boundary. Integers beyond ±(2^53-1) come back as
 * bigint; every other number is a number (1 and 1.0 are the same in
 * JavaScript, so an integral number goes to the program as an integer).
 */
export type JSONValue = null | boolean | number | bigint | string | JSONValue[] | { [key: string]: JSONValue };

/** What a tool gets besides the program's arguments. */
export interface ToolContext {
  /**
   * Aborts when the eval no longer waits for this call: its timeout passed
   * or its signal was aborted. The call's result is then ignored.
   */
  signal: AbortSignal;
}

/**
 * A tool: called with the program's argument map. It returns data, or (in
 * Session.eval) a Promise of data. Throw or reject to fail the call.
 */
export type Tool = (args: { [key: string]: JSONValue }, context: ToolContext) => unknown;

/** Interpreter limits by their JSON names (docs/errors.md); 0 or absent: the default. */
export interface Limits {
  max_steps?: number | bigint;
  max_depth?: number;
  max_collection?: number;
  max_string_bytes?: number;
  max_print_bytes?: number;
  max_result_bytes?: number;
  max_tool_calls?: number;
  max_source_bytes?: number;
  max_nesting?: number;
  max_forms?: number;
  max_parallel?: number;
  [name: string]: number | bigint | undefined;
}

export interface EvalOptions {
  /** Context data, read by the program as data/name. */
  data?: { [name: string]: unknown };
  /** The tools granted to the program, called as (tool/name {...}). */
  tools?: { [name: string]: Tool };
  limits?: Limits;
  /**
   * The guest's execution budget for this eval (0 or absent:
   * limits.max_steps × FUEL_PER_STEP). When it runs out the guest traps
   * and eval throws a TrapError with limit 'fuel'.
   */
  fuel?: number | bigint;
  /**
   * Wall-clock limit in milliseconds. The guest checks it as it runs
   * (timeout_ms) and, in Session.eval, a pending tool call is abandoned at
   * the deadline (its signal aborts). Either way the result is a program
   * error of kind 'timeout'.
   */
  timeout?: number;
  /**
   * Cancels the eval (Session.eval only): pending tool calls are abandoned
   * and the result is a program error of kind 'cancelled'. The guest sees
   * the cancellation at its next tool call or poll. Already aborted: eval
   * rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

export interface Pos {
  line: number;
  col: number;
}

export interface ErrorInfo {
  /** A kind from docs/errors.md: parse_error, unbound_symbol, type_error, tool_error, step_limit, ... */
  kind: string;
  message: string;
  pos: Pos;
  hint?: string;
  /** For limit errors, the name of the limit, e.g. "MaxSteps". */
  limit?: string;
}

export interface ToolCall {
  name: string;
  args: JSONValue;
  result?: JSONValue;
  error?: string;
  duration_ns?: number;
  /** 0 for an ordinary call, n for the n-th pmap/pcalls batch. */
  batch?: number;
}

export interface Result {
  outcome: 'value' | 'return' | 'fail' | 'error';
  /** JSON-shaped: keywords become strings, and so do map keys. */
  value?: JSONValue;
  /** The value as pr-str prints it. */
  printed?: string;
  error?: ErrorInfo;
  prints: string[];
  prints_truncated?: boolean;
  tool_calls: ToolCall[];
  steps: number;
  /** The names this eval defined. */
  defined?: string[];
  /** Wall time of the eval in the host, in nanoseconds. */
  duration_ns: number;
  /** The fuel the eval used. */
  fuel: number;
}

export interface Diagnostic {
  kind: string;
  message: string;
  pos: Pos;
  hint?: string;
}

export interface RestoreReport {
  /** The names defined again. */
  restored: string[];
  /** Names that could not be rebuilt, with the reason. */
  lost: { [name: string]: string };
}

export interface EngineOptions {
  /**
   * The instrumented guest module (js/ptc.wasm, made by make js-wasm):
   * bytes, a compiled module, a URL or a file path. Default: the
   * package's ptc.wasm.
   */
  wasm?: Uint8Array | ArrayBuffer | WebAssembly.Module | URL | string;
  /** The guest's memory maximum in 64 KiB pages (default 4096, 256 MiB). Needs wasm as bytes. */
  memoryPages?: number;
  /** Grant programs the wall clock (time functions); without it they are a value_error. */
  wallClock?: boolean;
  /** Guest instances kept instantiated and ready for newSession and recovery (default 2). */
  poolSize?: number;
  /**
   * How Session.eval waits for async tools: 'jspi' (WebAssembly.Suspending
   * and WebAssembly.promising), 'portable' (the guest's ptc_eval_start /
   * ptc_eval_resume) or 'auto' (default: JSPI where the engine has it).
   */
  asyncPath?: 'auto' | 'jspi' | 'portable';
}

export declare const ABI_VERSION: 1;
export declare const FUEL_PER_STEP: number;
export declare const DEFAULT_MAX_STEPS: number;
export declare const DEFAULT_FUEL: bigint;
export declare const DEFAULT_MEMORY_PAGES: number;
export declare const DEFAULT_MAX_TOOL_CALLS: number;
export declare const DEFAULT_MAX_PARALLEL: number;
export declare const DEFAULT_POOL_SIZE: number;
/** Whether this JavaScript engine has JSPI. */
export declare const HAS_JSPI: boolean;

export declare class Engine {
  private constructor();
  /** Loads and compiles the guest module. */
  static create(options?: EngineOptions): Promise<Engine>;
  /** The path Session.eval takes for async tools. */
  readonly asyncPath: 'jspi' | 'portable';
  /** Opens a session in a pooled (or newly instantiated) guest. */
  newSession(): Promise<Session>;
  /** Opens a session holding the definitions of a snapshot made by Session.snapshot. */
  restoreSession(snapshot: string | Uint8Array): Promise<{ session: Session; report: RestoreReport }>;
}

export declare class Session {
  private constructor();
  /**
   * Runs a program; tools may return Promises. Program errors (including
   * kinds timeout and cancelled) are in the result; a guest trap rejects
   * with a TrapError (after which the session goes on with its earlier
   * definitions when err.recovered). One eval at a time: a second one
   * while the first runs rejects with BusyError.
   */
  eval(source: string, options?: EvalOptions): Promise<Result>;
  /**
   * Runs a program on the calling thread; tools must return values, not
   * Promises. options.signal is ignored.
   */
  evalSync(source: string, options?: EvalOptions): Result;
  /** The session's definitions and *1 *2 *3 as PTC-Lisp snapshot text. */
  snapshot(): string;
  /** Analyzes a program without running it; tools undefined: tool references are not checked. */
  check(source: string, tools?: string[]): Diagnostic[];
  /** The size of the guest instance's linear memory in bytes (its high-water mark); 0 once closed. */
  readonly memoryBytes: number;
  /** Releases the session's guest instance. */
  close(): void;
}

/** Thrown by Session.eval when the guest traps. */
export declare class TrapError extends Error {
  /**
   * 'fuel', 'memory', or '' for another trap; from a WorkerSession also
   * 'deadline' or 'cancelled' (the guest's worker was terminated).
   */
  readonly limit: 'fuel' | 'memory' | 'deadline' | 'cancelled' | '';
  /** The eval's fuel budget. */
  readonly fuel: bigint;
  /** The first lines the guest runtime wrote to stderr, if any. */
  readonly detail: string;
  /** The session continues in a fresh instance with its earlier definitions. */
  readonly recovered: boolean;
  /** Definitions the fresh instance could not rebuild, with reasons. */
  readonly lost: { [name: string]: string };
  /** Why the session could not continue, when it could not. */
  readonly recoveryError: Error | null;
}

/** Thrown after a trap the session could not recover from: open a new session. */
export declare class SessionBrokenError extends Error {}

/** Thrown when a session is used while it evaluates (e.g. by one of its own tools). */
export declare class BusyError extends Error {}

/** Thrown for data or a tool result with no JSON form (NaN, a class instance, ...). */
export declare class EncodeError extends Error {}

export interface WorkerEngineOptions {
  /** As EngineOptions.wasm. */
  wasm?: Uint8Array | ArrayBuffer | WebAssembly.Module | URL | string;
  /** As EngineOptions.memoryPages. */
  memoryPages?: number;
  /** As EngineOptions.wallClock. */
  wallClock?: boolean;
  /**
   * How long after its deadline (or its cancellation) a guest may take to
   * answer before its worker is terminated (default 250 ms).
   */
  graceMs?: number;
}

export declare const DEFAULT_GRACE_MS: number;

/**
 * Opens sessions whose guests run in workers (worker_threads in Node,
 * module Web Workers in browsers); tools run on the caller's thread.
 */
export declare class WorkerEngine {
  private constructor();
  static create(options?: WorkerEngineOptions): Promise<WorkerEngine>;
  /** Starts a worker with a guest and a session in it (a fresh worker each time, ~100 ms+). */
  newSession(): Promise<WorkerSession>;
  restoreSession(snapshot: string | Uint8Array): Promise<{ session: WorkerSession; report: RestoreReport }>;
}

/**
 * A session in a worker. eval is Session.eval's shape; a guest that has not
 * answered graceMs after the timeout, or after the signal aborted, is
 * terminated with its worker: eval rejects with a TrapError (limit
 * 'deadline' or 'cancelled') and the session goes on in a fresh worker with
 * its committed definitions.
 */
export declare class WorkerSession {
  private constructor();
  eval(source: string, options?: EvalOptions): Promise<Result>;
  snapshot(): Promise<string>;
  check(source: string, tools?: string[]): Promise<Diagnostic[]>;
  /** Terminates the worker. In Node an idle session does not keep the process alive. */
  close(): void;
}
