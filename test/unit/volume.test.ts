/**
 * Issue 14 item 2: the business-volume payload, fold, period total and
 * pasted-lines parser (shared/domain/volume/), and the analysis lists and
 * customer-attribute codes of item 1 (shared/domain/settings/lists.ts).
 */
import { describe, expect, it } from 'vitest';
import { AttributeCode, CaseOpenedPayload } from '../../shared/domain/cases/payloads';
import { DEFAULT_FAILURE_POINTS } from '../../shared/domain/cases/tags';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import type { Role } from '../../shared/domain/kernel/roles';
import { analysisListsAt, foldSettings } from '../../shared/domain/settings/fold';
import {
  AnalysisLists,
  DEFAULT_ANALYSIS_LISTS,
  LIST_CODE,
  listCodeOf,
} from '../../shared/domain/settings/lists';
import { SETTINGS_STREAM_NAME } from '../../shared/domain/settings/payloads';
import { foldVolume } from '../../shared/domain/volume/fold';
import { parseVolumeLines } from '../../shared/domain/volume/lines';
import { VOLUME_STREAM_NAME, VolumeRecordedPayload } from '../../shared/domain/volume/payloads';
import { monthsOf } from '../../shared/domain/kernel/time';
import { volumeTotal } from '../../shared/domain/volume/total';
import { shuffled } from '../fixtures/shuffled';

const T0 = Date.parse('2026-11-20T01:00:00.000Z');
let n = 0;
function ev(
  stream: string,
  type: string,
  payload: unknown,
  ms: number,
  actor: string,
  device = 'd1',
): EventEnvelope {
  n++;
  const body = {
    id: `0193a1b2-c3d4-7e5f-8a9b-${String(n).padStart(12, '0')}`,
    stream,
    type,
    schema: 1,
    hlc: formatHlc(T0 + ms, 0),
    device,
    branch: 'GZ',
    actor,
    payload,
  };
  return { ...body, hash: eventHash(body) };
}
const rec = (period: string, unit: string, value: number | null, ms: number, actor = 'sup', device = 'd1') =>
  ev(VOLUME_STREAM_NAME, 'volume.recorded', { period, unit, value }, ms, actor, device);
const roles = (actor: string): Role | null =>
  actor === 'sup' ? 'supervisor' : actor === 'boss' ? 'admin' : actor === 'clerk' ? 'counter' : null;

describe('volume.recorded payload', () => {
  const ok = (p: unknown) => VolumeRecordedPayload.safeParse(p).success;
  it('takes a month, a known unit and a bounded non-negative value (whole for counts)', () => {
    expect(ok({ period: '2026-03', unit: 'transactions', value: 12500 })).toBe(true);
    expect(ok({ period: '2026-03', unit: 'premium_10k_yuan', value: 88.1234 })).toBe(true);
    expect(ok({ period: '2026-03', unit: 'premium_10k_yuan', value: 0 })).toBe(true);
    expect(ok({ period: '2026-03', unit: 'transactions', value: null })).toBe(true);
  });
  it('refuses a bad period, a negative, huge or fractional count, an unknown unit, control characters, extra keys', () => {
    for (const p of [
      { period: '2026-13', unit: 'transactions', value: 1 },
      { period: '2026-3', unit: 'transactions', value: 1 },
      { period: '1999-12', unit: 'transactions', value: 1 },
      { period: '2026-03\n', unit: 'transactions', value: 1 },
      { period: '2026-03', unit: 'transactions\u0000', value: 1 },
      { period: '2026-03', unit: 'cups_of_tea', value: 1 },
      { period: '2026-03', unit: 'transactions', value: -1 },
      { period: '2026-03', unit: 'transactions', value: 1.5 },
      { period: '2026-03', unit: 'premium_10k_yuan', value: 1.00001 },
      { period: '2026-03', unit: 'premium_10k_yuan', value: 2e12 },
      { period: '2026-03', unit: 'premium_10k_yuan', value: Number.POSITIVE_INFINITY },
      { period: '2026-03', unit: 'transactions', value: 1, note: 'x' },
    ])
      expect(ok(p), JSON.stringify(p)).toBe(false);
  });
});

