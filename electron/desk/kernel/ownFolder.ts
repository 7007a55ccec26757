/**
 * A desk's own folder for the files its jobs make (exports, dossiers,
 * reports) under `<data>/exports/`: `<pid>-<random>`. More than one desk may
 * have a data folder open at once: the app, and a CLI verb run beside it (a
 * backup while the desk runs, `staff list`, an export). Each desk removes only
 * what no live desk owns when it opens (loose files of an older layout, and
 * the folders of processes that are gone: a desk that stopped abruptly), and
 * its own folder when it closes. Before this, opening any desk emptied the
 * whole folder, under a running export and a finished file waiting to be
 * downloaded.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const OWNED = /^(\d+)-[0-9a-f]+$/;

/** Whether process `pid` runs (one that exists but is not ours to signal counts as running). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OwnFolder {
  /** The folder this desk's jobs write into. */
  readonly dir: string;
  /** Removes it with whatever is left in it (the desk closes). */
  remove(): void;
}

/** Makes this desk's folder under `root`, first removing what belongs to no live process. */
export function ownFolder(
  root: string,
  pid: number = process.pid,
  alive: (pid: number) => boolean = processAlive,
): OwnFolder {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(root)) {
    const owner = OWNED.exec(name);
    if (owner !== null && alive(Number(owner[1]))) continue;
    rmSync(path.join(root, name), { force: true, recursive: true });
  }
  const dir = path.join(root, `${pid}-${randomBytes(6).toString('hex')}`);
  mkdirSync(dir, { mode: 0o700 });
  return { dir, remove: () => rmSync(dir, { force: true, recursive: true }) };
}
