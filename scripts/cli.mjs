#!/usr/bin/env node
/**
 * `npm run cli -- <verb> …`: the desk's command line (electron/cli/main.ts)
 * run from an esbuild bundle in dist-cli/, with every thread's bundle beside
 * it (scripts/build-electron.mjs), as the desktop app runs its code: no
 * TypeScript loader in the process or in its threads. Under tsx each thread
 * costs about 80 MB more, which kept a CSV export to one thread to stay
 * within its memory bound (decision 0047).
 *
 * The bundles are made again when a source file under electron/ or shared/,
 * or package-lock.json, is newer than them (about 2 s; a note on stderr).
 * LOOPDESK_CLI_TSX=1 runs the sources through tsx instead.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleNode, root } from './build-electron.mjs';

const OUT = path.join(root, 'dist-cli');
const BUNDLE = path.join(OUT, 'cli.cjs');

/** The newest modification time (ms) of the files below `dir`. */
function newest(dir) {
  let ms = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) ms = Math.max(ms, newest(p));
    else if (entry.isFile()) ms = Math.max(ms, statSync(p).mtimeMs);
  }
  return ms;
}

function bundleTime() {
  try {
    return statSync(BUNDLE).mtimeMs;
  } catch {
    return 0;
  }
}

if (process.env.LOOPDESK_CLI_TSX === '1') {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'electron/cli/main.ts'), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}

const sources = Math.max(
  newest(path.join(root, 'electron')),
  newest(path.join(root, 'shared')),
  statSync(path.join(root, 'package-lock.json')).mtimeMs,
);
if (sources > bundleTime()) {
  process.stderr.write('Bundling the command line (dist-cli/)… / 正在打包命令行程序…\n');
  try {
    await bundleNode([['electron/cli/main.ts', 'cli.cjs']], OUT);
  } catch {
    // esbuild has already printed the errors with file and line.
    console.error('The command line could not be bundled (see above). / 命令行程序打包失败（见上方错误）。');
    process.exit(1);
  }
}
// The bundle finds the branch's script and taxonomy here (it no longer sits in the source tree).
process.env.LOOPDESK_RESOURCES ??= path.join(root, 'resources');
await import(pathToFileURL(BUNDLE).href);
