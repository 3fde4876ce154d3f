// Browser tests of the playground: headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) opens the page that the
// real `ptc-host playground` serves on localhost and runs programs in it.
// Screenshots go to test/screenshots/. Skipped, with a message, when
// Chromium, playwright-core (npm ci in js/playground) or go is missing.
//
//   node --test js/playground/test/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeState } from '../src/share.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const shots = join(here, 'screenshots');
const CHROMIUM = process.env.PTC_CHROMIUM || '/usr/bin/chromium';

const playwright = await import('playwright-core').catch(() => null);
const hasGo = spawnSync('go', ['version']).status === 0;
const skip = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (apt-get install chromium, or set PTC_CHROMIUM)`
  : !playwright
    ? 'playwright-core is not installed (run npm ci in js/playground)'
    : !hasGo
      ? 'go is not on PATH (the test builds ptc-host)'
      : false;
if (skip) console.log(`# browser tests skipped: ${skip}`);

let tmp;
let server;
let baseURL;
let browser;

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), 'ptc-playground-'));
  mkdirSync(shots, { recursive: true });
  const bin = join(tmp, 'ptc-host');
  const b = spawnSync('go', ['build', '-o', bin, './cmd/ptc-host'], { cwd: repo, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`go build ./cmd/ptc-host failed:\n${b.stderr}`);
  server = spawn(bin, ['playground', '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  baseURL = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`ptc-host playground printed no URL: ${out}`)), 20000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/\S+\//);
      if (m) {
        clearTimeout(timer);
        ok(m[0]);
      }
    });
    server.on('exit', (code) => fail(new Error(`ptc-host playground exited ${code}: ${out}`)));
  });
  browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** page opens the playground in a fresh context (no cache), with state in the hash. */
async function page(t, state) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => ctx.close());
  const p = await ctx.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  t.after(() => assert.deepEqual(errors, [], 'uncaught errors in the page'));
  await p.goto(baseURL + (state ? '#' + encodeState(state) : ''));
  return p;
}

/** run clicks Run (or presses Ctrl+Enter in the editor) and waits for the output. */
async function run(p, { keyboard = false, timeout = 20000 } = {}) {
  await p.evaluate(() => {
    document.getElementById('out-banner').textContent = '';
  });
  if (keyboard) {
    await p.click('#program .cm-content');
    await p.keyboard.press('Control+Enter');
  } else {
    await p.click('#run');
  }
  await p.waitForFunction(() => document.getElementById('out-banner').textContent !== '' && !document.getElementById('run').disabled, null, { timeout });
  return {
    banner: await p.textContent('#out-banner'),
    value: await p.textContent('#out-value'),
    error: await p.textContent('#out-error'),
    prints: await p.textContent('#out-prints'),
    tools: await p.textContent('#out-tools'),
    stats: await p.textContent('#out-stats'),
  };
}

/** setHash loads another state into an open page through its URL hash (as a shared link would). */
async function setHash(p, st) {
  await p.evaluate((h) => {
    location.hash = h;
  }, encodeState(st));
  await p.waitForFunction((src) => document.querySelector('#program .cm-content').textContent === src, st.program);
}

const shot = (p, name) => p.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

const state = (program, more = {}) => ({ program, data: '{}', tools: '[]', limits: {}, multi: false, ...more });

