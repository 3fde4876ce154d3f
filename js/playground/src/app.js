// The PTC-Lisp playground page: three editors (program, context, tools),
// the limits, and an output panel. Programs run in a Web Worker
// (worker.js) over the same guest module the Go host runs; the page only
// renders what comes back. Everything runs client-side.

import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { StreamLanguage } from '@codemirror/language';
import { clojure } from '@codemirror/legacy-modes/mode/clojure';
import { json } from '@codemirror/legacy-modes/mode/javascript';
import { setDiagnostics } from '@codemirror/lint';
import { examples } from './examples.js';
import { encodeState, decodeState } from './share.js';
import { Runner, SERVED_PAGES } from './runner.js';

const $ = (id) => document.getElementById(id);
const PAGE = 65536;
const DEFAULTS = { fuel: '', maxSteps: '', timeoutMs: '5000', memoryPages: String(SERVED_PAGES) };

// Start the guest first, so that it compiles while the page sets up and
// the first Run does not wait for it.
const fromHash = decodeState(location.hash);
const runner = new Runner();
runner.start(Number(fromHash?.limits?.memoryPages) || SERVED_PAGES).then(
  (r) => ($('status').textContent ||= `guest ready in ${r.ms} ms`),
  (e) => ($('status').textContent = `the guest could not start: ${e.message}`),
);

// ---------------------------------------------------------------------------
// Editors

const runKeys = Prec.highest(
  keymap.of([
    { key: 'Mod-Enter', run: () => (run(), true) },
    { key: 'Shift-Enter', run: () => (run(), true) },
  ]),
);

function editor(parent, lang, doc = '') {
  return new EditorView({ parent, doc, extensions: [basicSetup, StreamLanguage.define(lang), runKeys] });
}

const programEd = editor($('program'), clojure);
const dataEd = editor($('data'), json);
const toolsEd = editor($('tools'), json);

const text = (ed) => ed.state.doc.toString();
function setText(ed, s) {
  ed.dispatch({ changes: { from: 0, to: ed.state.doc.length, insert: s } });
}

// ---------------------------------------------------------------------------
// Page state: editors, limits, multi-turn; shared through the URL hash

const limitInputs = { fuel: $('fuel'), maxSteps: $('max-steps'), timeoutMs: $('timeout'), memoryPages: $('memory-pages') };

function getState() {
  const limits = {};
  for (const [k, el] of Object.entries(limitInputs)) limits[k] = el.value.trim();
  return { program: text(programEd), data: text(dataEd), tools: text(toolsEd), limits, multi: $('multi').checked };
}

function setState(st) {
  setText(programEd, st.program ?? '');
  setText(dataEd, st.data ?? '{}');
  setText(toolsEd, st.tools ?? '[]');
  const limits = { ...DEFAULTS, ...(st.limits ?? {}) };
  for (const [k, el] of Object.entries(limitInputs)) el.value = limits[k];
  if ($('multi').checked !== !!st.multi) {
    $('multi').checked = !!st.multi;
    resetSession();
  }
  showMemoryLimit();
  clearMarks();
}

function saveHash() {
  history.replaceState(null, '', '#' + encodeState(getState()));
}

function showMemoryLimit() {
  const p = Number(limitInputs.memoryPages.value);
  $('memory-mib').textContent = Number.isFinite(p) && p > 0 ? `= ${mib(p * PAGE)} MiB` : '';
}

const mib = (bytes) => (bytes / (1 << 20)).toFixed(bytes % (1 << 20) === 0 ? 0 : 1);

function resetSession() {
  runner.reset();
  $('session').textContent = $('multi').checked ? 'multi-turn: a fresh session' : '';
}

// ---------------------------------------------------------------------------
// Running

let running = false;

function parseJSON(what, s, fallback) {
  if (s.trim() === '') return fallback;
  try {
    return JSON.parse(s);
  } catch (e) {
    throw new Error(`${what}: not JSON: ${e.message}`);
  }
}

