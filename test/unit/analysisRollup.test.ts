/**
 * Issue 14: what the rollups (shared/domain/analysis/rollup.ts) keep and when
 * they answer a grouping. The rows' answers are checked against the facts on
 * both engines in test/integration/analysis-rollup.test.ts; here: the desk's
 * table has exactly the shared columns, the grouping sets and measures are
 * pinned (a change needs a migration and a rebuild), every grouping of the
 * unfiltered analysis is answered from them, anything else is left to the
 * facts, and a change of a case touches only the rows it changes.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { m0023_facts_rollup } from '../../electron/desk/db/migrations/0023_facts_rollup';
import type { GroupRow, Grouping } from '../../shared/domain/analysis/figures';
import { runAnalysis, TOTALS, type AnalysisWhere } from '../../shared/domain/analysis/report';
import {
  decodeKey,
  encodeKey,
  GSETS,
  ROLLUP_KEY_COLUMNS,
  ROLLUP_MEASURE_COLUMNS,
  rollupChanges,
  rollupDelta,
  type FactsRow,
} from '../../shared/domain/analysis/rollup';
import { compileFromRollup, rollupTableSql } from '../../shared/domain/analysis/rollupSql';
import { FACT_COLUMNS } from '../../shared/domain/analysis/columns';

const PERIOD = { fromDay: '2026-01-01', toDay: '2026-02-01' };

/** Every grouping runAnalysis issues for `where` (a runner giving one row per grouping, so none is skipped). */
async function groupingsOf(where: AnalysisWhere): Promise<Grouping[]> {
  const seen: Grouping[] = [];
  const run = (g: Grouping): GroupRow[] => {
    seen.push(g);
    return [{ keys: g.dims.map(() => 'x'), values: { cases: 1 } }];
  };
  await runAnalysis(
    { run },
    { period: PERIOD, compare: { fromDay: '2025-12-01', toDay: '2026-01-01' }, where },
  );
  return seen;
}

function facts(over: Partial<FactsRow> = {}): FactsRow {
  const row = Object.fromEntries(Object.values(FACT_COLUMNS).map((c) => [c, null])) as FactsRow;
  return {
    ...row,
    received_ms: 0,
    received_day: '2026-01-05',
    category: 'bank.fees',
    main_category: 'bank',
    channel: 'counter',
    severity: 'normal',
    gender: 'female',
    returning_customer: 0,
    imported: 0,
    status: 'open',
    malicious: 0,
    owner: 'u1',
    callback_reached: 0,
    is_repeat: 0,
    ...over,
  };
}

