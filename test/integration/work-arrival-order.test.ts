/**
 * The deadline rows (`case_work`, `case_work_basis`, `callback_days`) depend
 * only on the events, never on the order or the batches they arrive in
 * (issue 9; electron/desk/features/cases/work.ts): settings changes dated
 * before and after the cases' receipts, one made by an administrator demoted
 * earlier (no effect once the demotion is known), staff events arriving last,
 * pauses, contacts, closes and callbacks, delivered to desks in shuffled
 * orders and uneven batches, end in the same rows; a rebuild, whatever its
 * chunks, writes them again.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import { DEFAULT_DEADLINE_RULES } from '../../shared/domain/deadlines/rules';
import { SETTINGS_STREAM, SETTINGS_STREAM_ID } from '../../shared/domain/settings/payloads';
import { openDatabase, type DeskDatabase } from '../../electron/desk/db/open';
import { EventStore } from '../../electron/desk/kernel/eventStore';
import { projectors } from '../../electron/desk/projection';
import { fakeCredential } from '../fixtures/credentials';
import { RemoteDevice, removeDir, shuffled, tempDir } from './desk-fixtures';

const dirs: string[] = [];
const dbs: DeskDatabase[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

const HOUR = 3_600_000;
const START = Date.parse('2026-03-09T01:00:00.000Z'); // Mon 09:00 in Guangzhou
const SETTINGS = `${SETTINGS_STREAM}:${SETTINGS_STREAM_ID}`;

function openStore() {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'loopdesk.db');
  const d = openDatabase(file);
  dbs.push(d);
  return { d, store: new EventStore(d, projectors()), file };
}

function appendAll(d: DeskDatabase, store: EventStore, events: readonly EventEnvelope[], size: number) {
  for (let i = 0; i < events.length; i += size) {
    const batch = events.slice(i, i + size);
    d.sqlite.transaction(() => store.appendInTransaction(batch)).immediate();
  }
}

/** The deadline rows by case id (positions follow arrival order, so they are left out). */
function workRows(d: DeskDatabase) {
  return {
    work: d.sqlite
      .prepare(
        `SELECT c.id, w.kind, w.ref, w.owner, w.due_ms, w.met_ms, w.ended_ms
         FROM case_work w JOIN cases c ON c.pos = w.case_pos ORDER BY c.id, w.kind, w.ref`,
      )
      .all(),
    basis: d.sqlite
      .prepare(
        `SELECT c.id, b.received_ms, b.settings_key FROM case_work_basis b JOIN cases c ON c.pos = b.case_pos
         ORDER BY c.id`,
      )
      .all(),
    days: d.sqlite.prepare('SELECT * FROM callback_days ORDER BY day').all(),
  };
}

/** Everything the case projection wrote, positions included, as the file holds it. */
function dump(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return JSON.stringify({
      work: db.prepare('SELECT * FROM case_work ORDER BY case_pos, kind, ref').all(),
      basis: db.prepare('SELECT * FROM case_work_basis ORDER BY case_pos').all(),
      days: db.prepare('SELECT * FROM callback_days ORDER BY day').all(),
    });
  } finally {
    db.close();
  }
}

