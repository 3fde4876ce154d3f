// Session.memoryBytes: the guest's linear memory, which the playground
// shows after each run. Run with `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../src/index.js';

test('memoryBytes is the guest memory, growing with the program and 0 once closed', async () => {
  const engine = await Engine.create();
  const s = await engine.newSession();
  const before = s.memoryBytes;
  assert.ok(before > 0 && before % 65536 === 0, `memoryBytes ${before}: want whole 64 KiB pages`);
  await s.eval('(count (apply str (repeat 300000 "abcdefgh")))');
  assert.ok(s.memoryBytes > before, `memoryBytes ${s.memoryBytes} did not grow from ${before}`);
  s.close();
  assert.equal(s.memoryBytes, 0);
});
