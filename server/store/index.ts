/**
 * The server's store: one object over either engine, used by the HTTP app
 * (server/app.ts) and the CLI (server/main.ts). Every method is one
 * transaction or one read.
 *
 * A thin front over the feature modules, each working on the same store
 * context (./context.ts): enrolment and devices (./enrollment.ts), tokens
 * (./auth.ts), push and pull (./sync.ts over ./events.ts), attachments
 * (./attachments.ts), head office's views (./admin.ts), projections
 * (./projection.ts).
 */
import type { AdminOrderDetail, ParsedOrdersQuery } from '../../shared/contract/adminOrders';
import type { AdminBranch, AdminDevice, DeviceRole, EnrollRequest } from '../../shared/contract/sync';
import { tokenHash } from '../tokens';
import * as admin from './admin';
import type { AdminCasesPage, AdminScope, ParsedCasesQuery } from './admin';
import * as adminOrders from './adminOrders';
import * as adminEscalations from './adminEscalations';
import * as adminEvidence from './adminEvidence';
import * as analysis from './analysis';
import type { AnalysisRequest, AnalysisResult } from '../../shared/domain/analysis/report';
import type { ParsedEscalationsQuery } from '../../shared/contract/adminEscalations';
import * as attachments from './attachments';
import * as auth from './auth';
import type { AdminTokenInfo, AuthResult } from './auth';
import type { BatcherStats } from './batcher';
import * as enrollment from './enrollment';
import type { EnrollOutcome } from './enrollment';
import type { PushOutcome, Pusher } from './events';
import type { PullPage } from './pull';
import {
  lockProjectionsExclusive,
  openStoreHandle,
  takeSequencer,
  type StoreHandle,
  type StoreOptions,
} from './open';
import { projectionsStale, rebuildProjections } from './projection';
import { latestVersion } from './migrations';
import type { Engine } from './schema';
import { EventSync } from './sync';
import { serverVolumeTotal } from './volume';
import { receiveAudit, type AuditReceipt } from './audit';
import { verifyServer, type ServerVerifyReport } from './auditVerify';
import type { AuditPushRequest } from '../../shared/contract/audit';

export { ServerSchemaTooNewError } from './open';
export type { StoreOptions } from './open';
export { ENROLLMENT_CODE_TTL_MS, type EnrollOutcome, type EnrollmentCodeOptions } from './enrollment';
export {
  ADMIN_TOKEN_ID_LENGTH,
  adminTokenId,
  type AdminTokenInfo,
  type AuthResult,
  type Caller,
} from './auth';
export { DEFAULT_ATTACHMENT_POLICY, type AttachmentPolicy, type SweepOutcome } from './attachments';
export { decodeCasesCursor, encodeCasesCursor, type AdminScope } from './admin';

export class ServerStore {
  private readonly auth: auth.TokenAuth;
  private readonly sync: EventSync;

  private constructor(private readonly h: StoreHandle) {
    this.auth = new auth.TokenAuth(h);
    this.sync = new EventSync(h);
  }

  static async open(opts: StoreOptions): Promise<ServerStore> {
    const h = await openStoreHandle(opts);
    const store = new ServerStore(h);
    // A store opened at an older schema (a test standing in for the previous
    // release) leaves the projections alone: this build's projectors need the
    // current schema's tables, and the next open at the full schema folds.
    const olderSchema = opts.migrations !== undefined && latestVersion(opts.migrations) < latestVersion();
    try {
      if (!olderSchema && (await projectionsStale(h.db))) {
        await h.write(async (tx) => {
          // Same order as a push: projections, then the sequencer.
          await lockProjectionsExclusive(tx, h.engine);
          await takeSequencer(tx, h.engine);
          return rebuildProjections(tx, Date.now());
        });
      }
    } catch (e) {
      await h.destroy().catch(() => undefined);
      throw e;
    }
    return store;
  }

  get engine(): Engine {
    return this.h.engine;
  }

  close(): Promise<void> {
    return this.h.destroy();
  }

  // ------------------------------------------------------------ enrolment and tokens

  createEnrollmentCode(
    branch: string,
    role: DeviceRole,
    now: number,
    opts: enrollment.EnrollmentCodeOptions = {},
  ): Promise<string> {
    return enrollment.createEnrollmentCode(this.h, branch, role, now, opts);
  }

  /** The branch and role of a known device; null when the server has never enrolled it. */
  deviceBranchAndRole(deviceId: string): Promise<{ branch: string; role: DeviceRole } | null> {
    return enrollment.deviceBranchAndRole(this.h, deviceId);
  }

  /** Exchanges a one-time code for a device token. Throws SyncHttpError; stores nothing when it does. */
  enroll(req: EnrollRequest, now: number): Promise<EnrollOutcome> {
    return enrollment.enroll(this.h, req, now);
  }

  authenticate(token: string): Promise<AuthResult> {
    return this.authenticateHash(tokenHash(token));
  }

  /** `authenticate` for a token already hashed with `tokenHash`. */
  authenticateHash(key: string): Promise<AuthResult> {
    return this.auth.authenticateHash(key);
  }

  /** Records that a device called (pull), and what it reported as still waiting (null: no report). */
  touchDevice(deviceId: string, now: number, eventsWaiting: number | null = null): Promise<void> {
    return enrollment.touchDevice(this.h, deviceId, now, eventsWaiting);
  }

  /** Revokes a device's token; false when there is no such device. */
  revokeDevice(deviceId: string, now: number): Promise<boolean> {
    return enrollment.revokeDevice(this.h, deviceId, now);
  }

  createAdminToken(now: number, label: string | null = null): Promise<string> {
    return auth.createAdminToken(this.h, now, label);
  }