/** request reads the page into a run message, or throws a usage error. */
function request() {
  const data = parseJSON('Context', text(dataEd), {});
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('Context: want a JSON object; its keys are read as data/key');
  }
  const tools = parseJSON('Tools', text(toolsEd), []);
  if (!Array.isArray(tools)) throw new Error('Tools: want a JSON list of {"name", "response"} or {"name", "js"}');
  const num = (k, what) => {
    const v = limitInputs[k].value.trim();
    if (v === '') return 0;
    if (!/^\d+$/.test(v)) throw new Error(`${what}: want a whole number, got ${JSON.stringify(v)}`);
    return v;
  };
  const fuel = num('fuel', 'Fuel');
  const maxSteps = num('maxSteps', 'Max steps');
  const timeoutMs = Number(num('timeoutMs', 'Timeout'));
  const pages = Number(num('memoryPages', 'Memory pages')) || SERVED_PAGES;
  if (pages > 65536) throw new Error('Memory pages: at most 65536 (4 GiB)');
  const limits = maxSteps ? { max_steps: Number(maxSteps) } : {};
  return {
    msg: { source: text(programEd), data, tools, limits, fuel: fuel ? BigInt(fuel) : 0, multi: $('multi').checked },
    pages,
    timeoutMs,
  };
}

async function run() {
  if (running) return;
  saveHash();
  clearMarks();
  let req;
  try {
    req = request();
  } catch (e) {
    render({ failure: { message: e.message } });
    return;
  }
  running = true;
  $('run').disabled = true;
  $('stop').disabled = false;
  $('status').textContent = 'running…';
  $('output').classList.add('busy');
  try {
    const m = await runner.run(req.msg, req.pages, req.timeoutMs);
    render(m, req);
    if (m.stopped) await noteRestart(m.restarted);
  } catch (e) {
    render({ failure: { message: `the guest could not start: ${e.message}` } });
    runner.discard();
  } finally {
    running = false;
    $('run').disabled = false;
    $('stop').disabled = true;
    $('output').classList.remove('busy');
    if ($('status').textContent === 'running…') $('status').textContent = '';
  }
}

async function noteRestart(restarted) {
  try {
    const r = await restarted;
    if (r.restored) $('session').textContent = `multi-turn: session restored from its last snapshot (${r.restored.length} definitions)`;
  } catch (e) {
    $('session').textContent = `the new worker failed: ${e.message}`;
  }
}

// ---------------------------------------------------------------------------
// Output

function el(tag, cls, txt) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (txt !== undefined) e.textContent = txt;
  return e;
}

const show = (v) => (typeof v === 'string' ? v : JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x)));

function render(m, req) {
  const banner = $('out-banner');
  const value = $('out-value');
  const err = $('out-error');
  const prints = $('out-prints');
  const calls = $('out-tools');
  const stats = $('out-stats');
  for (const e of [banner, value, err, prints, calls, stats]) e.replaceChildren();
  banner.className = '';
  const res = m.result;
  const stat = [];

  if (res) {
    banner.textContent = res.outcome;
    banner.className = res.outcome === 'value' || res.outcome === 'return' ? 'ok' : 'bad';
    if ('printed' in res) value.textContent = res.printed;
    if (res.error) showError(res.error);
    prints.textContent = (res.prints ?? []).join('\n');
    showCalls(res.tool_calls ?? []);
    stat.push(`steps ${fmt(res.steps)}`, `fuel ${fmt(res.fuel)}`, `${(res.duration_ns / 1e6).toFixed(1)} ms`);
    if (res.defined?.length && req?.msg.multi) $('session').textContent = `multi-turn: defined ${res.defined.join(' ')}`;
  } else if (m.trap) {
    banner.textContent = 'stopped';
    banner.className = 'bad';
    err.append(el('div', 'stop-msg', trapMessage(m.trap, req)));
    if (m.trap.limit === 'memory') m.memoryBytes = req.pages * PAGE;
    if (m.trap.detail) err.append(el('pre', 'detail', m.trap.detail));
    if (m.trap.recovered && req?.msg.multi) err.append(el('div', 'note', 'the session goes on with its earlier definitions'));
  } else if (m.stopped) {
    banner.textContent = 'stopped';
    banner.className = 'bad';
    err.append(
      el(
        'div',
        'stop-msg',
        m.stopped === 'timeout'
          ? `stopped: timeout after ${req.timeoutMs} ms (the page terminated the worker) — raise the timeout or fix the loop`
          : 'stopped: you pressed Stop',
      ),
    );
  } else if (m.failure) {
    banner.textContent = 'could not run';
    banner.className = 'bad';
    err.append(el('div', 'stop-msg', m.failure.message));
  }
  if (m.memoryBytes) stat.push(`memory ${fmt(m.memoryBytes / PAGE)} pages (${mib(m.memoryBytes)} MiB)`);
  stats.textContent = stat.join(' · ');
}

