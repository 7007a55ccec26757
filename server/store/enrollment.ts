/**
 * Enrolment: one-time codes head office hands out, the exchange of a code for
 * a device token, and the device rows that come of it (touch, revoke).
 */
import { createHash } from 'node:crypto';
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
import type { Kysely } from 'kysely';
import { isUniqueViolation, type StoreContext } from './context';
import { chunks } from './projectors';
import { exchangeBranchKeys, type BranchKeys } from './branchKeys';
import type { ServerDB } from './schema';

/** How long a one-time enrolment code stays valid. */
export const ENROLLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

export interface EnrollOutcome extends BranchKeys {
  token: string;
  branchCode: string;
  role: DeviceRole;
}

export interface EnrollmentCodeOptions {
  /**
   * Head office's explicit permission to re-enrol this known device id (after
   * a reinstall, or to bring back a revoked desk): the code works for that
   * device only, and its enrolment replaces the old token. Without it, a code
   * refuses every device id the server already knows.
   */
  reenrolDevice?: string;
}

export async function createEnrollmentCode(
  c: StoreContext,
  branch: string,
  role: DeviceRole,
  now: number,
  opts: EnrollmentCodeOptions = {},
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
  const reenrol = opts.reenrolDevice ?? null;
  await c.write(async (tx) => {
    if (reenrol !== null) {
      const d = await tx.selectFrom('devices').select('branch').where('id', '=', reenrol).executeTakeFirst();
      if (!d) throw new Error(`no enrolled device with id ${reenrol}: nothing to re-enrol`);
      if (d.branch !== branch) {
        throw new Error(`device ${reenrol} belongs to branch ${d.branch}, not ${branch}`);
      }
    }
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
        // Only when set: a store not yet migrated (tests of upgrades) has no such column.
        ...(reenrol !== null ? { reenrol_device: reenrol } : {}),
      })
      .execute();
  });
  return code;
}

/** The branch and role of a known device (for `enroll --reenrol` without --branch/--role). */
export async function deviceBranchAndRole(
  c: StoreContext,
  deviceId: string,
): Promise<{ branch: string; role: DeviceRole } | null> {
  const d = await c.db
    .selectFrom('devices')
    .select(['branch', 'role'])
    .where('id', '=', deviceId)
    .executeTakeFirst();
  return d ?? null;
}

/** Exchanges a one-time code for a device token. Throws SyncHttpError; stores nothing when it does. */
export async function enroll(c: StoreContext, req: EnrollRequest, now: number): Promise<EnrollOutcome> {
  const normalised = normaliseEnrollmentCode(req.code);
  if (normalised === null) throw new SyncHttpError('enrollment_invalid');
  const token = newToken();
  const fingerprint = enrolmentFingerprint(req);
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
      // enrolled again since with another code, does not. The repeat must be
      // the identical request (docs/protocol.md §5), keys included, which only
      // that desk holds: a used code and the device id (in every event) are
      // not enough to take its token.
      const repeat =
        code.used_at !== null &&
        code.used_by === req.deviceId &&
        (code.used_request ?? null) === fingerprint &&
        existing !== undefined &&
        existing.revoked_at === null &&
        Number(existing.enrolled_at) === Number(code.used_at);
      if (code.used_at !== null && !repeat) {
        throw new SyncHttpError(
          'enrollment_invalid',
          '此登记码已被使用过，每个登记码只能用一次。请向总部索取新的登记码。 / This enrolment code has already been used; each code works once. Ask head office for a new one.',
        );
      }
      // Absent on a store not yet migrated (tests of upgrades): no re-enrol code there.
      const reenrolDevice = code.reenrol_device ?? null;
      if (reenrolDevice !== null && reenrolDevice !== req.deviceId) {
        throw new SyncHttpError(
          'enrollment_invalid',
          '此登记码是总部为重新登记另一台柜台生成的，不能用于本柜台。请向总部索取新的登记码。 / This enrolment code was made to re-enrol another desk and does not work for this one. Ask head office for a new code.',
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
      // A device id the server knows (enrolled or revoked) comes back only
      // with a code head office made for it: device ids are in every event,
      // so anyone could otherwise take over a desk's identity with a fresh code.
      if (existing && !repeat && reenrolDevice !== req.deviceId) {
        throw new SyncHttpError(
          'device_known',
          existing.revoked_at === null
            ? `服务器上已登记过这台柜台（设备编号 ${req.deviceId}）。如确需重新登记（例如重装后），请总部生成专用登记码：enroll --reenrol ${req.deviceId}。 / ` +
                `The server already has this desk enrolled (device id ${req.deviceId}). To enrol it again (e.g. after a reinstall), head office makes a code for it: enroll --reenrol ${req.deviceId}.`
            : `这台柜台（设备编号 ${req.deviceId}）已被总部停用。如需恢复，请总部生成专用登记码：enroll --reenrol ${req.deviceId}。 / ` +
                `Head office has revoked this desk (device id ${req.deviceId}). To bring it back, head office makes a code for it: enroll --reenrol ${req.deviceId}.`,
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
          .set({
            used_at: now,
            used_by: req.deviceId,
            // Absent on a store not yet migrated (tests of upgrades): no repeat there.
            ...('used_request' in code ? { used_request: fingerprint } : {}),
          })
          .where('code_hash', '=', code.code_hash)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(used.numUpdatedRows) !== 1) throw new SyncHttpError('enrollment_invalid');
      }
      const label = req.label === undefined || req.label === '' ? null : req.label;
      if (existing) {
        // Re-enrolling a desk (head office's re-enrol code) replaces its
        // token: the old one stops working at once. A repeat of the same
        // enrolment keeps the token it replaces valid until the new one is
        // used: the repeat may be a duplicate of a request whose answer did
        // reach the desk.
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
      await declareStaffEvents(tx, req.deviceId, req.staffEventIds ?? [], existing !== undefined);
      const keys = await exchangeBranchKeys(tx, req.branchCode, req.keys ?? [], req.currentKey, now);
      return { token, branchCode: req.branchCode, role: code.role, ...keys };
    });
  } catch (e) {
    // Two desks racing for one device code: the partial unique index decides.
    if (isUniqueViolation(e)) throw new SyncHttpError('device_code_taken');
    throw e;
  }
}

/**
 * The fingerprint of an enrolment request (sha256 hex over everything in it
 * but the code, which the row already stands for): the label trimmed, the
 * declared staff events and the keys as sets. Kept with the code when it is
 * used; only a request with the same fingerprint repeats the enrolment.
 */
export function enrolmentFingerprint(req: EnrollRequest): string {
  const keys = (req.keys ?? [])
    .map((k) => [k.id, k.key])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  const parts = [
    req.deviceId,
    req.branchCode,
    req.deviceCode,
    req.label?.trim() ?? '',
    [...new Set(req.staffEventIds ?? [])].sort(),
    keys,
    req.currentKey ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Stores the staff events a desk declared at enrolment (made before it was
 * enrolled), replacing what an earlier enrolment of the device declared.
 */
async function declareStaffEvents(
  tx: Kysely<ServerDB>,
  deviceId: string,
  ids: readonly string[],
  known: boolean,
): Promise<void> {
  if (known) await tx.deleteFrom('device_staff_events').where('device_id', '=', deviceId).execute();
  for (const part of chunks([...new Set(ids)], 500)) {
    await tx
      .insertInto('device_staff_events')
      .values(part.map((event_id) => ({ device_id: deviceId, event_id })))
      .execute();
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
