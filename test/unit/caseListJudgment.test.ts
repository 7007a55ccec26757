/**
 * The case list's issue-12 filters in the renderer's store: they reach
 * `case.list` as the desk's query, count as active filters (the "more
 * filters" count, "clear filters" clears them), a write that takes a row out
 * of them marks the list for a read, a written row keeps the issue-12 fields
 * it shows, and another screen can open the list with exactly one of them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodName } from '../../shared/contract/api';
import type { CaseListQuery } from '../../shared/contract/methods/cases';
import {
  hasActiveFilters,
  judgmentFilterCount,
  mayChangeRows,
  useCases,
  type CaseFilters,
} from '../../renderer/src/stores/cases';
import { detailOf } from './case-store-fixtures';

const asked: { method: string; input: CaseListQuery }[] = [];

vi.mock('../../renderer/src/lib/desk', () => ({
  callDesk: (method: MethodName, input: CaseListQuery) => {
    asked.push({ method, input });
    return Promise.resolve({
      ok: true,
      value: { items: [], nextCursor: null, total: 0, totalCapped: false },
    });
  },
}));

beforeEach(() => {
  asked.length = 0;
});
afterEach(() => useCases.getState().clear());

const lastQuery = () => asked[asked.length - 1]?.input;

describe('the issue-12 filters in the case list store', () => {
  it('sends each filter to case.list as the desk reads it, and drops it when cleared', async () => {
    const { setFilters } = useCases.getState();
    setFilters({ repeat: true });
    expect(lastQuery()).toEqual({ repeat: true, limit: 100 });
    setFilters({ repeat: false, nature: 'to_improve' });
    expect(lastQuery()).toEqual({ repeat: false, nature: 'to_improve', limit: 100 });
    setFilters({ repeat: undefined, nature: undefined, escalation: 'unreviewed', malice: 'flagged' });
    expect(lastQuery()).toEqual({ escalation: 'unreviewed', malice: 'flagged', limit: 100 });
    setFilters({ escalation: undefined, malice: undefined, fcr: true });
    expect(lastQuery()).toEqual({ fcr: true, limit: 100 });
    setFilters({ fcr: false });
    expect(lastQuery()).toEqual({ fcr: false, limit: 100 });
    useCases.getState().resetFilters();
    expect(lastQuery()).toEqual({ limit: 100 });
    await Promise.resolve();
  });

  it('counts them as active filters, and how many are set', () => {
    const none: CaseFilters = { text: '' };
    expect(hasActiveFilters(none)).toBe(false);
    expect(judgmentFilterCount(none)).toBe(0);
    for (const f of [
      { repeat: false },
      { nature: 'help' },
      { fcr: false },
      { escalation: 'region' },
      { malice: 'good_faith' },
    ]) {
      expect(hasActiveFilters({ ...none, ...f } as CaseFilters)).toBe(true);
      expect(judgmentFilterCount({ ...none, ...f } as CaseFilters)).toBe(1);
    }
    expect(judgmentFilterCount({ text: '', repeat: true, malice: 'suspected', status: 'new' })).toBe(2);
    // A filter set back to "all" is no filter.
    expect(hasActiveFilters({ text: '', repeat: undefined, escalation: undefined })).toBe(false);
  });

  it('opens with exactly the given filters from another screen (the board’s escalations awaiting review)', () => {
    useCases.setState({ filters: { text: '张', status: 'new', malice: 'suspected' } });
    useCases.getState().showOnly({ escalation: 'unreviewed' });
    expect(useCases.getState().filters).toEqual({ text: '', escalation: 'unreviewed' });
    expect(lastQuery()).toEqual({ escalation: 'unreviewed', limit: 100 });
  });

  it('a written row keeps its level, repeat mark, malice status and nature', () => {
    const row = {
      ...detailOf('00000000-0000-4000-8000-000000000001', '王小明'),
      repeat: true,
      nature: null,
      escalationLevel: 'counter' as const,
      maliceStatus: null,
    };
    useCases.setState({ loaded: true, items: [row] });
    useCases
      .getState()
      .written({ ...row, escalationLevel: 'supervisor', maliceStatus: 'suspected', nature: 'valid' }, false);
    expect(useCases.getState().items[0]).toMatchObject({
      repeat: true,
      escalationLevel: 'supervisor',
      maliceStatus: 'suspected',
      nature: 'valid',
    });
  });
});

describe('mayChangeRows under the issue-12 filters', () => {
  const row = {
    ...detailOf('00000000-0000-4000-8000-000000000001', '王小明'),
    repeat: false,
    nature: null,
    escalationLevel: 'supervisor' as const,
    maliceStatus: 'suspected' as const,
  };
  const f = (x: Partial<CaseFilters>): CaseFilters => ({ text: '', ...x });
  it.each([
    ['still escalated', f({ escalation: 'escalated' }), row, false],
    ['still at the supervisor', f({ escalation: 'supervisor' }), row, false],
    [
      'escalated on to the region',
      f({ escalation: 'supervisor' }),
      { ...row, escalationLevel: 'region' },
      true,
    ],
    ['awaiting review: a review is not in a summary', f({ escalation: 'unreviewed' }), row, true],
    ['still flagged', f({ malice: 'flagged' }), { ...row, maliceStatus: 'good_faith' }, false],
    ['suspected, now determined', f({ malice: 'suspected' }), { ...row, maliceStatus: 'malicious' }, true],
    ['closed with another nature', f({ nature: 'valid' }), { ...row, nature: 'invalid' }, true],
    ['closed with this nature', f({ nature: 'valid' }), { ...row, nature: 'valid' }, false],
    ['still a first complaint', f({ repeat: false }), row, false],
    ['still resolved at first contact', f({ fcr: true }), { ...row, fcr: true }, false],
    ['reopened: fcr null again', f({ fcr: true }), { ...row, fcr: null }, true],
    ['closed, not at first contact', f({ fcr: true }), { ...row, fcr: false }, true],
  ] as const)('%s', (_name, filters, after, expected) => {
    const before = filters.nature ? { ...row, nature: filters.nature } : row;
    expect(mayChangeRows(filters, before, after, false)).toBe(expected);
  });
});
