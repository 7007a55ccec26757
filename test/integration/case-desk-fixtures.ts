/**
 * Shared setup of the desk tests of a case's judgment (issues 11 and 12:
 * escalation, malicious claims, repeats, the nature at close, restricted acts
 * from other desks): one desk per test closed after it, a clerk and a
 * supervisor signed in, the case's stored state, the events count, and a
 * refusal that must leave nothing stored.
 */
import { afterEach, expect } from 'vitest';
import type { Session } from '../../shared/contract/methods/staff';
import type { CaseState } from '../../shared/domain/cases/state';
import { openTestDesk, readDeskDb, staffSession, type TestDesk } from './desk-fixtures';

/** Registers an afterEach that closes the desk a test opened; returns the opener. */
export function deskPerTest(): () => Promise<TestDesk> {
  let t: TestDesk | null = null;
  afterEach(() => {
    t?.close();
    t = null;
  });
  return async () => (t = await openTestDesk());
}

interface Person {
  login: string;
  name?: string;
}

/** A counter clerk and a supervisor, signed in (default logins li and zhou). */
export async function clerkAndBoss(
  desk: TestDesk,
  clerk: Person = { login: 'li' },
  boss: Person = { login: 'zhou' },
): Promise<{ clerk: Session; boss: Session }> {
  return {
    clerk: await staffSession(desk, 'counter', clerk.login, clerk.name),
    boss: await staffSession(desk, 'supervisor', boss.login, boss.name),
  };
}

/** How many events the desk's log holds. */
export function eventCount(d: TestDesk): number {
  return readDeskDb(d.dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
}

/** A case's state as the desk stored it. */
export function caseStateOf(d: Pick<TestDesk, 'dir'>, caseId: string): CaseState {
  const row = readDeskDb(d.dir, (db) => db.prepare('SELECT state FROM cases WHERE id = ?').get(caseId)) as {
    state: string;
  };
  return JSON.parse(row.state) as CaseState;
}

/** Calls, expects a refusal that stored nothing, returns its error. */
export async function refused(
  d: TestDesk,
  method: string,
  input: unknown,
  token: string,
  locale: 'zh-CN' | 'en' = 'zh-CN',
) {
  const before = eventCount(d);
  const r = await d.call(method, input, token, locale);
  expect(r.ok).toBe(false);
  expect(eventCount(d)).toBe(before);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}
