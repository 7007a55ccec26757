/**
 * Kysely table types of the central server's store. The same schema exists on
 * both engines (embedded SQLite and PostgreSQL); see ./migrations for the DDL.
 *
 * Times are milliseconds since the Unix epoch (INTEGER / BIGINT). PostgreSQL
 * BIGINT values are parsed to JS numbers by the pool (see ./open.ts): every
 * value we store fits in 2^53.
 */
import type { StoredEvent } from '../../shared/domain/kernel/envelope';
import type { FactColumn } from '../../shared/domain/analysis/columns';
import type { AuditChainTable, AuditCheckpointsTable, AuditKeysTable } from './auditSchema';

/** The payload column holds the JSON text exactly as it is handed back on pull. */
export interface EventsTable extends StoredEvent {
  /** Position in the server's log; assigned in commit order (docs/protocol.md, "cursor"). */
  server_seq: number;
  received_at: number;
}

export interface DevicesTable {
  /** The desk's device uuid (the `device` of its events). */
  id: string;
  branch: string;
  device_code: string;
  label: string | null;
  role: 'counter' | 'supervisor';
  /** sha256 hex of the device token; the token itself is never stored. */
  token_hash: string;
  /**
   * After a repeated enrolment: the hash of the token it replaced, still valid
   * until the new token is first used (the repeat may have been a duplicate
   * of a request whose answer did arrive).
   */
  previous_token_hash: string | null;
  enrolled_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
  /** Last push that reached the server (any outcome). */
  last_push_at: number | null;
  /** Largest HLC among the events this device has had accepted. */
  newest_hlc: string | null;
  events_received: number;
  /**
   * Events the desk last reported (x-loopdesk-waiting) as not yet acknowledged
   * by the server; null until it first reports.
   */
  events_waiting: number | null;
  /** When that report arrived; null until then. */
  waiting_at: number | null;
}

export interface EnrollmentCodesTable {
  /** sha256 hex of the normalised one-time code. */
  code_hash: string;
  branch: string;
  role: 'counter' | 'supervisor';
  created_at: number;
  expires_at: number;
  used_at: number | null;
  /** Device id that used the code. */
  used_by: string | null;
  /** Set when head office made the code to re-enrol this known device id (and no other). */
  reenrol_device: string | null;
  /** Fingerprint of the request that used the code (migration 0018): only the identical request repeats. */
  used_request: string | null;
}

/** Staff events a desk declared at enrolment: made before it was enrolled (docs/protocol.md §2). */
export interface DeviceStaffEventsTable {
  device_id: string;
  event_id: string;
}

/** A branch's credential keys (decision 0021): never in the log; handed to a desk only at enrolment. */
export interface BranchKeysTable {
  branch: string;
  key_id: string;
  /** 32 bytes, base64. */
  secret: string;
  /** When head office first got it (ms); the branch key is the oldest. */
  added_at: number;
}

/** Which branch stored which attachment (the bytes are in `attachments`, once per content). */
export interface AttachmentOwnersTable {
  branch: string;
  sha256: string;
  size: number;
  created_at: number;
}

/** Which branch has an event whose payload refers to which attachment. */
export interface AttachmentRefsTable {
  branch: string;
  sha256: string;
}

