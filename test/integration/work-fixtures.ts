/**
 * The rig of the work-queue integration tests (work-deadlines, work-queue):
 * a desk on the default settings with its clock under control, the scheduler
 * swept by hand, a clerk and a supervisor signed in (again whenever the clock
 * is set: sessions idle out), and the DeskApi calls of the work feature.
 */
import type { DeskEvent } from '../../shared/contract/api';
import type { Session } from '../../shared/contract/methods/staff';
import type { Alert, CaseDeadlineView, WorkBoard, WorkItem } from '../../shared/contract/methods/work';
import type { Result } from '../../shared/contract/result';
import { ADMIN, openTestDesk, staffSession, type TestDesk } from './desk-fixtures';

export const at = (local: string): number => Date.parse(`${local}:00+08:00`);
export const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
export const MIN = 60_000;

export interface Rig {
  t: TestDesk;
  clock: { t: number };
  clerk: Session;
  sup: Session;
  events: DeskEvent[];
  /** Staff signed in through the rig: signed in again whenever the clock is set (sessions idle out). */
  staff(role: 'counter' | 'supervisor', login: string, name?: string): Promise<Session>;
  set(local: string): Promise<void>;
  mine(s?: Session): Promise<{ items: WorkItem[]; count: number; paused: number }>;
  board(): Promise<WorkBoard>;
  deadlines(caseId: string, s?: Session): Promise<CaseDeadlineView[]>;
  alerts(s: Session, includeAcked?: boolean): Promise<{ items: Alert[]; unacked: number }>;
  sweep(): Promise<void>;
}

let open: TestDesk[] = [];
/** Closes every desk the rig opened (each test file's afterEach). */
export function closeRigs(): void {
  for (const t of open) t.close();
  open = [];
}

export async function rig(start = '2026-03-10T10:00', rebuildChunk?: number): Promise<Rig> {
  const clock = { t: at(start) };
  const t = await openTestDesk({
    now: () => clock.t,
    sync: false,
    deadlines: { timers: false },
    ...(rebuildChunk ? { jobs: { rebuildChunk } } : {}),
  });
  open.push(t);
  const signedIn: { s: Session; login: string; secret: string }[] = [
    { s: t.admin, login: ADMIN.login, secret: ADMIN.secret },
  ];
  const staff = async (role: 'counter' | 'supervisor', login: string, name?: string) => {
    const s = await staffSession(t, role, login, name);
    signedIn.push({ s, login, secret: '135790' });
    return s;
  };
  const clerk = await staff('counter', 'clerk1', '柜员小陈');
  const sup = await staff('supervisor', 'sup1', '主管老王');
  const events: DeskEvent[] = [];
  t.core.subscribe((e) => events.push(e));
  return {
    t,
    clock,
    clerk,
    sup,
    events,
    staff,
    set: async (local) => {
      clock.t = at(local);
      for (const x of signedIn) {
        x.s.token = (await t.must<Session>('auth.signIn', { login: x.login, secret: x.secret })).token;
      }
    },
    mine: (s = clerk) => t.must('work.mine', {}, s.token),
    board: () => t.must<WorkBoard>('work.board', {}, sup.token),
    deadlines: async (caseId, s = clerk) =>
      (await t.must<{ deadlines: CaseDeadlineView[] }>('work.case', { caseId }, s.token)).deadlines,
    alerts: (s, includeAcked = false) => t.must('alert.list', { includeAcked }, s.token),
    sweep: () => t.core.sweep(),
  };
}

export const one = (list: CaseDeadlineView[], kind: string, ref = '') => {
  const d = list.find((x) => x.kind === kind && x.ref === ref);
  if (!d) throw new Error(`no ${kind} deadline in ${JSON.stringify(list.map((x) => x.kind))}`);
  return d;
};
export const ofCase = (items: WorkItem[], caseId: string, kind?: string) =>
  items.filter((i) => i.caseId === caseId && (kind === undefined || i.kind === kind));

export function errorOf(r: Result<unknown>) {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}
