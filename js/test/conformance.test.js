// Differential check: the first 200 cases of the shared conformance corpus
// (Clojure's answers) through the JavaScript host. The interpreter prints
// sequences as vectors where Clojure prints lists, and Clojure's = treats
// them as equal, so the comparison maps ( ) to [ ] outside strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine, TrapError } from '../src/index.js';

const corpus = fileURLToPath(new URL('../../../shared/conformance/cases.jsonl', import.meta.url));
const CASES = 200;
const MIN_AGREEMENT = 0.95;

// sequential maps list brackets to vector brackets outside string literals.
const sequential = (text) => text.replace(/"(?:[^"\\]|\\.)*"|[()]/g, (m) => (m === '(' ? '[' : m === ')' ? ']' : m));

test(`the first ${CASES} conformance cases print what Clojure prints`, { skip: !existsSync(corpus) && `no corpus at ${corpus}` }, async () => {
  const cases = readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, CASES)
    .map((l) => JSON.parse(l))
    .filter((c) => typeof c.expect === 'string' && !c.divergence && !c.ptc_unsupported);
  assert.ok(cases.length >= CASES * 0.9, `only ${cases.length} value cases among the first ${CASES}`);
  const engine = await Engine.create();
  const mismatches = [];
  for (const c of cases) {
    const s = await engine.newSession();
    let res;
    try {
      res = s.eval(c.expr, { limits: { max_steps: 1_000_000 } });
    } catch (err) {
      assert.fail(`${c.id} ${c.expr}: the host threw ${err instanceof TrapError ? `a trap (${err.limit})` : 'an error'}: ${err.message}`);
    }
    const got = res.outcome === 'value' ? res.printed : `${res.outcome}: ${res.error?.kind} ${res.error?.message}`;
    if (sequential(got) !== sequential(c.expect)) mismatches.push(`${c.id} ${c.expr}\n  want ${c.expect}\n  got  ${got}`);
    s.close();
  }
  const agreement = 1 - mismatches.length / cases.length;
  assert.ok(agreement >= MIN_AGREEMENT, `${cases.length - mismatches.length}/${cases.length} agree, want at least ${MIN_AGREEMENT * 100}%:\n${mismatches.join('\n')}`);
});
