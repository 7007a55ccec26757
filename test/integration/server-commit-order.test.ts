/**
 * The pull cursor is commit-safe (docs/protocol.md, "Commit order").
 *
 * `server_seq > cursor` only works if no transaction can commit a seq smaller
 * than one a reader has already seen. On PostgreSQL a sequence does not give
 * that (shown below on a scratch table); the server assigns server_seq while
 * holding a transaction-level advisory lock, so seq order is commit order. The
 * deterministic test holds push A inside its transaction (after it took its
 * seqs) with a row lock from the test, starts push B, and pulls in between.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseState } from '../../shared/domain/cases/state';
import {
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  type EventEnvelope,
  type StoredEvent,
} from '../../shared/domain/kernel/envelope';
import { foldCase } from '../../shared/domain/cases/fold';
import type { SyncServer } from '../../server/app';
import { SEQUENCER_LOCK_KEY } from '../../server/store/open';
import {
  PG_SKIP_REASON,
  PG_URL,
  TestEnv,
  caseIdOf,
  caseNote,
  caseOpened,
  engines,
  enrollDevice,
  pull,
  pullAll,
  push,
  pushOk,
  type TestDevice,
} from './server-fixtures';

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(!PG_URL)(`commit order on postgres${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let env: TestEnv;
  let server: SyncServer;
  let probe: pg.Client;

  beforeAll(async () => {
    env = await TestEnv.create('postgres');
    server = await env.start();
    probe = new pg.Client({ connectionString: env.databaseUrl });
    await probe.connect();
  });

  afterAll(async () => {
    await probe?.end().catch(() => undefined);
    await env?.dispose();
  });

  it('control: with a plain sequence, a reader following `seq > cursor` skips an event committed late', async () => {
    const c1 = new pg.Client({ connectionString: env.databaseUrl });
    const c2 = new pg.Client({ connectionString: env.databaseUrl });
    await c1.connect();
    await c2.connect();
    try {
      await probe.query('CREATE TABLE seq_hazard (seq BIGSERIAL PRIMARY KEY, v TEXT NOT NULL)');
      await c1.query('BEGIN');
      const slow = await c1.query<{ seq: string }>(
        "INSERT INTO seq_hazard (v) VALUES ('slow') RETURNING seq",
      );
      await c2.query('BEGIN');
      await c2.query("INSERT INTO seq_hazard (v) VALUES ('fast')");
      await c2.query('COMMIT');
      const seen1 = await probe.query<{ seq: string }>(
        'SELECT seq FROM seq_hazard WHERE seq > 0 ORDER BY seq',
      );
      const cursor = Number(seen1.rows.at(-1)?.seq);
      await c1.query('COMMIT');
      const seen2 = await probe.query<{ seq: string }>(
        'SELECT seq FROM seq_hazard WHERE seq > $1 ORDER BY seq',
        [cursor],
      );
      const read = [...seen1.rows, ...seen2.rows].map((r) => Number(r.seq));
      // The slow transaction's row exists but the reader never saw it.
      expect(read).not.toContain(Number(slow.rows[0]?.seq));
      expect(await probe.query('SELECT COUNT(*)::int AS n FROM seq_hazard').then((r) => r.rows[0].n)).toBe(2);
    } finally {
      await c1.end();
      await c2.end();
    }
  });

  it('a pull between two concurrent pushes never skips an event: seqs are assigned in commit order', async () => {
    // B pushes for another branch: every case push of one branch takes that
    // branch's locks (its customers, server/store/repeats.ts; its analysis
    // rollup, server/store/factsRollup.ts) before the sequencer, which would
    // hold B back before it ever reached the sequencer under test. The
    // sequencer is one for all branches, so B still waits for A there.
    const a = await enrollDevice(server, 'CO', { deviceCode: '01' });
    const b = await enrollDevice(server, 'CP', { deviceCode: '02' });
    const reader = await enrollDevice(server, 'CO', { deviceCode: '03' });
    const readerB = await enrollDevice(server, 'CP', { deviceCode: '04' });
    const openedB = caseOpened(b);
    await pushOk(server, a, [caseOpened(a)]);
    await pushOk(server, b, [openedB]);
    const start = await pullAll(server, reader);
    const startB = await pullAll(server, readerB);
    expect(start.events).toHaveLength(1);
    expect(startB.events).toHaveLength(1);

    // Hold push A inside its transaction: it takes the sequencer, assigns its
    // seqs, inserts, and then waits for this row lock on its device row.
    const locker = new pg.Client({ connectionString: env.databaseUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM devices WHERE id = $1 FOR UPDATE', [a.id]);
    const eventsA = [caseOpened(a), caseOpened(a), caseOpened(a)];
    const eventsB = [caseNote(b, caseIdOf(openedB)), caseNote(b, caseIdOf(openedB), '已回电。')];
    let pushA: ReturnType<typeof push> | null = null;
    let pushB: ReturnType<typeof push> | null = null;
    try {
      pushA = push(server, a, eventsA);
      await waitFor('push A to hold the sequencer and wait on the device row', async () => {
        const r = await probe.query<{ held: number; blocked: number }>(
          `SELECT
             (SELECT COUNT(*)::int FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted) AS held,
             (SELECT COUNT(*)::int FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'update devices%') AS blocked`,
          [SEQUENCER_LOCK_KEY],
        );
        return r.rows[0]?.held === 1 && r.rows[0]?.blocked === 1;
      });
      pushB = push(server, b, eventsB);
      await waitFor('push B to wait for the sequencer', async () => {
        const r = await probe.query<{ n: number }>(
          `SELECT COUNT(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
          [SEQUENCER_LOCK_KEY],
        );
        return r.rows[0]?.n === 1;
      });

      // A reader now sees neither push: B cannot have committed ahead of A.
      const mid = await pull(server, reader, start.cursor);
      expect(mid.status).toBe(200);
      expect(mid.body.events).toEqual([]);
      expect(mid.body.cursor).toBe(start.cursor);
      const midB = await pull(server, readerB, startB.cursor);
      expect(midB.body.events).toEqual([]);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    const [resA, resB] = await Promise.all([pushA, pushB]);
    expect(resA?.body.acks.map((x) => x.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(resB?.body.acks.map((x) => x.status)).toEqual(['accepted', 'accepted']);

    const rest = await pullAll(server, reader, start.cursor);
    expect(rest.events.map((e) => e.id)).toEqual(eventsA.map((e) => e.id));
    const restB = await pullAll(server, readerB, startB.cursor);
    expect(restB.events.map((e) => e.id)).toEqual(eventsB.map((e) => e.id));
    const seqs = await env.query<{ server_seq: string; id: string }>(
      "SELECT server_seq, id FROM events WHERE branch IN ('CO', 'CP') ORDER BY server_seq",
    );
    // Gapless and in commit order: the two openers, A's three, then B's two.
    expect(seqs.map((r) => Number(r.server_seq))).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => Number(seqs[0]?.server_seq) + n - 1),
    );
    expect(seqs.slice(2).map((r) => r.id)).toEqual([...eventsA, ...eventsB].map((e) => e.id));
  });
});

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(
    `concurrent pushes and pulls on ${engine}${skip ? ` (${skip})` : ''}`,
    () => {
      let env: TestEnv;
      let server: SyncServer;

      beforeAll(async () => {
        env = await TestEnv.create(engine);
        server = await env.start({ rateLimit: false });
      });

      afterAll(async () => {
        await env?.dispose();
      });

      it('a reader pulling while several desks push sees every accepted event exactly once', async () => {
        const pushers: TestDevice[] = [];
        for (let i = 1; i <= 4; i++) pushers.push(await enrollDevice(server, 'CC', { deviceCode: `0${i}` }));
        const reader = await enrollDevice(server, 'CC', { deviceCode: '09' });
        const accepted: string[] = [];
        let done = false;

        const pushing = Promise.all(
          pushers.map(async (d) => {
            for (let round = 0; round < 8; round++) {
              const batch: EventEnvelope[] = Array.from({ length: 5 }, () => caseOpened(d));
              const acks = await pushOk(server, d, batch);
              for (const ack of acks) if (ack.status === 'accepted') accepted.push(ack.id);
            }
          }),
        ).finally(() => {
          done = true;
        });
        // Awaited below; marked handled so a failed push is reported there, once.
        pushing.catch(() => undefined);

        const seen: string[] = [];
        let cursor = 0;
        const cursors: number[] = [];
        for (;;) {
          const finished = done;
          const page = await pullAll(server, reader, cursor, 7);
          seen.push(...page.events.map((e) => e.id));
          expect(page.cursor).toBeGreaterThanOrEqual(cursor);
          cursor = page.cursor;
          cursors.push(cursor);
          if (finished) break;
        }
        await pushing;
        expect(accepted).toHaveLength(4 * 8 * 5);
        expect(new Set(seen).size).toBe(seen.length);
        expect([...seen].sort()).toEqual([...accepted].sort());
        expect(cursors).toEqual([...cursors].sort((x, y) => x - y));
      });

      it('desks writing to the same case at once leave its head-office row equal to the fold of its log', async () => {
        // Pushes fold their cases before taking the sequencer; the stream lock
        // must keep two of them from folding the same case from the same old row.
        const desks: TestDevice[] = [];
        for (let i = 1; i <= 4; i++) desks.push(await enrollDevice(server, 'CS', { deviceCode: `0${i}` }));
        const first = desks[0] as TestDevice;
        const opened = caseOpened(first);
        await pushOk(server, first, [opened]);
        const caseId = caseIdOf(opened);
        await Promise.all(
          desks.map(async (d, n) => {
            for (let round = 0; round < 6; round++) {
              const notes = Array.from({ length: 3 }, (_, i) =>
                caseNote(d, caseId, `第${n}台第${round}轮第${i}条`),
              );
              const acks = await pushOk(server, d, notes);
              expect(acks.map((a) => a.status)).toEqual(['accepted', 'accepted', 'accepted']);
            }
          }),
        );
        const log = await env.query<StoredEvent & Record<string, unknown>>(
          `SELECT ${STORED_EVENT_COLUMNS.join(', ')} FROM events WHERE stream = $1`,
          [opened.stream],
        );
        expect(log).toHaveLength(1 + 4 * 6 * 3);
        const [row] = await env.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [caseId]);
        const state = JSON.parse(row?.state ?? 'null') as CaseState | null;
        expect(state?.noteCount).toBe(4 * 6 * 3);
        expect(state).toEqual(
          foldCase(log.map((r) => envelopeFromStored({ ...r, schema: Number(r.schema) }))),
        );
      });
    },
  );
}
