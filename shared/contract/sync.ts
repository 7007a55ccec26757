/**
 * The sync protocol between a desk and the central server (DESIGN.md section 4,
 * docs/protocol.md). JSON over HTTP(S); every request carries the protocol
 * version, every response the server's time. Runtime-neutral: the server and
 * the desk's sync client both validate with these schemas.
 */
import { CredentialKey, KEY_ID_PATTERN } from '../domain/staff/keys';
import { z } from 'zod';
import { MAX_DRIFT_MS } from '../domain/kernel/hlc';
import { BRANCH_CODE_PATTERN, DEVICE_CODE_PATTERN } from '../domain/kernel/caseNumber';
import { CaseStatus } from '../domain/cases/payloads';
import { EventEnvelope } from '../domain/kernel/envelope';
import { LIMITS } from '../domain/kernel/limits';
import { Role } from '../domain/kernel/roles';
import { CaseListQuery, CaseSummary } from './methods/cases';
import { AnalysisDrillParam } from './adminAnalysis';

/** The version this build speaks. */
export const PROTOCOL_VERSION = 1;
/** The oldest client version a server of this build still serves. */
export const MIN_CLIENT_PROTOCOL = 1;

/** Request header carrying the client's protocol version. */
export const PROTOCOL_HEADER = 'x-loopdesk-protocol';
/** Response header carrying the server's wall time (ms since epoch). */
export const SERVER_TIME_HEADER = 'x-loopdesk-server-time';
/** Response header repeating a refusal's SyncErrorCode (HEAD answers carry no body). */
export const ERROR_CODE_HEADER = 'x-loopdesk-error';

/**
 * Optional request header on push and pull: how many of the desk's own events
 * the server will not yet have acknowledged once this request has succeeded
 * (on a push: the outbox minus this batch; on a pull: the outbox). Decimal
 * digits only, at most MAX_WAITING_REPORT. Older desks do not send it; a
 * malformed value is ignored and never fails the request.
 */
export const WAITING_HEADER = 'x-loopdesk-waiting';
/** Largest value WAITING_HEADER may carry. */
export const MAX_WAITING_REPORT = 1_000_000_000;

/**
 * The WAITING_HEADER value as a number, or null when it is absent or not a
 * plain decimal count in 0 … MAX_WAITING_REPORT (a repeated header counts as
 * malformed).
 */
