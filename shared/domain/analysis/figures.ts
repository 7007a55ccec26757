/**
 * The figures of the supervisors' analysis as declarative groupings over the
 * `case_facts` rows (issue 14; docs/analysis.md): which dimensions a figure
 * groups by and which measures it takes, compiled to ONE SQL statement for
 * either engine (./sql.ts), so the desk (SQLite), head office on SQLite and
 * head office on PostgreSQL count by the same definition. Runtime-neutral
 * and pure.
 */

/** What a figure may group or filter by, and the facts column each reads. */
export const DIMENSIONS = {
  month: 'substr(received_day, 1, 7)',
  day: 'received_day',
  mainCategory: 'main_category',
  category: 'category',
  channel: 'channel',
  severity: 'severity',
  gender: 'gender',
  returning: 'returning_customer',
  complainantType: 'complainant_type',
  nature: 'nature',
  status: 'status',
  owner: 'owner',
  escalationLevel: 'escalation_level',
  region: 'region',
  customerLevel: 'customer_level',
  sharedCustomer: 'shared_customer',
  failurePoint: 'failure_point',
  qualityGap: 'quality_gap',
  responsible: 'responsible',
  imported: 'imported',
  repeat: 'is_repeat',
  /** Head office only: the desk's facts have no branch column. */
  branch: 'branch',
} as const;
export type Dimension = keyof typeof DIMENSIONS;

/** 0/1 facts a measure may count or average; null rows are left out of both. */
export const FLAGS = {
  fcr: 'fcr',
  escalationJustified: 'escalation_justified',
  malicious: 'malicious',
  enteredOnTime: 'entered_on_time',
  handledOnTime: 'handled_on_time',
  resultOnTime: 'result_on_time',
  promiseKept: 'promise_kept',
  callbackReached: 'callback_reached',
  repeat: 'is_repeat',
  sharedCustomer: 'shared_customer',
} as const;
export type Flag = keyof typeof FLAGS;

/** Numeric facts a measure may average. */
export const NUMBERS = { satisfaction: 'satisfaction' } as const;
export type NumberFact = keyof typeof NUMBERS;

export type Measure =
  /** Cases. */
  | { kind: 'count' }
  /** Cases whose flag is 1 (and, with `when`, whose dimension equals a value: reached callbacks of closed cases). */
  | { kind: 'yes'; flag: Flag; when?: { dim: Dimension; value: string | number } }
  /** Cases whose flag is known (0 or 1): the denominator of its rate. */
  | { kind: 'known'; flag: Flag | NumberFact }
  /** Cases whose number fact equals `value` (a satisfaction distribution). */
  | { kind: 'equals'; fact: NumberFact; value: number }
  /** The sum of a number fact over the cases that have it (an average is sum / known). */
  | { kind: 'sum'; fact: NumberFact }
  /** Cases whose dimension equals `value` (closed cases among all). */
  | { kind: 'is'; dim: Dimension; value: string | number }
  /** Cases whose dimension is recorded (not null): escalated cases, cases with a responsibility decision. */
  | { kind: 'present'; dim: Dimension };

/** Which cases a figure counts: received in [fromDay, toDay), and each named dimension equal to its value. */
export interface FactFilter {
  /** `YYYY-MM-DD`, inclusive. */
  fromDay: string;
  /** `YYYY-MM-DD`, exclusive. */
  toDay: string;
  /** A dimension's value, or null for "not recorded". */
  where?: Partial<Record<Dimension, string | number | null>>;
}

export interface Grouping {
  /** Zero (totals), one (a breakdown) or two (a cross-tab) dimensions. */
  dims: Dimension[];
  measures: Record<string, Measure>;
  filter: FactFilter;
  /** The largest groups first, at most this many (a Pareto's tail is summed by the caller). */
  limit?: number;
}

/** One row of a grouping's answer: the dimension values in `dims` order, then the measures by name. */
export interface GroupRow {
  keys: (string | number | null)[];
  values: Record<string, number>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Why a grouping cannot run, or null: checked before any SQL is built. */
export function groupingProblem(g: Grouping): string | null {
  if (g.dims.length > 2) return 'at most two dimensions';
  for (const d of g.dims) if (!(d in DIMENSIONS)) return `unknown dimension ${String(d)}`;
  for (const d of Object.keys(g.filter.where ?? {})) if (!(d in DIMENSIONS)) return `unknown dimension ${d}`;
  if (!DAY.test(g.filter.fromDay) || !DAY.test(g.filter.toDay)) return 'days are YYYY-MM-DD';
  if (g.filter.fromDay >= g.filter.toDay) return 'the period is empty';
  const names = Object.keys(g.measures);
  if (names.length === 0) return 'no measure';
  for (const n of names) if (!/^[a-z][A-Za-z0-9]*$/.test(n)) return `measure name ${n}`;
  for (const m of Object.values(g.measures))
    if (
      ((m.kind === 'is' || m.kind === 'present') && !(m.dim in DIMENSIONS)) ||
      (m.kind === 'yes' && m.when !== undefined && !(m.when.dim in DIMENSIONS))
    )
      return 'unknown dimension in a measure';
  if (g.limit !== undefined && (!Number.isInteger(g.limit) || g.limit < 1))
    return 'limit must be a positive integer';
  return null;
}
