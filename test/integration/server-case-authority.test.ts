/**
 * Head office judges restricted case acts as every desk does (issue 8,
 * docs/roles.md): with the staff directory of the case's branch, and again
 * when staff events arrive after the acts they decide. Its case states equal
 * a desk's for the same events, whatever order the pushes came in.
 */
import { rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { openDatabase, type DeskDatabase } from '../../electron/desk/db/open';
import { EventStore } from '../../electron/desk/kernel/eventStore';
import { projectors } from '../../electron/desk/projection';
import { rejudgeScenario, type RejudgeScenario } from './case-rejudge-fixtures';
import { engines, type EngineName } from './server-fixtures';
import { openServerStore, type TestServerStore } from './server-store-fixtures';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-judge-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function openServer(engine: EngineName): Promise<TestServerStore> {
  const t = await openServerStore(engine);
  cleanup.push(() => t.close());
  return t;
}

/** Pushes `events`, each device's run of consecutive events as one push, as its device. */
async function pushAll(t: TestServerStore, events: readonly EventEnvelope[]): Promise<void> {
  let i = 0;
  while (i < events.length) {
    const first = events[i] as EventEnvelope;
    let j = i;
    while (j < events.length && events[j]?.device === first.device) j++;
    // The branch administrator's desk is a supervisor desk (only those may push staff events).
    const role = events.slice(i, j).some((e) => e.stream.startsWith('staff:')) ? 'supervisor' : 'counter';
    const out = await t.store.push(
      { deviceId: first.device, branch: first.branch, role },
      events.slice(i, j),
      Date.now(),
    );
    expect(out.acks.filter((a) => a.status !== 'accepted')).toEqual([]);
    i = j;
  }
}

/** The case states a desk folds from `events` (every case, by id). */
function deskStates(events: readonly EventEnvelope[]): Record<string, string> {
  const d: DeskDatabase = openDatabase(path.join(tempDir(), 'loopdesk.db'));
  try {
    const store = new EventStore(d, projectors());
    d.sqlite.transaction(() => store.appendInTransaction(events)).immediate();
    const rows = d.sqlite.prepare('SELECT id, state FROM cases').all() as { id: string; state: string }[];
    return Object.fromEntries(rows.map((r) => [r.id, r.state]));
  } finally {
    d.close();
  }
}

async function serverStates(t: TestServerStore): Promise<Record<string, string>> {
  const rows = await t.query('SELECT id, state FROM cases');
  return Object.fromEntries(rows.map((r) => [String(r.id), String(r.state)]));
}

async function judgedIds(t: TestServerStore): Promise<string[]> {
  return (await t.query('SELECT id FROM case_judged')).map((r) => String(r.id)).sort();
}

function expectJudgedAsDesk(sc: RejudgeScenario, states: Record<string, string>): void {
  const severity = (id: string) =>
    (JSON.parse(states[id] as string) as { severity: { value: string } }).severity.value;
  expect(severity(sc.forged)).toBe('urgent');
  expect(severity(sc.demoted)).toBe('urgent');
  expect(severity(sc.promoted)).toBe('general');
}

describe.each(engines())(
  'head office judges restricted acts as the desks do ($engine)',
  ({ engine, skip }) => {
    it.skipIf(skip !== null)(
      'ignores a forged act, and re-judges when staff events are pushed late',
      async () => {
        const sc = rejudgeScenario(Date.UTC(2026, 10, 20, 1), 'GZ', 'dev-J');
        const desk = deskStates([...sc.staff, ...sc.cases]);
        expectJudgedAsDesk(sc, desk);

        const staffFirst = await openServer(engine);
        await pushAll(staffFirst, [...sc.staff, ...sc.cases]);
        expect(await serverStates(staffFirst)).toEqual(desk);

        const staffLast = await openServer(engine);
        await pushAll(staffLast, sc.cases);
        await pushAll(staffLast, sc.staff.slice(0, -1));
        // Before the promotion arrives, the clerk's drop has no effect here either.
        expect(JSON.parse((await serverStates(staffLast))[sc.promoted] as string).severity.value).toBe(
          'urgent',
        );
        await pushAll(staffLast, sc.staff.slice(-1));
        expect(await serverStates(staffLast)).toEqual(desk);

        // A rebuild (after an upgrade) folds the same states and finds the same judged cases.
        const judged = await judgedIds(staffLast);
        expect(judged).toEqual([sc.promoted, sc.demoted, sc.lateSupervisor, sc.forged].sort());
        await staffLast.reopenRebuilt();
        expect(await serverStates(staffLast)).toEqual(desk);
        expect(await judgedIds(staffLast)).toEqual(judged);
      },
    );
  },
);