const fmt = (n) => (n === undefined ? '?' : Number(n).toLocaleString('en-US'));

function trapMessage(t, req) {
  switch (t.limit) {
    case 'fuel':
      return `stopped: fuel exhausted (the program ran too long; budget ${fmt(t.fuel)} units) — raise fuel or fix the loop`;
    case 'memory':
      return `stopped: out of memory (limit ${mib(req.pages * PAGE)} MiB) — the program built too much data; raise memory pages or process less`;
    default:
      return `stopped: the guest trapped: ${t.message}`;
  }
}

function showError(e) {
  const box = $('out-error');
  const head = el('div', 'err-head');
  head.append(el('span', 'kind', e.kind));
  if (e.pos?.line > 0) head.append(el('span', 'pos', ` at ${e.pos.line}:${e.pos.col}`));
  box.append(head, el('div', 'msg', e.message));
  if (e.hint) box.append(el('div', 'hint', e.hint));
  if (e.pos?.line > 0) markError(e);
}

function showCalls(list) {
  const t = $('out-tools');
  if (list.length === 0) return;
  const head = el('tr');
  for (const h of ['tool', 'args', 'result']) head.append(el('th', '', h));
  t.append(head);
  for (const c of list) {
    const tr = el('tr', c.error ? 'bad' : '');
    tr.append(el('td', 'name', c.name), el('td', '', show(c.args ?? {})), el('td', '', c.error ? `error: ${c.error}` : show(c.result ?? null)));
    t.append(tr);
  }
}

// ---------------------------------------------------------------------------
// Error positions in the editor

/** markError underlines the token or bracket at the error's line:col. */
function markError(e) {
  const doc = programEd.state.doc;
  if (e.pos.line > doc.lines) return;
  const line = doc.line(e.pos.line);
  let from = Math.min(line.from + Math.max(e.pos.col - 1, 0), line.to);
  let to = from;
  const s = doc.toString();
  if ('([{'.includes(s[from] ?? ' ') || ')]}'.includes(s[from] ?? ' ')) to = from + 1;
  else while (to < doc.length && !/[\s()[\]{}",]/.test(s[to])) to++;
  if (to === from) {
    if (from >= doc.length && from > 0) from--;
    to = Math.min(from + 1, doc.length);
  }
  programEd.dispatch(setDiagnostics(programEd.state, [{ from, to, severity: 'error', message: `${e.kind}: ${e.message}` }]));
}

function clearMarks() {
  programEd.dispatch(setDiagnostics(programEd.state, []));
}

// ---------------------------------------------------------------------------
// Wiring

const menu = $('examples');
menu.append(el('option', '', 'Examples…'));
examples.forEach((x, i) => {
  const o = el('option', '', x.name);
  o.value = String(i);
  menu.append(o);
});
menu.addEventListener('change', () => {
  const x = examples[Number(menu.value)];
  if (!x) return;
  setState({ program: x.program, data: x.data ?? '{}', tools: x.tools ?? '[]', limits: x.limits, multi: !!x.multi });
  saveHash();
  programEd.focus();
});

$('run').addEventListener('click', run);
$('stop').addEventListener('click', () => runner.stop('stop'));
$('multi').addEventListener('change', resetSession);
$('reset').addEventListener('click', resetSession);
limitInputs.memoryPages.addEventListener('input', showMemoryLimit);
$('share').addEventListener('click', async () => {
  saveHash();
  try {
    await navigator.clipboard.writeText(location.href);
    $('status').textContent = 'link copied';
  } catch {
    $('status').textContent = 'link in the address bar';
  }
});
window.addEventListener('hashchange', () => {
  const st = decodeState(location.hash);
  if (st) setState(st);
});

if (fromHash) setState(fromHash);
else {
  const x = examples[0];
  setState({ program: x.program, data: x.data, tools: x.tools, limits: x.limits, multi: x.multi });
}
