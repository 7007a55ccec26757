/**
 * The renderer's case stores use what writes return (issue 7, item 6): a write
 * shows its answer and patches the list row without reading the case or the
 * list again; `case.changed` reads the open case only when it changed
 * elsewhere, and the list once per burst of changes, only while it is shown.
 *
 * The stores run against a fake DeskApi that counts calls and sends
 * `case.changed` like the desk: after each write that appended an event, to
 * every window, before or after the write's answer arrives.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodName } from '../../shared/contract/api';
import { setDeskApi } from '../../renderer/src/bridge';
import { useOpenCase } from '../../renderer/src/features/handling/openCase';
import { startCaseEvents, writeCase } from '../../renderer/src/stores/caseWrites';
import { mayChangeRows, REFRESH_MS, useCases, type CaseFilters } from '../../renderer/src/stores/cases';
import { detailOf, FakeDesk } from './case-store-fixtures';

// The real callDesk also shows errors and ends expired sessions, which needs the
// DOM (notify -> i18n); here it is the bare DeskApi call.
vi.mock('../../renderer/src/lib/desk', async () => {
  const bridge = await import('../../renderer/src/bridge');
  return {
    callDesk: (method: MethodName, input: never) => bridge.getDeskApi().call(method, input),
  };
});

let desk: FakeDesk;
let stopEvents: () => void;
let closeCase: (() => void) | null = null;

/** Lets pending promises and zero-delay timers run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers();
  desk = new FakeDesk();
  setDeskApi(desk);
  stopEvents = startCaseEvents();
});

afterEach(() => {
  closeCase?.();
  closeCase = null;
  useCases.getState().hidden();
  useCases.getState().clear();
  stopEvents();
  setDeskApi(null);
  vi.useRealTimers();
});

/** The list read once, then left (the clerk opened a case). */
async function listLoadedThenHidden(): Promise<void> {
  useCases.getState().shown();
  await settle();
  useCases.getState().hidden();
}

async function openCase(caseId: string): Promise<void> {
  closeCase = useOpenCase.getState().open(caseId);
  await settle();
}

describe('the handling view', () => {
  for (const echo of ['before', 'after'] as const) {
    it(`records a step with one case.recordStep and no case.get (echo ${echo} the answer)`, async () => {
      const a = desk.add('王小明');
      await listLoadedThenHidden();
      await openCase(a.id);
      desk.echo = echo;
      desk.calls.length = 0;

      const r = await useOpenCase.getState().write('case.recordStep', { caseId: a.id, step: 1, fields: {} });
      await settle();
      await vi.advanceTimersByTimeAsync(REFRESH_MS * 2);

      expect(r.ok).toBe(true);
      expect(desk.calls).toEqual(['case.recordStep']);
      expect(useOpenCase.getState().detail?.currentStep).toBe(2);
      // The list row shows the answer, and the list is not stale (nothing read when shown again).
      expect(useCases.getState().items.find((c) => c.id === a.id)?.currentStep).toBe(2);
      useCases.getState().shown();
      await settle();
      expect(desk.count('case.list')).toBe(0);
    });
  }

  it('adds a note, closes and reopens without reading the case or the list', async () => {
    const a = desk.add('王小明');
    await listLoadedThenHidden();
    await openCase(a.id);
    desk.calls.length = 0;
    const w = useOpenCase.getState().write;
    await w('case.addNote', { caseId: a.id, text: '备注' });
    await w('case.close', { caseId: a.id, nature: 'valid', overrideReason: '撤诉' });
    expect(useCases.getState().items.find((c) => c.id === a.id)?.status).toBe('closed');
    await w('case.reopen', { caseId: a.id, reason: '再来' });
    await w('case.setField', { caseId: a.id, field: 'severity', value: 'urgent' });
    await settle();
    expect(desk.calls).toEqual(['case.addNote', 'case.close', 'case.reopen', 'case.setField']);
    expect(useOpenCase.getState().detail?.timeline).toHaveLength(5);
  });

  it('a case.changed for another case does not read the open case', async () => {
    const a = desk.add('王小明');
    const b = desk.add('李四');
    await openCase(a.id);
    desk.calls.length = 0;
    desk.changeElsewhere(b.id);
    await settle();
    expect(desk.count('case.get')).toBe(0);
  });

  it('a case.changed from another desk for the open case reads it once and shows it', async () => {
    const a = desk.add('王小明');
    await openCase(a.id);
    desk.calls.length = 0;
    desk.changeElsewhere(a.id, { customerName: '王大明' });
    await settle();
    expect(desk.calls).toEqual(['case.get']);
    expect(useOpenCase.getState().detail?.customerName).toBe('王大明');
  });

  it('changes elsewhere during a read cause one more read after it, not one each', async () => {
    const a = desk.add('王小明');
    await openCase(a.id);
    desk.calls.length = 0;
    desk.holdReads = true;
    desk.changeElsewhere(a.id);
    await settle();
    desk.changeElsewhere(a.id);
    desk.changeElsewhere(a.id, { customerName: '王大明' });
    desk.holdReads = false;
    desk.releaseReads();
    await settle();
    expect(desk.calls).toEqual(['case.get', 'case.get']);
    expect(useOpenCase.getState().detail?.customerName).toBe('王大明');
  });

  it('a change elsewhere that arrives while this window writes is still read', async () => {
    const a = desk.add('王小明');
    await openCase(a.id);
    desk.calls.length = 0;
    desk.echo = 'after';
    const writing = useOpenCase.getState().write('case.addNote', { caseId: a.id, text: '备注' });
    // Another desk's change arrives (through sync) before this window's answer.
    desk.changeElsewhere(a.id, { customerName: '王大明' });
    await writing;
    await settle();
    expect(desk.count('case.get')).toBe(1);
    expect(useOpenCase.getState().detail?.customerName).toBe('王大明');
    expect(useOpenCase.getState().detail?.timeline).toHaveLength(3);
  });

  it('a read that started before this window wrote does not hide the answer', async () => {
    const a = desk.add('王小明');
    await openCase(a.id);
    desk.holdReads = true;
    desk.changeElsewhere(a.id); // a read starts, and waits
    await settle();
    await useOpenCase.getState().write('case.addNote', { caseId: a.id, text: '备注' });
    await settle();
    const written = useOpenCase.getState().detail?.timeline.length;
    desk.releaseReads(); // answers with the case as it was when the read started
    await settle();
    expect(useOpenCase.getState().detail?.timeline.length).toBe(written);
  });

  it('a case just created opens without reading it', async () => {
    await listLoadedThenHidden();
    desk.calls.length = 0;
    const r = await writeCase('case.create', {
      customer: { name: '赵六', phone: '', gender: 'male', returning: false },
      channel: 'walk_in',
      category: 'telecom.value_added',
      severity: 'general',
      account: '账目',
    });
    if (!r.ok) throw new Error('create failed');
    await openCase(r.value.id);
    await settle();
    expect(desk.calls).toEqual(['case.create']);
    expect(useOpenCase.getState().detail?.customerName).toBe('赵六');
    // The hidden list is stale (a new case): read once when shown, not before.
    await vi.advanceTimersByTimeAsync(REFRESH_MS * 2);
    expect(desk.count('case.list')).toBe(0);
    useCases.getState().shown();
    await settle();
    expect(desk.count('case.list')).toBe(1);
    expect(useCases.getState().items.map((c) => c.customerName)).toContain('赵六');
  });
});

