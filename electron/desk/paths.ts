/**
 * Where Loopdesk keeps its data when no `--data` is given.
 *
 * Browser mode, the Electron shell and the CLI all use this one function, so
 * `npm start` (in either mode), `npm run web` and `npm run cli` open the same
 * desk on one machine.
 */
import os from 'node:os';
import path from 'node:path';

export interface DataDirEnv {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  home?: string;
}

/**
 * - `LOOPDESK_DATA` when set;
 * - Linux (and other Unix): `$XDG_DATA_HOME/loopdesk`, else `~/.local/share/loopdesk`;
 * - macOS: `~/Library/Application Support/Loopdesk`;
 * - Windows: `%APPDATA%\Loopdesk`, else `~\AppData\Roaming\Loopdesk`.
 */
export function defaultDataDir(opts: DataDirEnv = {}): string {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const home = opts.home ?? os.homedir();
  const p = platform === 'win32' ? path.win32 : path.posix;

  const explicit = env.LOOPDESK_DATA?.trim();
  if (explicit) return p.resolve(explicit);

  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', 'Loopdesk');
  if (platform === 'win32') {
    const appData = env.APPDATA?.trim();
    return p.join(appData ? appData : p.join(home, 'AppData', 'Roaming'), 'Loopdesk');
  }
  const xdg = env.XDG_DATA_HOME?.trim();
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg && p.isAbsolute(xdg)) return p.join(xdg, 'loopdesk');
  return p.join(home, '.local', 'share', 'loopdesk');
}
