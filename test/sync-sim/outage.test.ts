/**
 * DOMAIN.md §9, end to end: "A branch has no internet for three days; two
 * counters record cases; when the line returns every record reaches head
 * office exactly once."
 *
 * Branch GZ (广州天河支行) has two counters enrolled with a running server.
 * The server goes down. For three simulated days (the desks' and the
 * server's clock move forward; nothing waits in real time) both counters
 * record cases in Chinese, walk some through all six steps and close them,
 * add notes (one on the other counter's case); their sync status says
 * offline with the records waiting. The server comes back on the same data
 * and address; both desks sync; every record is on the server exactly once,
 * each counter lists the other's cases, the case numbers are distinct, and
 * the head-office case list shows all of them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import { parseCaseNumber } from '../../shared/domain/kernel/caseNumber';
import { STEP_FIELDS } from '../integration/desk-fixtures';
import { checkInvariants, countById, SimServer, simEngines } from './harness';
import { SimDesk } from './simDesk';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 23 November 2026, 09:00 in Guangzhou. */
const MONDAY_9AM = Date.parse('2026-11-23T09:00:00+08:00');

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** The branch's (and head office's) clock: moved by the test, never by waiting. */
const clock = { t: MONDAY_9AM };
const now = () => clock.t;

interface Counter {
  desk: SimDesk;
  clerk: { name: string; login: string };
  session: Session;
}

async function counterOn(desk: SimDesk, name: string, login: string): Promise<Counter> {
  await desk.must('staff.create', { name, login, role: 'counter', secretKind: 'pin', secret: '1357' });
  const c: Counter = { desk, clerk: { name, login }, session: desk.session };
  await signIn(c);
  return c;
}

/** Sessions last 12 h: each morning the clerk signs in again (and the admin, for the test's reads). */
async function signIn(c: Counter): Promise<void> {
  c.session = await c.desk.must<Session>('auth.signIn', { login: c.clerk.login, secret: '1357' }, null);
  await c.desk.signIn();
}

async function clerk<T>(c: Counter, method: string, input: unknown): Promise<T> {
  return c.desk.must<T>(method, input, c.session.token);
}

interface Complaint {
  name: string;
  phone: string;
  channel: string;
  category: string;
  severity: string;
  account: string;
}

const COMPLAINTS: Complaint[] = [
  {
    name: '李秀英',
    phone: '13800138001',
    channel: 'walk_in',
    category: 'telecom.value_added',
    severity: 'general',
    account: '客户否认订购每月7元的短信增值业务，要求书面道歉并给予大额补偿；记录显示该业务已于上月退订。',
  },
  {
    name: '王建国',
    phone: '13912345678',
    channel: 'phone',
    category: 'banking.fees',
    severity: 'general',
    account: '信用卡年费被重复扣收两次，客户要求退还多扣的费用。',
  },
  {
    name: '陈静',
    phone: '13700001111',
    channel: 'walk_in',
    category: 'banking.counter_service',
    severity: 'special',
    account: '断网期间柜台无法查询账户流水，客户等待超过一小时，情绪激动。',
  },
  {
    name: '张伟',
    phone: '13655556666',
    channel: 'letter',
    category: 'banking.wealth_products',
    severity: 'major',
    account: '理财产品到期后本金未按约定时间到账，客户要求说明原因并尽快到账。',
  },
];

async function openCase(c: Counter, i: number, day: number): Promise<CaseDetail> {
  const x = COMPLAINTS[i % COMPLAINTS.length]!;
  return clerk<CaseDetail>(c, 'case.create', {
    customer: { name: x.name, phone: x.phone, gender: 'unknown', returning: i % 2 === 0 },
    channel: x.channel,
    category: x.category,
    severity: x.severity,
    account: `第${day}天：${x.account}`,
  });
}

async function allSixStepsAndClose(c: Counter, caseId: string): Promise<CaseDetail> {
  for (const step of [1, 2, 3, 4, 5, 6] as const) {
    clock.t += 5 * 60_000;
    await clerk(c, 'case.recordStep', { caseId, step, fields: STEP_FIELDS[step] });
  }
  const closed = await clerk<CaseDetail>(c, 'case.close', { caseId, nature: 'valid' });
  expect(closed.status).toBe('closed');
  return closed;
}

async function pressSyncNow(d: SimDesk): Promise<SyncStatus> {
  await d.must('sync.now', {});
  return d.core.syncIdle();
}