test('playground in Chromium', { skip }, async (t) => {
  await t.test('cold load to the first result, then an example from the menu', async (t) => {
    const t0 = performance.now();
    const p = await page(t);
    const first = await run(p);
    const ms = Math.round(performance.now() - t0);
    console.log(`playground cold load to first result: ${ms} ms`);
    assert.equal(first.banner, 'value');
    assert.match(first.value, /:sum 385/);
    assert.match(first.stats, /steps \d+ · fuel [\d,]+ · [\d.]+ ms · memory \d+ pages/);

    await p.selectOption('#examples', { label: 'Context: open orders by customer (data/)' });
    const out = await run(p, { keyboard: true });
    assert.equal(out.banner, 'value');
    assert.equal(out.value, '{"ada" 165, "cy" 300}');
    await shot(p, 'example-data');

    await p.selectOption('#examples', { label: 'Tools: look up customers' });
    const tools = await run(p);
    assert.equal(tools.value, '[{:name "ADA", :limit-eur 150.0} {:name "CY", :limit-eur 100.0}]');
    assert.match(tools.tools, /customer\{"id":"ada"\}/);
    assert.match(tools.tools, /rates\{\}\{"eur":0.5,"gbp":0.25\}/);
    await shot(p, 'example-tools');
  });

  await t.test('an async JavaScript tool', async (t) => {
    const tools = JSON.stringify([
      { name: 'slow', js: 'async (args) => { await new Promise((r) => setTimeout(r, 10)); return { twice: args.n * 2 }; }' },
    ]);
    const p = await page(t, state('(mapv #(:twice (tool/slow {:n %})) [1 2 3])', { tools }));
    const out = await run(p);
    await shot(p, 'async-tool');
    if (out.banner !== 'value' && /returned a Promise/.test(out.error + out.tools)) {
      t.todo('needs async tools from the jsasync branch: this js/src runs tools synchronously');
      return;
    }
    assert.equal(out.banner, 'value', out.error);
    assert.equal(out.value, '[2 4 6]');
  });

  await t.test('an infinite loop is stopped by fuel', async (t) => {
    const p = await page(t, state('(loop [] (recur))', { limits: { fuel: '1000000' } }));
    const out = await run(p);
    await shot(p, 'fuel');
    assert.equal(out.banner, 'stopped');
    assert.match(out.error, /stopped: fuel exhausted \(the program ran too long; budget 1,000,000 units\) — raise fuel or fix the loop/);
  });

  await t.test('a memory bomb is stopped by the memory limit', async (t) => {
    const bomb = '(count (reduce (fn [acc _] (conj acc (apply str (repeat 100000 "x")))) [] (range 100000)))';
    const p = await page(t, state(bomb, { limits: { memoryPages: '1024', timeoutMs: '60000' } }));
    const out = await run(p, { timeout: 70000 });
    await shot(p, 'memory');
    assert.equal(out.banner, 'stopped');
    assert.match(out.error, /stopped: out of memory \(limit 64 MiB\)/);
    assert.match(out.stats, /memory 1,024 pages \(64 MiB\)/);
    // The session recovered in a fresh instance: the next run works.
    await setHash(p, state('(+ 1 2)', { limits: { memoryPages: '1024' } }));
    assert.equal((await run(p)).value, '3');
  });

  await t.test('a parse error is shown and marked in the editor', async (t) => {
    const p = await page(t, state('(+ 1'));
    const out = await run(p);
    await shot(p, 'parse-error');
    assert.equal(out.banner, 'error');
    assert.match(out.error, /parse_error at 1:1/);
    assert.match(out.error, /not closed/);
    const marked = p.locator('#program .cm-lintRange-error');
    assert.equal(await marked.count(), 1);
    assert.equal(await marked.textContent(), '(');
  });

  await t.test('a timeout ends a runaway program and the next run works', async (t) => {
    const p = await page(t, state('(loop [] (recur))', { limits: { fuel: '999999999999999', maxSteps: '1000000000000', timeoutMs: '300' } }));
    const out = await run(p);
    await shot(p, 'timeout');
    if (out.banner === 'stopped') {
      // The page terminated the worker (a JavaScript host without guest deadlines).
      assert.match(out.error, /stopped: timeout after 300 ms/);
    } else {
      assert.equal(out.banner, 'error');
      assert.match(out.error, /^timeout/);
    }
    await setHash(p, state('(* 6 7)'));
    assert.equal((await run(p)).value, '42');
  });

  await t.test('Stop terminates the worker; multi-turn definitions survive it', async (t) => {
    const forever = { fuel: '999999999999999', maxSteps: '1000000000000', timeoutMs: '0' };
    const p = await page(t, state('(def x 41)', { multi: true }));
    assert.equal((await run(p)).banner, 'value');
    await setHash(p, state('(loop [] (recur))', { multi: true, limits: forever }));
    await p.evaluate(() => {
      document.getElementById('out-banner').textContent = '';
    });
    await p.click('#run');
    await p.waitForTimeout(300);
    assert.equal(await p.isEnabled('#stop'), true);
    await p.click('#stop');
    await p.waitForFunction(() => document.getElementById('out-banner').textContent !== '');
    assert.equal(await p.textContent('#out-banner'), 'stopped');
    assert.match(await p.textContent('#out-error'), /stopped: you pressed Stop/);
    await setHash(p, state('(inc x)', { multi: true }));
    const next = await run(p);
    await shot(p, 'stop-restored');
    assert.equal(next.value, '42', next.error);
    assert.match(await p.textContent('#session'), /restored|defined/);
  });

  await t.test('multi-turn keeps definitions until Reset', async (t) => {
    const p = await page(t, state('(def x 41)', { multi: true }));
    assert.equal((await run(p)).banner, 'value');
    await setHash(p, state('(inc x)', { multi: true }));
    assert.equal((await run(p)).value, '42');
    await p.click('#reset');
    const after = await run(p);
    await shot(p, 'multi-reset');
    assert.equal(after.banner, 'error');
    assert.match(after.error, /unbound_symbol/);
  });
});
