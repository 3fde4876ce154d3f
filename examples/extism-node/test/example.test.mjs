import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { run, tools, defaultPlugin } from "../main.mjs";
import { loadPTC } from "../ptc.mjs";

const missing = existsSync(defaultPlugin) ? false : `${defaultPlugin} not built: run make extism`;

test("the example's session", { skip: missing }, async () => {
  // The Go example (examples/extism-go) prints the same.
  const want = await readFile(new URL("../../extism-go/testdata/output.txt", import.meta.url), "utf8");
  assert.equal(await run(), want);
});

test("bad input is an error document and the instance stays usable", { skip: missing }, async () => {
  const ptc = await (await loadPTC(defaultPlugin, tools))();
  for (const input of ["", "not json", "[1]"]) {
    const r = JSON.parse(await ptc.call("eval", input));
    assert.equal(r.outcome, "error");
    assert.equal(r.error.message, "bad request: not a JSON object");
  }
  const check = await ptc.check({ source: "(fitler odd? [1])" });
  assert.equal(check.diagnostics[0].hint, "did you mean filter?");
  const r = await ptc.eval({ source: "(def x (tool/rates {})) (:gbp x)", tools: ["rates"] });
  assert.equal(r.value, 1.17);
  assert.deepEqual(r.defined, ["x"]);
  await ptc.call("reset", "");
  assert.equal((await ptc.eval({ source: "x" })).error.kind, "unbound_symbol");
  await ptc.close();
});

test("many calls: the wrapper resets Extism memory between calls", { skip: missing }, async () => {
  const ptc = await (await loadPTC(defaultPlugin, tools))();
  // Each call makes 4 blocks (input, tool request, tool response, output):
  // without a reset the 32768th block's address overflows.
  for (let i = 0; i < 8500; i++) {
    const r = await ptc.eval({ source: "(:gbp (tool/rates {}))", tools: ["rates"] });
    if (r.value !== 1.17) assert.fail(`call ${i}: ${JSON.stringify(r)}`);
  }
  await ptc.close();
});
