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
