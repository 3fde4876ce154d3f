// Per-call cost of the ptc-wasm Extism plugin from Node (@extism/extism,
// synchronous host function): node bench.mjs [path/to/ptc-extism.wasm]
import { loadPTC } from "./ptc.mjs";
import { tools, defaultPlugin } from "./main.mjs";

const ptc = await (await loadPTC(process.argv[2] ?? defaultPlugin, tools))();
const cases = [
  ["version (near no-op)", "version", ""],
  ["eval (+ 1 2)", "eval", JSON.stringify({ source: "(+ 1 2)" })],
  ["eval, one tool call", "eval", JSON.stringify({ source: "(tool/rates {})", tools: ["rates"] })],
];
for (const [label, name, input] of cases) {
  for (let i = 0; i < 200; i++) await ptc.call(name, input); // warm up
  const n = 2000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await ptc.call(name, input);
  const us = Number(process.hrtime.bigint() - t0) / n / 1000;
  console.log(`${label.padEnd(22)} ${us.toFixed(1)} µs/call`);
}
await ptc.close();
