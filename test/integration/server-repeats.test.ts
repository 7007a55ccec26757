/**
 * Head office derives what the desk derives for issue 12 (docs/first-contact-resolution.md,
 * "Head office"): a desk's events handed to head office give every case the
 * same repeat flag, nature and first-contact resolution as the desk's own
 * list, and the admin list's issue-12 filters find the same cases as the
 * desk's; an earlier case arriving after a later one makes the later one a
 * repeat, whatever order the cases of a branch arrive in (and another
 * branch's case of the same customer never counts); a repeat-window rule
 * arriving after the cases it decides judges them again; a rebuild gives the
 * same. SQLite always, PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseListPage, CaseListQuery } from '../../shared/contract/methods/cases';
import { AdminCasesQuery } from '../../shared/contract/sync';
import { DEFAULT_DEADLINE_RULES } from '../../shared/domain/deadlines/rules';
import {
  envelopeFromStored,
  type EventEnvelope,
  type StoredEvent,
} from '../../shared/domain/kernel/envelope';
import { SETTINGS_STREAM_NAME } from '../../shared/domain/settings/payloads';
import type { ParsedCasesQuery } from '../../server/store/admin';
import { SERVER_MIGRATIONS } from '../../server/store/migrations';
import { customerEntries } from '../../server/store/repeats';
import type { ServerDB } from '../../server/store/schema';
import {
  createCase,
  openTestDesk,
  readDeskDb,
  recordSteps,
  staffSession,
  type TestDesk,
} from './desk-fixtures';
import { engines, rehash } from './server-fixtures';
import { openServerStore, pushAllAs, type TestServerStore } from './server-store-fixtures';
import { hqFlags, hqSameFlags, PHONE, remoteCase } from './server-repeats-fixtures';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** Every event in the desk's log, in its order. */
function deskEvents(t: TestDesk): EventEnvelope[] {
  return readDeskDb(t.dir, (db) =>
    (
      db
        .prepare(
          'SELECT id, stream, type, schema, hlc, device, branch, actor, payload, hash FROM events ORDER BY seq',
        )
        .all() as StoredEvent[]
    ).map(envelopeFromStored),
  );
}

interface Judged {
  repeat: boolean;
  nature: string | null;
  fcr: boolean | null;
  escalationLevel: string | null;
  maliceStatus: string | null;
}

const judged = (i: {
  repeat?: boolean;
  nature?: string | null;
  fcr?: boolean | null;
  escalationLevel?: string;
  maliceStatus?: string | null;
}): Judged => ({
  repeat: i.repeat ?? false,
  nature: i.nature ?? null,
  fcr: i.fcr ?? null,
  escalationLevel: i.escalationLevel ?? null,
  maliceStatus: i.maliceStatus ?? null,
});

async function headOffice(hq: TestServerStore, q: Partial<ParsedCasesQuery> = {}) {
  const page = await hq.store.adminCases({ limit: 200, ...q }, { branch: null }, Date.now());
  if (page === 'bad_cursor') throw new Error('bad cursor');
  return page.items;
}

async function headOfficeJudged(hq: TestServerStore): Promise<Record<string, Judged>> {
  return Object.fromEntries((await headOffice(hq)).map((i) => [i.id, judged(i)]));
}

const deskFlags = (t: TestDesk): Record<string, number> =>
  Object.fromEntries(
    readDeskDb(t.dir, (db) => db.prepare('SELECT id, repeat FROM cases ORDER BY id').all()).map((r) => {
      const row = r as { id: string; repeat: number };
      return [row.id, row.repeat];
    }),
  );

async function openHq(engine: 'sqlite' | 'postgres'): Promise<TestServerStore> {
  const hq = await openServerStore(engine);
  cleanup.push(() => hq.close());
  return hq;
}

async function openDesk(): Promise<TestDesk> {
  const t = await openTestDesk({ sync: false });
  cleanup.push(() => t.close());
  return t;
}

