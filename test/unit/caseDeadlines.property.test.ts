/**
 * The derived deadlines against a brute-force reference that walks UTC
 * minute by minute and asks Intl for each minute's wall clock (issue 9,
 * item 3): "N working days after t" and the shifting of handling, result and
 * reply by paused working time, over random office-like calendars in a
 * DST-free and two DST zones, around 调休 weekends and the Spring Festival,
 * with overlapping pauses that span holidays and may still be open.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarInput,
  compileCalendar,
  type DayHours,
  WEEKDAYS,
} from '../../shared/domain/deadlines/calendar';
import { type DeadlineFacts, deriveDeadlines } from '../../shared/domain/deadlines/caseDeadlines';
import { workingDaysAfter } from '../../shared/domain/deadlines/businessTime';
import { type DeadlineRules, DEFAULT_DEADLINE_RULES } from '../../shared/domain/deadlines/rules';
import { CN_2025, CN_2026 } from './deadlines-fixtures';
import { DAY, hhmm, MIN, refHours, toMin, wall } from './deadlines-reference';

// ---- the reference ------------------------------------------------------------------------

interface RefPause {
  fromMs: number;
  toMs: number | null;
}

/** The local date of minute [t, t+1) when it is working time, else null. */
function workingDate(c: CalendarInput, t: number): string | null {
  const { date, minute } = wall(c.timeZone, t);
  return refHours(c, date).some((i) => toMin(i.from) <= minute && minute < toMin(i.to)) ? date : null;
}

const paused = (pauses: readonly RefPause[], t: number): boolean =>
  pauses.some((p) => p.fromMs <= t && t < (p.toMs ?? Infinity));

/** End of the `n`-th working date after the working date of the first working minute at or after t. */
function refWorkingDaysAfter(c: CalendarInput, t: number, n: number, horizon: number): number | null {
  let seen = -1;
  let current: string | null = null;
  let lastEnd: number | null = null;
  for (let m = t; m < horizon; m += MIN) {
    const d = workingDate(c, m);
    if (d === null) continue;
    if (d !== current) {
      if (seen === n) return lastEnd;
      current = d;
      seen++;
    }
    lastEnd = m + MIN;
  }
  return null;
}

/** The end of the W-th working, unpaused minute from `start` (W counted without pauses up to `base`). */
function refShift(
  c: CalendarInput,
  start: number,
  base: number,
  pauses: readonly RefPause[],
  horizon: number,
) {
  let w = 0;
  for (let m = start; m < base; m += MIN) if (workingDate(c, m) !== null) w++;
  if (w === 0) return base;
  let n = 0;
  for (let m = start; m < horizon; m += MIN) {
    if (workingDate(c, m) !== null && !paused(pauses, m) && ++n === w) return m + MIN;
  }
  return null;
}

// ---- generators ---------------------------------------------------------------------------

const ANCHORS = ['2025-01-22', '2025-03-06', '2025-09-25', '2025-10-23', '2026-02-10'].map((d) =>
  Date.parse(`${d}T00:00:00Z`),
);

/** Office-like hours: a morning and an afternoon on a 30-minute grid. */
const officeDay: fc.Arbitrary<DayHours> = fc
  .tuple(fc.integer({ min: 14, max: 20 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }))
  .chain(([from, len, gap]) =>
    fc.integer({ min: 1, max: 10 }).map((len2) => {
      const a = from * 30;
      const b = a + len * 30;
      const c = b + gap * 30;
      const out: DayHours = [{ from: hhmm(a), to: hhmm(b) }];
      if (gap > 0) out.push({ from: hhmm(c), to: hhmm(Math.min(c + len2 * 30, 1440)) });
      else out[0] = { from: hhmm(a), to: hhmm(Math.min(b + len2 * 30, 1440)) };
      return out;
    }),
  );

const calendarArb: fc.Arbitrary<CalendarInput> = fc.record({
  timeZone: fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Europe/Berlin'),
  week: fc.record({
    mon: officeDay,
    tue: officeDay,
    wed: officeDay,
    thu: officeDay,
    fri: officeDay,
    sat: fc.oneof(fc.constant<DayHours>([]), officeDay),
    sun: fc.constant<DayHours>([]),
  }),
  makeUpHoursOf: fc.constantFrom(...WEEKDAYS),
  publicYears: fc.constant([CN_2025, CN_2026]),
  closures: fc.constant([]),
  extraDays: fc.constant([]),
});

