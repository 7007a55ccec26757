/**
 * TEMPORARY (part C, issue 9): a copy of the DeadlineRules type and defaults
 * of ISSUE9.md section 2, so the derivation (./caseDeadlines.ts) can be built
 * before part A's ./rules.ts reaches main. Deleted when rebasing on main;
 * import from ./rules instead. Not for any other module.
 */
import { z } from 'zod';

export const HandlingRule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('workingMinutes'),
    minutes: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 30),
  }),
  z.object({ kind: z.literal('endOfWorkingDay') }),
  z.object({ kind: z.literal('workingDays'), days: z.number().int().min(1).max(60) }),
]);
export type HandlingRule = z.infer<typeof HandlingRule>;

const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const DeadlineRules = z
  .object({
    entryWorkingMinutes: int(1, 10080),
    handling: z.object({
      urgent: HandlingRule,
      general: HandlingRule,
      special: HandlingRule,
      major: HandlingRule,
    }),
    resultWorkingDays: int(1, 60),
    replyWorkingDays: int(1, 30),
    contactAttempts: int(1, 20),
    contactWindowWorkingDays: int(1, 30),
    callbackWorkingDays: int(1, 60),
    repairCallbackDays: int(1, 60),
    callbackMaxFailedAttempts: int(1, 10),
    retentionYears: int(3, 30),
    dueSoonWorkingMinutes: int(1, 1440),
  })
  .strict();
export type DeadlineRules = z.infer<typeof DeadlineRules>;

export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  entryWorkingMinutes: 120,
  handling: {
    urgent: { kind: 'workingMinutes', minutes: 30 },
    general: { kind: 'endOfWorkingDay' },
    special: { kind: 'workingDays', days: 3 },
    major: { kind: 'endOfWorkingDay' },
  },
  resultWorkingDays: 3,
  replyWorkingDays: 1,
  contactAttempts: 3,
  contactWindowWorkingDays: 3,
  callbackWorkingDays: 3,
  repairCallbackDays: 3,
  callbackMaxFailedAttempts: 3,
  retentionYears: 3,
  dueSoonWorkingMinutes: 120,
};
