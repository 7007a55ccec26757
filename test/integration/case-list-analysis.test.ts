/**
 * Issue 14's drill-down through DeskApi: `case.list` with an `analysis`
 * filter lists exactly the cases a figure of `analysis.run` counted (the
 * facts rows of the period whose dimensions match), alone, with the list's
 * own filters and paged; values nobody recorded drill as null; a dimension
 * the contract does not name is refused; the desk's own branch is every
 * case and another branch none; the query reads the facts' day index and
 * the cases in list order without a sort.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/desk/db/open';
import { buildListQueries, type ListQuery } from '../../electron/desk/features/cases/queries';
import type { AnalysisDrill } from '../../shared/contract/methods/analysis';
import type { CaseDetail, CaseListPage, CaseListQuery } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { AnalysisResult } from '../../shared/domain/analysis/report';
import { createCase, openTestDesk, type TestDesk } from './desk-fixtures';
import { clerkAndBoss } from './case-desk-fixtures';

const DAY = 86_400_000;
/** The branch's calendar day of an instant (the default calendar is Shanghai's). */
const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

const K = ['fees', 'cards', 'billing', 'old', 'closed'] as const;
type Key = (typeof K)[number];

describe('case.list drill-down from the analysis', () => {
  let desk: TestDesk;
  let clerk: Session;
  let boss: Session;
  const ids = {} as Record<Key, string>;
  const now = Date.now();
  const period = { fromDay: dayOf(now - 3 * DAY), toDay: dayOf(now + 2 * DAY) };
  const wide = { fromDay: dayOf(now - 60 * DAY), toDay: dayOf(now + 2 * DAY) };

  const list = (q: CaseListQuery) => desk.must<CaseListPage>('case.list', q, boss.token);
  const keys = async (analysis: AnalysisDrill, q: CaseListQuery = {}): Promise<Key[]> => {
    const page = await list({ limit: 100, ...q, analysis });
    expect(page.total).toBe(page.items.length);
    return page.items.map((i) => K.find((k) => ids[k] === i.id) ?? (i.id as Key)).sort();
  };

  beforeAll(async () => {
    desk = await openTestDesk();
    ({ clerk, boss } = await clerkAndBoss(desk));
    const make = async (k: Key, over: Record<string, unknown>, token = clerk.token) => {
      const c = await createCase(desk, token, {
        customer: {
          name: `客户${k}`,
          phone: `1390000${K.indexOf(k)}000`,
          gender: 'female',
          returning: false,
        },
        ...over,
      });
      ids[k] = c.id;
    };
    await make('fees', { category: 'banking.fees' });
    await make('cards', {
      category: 'banking.cards',
      customer: { name: '客户cards', phone: '13900001000', gender: 'male', returning: true },
    });
    await make('billing', { category: 'telecom.billing' });
    // Received 40 days ago: entered late, by the supervisor with a reason.
    await make(
      'old',
      {
        category: 'banking.fees',
        receivedAt: new Date(now - 40 * DAY).toISOString(),
        lateReason: '从纸质登记簿补录',
        reason: '纸质登记簿补录',
      },
      boss.token,
    );
    await make('closed', { category: 'telecom.billing' });
    await desk.must<CaseDetail>(
      'case.close',
      { caseId: ids.closed, nature: 'valid', overrideReason: '客户撤诉' },
      boss.token,
    );
  });
  afterAll(() => desk.close());

  it('lists the cases behind a main category, a category, and a cell of two dimensions, in the period only', async () => {
    expect(await keys({ period, where: { mainCategory: 'banking' } })).toEqual(['cards', 'fees']);
    expect(await keys({ period: wide, where: { mainCategory: 'banking' } })).toEqual([
      'cards',
      'fees',
      'old',
    ]);
    expect(await keys({ period, where: { category: 'banking.cards' } })).toEqual(['cards']);
    expect(await keys({ period, where: { mainCategory: 'banking', gender: 'female' } })).toEqual(['fees']);
    expect(await keys({ period, where: { returning: 1 } })).toEqual(['cards']);
    expect(await keys({ period, where: { status: 'closed', nature: 'valid' } })).toEqual(['closed']);
    // A trend point: the month of the cases received today (the old one is outside the period anyway).
    expect(await keys({ period, where: { month: dayOf(now).slice(0, 7) } })).toEqual([
      'billing',
      'cards',
      'closed',
      'fees',
    ]);
  });

  it('drills into what nobody recorded as null, and into nothing for a value nobody has', async () => {
    expect(await keys({ period, where: { region: null } })).toEqual(['billing', 'cards', 'closed', 'fees']);
    expect(await keys({ period, where: { escalationLevel: null, mainCategory: 'telecom' } })).toEqual([
      'billing',
      'closed',
    ]);
    expect(await keys({ period, where: { region: '天河' } })).toEqual([]);
  });

  it("takes the desk's own branch as every case, and another branch as none (as analysis.run does)", async () => {
    expect(await keys({ period, where: { branch: 'GZ', mainCategory: 'telecom' } })).toEqual([
      'billing',
      'closed',
    ]);
    expect(await keys({ period, where: { branch: 'SZ' } })).toEqual([]);
    expect(await keys({ period, where: { branch: null } })).toEqual([]);
  });

  it('lists as many cases as the figure counted', async () => {
    const a = await desk.must<AnalysisResult>('analysis.run', { period, compare: null }, boss.token);
    for (const row of a.categories.rows) {
      const page = await list({ limit: 100, analysis: { period, where: { mainCategory: row.key } } });
      expect(page.total).toBe(row.count);
    }
    for (const cell of a.crossTabs[0]!.cells) {
      const drill = { period, where: { [a.crossTabs[0]!.rows]: cell.row, [a.crossTabs[0]!.cols]: cell.col } };
      expect((await list({ limit: 100, analysis: drill })).total).toBe(cell.count);
    }
  });

  it('combines with the list filters and pages by cursor', async () => {
    const drill = { period, where: { mainCategory: 'telecom' } };
    expect(await keys(drill, { status: 'closed' })).toEqual(['closed']);
    expect(await keys(drill, { text: '客户billing' })).toEqual(['billing']);
    const first = await list({ limit: 1, analysis: drill });
    expect(first.total).toBe(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await list({ limit: 1, analysis: drill, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((c) => c.id).sort()).toEqual(
      [ids.billing, ids.closed].sort(),
    );
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a dimension the drill does not name, and an empty period', async () => {
    const bad = await desk.call(
      'case.list',
      { analysis: { period, where: { receivedMs: 1 } }, limit: 10 },
      boss.token,
    );
    expect(bad.ok).toBe(false);
    const empty = await desk.call(
      'case.list',
      { analysis: { period: { fromDay: period.toDay, toDay: period.fromDay }, where: {} }, limit: 10 },
      boss.token,
    );
    expect(empty.ok).toBe(false);
  });

  it('reads the drilled positions on the day index of the facts and the cases in list order, without a sort', () => {
    const d = openDatabase(path.join(desk.dir, 'loopdesk.db'));
    try {
      const plan = (q: { sql: string; parameters: readonly unknown[] }) =>
        (d.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.parameters) as { detail: string }[])
          .map((r) => r.detail)
          .join(' | ');
      for (const where of [{}, { mainCategory: 'banking' }, { month: '2026-11', gender: 'female' }]) {
        for (const after of [null, 5000]) {
          const q = { limit: 50, analysis: { period: wide, where } } as ListQuery;
          const { rows, count } = buildListQueries(d.db, q, after);
          for (const p of [plan(rows.compile()), plan(count.compile())]) {
            const what = `${JSON.stringify(where)} after ${after}: ${p}`;
            expect(p, what).toMatch(/SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/);
            expect(p, what).toMatch(
              /SEARCH f USING (COVERING )?INDEX case_facts_day \(received_day>\? AND received_day<\?\)/,
            );
            expect(p, what).not.toMatch(/\bSCAN (c|cases|f)\b/);
            expect(p, what).not.toMatch(/TEMP B-TREE/);
          }
        }
      }
    } finally {
      d.close();
    }
  });
});
