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

const cases = () =>
  readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, CASES)
    .map((l) => JSON.parse(l))
    .filter((c) => typeof c.expect === 'string' && !c.divergence && !c.ptc_unsupported);

// Every way of evaluating: evalSync on the calling thread; eval without
// tools (the plain ptc_eval); eval with a tool granted (the async path this
// engine uses: JSPI, or the guest's suspending ptc_eval_start).
const WAYS = {
  evalSync: (s, src, limits) => s.evalSync(src, { limits }),
  eval: (s, src, limits) => s.eval(src, { limits }),
  'eval with a tool granted': (s, src, limits) => s.eval(src, { limits, tools: { unused: async () => null } }),
};
for (const [way, run] of Object.entries(WAYS)) {
  test(`the first ${CASES} conformance cases print what Clojure prints (${way})`, { skip: !existsSync(corpus) && `no corpus at ${corpus}` }, async () => {
    const all = cases();
    assert.ok(all.length >= CASES * 0.9, `only ${all.length} value cases among the first ${CASES}`);
    const engine = await Engine.create();
    const mismatches = [];
    for (const c of all) {
      const s = await engine.newSession();
      let res;
      try {
        res = await run(s, c.expr, { max_steps: 1_000_000 });
      } catch (err) {
        assert.fail(`${c.id} ${c.expr}: the host threw ${err instanceof TrapError ? `a trap (${err.limit})` : 'an error'}: ${err.message}`);
      }
      const got = res.outcome === 'value' ? res.printed : `${res.outcome}: ${res.error?.kind} ${res.error?.message}`;
      if (sequential(got) !== sequential(c.expect)) mismatches.push(`${c.id} ${c.expr}\n  want ${c.expect}\n  got  ${got}`);
      s.close();
    }
    const agreement = 1 - mismatches.length / all.length;
    assert.ok(agreement >= MIN_AGREEMENT, `${all.length - mismatches.length}/${all.length} agree, want at least ${MIN_AGREEMENT * 100}%:\n${mismatches.join('\n')}`);
  });
}