describe.each(simEngines())('three days without a line (DOMAIN.md §9, %s)', (engine) => {
  it('two counters record offline for three days; when the line returns, every record reaches head office exactly once', async () => {
    clock.t = MONDAY_9AM;
    const server = await SimServer.create(engine, now);
    cleanup.push(() => server.dispose());
    await server.start();
    const port = Number(new URL(server.url).port);

    // Two counters of the branch, enrolled with head office.
    const desks: SimDesk[] = [];
    for (const code of ['01', '02']) {
      const d = await SimDesk.create({
        name: `GZ-${code}`,
        branch: 'GZ',
        branchName: '广州天河支行',
        deviceCode: code,
        now,
      });
      cleanup.push(() => d.dispose());
      await d.must('sync.configure', { serverUrl: server.url, code: await server.code('GZ') });
      await d.core.syncIdle();
      desks.push(d);
    }
    const [deskA, deskB] = desks as [SimDesk, SimDesk];
    const a = await counterOn(deskA, '柜员 陈晓燕', 'chenxy');
    const b = await counterOn(deskB, '柜员 刘洋', 'liuyang');

    // A normal morning: one case each, synced, both counters see both.
    const before = [await openCase(a, 0, 0), await openCase(b, 1, 0)];
    for (const d of [deskA, deskB, deskA]) {
      expect(await pressSyncNow(d)).toMatchObject({ state: 'online', pending: 0 });
    }
    expect(await deskA.caseIds()).toEqual(before.map((c) => c.id).sort());
    expect(await deskB.caseIds()).toEqual(before.map((c) => c.id).sort());
    const waitingBefore = { a: deskA.ownEvents().length, b: deskB.ownEvents().length };

    // The line to head office goes down.
    await server.stop();

    const made: CaseDetail[] = [...before];
    for (let day = 1; day <= 3; day++) {
      clock.t = MONDAY_9AM + day * DAY; // the next morning
      await signIn(a);
      await signIn(b);
      for (const [c, offset] of [
        [a, 0],
        [b, 2],
      ] as const) {
        for (let k = 0; k < 2; k++) {
          clock.t += 40 * 60_000;
          const opened = await openCase(c, day + offset + k, day);
          made.push(opened);
          if (k === 0) {
            await allSixStepsAndClose(c, opened.id); // handled on the spot
          } else {
            await clerk(c, 'case.recordStep', { caseId: opened.id, step: 1, fields: STEP_FIELDS[1] });
            await clerk(c, 'case.addNote', {
              caseId: opened.id,
              text: `系统断网，已登记客户电话，承诺网络恢复后回电（第${day}天）。`,
            });
          }
        }
      }
      // Day 2: counter two adds to the case counter one opened before the outage.
      if (day === 2) {
        await clerk(b, 'case.addNote', {
          caseId: before[0]!.id,
          text: '客户再次来电询问，已告知网络恢复后统一回复。',
        });
      }
      // Both press "sync now": head office cannot be reached, the records wait on the desks.
      for (const [d, base] of [
        [deskA, waitingBefore.a],
        [deskB, waitingBefore.b],
      ] as const) {
        const s = await pressSyncNow(d);
        expect(s.state, `${d.name} on day ${day}`).toBe('offline');
        expect(s.lastError?.code).toBe('unreachable');
        expect(s.lastError?.message).toMatch(/[\u4e00-\u9fff]/);
        expect(s.pending, `${d.name}: records waiting on day ${day}`).toBe(d.ownEvents().length - base);
        expect(s.pending).toBeGreaterThan(0);
      }
    }
    expect(made).toHaveLength(2 + 3 * 4);

    // Thursday afternoon the line is back: the same server, data and address.
    clock.t = MONDAY_9AM + 3 * DAY + 8 * HOUR;
    await server.start({ port });
    await signIn(a);
    await signIn(b);
    for (const d of [deskA, deskB, deskA]) {
      const s = await pressSyncNow(d);
      expect(s, d.name).toMatchObject({ state: 'online', pending: 0, rejected: 0, lastError: null });
      expect(s.lastSuccessAt).toBe(new Date(clock.t).toISOString());
    }

    // Every record reached head office exactly once.
    const { events } = await server.branchEvents('GZ');
    const counts = countById(events);
    const written = [...deskA.ownEvents(), ...deskB.ownEvents()];
    for (const e of written) expect(counts.get(e.id), `${e.type} ${e.id}`).toBe(1);
    expect(events).toHaveLength(written.length);
    const devices = await server.adminDevices('GZ');
    for (const d of desks) {
      expect(devices.find((x) => x.id === d.deviceId)?.eventsReceived, d.name).toBe(d.ownEvents().length);
    }

    // Each counter lists the other's cases; the case numbers are distinct and name their desk and day.
    const all = made.map((c) => c.id).sort();
    expect(await deskA.caseIds()).toEqual(all);
    expect(await deskB.caseIds()).toEqual(all);
    const numbers = made.map((c) => c.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const c of made) {
      const parts = parseCaseNumber(c.number);
      expect(parts, c.number).not.toBeNull();
      expect(parts?.branch).toBe('GZ');
    }
    expect(numbers.filter((n) => n.startsWith('GZ01-2026112'))).toHaveLength(7);
    expect(numbers.filter((n) => n.startsWith('GZ02-2026112'))).toHaveLength(7);
    for (const c of made) {
      expect(await deskB.getCase(c.id), c.number).toEqual(await deskA.getCase(c.id));
    }
    const noted = await deskA.getCase(before[0]!.id);
    expect(noted.timeline.map((t) => t.type)).toContain('case.note_added');

    // Head office sees all of them, in the same state as the branch.
    const office = await server.adminCases('GZ');
    expect(office.map((c) => c.id).sort()).toEqual(all);
    for (const c of office) {
      const local = await deskA.getCase(c.id);
      expect(c, local.number).toMatchObject({
        number: local.number,
        status: local.status,
        currentStep: local.currentStep,
        customerName: local.customerName,
        ownerName: local.ownerName,
        closedAt: local.closedAt,
      });
    }
    expect(office.filter((c) => c.status === 'closed')).toHaveLength(6);

    // And the general invariants: same folds everywhere, replays add nothing, cursors only moved forward.
    await checkInvariants(server, desks, `outage (${engine})`);
  });
});