describe('the admin case query', () => {
  it('reads the issue-12 filters from a query string as the desk list takes them', () => {
    expect(
      AdminCasesQuery.parse({ repeat: 'true', nature: 'valid', escalation: 'unreviewed', malice: 'flagged' }),
    ).toMatchObject({ repeat: true, nature: 'valid', escalation: 'unreviewed', malice: 'flagged' });
    expect(AdminCasesQuery.parse({ repeat: '0' }).repeat).toBe(false);
    expect(AdminCasesQuery.parse({ fcr: 'true' }).fcr).toBe(true);
    expect(AdminCasesQuery.parse({ fcr: 'false' }).fcr).toBe(false);
    expect(AdminCasesQuery.safeParse({ fcr: 'yes' }).success).toBe(false);
    expect(AdminCasesQuery.safeParse({ nature: 'angry' }).success).toBe(false);
    expect(AdminCasesQuery.safeParse({ repeat: 'yes' }).success).toBe(false);
  });
});

describe('the customer index at head office', () => {
  it('reads one customer of a branch as a range of one partial index (SQLite)', async () => {
    const raw = new Database(':memory:');
    const db = new Kysely<ServerDB>({ dialect: new SqliteDialect({ database: raw }) });
    try {
      for (const m of SERVER_MIGRATIONS) await m.up(db as Kysely<unknown>, 'sqlite');
      const plan = (byPhone: boolean) => {
        const q = customerEntries(db, { branch: 'GZ', byPhone, value: 'x' }, 1, 2).compile();
        return (raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.parameters) as { detail: string }[])
          .map((r) => r.detail)
          .join('; ');
      };
      expect(plan(true)).toMatch(
        /^SEARCH customers_index USING INDEX customers_by_phone \(branch=\? AND phone_norm=\? AND received_ms>\? AND received_ms<\?\)$/,
      );
      expect(plan(false)).toMatch(
        /^SEARCH customers_index USING INDEX customers_by_name \(branch=\? AND name_norm=\? AND received_ms>\? AND received_ms<\?\)$/,
      );
    } finally {
      await db.destroy();
    }
  });
});

