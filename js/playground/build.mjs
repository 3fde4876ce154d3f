// Builds the playground's static assets with esbuild:
//
//   node build.mjs [outdir]     (default: dist)
//
// writes index.html, style.css, app.js and worker.js, minified. The output
// is deterministic (make check-playground compares a fresh build with the
// committed dist/). The guest module, ptc.wasm, is not part of it: the page
// loads it from its own directory's URL, which ptc-host playground serves.

import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, 'dist'));

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: join(here, 'src/app.js'), worker: join(here, 'src/worker.js'), style: join(here, 'src/style.css') },
  outdir: out,
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['chrome110', 'firefox115', 'safari16'],
  // js/src/index.js reads a module from disk only when given a file path,
  // which the worker never does.
  external: ['node:*'],
  logLevel: 'warning',
});
await copyFile(join(here, 'src/index.html'), join(out, 'index.html'));
