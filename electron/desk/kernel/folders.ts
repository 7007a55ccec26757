/**
 * Checks of a folder the desk or its CLI writes into (a backup folder, an
 * export's target): inside another folder (the data folder), and writable.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** True when `target` is the folder `folder` or lies inside it (both resolved). */
export function isInsideFolder(target: string, folder: string): boolean {
  const t = path.resolve(target);
  const f = path.resolve(folder);
  return t === f || t.startsWith(`${f}${path.sep}`);
}

/** True when `folder` is a folder this process may write into. */
export function isWritableFolder(folder: string): boolean {
  try {
    if (!statSync(folder).isDirectory()) return false;
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
