// Per-call cost of the ptc-wasm Extism plugin from Node (@extism/extism,
// synchronous host function): wall time and the process's CPU time per
// call (steadier on a shared machine).
//
//   node bench.mjs [path/to/ptc-extism.wasm]
import { loadPTC } from "./ptc.mjs";
import { tools, defaultPlugin } from "./main.mjs";

const ptc = await (await loadPTC(process.argv[2] ?? defaultPlugin, tools))();
const cases = [
  ["version (near no-op)", "version", ""],
  ["eval (+ 1 2)", "eval", JSON.stringify({ source: "(+ 1 2)" })],
  ["eval, one tool call", "eval", JSON.stringify({ source: "(tool/rates {})", tools: ["rates"] })],
];
// V8 compiles the module's hot functions again in its optimizing tier
// after a while: measure after a few seconds of all the cases.
const warm = Date.now() + 3000;
while (Date.now() < warm) {
  for (const [, name, input] of cases) await ptc.call(name, input);
}
for (const [label, name, input] of cases) {
  const n = 3000;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await ptc.call(name, input);
  const us = Number(process.hrtime.bigint() - t0) / n / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuUs = (cpu.user + cpu.system) / n;
  console.log(`${label.padEnd(22)} ${us.toFixed(1).padStart(7)} µs/call  ${cpuUs.toFixed(1).padStart(7)} cpu-µs/call`);
}
await ptc.close();
