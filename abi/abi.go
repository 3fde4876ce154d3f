// Package abi is the contract between the PTC-Lisp Wasm guest and its
// hosts: the names of the guest's exports and the host functions it
// imports, and the JSON documents that cross the boundary. README.md in this
// directory describes the protocol for people writing a host in another
// language.
//
// This is version 1: sessions, eval, tool calls (single and batched), the
// interrupt flag, the fuel global a host adds to the module, session
// snapshots, and the suspending evaluation (ptc_eval_start/resume) with the
// guest-kept deadline timeout_ms for hosts that await tools.
package abi

import "strconv"

// Version is the ABI version; the guest's ptc_abi_version export returns it
// and hosts refuse a guest with another version.
const Version = 1

// HostModule is the import module of the host functions.
const HostModule = "ptc"

// Guest exports.
const (
	ExportVersion     = "ptc_abi_version"  // () -> u32
	ExportAlloc       = "ptc_alloc"        // (size u32) -> ptr u32: guest memory the host may write
	ExportFree        = "ptc_free"         // (ptr u32): releases memory from ptc_alloc or a result
	ExportSessionNew  = "ptc_session_new"  // () -> session u32
	ExportSessionFree = "ptc_session_free" // (session u32)
	ExportEval        = "ptc_eval"         // (session, req_ptr, req_len u32) -> u64: result ptr<<32 | len
	// ExportCheck analyzes a program without running it: the request is a
	// CheckRequest, the result (packed as ptc_eval's) a CheckResult.
	ExportCheck = "ptc_check" // (req_ptr, req_len u32) -> u64: result ptr<<32 | len
	// ExportInterruptAddr returns the address of a u32 the host may write
	// while ptc_eval runs: 1 = deadline passed, 2 = cancelled. The guest
	// polls it every few thousand steps and stops with kind timeout or
	// cancelled; the instance stays usable.
	ExportInterruptAddr = "ptc_interrupt_addr" // () -> ptr u32
	// ExportSnapshot writes a session snapshot as PTC-Lisp text (see
	// README.md, "Snapshots") when names_len is 0; else names_ptr holds a
	// JSON array of names and the result is a JSON object mapping each
	// defined one to its snapshot entry.
	ExportSnapshot = "ptc_snapshot" // (session, names_ptr, names_len u32) -> u64: ptr<<32 | len
	// ExportRestore reads a snapshot into a session and returns a JSON
	// RestoreReport, or {"error": {...}} when the text is not a snapshot.
	ExportRestore = "ptc_restore" // (session, ptr, len u32) -> u64: report ptr<<32 | len
	// ExportEvalStart evaluates like ptc_eval but suspends at each tool
	// call instead of calling the tool imports: it returns the result
	// document, or a pending request {"pending":"tool","call":ToolRequest}
	// / {"pending":"batch","calls":[ToolRequest...]} that the host answers
	// with ExportEvalResume (README.md, "Suspending evaluation").
	ExportEvalStart = "ptc_eval_start" // (session, req_ptr, req_len u32) -> u64: ptr<<32 | len
	// ExportEvalResume hands the suspended evaluation the response to its
	// pending request (a ToolResponse, or a JSON array of them for a batch)
	// and returns the next pending request or the result document.
	ExportEvalResume = "ptc_eval_resume" // (resp_ptr, resp_len u32) -> u64: ptr<<32 | len
)

// ExportFuel is not in the guest as built: the host adds it when it loads
// the module (package host/internal/wasmfuel). It is a mutable i64 global,
// the fuel left; every function entry and loop header of the guest
// subtracts a small static cost from it and traps (unreachable) when it
// goes below zero. The host sets it before ptc_eval and reads it after;
// setting it to 0 while the guest runs stops the guest at its next check.
const ExportFuel = "ptc_fuel"

// Host imports (module HostModule).
const (
	// ImportToolCall receives a ToolRequest document (ptr, len in guest
	// memory) and returns the length of the ToolResponse document the host
	// has prepared.
	ImportToolCall = "tool_call" // (req_ptr, req_len u32) -> resp_len u32
	// ImportToolResult copies the prepared ToolResponse into guest memory
	// at buf_ptr (resp_len bytes).
	ImportToolResult = "tool_result" // (buf_ptr u32)
	// ImportToolBatch receives a JSON array of ToolRequest documents (the
	// tool calls of one pmap/pcalls step), runs them as concurrently as the
	// host likes, and returns the length of a JSON array of ToolResponse in
	// the same order; the guest fetches it with tool_result.
	ImportToolBatch = "tool_batch" // (req_ptr, req_len u32) -> resp_len u32
)

// AllowedImports lists every function the guest may import, as
// "module.name". A test fails when the built guest imports anything else:
// the guest gets clocks, randomness, stdout/stderr writes (for Go runtime
// panics) and exit from WASI, and nothing that reaches files, sockets, the
// environment or arguments.
var AllowedImports = append([]string{
	HostModule + "." + ImportToolCall,
	HostModule + "." + ImportToolResult,
	HostModule + "." + ImportToolBatch,
}, wasiImports...)

