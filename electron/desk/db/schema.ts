/**
 * Typed table interfaces for Kysely. These describe the latest migration; the
 * desk core is the only code that knows them (nothing outside electron/desk
 * needs a table name).
 */
import type { Generated } from 'kysely';
import type { StoredEvent } from '../../../shared/domain/kernel/envelope';

/** Key/value settings: device identity, the last HLC, per-day case counters. */
export interface MetaTable {
  key: string;
  value: string;
}

/** The append-only event log (also the audit log). `seq` is local arrival order. */
export interface EventsTable extends StoredEvent {
  seq: Generated<number>;
  /** 1 when this version can fold the event (known type, schema <= current). */
  known: number;
}

/** Projection of the staff fold: one row per record that exists. */
export interface StaffTable {
  /** rowid alias: the seq of the event that first created this row. */
  pos: number;
  id: string;
  name: string;
  login: string;
  /** Lower-cased login, for case-insensitive lookup. */
  login_norm: string;
  role: string;
  /** JSON of the scrypt credential record. */
  credential: string;
  /** Fold key of the staff.created event that counts (staff fold, shared/domain/staff/directory.ts). */
  created_key: string;
  /** 1 while the record may sign in, 0 once disabled. */
  enabled: number;
}

/** Projection: one row per case. */
export interface CasesTable {
  /** rowid alias: the seq of the event whose fold first produced the case (arrival order). */
  pos: number;
  id: string;
  number: string;
  status: string;
  current_step: number | null;
  customer_name: string;
  customer_phone: string;
  channel: string;
  category: string;
  severity: string;
  owner: string;
  assignee: string | null;
  received_at: string;
  opened_at: string;
  updated_at: string;
  closed_at: string | null;
  due_at: string | null;
  last_key: string;
  /** The folded CaseState as canonical JSON. */
  state: string;
  /** Normalized text that search matches against (see ../search). */
  search_text: string;
  /** Issue 12 (migration 0015): 1 when a repeat complaint, else 0. */
  repeat: number;
  /** Issue 12 (migration 0018): 1 when a repeat with an earlier case of the same category in the window. */
  repeat_same_category: number;
  /** Issue 12: the nature classified at the close (payloads NATURES), null before. */
  nature: string | null;
  /** Issue 12: first-contact resolution, 1/0 once closed, null while open. */
  fcr: number | null;
  // ---- issue 12 (migration 0016)
  /** 'counter' until escalated, then the level (shared/domain/cases/escalation.ts). */
  escalation_level: string;
  /** 'suspected' | 'malicious' | 'good_faith', null when never flagged (shared/domain/cases/malice.ts). */
  malice: string | null;
  /** How many of the case's escalations wait for a supervisor's review. */
  unreviewed: number;
}

/**
 * The cases whose fold asked the role oracle (migration 0005): the case
 * projector folds them again when the staff directory changes.
 */
export interface CaseJudgedTable {
  /** cases.pos of the case. */
  case_pos: number;
}

/** A case's derived deadline (migration 0006, docs/deadlines.md); due_ms null: paused. */
export interface CaseWorkTable {
  case_pos: number;
  kind: string;
  /** The action id for kind 'action', else ''. */
  ref: string;
  /** Staff id responsible; null for a department's action. */
  owner: string | null;
  due_ms: number | null;
  met_ms: number | null;
  ended_ms: number | null;
}

/** Per case: its receipt and the key of the settings its deadlines were derived with. */
export interface CaseWorkBasisTable {
  case_pos: number;
  received_ms: number;
  settings_key: string;
}

/** Callback rows of case_work summed per UTC day of their due time (the board's coverage). */
export interface CallbackDaysTable {
  day: number;
  due: number;
  done: number;
}

/** Desk-local alerts raised by the scheduler (features/work/scheduler.ts). */
export interface AlertsTable {
  id: Generated<number>;
  case_id: string;
  rule: string;
  kind: string;
  ref: string;
  attempt: number;
  owner: string | null;
  due_ms: number | null;
  raised_ms: number;
  /** The owner's acknowledgement. */
  acked_ms: number | null;
  acked_by: string | null;
  /** The supervisors' acknowledgement (migration 0025). */
  sup_acked_ms: number | null;
  sup_acked_by: string | null;
}

/** A clerk's unsaved typing (migration 0007, features/drafts/): desk-local, neither synced nor rebuilt. */
export interface DraftsTable {
  id: Generated<number>;
  staff_id: string;
  key: string;
  /** JSON text of the draft's body. */
  body: string;
  updated_ms: number;
}