describe('the volume fold', () => {
  it('keeps the latest per (period, unit) by HLC whatever the arrival order; null takes it back', () => {
    const events = [
      rec('2026-10', 'transactions', 100, 1000),
      rec('2026-10', 'transactions', 150, 3000, 'boss', 'd2'),
      rec('2026-10', 'transactions', 120, 2000),
      rec('2026-10', 'premium_10k_yuan', 9, 1000),
      rec('2026-10', 'premium_10k_yuan', null, 5000),
      rec('2026-09', 'transactions', 90, 500),
    ];
    for (let i = 0; i < 20; i++) {
      const s = foldVolume(shuffled(events, i), { roleAt: roles });
      expect([...s.figures.values()].map((f) => [f.period, f.unit, f.value]).sort()).toEqual([
        ['2026-09', 'transactions', 90],
        ['2026-10', 'transactions', 150],
      ]);
    }
  });

  it("gives a counter clerk's (forged) event no effect and flags it; without an oracle every event counts", () => {
    const events = [
      rec('2026-10', 'transactions', 100, 1000),
      rec('2026-10', 'transactions', 1, 2000, 'clerk'),
    ];
    const s = foldVolume(events, { roleAt: roles });
    expect(s.figures.get('2026-10|transactions')?.value).toBe(100);
    expect(s.flags).toEqual([expect.objectContaining({ reason: 'no_authority', actor: 'clerk' })]);
    expect(foldVolume(events).figures.get('2026-10|transactions')?.value).toBe(1);
    // A bad payload is flagged, not applied.
    const bad = foldVolume([rec('2026-10', 'transactions', -5, 3000)], { roleAt: roles });
    expect(bad.figures.size).toBe(0);
    expect(bad.flags[0]?.reason).toBe('bad_payload');
  });
});

describe('the volume of an analysis period', () => {
  it('counts the months wholly or partly inside [fromDay, toDay)', () => {
    expect(monthsOf('2026-03-10', '2026-04-21')).toEqual(['2026-03', '2026-04']);
    expect(monthsOf('2026-03-01', '2026-04-01')).toEqual(['2026-03']);
    expect(monthsOf('2025-12-31', '2026-01-02')).toEqual(['2025-12', '2026-01']);
    expect(monthsOf('2026-01-01', '2027-01-01')).toHaveLength(12);
    expect(monthsOf('2026-03-01', '2026-03-01')).toEqual([]);
  });

  it('sums the unit with the most (branch, month) figures; a tie goes to the first unit; none gives null', () => {
    const records = [
      { branch: 'GZ', period: '2026-01', unit: 'transactions', value: 100 },
      { branch: 'GZ', period: '2026-02', unit: 'transactions', value: 200 },
      { branch: 'SZ', period: '2026-02', unit: 'transactions', value: 50 },
      { branch: 'GZ', period: '2026-01', unit: 'premium_10k_yuan', value: 0.1 },
      { branch: 'SZ', period: '2026-01', unit: 'premium_10k_yuan', value: 0.2 },
      { branch: 'GZ', period: '2026-03', unit: 'premium_10k_yuan', value: 5 },
    ];
    expect(volumeTotal(records, { fromDay: '2026-01-15', toDay: '2026-03-01' })).toEqual({
      unit: 'transactions',
      value: 350,
      figures: 3,
      months: ['2026-01', '2026-02'],
    });
    // January alone: two figures each; premium comes first in VOLUME_UNITS. 0.1 + 0.2 is 0.3.
    expect(volumeTotal(records, { fromDay: '2026-01-01', toDay: '2026-02-01' })).toMatchObject({
      unit: 'premium_10k_yuan',
      value: 0.3,
    });
    expect(volumeTotal(records, { fromDay: '2026-05-01', toDay: '2026-06-01' })).toBeNull();
  });
});

describe('pasted volume lines', () => {
  it('reads comma, tab or semicolon lines with an optional header, unit names and thousands separators', () => {
    const r = parseVolumeLines(
      '\uFEFFperiod,unit,value\n2026-01,transactions,100\n\n2026/2\t业务笔数\t1,200\n2026年3月;保费收入（万元）;12.5\r\n',
    );
    expect(r).toEqual({
      lines: [
        { line: 2, period: '2026-01', unit: 'transactions', value: 100 },
        { line: 4, period: '2026-02', unit: 'transactions', value: 1200 },
        { line: 5, period: '2026-03', unit: 'premium_10k_yuan', value: 12.5 },
      ],
    });
  });

  it('names every bad line and gives no lines at all', () => {
    const r = parseVolumeLines(
      '2026-01,transactions,100\n2026-13,transactions,1\n2026-02,cups,1\n2026-02,transactions,-1\n2026-02,transactions\n2026-01,transactions,5\n2026-04,accounts,x\n2026-05,accounts,1\u0007',
    );
    expect(r).toEqual({
      errors: [
        { line: 2, problem: 'period', text: '2026-13,transactions,1' },
        { line: 3, problem: 'unit', text: '2026-02,cups,1' },
        { line: 4, problem: 'negative', text: '2026-02,transactions,-1' },
        { line: 5, problem: 'columns', text: '2026-02,transactions' },
        { line: 6, problem: 'duplicate', text: '2026-01,transactions,5' },
        { line: 7, problem: 'value', text: '2026-04,accounts,x' },
        { line: 8, problem: 'control', text: '2026-05,accounts,1\u0007' },
      ],
    });
  });
});

