/**
 * Read-only access to a desk's data for maintenance tools (the CLI's verify
 * and counts): part of the core's public functions (re-exported by
 * electron/desk/index.ts), so tools never name a table themselves.
 *
 * It opens the file read-only, so it never changes data (not even a migration).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  STORED_EVENT_COLUMNS,
  type EventEnvelope,
  type StoredEvent,
} from '../../shared/domain/kernel/envelope';
import { openDatabase, type DeskDatabase } from './db/open';

export const DB_FILE_NAME = 'loopdesk.db';

export function dbFile(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}

export function hasDesk(dataDir: string): boolean {
  return existsSync(dbFile(dataDir));
}

export function openReadOnly(dataDir: string): DeskDatabase {
  return openDatabase(dbFile(dataDir), { readonly: true });
}

/** A logged event for the CLI's checks: its envelope when the payload parses. */
export interface LoggedEvent {
  seq: number;
  /** null when the stored payload is not valid JSON. */
  envelope: EventEnvelope | null;
  id: string;
  type: string;
  stream: string;
}

/** Every stored event in local arrival order, one at a time (constant memory). */
export function* eachEvent(store: DeskDatabase): Generator<LoggedEvent> {
  const q = store.db
    .selectFrom('events')
    .select(['seq', ...STORED_EVENT_COLUMNS])
    .orderBy('seq')
    .compile();
  const rows = store.sqlite.prepare(q.sql).iterate(...q.parameters) as IterableIterator<
    StoredEvent & { seq: number }
  >;
  for (const row of rows) {
    let payload: unknown;
    let parsed = true;
    try {
      payload = JSON.parse(row.payload) as unknown;
    } catch {
      parsed = false;
    }
    const { seq, payload: _text, ...rest } = row;
    yield {
      seq,
      id: row.id,
      type: row.type,
      stream: row.stream,
      envelope: parsed ? { ...rest, payload } : null,
    };
  }
}

export interface StoreCounts {
  events: number;
  cases: number;
  staff: number;
}

export function counts(store: DeskDatabase): StoreCounts {
  const count = (table: 'events' | 'cases' | 'staff'): number => {
    const row = store.first(store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')));
    return Number(row?.n ?? 0);
  };
  return { events: count('events'), cases: count('cases'), staff: count('staff') };
}
