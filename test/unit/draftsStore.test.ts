/**
 * The renderer's draft store (renderer/src/stores/drafts.ts): synchronous
 * reads, debounced writes in order, empty values dropped, nothing kept or
 * written for nobody, and a clerk's drafts gone from memory at sign-out.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskApi } from '../../shared/contract/api';
import { setDeskApi } from '../../renderer/src/bridge';
import {
  clearDraftCache,
  dropDraft,
  flushDrafts,
  getDraft,
  hasPendingDrafts,
  isEmptyDraft,
  loadDrafts,
  saveDraft,
  useDrafts,
} from '../../renderer/src/stores/drafts';
import * as steps from '../../renderer/src/features/handling/fieldValues';

// The toasts need the DOM (i18n sets the page's language): not under test here.
vi.mock('../../renderer/src/lib/notify', () => ({ showError: vi.fn(), showInfo: vi.fn() }));

type Call = [string, unknown];
let calls: Call[] = [];
let listed: { key: string; body: unknown; updatedAt: string }[] = [];

function fakeDesk(): DeskApi {
  return {
    call: (method: string, input: unknown) => {
      calls.push([method, input]);
      if (method === 'draft.list') return Promise.resolve({ ok: true, value: listed });
      return Promise.resolve({ ok: true, value: {} });
    },
    subscribe: () => () => {},
    setSession: () => {},
    setLocale: () => {},
  } as unknown as DeskApi;
}

beforeEach(() => {
  vi.useFakeTimers();
  calls = [];
  listed = [];
  setDeskApi(fakeDesk());
});
afterEach(() => {
  clearDraftCache();
  setDeskApi(null);
  vi.useRealTimers();
});

const writes = () => calls.filter(([m]) => m !== 'draft.list');

describe('draft store', () => {
  it('loads the clerk’s drafts once and reads them synchronously', async () => {
    listed = [{ key: 'intake', body: { customer: { name: '赵' } }, updatedAt: '2026-11-30T00:00:00Z' }];
    await loadDrafts('clerk-a');
    expect(getDraft('intake')).toEqual({ customer: { name: '赵' } });
    expect(useDrafts.getState().keys.has('intake')).toBe(true);
    expect(calls).toEqual([['draft.list', {}]]);
  });

  it('keeps typing in memory at once and writes the last value ~300 ms after the last change', async () => {
    await loadDrafts('clerk-a');
    saveDraft('note:1', 'a');
    saveDraft('note:1', 'ab');
    expect(getDraft('note:1')).toBe('ab');
    expect(hasPendingDrafts()).toBe(true);
    await vi.advanceTimersByTimeAsync(299);
    expect(writes()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes()).toEqual([['draft.put', { key: 'note:1', body: 'ab' }]]);
    expect(hasPendingDrafts()).toBe(false);
  });

  it('writes at least every 2 s while typing goes on', async () => {
    await loadDrafts('clerk-a');
    for (let i = 0; i < 12; i++) {
      saveDraft('note:1', `x${i}`);
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(writes().length).toBeGreaterThanOrEqual(1);
  });

  it('drops a draft whose value is empty, and sends the drop after the put', async () => {
    await loadDrafts('clerk-a');
    saveDraft('reopen:1', '原因');
    await flushDrafts();
    saveDraft('reopen:1', '   ');
    expect(getDraft('reopen:1')).toBeUndefined();
    await flushDrafts();
    expect(writes()).toEqual([
      ['draft.put', { key: 'reopen:1', body: '原因' }],
      ['draft.drop', { key: 'reopen:1' }],
    ]);
    expect(isEmptyDraft({ customer: { name: ' ', returning: false }, tags: [] })).toBe(true);
    expect(isEmptyDraft({ n: 0 })).toBe(false);
  });

  it('writes nothing again for an unchanged value, and nothing for a key never kept', async () => {
    await loadDrafts('clerk-a');
    saveDraft('step:1:2:record', { a: '1' });
    await flushDrafts();
    saveDraft('step:1:2:record', { a: '1' });
    dropDraft('never');
    await flushDrafts();
    expect(writes()).toHaveLength(1);
  });

  it('forgets everything at sign-out and keeps nothing while nobody is signed in', async () => {
    await loadDrafts('clerk-a');
    saveDraft('intake', { customer: { name: '甲的客户' } });
    clearDraftCache();
    expect(getDraft('intake')).toBeUndefined();
    expect(useDrafts.getState().keys.size).toBe(0);
    saveDraft('intake', { customer: { name: '无人' } });
    expect(getDraft('intake')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes()).toEqual([]);
    // The next clerk starts from their own list only.
    await loadDrafts('clerk-b');
    expect(getDraft('intake')).toBeUndefined();
  });

  it('keeps step drafts through fieldValues.ts under step:<caseId>:<n>:<mode>, as JSON', async () => {
    await loadDrafts('clerk-a');
    const key = steps.draftKey('c1', 4, 'record');
    expect(key).toBe('step:c1:4:record');
    steps.saveDraft(key, { proposal: '退费', promisedAt: undefined, resultTold: false });
    expect(steps.getDraft(key)).toEqual({ proposal: '退费', resultTold: false });
    await flushDrafts();
    expect(writes()).toEqual([['draft.put', { key, body: { proposal: '退费', resultTold: false } }]]);
    steps.dropDraft(key);
    expect(steps.getDraft(key)).toBeUndefined();
    steps.saveDraft(key, { proposal: 'x' });
    steps.clearDrafts();
    expect(steps.getDraft(key)).toBeUndefined();
  });
});
