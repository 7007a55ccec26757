/**
 * Issue 14: the case timeline's tag line (renderer tagTimeline.ts) names a
 * failure point by the organisation's lists in force, as exports and
 * reports do: one an administrator added (lobby → 大堂引导) by its name,
 * a built-in one by the built-in name until the lists are read, and a
 * code on no list as itself.
 */
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../shared/contract/methods/cases';
import { DEFAULT_ANALYSIS_LISTS } from '../../shared/domain/settings/lists';
import { describeTag } from '../../renderer/src/features/handling/tagTimeline';

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
    expect(describeTag(tagged('lobby'), 'zh-CN', new Map(), LISTS)).toBe('失败点：大堂引导');
    expect(describeTag(tagged('lobby'), 'en', new Map(), LISTS)).toBe('Failure point: Lobby guidance');
  });

  it('the built-in names before the lists are read; a code on no list as itself', () => {
    expect(describeTag(tagged('billing'), 'zh-CN', new Map())).toBe('失败点：结算');
    expect(describeTag(tagged('billing'), 'zh-CN', new Map(), LISTS)).toBe('失败点：billing');
  });
});
