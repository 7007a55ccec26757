#!/usr/bin/env node
/**
 * Bundles the Electron shell with esbuild:
 *   electron/main/main.ts       -> dist-electron/main.cjs     (Node, CommonJS)
 *   electron/preload/preload.ts -> dist-electron/preload.cjs  (sandboxed preload)
 *   electron/desk/kernel/checkWorker.ts -> dist-electron/checkWorker.cjs (the desk's event checker thread)
 *   electron/desk/rebuildWorker.ts -> dist-electron/rebuildWorker.cjs (the rebuild job's thread)
 *   electron/desk/exportWorker.ts -> dist-electron/exportWorker.cjs (an export job's thread)
 *   electron/desk/exportLaneWorker.ts -> dist-electron/exportLaneWorker.cjs (a CSV export's second lane)
 *   electron/desk/importWorker.ts -> dist-electron/importWorker.cjs (an import's check thread)
 *   electron/desk/features/audit/verifyWorker.ts -> dist-electron/verifyWorker.cjs (verify's second thread)
 * `electron` and the native `better-sqlite3` stay external (loaded at run time).
 *
 * `--out DIR --entry SRC=NAME.cjs` bundles one more Node entry with every
 * thread's bundle into DIR (inside the repository, so node_modules resolves)
 * instead: the bundled CLI (scripts/cli.mjs, dist-cli/) and the export
 * benchmark's child (test/bench/export.ts, dist-bench/) start their threads
 * from bundles beside them, as the app does (decision 0047).
 */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The desk's threads: [entry, bundle name]; startThread looks for the bundle beside its caller's. */
export const THREADS = [
  ['electron/desk/kernel/checkWorker.ts', 'checkWorker.cjs'],
  ['electron/desk/rebuildWorker.ts', 'rebuildWorker.cjs'],
  ['electron/desk/exportWorker.ts', 'exportWorker.cjs'],
  ['electron/desk/exportLaneWorker.ts', 'exportLaneWorker.cjs'],
  ['electron/desk/importWorker.ts', 'importWorker.cjs'],
  ['electron/desk/features/audit/verifyWorker.ts', 'verifyWorker.cjs'],
];

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3'],
};

// Electron ships Node 22 and Chromium 140; node20 also runs the bundles on this project's Node.
/** A CommonJS bundle for Electron's Node side (main process, worker threads) or plain Node. */
function nodeBundle(entry, outfile) {
  return build({
    ...common,
    entryPoints: [path.join(root, entry)],
    outfile,
    platform: 'node',
    target: 'node20',
    // Code written as ESM may read import.meta.url; give the CJS bundle a real one.
    banner: { js: "const __loopdeskImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__loopdeskImportMetaUrl' },
  });
}

/** Bundles `entries` ([source, bundle name]) and every thread into `outdir` (absolute or from the root). */
export async function bundleNode(entries, outdir) {
  const dir = path.resolve(root, outdir);
  mkdirSync(dir, { recursive: true });
  await Promise.all([...entries, ...THREADS].map(([src, name]) => nodeBundle(src, path.join(dir, name))));
}

/** The app: main process, threads and preload into dist-electron/. */
async function buildApp() {
  const outdir = path.join(root, 'dist-electron');
  await Promise.all([
    bundleNode([['electron/main/main.ts', 'main.cjs']], outdir),
    build({
      ...common,
      entryPoints: [path.join(root, 'electron/preload/preload.ts')],
      outfile: path.join(outdir, 'preload.cjs'),
      platform: 'browser',
      target: 'chrome140',
    }),
  ]);
}

/** `--out DIR --entry SRC=NAME.cjs`, or null for the app. */
function parseArgs(argv) {
  const out = argv.indexOf('--out');
  const entry = argv.indexOf('--entry');
  if (out < 0 && entry < 0) return null;
  const [src, name] = (argv[entry + 1] ?? '').split('=');
  if (out < 0 || entry < 0 || !argv[out + 1] || !src || !name?.endsWith('.cjs')) {
    console.error('usage: build-electron.mjs [--out DIR --entry SRC=NAME.cjs]');
    process.exit(2);
  }
  return { outdir: argv[out + 1], entries: [[src, name]] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = Date.now();
  const extra = parseArgs(process.argv.slice(2));
  try {
    if (extra) await bundleNode(extra.entries, extra.outdir);
    else await buildApp();
  } catch {
    // esbuild has already printed the errors with file and line.
    console.error('Electron bundle failed (see the errors above). / Electron 打包失败（见上方错误）。');
    process.exit(1);
  }
  if (!extra) {
    console.log(
      `Built dist-electron/main.cjs, ${THREADS.map(([, n]) => n).join(', ')} and preload.cjs in ${Date.now() - started} ms.`,
    );
  }
}