describe('facts_rollup', () => {
  it("the desk's table has the key columns, then one integer column per measure, keyed (scope, gset, day, k0, k1)", () => {
    const db = new Database(':memory:');
    m0023_facts_rollup.up(db);
    const cols = db.prepare('PRAGMA table_info(facts_rollup)').all() as {
      name: string;
      type: string;
      pk: number;
    }[];
    expect(cols.map((c) => c.name)).toEqual([...ROLLUP_KEY_COLUMNS, ...ROLLUP_MEASURE_COLUMNS]);
    expect(cols.filter((c) => c.pk > 0).map((c) => c.name)).toEqual([...ROLLUP_KEY_COLUMNS]);
    for (const c of cols.slice(ROLLUP_KEY_COLUMNS.length)) expect(c.type).toBe('INTEGER');
    // The shared DDL (head office's) makes the same table.
    const shared = new Database(':memory:');
    shared.exec(rollupTableSql('sqlite'));
    expect(shared.prepare('PRAGMA table_info(facts_rollup)').all()).toEqual(cols);
    shared.close();
    db.close();
  });

  it('keeps these grouping sets and measures (changing them needs a migration and CASE_PROJECTION_VERSION up)', () => {
    expect(GSETS.map((g) => g.id)).toEqual([
      '',
      'mainCategory',
      'responsible',
      'gender',
      'returning',
      'region',
      'channel',
      'owner',
      'customerLevel',
      'sharedCustomer',
      'complainantType',
      'nature',
      'severity',
      'escalationLevel',
      'failurePoint',
      'qualityGap',
      'mainCategory,category',
      'gender,mainCategory',
      'returning,mainCategory',
      'channel,mainCategory',
    ]);
    // Every measure of the analysis' totals row, m_cases first.
    expect(ROLLUP_MEASURE_COLUMNS[0]).toBe('m_cases');
    expect(ROLLUP_MEASURE_COLUMNS).toHaveLength(Object.keys(TOTALS).length);
    expect(ROLLUP_MEASURE_COLUMNS).toContain('m_reached_closed');
  });

  it('answers every grouping of the analysis, for all branches and for one, on both engines', async () => {
    for (const where of [{}, { branch: 'GZ' }] as AnalysisWhere[]) {
      const gs = await groupingsOf(where);
      expect(gs.length).toBeGreaterThan(20);
      for (const g of gs) {
        for (const dialect of ['sqlite', 'postgres'] as const) {
          const c = compileFromRollup(g, dialect, '*');
          expect(c, JSON.stringify(g.dims)).not.toBeNull();
          expect(c!.sql).toContain('FROM facts_rollup');
          expect(c!.params.slice(0, 1)).toEqual([where.branch ?? '*']);
        }
      }
    }
  });

  it('leaves to the facts what it does not keep: other filters, other dimensions, other measures', async () => {
    for (const g of await groupingsOf({ channel: 'phone' }))
      expect(compileFromRollup(g, 'sqlite', '')).toBeNull();
    const base: Grouping = { dims: ['mainCategory'], measures: { cases: { kind: 'count' } }, filter: PERIOD };
    expect(compileFromRollup(base, 'sqlite', '')).not.toBeNull();
    expect(compileFromRollup({ ...base, dims: ['category'] }, 'sqlite', '')).toBeNull();
    expect(compileFromRollup({ ...base, dims: ['mainCategory', 'gender'] }, 'sqlite', '')).toBeNull();
    expect(
      compileFromRollup({ ...base, measures: { fcr: { kind: 'yes', flag: 'fcr' } } }, 'sqlite', ''),
    ).toBeNull();
    expect(
      compileFromRollup({ ...base, filter: { ...PERIOD, where: { branch: null } } }, 'sqlite', ''),
    ).toBeNull();
    expect(
      compileFromRollup({ ...base, filter: { ...PERIOD, where: { branch: '*' } } }, 'sqlite', ''),
    ).toBeNull();
    // The totals row keeps TOTALS' measures under any name, but no other.
    const totals: Grouping = { dims: [], measures: { x: { kind: 'known', flag: 'fcr' } }, filter: PERIOD };
    expect(compileFromRollup(totals, 'postgres', '*')).not.toBeNull();
    expect(
      compileFromRollup(
        { ...totals, measures: { x: { kind: 'known', flag: 'callbackReached' } } },
        'sqlite',
        '',
      ),
    ).toBeNull();
    // A grouping the facts would refuse is not answered either (compileGrouping throws for it).
    expect(
      compileFromRollup({ ...base, filter: { fromDay: '2026-02-01', toDay: '2026-01-01' } }, 'sqlite', ''),
    ).toBeNull();
  });

  it('encodes keys as never-null text that sorts as the facts order them and decodes back', () => {
    const values = [null, '', 'a', 'B', '东', 'ab'];
    const sorted = values.map(encodeKey).sort();
    expect(sorted.map((k) => decodeKey('region', k))).toEqual([null, '', 'B', 'a', 'ab', '东']);
    expect(decodeKey('returning', encodeKey(1))).toBe(1);
    expect(decodeKey('returning', encodeKey(null))).toBeNull();
  });

  it('changes only the rows a change of a case changes', () => {
    const a = facts();
    // A new case: one row per grouping set.
    expect(rollupChanges(rollupDelta(null, a, ['']))).toHaveLength(GSETS.length);
    expect(rollupChanges(rollupDelta(null, a, ['GZ', '*']))).toHaveLength(2 * GSETS.length);
    // Nothing counted changed (a due time): nothing.
    expect(rollupChanges(rollupDelta(a, { ...a, handling_due_ms: 5 }, ['']))).toEqual([]);
    // A measure: the totals row alone, by the difference.
    const closed = rollupChanges(rollupDelta(a, { ...a, status: 'closed', fcr: 1 }, ['']));
    expect(closed.map((c) => c.gset)).toEqual(['']);
    expect(closed[0]!.m.filter((x) => x !== 0)).toEqual([1, 1, 1]); // closed, fcrYes, fcrKnown
    expect(closed[0]!.m[0]).toBe(0);
    // A dimension: its sets' rows, one out, one in; the totals row untouched.
    const phone = rollupChanges(rollupDelta(a, { ...a, channel: 'phone' }, ['']));
    expect(phone.map((c) => [c.gset, c.k0, c.k1, c.m])).toEqual([
      ['channel', 'vcounter', '', [-1]],
      ['channel', 'vphone', '', [1]],
      ['channel,mainCategory', 'vcounter', 'vbank', [-1]],
      ['channel,mainCategory', 'vphone', 'vbank', [1]],
    ]);
    // Another day: every set, out of one day into the other.
    expect(rollupChanges(rollupDelta(a, { ...a, received_day: '2026-01-06' }, ['']))).toHaveLength(
      2 * GSETS.length,
    );
    // A delete takes every row back out.
    expect(rollupChanges(rollupDelta(a, null, [''])).every((c) => c.m[0] === -1)).toBe(true);
  });
});