const scenario = fc.constantFrom(...ANCHORS).chain((anchor) => {
  const minute = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((m) => anchor + m * MIN);
  return fc.record({
    input: calendarArb,
    received: minute(0, 5 * 1440),
    pauses: fc.array(
      fc
        .tuple(
          minute(-1440, 8 * 1440),
          fc.integer({ min: 0, max: 3 * 1440 }),
          fc.integer({ min: 0, max: 12 }),
        )
        .map(([fromMs, len, open]) => ({
          fromMs,
          toMs: open === 0 ? null : fromMs + len * MIN,
          reason: 'parts',
        })),
      { maxLength: 3 },
    ),
    handling: fc.oneof(
      fc.integer({ min: 0, max: 1500 }).map((minutes) => ({ kind: 'workingMinutes' as const, minutes })),
      fc.constant({ kind: 'endOfWorkingDay' as const }),
      fc.integer({ min: 1, max: 3 }).map((days) => ({ kind: 'workingDays' as const, days })),
    ),
    resultDays: fc.integer({ min: 1, max: 3 }),
  });
});

function factsOf(received: number, pauses: DeadlineFacts['pauses'], more: Partial<DeadlineFacts> = {}) {
  return {
    receivedMs: received,
    enteredMs: received,
    severity: 'general',
    stepMs: {},
    closedMs: null,
    pauses,
    contacts: [],
    actions: [],
    callbacks: [],
    promisedMs: null,
    dueOverrideMs: null,
    owner: 'o',
    assignee: null,
    ...more,
  } satisfies DeadlineFacts;
}

// ---- properties ---------------------------------------------------------------------------

describe('derived deadlines against the minute-by-minute reference', () => {
  it('N working days after t ends where the reference closes the N-th working date', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 3 }), ({ input, received }, n) => {
        const got = workingDaysAfter(compileCalendar(input), received, n);
        const horizon = received + 20 * DAY;
        const ref = refWorkingDaysAfter(input, received, n, horizon);
        if (ref === null) expect(got).toBeGreaterThanOrEqual(horizon - 2 * DAY);
        else expect(got).toBe(ref);
      }),
      { numRuns: 40 },
    );
  });

  it('handling and result move later by exactly the paused working time (paused: no due time)', () => {
    fc.assert(
      fc.property(scenario, ({ input, received, pauses, handling, resultDays }) => {
        const cal = compileCalendar(input);
        const rules: DeadlineRules = {
          ...DEFAULT_DEADLINE_RULES,
          handling: { ...DEFAULT_DEADLINE_RULES.handling, general: handling },
          resultWorkingDays: resultDays,
        };
        const shifted = deriveDeadlines(factsOf(received, pauses), cal, rules);
        const plain = deriveDeadlines(factsOf(received, []), cal, rules);
        for (const kind of ['handling', 'result'] as const) {
          const base = plain.find((d) => d.kind === kind)!.dueMs;
          const got = shifted.find((d) => d.kind === kind)!.dueMs;
          fc.pre(base !== null);
          const horizon = base + 14 * DAY;
          const ref = refShift(input, received, base, pauses, horizon);
          if (ref === null) expect(got === null || got >= horizon).toBe(true);
          else expect(got).toBe(ref);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('reply counts from the result and ignores pauses before it; pauses after a deadline was met do not move it', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 60, max: 4000 }), ({ input, received, pauses }, after) => {
        const cal = compileCalendar(input);
        const step5 = received + after * MIN;
        const f = factsOf(received, pauses, { stepMs: { 5: step5 } });
        const list = deriveDeadlines(f, cal, DEFAULT_DEADLINE_RULES);
        const reply = list.find((d) => d.kind === 'reply')!;
        const base = deriveDeadlines(
          factsOf(received, [], { stepMs: { 5: step5 } }),
          cal,
          DEFAULT_DEADLINE_RULES,
        );
        const replyBase = base.find((d) => d.kind === 'reply')!.dueMs;
        fc.pre(replyBase !== null);
        const horizon = replyBase + 14 * DAY;
        const ref = refShift(input, step5, replyBase, pauses, horizon);
        if (ref === null) expect(reply.dueMs === null || reply.dueMs >= horizon).toBe(true);
        else expect(reply.dueMs).toBe(ref);
        // handling was met at step 5: only pauses before it count
        const cut = pauses
          .filter((p) => p.fromMs < step5)
          .map((p) => ({ ...p, toMs: Math.min(p.toMs ?? Infinity, step5) }));
        const handling = list.find((d) => d.kind === 'handling')!;
        const handlingCut = deriveDeadlines(
          factsOf(received, cut, { stepMs: { 5: step5 } }),
          cal,
          DEFAULT_DEADLINE_RULES,
        );
        expect(handling.dueMs).toBe(handlingCut.find((d) => d.kind === 'handling')!.dueMs);
        expect(handling.dueMs).not.toBeNull();
      }),
      { numRuns: 30 },
    );
  });
});
