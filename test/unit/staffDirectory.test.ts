/**
 * The staff fold (shared/domain/staff/directory.ts): authority is part of
 * the fold, so an event whose actor lacked the power at that point of the
 * order has no effect on any replica, whatever order events arrive in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { foldKey } from '../../shared/domain/kernel/foldKey';
import { foldStaffDirectory, type StaffDirectory } from '../../shared/domain/staff/directory';
import type { Credential } from '../../shared/domain/staff/payloads';

const T0 = Date.parse('2026-11-20T01:00:00Z');
const cred = (tag: string): Credential => ({
  kind: 'pin',
  algo: 'scrypt',
  salt: Buffer.from(`salt-of-${tag}`.padEnd(16, '.')).toString('base64'),
  hash: Buffer.from(`hash-of-${tag}`.padEnd(32, '.')).toString('base64'),
  N: 32768,
  r: 8,
  p: 3,
});

const ids = {
  adminA: '01890000-0000-7000-8000-00000000a001',
  adminB: '01890000-0000-7000-8000-00000000b001',
  clerk: '01890000-0000-7000-8000-00000000c001',
  forged: '01890000-0000-7000-8000-00000000f001',
  second: '01890000-0000-7000-8000-00000000a002',
};
let n = 0;
function ev(
  device: string,
  atMin: number,
  staffId: string,
  type: string,
  payload: unknown,
  actor: string,
): EventEnvelope {
  const body = {
    id: `01890000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
    stream: `staff:${staffId}`,
    type,
    schema: 1,
    hlc: formatHlc(T0 + atMin * 60_000, 0),
    device,
    branch: 'GZ',
    actor,
    payload,
  };
  return { ...body, hash: eventHash(body) };
}
const created = (device: string, at: number, id: string, login: string, role: string, actor: string) =>
  ev(device, at, id, 'staff.created', { name: login, login, role, credential: cred(id) }, actor);

/** A branch: desk A founds adminA, who adds a clerk; desk B founds its own `admin`. */
function branch() {
  return {
    foundA: created('dev-a', 0, ids.adminA, 'admin', 'admin', ids.adminA),
    clerk: created('dev-a', 5, ids.clerk, 'clerk', 'counter', ids.adminA),
    foundB: created('dev-b', 1, ids.adminB, 'admin', 'admin', ids.adminB),
  };
}

function summary(d: StaffDirectory) {
  return {
    members: [...d.members.values()].map((m) => [m.id, m.login, m.role, m.enabled, m.credential.hash]),
    flags: d.flags.map((f) => [f.eventId, f.reason]),
  };
}

