/**
 * What the Electron specs share: whether a runnable Electron is installed
 * (our build machines cannot download it; the specs then skip with the reason
 * printed) and building the app before launching it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function detectElectron():
  { binary: string; reason?: undefined } | { binary?: undefined; reason: string } {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'package.json')))
    return { reason: 'the electron npm package is not installed' };
  if (!existsSync(path.join(pkgDir, 'path.txt')) && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return {
      reason:
        'the electron npm package is present but its binary was never downloaded (no node_modules/electron/path.txt)',
    };
  }
  try {
    const require = createRequire(import.meta.url);
    const binary: unknown = require('electron');
    if (typeof binary !== 'string') return { reason: 'the electron package did not give a binary path' };
    if (!existsSync(binary)) return { reason: `the Electron binary is missing (${binary})` };
    return { binary };
  } catch (e) {
    return { reason: e instanceof Error ? e.message : String(e) };
  }
}

export function ensureBuilt(): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = (script: string): void => {
    const r = spawnSync(npm, ['run', script], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) throw new Error(`npm run ${script} failed with code ${String(r.status)}`);
  };
  if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) run('build:renderer');
  if (
    !existsSync(path.join(root, 'dist-electron', 'main.cjs')) ||
    !existsSync(path.join(root, 'dist-electron', 'preload.cjs'))
  ) {
    run('build:electron');
  }
}
