/**
 * The case list's deadline state (issue 9): a write's answer (a CaseDetail,
 * which carries no deadline summary) patches its row but keeps the state the
 * row was read with; under a deadline filter any write may add or drop rows.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MethodName } from '../../shared/contract/api';
import { mayChangeRows, useCases, type CaseFilters } from '../../renderer/src/stores/cases';
import { detailOf } from './case-store-fixtures';

// As in caseStores.test.ts: the bare DeskApi call, without the DOM the real callDesk needs.
vi.mock('../../renderer/src/lib/desk', async () => {
  const bridge = await import('../../renderer/src/bridge');
  return {
    callDesk: (method: MethodName, input: never) => bridge.getDeskApi().call(method, input),
  };
});

afterEach(() => useCases.getState().clear());

describe('the case list and deadline states', () => {
  const detail = detailOf('00000000-0000-4000-8000-000000000001', '王小明');

  it('a written row keeps the deadline state and due time it was read with', () => {
    const read = { ...detail, deadlineState: 'overdue' as const, nextDueAt: '2026-11-17T01:30:00.000Z' };
    useCases.setState({ loaded: true, items: [read] });
    useCases.getState().written({ ...detail, status: 'in_progress', currentStep: 2 }, false);
    const row = useCases.getState().items[0];
    expect(row?.currentStep).toBe(2);
    expect(row?.status).toBe('in_progress');
    expect(row?.deadlineState).toBe('overdue');
    expect(row?.nextDueAt).toBe('2026-11-17T01:30:00.000Z');
  });

  it('a row read without a deadline summary gains none from a write', () => {
    useCases.setState({ loaded: true, items: [detail] });
    useCases.getState().written({ ...detail, currentStep: 2 }, false);
    expect(useCases.getState().items[0]).not.toHaveProperty('deadlineState');
  });

  it('under a deadline filter any write may change the rows', () => {
    const due: CaseFilters = { text: '', due: 'overdue' };
    expect(mayChangeRows(due, detail, detail, false)).toBe(true);
    expect(mayChangeRows({ text: '' }, detail, detail, false)).toBe(false);
  });
});
