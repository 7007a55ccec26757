/**
 * The desk core: one library that Electron's main process, the browser-mode
 * host, the CLI and the tests all drive through `call`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CallContext, DeskEvent } from '../../shared/contract/api';
import type { Result } from '../../shared/contract/result';
import type { EventEnvelope } from '../../shared/domain/events';
import { isFoldable } from '../../shared/domain/fold';
import { Desk, type AppendEventsResult } from './core';
import { openDatabase } from './db/open';
import { dispatch } from './dispatcher';
import { loadScriptResources } from './script/load';

export { DatabaseTooNewError, MigrationError } from './db/errors';
export { ScriptLoadError } from './script/load';
export type { AppendEventsResult } from './core';

export const DB_FILE_NAME = 'loopdesk.db';

export interface DeskCoreOptions {
  dataDir: string;
  resourcesDir?: string;
  now?: () => number;
  appVersion?: string;
}

export interface DeskCore {
  /** Runs one DeskApi method. Never throws. */
  call(method: string, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  subscribe(listener: (e: DeskEvent) => void): () => void;
  /** Drops the projections and folds them again from the event log (one transaction). */
  rebuild(): void;
  /**
   * Stores events made elsewhere (sync, import, benchmark) in one transaction:
   * checks envelope, hash and payload, ignores duplicates (same id and hash),
   * rejects conflicts (same id, other hash), folds the projections and merges
   * each HLC into the local clock.
   */
  appendEvents(events: EventEnvelope[]): AppendEventsResult;
  close(): void;
}

/**
 * Opens (creating if needed) the desk in `dataDir`. Throws DatabaseTooNewError
 * when the data was written by a newer Loopdesk, and ScriptLoadError when the
 * handling script or taxonomy is broken.
 */
export function openDesk(opts: DeskCoreOptions): DeskCore {
  const resources = loadScriptResources(opts.resourcesDir);
  mkdirSync(opts.dataDir, { recursive: true });
  const database = openDatabase(path.join(opts.dataDir, DB_FILE_NAME));
  let desk: Desk;
  try {
    desk = new Desk(database, resources, opts.now ?? (() => Date.now()), opts.appVersion ?? '0.0.0-dev');
    // Events this version newly understands (stored raw by an older one) are folded now.
    desk.replayNewlyKnownEvents(isFoldable);
  } catch (e) {
    database.close();
    throw e;
  }
  let closed = false;
  return {
    call: (method, input, ctx) => dispatch(desk, method, input, ctx),
    subscribe: (listener) => desk.subscribe(listener),
    rebuild: () => desk.store.rebuild(),
    appendEvents: (events) => desk.appendEvents(events),
    close: () => {
      if (closed) return;
      closed = true;
      desk.sessions.clear();
      database.close();
    },
  };
}
