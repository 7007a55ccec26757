/**
 * A head-office store opened directly (no HTTP), on SQLite or on a fresh
 * PostgreSQL database, for tests that hand it a desk's events and read its
 * projections back: the store's fold against the desks'.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { ServerStore } from '../../server/store';
import { dropTestDatabase, PG_URL, type EngineName } from './server-fixtures';

export interface TestServerStore {
  store: ServerStore;
  /** Runs a read query on the store's database (not through the store). */
  query(text: string): Promise<Record<string, unknown>[]>;
  /** Closes the store and opens it again with its projections marked stale: they are rebuilt. */
  reopenRebuilt(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a store in a temporary folder (SQLite) or a fresh database (PostgreSQL); `close` removes it. */
export async function openServerStore(engine: EngineName): Promise<TestServerStore> {
  const undo: (() => Promise<void> | void)[] = [];
  let opts: { dataDir: string } | { databaseUrl: string };
  let query: (text: string) => Promise<Record<string, unknown>[]>;
  if (engine === 'sqlite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-hq-'));
    undo.push(() => rmSync(dataDir, { recursive: true, force: true }));
    opts = { dataDir };
    query = async (text) => {
      const db = new Database(path.join(dataDir, 'server.db'));
      try {
        return text.startsWith('SELECT')
          ? (db.prepare(text).all() as Record<string, unknown>[])
          : (db.exec(text), []);
      } finally {
        db.close();
      }
    };
  } else {
    const name = `loopdesk_hq_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_URL as string);
    url.pathname = `/${name}`;
    opts = { databaseUrl: url.toString() };
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    query = async (text) => (await client.query(text)).rows as Record<string, unknown>[];
    undo.push(async () => {
      await client.end();
      await dropTestDatabase(name);
    });
  }
  const t: TestServerStore = {
    store: await ServerStore.open(opts),
    query,
    async reopenRebuilt() {
      await t.store.close();
      await query("DELETE FROM meta WHERE key = 'projection.fold'");
      t.store = await ServerStore.open(opts);
    },
    async close() {
      await t.store.close();
      for (const f of undo.reverse()) await f();
    },
  };
  return t;
}

/**
 * Pushes `events` as their devices (each device's run of consecutive events
 * as one push, from a supervisor desk), at server time `now`; every event
 * must be accepted.
 */
export async function pushAllAs(
  t: TestServerStore,
  events: readonly EventEnvelope[],
  now: number,
): Promise<void> {
  let i = 0;
  while (i < events.length) {
    const first = events[i] as EventEnvelope;
    let j = i;
    while (j < events.length && events[j]?.device === first.device) j++;
    const out = await t.store.push(
      { deviceId: first.device, branch: first.branch, role: 'supervisor' },
      events.slice(i, j),
      now,
    );
    expect(out.acks.filter((a) => a.status !== 'accepted')).toEqual([]);
    i = j;
  }
}