function scenario() {
  const adminId = newId();
  const admin2Id = newId();
  const clerkId = newId();
  const admin = new RemoteDevice('dev-W1', START - 10 * HOUR, 'GZ', adminId);
  const created = (id: string, login: string, role: string) =>
    admin.event(`staff:${id}`, 'staff.created', { name: login, login, role, credential: fakeCredential() });
  const rulesWith = (general: unknown, hlcMs: number, device: RemoteDevice) =>
    device.event(
      SETTINGS,
      'settings.rules_set',
      { rules: { ...DEFAULT_DEADLINE_RULES, handling: { ...DEFAULT_DEADLINE_RULES.handling, general } } },
      { hlc: `${String(hlcMs).padStart(15, '0')}-00000` },
    );
  const staff = [
    created(adminId, 'admin', 'admin'),
    created(admin2Id, 'admin2', 'admin'),
    created(clerkId, 'c', 'counter'),
  ];
  // admin2 is demoted at 11:00 Monday; their change at 12:30 then has no effect.
  const demotion = admin.event(
    `staff:${admin2Id}`,
    'staff.roleChanged',
    { role: 'counter' },
    {
      hlc: `${String(START + 2 * HOUR).padStart(15, '0')}-00000`,
    },
  );
  const admin2 = new RemoteDevice('dev-W2', START, 'GZ', admin2Id);
  const settings = [
    rulesWith({ kind: 'workingMinutes', minutes: 60 }, START + 1 * HOUR, admin), // Mon 10:00
    rulesWith({ kind: 'workingMinutes', minutes: 15 }, START + 3.5 * HOUR, admin2), // Mon 12:30, demoted
    rulesWith({ kind: 'workingDays', days: 2 }, START + 26 * HOUR, admin), // Tue 11:00
  ];

  const clerk = new RemoteDevice('dev-W3', START, 'GZ', clerkId);
  const cases: EventEnvelope[] = [];
  for (let n = 0; n < 24; n++) {
    const id = newId();
    const openedMs = START + n * 2.5 * HOUR;
    const at = (ms: number) => `${String(ms).padStart(15, '0')}-00000`;
    const ev = (type: string, payload: unknown, ms: number) =>
      clerk.event(`case:${id}`, type, payload, { hlc: at(ms) });
    cases.push(
      clerk.opened(
        id,
        n,
        { receivedAt: new Date(openedMs - 30 * 60_000).toISOString(), owner: clerkId },
        at(openedMs),
      ),
    );
    if (n % 3 === 0) {
      cases.push(ev('case.paused', { reason: 'parts', note: '' }, openedMs + HOUR));
      if (n % 2 === 0) cases.push(ev('case.resumed', { note: '' }, openedMs + 5 * HOUR));
    }
    if (n % 4 === 1) {
      for (let k = 0; k < 3; k++) {
        const t = openedMs + (k + 1) * HOUR;
        cases.push(
          ev(
            'case.contact_attempted',
            { at: new Date(t).toISOString(), channel: 'phone', outcome: 'busy', note: '' },
            t + 1000,
          ),
        );
      }
    }
    if (n % 4 === 2) {
      cases.push(ev('case.closed', { overrideReason: '客户撤诉' }, openedMs + 2 * HOUR));
      const t = openedMs + 20 * HOUR;
      cases.push(
        ev(
          'case.callback_recorded',
          {
            at: new Date(t).toISOString(),
            outcome: n % 8 === 2 ? 'reached' : 'no_answer',
            reachedWho: '',
            satisfaction: n % 8 === 2 ? 4 : null,
            comment: '',
          },
          t + 1000,
        ),
      );
    }
  }
  return { staff, demotion, settings, cases };
}

describe('deadline rows whatever the arrival order', () => {
  it('end the same on desks that receive the events in different orders and batches', () => {
    const sc = scenario();
    const inOrder = openStore();
    appendAll(inOrder.d, inOrder.store, [...sc.staff, sc.demotion, ...sc.settings, ...sc.cases], 1000);
    const reference = workRows(inOrder.d);
    // the demoted administrator's change had no effect: handling follows the 10:00 rules until Tuesday 11:00
    expect(new Set(reference.basis.map((b) => (b as { settings_key: string }).settings_key)).size).toBe(3);
    // every kind of fact took effect: exhausted contacts, callbacks (one reached per pair), open pauses
    const work = reference.work as {
      kind: string;
      due_ms: number | null;
      met_ms: number | null;
      ended_ms: number | null;
    }[];
    expect(work.filter((w) => w.kind === 'contact' && w.ended_ms !== null)).toHaveLength(6);
    expect(work.filter((w) => w.kind === 'callback')).toHaveLength(6);
    expect(work.filter((w) => w.kind === 'callback' && w.met_ms !== null)).toHaveLength(3);
    expect(work.some((w) => w.due_ms === null)).toBe(true);
    const ignored = inOrder.d.sqlite.prepare(
      `SELECT count(*) FROM cases WHERE json_extract(state, '$.ignored') > 0`,
    );
    expect(ignored.pluck().get()).toBe(0);

    const orders: [EventEnvelope[], number][] = [
      [[...sc.cases, ...sc.settings, ...sc.staff, sc.demotion], 5],
      [[...sc.staff, ...sc.settings, ...sc.cases, sc.demotion], 3],
      [[...shuffled(sc.cases, 1), ...shuffled([...sc.settings, ...sc.staff, sc.demotion], 2)], 7],
      [shuffled([...sc.cases, ...sc.settings, ...sc.staff, sc.demotion], 9), 1],
    ];
    for (const [events, size] of orders) {
      const desk = openStore();
      appendAll(desk.d, desk.store, events, size);
      expect(workRows(desk.d)).toEqual(reference);
    }
  });

  it('rebuild, whatever its chunks, to the very rows the incremental path left', () => {
    const sc = scenario();
    const { d, store, file } = openStore();
    appendAll(d, store, shuffled([...sc.cases, ...sc.settings, ...sc.staff, sc.demotion], 4), 6);
    const before = dump(file);
    for (const chunk of [1, 7, 5000]) {
      store.rebuild(chunk);
      expect(dump(file)).toBe(before);
    }
  });
});
