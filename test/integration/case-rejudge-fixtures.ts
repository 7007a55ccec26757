/**
 * A branch's events where staff changes decide restricted case acts
 * (docs/roles.md): for tests that deliver them in different orders to desks
 * and to head office.
 */
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import { fakeCredential } from '../fixtures/credentials';
import { RemoteDevice } from './desk-fixtures';

export interface RejudgeScenario {
  /** Staff events, in fold order: the admin founds the branch, creates staff, changes roles. */
  staff: EventEnvelope[];
  /** Case events: a few restricted acts among ordinary cases. */
  cases: EventEnvelope[];
  /** A case a clerk lowers the severity of after a promotion dated earlier (the promotion is the last staff event). */
  promoted: string;
  /** A case a supervisor lowers the severity of after a demotion dated earlier. */
  demoted: string;
  demotedAct: string;
  /** A case a counter clerk (never promoted) lowers the severity of from a tampered desk. */
  forged: string;
  forgedAct: string;
  /** A case a supervisor, whose staff.created is dated earlier, pushes the due date out of. */
  lateSupervisor: string;
  adminId: string;
  clerkId: string;
  branch: string;
}

/** Events of branch `branch` around `startMs`; device codes start with `prefix`. */
export function rejudgeScenario(
  startMs = Date.UTC(2026, 10, 20, 1),
  branch = 'SZ',
  prefix = 'dev-R',
): RejudgeScenario {
  const adminId = newId();
  const clerkId = newId();
  const bossId = newId();
  const lateBossId = newId();
  const clerk2Id = newId();
  const admin = new RemoteDevice(`${prefix}1`, startMs - 60_000, branch, adminId);
  const created = (id: string, login: string, role: string) =>
    admin.event(`staff:${id}`, 'staff.created', { name: login, login, role, credential: fakeCredential() });
  const founding = created(adminId, 'admin', 'admin');
  const clerk = created(clerkId, 'clerk', 'counter');
  const boss = created(bossId, 'boss', 'supervisor');
  const lateBoss = created(lateBossId, 'late', 'supervisor');
  const clerk2 = created(clerk2Id, 'clerk2', 'counter');
  const demotion = admin.event(`staff:${bossId}`, 'staff.roleChanged', { role: 'counter' });
  const promotion = admin.event(`staff:${clerkId}`, 'staff.roleChanged', { role: 'supervisor' });

  const clerkDesk = new RemoteDevice(`${prefix}2`, startMs, branch, clerkId);
  const bossDesk = new RemoteDevice(`${prefix}3`, startMs + 500, branch, bossId);
  const lateBossDesk = new RemoteDevice(`${prefix}4`, startMs + 600_000, branch, lateBossId);
  const cases: EventEnvelope[] = [];
  const open = (n: number, severity = 'urgent'): string => {
    const id = newId();
    cases.push(clerkDesk.opened(id, n, { severity }));
    return id;
  };

  const promoted = open(1);
  const demoted = open(2);
  const lateSupervisor = open(3);
  const forged = open(30);
  for (let n = 4; n < 30; n++) {
    const id = open(n, 'special');
    cases.push(clerkDesk.event(`case:${id}`, 'case.note_added', { text: `第${n}次回访` }));
    if (n % 3 === 0)
      cases.push(clerkDesk.event(`case:${id}`, 'case.field_set', { field: 'severity', value: 'major' }));
  }
  cases.push(
    clerkDesk.event(`case:${lateSupervisor}`, 'case.field_set', {
      field: 'dueAt',
      value: '2026-11-25T00:00:00.000Z',
    }),
  );
  const demotedAct = bossDesk.event(`case:${demoted}`, 'case.field_set', {
    field: 'severity',
    value: 'general',
    reason: '核实后降级',
  });
  const tampered = new RemoteDevice(`${prefix}5`, startMs + 900, branch, clerk2Id);
  const forgedAct = tampered.event(`case:${forged}`, 'case.field_set', {
    field: 'severity',
    value: 'general',
  });
  cases.push(
    forgedAct,
    clerkDesk.event(`case:${promoted}`, 'case.field_set', {
      field: 'severity',
      value: 'general',
      reason: '已核实',
    }),
    demotedAct,
    lateBossDesk.event(`case:${lateSupervisor}`, 'case.field_set', {
      field: 'dueAt',
      value: '2026-12-31T00:00:00.000Z',
      reason: '客户同意延期',
    }),
  );
  return {
    // The promotion last: it is the one test that needs a single late staff event.
    staff: [founding, clerk, boss, lateBoss, clerk2, demotion, promotion],
    cases,
    promoted,
    demoted,
    demotedAct: demotedAct.id,
    forged,
    forgedAct: forgedAct.id,
    lateSupervisor,
    adminId,
    clerkId,
    branch,
  };
}
