/**
 * Issue 14 at the desk: `facts_rollup` (migration 0023), kept by the case
 * projector with `case_facts` (features/cases/facts.ts), always equals the
 * rollups computed from scratch from the facts rows: after cases are opened,
 * escalated, reviewed, closed, called back, tagged and judged (failure point,
 * quality gap, responsibility) through DeskApi, after an
 * earlier case synced in late makes a stored one a repeat, and after a
 * rebuild (which gives the very same rows). `analysis.run`, which reads the
 * rollups, answers exactly what the analysis over the facts alone does.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/desk';
import { deskGroupingRunner } from '../../electron/desk/features/analysis/run';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import { FACT_COLUMNS } from '../../shared/domain/analysis/columns';
import { runAnalysis, type AnalysisRequest, type AnalysisResult } from '../../shared/domain/analysis/report';
import {
  ROLLUP_KEY_COLUMNS,
  ROLLUP_MEASURE_COLUMNS,
  rollupOf,
  type FactsRow,
} from '../../shared/domain/analysis/rollup';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import {
  createCase,
  openTestDesk,
  readDeskDb,
  recordSteps,
  RemoteDevice,
  type TestDesk,
} from './desk-fixtures';
import { clerkAndBoss } from './case-desk-fixtures';

const DAY = 86_400_000;
const FEB = Date.parse('2026-02-10T02:00:00Z');
const MAR = Date.parse('2026-03-10T02:00:00Z');
const REQ: AnalysisRequest = {
  period: { fromDay: '2026-03-01', toDay: '2026-04-01' },
  compare: { fromDay: '2026-02-01', toDay: '2026-03-01' },
};
const YEAR: AnalysisRequest = { period: { fromDay: '2026-01-01', toDay: '2027-01-01' }, compare: null };

const customer = (phone: string, gender: 'female' | 'male', returning = false) => ({
  name: `客户${phone.slice(-4)}`,
  phone,
  gender,
  returning,
});

const COLS = [...ROLLUP_KEY_COLUMNS, ...ROLLUP_MEASURE_COLUMNS];

/** The stored rollup rows, and those computed from scratch from the stored facts rows. */
function rollups(desk: TestDesk) {
  return readDeskDb(desk.dir, (db) => {
    const stored = db
      .prepare(`SELECT ${COLS.join(', ')} FROM facts_rollup ORDER BY scope, gset, day, k0, k1`)
      .raw()
      .all() as (string | number)[][];
    const facts = db
      .prepare(`SELECT ${Object.values(FACT_COLUMNS).join(', ')} FROM case_facts`)
      .all() as FactsRow[];
    const expected = rollupOf(facts, ['']).map((c) => [
      c.scope,
      c.gset,
      c.day,
      c.k0,
      c.k1,
      ...ROLLUP_MEASURE_COLUMNS.map((_, i) => c.m[i] ?? 0),
    ]);
    return { stored, expected, facts: facts.length };
  });
}

/** The analysis over the facts alone (no rollup), on a read-only handle. */
async function fromFacts(desk: TestDesk, req: AnalysisRequest): Promise<AnalysisResult> {
  const db = new Database(path.join(desk.dir, DB_FILE_NAME), { readonly: true });
  try {
    const prepare = (sql: string) => db.prepare(sql);
    return await runAnalysis({ run: deskGroupingRunner({ prepare }, { rollups: false }) }, req);
  } finally {
    db.close();
  }
}

async function expectConsistent(desk: TestDesk, token: string, cases: number) {
  const r = rollups(desk);
  expect(r.facts).toBe(cases);
  expect(r.stored.length).toBeGreaterThan(0);
  expect(r.stored).toEqual(r.expected);
  for (const req of [REQ, YEAR]) {
    const a = await desk.must<AnalysisResult>('analysis.run', req, token);
    expect(a).toEqual({ ...(await fromFacts(desk, req)), where: {} });
  }
  return r.stored;
}

