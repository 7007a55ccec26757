/**
 * The staff fold: who exists, with which role, login and secret, and whether
 * they may sign in, derived from every staff event of a branch. Authority is
 * part of the fold (DESIGN.md section 3): an event that grants or changes
 * sign-in or roles counts only if its actor held the power to issue it at that
 * point of the fold order. Anything else stays in the log, has no effect, and
 * is listed in `flags` for an administrator. Every desk and head office run
 * this same function over the same events, so they agree on who may do what,
 * whatever order the events arrived in. Runtime-neutral.
 *
 * The rules (docs/security.md, decision 0021):
 * - A branch's first administrators are *founding* records: a `staff.created`
 *   of an admin whose actor is the record itself. Each device may found one
 *   (its first-run setup makes it); a second from the same device is flagged,
 *   unless no enabled administrator is left at that point (the desk CLI's
 *   recovery, run on the machine itself).
 *   No device can forge a founding record for another: head office binds a
 *   device id to its token and refuses staff events from counter devices and
 *   back-dated ones (docs/protocol.md).
 * - Every other `staff.created`, and disable, enable, role change and secret
 *   reset, needs an actor who is an enabled admin at that point.
 * - `staff.secretChanged` needs the actor to be the record itself, enabled.
 * - Logins are not unique across desks set up apart: two records may share
 *   one (two first-run admins called `admin`). Neither is dropped; sign-in
 *   tries each enabled record with that login, and the staff screen shows the
 *   shared login so an administrator can rename one.
 */
import type { EventEnvelope } from '../kernel/envelope';
import { streamId, streamKind } from '../kernel/envelope';
import { compareEvents, compareFoldKeys, foldKey } from '../kernel/foldKey';
import type { Role } from '../kernel/roles';
import { STAFF_PAYLOADS, STAFF_STREAM, type Credential, type StaffEventType } from './payloads';

export interface StaffMember {
  id: string;
  name: string;
  login: string;
  role: Role;
  credential: Credential;
  enabled: boolean;
  /** Fold key and id of the `staff.created` that counts. */
  createdKey: string;
  createdEventId: string;
  /** True for a first administrator founded by a device's setup. */
  founding: boolean;
}

export type StaffFlagReason = 'no_authority' | 'duplicate' | 'unknown_staff' | 'bad_payload';

/** A staff event kept in the log without effect. */
export interface StaffFlagEntry {
  eventId: string;
  type: string;
  staffId: string;
  actor: string;
  device: string;
  hlc: string;
  reason: StaffFlagReason;
}

/** One point of a record's history: from `key` on, it had `role`, or could not act (null). */
interface RolePoint {
  key: string;
  role: Role | null;
}

export interface StaffDirectory {
  /** Every record that exists, by id, in the order their creation counted. */
  readonly members: ReadonlyMap<string, StaffMember>;
  readonly flags: readonly StaffFlagEntry[];
  /**
   * The role `staffId` held, enabled, just before the event at fold key `key`
   * (null: no such record yet, or disabled then). The authority oracle other
   * features' folds use for their own restricted acts.
   */
  roleAt(staffId: string, key: string): Role | null;
  /** Records whose login is `login` (case-insensitive): enabled ones first, each group oldest first. */
  byLogin(login: string): StaffMember[];
}

export function isStaffEvent(e: Pick<EventEnvelope, 'stream'>): boolean {
  return streamKind(e.stream) === STAFF_STREAM;
}

function isStaffType(type: string): type is StaffEventType {
  return Object.prototype.hasOwnProperty.call(STAFF_PAYLOADS, type);
}

/** Folds a branch's staff events (any order; other streams are ignored) into its directory. */
export function foldStaffDirectory(events: readonly EventEnvelope[]): StaffDirectory {
  const sorted = events.filter(isStaffEvent).sort(compareEvents);
  const members = new Map<string, StaffMember>();
  const history = new Map<string, RolePoint[]>();
  const flags: StaffFlagEntry[] = [];
  const foundedBy = new Set<string>();

  const canAct = (id: string): Role | null => {
    const m = members.get(id);
    return m && m.enabled ? m.role : null;
  };
  const record = (m: StaffMember, key: string) => {
    const points = history.get(m.id) ?? [];
    points.push({ key, role: m.enabled ? m.role : null });
    history.set(m.id, points);
  };

  for (const e of sorted) {
    if (!isStaffType(e.type)) continue; // a newer version's type: stored raw, replayed after an upgrade
    const staffId = streamId(e.stream);
    const flag = (reason: StaffFlagReason) =>
      flags.push({
        eventId: e.id,
        type: e.type,
        staffId,
        actor: e.actor,
        device: e.device,
        hlc: e.hlc,
        reason,
      });
    const key = foldKey(e);
    const isAdmin = canAct(e.actor) === 'admin';
    const target = members.get(staffId);

    if (e.type === 'staff.created') {
      const p = STAFF_PAYLOADS['staff.created'].safeParse(e.payload);
      if (!p.success) {
        flag('bad_payload');
        continue;
      }
      if (target) {
        flag('duplicate');
        continue;
      }
      // A founding: the device's first (its setup), or a recovery when no enabled admin is left.
      const noAdminLeft = ![...members.values()].some((m) => m.enabled && m.role === 'admin');
      const founding =
        e.actor === staffId && p.data.role === 'admin' && (!foundedBy.has(e.device) || noAdminLeft);
      if (!founding && !isAdmin) {
        flag('no_authority');
        continue;
      }
      if (founding) foundedBy.add(e.device);
      const m: StaffMember = {
        id: staffId,
        name: p.data.name,
        login: p.data.login,
        role: p.data.role,
        credential: p.data.credential,
        enabled: true,
        createdKey: key,
        createdEventId: e.id,
        founding,
      };
      members.set(staffId, m);
      record(m, key);
      continue;
    }

    if (!target) {
      flag('unknown_staff');
      continue;
    }
    if (e.type === 'staff.secretChanged') {
      const p = STAFF_PAYLOADS['staff.secretChanged'].safeParse(e.payload);
      if (!p.success) flag('bad_payload');
      else if (e.actor !== staffId || !target.enabled) flag('no_authority');
      else target.credential = p.data.credential;
      continue;
    }
    if (!isAdmin) {
      flag('no_authority');
      continue;
    }
    switch (e.type) {
      case 'staff.disabled':
        target.enabled = false;
        break;
      case 'staff.enabled':
        target.enabled = true;
        break;
      case 'staff.roleChanged': {
        const p = STAFF_PAYLOADS['staff.roleChanged'].safeParse(e.payload);
        if (!p.success) flag('bad_payload');
        else target.role = p.data.role;
        break;
      }
      case 'staff.secretReset': {
        const p = STAFF_PAYLOADS['staff.secretReset'].safeParse(e.payload);
        if (!p.success) flag('bad_payload');
        else target.credential = p.data.credential;
        break;
      }
    }
    record(target, key);
  }

  return {
    members,
    flags,
    roleAt(staffId, key) {
      const points = history.get(staffId);
      if (!points) return null;
      let role: Role | null = null;
      for (const point of points) {
        if (compareFoldKeys(point.key, key) >= 0) break;
        role = point.role;
      }
      return role;
    },
    byLogin(login) {
      const norm = login.trim().toLowerCase();
      const all = [...members.values()].filter((m) => m.login.toLowerCase() === norm);
      return [...all.filter((m) => m.enabled), ...all.filter((m) => !m.enabled)];
    },
  };
}
