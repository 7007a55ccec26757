#!/usr/bin/env node
/**
 * Bundles the Electron shell with esbuild:
 *   electron/main/main.ts       -> dist-electron/main.cjs     (Node, CommonJS)
 *   electron/preload/preload.ts -> dist-electron/preload.cjs  (sandboxed preload)
 *   electron/desk/kernel/checkWorker.ts -> dist-electron/checkWorker.cjs (the desk's event checker thread)
 *   electron/desk/rebuildWorker.ts -> dist-electron/rebuildWorker.cjs (the rebuild job's thread)
 *   electron/desk/exportWorker.ts -> dist-electron/exportWorker.cjs (an export job's thread)
 *   electron/desk/importWorker.ts -> dist-electron/importWorker.cjs (an import's check thread)
 *   electron/desk/features/audit/verifyWorker.ts -> dist-electron/verifyWorker.cjs (verify's second thread)
 * `electron` and the native `better-sqlite3` stay external (loaded at run time).
 */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist-electron');
mkdirSync(outdir, { recursive: true });

// Electron 38 ships Node 22 and Chromium 140.
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3'],
};

/** A CommonJS bundle for Electron's Node side (main process, worker threads). */
function nodeBundle(entry, out) {
  return build({
    ...common,
    entryPoints: [path.join(root, entry)],
    outfile: path.join(outdir, out),
    platform: 'node',
    target: 'node22',
    // Code written as ESM may read import.meta.url; give the CJS bundle a real one.
    banner: { js: "const __loopdeskImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__loopdeskImportMetaUrl' },
  });
}

const started = Date.now();
try {
  await Promise.all([
    nodeBundle('electron/main/main.ts', 'main.cjs'),
    nodeBundle('electron/desk/kernel/checkWorker.ts', 'checkWorker.cjs'),
    nodeBundle('electron/desk/rebuildWorker.ts', 'rebuildWorker.cjs'),
    nodeBundle('electron/desk/exportWorker.ts', 'exportWorker.cjs'),
    nodeBundle('electron/desk/importWorker.ts', 'importWorker.cjs'),
    nodeBundle('electron/desk/features/audit/verifyWorker.ts', 'verifyWorker.cjs'),
    build({
      ...common,
      entryPoints: [path.join(root, 'electron/preload/preload.ts')],
      outfile: path.join(outdir, 'preload.cjs'),
      platform: 'browser',
      target: 'chrome140',
    }),
  ]);
} catch {
  // esbuild has already printed the errors with file and line.
  console.error('Electron bundle failed (see the errors above). / Electron 打包失败（见上方错误）。');
  process.exit(1);
}
console.log(
  `Built dist-electron/main.cjs, checkWorker.cjs, rebuildWorker.cjs, exportWorker.cjs, importWorker.cjs, verifyWorker.cjs and preload.cjs in ${Date.now() - started} ms.`,
);
