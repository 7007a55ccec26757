#!/usr/bin/env node
/**
 * `npm start`: run Loopdesk as a desktop app when the Electron runtime is
 * installed, otherwise in the browser (browser mode on 127.0.0.1).
 *
 * Electron is usable when `node_modules/electron` is present AND the binary it
 * points to exists (its npm package downloads the binary at install time, which
 * our build machines cannot do). Set LOOPDESK_BROWSER=1 to force browser mode.
 * Extra arguments (e.g. `npm start -- --port 0 --data DIR`) go to browser mode.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** @returns {{ ok: true, binary: string } | { ok: false, reason: string }} */
function electronRuntime() {
  if (!existsSync(path.join(root, 'node_modules', 'electron', 'package.json'))) {
    return { ok: false, reason: 'node_modules/electron is not installed' };
  }
  if (
    !existsSync(path.join(root, 'node_modules', 'electron', 'path.txt')) &&
    !process.env.ELECTRON_OVERRIDE_DIST_PATH
  ) {
    return { ok: false, reason: 'the electron package is present but its binary was never downloaded' };
  }
  try {
    const binary = require('electron');
    if (typeof binary !== 'string')
      return { ok: false, reason: 'the electron package did not give a binary path' };
    if (!existsSync(binary)) return { ok: false, reason: `the Electron binary is missing (${binary})` };
    return { ok: true, binary };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Run an npm script with its output on stderr (stdout is kept for the ready line). */
function npmRun(script) {
  const r = spawnSync(npm, ['run', script], {
    cwd: root,
    stdio: ['ignore', 2, 2],
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    console.error(
      `\`npm run ${script}\` 失败，见上方输出。 / \`npm run ${script}\` failed; see the output above.`,
    );
    process.exit(r.status ?? 1);
  }
}

/** Start a child, pass Ctrl+C/SIGTERM to it, and exit with its code. */
function supervise(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => {
    // Ctrl+C in a terminal reaches the child too; forwarding again is harmless.
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('error', (e) => {
    console.error(`无法启动 ${command} / Could not start ${command}: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
  });
}

const forceBrowser = process.env.LOOPDESK_BROWSER === '1';
const runtime = forceBrowser ? { ok: false, reason: 'LOOPDESK_BROWSER=1' } : electronRuntime();

if (runtime.ok) {
  const built =
    existsSync(path.join(root, 'dist', 'renderer', 'index.html')) &&
    existsSync(path.join(root, 'dist-electron', 'main.cjs')) &&
    existsSync(path.join(root, 'dist-electron', 'preload.cjs'));
  if (!built) npmRun('build');
  // Launch the app folder: package.json "main" is dist-electron/main.cjs, and
  // app.getAppPath() is then the repo root (where dist/ and resources/ live).
  supervise(runtime.binary, [root]);
} else {
  console.log(
    '未安装 Electron 运行环境，改为在浏览器中启动 Loopdesk。 / Electron runtime not installed; starting Loopdesk in your browser instead.',
  );
  if (process.env.LOOPDESK_DEBUG) console.error(`(${runtime.reason})`);
  if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) npmRun('build:renderer');
  const tsxCli = require.resolve('tsx/cli');
  supervise(process.execPath, [
    tsxCli,
    path.join(root, 'electron', 'host', 'main.ts'),
    ...process.argv.slice(2),
  ]);
}
