/**
 * Head office judges restricted case acts as every desk does (issue 8,
 * docs/roles.md): with the staff directory of the case's branch, and again
 * when staff events arrive after the acts they decide. Its case states equal
 * a desk's for the same events, whatever order the pushes came in.
 */
import { rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { ServerStore } from '../../server/store';
import { openDatabase, type DeskDatabase } from '../../electron/desk/db/open';
import { EventStore } from '../../electron/desk/kernel/eventStore';
import { projectors } from '../../electron/desk/projection';
import { rejudgeScenario, type RejudgeScenario } from './case-rejudge-fixtures';
import { engines, PG_URL } from './server-fixtures';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-judge-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface TestServerStore {
  store: ServerStore;
  /** Runs a read query on the store's database (not through the store). */
  query(text: string): Promise<Record<string, unknown>[]>;
  /** Closes the store and opens it again with its projections marked stale: they are rebuilt. */
  reopenRebuilt(): Promise<void>;
}

async function openServer(engine: 'sqlite' | 'postgres'): Promise<TestServerStore> {
  let opts: { dataDir: string } | { databaseUrl: string };
  let query: (text: string) => Promise<Record<string, unknown>[]>;
  if (engine === 'sqlite') {
    const dataDir = tempDir();
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
    const name = `loopdesk_judge_${randomBytes(6).toString('hex')}`;
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
    cleanup.push(async () => {
      await client.end();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
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
  };
  cleanup.push(() => t.store.close());
  return t;
}

/** Pushes `events`, each device's run of consecutive events as one push, as its device. */
async function pushAll(t: TestServerStore, events: readonly EventEnvelope[]): Promise<void> {
  let i = 0;
  while (i < events.length) {
    const first = events[i] as EventEnvelope;
    let j = i;
    while (j < events.length && events[j]?.device === first.device) j++;
    // The branch administrator's desk is a supervisor desk (only those may push staff events).
    const role = events.slice(i, j).some((e) => e.stream.startsWith('staff:')) ? 'supervisor' : 'counter';
    const out = await t.store.push(
      { deviceId: first.device, branch: first.branch, role },
      events.slice(i, j),
      Date.now(),
    );
    expect(out.acks.filter((a) => a.status !== 'accepted')).toEqual([]);
    i = j;
  }
}

/** The case states a desk folds from `events` (every case, by id). */
function deskStates(events: readonly EventEnvelope[]): Record<string, string> {
  const d: DeskDatabase = openDatabase(path.join(tempDir(), 'loopdesk.db'));
  try {
    const store = new EventStore(d, projectors());
    d.sqlite.transaction(() => store.appendInTransaction(events)).immediate();
    const rows = d.sqlite.prepare('SELECT id, state FROM cases').all() as { id: string; state: string }[];
    return Object.fromEntries(rows.map((r) => [r.id, r.state]));
  } finally {
    d.close();
  }
}

async function serverStates(t: TestServerStore): Promise<Record<string, string>> {
  const rows = await t.query('SELECT id, state FROM cases');
  return Object.fromEntries(rows.map((r) => [String(r.id), String(r.state)]));
}

async function judgedIds(t: TestServerStore): Promise<string[]> {
  return (await t.query('SELECT id FROM case_judged')).map((r) => String(r.id)).sort();
}

function expectJudgedAsDesk(sc: RejudgeScenario, states: Record<string, string>): void {
  const severity = (id: string) =>
    (JSON.parse(states[id] as string) as { severity: { value: string } }).severity.value;
  expect(severity(sc.forged)).toBe('urgent');
  expect(severity(sc.demoted)).toBe('urgent');
  expect(severity(sc.promoted)).toBe('general');
}

describe.each(engines())(
  'head office judges restricted acts as the desks do ($engine)',
  ({ engine, skip }) => {
    it.skipIf(skip !== null)(
      'ignores a forged act, and re-judges when staff events are pushed late',
      async () => {
        const sc = rejudgeScenario(Date.UTC(2026, 10, 20, 1), 'GZ', 'dev-J');
        const desk = deskStates([...sc.staff, ...sc.cases]);
        expectJudgedAsDesk(sc, desk);

        const staffFirst = await openServer(engine);
        await pushAll(staffFirst, [...sc.staff, ...sc.cases]);
        expect(await serverStates(staffFirst)).toEqual(desk);

        const staffLast = await openServer(engine);
        await pushAll(staffLast, sc.cases);
        await pushAll(staffLast, sc.staff.slice(0, -1));
        // Before the promotion arrives, the clerk's drop has no effect here either.
        expect(JSON.parse((await serverStates(staffLast))[sc.promoted] as string).severity.value).toBe(
          'urgent',
        );
        await pushAll(staffLast, sc.staff.slice(-1));
        expect(await serverStates(staffLast)).toEqual(desk);

        // A rebuild (after an upgrade) folds the same states and finds the same judged cases.
        const judged = await judgedIds(staffLast);
        expect(judged).toEqual([sc.promoted, sc.demoted, sc.lateSupervisor, sc.forged].sort());
        await staffLast.reopenRebuilt();
        expect(await serverStates(staffLast)).toEqual(desk);
        expect(await judgedIds(staffLast)).toEqual(judged);
      },
    );
  },
);
