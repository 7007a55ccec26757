#!/usr/bin/env node
/**
 * Electron is an optional dependency: its own install step downloads the
 * Electron runtime from outside the npm registry, and where that download is
 * impossible (our build machines, offline branches) npm drops the package and
 * the install still succeeds. We still want the package's files — its type
 * definitions for `tsc`, its version for electron-builder — so this step puts
 * them back from the npm registry, without the runtime. `npm start` then says
 * plainly that the runtime is missing and opens the desk in the browser.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'node_modules', 'electron');

if (existsSync(join(target, 'package.json'))) process.exit(0);

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const range = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron;
if (!range) process.exit(0);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'loopdesk-electron-'));
try {
  const out = execFileSync(npm, ['pack', `electron@${range}`, '--silent', '--pack-destination', work], {
    cwd: work,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
  const tarball = join(work, out.trim().split('\n').pop());
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  console.log(
    `loopdesk: Electron runtime not downloadable here; installed the electron package (${range}) without it. ` +
      '`npm start` will open the desk in your browser.',
  );
} catch (error) {
  // Never fail the install for this: browser mode and the tests do not need Electron.
  console.warn(`loopdesk: could not restore the electron package files (${error.message}); continuing.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
