/**
 * A branch's deadline rules (issue 9, item 2): how long each step of the
 * closed loop may take, in working time on the branch's calendar. Defaults are
 * DOMAIN.md section 4's figures; an administrator changes them with a
 * `settings.rules_set` event (shared/domain/settings/). The schema only says
 * what a well-formed rule set is, with field paths; the desk turns its issues
 * into zh-CN and English field messages. Runtime-neutral.
 */
import { z } from 'zod';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** How the handling deadline of one severity is set, from the case's receipt. */
export const HandlingRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('workingMinutes'), minutes: int(0, 60 * 24 * 30) }).strict(),
  /** The same working day (the next one if received after hours). */
  z.object({ kind: z.literal('endOfWorkingDay') }).strict(),
  z.object({ kind: z.literal('workingDays'), days: int(1, 60) }).strict(),
]);
export type HandlingRule = z.infer<typeof HandlingRule>;

export const DeadlineRules = z
  .object({
    /** Enter a complaint within this many working minutes of its receipt. */
    entryWorkingMinutes: int(1, 10080),
    /** Per severity; a severity not listed here uses `general`'s rule (`handlingRuleOf`). */
    handling: z
      .object({ urgent: HandlingRule, general: HandlingRule, special: HandlingRule, major: HandlingRule })
      .strict(),
    resultWorkingDays: int(1, 60),
    /** After the result. */
    replyWorkingDays: int(1, 30),
    contactAttempts: int(1, 20),
    contactWindowWorkingDays: int(1, 30),
    /** After closing. */
    callbackWorkingDays: int(1, 60),
    /** After delivery (repairs, issue 11). */
    repairCallbackDays: int(1, 60),
    callbackMaxFailedAttempts: int(1, 10),
    /** Records are kept at least 3 years. */
    retentionYears: int(3, 30),
    dueSoonWorkingMinutes: int(1, 1440),
    /**
     * Issue 12: a case is a repeat complaint when the same customer has an earlier case received
     * within this many days before it (shared/domain/cases/repeat.ts). Optional, so rule sets
     * written before it stay valid; absent means the default (`repeatWindowDaysOf`).
     */
    repeatWindowDays: int(1, 366).optional(),
  })
  .strict();
export type DeadlineRules = z.infer<typeof DeadlineRules>;

/** DOMAIN.md section 4's figures (and a 30-day repeat window, issue 12). */
export const DEFAULT_DEADLINE_RULES: DeadlineRules & { repeatWindowDays: number } = Object.freeze({
  entryWorkingMinutes: 120,
  handling: Object.freeze({
    urgent: Object.freeze({ kind: 'workingMinutes', minutes: 30 } as const), // dispatch at once
    general: Object.freeze({ kind: 'endOfWorkingDay' } as const), // the same working day
    special: Object.freeze({ kind: 'workingDays', days: 3 } as const), // within 3 working days
    major: Object.freeze({ kind: 'endOfWorkingDay' } as const), // reported to the department head the same day
  }),
  resultWorkingDays: 3,
  replyWorkingDays: 1,
  contactAttempts: 3,
  contactWindowWorkingDays: 3,
  callbackWorkingDays: 3,
  repairCallbackDays: 3,
  callbackMaxFailedAttempts: 3,
  retentionYears: 3,
  dueSoonWorkingMinutes: 120,
  repeatWindowDays: 30,
});

/** The repeat window of a rule set (issue 12), the default when the set predates the rule. */
export function repeatWindowDaysOf(rules: DeadlineRules): number {
  return rules.repeatWindowDays ?? DEFAULT_DEADLINE_RULES.repeatWindowDays;
}

/** The handling rule of a severity; unknown severities use `general`'s. */
export function handlingRuleOf(rules: DeadlineRules, severity: string): HandlingRule {
  const h = rules.handling;
  return Object.prototype.hasOwnProperty.call(h, severity)
    ? h[severity as keyof DeadlineRules['handling']]
    : h.general;
}
