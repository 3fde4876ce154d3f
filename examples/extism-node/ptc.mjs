// A small wrapper around the ptc-wasm Extism plugin for Node: load the
// plugin with a tool table, then call its exports with JSON documents.
import { readFile } from "node:fs/promises";
import createPlugin from "@extism/extism";

/**
 * Compiles the plugin at path once; each call of the result opens a new
 * plugin instance (one PTC-Lisp session) whose tool calls go to tools,
 * an object mapping tool names to functions of the call's arguments.
 */
export async function loadPTC(path, tools) {
  const module = await WebAssembly.compile(await readFile(path));
  const functions = {
    "extism:host/user": {
      // The request {"name", "args"} arrives as an offset in Extism
      // memory; the response {"value"} or {"error"} goes back the same way.
      ptc_tool_call(cx, offset) {
        let resp;
        try {
          const { name, args } = cx.read(offset).json();
          const tool = tools[name];
          resp = tool ? { value: tool(args) } : { error: `no tool ${name}` };
        } catch (e) {
          resp = { error: String(e?.message ?? e) };
        }
        return cx.store(JSON.stringify(resp));
      },
    },
  };
  return async () => {
    const plugin = await createPlugin({ wasm: [{ module }] }, { useWasi: true, functions });
    // @extism/extism 1.0.3 keeps every Extism memory block (inputs,
    // outputs, tool requests and responses) until plugin.reset(); after
    // 32767 of them their addresses overflow and the plugin fails. Reset
    // after each call, once the output is read.
    const call = async (name, input) => {
      const text = (await plugin.call(name, input))?.text() ?? "";
      await plugin.reset();
      return text;
    };
    return {
      eval: async (request) => JSON.parse(await call("eval", JSON.stringify(request))),
      check: async (request) => JSON.parse(await call("check", JSON.stringify(request))),
      snapshot: () => call("snapshot", ""),
      restore: async (text) => JSON.parse(await call("restore", text)),
      version: async () => JSON.parse(await call("version", "")),
      call,
      close: () => plugin.close(),
    };
  };
}