describe('the analysis lists and attribute codes (issue 14 item 1)', () => {
  it('an attribute code on case.opened has the form of a list code', () => {
    for (const code of ['city', 'vip', 'a.b-c_1', 'x'.repeat(32), 'Vip', '', 'x'.repeat(33), '_a', '城区'])
      expect(AttributeCode.safeParse(code).success, code).toBe(LIST_CODE.test(code));
  });

  it('case.opened takes the attributes optionally and refuses codes of another form', () => {
    const base = {
      number: 'GZ01-20261120-0001',
      scriptVersion: '1.0',
      customer: { name: '李', phone: '138', gender: 'female', returning: false },
      channel: 'walk_in',
      category: 'banking.fees',
      severity: 'general',
      account: 'x',
      receivedAt: '2026-11-20T01:00:00.000Z',
      owner: 'o',
    };
    expect(CaseOpenedPayload.safeParse(base).success).toBe(true);
    expect(
      CaseOpenedPayload.safeParse({ ...base, region: 'city', customerLevel: 'vip', sharedCustomer: false })
        .success,
    ).toBe(true);
    expect(CaseOpenedPayload.safeParse({ ...base, region: 'City' }).success).toBe(false);
    expect(CaseOpenedPayload.safeParse({ ...base, sharedCustomer: 'yes' }).success).toBe(false);
  });

  it('the default lists are valid; only an admin sets them (the fold); a forged set changes nothing', () => {
    expect(AnalysisLists.safeParse(DEFAULT_ANALYSIS_LISTS).success).toBe(true);
    const mine = {
      ...DEFAULT_ANALYSIS_LISTS,
      regions: [{ value: 'tianhe', 'zh-CN': '天河区', en: 'Tianhe' }],
    };
    const set = (actor: string, ms: number) =>
      ev(SETTINGS_STREAM_NAME, 'settings.analysis_lists_set', { lists: mine }, ms, actor);
    const bySup = foldSettings([set('sup', 1000)], { roleAt: roles });
    expect(analysisListsAt(bySup, T0 + 5000)).toEqual(DEFAULT_ANALYSIS_LISTS);
    expect(bySup.flags[0]?.reason).toBe('no_authority');
    const byAdmin = foldSettings([set('boss', 1000)], { roleAt: roles });
    expect(analysisListsAt(byAdmin, T0 + 5000).regions).toEqual(mine.regions);
    expect(analysisListsAt(byAdmin, T0)).toEqual(DEFAULT_ANALYSIS_LISTS);
  });

  it("the default failure points are the case tags' defaults (one list, issue 14 item 7)", () => {
    expect(DEFAULT_ANALYSIS_LISTS.failurePoints).toEqual(
      DEFAULT_FAILURE_POINTS.map((f) => ({ value: f.code, 'zh-CN': f.zh, en: f.en })),
    );
  });

  it('a list code is found by its code or either name, without case, spaces or full-width forms', () => {
    const levels = DEFAULT_ANALYSIS_LISTS.customerLevels;
    expect(listCodeOf(levels, '贵宾客户')).toBe('vip');
    expect(listCodeOf(levels, ' ＶＩＰ ')).toBe('vip');
    expect(listCodeOf(levels, 'gold')).toBe('gold');
    expect(listCodeOf(levels, '钻石')).toBeNull();
    expect(listCodeOf(levels, '')).toBeNull();
  });
});

describe('volume figures on screen', () => {
  it("are written in the chosen language's number format, whatever the computer's", async () => {
    const { fmtVolume } = await import('../../renderer/src/features/volume/format');
    expect(fmtVolume('transactions', 12500, 'en')).toBe('12,500');
    expect(fmtVolume('transactions', 12500, 'zh-CN')).toBe('12,500');
    expect(fmtVolume('premium_10k_yuan', 88.51239, 'en')).toBe('88.5124');
  });
});