export interface AdminTokensTable {
  token_hash: string;
  label: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface AttachmentsTable {
  sha256: string;
  size: number;
  bytes: Buffer;
  created_at: number;
}

/** Head-office projection: one row per case, folded with shared/domain/cases/fold. */
export interface CasesTable {
  id: string;
  branch: string;
  device: string;
  number: string;
  status: string;
  current_step: number | null;
  category: string;
  severity: string;
  owner: string;
  assignee: string | null;
  channel: string;
  customer_name: string;
  customer_phone: string;
  /** Canonical ISO instant (toISOString) when parseable, else the text as sent. */
  received_at: string;
  opened_hlc: string;
  last_hlc: string;
  closed_hlc: string | null;
  due_at: string | null;
  /** shared/domain/cases/searchText: what the text filter matches, the same text the desk indexes. */
  search_text: string;
  /** The whole CaseState as JSON. */
  state: string;
  updated_at: number;
  /** Deadline columns (migration 0008, ./caseWork.ts): the receipt (ms) the deadlines were derived from. */
  received_ms: number | null;
  /** The settings version in force at receipt the deadlines were derived with (`settingsAt(...).key`). */
  settings_key: string;
  /** The earliest due time among open deadlines that have one, and its kind. */
  next_due_ms: number | null;
  next_due_kind: string | null;
  /** 1 when an open deadline's clock is stopped (an open pause). */
  paused: number;
  // ---- issue 12 (migration 0010): the shared row mapping's judgment columns, and
  /** the HLC of the escalation to the current level (null while at the counter). */
  escalation_level: string;
  escalated_hlc: string | null;
  unreviewed: number;
  malice: string | null;
  // ---- issue 12 (migration 0011, ./repeats.ts): what the desk derives too
  /** 1: a repeat complaint. Judged after the row is written; the row's upsert never overwrites it. */
  repeat: number;
  /** 1: a repeat with an earlier case of the same category in the window (migration 0013). */
  repeat_same_category: number;
  /** The nature the case was classified with (null before its close). */
  nature: string | null;
  /** First-contact resolution: 1 or 0 once closed, null while open. */
  fcr: number | null;
}

/**
 * The customer index (migration 0011, ./repeats.ts): per case with a
 * customer key, its branch, normalised phone ('' when keyed by name) and
 * name, receipt (ms) and the repeat window in force at that receipt.
 */
export interface CustomersIndexTable {
  case_id: string;
  branch: string;
  phone_norm: string;
  name_norm: string;
  received_ms: number;
  window_days: number;
  /** The case's category (migration 0013), for a repeat's same category. */
  category: string;
}

/** Head-office projection of staff.created (names for owners). */
export interface StaffTable {
  id: string;
  branch: string;
  name: string;
  login: string;
  role: string;
  /** Fold key of the event that created the row (the first in fold order wins). */
  created_key: string;
}

/**
 * The cases whose fold asked the role oracle (migration 0006): the case
 * projector folds a branch's again when its staff directory changes.
 */
export interface CaseJudgedTable {
  branch: string;
  id: string;
}

/**
 * A branch's settings fold (migration 0007, server/store/settings.ts): the
 * counted versions and flags as JSON, and what they did (equal signature =>
 * same settings).
 */
/** Head-office projection of rectification items (issue 14 item 7; migration 0014, server/store/rectification.ts). */
export interface RectificationsTable {
  id: string;
  branch: string;
  /** 'open' | 'done' (overdue is open and past due at the time of asking). */
  status: string;
  owner: string;
  due_at: string;
  scope_dim: string;
  scope_value: string;
  opened_hlc: string;
  updated_hlc: string;
  /** The folded item (shared/domain/rectification/fold.ts RectItem), JSON. */
  item: string;
}

export interface BranchSettingsTable {
  branch: string;
  state: string;
  signature: string;
  updated_at: number;
}

/**
 * Head-office projection of work orders (migration 0009, server/store/orders.ts):
 * one row per order, folded with shared/domain/orders/fold against its
 * branch's staff directory.
 */
export interface OrdersTable {
  id: string;
  branch: string;
  number: string;
  kind: string;
  status: string;
  customer_name: string;
  customer_phone: string;
  plate: string;
  vin_or_serial: string;
  /** The front-desk receiver (staff id). */
  owner: string;
  received_at: string;
  promised_at: string;
  opened_hlc: string;
  /** The newest event folded (the staff refresh refolds orders with events at or after a late staff event). */
  last_hlc: string;
  released_hlc: string | null;
  /** A rework return's original order (id and number). */
  rework_of: string | null;
  rework_of_number: string | null;
  items: number;
  failed_inspections: number;
  flag_count: number;
  /** The distinct flag reasons, each between spaces (` no_authority released_past_failure `); '' when none. */
  flag_reasons: string;
  /** 1: released past a failed or missing check (`released_past_failure`). */
  past_failure: number;
  /** 1: a failed inspection recorded after the release (`failed_after_release`). */
  failed_after_release: number;
  /** What the release gate finds missing now (0: it would let the order go). */
  gate_gaps: number;
  /** Number, customer, phone, plate, VIN or serial, lower case: what the text filter matches. */
  search_text: string;
  /** The whole OrderState as JSON. */
  state: string;
  updated_at: number;
}

/**
 * Issue 14 repair KPIs (migration 0017, server/store/orderFacts.ts): one row per
 * order, the columns of shared/domain/analysis/orderFacts.ts (ORDER_FACT_COLUMNS)
 * plus the order's branch.
 */
export interface OrderFactsTable {
  order_id: string;
  branch: string;
  received_ms: number;
  received_day: string;
  kind: string;
  owner: string;
  status: string;
  rework: number;
  promised_ms: number;
  released_ms: number | null;
  released_day: string | null;
  on_time: number | null;
  first_time_fix: number | null;
  follow_up_due_ms: number | null;
  callback_in_time: number | null;
  qc_failures: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** Issue 14: one case's facts for the analysis (migration 0014; shared/domain/analysis/columns.ts), with its branch. */
export type CaseFactsTable = { case_id: string; branch: string } & Record<FactColumn, string | number | null>;

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/** Issue 14 (migration 0016): each branch's business volume per (month, unit), as the volume fold gives it. */
export interface BranchVolumeTable {
  branch: string;
  period: string;
  unit: string;
  value: number;
  event_id: string;
  actor: string;
  hlc: string;
}

export interface ServerDB {
  events: EventsTable;
  devices: DevicesTable;
  enrollment_codes: EnrollmentCodesTable;
  admin_tokens: AdminTokensTable;
  attachments: AttachmentsTable;
  attachment_owners: AttachmentOwnersTable;
  attachment_refs: AttachmentRefsTable;
  device_staff_events: DeviceStaffEventsTable;
  branch_keys: BranchKeysTable;
  cases: CasesTable;
  staff: StaffTable;
  case_judged: CaseJudgedTable;
  customers_index: CustomersIndexTable;
  branch_settings: BranchSettingsTable;
  branch_volume: BranchVolumeTable;
  orders: OrdersTable;
  rectifications: RectificationsTable;
  case_facts: CaseFactsTable;
  order_facts: OrderFactsTable;
  meta: MetaTable;
  schema_migrations: SchemaMigrationsTable;
  audit_keys: AuditKeysTable;
  audit_chain: AuditChainTable;
  audit_checkpoints: AuditCheckpointsTable;
}

export type Engine = 'sqlite' | 'postgres';
