/**
 * The case timeline's lines for events it has no words of its own for
 * (renderer domainTimeline.ts). Issue 14: the tag line names a
 * failure point by the organisation's lists in force, as exports and
 * reports do: one an administrator added (lobby → 大堂引导) by its name,
 * a built-in one by the built-in name until the lists are read, and a
 * code on no list as itself.
 */
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../shared/contract/methods/cases';
import { DEFAULT_ANALYSIS_LISTS } from '../../shared/domain/settings/lists';
import { describeByDomain } from '../../renderer/src/features/handling/domainTimeline';

const tagged = (failurePoint: string): TimelineEntry => ({
  eventId: '01JD0000000000000000000000',
  type: 'case.tagged',
  at: '2026-03-10T02:00:00.000Z',
  actor: 'u1',
  actorName: '柜员甲',
  device: 'GZ-01',
  payload: { failurePoint },
});

const LISTS = {
  ...DEFAULT_ANALYSIS_LISTS,
  failurePoints: [{ value: 'lobby', 'zh-CN': '大堂引导', en: 'Lobby guidance' }],
};

describe('the timeline names a failure point by the lists in force', () => {
  it("an item the organisation added, by its name in the clerk's language", () => {
    expect(describeByDomain(tagged('lobby'), { locale: 'zh-CN' }, new Map(), LISTS)).toBe('失败点：大堂引导');
    expect(describeByDomain(tagged('lobby'), { locale: 'en' }, new Map(), LISTS)).toBe(
      'Failure point: Lobby guidance',
    );
  });

  it('the built-in names before the lists are read; a code on no list as itself', () => {
    expect(describeByDomain(tagged('billing'), { locale: 'zh-CN' }, new Map())).toBe('失败点：结算');
    expect(describeByDomain(tagged('billing'), { locale: 'zh-CN' }, new Map(), LISTS)).toBe(
      '失败点：billing',
    );
  });
});

const entry = (type: string, payload: unknown): TimelineEntry => ({
  eventId: '01JD0000000000000000000001',
  type,
  at: '2026-03-10T02:00:00.000Z',
  actor: 'sup1',
  actorName: '主管乙',
  device: 'GZ-01',
  payload,
});

describe('escalation and malicious-claim events read as what happened, not as "other records"', () => {
  it('an escalation: level, root cause and reason, in either language', () => {
    const e = entry('case.escalated', {
      level: 'region',
      canEmployeeSolve: false,
      canSolveOnSite: false,
      rootCause: 'policy',
      reason: '需区域审批退费',
    });
    expect(describeByDomain(e, { locale: 'zh-CN' }, new Map())).toBe(
      '升级至区域（根因：政策）：需区域审批退费',
    );
    expect(describeByDomain(e, { locale: 'en' }, new Map())).toBe(
      'Escalated to Region (root cause: policy): 需区域审批退费',
    );
  });

  it("a review's verdict and comment, and a determination with its motives and reason", () => {
    const reviewed = entry('case.escalation_reviewed', {
      escalationId: '0190a1a2-0000-7000-8000-000000000001',
      justified: false,
      comment: '网点可自行解决',
    });
    expect(describeByDomain(reviewed, { locale: 'zh-CN' }, new Map())).toBe(
      '升级复核：不合理，网点可自行解决',
    );
    const determined = entry('case.malice_determined', {
      outcome: 'good_faith',
      motives: [],
      behaviours: [],
      signs: [],
      evidence: [],
      offer: '',
      reason: '客户确有损失',
    });
    expect(describeByDomain(determined, { locale: 'en' }, new Map())).toBe(
      'Determined in good faith: 客户确有损失',
    );
  });

  it('a determination whose written offer ends its own sentence reads with one full stop', () => {
    const determined = entry('case.malice_determined', {
      outcome: 'malicious',
      motives: ['undue_gain'],
      behaviours: ['inventing'],
      signs: [],
      evidence: ['a'.repeat(64)],
      offer: '按规定退还当月功能费，并书面说明。',
      reason: '订购记录清楚',
    });
    expect(describeByDomain(determined, { locale: 'zh-CN' }, new Map())).toBe(
      '认定恶意投诉（动机：谋取不当利益；行为：捏造事实；迹象：无；证据 1 份）。书面答复：按规定退还当月功能费，并书面说明。理由：订购记录清楚',
    );
    expect(describeByDomain(determined, { locale: 'en' }, new Map())).toBe(
      'Determined malicious (motive: seeking undue gain; behaviour: inventing facts; signs: none; evidence items: 1). Written offer: 按规定退还当月功能费，并书面说明. Reason: 订购记录清楚',
    );
  });

  it('a payload of another shape, or a type that is not a case event, gets no line (the caller says so)', () => {
    expect(
      describeByDomain(entry('case.escalated', { level: 'moon' }), { locale: 'zh-CN' }, new Map()),
    ).toBeNull();
    expect(describeByDomain(entry('order.created', {}), { locale: 'zh-CN' }, new Map())).toBeNull();
  });
});
