/**
 * Issue 14 item 7: the rectification fold (shared/domain/rectification/
 * fold.ts) in any order of its events, with authority judged by the role
 * oracle; the payload schemas (control characters, lengths, dates); and the
 * effect's windows (./effect.ts) against hand-worked days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { addDays, effectGroupings, effectOf, scopeWithin } from '../../shared/domain/rectification/effect';
import { foldRectItem, rectState } from '../../shared/domain/rectification/fold';
import { RECT_PAYLOADS } from '../../shared/domain/rectification/payloads';
import { RECT_DESCRIBERS } from '../../shared/domain/rectification/describe';
import { describeEvent } from '../../shared/domain/describers';

const ID = '0193a1b2-c3d4-7e5f-8a9b-0000000000e1';
const OWNER = '0193a1b2-c3d4-7e5f-8a9b-0000000000c1';
const SUP = '0193a1b2-c3d4-7e5f-8a9b-0000000000c2';
const CLERK = '0193a1b2-c3d4-7e5f-8a9b-0000000000c3';
const T0 = Date.parse('2026-11-20T01:00:00.000Z');
const roleAt = (actor: string) => (actor === SUP ? 'supervisor' : 'counter') as 'supervisor' | 'counter';

let n = 0;
function ev(type: string, payload: unknown, minute: number, actor = SUP): EventEnvelope {
  n += 1;
  return {
    id: `0193a1b2-c3d4-7e5f-8a9b-${String(n).padStart(12, '0')}`,
    stream: `rect:${ID}`,
    type,
    schema: 1,
    hlc: formatHlc(T0 + minute * 60_000, 0),
    device: 'dev-1',
    branch: 'SZ',
    actor,
    payload,
    hash: 'x'.repeat(64),
  };
}

const OPENED = {
  scope: { dim: 'category', value: 'banking.fees' },
  defect: '年费未告知',
  measure: '书面告知',
  owner: OWNER,
  dueAt: '2026-12-01T09:00:00+08:00',
};

describe('the rectification fold', () => {
  const log = [
    ev('rect.opened', OPENED, 0),
    ev('rect.progressed', { note: '培训一' }, 1, OWNER),
    ev('rect.progressed', { note: '看看' }, 2, CLERK), // not the owner: flagged
    ev('rect.completed', { evidence: '签到表' }, 3),
    ev('rect.completed', { evidence: '再完成一次' }, 4), // not open: flagged
    ev('rect.reopened', { reason: '仍有投诉' }, 5, CLERK), // a clerk: flagged
    ev('rect.reopened', { reason: '仍有投诉' }, 6),
    ev('rect.opened', OPENED, 7), // opened twice: flagged
  ];

  it('tracks an item with authority judged at each event', () => {
    const item = foldRectItem(log, { roleAt })!;
    expect(item.status).toBe('open');
    expect(item.progress.map((p) => p.text)).toEqual(['培训一']);
    expect(item.completions.map((p) => p.text)).toEqual(['签到表']);
    expect(item.reopens.map((p) => p.by)).toEqual([SUP]);
    expect(item.flags.map((f) => f.reason)).toEqual([
      'no_authority',
      'not_open',
      'no_authority',
      'opened_twice',
    ]);
    expect(rectState(item, Date.parse('2026-12-02T00:00:00Z'))).toBe('overdue');
    expect(rectState(item, Date.parse('2026-11-30T00:00:00Z'))).toBe('open');
    expect(rectState({ ...item, status: 'done' }, Date.parse('2027-01-01T00:00:00Z'))).toBe('done');
  });

  it('gives the same item whatever order the events arrive in', () => {
    const expected = foldRectItem(log, { roleAt });
    fc.assert(
      fc.property(fc.shuffledSubarray(log, { minLength: log.length, maxLength: log.length }), (shuffled) => {
        expect(foldRectItem([...shuffled, shuffled[0]!], { roleAt })).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('a clerk’s opening opens nothing; an opening sorting after the other events still opens first', () => {
    expect(foldRectItem([ev('rect.opened', OPENED, 0, CLERK)], { roleAt })).toBeNull();
    const skewed = foldRectItem([ev('rect.completed', { evidence: 'e' }, 0), ev('rect.opened', OPENED, 5)], {
      roleAt,
    })!;
    expect(skewed.status).toBe('done');
  });
});

describe('rectification payloads', () => {
  const opened = RECT_PAYLOADS['rect.opened'];
  it('refuses control characters, blank and over-long texts, bad dates and unknown scopes', () => {
    expect(opened.safeParse(OPENED).success).toBe(true);
    expect(opened.safeParse({ ...OPENED, defect: '两行\n可以' }).success).toBe(true);
    expect(opened.safeParse({ ...OPENED, defect: 'esc\u001b[2J' }).success).toBe(false);
    expect(opened.safeParse({ ...OPENED, measure: 'c1\u009b' }).success).toBe(false);
    expect(opened.safeParse({ ...OPENED, measure: 'lone\ud800' }).success).toBe(false);
    expect(opened.safeParse({ ...OPENED, defect: ' \n ' }).success).toBe(false);
    expect(opened.safeParse({ ...OPENED, defect: 'x'.repeat(2001) }).success).toBe(false);
    expect(opened.safeParse({ ...OPENED, dueAt: '2026-13-01T00:00:00Z' }).success).toBe(false);
    expect(opened.safeParse({ ...OPENED, dueAt: '2026-12-01' }).success).toBe(false);
    expect(opened.safeParse({ ...OPENED, dueAt: '2026-02-30T09:00:00+08:00' }).success).toBe(false);
    expect(opened.safeParse({ ...OPENED, scope: { dim: 'region', value: 'x' } }).success).toBe(false);
    expect(opened.safeParse({ ...OPENED, scope: { dim: 'category', value: 'Bad Value' } }).success).toBe(
      false,
    );
    expect(opened.safeParse({ ...OPENED, owner: 'me' }).success).toBe(false);
    expect(opened.safeParse({ ...OPENED, extra: 1 }).success).toBe(false);
    expect(RECT_PAYLOADS['rect.completed'].safeParse({ evidence: '' }).success).toBe(false);
    expect(RECT_PAYLOADS['rect.reopened'].safeParse({ reason: 'nul\u0000' }).success).toBe(false);
  });
});

describe('the effect windows', () => {
  const scope = { dim: 'failurePoint', value: 'billing' } as const;
  it('compares the same number of whole days either side of the opening day', () => {
    const plan = effectGroupings(scope, '2026-11-25', '2026-12-02')!;
    expect(plan.days).toBe(7);
    expect(plan.before.filter).toEqual({
      fromDay: '2026-11-18',
      toDay: '2026-11-25',
      where: { failurePoint: 'billing' },
    });
    expect(plan.after.filter).toMatchObject({ fromDay: '2026-11-25', toDay: '2026-12-02' });
    const e = effectOf(plan, [{ keys: [], values: { cases: 4 } }], [{ keys: [], values: { cases: 5 } }]);
    expect(e).toMatchObject({ change: 1, changeRate: 0.25, trend: 'rose' });
    expect(effectOf(plan, [], [])).toMatchObject({ change: 0, changeRate: null, trend: 'same' });
  });

  it('has no figure on the opening day, caps the windows, and crosses months and years', () => {
    expect(effectGroupings(scope, '2026-11-25', '2026-11-25')).toBeNull();
    expect(effectGroupings(scope, '2026-11-25', '2026-11-20')).toBeNull();
    expect(effectGroupings(scope, 'soon', '2026-11-20')).toBeNull();
    expect(effectGroupings(scope, '2025-01-01', '2027-06-01', 30)!.before.filter.fromDay).toBe('2024-12-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});

describe('which items a filtered report keeps', () => {
  const main = { dim: 'mainCategory', value: 'banking' } as const;
  const cat = { dim: 'category', value: 'banking.fees' } as const;
  const fp = { dim: 'failurePoint', value: 'billing' } as const;
  it('keeps every item without filters, or with filters on other dimensions', () => {
    for (const scope of [main, cat, fp]) {
      expect(scopeWithin(scope, undefined)).toBe(true);
      expect(scopeWithin(scope, { channel: 'walk_in', gender: 'female', region: null })).toBe(true);
    }
  });
  it('leaves out an item whose scope a filter excludes, across category and main category', () => {
    expect(scopeWithin(main, { mainCategory: 'telecom' })).toBe(false);
    expect(scopeWithin(main, { mainCategory: 'banking' })).toBe(true);
    expect(scopeWithin(main, { category: 'telecom.billing' })).toBe(false);
    expect(scopeWithin(main, { category: 'banking.cards' })).toBe(true);
    expect(scopeWithin(cat, { category: 'banking.cards' })).toBe(false);
    expect(scopeWithin(cat, { mainCategory: 'telecom' })).toBe(false);
    expect(scopeWithin(cat, { mainCategory: 'banking' })).toBe(true);
    expect(scopeWithin(fp, { failurePoint: 'work' })).toBe(false);
    expect(scopeWithin(fp, { failurePoint: 'billing', mainCategory: 'telecom' })).toBe(true);
  });
});

describe('the rectification describer', () => {
  const ctx = {
    staffName: (id: string) => (id === OWNER ? '李柜员' : id),
    time: (iso: string) => iso.slice(0, 10),
    timeOfMs: (ms: number) => String(ms),
    label: (_k: string, v: string) => (v === 'banking.fees' ? '银行 / 收费' : v),
    fieldLabel: (_s: number, k: string) => k,
  };
  it('describes every rectification event type, in both languages, through the registry', () => {
    expect(Object.keys(RECT_DESCRIBERS).sort()).toEqual(Object.keys(RECT_PAYLOADS).sort());
    const opened = { type: 'rect.opened', schema: 1, payload: OPENED };
    expect(describeEvent(opened, { ...ctx, locale: 'zh-CN' })).toBe(
      '立整改项（投诉类别：银行 / 收费）：问题 年费未告知；措施 书面告知；责任人 李柜员；期限 2026-12-01',
    );
    expect(
      describeEvent(
        { type: 'rect.completed', schema: 1, payload: { evidence: '签到表' } },
        { ...ctx, locale: 'en' },
      ),
    ).toBe('Completed; evidence: 签到表');
  });
});
