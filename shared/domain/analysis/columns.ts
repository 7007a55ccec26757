/**
 * The `case_facts` row (issue 14): every replica (the desk's projector, head
 * office's on SQLite and PostgreSQL) stores a case's facts
 * (../analysisFacts.ts) under these column names, so the compiled groupings
 * (./sql.ts) read the same columns everywhere. Head office adds `branch`.
 * Runtime-neutral and pure.
 */
import type { CaseFacts } from '../analysisFacts';

/** Each fact's column; the desk and server migrations create exactly these (plus `case_id`, and `branch` at head office). */
export const FACT_COLUMNS = {
  receivedMs: 'received_ms',
  receivedDay: 'received_day',
  category: 'category',
  mainCategory: 'main_category',
  channel: 'channel',
  severity: 'severity',
  gender: 'gender',
  returning: 'returning_customer',
  region: 'region',
  imported: 'imported',
  complainantType: 'complainant_type',
  status: 'status',
  nature: 'nature',
  fcr: 'fcr',
  escalationLevel: 'escalation_level',
  escalationJustified: 'escalation_justified',
  malicious: 'malicious',
  owner: 'owner',
  enteredOnTime: 'entered_on_time',
  handledOnTime: 'handled_on_time',
  resultOnTime: 'result_on_time',
  handlingDueMs: 'handling_due_ms',
  resultDueMs: 'result_due_ms',
  promiseKept: 'promise_kept',
  callbackReached: 'callback_reached',
  satisfaction: 'satisfaction',
  isRepeat: 'is_repeat',
  customerLevel: 'customer_level',
  sharedCustomer: 'shared_customer',
  failurePoint: 'failure_point',
  qualityGap: 'quality_gap',
  responsible: 'responsible',
} as const satisfies Record<keyof CaseFacts, string>;

export type FactColumn = (typeof FACT_COLUMNS)[keyof CaseFacts];

/** Columns whose value is text (the rest are integers); null-able unless listed in NOT_NULL_COLUMNS. */
export const TEXT_COLUMNS: ReadonlySet<FactColumn> = new Set<FactColumn>([
  'received_day',
  'category',
  'main_category',
  'channel',
  'severity',
  'gender',
  'region',
  'complainant_type',
  'status',
  'nature',
  'escalation_level',
  'owner',
  'customer_level',
  'failure_point',
  'quality_gap',
  'responsible',
]);

export const NOT_NULL_COLUMNS: ReadonlySet<FactColumn> = new Set<FactColumn>([
  'received_ms',
  'received_day',
  'category',
  'main_category',
  'channel',
  'severity',
  'gender',
  'returning_customer',
  'imported',
  'status',
  'malicious',
  'owner',
  'callback_reached',
  'is_repeat',
]);

/** The facts as a row keyed by column name, for an insert on either engine. */
export function factsRow(f: CaseFacts): Record<FactColumn, string | number | null> {
  const row = {} as Record<FactColumn, string | number | null>;
  for (const [k, col] of Object.entries(FACT_COLUMNS) as [keyof CaseFacts, FactColumn][]) row[col] = f[k];
  return row;
}
