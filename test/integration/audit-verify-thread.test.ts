/**
 * `verify` on a desk with the content check shared with a second thread
 * (electron/desk/features/audit/contentPlan.ts): on every kind of tampering
 * the report is the one a single thread gives, finding for finding, in the
 * same order, and a thread that cannot start changes nothing.
 */
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { DB_FILE_NAME } from '../../electron/desk';
import { verifyDesk, type DeskVerifyReport } from '../../electron/desk/features/audit/verifyDesk';
import {
  FIRST_RANGE,
  FREE,
  THREAD_DONE,
  type VerifyThreadData,
} from '../../electron/desk/features/audit/contentPlan';
import { startThread } from '../../electron/desk/kernel/threads';
import {
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  type StoredEvent,
} from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { newId } from '../../shared/domain/kernel/ids';
import { createCase, openTestDesk, removeDir, tempDir } from './desk-fixtures';

const PLAN_URL = new URL('../../electron/desk/features/audit/contentPlan.ts', import.meta.url).href;

let base = '';
const dirs: string[] = [];

beforeAll(async () => {
  const t = await openTestDesk();
  for (let i = 0; i < 40; i++) await createCase(t, t.admin.token);
  t.core.close();
  base = t.dir;
}, 60_000);
afterAll(() => {
  removeDir(base);
  for (const d of dirs) removeDir(d);
});

function copy(): Database.Database {
  const dir = tempDir();
  dirs.push(dir);
  copyFileSync(path.join(base, DB_FILE_NAME), path.join(dir, DB_FILE_NAME));
  return new Database(path.join(dir, DB_FILE_NAME));
}

type Row = StoredEvent & { seq: number };
const events = (db: Database.Database): Row[] =>
  db.prepare('SELECT * FROM events ORDER BY seq').all() as Row[];

/**
 * Verifies with ranges of 3 events, the thread started for real and given
 * time to claim the last ranges before this thread starts; also says how many
 * ranges the thread checked.
 */
function threaded(db: Database.Database): { report: DeskVerifyReport; byThread: number } {
  let slots: Int32Array | null = null;
  let last = 0;
  const start = (data: VerifyThreadData): Worker => {
    const w = startThread(PLAN_URL, 'verifyWorker', data, undefined, [data.port]);
    slots = new Int32Array(data.shared);
    last = FIRST_RANGE + data.ranges.length - 1;
    const until = Date.now() + 30_000;
    while (Atomics.load(slots, last) === FREE && Date.now() < until) Atomics.wait(slots, last, FREE, 50);
    return w;
  };
  const report = verifyDesk(db, { thread: { threadFrom: 1, rangeSize: 3, start } });
  let byThread = 0;
  const s = slots as Int32Array | null;
  if (s !== null)
    for (let i = FIRST_RANGE; i <= last; i++) if (Atomics.load(s, i) === THREAD_DONE) byThread++;
  return { report, byThread };
}

function single(db: Database.Database): DeskVerifyReport {
  return verifyDesk(db, { thread: { threadFrom: Infinity } });
}

/** The same report from one thread, from two, and when the second cannot start. */
function expectSame(db: Database.Database): DeskVerifyReport {
  const one = single(db);
  const { report, byThread } = threaded(db);
  expect(byThread).toBeGreaterThan(0);
  expect(report).toEqual(one);
  const failing = verifyDesk(db, {
    thread: {
      threadFrom: 1,
      rangeSize: 3,
      start: () => {
        throw new Error('no thread');
      },
    },
  });
  expect(failing).toEqual(one);
  return one;
}

describe('verify with the content check on a second thread', () => {
  it('agrees on an intact desk', () => {
    const db = copy();
    const r = expectSame(db);
    expect(r.bad).toBe(0);
    expect(r.events).toBe(events(db).length);
    db.close();
  }, 60_000);

  it('agrees on edits, recomputed hashes, unreadable payloads, deletions, insertions and swaps all at once', () => {
    const db = copy();
    const rows = events(db);
    expect(rows.length).toBeGreaterThanOrEqual(40);
    /** The event at a fraction of the log (the fractions below are 1/20 apart: distinct events). */
    const at = (f: number): Row => rows[Math.floor(f * (rows.length - 1))] as Row;
    db.pragma('foreign_keys = OFF');
    // Edited, early and late (so both threads meet one).
    for (const i of [0.1, 0.9]) {
      const p = JSON.parse(at(i).payload) as Record<string, unknown>;
      p.tampered = '篡改';
      db.prepare('UPDATE events SET payload = ? WHERE seq = ?').run(JSON.stringify(p), at(i).seq);
    }
    // Edited with its hash recomputed.
    {
      const r = at(0.8);
      const p = JSON.parse(r.payload) as Record<string, unknown>;
      p.amount = 999;
      const payload = JSON.stringify(p);
      db.prepare('UPDATE events SET payload = ?, hash = ? WHERE seq = ?').run(
        payload,
        eventHash(envelopeFromStored({ ...r, payload })),
        r.seq,
      );
    }
    // Only the hash changed.
    db.prepare('UPDATE events SET hash = ? WHERE seq = ?').run('0'.repeat(64), at(0.7).seq);
    // Unreadable.
    db.prepare('UPDATE events SET payload = ? WHERE seq = ?').run('{"broken":', at(0.65).seq);
    // Same content, another form (whitespace): intact, judged by parsing.
    db.prepare('UPDATE events SET payload = ? WHERE seq = ?').run(
      JSON.stringify(JSON.parse(at(0.55).payload), null, 2),
      at(0.55).seq,
    );
    // Deleted, with and without its chain row.
    db.prepare('DELETE FROM outbox WHERE seq IN (?, ?)').run(at(0.2).seq, at(0.45).seq);
    db.prepare('DELETE FROM events WHERE seq IN (?, ?)').run(at(0.2).seq, at(0.45).seq);
    db.prepare('DELETE FROM audit_chain WHERE seq = ?').run(at(0.45).seq);
    // Inserted with a valid hash.
    {
      const forged = { ...envelopeFromStored(at(0.05)), id: newId() };
      db.prepare(
        `INSERT INTO events (id, stream, type, schema, hlc, device, branch, actor, payload, hash, known)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      ).run(
        forged.id,
        forged.stream,
        forged.type,
        forged.schema,
        forged.hlc,
        forged.device,
        forged.branch,
        forged.actor,
        at(0.05).payload,
        eventHash(forged),
      );
    }
    // Two events swapped.
    {
      const x = at(0.3);
      const y = at(0.35);
      const cols = STORED_EVENT_COLUMNS;
      const put = db.prepare(`UPDATE events SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE seq = ?`);
      db.transaction(() => {
        db.prepare('UPDATE events SET id = ? WHERE seq = ?').run(newId(), x.seq);
        db.prepare('UPDATE events SET id = ? WHERE seq = ?').run(newId(), y.seq);
        put.run(...cols.map((c) => y[c]), x.seq);
        put.run(...cols.map((c) => x[c]), y.seq);
      })();
    }
    const r = expectSame(db);
    const problems = new Set(r.findings.map((f) => f.problem));
    for (const p of ['edited', 'rehashed', 'unreadable', 'deleted', 'inserted', 'reordered'])
      expect(problems, p).toContain(p);
    db.close();
  }, 60_000);
});
