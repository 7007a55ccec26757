/**
 * The case page's bounds on a due date (renderer/src/features/handling/dueBounds.ts,
 * decision 0050): what a counter clerk is offered, and when a clerk's date does not count.
 */
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { dueNotCounted, latestDue, timesAfter } from '../../renderer/src/features/handling/dueBounds';

const RULE = '2026-12-08T09:30:00.000Z';
const ms = (d: dayjs.Dayjs | null) => d?.valueOf() ?? null;

describe('latestDue', () => {
  it('over no due date, is the result deadline the rules give', () => {
    expect(ms(latestDue({ dueAt: null, resultDueByRule: RULE }))).toBe(Date.parse(RULE));
  });
  it("over a clerk's own earlier date, is that date (moving it later is a supervisor's act)", () => {
    const own = '2026-12-05T09:00:00.000Z';
    expect(ms(latestDue({ dueAt: own, dueBounded: true, resultDueByRule: RULE }))).toBe(Date.parse(own));
  });
  it("over a clerk's date later than the rule (from another desk), is the rule's deadline", () => {
    const late = '2026-12-20T09:00:00.000Z';
    expect(ms(latestDue({ dueAt: late, dueBounded: true, resultDueByRule: RULE }))).toBe(Date.parse(RULE));
  });
  it("over a supervisor's date, is that date even past the rule", () => {
    const boss = '2026-12-20T09:00:00.000Z';
    expect(ms(latestDue({ dueAt: boss, resultDueByRule: RULE }))).toBe(Date.parse(boss));
  });
  it('is unbounded when neither a date nor a rule is known', () => {
    expect(latestDue({ dueAt: null, resultDueByRule: null })).toBeNull();
    expect(latestDue({ dueAt: null })).toBeNull();
  });
});

describe('dueNotCounted', () => {
  it("names the rule's deadline only for a clerk's date later than it", () => {
    const late = '2026-12-20T09:00:00.000Z';
    expect(ms(dueNotCounted({ dueAt: late, dueBounded: true, resultDueByRule: RULE }))).toBe(
      Date.parse(RULE),
    );
    expect(dueNotCounted({ dueAt: late, resultDueByRule: RULE })).toBeNull(); // a supervisor's
    expect(dueNotCounted({ dueAt: RULE, dueBounded: true, resultDueByRule: RULE })).toBeNull(); // not later
    expect(dueNotCounted({ dueAt: late, dueBounded: true })).toBeNull(); // no rule known
  });
});

describe('timesAfter', () => {
  it('disables the hours after the bound, and the minutes after it in its hour', () => {
    const t = timesAfter(dayjs(new Date(2026, 11, 8, 17, 30)));
    expect(t.disabledHours()).toEqual([18, 19, 20, 21, 22, 23]);
    expect(t.disabledMinutes(17)).toHaveLength(29);
    expect(t.disabledMinutes(17)[0]).toBe(31);
    expect(t.disabledMinutes(16)).toEqual([]);
    expect(timesAfter(dayjs(new Date(2026, 11, 8, 23, 59))).disabledHours()).toEqual([]);
  });
});