describe.each(engines())('head office derives the desk’s issue-12 columns ($engine)', ({ engine, skip }) => {
  it.skipIf(skip !== null)(
    'same repeat, nature and first-contact resolution per case as the desk, the same cases per filter, and after a rebuild',
    async () => {
      const t = await openDesk();
      const clerk = await staffSession(t, 'counter', 'chen', '柜员小陈');
      const boss = await staffSession(t, 'supervisor', 'zhou', '周主管');
      // 40 days before: outside the 30-day window of the next case.
      t.core.appendEvents([remoteCase(PHONE, 40, 'dev-B').event]);
      const first = await createCase(t, clerk.token, {
        customer: { name: '李秀英', phone: '+86 138 0013 8000', gender: 'female', returning: true },
      });
      await recordSteps(t, clerk.token, first.id, 6);
      await t.must('case.close', { caseId: first.id, nature: 'valid' }, clerk.token);
      const second = await createCase(t, clerk.token);
      await recordSteps(t, clerk.token, second.id, 3);
      await t.must(
        'case.escalate',
        {
          caseId: second.id,
          level: 'supervisor',
          canEmployeeSolve: false,
          canSolveOnSite: false,
          rootCause: 'policy',
          reason: '费用减免超出柜面权限',
        },
        clerk.token,
      );
      await t.must(
        'case.close',
        { caseId: second.id, nature: 'help', overrideReason: '客户撤诉' },
        boss.token,
      );
      const other = await createCase(t, clerk.token, {
        customer: { name: '王芳', phone: '13900139000', gender: 'female', returning: false },
      });
      await t.must('case.suspectMalice', { caseId: other.id, note: '多次以投诉要求退费' }, clerk.token);
      // A name-only customer: 张 三 and 张三 (no usable phone) are one.
      t.core.appendEvents([
        remoteCase('', 5, 'dev-F', '张 三').event,
        remoteCase('12', 2, 'dev-G', '张三').event,
      ]);

      const page = await t.must<CaseListPage>('case.list', { limit: 200 }, clerk.token);
      const desk = Object.fromEntries(page.items.map((i) => [i.id, judged(i)]));
      // The desk's own view, which head office must match.
      expect(desk[first.id]).toMatchObject({ repeat: false, nature: 'valid', fcr: true });
      expect(desk[second.id]).toMatchObject({
        repeat: true,
        nature: 'help',
        fcr: false,
        escalationLevel: 'supervisor',
      });
      expect(desk[other.id]).toMatchObject({
        repeat: false,
        nature: null,
        fcr: null,
        maliceStatus: 'suspected',
      });
      expect(Object.values(desk).filter((j) => j.repeat)).toHaveLength(2);

      const hq = await openHq(engine);
      await pushAllAs(hq, deskEvents(t), Date.now());
      expect(await headOfficeJudged(hq)).toEqual(desk);

      const filters: [Partial<ParsedCasesQuery>, CaseListQuery][] = [
        [{ repeat: true }, { repeat: true }],
        [{ repeat: false }, { repeat: false }],
        [{ nature: 'valid' }, { nature: 'valid' }],
        [{ nature: 'help' }, { nature: 'help' }],
        [{ fcr: true }, { fcr: true }],
        [{ fcr: false }, { fcr: false }],
        [{ escalation: 'escalated' }, { escalation: 'escalated' }],
        [{ escalation: 'unreviewed' }, { escalation: 'unreviewed' }],
        [{ malice: 'flagged' }, { malice: 'flagged' }],
        [{ malice: 'malicious' }, { malice: 'malicious' }],
        [
          { repeat: true, nature: 'help' },
          { repeat: true, nature: 'help' },
        ],
      ];
      for (const [hqQuery, deskQuery] of filters) {
        const atDesk = (await t.must<CaseListPage>('case.list', deskQuery, clerk.token)).items
          .map((i) => i.id)
          .sort();
        const atHq = (await headOffice(hq, hqQuery)).map((i) => i.id).sort();
        expect({ hqQuery, atHq }).toEqual({ hqQuery, atHq: atDesk });
      }
      expect((await headOffice(hq, { repeat: true })).map((i) => i.id).sort()).toHaveLength(2);
      expect((await headOffice(hq, { fcr: true })).map((i) => i.id)).toEqual([first.id]);
      expect((await headOffice(hq, { fcr: false })).map((i) => i.id)).toEqual([second.id]);
      // Head office's escalation view carries them too.
      const escalations = await hq.store.adminEscalations(
        { level: 'supervisor', limit: 50 },
        { branch: null },
      );
      if (escalations === 'bad_cursor') throw new Error('bad cursor');
      expect(escalations.items.map((i) => [i.caseId, i.repeat, i.nature, i.fcr])).toEqual([
        [second.id, true, 'help', false],
      ]);

      // After a rebuild (an upgrade), the same.
      await hq.reopenRebuilt();
      expect(await headOfficeJudged(hq)).toEqual(desk);
    },
  );

  it.skipIf(skip !== null)(
    'notes a repeat of the same category as the desk does, whatever the arrival order (review finding 12)',
    async () => {
      const made = [
        remoteCase(PHONE, 20, 'dev-B', '李秀英', 'GZ', 'banking.cards'),
        remoteCase(PHONE, 10, 'dev-C', '李秀英', 'GZ', 'banking.fees'),
        remoteCase(PHONE, 5, 'dev-D', '李秀英', 'GZ', 'banking.cards'), // its same-category case is two back
        remoteCase(PHONE, 1, 'dev-E', '李秀英', 'GZ', 'banking.loans'),
      ];
      const desk = await openDesk();
      for (const m of made) desk.core.appendEvents([m.event]);
      const atDesk = readDeskDb(desk.dir, (db) =>
        Object.fromEntries(
          (
            db.prepare('SELECT id, repeat_same_category AS s FROM cases').all() as { id: string; s: number }[]
          ).map((r) => [r.id, r.s]),
        ),
      );
      expect(made.map((m) => atDesk[m.id])).toEqual([0, 0, 1, 0]);
      for (const order of [made, [...made].reverse(), [made[2], made[0], made[3], made[1]]]) {
        const hq = await openHq(engine);
        for (const m of order) await pushAllAs(hq, [m!.event], Date.now());
        expect(await hqSameFlags(hq)).toEqual(atDesk);
        expect(Object.values(await hqFlags(hq)).filter((f) => f === 1)).toHaveLength(3);
      }
    },
  );

  it.skipIf(skip !== null)(
    'an earlier case arriving after a later one makes it a repeat; every arrival order ends with the desk’s flags, per branch',
    async () => {
      const made = [
        remoteCase(PHONE, 60, 'dev-B'), // 35 days before the next: not in its window
        remoteCase(PHONE, 25, 'dev-C'),
        remoteCase('+8613800138000', 24, 'dev-D'),
        remoteCase(PHONE, 1, 'dev-E'),
        remoteCase('', 5, 'dev-F', '张 三'),
        remoteCase('12', 2, 'dev-G', '张三'),
      ];
      // The same customer at another branch, between them: never a repeat there, and it makes none here.
      const elsewhere = remoteCase(PHONE, 24.5, 'dev-S', '李秀英', 'SZ');
      const expected = [made[2], made[3], made[5]].map((m) => m!.id).sort();

      const desk = await openDesk();
      for (const m of made) desk.core.appendEvents([m.event]);
      const atDesk = deskFlags(desk);
      expect(
        Object.entries(atDesk)
          .filter(([, f]) => f === 1)
          .map(([id]) => id)
          .sort(),
      ).toEqual(expected);

      // The later case first: no repeat yet; the earlier one arrives and the later one becomes a repeat.
      const hq = await openHq(engine);
      await pushAllAs(hq, [made[2]!.event], Date.now());
      expect(await hqFlags(hq)).toEqual({ [made[2]!.id]: 0 });
      await pushAllAs(hq, [elsewhere.event], Date.now());
      expect(await hqFlags(hq)).toEqual({ [made[2]!.id]: 0 });
      await pushAllAs(hq, [made[1]!.event], Date.now());
      expect(await hqFlags(hq)).toEqual({ [made[2]!.id]: 1, [made[1]!.id]: 0 });
      const rest = [made[5], made[3], made[0], made[4]].map((m) => m!.event);
      for (const e of rest) await pushAllAs(hq, [e], Date.now());
      expect(await hqFlags(hq)).toEqual(atDesk);
      expect(await hqFlags(hq, 'SZ')).toEqual({ [elsewhere.id]: 0 });

      // Every case of the branch in one push, latest first; and another order one at a time.
      const together = await openHq(engine);
      const oneDevice = (m: { event: EventEnvelope }) => rehash({ ...m.event, device: 'dev-Z' });
      await pushAllAs(together, [...made].reverse().map(oneDevice), Date.now());
      expect(await hqFlags(together)).toEqual(atDesk);
      const shuffled = await openHq(engine);
      for (const m of [made[3], made[0], made[5], made[2], made[4], made[1]])
        await pushAllAs(shuffled, [m!.event], Date.now());
      expect(await hqFlags(shuffled)).toEqual(atDesk);

      // A rebuild gives the same.
      await shuffled.reopenRebuilt();
      expect(await hqFlags(shuffled)).toEqual(atDesk);
    },
  );

  it.skipIf(skip !== null)(
    'a repeat-window rule arriving after the cases it decides judges them again, as the desk did',
    async () => {
      const t = await openDesk();
      const clerk = await staffSession(t, 'counter', 'chen');
      await t.must(
        'settings.rules.set',
        { rules: { ...DEFAULT_DEADLINE_RULES, repeatWindowDays: 60 } },
        t.admin.token,
      );
      t.core.appendEvents([remoteCase(PHONE, 40, 'dev-B').event]);
      const later = await createCase(t, clerk.token);
      expect(later.repeat).toBe(true); // 40 days back, inside the branch's 60-day window
      const atDesk = deskFlags(t);

      const events = deskEvents(t);
      const settings = events.filter((e) => e.stream === SETTINGS_STREAM_NAME);
      expect(settings).toHaveLength(1);
      const hq = await openHq(engine);
      await pushAllAs(
        hq,
        events.filter((e) => e.stream !== SETTINGS_STREAM_NAME),
        Date.now(),
      );
      // Without the rule, the default 30-day window: not a repeat.
      expect((await hqFlags(hq))[later.id]).toBe(0);
      await pushAllAs(hq, settings, Date.now());
      expect(await hqFlags(hq)).toEqual(atDesk);
    },
  );
});
