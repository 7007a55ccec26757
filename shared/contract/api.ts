/**
 * DeskApi: the one typed contract between the renderer and the desk core.
 *
 * Every method has a zod input schema (strict: unknown fields are refused) and
 * a zod output schema. Two transports carry it unchanged:
 *   - Electron: preload exposes `window.desk`, ipcMain handlers validate input;
 *   - browser mode and tests: HTTP `POST /api/call/<method>` on 127.0.0.1.
 * Both end in the same `DeskCore.call(method, input, ctx)`.
 */
import { z } from 'zod';
import {
  CaseStatus,
  Customer,
  FieldValue,
  LIMITS,
  MutableCaseField,
  Role,
  StepNumber,
} from '../domain/events';
import { HandlingScript, LOCALES, Taxonomy } from '../domain/script';
import type { Result } from './result';

export const Locale = z.enum(LOCALES);

const login = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, . _ - only');
/** A PIN is 4-12 digits; a password is 8-128 characters. */
const secret = z.string().min(4).max(128);
const id = z.string().uuid();
const isoInstant = z.iso.datetime({ offset: true });

export const StaffSummary = z.object({
  id,
  name: z.string(),
  login: z.string(),
  role: Role,
});
export type StaffSummary = z.infer<typeof StaffSummary>;

export const NewStaff = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.shortText),
    login,
    role: Role,
    secretKind: z.enum(['pin', 'password']),
    secret,
  })
  .strict();
export type NewStaff = z.infer<typeof NewStaff>;

export const DeskStatus = z.object({
  initialized: z.boolean(),
  appVersion: z.string(),
  branchCode: z.string().nullable(),
  branchName: z.string().nullable(),
  deviceCode: z.string().nullable(),
  scriptVersion: z.string(),
});
export type DeskStatus = z.infer<typeof DeskStatus>;

