/**
 * The deadline rules as the rules screen edits them: every figure may be
 * blank while typing (null), and each severity's handling rule keeps both a
 * minutes and a days figure so switching its kind back and forth loses
 * nothing. `rulesOf` builds the DeadlineRules sent to the desk (the desk
 * checks the ranges); blanks are reported by path instead.
 */
import {
  DEFAULT_DEADLINE_RULES,
  type DeadlineRules,
  type HandlingRule,
} from '../../../../shared/domain/deadlines/rules';

export type ScalarRule = Exclude<keyof DeadlineRules, 'handling'>;
export type Severity = keyof DeadlineRules['handling'];
export type Unit = 'workingMinutes' | 'workingDays' | 'days' | 'times' | 'years';

export const SEVERITIES: readonly Severity[] = ['urgent', 'general', 'special', 'major'];

export interface ScalarSpec {
  key: ScalarRule;
  unit: Unit;
  min: number;
  max: number;
}

/** The rules of each section of the screen, in the order a case meets them. */
export const TIME_RULES: readonly ScalarSpec[] = [
  { key: 'entryWorkingMinutes', unit: 'workingMinutes', min: 1, max: 10080 },
  { key: 'resultWorkingDays', unit: 'workingDays', min: 1, max: 60 },
  { key: 'replyWorkingDays', unit: 'workingDays', min: 1, max: 30 },
  { key: 'dueSoonWorkingMinutes', unit: 'workingMinutes', min: 1, max: 1440 },
];
export const FOLLOW_UP_RULES: readonly ScalarSpec[] = [
  { key: 'contactAttempts', unit: 'times', min: 1, max: 20 },
  { key: 'contactWindowWorkingDays', unit: 'workingDays', min: 1, max: 30 },
  { key: 'callbackWorkingDays', unit: 'workingDays', min: 1, max: 60 },
  { key: 'callbackMaxFailedAttempts', unit: 'times', min: 1, max: 10 },
  { key: 'repairCallbackDays', unit: 'days', min: 1, max: 60 },
  { key: 'retentionYears', unit: 'years', min: 3, max: 30 },
  { key: 'repeatWindowDays', unit: 'days', min: 1, max: 366 },
];

export interface HandlingDraft {
  kind: HandlingRule['kind'];
  minutes: number | null;
  days: number | null;
}

export interface RulesDraft {
  values: Record<ScalarRule, number | null>;
  handling: Record<Severity, HandlingDraft>;
}

function handlingDraft(rule: HandlingRule, fallback: HandlingRule): HandlingDraft {
  const minutes =
    rule.kind === 'workingMinutes'
      ? rule.minutes
      : fallback.kind === 'workingMinutes'
        ? fallback.minutes
        : 30;
  const days = rule.kind === 'workingDays' ? rule.days : fallback.kind === 'workingDays' ? fallback.days : 1;
  return { kind: rule.kind, minutes, days };
}

export function draftOf(rules: DeadlineRules): RulesDraft {
  const values = {} as Record<ScalarRule, number | null>;
  for (const s of [...TIME_RULES, ...FOLLOW_UP_RULES])
    values[s.key] = rules[s.key] ?? DEFAULT_DEADLINE_RULES[s.key];
  const handling = {} as Record<Severity, HandlingDraft>;
  for (const sev of SEVERITIES)
    handling[sev] = handlingDraft(rules.handling[sev], DEFAULT_DEADLINE_RULES.handling[sev]);
  return { values, handling };
}

function ruleOf(h: HandlingDraft): HandlingRule | null {
  if (h.kind === 'endOfWorkingDay') return { kind: 'endOfWorkingDay' };
  if (h.kind === 'workingMinutes')
    return h.minutes === null ? null : { kind: 'workingMinutes', minutes: h.minutes };
  return h.days === null ? null : { kind: 'workingDays', days: h.days };
}

/** The rule set to send, or the paths left blank. */
export function rulesOf(d: RulesDraft): { rules: DeadlineRules } | { blank: string[] } {
  const blank: string[] = [];
  const handling = {} as Record<Severity, HandlingRule>;
  for (const sev of SEVERITIES) {
    const r = ruleOf(d.handling[sev]);
    if (r) handling[sev] = r;
    else blank.push(`handling.${sev}.${d.handling[sev].kind === 'workingMinutes' ? 'minutes' : 'days'}`);
  }
  const values = {} as Record<ScalarRule, number>;
  for (const s of [...TIME_RULES, ...FOLLOW_UP_RULES]) {
    const v = d.values[s.key];
    if (v === null) blank.push(s.key);
    else values[s.key] = v;
  }
  if (blank.length > 0) return { blank };
  return { rules: { ...values, handling } };
}

/** Whether two rule sets say the same. */
export function sameRules(a: DeadlineRules, b: DeadlineRules): boolean {
  const h = (r: DeadlineRules) => SEVERITIES.map((s) => JSON.stringify(r.handling[s]));
  return (
    [...TIME_RULES, ...FOLLOW_UP_RULES].every(
      (s) => (a[s.key] ?? DEFAULT_DEADLINE_RULES[s.key]) === (b[s.key] ?? DEFAULT_DEADLINE_RULES[s.key]),
    ) && h(a).join() === h(b).join()
  );
}