export function parseWaitingHeader(value: string | readonly string[] | undefined | null): number | null {
  if (typeof value !== 'string' || !/^[0-9]{1,10}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n <= MAX_WAITING_REPORT ? n : null;
}

export const SYNC_LIMITS = {
  /** Most events in one push. */
  pushBatch: 500,
  /** Most events in one pull page. */
  pullPage: 1000,
  /** Largest request body, bytes. */
  bodyBytes: 4 * 1024 * 1024,
  /** Largest attachment, bytes. */
  attachmentBytes: 20 * 1024 * 1024,
  /** A pull page stops taking events once its JSON passes this many bytes (at least one event). */
  pullPageBytes: 8 * 1024 * 1024,
  /**
   * The largest JSON answer a desk reads (a pull page at its byte bound plus
   * one event as large as a push body, with room): past it, it stops reading.
   */
  answerBytes: 32 * 1024 * 1024,
  /** How far ahead of the server's clock an event's HLC may be. */
  maxDriftMs: MAX_DRIFT_MS,
  /** A desk whose clock differs from the server's by more than this warns the clerk. */
  warnSkewMs: 60 * 1000,
  /** Most staff event ids a desk may declare at enrolment (EnrollRequest.staffEventIds). */
  enrolStaffEvents: 5000,
} as const;

export const SYNC_ERROR_CODES = [
  'protocol_too_old',
  'protocol_unknown',
  'malformed_json',
  'invalid_request',
  'too_large',
  'unauthenticated',
  'token_revoked',
  'forbidden',
  'enrollment_invalid',
  'device_code_taken',
  'branch_mismatch',
  'rate_limited',
  'not_found',
  'hash_mismatch',
  'internal',
  'device_known',
  'attachment_quota',
  'chain_broken',
] as const;
export const SyncErrorCode = z.enum(SYNC_ERROR_CODES);
export type SyncErrorCode = z.infer<typeof SyncErrorCode>;

/** Body of every 4xx/5xx answer. */
export const SyncError = z.object({
  ok: z.literal(false),
  error: z.object({ code: SyncErrorCode, message: z.string() }),
  serverTime: z.number(),
});
export type SyncError = z.infer<typeof SyncError>;

// ------------------------------------------------------------------ enroll

/** POST /v1/enroll — exchange a one-time code for a device token. */
export const EnrollRequest = z
  .object({
    code: z.string().trim().min(6).max(64),
    deviceId: z.string().uuid(),
    branchCode: z.string().regex(BRANCH_CODE_PATTERN),
    deviceCode: z.string().regex(DEVICE_CODE_PATTERN),
    /** Free text shown in the head-office device list, e.g. "柜台 2". */
    label: z.string().trim().max(100).optional(),
    /**
     * The staff events this desk made before it was enrolled (its founding
     * administrator, staff it added while not enrolled): the only staff
     * events the server takes with an HLC from before the enrolment.
     */
    staffEventIds: z.array(z.string().uuid()).max(SYNC_LIMITS.enrolStaffEvents).optional(),
    /**
     * The desk's credential keys (decision 0021) and the one it hashes new
     * secrets under: head office keeps them for the branch and adopts the
     * first desk's as the branch key. Sent only here, never in the log.
     */
    keys: z.array(CredentialKey).max(64).optional(),
    currentKey: z.string().regex(KEY_ID_PATTERN).optional(),
  })
  .strict();
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.object({
  ok: z.literal(true),
  /** Shown once; the server keeps only its hash. */
  token: z.string(),
  branchCode: z.string(),
  role: Role,
  /** Every credential key of the branch, and the branch key new secrets are hashed under. */
  keys: z.array(CredentialKey).optional(),
  currentKey: z.string().regex(KEY_ID_PATTERN).optional(),
  serverTime: z.number(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

// ------------------------------------------------------------------ push

/** POST /v1/push — up to SYNC_LIMITS.pushBatch events of the token's own device. */
export const PushRequest = z
  .object({
    /** Validated one by one on the server, so one bad event cannot block the rest. */
    events: z.array(z.unknown()).min(1).max(SYNC_LIMITS.pushBatch),
  })
  .strict();
export type PushRequest = { events: EventEnvelope[] };

export const ACK_STATUSES = ['accepted', 'duplicate', 'rejected'] as const;
export const PushAck = z.object({
  id: z.string(),
  status: z.enum(ACK_STATUSES),
  /** Machine-readable reason for a rejection, e.g. "hash_mismatch", "foreign_device", "hlc_too_far". */
  reason: z.string().optional(),
});
export type PushAck = z.infer<typeof PushAck>;

export const PushResponse = z.object({
  ok: z.literal(true),
  acks: z.array(PushAck),
  serverTime: z.number(),
});
export type PushResponse = z.infer<typeof PushResponse>;

// ------------------------------------------------------------------ pull

/**
 * A whole number in a query string, written plainly: `50`, not `0x32`,
 * `5e1`, `50.0` or ` 50 ` (which `z.coerce.number` would all take). A
 * number passes as it is (a caller in the same process).
 */
export const queryInt = (min: number, max: number) =>
  z
    .union([
      z.number(),
      z
        .string()
        .regex(/^\d{1,15}$/, 'a whole number such as 50')
        .transform(Number),
    ])
    .pipe(z.number().int().min(min).max(max));

/** GET /v1/pull?cursor=<n>&limit=<m> — events of the token's branch after the cursor. */
export const PullQuery = z
  .object({
    cursor: queryInt(0, Number.MAX_SAFE_INTEGER),
    limit: queryInt(1, SYNC_LIMITS.pullPage).default(SYNC_LIMITS.pullPage),
  })
  .strict();
export type PullQuery = z.infer<typeof PullQuery>;

export const PullResponse = z.object({
  ok: z.literal(true),
  events: z.array(EventEnvelope),
  /** server_seq of the last event returned (or the request's cursor when none). */
  cursor: z.number().int(),
  hasMore: z.boolean(),
  serverTime: z.number(),
});
export type PullResponse = z.infer<typeof PullResponse>;

// ------------------------------------------------------------------ attachments

/** PUT /v1/attachments/<sha256> with the raw bytes; HEAD to ask whether it is there. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const AttachmentResponse = z.object({
  ok: z.literal(true),
  sha256: Sha256Hex,
  /** false when the server already had it (a repeated PUT changes nothing). */
  created: z.boolean(),
  serverTime: z.number(),
});
export type AttachmentResponse = z.infer<typeof AttachmentResponse>;

// ------------------------------------------------------------------ health

export const HealthResponse = z.object({
  ok: z.literal(true),
  engine: z.enum(['sqlite', 'postgres']),
  protocol: z.number().int(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

// ------------------------------------------------------------------ head office
// GET /v1/admin/* — for admin tokens and supervisor-role device tokens (a
// supervisor device sees only its own branch). Times are ms since the epoch.

/** Roles a device token can have (set by the enrolment code). */
export const DEVICE_ROLES = ['counter', 'supervisor'] as const;
export const DeviceRole = z.enum(DEVICE_ROLES);
export type DeviceRole = z.infer<typeof DeviceRole>;

/** Most cases in one page of GET /v1/admin/cases; `total` is counted up to ADMIN_TOTAL_CAP. */
export const ADMIN_CASES_PAGE = 200;
export const ADMIN_TOTAL_CAP = 10_000;

const BranchCode = z.string().regex(BRANCH_CODE_PATTERN);

export const AdminBranch = z.object({
  branch: z.string(),
  /** Enrolled devices not revoked. */
  devices: z.number().int(),
  revokedDevices: z.number().int(),
  lastSeenAt: z.number().nullable(),
  lastPushAt: z.number().nullable(),
  eventsReceived: z.number().int(),
  /** Sum of the last reported `eventsWaiting` of the branch's devices not revoked (never reported: 0). */
  eventsWaiting: z.number().int(),
  cases: z.number().int(),
});
export type AdminBranch = z.infer<typeof AdminBranch>;

export const AdminBranchesResponse = z.object({
  ok: z.literal(true),
  branches: z.array(AdminBranch),
  serverTime: z.number(),
});
export type AdminBranchesResponse = z.infer<typeof AdminBranchesResponse>;

export const AdminDevicesQuery = z.object({ branch: BranchCode.optional() }).strict();
export type AdminDevicesQuery = z.infer<typeof AdminDevicesQuery>;

/** GET /v1/admin/branches takes no parameter (a typo such as `?branch=` is a 400, not ignored). */
export const AdminBranchesQuery = z.object({}).strict();

/** GET /v1/admin/attachments/:sha256?branch&case: the branch whose upload, the case that names the file. */
export const AdminAttachmentQuery = z
  .object({ branch: BranchCode.optional(), case: z.string().min(1).max(64).optional() })
  .strict();

/**
 * One enrolled device. `eventsWaiting` is what the desk itself last reported
 * (WAITING_HEADER on a push or pull) as still to be sent, at
 * `waitingReportedAt`; both are null until a desk that sends the header has
 * synced. The count is only as fresh as that report: a desk that has been out
 * of contact since may hold more. `lastPushAt` and `newestHlc` (the newest
 * event the server has received from that desk) show how far behind it is.
 */
export const AdminDevice = z.object({
  id: z.string(),
  branch: z.string(),
  deviceCode: z.string(),
  label: z.string().nullable(),
  role: DeviceRole,
  enrolledAt: z.number(),
  lastSeenAt: z.number().nullable(),
  lastPushAt: z.number().nullable(),
  newestHlc: z.string().nullable(),
  revoked: z.boolean(),
  revokedAt: z.number().nullable(),
  eventsReceived: z.number().int(),
  /** Events the desk last reported as not yet acknowledged by the server; null: never reported. */
  eventsWaiting: z.number().int().nullable(),
  /** When that report arrived (server time, ms); null: never reported. */
  waitingReportedAt: z.number().nullable(),
});
export type AdminDevice = z.infer<typeof AdminDevice>;

export const AdminDevicesResponse = z.object({
  ok: z.literal(true),
  devices: z.array(AdminDevice),
  serverTime: z.number(),
});
export type AdminDevicesResponse = z.infer<typeof AdminDevicesResponse>;

/** Query string of GET /v1/admin/cases: the desk's case-list filters plus `branch`. */
export const AdminCasesQuery = z
  .object({
    status: CaseStatus.optional(),
    category: z.string().max(64).optional(),
    severity: z.string().max(64).optional(),
    owner: z.string().uuid().optional(),
    /** Received on or after (ISO instant). */
    from: z.iso.datetime({ offset: true }).optional(),
    /** Received before (ISO instant). */
    to: z.iso.datetime({ offset: true }).optional(),
    /** Substring over case number, customer name, phone and complaint text. */
    text: z.string().trim().max(LIMITS.searchText).optional(),
    branch: BranchCode.optional(),
    /** Issue 12, as the desk's list: repeat complaints (true) or first ones (false). */
    repeat: z
      .enum(['true', 'false', '1', '0'])
      .transform((v) => v === 'true' || v === '1')
      .optional(),
    nature: CaseListQuery.shape.nature,
    /** Issue 12, as the desk's list: closed cases resolved at first contact (true) or not (false). */
    fcr: z
      .enum(['true', 'false', '1', '0'])
      .transform((v) => v === 'true' || v === '1')
      .optional(),
    escalation: CaseListQuery.shape.escalation,
    malice: CaseListQuery.shape.malice,
    /** Issue 14, the analysis drill-down: an AnalysisDrill as JSON (./adminAnalysis.ts). */
    analysis: AnalysisDrillParam.optional(),
    /** Opaque cursor from the previous page's nextCursor. */
    cursor: z.string().max(300).optional(),
    limit: queryInt(1, ADMIN_CASES_PAGE).default(50),
  })
  .strict();
export type AdminCasesQuery = z.input<typeof AdminCasesQuery>;

/** A case in the head-office list: the desk's case summary plus where it was recorded. */
export const AdminCase = CaseSummary.extend({
  branch: z.string(),
  device: z.string(),
});
export type AdminCase = z.infer<typeof AdminCase>;

export const AdminCasesResponse = z.object({
  ok: z.literal(true),
  items: z.array(AdminCase),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  totalCapped: z.boolean(),
  serverTime: z.number(),
});
export type AdminCasesResponse = z.infer<typeof AdminCasesResponse>;
