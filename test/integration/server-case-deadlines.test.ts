/**
 * Head office's case list shows the same deadline state as the desk (issue 9
 * item 9: "same fold"): a desk's events, handed to head office in any order,
 * give each case the same next due time and state as the desk's own list,
 * with the branch's settings in force at receipt (an administrator's rules
 * change), a paused case included, a settings event arriving after the cases
 * it decides, and after a rebuild. SQLite always, PostgreSQL when
 * LOOPDESK_TEST_PG_URL is set.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseListPage } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import { DEFAULT_DEADLINE_RULES } from '../../shared/domain/deadlines/rules';
import {
  envelopeFromStored,
  type EventEnvelope,
  type StoredEvent,
} from '../../shared/domain/kernel/envelope';
import { SETTINGS_STREAM_NAME } from '../../shared/domain/settings/payloads';
import { newId } from '../../shared/domain/kernel/ids';
import {
  createCase,
  openTestDesk,
  readDeskDb,
  RemoteDevice,
  staffSession,
  type TestDesk,
} from './desk-fixtures';
import { engines } from './server-fixtures';
import { openServerStore, pushAllAs, type TestServerStore } from './server-store-fixtures';

const at = (local: string): number => Date.parse(`${local}:00+08:00`);

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

interface Shown {
  nextDueAt: string | null;
  deadlineState: string | null;
}

const shown = (i: { nextDueAt?: string | null; deadlineState?: string | null }): Shown => ({
  nextDueAt: i.nextDueAt ?? null,
  deadlineState: i.deadlineState ?? null,
});

async function headOffice(t: TestServerStore, now: number): Promise<Record<string, Shown>> {
  const page = await t.store.adminCases({ limit: 100 }, { branch: null }, now);
  if (page === 'bad_cursor') throw new Error('bad cursor');
  return Object.fromEntries(page.items.map((i) => [i.id, shown(i)]));
}

/**
 * A desk on which the administrator shortens the urgent handling rule to 60
 * working minutes before the day's cases (the default is 30), then: an urgent
 * case at 09:00 (due 10:00 under the new rule: overdue by 15:30), a general
 * one at 15:00 (due 17:30: due soon at 15:30), and a general one paused at
 * 11:00 (waiting for parts: no due time).
 */
async function branchDay(
  o: { byPromoted?: boolean } = {},
): Promise<{ t: TestDesk; clock: { t: number }; ids: Record<string, string> }> {
  const clock = { t: at('2026-03-10T08:30') };
  const t = await openTestDesk({ now: () => clock.t, sync: false });
  cleanup.push(() => t.close());
  const clerk = await staffSession(t, 'counter', 'clerk1', '柜员小陈');
  let changer = t.admin.token;
  if (o.byPromoted) {
    // The rules are set by a supervisor the administrator has just made an administrator.
    const boss = await staffSession(t, 'supervisor', 'boss', '主管老王');
    await t.must('staff.changeRole', { staffId: boss.staff.id, role: 'admin' }, t.admin.token);
    changer = (await t.must<Session>('auth.signIn', { login: 'boss', secret: '135790' })).token;
  }
  await t.must(
    'settings.rules.set',
    {
      rules: {
        ...DEFAULT_DEADLINE_RULES,
        handling: { ...DEFAULT_DEADLINE_RULES.handling, urgent: { kind: 'workingMinutes', minutes: 60 } },
      },
    },
    changer,
  );
  clock.t = at('2026-03-10T09:00');
  const urgent = await createCase(t, clerk.token, { severity: 'urgent' });
  clock.t = at('2026-03-10T09:10');
  const paused = await createCase(t, clerk.token);
  clock.t = at('2026-03-10T11:00');
  await t.must('case.pause', { caseId: paused.id, reason: 'parts', note: '等配件' }, clerk.token);
  clock.t = at('2026-03-10T15:00');
  const soon = await createCase(t, clerk.token);
  clock.t = at('2026-03-10T15:30');
  return { t, clock, ids: { urgent: urgent.id, paused: paused.id, soon: soon.id } };
}

async function deskList(t: TestDesk): Promise<Record<string, Shown>> {
  // Sessions end after a while: the clerk signs in again after the day's clock jumps.
  const clerk = await t.must<Session>('auth.signIn', { login: 'clerk1', secret: '135790' });
  const page = await t.must<CaseListPage>('case.list', {}, clerk.token);
  return Object.fromEntries(page.items.map((i) => [i.id, shown(i)]));
}