// wasiImports are the WASI preview 1 functions the Go runtime needs.
var wasiImports = []string{
	"wasi_snapshot_preview1.clock_time_get",
	"wasi_snapshot_preview1.clock_res_get",
	"wasi_snapshot_preview1.random_get",
	"wasi_snapshot_preview1.fd_write",
	"wasi_snapshot_preview1.proc_exit",
	"wasi_snapshot_preview1.sched_yield",
	"wasi_snapshot_preview1.poll_oneoff",
	"wasi_snapshot_preview1.args_get",
	"wasi_snapshot_preview1.args_sizes_get",
	"wasi_snapshot_preview1.environ_get",
	"wasi_snapshot_preview1.environ_sizes_get",
}

// The Extism plugin (guest/cmd/ptc-extism, built by make extism) is the
// same interpreter behind the Extism plugin ABI: each export takes no
// arguments, reads its input and sets its output through the Extism
// kernel, and returns 0. The documents are those of ptc_eval, ptc_check,
// ptc_snapshot and ptc_restore. One plugin instance holds one session.
const (
	ExtismKernelModule = "extism:host/env"  // the Extism kernel every SDK provides
	ExtismUserModule   = "extism:host/user" // host functions (the SDKs' default namespace)
	// ExtismImportToolCall is the host function that runs a tool: its
	// argument is the offset of an Extism memory block holding a
	// ToolRequest, its result the offset of a block holding a
	// ToolResponse. The plugin frees both.
	ExtismImportToolCall = "ptc_tool_call" // (req i64) -> resp i64
)

// ExtismExports are the plugin's exported functions.
var ExtismExports = []string{
	"eval",     // EvalRequest -> result document
	"check",    // CheckRequest -> CheckResult
	"snapshot", // empty -> snapshot text; JSON array of names -> {name: entry}
	"restore",  // snapshot text -> RestoreReport
	"reset",    // drops the session's definitions; no output
	"version",  // {"abi": Version, "plugin": "ptc-extism", "go": "go1.x"}
}

// ExtismAllowedImports lists every function the Extism plugin may import,
// as "module.name": the Extism kernel functions it uses, the tool host
// function, and the WASI functions the Go runtime needs. A test builds the
// plugin and fails on anything else.
var ExtismAllowedImports = append([]string{
	ExtismKernelModule + ".input_length",
	ExtismKernelModule + ".input_load_u8",
	ExtismKernelModule + ".input_load_u64",
	ExtismKernelModule + ".alloc",
	ExtismKernelModule + ".free",
	ExtismKernelModule + ".length",
	ExtismKernelModule + ".load_u8",
	ExtismKernelModule + ".load_u64",
	ExtismKernelModule + ".store_u8",
	ExtismKernelModule + ".store_u64",
	ExtismKernelModule + ".output_set",
	ExtismUserModule + "." + ExtismImportToolCall,
}, wasiImports...)

// EvalRequest is the JSON document given to ptc_eval.
type EvalRequest struct {
	Source string         `json:"source"`
	Data   map[string]any `json:"data,omitempty"`
	Tools  []string       `json:"tools,omitempty"`  // names of the tools the host grants
	Limits any            `json:"limits,omitempty"` // interpreter limits by JSON name, e.g. {"max_steps": 1000000}
	// Clock grants the program the wall clock (WASI clock_time_get,
	// realtime); without it time functions are a value_error.
	Clock bool `json:"clock,omitempty"`
	// TimeoutMS, when positive, is a deadline the guest keeps itself: it
	// reads the WASI monotonic clock at each interrupt poll and after each
	// tool call and ends the evaluation with kind timeout (for hosts with
	// one thread, which cannot write the interrupt flag while ptc_eval runs).
	TimeoutMS int64 `json:"timeout_ms,omitempty"`
	// HostLedger says the host keeps the arguments and responses of the
	// tool calls it serves: the result's tool_calls entries leave them out.
	HostLedger bool `json:"host_ledger,omitempty"`
}

// RestoreReport is the JSON document ptc_restore returns.
type RestoreReport struct {
	Restored []string          `json:"restored"`
	Lost     map[string]string `json:"lost,omitempty"` // name -> why it could not be rebuilt
	Error    *struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// ToolRequest is the JSON document the guest passes to tool_call.
type ToolRequest struct {
	Name string         `json:"name"`
	Args map[string]any `json:"args"`
}

// ToolResponse is the JSON document the host returns from a tool call:
// a value, or an error message.
type ToolResponse struct {
	Value any    `json:"value,omitempty"`
	Error string `json:"error,omitempty"`
}

// CheckRequest is the JSON document given to ptc_check. Tools nil (absent
// or null) means the tools are unknown and tool/name references are not
// checked; an empty array means the program may call no tools.
type CheckRequest struct {
	Source string   `json:"source"`
	Tools  []string `json:"tools"`
}

// CheckResult is the JSON document ptc_check returns: every problem found
// before running, in source order; empty when the program would start.
type CheckResult struct {
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Diagnostic is one problem ptc_check found, shaped like an evaluation
// error: a kind from docs/errors.md, a message, a position and a hint.
type Diagnostic struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Pos     Pos    `json:"pos"`
	Hint    string `json:"hint,omitempty"`
}

// Pos is a 1-based source position; Col counts characters.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

// String is "line:col", as an evaluation error's position prints.
func (p Pos) String() string { return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col) }
