/**
 * Enrolment: one-time codes head office hands out, the exchange of a code for
 * a device token, and the device rows that come of it (touch, revoke).
 */
import type { DeviceRole, EnrollRequest } from '../../shared/contract/sync';
import { isValidBranchCode } from '../../shared/domain/kernel/caseNumber';
import { SyncHttpError } from '../errors';
import {
  enrollmentCodeHash,
  newEnrollmentCode,
  newToken,
  normaliseEnrollmentCode,
  tokenHash,
} from '../tokens';
import { isUniqueViolation, type StoreContext } from './context';

/** How long a one-time enrolment code stays valid. */
export const ENROLLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

export interface EnrollOutcome {
  token: string;
  branchCode: string;
  role: DeviceRole;
}

export async function createEnrollmentCode(
  c: StoreContext,
  branch: string,
  role: DeviceRole,
  now: number,
): Promise<string> {
  if (!isValidBranchCode(branch)) {
    throw new Error(`branch code must be 2-6 capital letters (A-Z), got ${JSON.stringify(branch)}`);
  }
  if (role !== 'counter' && role !== 'supervisor') {
    throw new Error(`role must be counter or supervisor, got ${JSON.stringify(role)}`);
  }
  const code = newEnrollmentCode();
  const normalised = normaliseEnrollmentCode(code);
  if (normalised === null) throw new Error('internal: generated code does not normalise');
  await c.write(async (tx) => {
    await tx
      .insertInto('enrollment_codes')
      .values({
        code_hash: enrollmentCodeHash(normalised),
        branch,
        role,
        created_at: now,
        expires_at: now + ENROLLMENT_CODE_TTL_MS,
        used_at: null,
        used_by: null,
      })
      .execute();
  });
  return code;
}