export const CaseSummary = z.object({
  id,
  number: z.string(),
  status: CaseStatus,
  /** The next step to record (1-6), or null when all six are recorded. */
  currentStep: StepNumber.nullable(),
  customerName: z.string(),
  customerPhone: z.string(),
  channel: z.string(),
  category: z.string(),
  severity: z.string(),
  owner: z.string(),
  ownerName: z.string(),
  assignee: z.string().nullable(),
  receivedAt: z.string(),
  openedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const TimelineEntry = z.object({
  eventId: id,
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  actorName: z.string(),
  device: z.string(),
  payload: z.unknown(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const CaseDetail = CaseSummary.extend({
  scriptVersion: z.string(),
  customer: Customer,
  account: z.string(),
  /** Latest captured fields per recorded step, keyed "1".."6". */
  steps: z.record(z.string(), z.record(z.string(), FieldValue)),
  timeline: z.array(TimelineEntry),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseListQuery = z
  .object({
    status: CaseStatus.optional(),
    category: z.string().max(64).optional(),
    severity: z.string().max(64).optional(),
    owner: id.optional(),
    /** Received on or after (ISO instant). */
    from: isoInstant.optional(),
    /** Received before (ISO instant). */
    to: isoInstant.optional(),
    /** Substring over customer name, phone, case number and complaint text. */
    text: z.string().trim().max(LIMITS.searchText).optional(),
    /** Opaque cursor from the previous page's nextCursor. */
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
  })
  .strict();
export type CaseListQuery = z.input<typeof CaseListQuery>;

export const CaseListPage = z.object({
  items: z.array(CaseSummary),
  nextCursor: z.string().nullable(),
  /** Matching cases, counted up to totalCap; `totalCapped` is true when there are more. */
  total: z.number().int(),
  totalCapped: z.boolean(),
});
export type CaseListPage = z.infer<typeof CaseListPage>;

export const Session = z.object({ token: z.string(), staff: StaffSummary });
export type Session = z.infer<typeof Session>;

const empty = z.object({}).strict();

/** Where the desk stands with the central server (see electron/desk/sync). */
export const SYNC_STATES = ['unconfigured', 'offline', 'syncing', 'online', 'error'] as const;
export const SyncState = z.enum(SYNC_STATES);
export type SyncState = z.infer<typeof SyncState>;

export const SyncStatus = z.object({
  /**
   * unconfigured: not enrolled with a server; offline: the server could not be
   * reached (or not yet since start), records wait on this desk; syncing: a run
   * is in progress; online: the last run succeeded; error: the server refused
   * the desk and someone must act (see lastError).
   */
  state: SyncState,
  serverUrl: z.string().nullable(),
  /** ISO instant of the last run that completed without error. */
  lastSuccessAt: z.string().nullable(),
  /** Events written on this desk and not yet acknowledged by the server. */
  pending: z.number().int(),
  /** Events the server refused (kept on this desk for a supervisor). */
  rejected: z.number().int(),
  /** Evidence files waiting for upload. */
  pendingAttachments: z.number().int(),
  /**
   * Events received from head office so far in the run in progress (a first
   * sync can bring hundreds of thousands); null when no run is in progress.
   */
  received: z.number().int().nullable(),
  /** The last failure, in words a clerk understands (caller's locale). */
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** This desk's wall clock minus the server's, as last measured (ms). */
  clockSkewMs: z.number().nullable(),
  /** True when |clockSkewMs| exceeds SYNC_LIMITS.warnSkewMs. */
  clockWarning: z.boolean(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** Failure codes that only a new enrollment code clears (the server no longer accepts this desk's token). */
const NEW_CODE_FAILURES: readonly string[] = ['token_revoked', 'unauthenticated', 'forbidden'];

/**
 * True while head office refuses this desk's token. Decided by the last
 * failure, not by `state`: background retries pass through `syncing` and the
 * clerk's reconnect form must not vanish (and lose what they typed) meanwhile.
 */
export function syncNeedsNewCode(status: SyncStatus): boolean {
  return (
    status.serverUrl !== null &&
    status.lastError !== null &&
    NEW_CODE_FAILURES.includes(status.lastError.code)
  );
}

/** The methods of DeskApi: name -> { input, output, auth }. */
export const METHODS = {
  'desk.status': { input: empty, output: DeskStatus, auth: 'none' },
  'desk.setup': {
    input: z
      .object({
        branchCode: z
          .string()
          .trim()
          .regex(/^[A-Z]{2,6}$/, '2-6 capital letters, e.g. GZ'),
        branchName: z.string().trim().min(1).max(LIMITS.shortText),
        deviceCode: z
          .string()
          .trim()
          .regex(/^[0-9A-Z]{2}$/, 'two digits or capital letters, e.g. 01'),
        admin: NewStaff.omit({ role: true }),
      })
      .strict(),
    output: Session,
    auth: 'none',
  },
  'auth.signIn': {
    input: z.object({ login: z.string().trim().min(1).max(32), secret: z.string().min(1).max(128) }).strict(),
    output: Session,
    auth: 'none',
  },
  'auth.signOut': { input: empty, output: z.object({}), auth: 'any' },
  'auth.me': { input: empty, output: StaffSummary, auth: 'any' },
  'staff.create': { input: NewStaff, output: StaffSummary, auth: ['admin'] },
  'staff.list': { input: empty, output: z.array(StaffSummary), auth: 'any' },
  'script.get': {
    input: empty,
    output: z.object({ script: HandlingScript, taxonomy: Taxonomy }),
    auth: 'none',
  },
  'case.create': {
    input: z
      .object({
        customer: Customer,
        channel: z.string().min(1).max(64),
        category: z.string().min(1).max(64),
        severity: z.string().min(1).max(64),
        account: z.string().trim().min(1).max(LIMITS.longText),
        /** When the complaint was received, if before entry; defaults to now. */
        receivedAt: isoInstant.optional(),
      })
      .strict(),
    output: CaseDetail,
    auth: ['counter', 'supervisor', 'admin'],
  },
  'case.recordStep': {
    input: z
      .object({
        caseId: id,
        step: StepNumber,
        fields: z.record(z.string().max(64), FieldValue),
      })
      .strict(),
    output: CaseDetail,
    auth: ['counter', 'supervisor', 'admin'],
  },
  'case.addNote': {
    input: z.object({ caseId: id, text: z.string().trim().min(1).max(LIMITS.noteText) }).strict(),
    output: CaseDetail,
    auth: 'any',
  },
  'case.setField': {
    input: z.object({ caseId: id, field: MutableCaseField, value: z.string().max(64).nullable() }).strict(),
    output: CaseDetail,
    auth: ['counter', 'supervisor', 'admin'],
  },
  'case.close': {
    input: z
      .object({ caseId: id, overrideReason: z.string().trim().min(1).max(LIMITS.reason).optional() })
      .strict(),
    output: CaseDetail,
    auth: ['counter', 'supervisor', 'admin'],
  },
  'case.reopen': {
    input: z.object({ caseId: id, reason: z.string().trim().min(1).max(LIMITS.reason) }).strict(),
    output: CaseDetail,
    auth: ['supervisor', 'admin'],
  },
  'case.list': { input: CaseListQuery, output: CaseListPage, auth: 'any' },
  'case.get': { input: z.object({ caseId: id }).strict(), output: CaseDetail, auth: 'any' },
  'sync.status': { input: empty, output: SyncStatus, auth: 'any' },
  'sync.configure': {
    input: z
      .object({
        /** http:// or https:// address of the central server. */
        serverUrl: z.string().trim().min(1).max(2048),
        /** One-time enrollment code from head office. */
        code: z.string().trim().min(6).max(64),
      })
      .strict(),
    output: SyncStatus,
    auth: ['supervisor', 'admin'],
  },
  'sync.now': { input: empty, output: SyncStatus, auth: 'any' },
  'sync.disconnect': { input: empty, output: SyncStatus, auth: ['admin'] },
} as const satisfies Record<
  string,
  { input: z.ZodType; output: z.ZodType; auth: 'none' | 'any' | readonly z.infer<typeof Role>[] }
>;

export type MethodName = keyof typeof METHODS;
export type InputOf<M extends MethodName> = z.input<(typeof METHODS)[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<(typeof METHODS)[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<(typeof METHODS)[M]['output']>;

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(METHODS, name);
}

/** Server-pushed notifications (SSE in browser mode, IPC events in Electron). */
export type DeskEvent =
  | { type: 'case.changed'; caseId: string }
  | { type: 'progress'; task: string; done: number; total: number }
  | { type: 'sync.status'; status: SyncStatus };

/**
 * What the renderer sees. `call` never throws: transport failures come back as
 * `{ ok: false, error: { code: 'internal', ... } }`.
 */
export interface DeskApi {
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  /** Subscribe to desk events; returns an unsubscribe function. */
  subscribe(listener: (event: DeskEvent) => void): () => void;
  /** The session token to send with each call (null when signed out). */
  setSession(token: string | null): void;
  setLocale(locale: z.infer<typeof Locale>): void;
}

/** Context every call carries into the core. */
export interface CallContext {
  session: string | null;
  locale: z.infer<typeof Locale>;
}