describe('facts_rollup at the desk', () => {
  it('equals the rollups of the facts rows through opening, escalating, closing, callbacks, a late earlier case and a rebuild', async () => {
    const clock = { t: FEB };
    const desk = await openTestDesk({ now: () => clock.t });
    try {
      let { clerk, boss } = await clerkAndBoss(desk);
      await createCase(desk, clerk.token, { customer: customer('13700000001', 'male') });
      await createCase(desk, clerk.token, { customer: customer('13700000002', 'female'), channel: 'phone' });
      await expectConsistent(desk, boss.token, 2);

      clock.t = MAR;
      const signIn = (login: string) => desk.must<Session>('auth.signIn', { login, secret: '135790' });
      [clerk, boss] = [await signIn('li'), await signIn('zhou')];
      const c1 = await createCase(desk, clerk.token, { customer: customer('13800138000', 'female', true) });
      await recordSteps(desk, clerk.token, c1.id, 6);
      const c2 = await createCase(desk, clerk.token, {
        customer: customer('13900000002', 'male'),
        channel: 'phone',
      });
      const c3 = await createCase(desk, clerk.token, {
        customer: customer('13900000003', 'female'),
        category: 'telecom.billing',
      });
      await expectConsistent(desk, boss.token, 5);

      clock.t += 3_600_000;
      const esc = await desk.must<CaseDetail>(
        'case.escalate',
        {
          caseId: c3.id,
          level: 'supervisor',
          canEmployeeSolve: false,
          canSolveOnSite: false,
          rootCause: 'policy',
          reason: '超出柜面权限，需要调整资费政策',
        },
        clerk.token,
      );
      await desk.must(
        'case.reviewEscalation',
        {
          caseId: c3.id,
          escalationId: esc.escalation?.steps[0]?.eventId ?? '',
          justified: true,
          comment: '确需调整',
        },
        boss.token,
      );
      await desk.must('case.close', { caseId: c1.id, nature: 'valid' }, clerk.token);
      await desk.must(
        'case.close',
        { caseId: c2.id, nature: 'valid', overrideReason: '客户撤诉' },
        boss.token,
      );
      clock.t += 3_600_000;
      await desk.must(
        'case.callback.record',
        { caseId: c1.id, outcome: 'reached', reachedWho: '客户本人', satisfaction: 4 },
        clerk.token,
      );
      await expectConsistent(desk, boss.token, 5);

      // Issue 14 item 7: tags and the accountability decision move cases between values of a dimension.
      await desk.must('case.tag', { caseId: c2.id, failurePoint: 'billing' }, clerk.token);
      await desk.must(
        'case.tag',
        { caseId: c3.id, failurePoint: 'work', qualityGap: 'promise_mismatch' },
        boss.token,
      );
      await desk.must(
        'case.decideResponsibility',
        { caseId: c3.id, responsible: clerk.staff.id },
        boss.token,
      );
      await expectConsistent(desk, boss.token, 5);
      await desk.must('case.tag', { caseId: c2.id, failurePoint: 'work' }, clerk.token);
      await desk.must('case.decideResponsibility', { caseId: c3.id, responsible: null }, boss.token);
      const tagged = await expectConsistent(desk, boss.token, 5);
      // By failure point over the days: three cases not recorded, c2 and c3 at 'work'.
      const failure = new Map<unknown, number>();
      for (const r of tagged.filter((x) => x[1] === 'failurePoint')) {
        failure.set(r[3], (failure.get(r[3]) ?? 0) + Number(r[5]));
      }
      expect([...failure]).toEqual([
        ['', 3],
        ['vwork', 2],
      ]);

      // An earlier case of c1's customer from another desk, synced in late: c1 becomes a repeat.
      const at = MAR - 5 * DAY;
      const dev = new RemoteDevice('dev-B', at, 'GZ');
      const earlier = dev.opened(
        newId(),
        1,
        {
          customer: customer('13800138000', 'female', true),
          category: 'banking.cards',
          receivedAt: new Date(at).toISOString(),
        },
        formatHlc(at, 0),
      );
      expect(desk.core.appendEvents([earlier]).accepted).toBe(1);
      expect((await desk.must<CaseDetail>('case.get', { caseId: c1.id }, clerk.token)).repeat).toBe(true);
      const before = await expectConsistent(desk, boss.token, 6);
      // The repeat counts in the totals of c1's day.
      const repeatCol = COLS.indexOf('m_repeat_yes');
      expect(before.filter((r) => r[1] === '').reduce((n, r) => n + Number(r[repeatCol]), 0)).toBe(1);

      desk.core.rebuild();
      expect(await expectConsistent(desk, boss.token, 6)).toEqual(before);
    } finally {
      desk.close();
    }
  });
});