/** Exchanges a one-time code for a device token. Throws SyncHttpError; stores nothing when it does. */
export async function enroll(c: StoreContext, req: EnrollRequest, now: number): Promise<EnrollOutcome> {
  const normalised = normaliseEnrollmentCode(req.code);
  if (normalised === null) throw new SyncHttpError('enrollment_invalid');
  const token = newToken();
  try {
    return await c.write(async (tx) => {
      const code = await tx
        .selectFrom('enrollment_codes')
        .selectAll()
        .where('code_hash', '=', enrollmentCodeHash(normalised))
        .executeTakeFirst();
      if (!code) throw new SyncHttpError('enrollment_invalid');
      const existing = await tx
        .selectFrom('devices')
        .selectAll()
        .where('id', '=', req.deviceId)
        .executeTakeFirst();
      // The same desk repeating its enrolment (the answer was lost on the
      // way): the code is still its current enrolment, so it gets a fresh
      // token in place of the one it never received. A revoked desk, or one
      // enrolled again since with another code, does not.
      const repeat =
        code.used_at !== null &&
        code.used_by === req.deviceId &&
        existing !== undefined &&
        existing.revoked_at === null &&
        Number(existing.enrolled_at) === Number(code.used_at);
      if (code.used_at !== null && !repeat) {
        throw new SyncHttpError(
          'enrollment_invalid',
          '此登记码已被使用过，每个登记码只能用一次。请向总部索取新的登记码。 / This enrolment code has already been used; each code works once. Ask head office for a new one.',
        );
      }
      if (Number(code.expires_at) <= now) {
        throw new SyncHttpError(
          'enrollment_invalid',
          '此登记码已过期（有效期 24 小时）。请向总部索取新的登记码。 / This enrolment code has expired (codes are valid for 24 hours). Ask head office for a new one.',
        );
      }
      if (code.branch !== req.branchCode) {
        throw new SyncHttpError(
          'branch_mismatch',
          `此登记码属于网点 ${code.branch}，而本柜台设置的网点代码是 ${req.branchCode}。请核对网点代码或登记码。 / ` +
            `This enrolment code is for branch ${code.branch}, but this desk is set up for branch ${req.branchCode}. Check the branch code or the enrolment code.`,
        );
      }
      if (existing && existing.branch !== req.branchCode) {
        throw new SyncHttpError(
          'branch_mismatch',
          `此柜台已登记在网点 ${existing.branch}，不能改登记到 ${req.branchCode}。 / This desk is already enrolled for branch ${existing.branch} and cannot be enrolled for ${req.branchCode}.`,
        );
      }
      const taken = await tx
        .selectFrom('devices')
        .select('id')
        .where('branch', '=', req.branchCode)
        .where('device_code', '=', req.deviceCode)
        .where('revoked_at', 'is', null)
        .where('id', '!=', req.deviceId)
        .executeTakeFirst();
      if (taken) {
        throw new SyncHttpError(
          'device_code_taken',
          `网点 ${req.branchCode} 已有另一台在用柜台使用编号 ${req.deviceCode}，两台柜台同号会产生重复的案件编号。柜台编号在首次设置时确定，请总部先停用旧柜台再登记。 / ` +
            `Another active desk of branch ${req.branchCode} already uses desk code ${req.deviceCode}; two desks with one code would make clashing case numbers. The desk code is fixed at first-run setup: ask head office to retire the old desk, then enrol again.`,
        );
      }
      const enrolledAt = repeat ? Number(code.used_at) : now;
      if (!repeat) {
        const used = await tx
          .updateTable('enrollment_codes')
          .set({ used_at: now, used_by: req.deviceId })
          .where('code_hash', '=', code.code_hash)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(used.numUpdatedRows) !== 1) throw new SyncHttpError('enrollment_invalid');
      }
      const label = req.label === undefined || req.label === '' ? null : req.label;
      if (existing) {
        // Re-enrolling a desk (e.g. after a reinstall) replaces its token. A
        // repeat of the same enrolment keeps the token it replaces valid
        // until the new one is used: the repeat may be a duplicate of a
        // request whose answer did reach the desk.
        await tx
          .updateTable('devices')
          .set({
            device_code: req.deviceCode,
            label: label ?? existing.label,
            role: code.role,
            token_hash: tokenHash(token),
            previous_token_hash: repeat ? existing.token_hash : null,
            enrolled_at: enrolledAt,
            revoked_at: null,
          })
          .where('id', '=', req.deviceId)
          .execute();
      } else {
        await tx
          .insertInto('devices')
          .values({
            id: req.deviceId,
            branch: req.branchCode,
            device_code: req.deviceCode,
            label,
            role: code.role,
            token_hash: tokenHash(token),
            previous_token_hash: null,
            enrolled_at: now,
            last_seen_at: null,
            revoked_at: null,
            last_push_at: null,
            newest_hlc: null,
            events_received: 0,
          })
          .execute();
      }
      return { token, branchCode: req.branchCode, role: code.role };
    });
  } catch (e) {
    // Two desks racing for one device code: the partial unique index decides.
    if (isUniqueViolation(e)) throw new SyncHttpError('device_code_taken');
    throw e;
  }
}

/**
 * Records that a device called (pull), and what it reported as still
 * waiting when it did (null: no report, left as stored); pushes record both
 * in their own transaction.
 */
export async function touchDevice(
  c: StoreContext,
  deviceId: string,
  now: number,
  eventsWaiting: number | null = null,
): Promise<void> {
  await c.db
    .updateTable('devices')
    .set({
      last_seen_at: now,
      ...(eventsWaiting !== null ? { events_waiting: eventsWaiting, waiting_at: now } : {}),
    })
    .where('id', '=', deviceId)
    .execute();
}

/** Revokes a device's token; false when there is no such device. */
export async function revokeDevice(c: StoreContext, deviceId: string, now: number): Promise<boolean> {
  return c.write(async (tx) => {
    const r = await tx
      .updateTable('devices')
      .set({ revoked_at: now })
      .where('id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) return true;
    const d = await tx.selectFrom('devices').select('id').where('id', '=', deviceId).executeTakeFirst();
    return d !== undefined;
  });
}
