/**
 * The describer registry (shared/domain/describers.ts): every case event
 * type has its feature's line in both languages, so the exporter never names
 * a type; a type nobody describes, a newer schema or an unreadable payload
 * gets the generic line instead of failing the export.
 */
import { describe, expect, it } from 'vitest';
import { CASE_PAYLOADS } from '../../shared/domain/cases/payloads';
import { CASE_DESCRIBERS } from '../../shared/domain/cases/describe';
import { DESCRIBERS, describeEvent } from '../../shared/domain/describers';
import type { DescribeContext } from '../../shared/domain/kernel/describe';
import type { Locale } from '../../shared/domain/kernel/locale';
import { loadScriptResources } from '../../electron/desk/features/cases/scriptLoad';
import { rowContext } from '../../electron/desk/features/exports/context';

const ctx = (locale: Locale): DescribeContext => ({
  locale,
  staffName: (id) => (id === 's1' ? '赵主管' : id),
  time: (iso) => iso.slice(0, 16).replace('T', ' '),
  timeOfMs: (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' '),
  label: (kind, value) => `${kind}:${value}`,
  fieldLabel: (step, key) => `${step}.${key}`,
});

describe('describers', () => {
  it('describes every case event type (issue 12 escalation, malice, evidence and nature included)', () => {
    expect(Object.keys(CASE_DESCRIBERS).sort()).toEqual(Object.keys(CASE_PAYLOADS).sort());
    for (const type of Object.keys(CASE_PAYLOADS)) expect(DESCRIBERS[type]).toBeTypeOf('function');
  });

  it('renders lines with the payload in each language', () => {
    const escalated = {
      type: 'case.escalated',
      schema: 1,
      payload: {
        level: 'region',
        canEmployeeSolve: false,
        canSolveOnSite: false,
        rootCause: 'policy',
        reason: '超出权限',
      },
    };
    expect(describeEvent(escalated, ctx('zh-CN'))).toBe('升级至区域（根因：政策）：超出权限');
    expect(describeEvent(escalated, ctx('en'))).toBe('Escalated to Region (root cause: policy): 超出权限');
    const step = {
      type: 'case.step_recorded',
      schema: 1,
      payload: { step: 1, fields: { apologyGiven: true } },
    };
    expect(describeEvent(step, ctx('zh-CN'))).toBe('记录第 1 步「step:1」：1.apologyGiven：是');
    const assigned = { type: 'case.field_set', schema: 1, payload: { field: 'assignee', value: 's1' } };
    expect(describeEvent(assigned, ctx('en'))).toBe('Assignee set to 赵主管');
    const malicious = {
      type: 'case.malice_determined',
      schema: 1,
      payload: {
        outcome: 'malicious',
        motives: ['undue_gain'],
        behaviours: [],
        signs: [],
        evidence: ['a'],
        offer: '书面答复',
        reason: '证据充分',
      },
    };
    expect(describeEvent(malicious, ctx('zh-CN'))).toContain('认定恶意投诉（动机：谋取不当利益；行为：无');
  });

  it('gives a generic line to an unknown type, a newer schema and an unreadable payload', () => {
    expect(describeEvent({ type: 'case.teleported', schema: 1, payload: {} }, ctx('zh-CN'))).toBe(
      '（本版本无法显示的记录：case.teleported）',
    );
    expect(describeEvent({ type: 'case.note_added', schema: 2, payload: { text: 'x' } }, ctx('en'))).toBe(
      '(a record this version cannot show: case.note_added)',
    );
    expect(describeEvent({ type: 'case.malice_determined', schema: 1, payload: null }, ctx('en'))).toBe(
      '(a record this version cannot show: case.malice_determined)',
    );
  });
});