/** FTS5 contentless table over gram tokens (see ../search). Only rowid is readable. */
export interface CaseSearchTable {
  rowid: number;
  g: string;
}

/** Local events still to push (migration 0002); seq references events.seq. */
export interface OutboxTable {
  seq: number;
}

/** Events the server refused ('push') or pulled events this desk could not store ('pull'). */
export interface SyncRejectedTable {
  event_id: string;
  direction: 'push' | 'pull';
  seq: number | null;
  reason: string;
  rejected_at: string;
  /** Raw JSON of a pulled event that was not stored. */
  envelope: string | null;
}

/** Evidence files waiting for upload; the file is in the desk's content store (migration 0014). */
export interface AttachmentQueueTable {
  sha256: string;
  size: number;
  created_at: string;
  attempts: Generated<number>;
  last_error: string | null;
  /** Not tried again before this (ms) after a refusal (migration 0026); null: now. */
  next_try_ms: number | null;
}

/** Evidence of the branch whose file this desk has not got yet (migration 0014; desk-local). */
export interface EvidenceFetchTable {
  sha256: string;
  size: number;
  added_ms: number;
  attempts: Generated<number>;
  last_error: string | null;
}

/** Projection: one row per work order (migration 0008, docs/repair.md). */
export interface OrdersTable {
  /** rowid alias: the seq of the event whose fold first produced the order (arrival order). */
  pos: number;
  id: string;
  number: string;
  kind: string;
  status: string;
  customer_name: string;
  customer_phone: string;
  plate: string;
  vin_serial: string;
  promised_at: string;
  received_at: string;
  /** How many flags the fold raised (conflicts and events without effect), for the supervisor. */
  flags: number;
  /** Counted failed inspections of the order. */
  failures: number;
  released_at: string | null;
  /** The original order's id on a rework return. */
  rework_of: string | null;
  /** 1 while released and the follow-up call has not reached the customer (the callback queue). */
  follow_up_open: number;
  owner: string;
  updated_at: string;
  last_key: string;
  /** The folded OrderState as JSON. */
  state: string;
}

/** Gram index of the order board's text filter (migration 0010, features/orders/search.ts); rowid = orders.pos. */
export interface OrderSearchTable {
  rowid: number;
  g: string;
}

/** A case an order's fold links (migration 0013, features/orders/caseLinks.ts): the case -> orders lookup. */
export interface OrderCaseLinksTable {
  case_id: string;
  /** orders.pos of the order. */
  order_pos: number;
}

/** The staff-directory questions an order's fold asked, with the answers (migration 0008). */
export interface OrderJudgedTable {
  order_pos: number;
  /** JSON: [staffId, foldKey, role | null][] */
  asked: string;
}

/** Issue 12 (migration 0015): each case's customer key and receipt, for repeats and the intake's history. */
export interface CustomersIndexTable {
  case_pos: number;
  case_id: string;
  /** The normalised phone, '' when it has fewer than MIN_PHONE_DIGITS digits (then the name is the key). */
  phone_norm: string;
  name_norm: string;
  received_ms: number;
  /** The repeat window in force at the case's receipt, days. */
  window_days: number;
  /** The case's category (migration 0018), for a repeat's `sameCategory`. */
  category: string;
}

/** Issue 14 (migration 0022): the branch's business volume per (month, unit), as the volume fold gives it. */
export interface VolumeFiguresTable {
  period: string;
  unit: string;
  value: number;
  event_id: string;
  actor: string;
  hlc: string;
}

export interface DB {
  volume_figures: VolumeFiguresTable;
  meta: MetaTable;
  outbox: OutboxTable;
  sync_rejected: SyncRejectedTable;
  attachment_queue: AttachmentQueueTable;
  evidence_fetch: EvidenceFetchTable;
  events: EventsTable;
  staff: StaffTable;
  cases: CasesTable;
  case_search: CaseSearchTable;
  case_judged: CaseJudgedTable;
  case_work: CaseWorkTable;
  case_work_basis: CaseWorkBasisTable;
  callback_days: CallbackDaysTable;
  alerts: AlertsTable;
  drafts: DraftsTable;
  orders: OrdersTable;
  order_judged: OrderJudgedTable;
  order_search: OrderSearchTable;
  order_case_links: OrderCaseLinksTable;
  customers_index: CustomersIndexTable;
}