describe('the case list', () => {
  it('reads once per burst of changes made elsewhere while shown, and not at all while hidden', async () => {
    const a = desk.add('王小明');
    const b = desk.add('李四');
    useCases.getState().shown();
    await settle();
    desk.calls.length = 0;

    desk.changeElsewhere(a.id);
    desk.changeElsewhere(b.id);
    desk.changeElsewhere(a.id, { status: 'closed' });
    await vi.advanceTimersByTimeAsync(REFRESH_MS + 10);
    expect(desk.calls).toEqual(['case.list']);
    expect(useCases.getState().items.find((c) => c.id === a.id)?.status).toBe('closed');

    useCases.getState().hidden();
    desk.calls.length = 0;
    desk.changeElsewhere(b.id, { status: 'closed' });
    desk.add('新来');
    desk.emit([...desk.cases.keys()].pop()!);
    await vi.advanceTimersByTimeAsync(REFRESH_MS * 3);
    expect(desk.calls).toEqual([]);

    useCases.getState().shown();
    await settle();
    expect(desk.calls).toEqual(['case.list']);
    expect(useCases.getState().items.map((c) => c.customerName)).toContain('新来');
  });

  it('a steady stream of changes does not put the read off for ever', async () => {
    const a = desk.add('王小明');
    useCases.getState().shown();
    await settle();
    desk.calls.length = 0;
    for (let i = 0; i < 10; i++) {
      desk.changeElsewhere(a.id);
      await vi.advanceTimersByTimeAsync(REFRESH_MS / 3);
    }
    expect(desk.count('case.list')).toBeGreaterThanOrEqual(2);
    expect(desk.count('case.list')).toBeLessThanOrEqual(5);
  });

  it('is not read again when shown if nothing changed', async () => {
    desk.add('王小明');
    await listLoadedThenHidden();
    desk.calls.length = 0;
    useCases.getState().shown();
    await settle();
    expect(desk.calls).toEqual([]);
  });

  it('reads again when a write takes a row out of the filtered list', async () => {
    const a = desk.add('王小明');
    useCases.setState({ filters: { text: '', status: 'new' } });
    await listLoadedThenHidden();
    await openCase(a.id);
    desk.calls.length = 0;
    await useOpenCase
      .getState()
      .write('case.close', { caseId: a.id, nature: 'valid', overrideReason: '撤诉' });
    await settle();
    expect(useCases.getState().stale).toBe(true);
    useCases.getState().shown();
    await settle();
    expect(desk.calls).toEqual(['case.close', 'case.list']);
  });
});

describe('mayChangeRows', () => {
  const row = detailOf('00000000-0000-4000-8000-000000000001', '王小明');
  const none: CaseFilters = { text: '' };
  it.each([
    ['a new case', none, row, row, true, true],
    ['unfiltered, a listed case', none, row, row, false, false],
    ['unfiltered, a case below the loaded rows', none, undefined, row, false, false],
    ['filtered, a case not listed (may match now)', { text: '', status: 'new' }, undefined, row, false, true],
    ['searching: the search text may have changed', { text: '扣费' }, row, row, false, true],
    ['still matches the status', { text: '', status: 'new' }, row, row, false, false],
    [
      'no longer matches the status',
      { text: '', status: 'new' },
      row,
      { ...row, status: 'closed' },
      false,
      true,
    ],
    [
      'no longer matches the severity',
      { text: '', severity: 'general' },
      row,
      { ...row, severity: 'urgent' },
      false,
      true,
    ],
    [
      'received-at range: received-at never changes',
      { text: '', from: '2026-11-01T00:00:00Z' },
      row,
      row,
      false,
      false,
    ],
  ] as const)('%s', (_name, filters, before, after, created, expected) => {
    expect(mayChangeRows(filters as CaseFilters, before, after, created)).toBe(expected);
  });
});