describe.each(engines())('head office shows the desk’s deadline state ($engine)', ({ engine, skip }) => {
  it.skipIf(skip !== null)(
    'same next due time and state per case, with the branch rules in force at receipt, a paused case included',
    async () => {
      const { t, clock, ids } = await branchDay();
      const desk = await deskList(t);
      // The desk's own view (what head office must match).
      expect(desk[ids.urgent as string]).toEqual({
        nextDueAt: expect.any(String),
        deadlineState: 'overdue',
      });
      expect(Date.parse(desk[ids.urgent as string]?.nextDueAt as string)).toBe(at('2026-03-10T10:00'));
      expect(desk[ids.soon as string]?.deadlineState).toBe('due_soon');
      expect(desk[ids.paused as string]).toEqual({ nextDueAt: null, deadlineState: 'paused' });

      const events = deskEvents(t);
      const hq = await openServerStore(engine);
      cleanup.push(() => hq.close());
      await pushAllAs(hq, events, clock.t);
      expect(await headOffice(hq, clock.t)).toEqual(desk);

      // After a rebuild (an upgrade), the same.
      await hq.reopenRebuilt();
      expect(await headOffice(hq, clock.t)).toEqual(desk);
    },
  );

  it.skipIf(skip !== null)(
    'a settings event arriving after the cases it decides re-derives them; a case of another branch keeps its own',
    async () => {
      const { t, clock, ids } = await branchDay();
      const desk = await deskList(t);
      const events = deskEvents(t);
      const settings = events.filter((e) => e.stream === SETTINGS_STREAM_NAME);
      expect(settings).toHaveLength(1);

      // Another branch's urgent case, received at 09:00 too: its branch keeps the default rule.
      const other = new RemoteDevice('dev-sz-01', at('2026-03-10T09:00'), 'SZ');
      const otherCase = newId();
      const otherOpened = other.opened(otherCase, 1, {
        severity: 'urgent',
        receivedAt: new Date(at('2026-03-10T09:00')).toISOString(),
      });

      const hq = await openServerStore(engine);
      cleanup.push(() => hq.close());
      await pushAllAs(hq, [otherOpened, ...events.filter((e) => e.stream !== SETTINGS_STREAM_NAME)], clock.t);
      // Without the administrator's rule, the urgent case is due 30 working minutes after receipt.
      const before = await headOffice(hq, clock.t);
      expect(Date.parse(before[ids.urgent as string]?.nextDueAt as string)).toBe(at('2026-03-10T09:30'));
      expect(before[ids.paused as string]).toEqual(desk[ids.paused as string]);

      expect(before[otherCase]).toEqual({
        nextDueAt: new Date(at('2026-03-10T09:30')).toISOString(),
        deadlineState: 'overdue',
      });

      await pushAllAs(hq, settings, clock.t);
      const after = await headOffice(hq, clock.t);
      expect(after[otherCase]).toEqual(before[otherCase]);
      delete after[otherCase];
      expect(after).toEqual(desk);
    },
  );

  it.skipIf(skip !== null)(
    'a promotion arriving late makes a settings event count, and the cases it decides are derived again',
    async () => {
      const { t, clock, ids } = await branchDay({ byPromoted: true });
      const desk = await deskList(t);
      const events = deskEvents(t);
      const promotion = events.filter((e) => e.type === 'staff.roleChanged');
      expect(promotion).toHaveLength(1);

      const hq = await openServerStore(engine);
      cleanup.push(() => hq.close());
      await pushAllAs(
        hq,
        events.filter((e) => e.type !== 'staff.roleChanged'),
        clock.t,
      );
      // Without the promotion the rules change has no effect here: the default urgent rule.
      const before = await headOffice(hq, clock.t);
      expect(Date.parse(before[ids.urgent as string]?.nextDueAt as string)).toBe(at('2026-03-10T09:30'));

      // One push of a staff event: staff -> settings -> cases, in the same transaction.
      await pushAllAs(hq, promotion, clock.t);
      expect(await headOffice(hq, clock.t)).toEqual(desk);
    },
  );
});