describe('case.opened with the customer attributes (issue 14 item 1)', () => {
  const opened = (extra: Record<string, unknown>) => ({
    type: 'case.opened',
    schema: 1,
    payload: {
      number: 'GZ-0001',
      channel: 'walk_in',
      category: 'banking.fees',
      severity: 'general',
      account: '年费',
      ...extra,
    },
  });
  const NAMES: Record<string, [string, string]> = {
    'regions:city': ['城区', 'City'],
    'customerLevels:vip': ['贵宾客户', 'VIP'],
  };
  const named = (locale: Locale): DescribeContext => ({
    ...ctx(locale),
    listName: (list, code) => NAMES[`${list}:${code}`]?.[locale === 'en' ? 1 : 0] ?? code,
  });

  it('names them from the lists when recorded', () => {
    const e = opened({ region: 'city', customerLevel: 'vip', sharedCustomer: true });
    expect(describeEvent(e, named('zh-CN'))).toBe(
      '受理投诉 GZ-0001（channel:walk_in，category:banking.fees，severity:general）：年费；客户：地区 城区，客户等级 贵宾客户，其他业务线共有客户',
    );
    expect(describeEvent(e, named('en'))).toBe(
      'Complaint GZ-0001 received (channel:walk_in, category:banking.fees, severity:general): 年费. Customer: region City, level VIP, also a customer of another business line',
    );
    // Only what was recorded; a code off the list (or no lists at hand) shows as is.
    expect(describeEvent(opened({ sharedCustomer: false, region: 'harbour' }), named('en'))).toContain(
      'Customer: region harbour, not a customer of another business line',
    );
    expect(describeEvent(opened({ customerLevel: 'vip' }), ctx('zh-CN'))).toContain('；客户：客户等级 vip');
  });

  it('the exports and dossiers name them from the lists (the defaults when none are given)', () => {
    const { script, taxonomy } = loadScriptResources();
    const base = { script, taxonomy, staffNames: new Map(), timeZone: 'Asia/Shanghai', nowMs: 0, soonMs: 0 };
    const e = opened({ region: 'city', customerLevel: 'vip' });
    expect(describeEvent(e, rowContext({ ...base, locale: 'zh-CN' }))).toContain(
      '客户：地区 城区，客户等级 贵宾客户',
    );
    const lists = {
      regions: [{ value: 'city', 'zh-CN': '市区', en: 'Downtown' }],
      customerLevels: [],
      failurePoints: [],
    };
    expect(describeEvent(e, rowContext({ ...base, locale: 'en', lists }))).toContain(
      'Customer: region Downtown, level vip',
    );
  });

  it('says nothing of them when none was recorded', () => {
    expect(describeEvent(opened({}), named('zh-CN'))).not.toContain('客户：');
    expect(describeEvent(opened({}), named('en'))).not.toContain('Customer:');
  });
});

describe('captured step values in an export or a dossier', () => {
  it('reads as the step screen shows them: option labels in the reader’s language, times on the branch clock', () => {
    const { script, taxonomy } = loadScriptResources();
    const base = { script, taxonomy, staffNames: new Map(), timeZone: 'Asia/Shanghai', nowMs: 0, soonMs: 0 };
    const step = (n: number, fields: Record<string, unknown>) => ({
      type: 'case.step_recorded',
      schema: 1,
      payload: { step: n, fields },
    });
    const four = step(4, {
      resolvability: 'short_term',
      promisedAt: '2027-01-03T18:04:08.411Z',
      customerAnswer: 'accept',
    });
    const zh = describeEvent(four, rowContext({ ...base, locale: 'zh-CN' }));
    expect(zh).toContain('2027-01-04 02:04');
    for (const raw of ['short_term', 'accept', 'T18:04']) expect(zh).not.toContain(raw);
    const en = describeEvent(
      step(1, { apologyGiven: true, customerMood: 'angry' }),
      rowContext({ ...base, locale: 'en' }),
    );
    expect(en).not.toMatch(/: angry\b/);
    expect(en).toMatch(/: Angry\b/i);
    // A value the script does not offer (an older script's) shows as stored.
    expect(
      describeEvent(step(1, { customerMood: 'furious' }), rowContext({ ...base, locale: 'en' })),
    ).toContain('furious');
  });
});
