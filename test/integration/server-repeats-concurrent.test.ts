/**
 * Head office's repeat flags when pushes of one branch run at once
 * (server/store/repeats.ts): a push opening a case locks its branch's
 * customers (PostgreSQL), so a case pushed while another push of the same
 * customer is in flight still sees that case; desks pushing cases of one
 * customer together end with the flags the shared rule gives. SQLite always,
 * PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { withinWindow } from '../../shared/domain/cases/repeat';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { projectionLockNames } from '../../server/store/projection';
import { RemoteDevice } from './desk-fixtures';
import {
  caseOpened,
  enrollDevice,
  engines,
  PG_SKIP_REASON,
  PG_URL,
  push,
  pushOk,
  rehash,
  TestEnv,
  type TestDevice,
} from './server-fixtures';
import { DAY, hqFlags, PHONE, remoteCase } from './server-repeats-fixtures';
import { openServerStore, pushAllAs } from './server-store-fixtures';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('the locks of a push', () => {
  it('has a push adding a case lock its branch’s customers, and one that does not leave them to others', () => {
    const opened = remoteCase(PHONE, 1, 'dev-B').event;
    expect(projectionLockNames([opened]).exclusive).toContain('customers@GZ');
    const note = new RemoteDevice('dev-B', Date.now(), 'GZ').event(opened.stream, 'case.note_added', {
      text: '已回电',
    });
    expect(projectionLockNames([note]).exclusive).not.toContain('customers@GZ');
  });
});

describe.each(engines())('cases of one customer pushed at once ($engine)', ({ engine, skip }) => {
  it.skipIf(skip !== null)(
    'desks of a branch pushing cases of one customer at once leave the flags the rule gives',
    async () => {
      // PostgreSQL runs several push groups at once: a push opening a case holds its branch's customers lock.
      const hq = await openServerStore(engine);
      cleanup.push(() => hq.close());
      const made: ReturnType<typeof remoteCase>[] = [];
      for (let d = 0; d < 4; d++)
        for (let round = 0; round < 6; round++)
          made.push(remoteCase(PHONE, ((d * 7 + round * 13) % 90) + d / 10, `dev-${d}-${round}`));
      await Promise.all(
        [0, 1, 2, 3].map(async (d) => {
          for (const m of made.filter((_, i) => Math.floor(i / 6) === d).reverse())
            await pushAllAs(hq, [m.event], Date.now());
        }),
      );
      const at = (m: { id: string; receivedMs: number }) => ({ id: m.id, receivedMs: m.receivedMs });
      const expected = Object.fromEntries(
        made.map((c) => [c.id, made.some((o) => o.id !== c.id && withinWindow(at(o), at(c), 30)) ? 1 : 0]),
      );
      expect(Object.values(expected)).toContain(0);
      expect(Object.values(expected)).toContain(1);
      expect(await hqFlags(hq)).toEqual(expected);
    },
  );
});

describe.skipIf(!PG_URL)(
  `pushes of one branch at once on postgres${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`,
  () => {
    async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
      const until = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }

    it('a case pushed while another push of the same customer is in flight sees that case', async () => {
      const env = await TestEnv.create('postgres');
      cleanup.push(() => env.dispose());
      const server = await env.start();
      const [a, b, c] = [
        await enrollDevice(server, 'CR', { deviceCode: '01' }),
        await enrollDevice(server, 'CR', { deviceCode: '02' }),
        await enrollDevice(server, 'CR', { deviceCode: '03' }),
      ] as [TestDevice, TestDevice, TestDevice];
      /** A case of the customer received `daysAgo` days ago, entered then (no back-dating). */
      const open = (dev: TestDevice, daysAgo: number) => {
        const at = Date.now() - daysAgo * DAY;
        return rehash({
          ...caseOpened(dev, { phone: PHONE, receivedAt: new Date(at).toISOString() }),
          hlc: formatHlc(at, 0),
        });
      };
      const flags = async () =>
        Object.fromEntries(
          (
            await env.query<{ id: string; repeat: number }>(
              "SELECT id, repeat FROM cases WHERE branch = 'CR'",
            )
          ).map((r) => [r.id, Number(r.repeat)]),
        );
      const y = open(c, 1);
      await pushOk(server, c, [y]);
      const probe = new pg.Client({ connectionString: env.databaseUrl });
      await probe.connect();
      const waiting = async () =>
        (
          await probe.query<{ n: number }>(
            "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
          )
        ).rows[0]?.n ?? 0;

      // Hold push A inside its transaction: it has written its case's index row and waits to flag Y.
      const locker = new pg.Client({ connectionString: env.databaseUrl });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [y.stream.slice('case:'.length)]);
      const x = open(a, 10);
      const z = open(b, 5);
      let pushA: ReturnType<typeof push> | null = null;
      let pushB: ReturnType<typeof push> | null = null;
      try {
        pushA = push(server, a, [x]);
        await waitFor('push A to wait on case Y', async () => (await waiting()) === 1);
        // Push B, a case between them, must not judge it without A's case (it waits for A's customers lock).
        pushB = push(server, b, [z]);
        await waitFor('push B to wait', async () => (await waiting()) === 2);
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
        await probe.end();
      }
      const [resA, resB] = await Promise.all([pushA, pushB]);
      expect(resA?.body.acks.map((k) => k.status)).toEqual(['accepted']);
      expect(resB?.body.acks.map((k) => k.status)).toEqual(['accepted']);
      const id = (e: EventEnvelope) => e.stream.slice('case:'.length);
      expect(await flags()).toEqual({ [id(x)]: 0, [id(z)]: 1, [id(y)]: 1 });
    });
  },
);