describe('staff fold: authority', () => {
  it('counts each device’s founding administrator and what an enabled admin does', () => {
    const b = branch();
    const d = foldStaffDirectory([b.clerk, b.foundB, b.foundA]);
    expect([...d.members.keys()]).toEqual([ids.adminA, ids.adminB, ids.clerk]);
    expect(d.flags).toEqual([]);
    // Two desks set up apart with the same admin login: both records stay, sign-in tries both.
    expect(d.byLogin('ADMIN').map((m) => m.id)).toEqual([ids.adminA, ids.adminB]);
  });

  it('gives a forged, back-dated admin no effect and flags it', () => {
    const b = branch();
    // A counter clerk's desk claims the clerk created an `admin` before anyone existed…
    const byClerk = created('dev-c', -60, ids.forged, 'admin', 'admin', ids.clerk);
    // …or a record that names itself but is not its device's first founding.
    const secondFounding = created('dev-a', 7, ids.second, 'boss', 'admin', ids.second);
    // …or promotes itself.
    const selfPromote = ev('dev-c', 9, ids.clerk, 'staff.roleChanged', { role: 'admin' }, ids.clerk);
    const d = foldStaffDirectory([b.foundA, b.clerk, byClerk, secondFounding, selfPromote]);
    expect(d.members.has(ids.forged)).toBe(false);
    expect(d.members.has(ids.second)).toBe(false);
    expect(d.members.get(ids.clerk)?.role).toBe('counter');
    expect(d.byLogin('admin').map((m) => m.id)).toEqual([ids.adminA]);
    expect(d.flags.map((f) => [f.eventId, f.reason])).toEqual([
      [byClerk.id, 'no_authority'],
      [secondFounding.id, 'no_authority'],
      [selfPromote.id, 'no_authority'],
    ]);
  });

  it('takes authority as of each event’s place in the order, not as of now', () => {
    const b = branch();
    const promote = ev('dev-a', 10, ids.clerk, 'staff.roleChanged', { role: 'admin' }, ids.adminA);
    const byClerkEarly = created('dev-c', 8, ids.forged, 'early', 'counter', ids.clerk); // before promotion
    const byClerkLate = created('dev-c', 12, ids.second, 'late', 'counter', ids.clerk); // after
    const disableA = ev('dev-b', 20, ids.adminA, 'staff.disabled', { reason: '离职' }, ids.clerk);
    const byAAfter = created('dev-a', 21, '01890000-0000-7000-8000-00000000a003', 'x', 'counter', ids.adminA);
    const d = foldStaffDirectory([byAAfter, disableA, byClerkLate, byClerkEarly, promote, b.clerk, b.foundA]);
    expect(d.members.has(ids.forged)).toBe(false);
    expect(d.members.get(ids.second)?.login).toBe('late');
    expect(d.members.get(ids.adminA)?.enabled).toBe(false);
    expect(d.members.has('01890000-0000-7000-8000-00000000a003')).toBe(false);
    expect(d.byLogin('admin').map((m) => m.enabled)).toEqual([false]); // sign-in refuses it
    expect(d.roleAt(ids.clerk, foldKey(promote))).toBe('counter');
    expect(d.roleAt(ids.clerk, foldKey(byClerkLate))).toBe('admin');
    expect(d.roleAt(ids.adminA, foldKey(disableA))).toBe('admin');
    expect(d.roleAt(ids.adminA, foldKey(byAAfter))).toBeNull();
    expect(d.roleAt(ids.forged, foldKey(byAAfter))).toBeNull();
  });

  it('lets a device found a second administrator only when no enabled one is left (recovery)', () => {
    const b = branch();
    const early = created('dev-a', 3, ids.second, 'boss', 'admin', ids.second); // adminA still enabled
    const d1 = foldStaffDirectory([b.foundA, early]);
    expect(d1.members.has(ids.second)).toBe(false);
    const disableA = ev('dev-a', 4, ids.adminA, 'staff.disabled', { reason: '离职' }, ids.adminA);
    const recovery = created('dev-a', 6, ids.second, 'boss', 'admin', ids.second);
    const d2 = foldStaffDirectory([b.foundA, disableA, recovery]);
    expect(d2.members.get(ids.second)?.enabled).toBe(true);
    // With desk B's admin still enabled in the branch, it is no recovery.
    const d3 = foldStaffDirectory([b.foundA, b.foundB, disableA, recovery]);
    expect(d3.members.has(ids.second)).toBe(false);
  });

  it('lets staff change only their own secret, and only admins reset one', () => {
    const b = branch();
    const own = ev('dev-a', 10, ids.clerk, 'staff.secretChanged', { credential: cred('own') }, ids.clerk);
    const other = ev('dev-b', 11, ids.adminA, 'staff.secretChanged', { credential: cred('evil') }, ids.clerk);
    const reset = ev('dev-b', 12, ids.clerk, 'staff.secretReset', { credential: cred('reset') }, ids.adminB);
    const resetByClerk = ev(
      'dev-a',
      13,
      ids.adminB,
      'staff.secretReset',
      { credential: cred('x') },
      ids.clerk,
    );
    const d = foldStaffDirectory([b.foundA, b.foundB, b.clerk, own, other, reset, resetByClerk]);
    expect(d.members.get(ids.clerk)?.credential.hash).toBe(cred('reset').hash);
    expect(d.members.get(ids.adminA)?.credential.hash).toBe(cred(ids.adminA).hash);
    expect(d.members.get(ids.adminB)?.credential.hash).toBe(cred(ids.adminB).hash);
    expect(d.flags.map((f) => f.eventId)).toEqual([other.id, resetByClerk.id]);
  });

  it('flags events about unknown records and a second creation of one id', () => {
    const b = branch();
    const ghost = ev('dev-a', 3, ids.forged, 'staff.disabled', { reason: 'x' }, ids.adminA);
    const again = created('dev-b', 9, ids.clerk, 'clerk2', 'admin', ids.adminB);
    const d = foldStaffDirectory([b.foundA, b.foundB, b.clerk, ghost, again]);
    expect(d.members.get(ids.clerk)?.role).toBe('counter');
    expect(d.flags.map((f) => [f.eventId, f.reason])).toEqual([
      [ghost.id, 'unknown_staff'],
      [again.id, 'duplicate'],
    ]);
  });

  it('gives the same directory for any arrival order', () => {
    const b = branch();
    const events = [
      b.foundA,
      b.clerk,
      b.foundB,
      ev('dev-a', 10, ids.clerk, 'staff.roleChanged', { role: 'admin' }, ids.adminA),
      created('dev-c', 11, ids.forged, 'f', 'counter', ids.clerk),
      ev('dev-b', 9, ids.clerk, 'staff.disabled', { reason: 'r' }, ids.adminB),
      ev('dev-b', 12, ids.clerk, 'staff.enabled', {}, ids.adminB),
      created('dev-c', 13, ids.second, 's', 'qc', ids.clerk),
      ev('dev-a', 14, ids.adminB, 'staff.disabled', { reason: 'r' }, ids.clerk),
    ];
    const expected = summary(foldStaffDirectory(events));
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (order) => {
        expect(summary(foldStaffDirectory(order))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