  /** Admin tokens, newest first, by id (the start of the token's hash; the token itself is never kept). */
  listAdminTokens(): Promise<AdminTokenInfo[]> {
    return auth.listAdminTokens(this.h);
  }

  /** Switches off an admin token given by its id or by the token itself. */
  revokeAdminToken(
    idOrToken: string,
    now: number,
  ): Promise<'revoked' | 'already_revoked' | 'unknown' | 'ambiguous'> {
    return auth.revokeAdminToken(this.h, idOrToken, now);
  }

  // ------------------------------------------------------------ events

  /**
   * Stores one device's batch; one ack per input event, in input order.
   * Pushes that arrive while others are being stored are stored together,
   * in one transaction (group commit).
   */
  push(who: Pusher, events: readonly unknown[], now: number): Promise<PushOutcome> {
    return this.sync.push(who, events, now);
  }

  /** How the grouped work has gone since the store opened (tests, tuning). */
  get groupStats(): { pushes: BatcherStats; tokenLookups: BatcherStats } {
    return { pushes: this.sync.stats, tokenLookups: this.auth.stats };
  }

  pull(branch: string, cursor: number, limit: number): Promise<PullPage> {
    return this.sync.pull(branch, cursor, limit);
  }

  // ------------------------------------------------------------ audit chain

  /** POST /v1/audit: a device's chain rows and checkpoints (./audit.ts); throws SyncHttpError chain_broken. */
  receiveAudit(deviceId: string, req: AuditPushRequest, now: number): Promise<AuditReceipt> {
    return receiveAudit(this.h, deviceId, req, now);
  }

  /** `npm run server -- verify`: the log and every device's chain checked for tampering (./auditVerify.ts). */
  verifyAudit(opts: { limit?: number } = {}): Promise<ServerVerifyReport> {
    return verifyServer(this.h, opts);
  }

  // ------------------------------------------------------------ attachments

  /**
   * Stores the bytes under their sha256 for `branch`; false when that branch
   * already had them. Throws SyncHttpError attachment_quota (nothing stored)
   * over the branch's quota.
   */
  putAttachment(
    branch: string,
    sha256: string,
    bytes: Buffer,
    now: number,
    quotaBytes: number,
  ): Promise<boolean> {
    return attachments.putAttachment(this.h, branch, sha256, bytes, now, quotaBytes);
  }

  /** The bytes of an attachment `branch` stored (null branch: any, for head office); null when it has not. */
  getAttachment(branch: string | null, sha256: string): Promise<Buffer | null> {
    return attachments.getAttachment(this.h, branch, sha256);
  }

  /** Issue 12: the name case `caseId` (in `branch`; null: any) recorded for its evidence `sha256`, or null. */
  adminEvidenceName(caseId: string, sha256: string, branch: string | null): Promise<string | null> {
    return adminEvidence.adminEvidenceName(this.h, caseId, sha256, branch);
  }

  /** Whether `branch` stored this attachment (another branch's copy does not count). */
  hasAttachment(branch: string, sha256: string): Promise<boolean> {
    return attachments.hasAttachment(this.h, branch, sha256);
  }

  /** Drops uploads no event of their branch refers to after `graceMs`, and bytes no branch keeps. */
  sweepAttachments(now: number, graceMs: number): Promise<attachments.SweepOutcome> {
    return attachments.sweepAttachments(this.h, now, graceMs);
  }

  // ------------------------------------------------------------ head office

  adminBranches(scope: AdminScope): Promise<AdminBranch[]> {
    return admin.adminBranches(this.h, scope);
  }

  adminDevices(scope: AdminScope, branch?: string): Promise<AdminDevice[]> {
    return admin.adminDevices(this.h, scope, branch);
  }

  /**
   * The cross-branch case list, newest opened first, keyset-paged by
   * (opened_hlc, id). 'bad_cursor' when the cursor is not one we made.
   * Each case's deadline state is judged at `now` (ms; default: the clock).
   */
  adminCases(
    q: ParsedCasesQuery,
    scope: AdminScope,
    now: number = Date.now(),
  ): Promise<AdminCasesPage | 'bad_cursor'> {
    return admin.adminCases(this.h, q, scope, now);
  }

  /** The cross-branch work-order list, newest opened first (./adminOrders.ts); 'bad_cursor' for a foreign cursor. */
  adminOrders(q: ParsedOrdersQuery, scope: AdminScope): Promise<adminOrders.AdminOrdersPage | 'bad_cursor'> {
    return adminOrders.adminOrders(this.h, q, scope);
  }

  /** One work order of the scope with its detail and release gate; null when there is none. */
  adminOrder(id: string, scope: AdminScope): Promise<AdminOrderDetail | null> {
    return adminOrders.adminOrder(this.h, id, scope);
  }

  /**
   * Issue 14: the supervisors' analysis of a period over the facts of every
   * branch, or of one (./analysis.ts), with the business volume of the same
   * branch or of all (./volume.ts `serverVolumeTotal`).
   */
  adminAnalysis(req: AnalysisRequest, scope: AdminScope, now = Date.now()): Promise<AnalysisResult> {
    return analysis.adminAnalysis(
      this.h,
      req,
      scope,
      async (c, period, where) => {
        const branch = where.branch;
        const v = await serverVolumeTotal(c.db, period, typeof branch === 'string' ? branch : null);
        return v === null ? null : { unit: v.unit, value: v.value };
      },
      { nowMs: now },
    );
  }

  /** Issue 12: the cases at an escalation level, newest escalation first (./adminEscalations.ts). */
  adminEscalations(
    q: ParsedEscalationsQuery,
    scope: AdminScope,
  ): Promise<adminEscalations.AdminEscalationsPage | 'bad_cursor'> {
    return adminEscalations.adminEscalations(this.h, q, scope);
  }
}
