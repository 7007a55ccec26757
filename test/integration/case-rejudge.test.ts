/**
 * Restricted case acts are judged with the staff directory of every staff
 * event known, and judged again when staff events arrive later
 * (electron/desk/projection.ts, the case projector's `case_judged`): two
 * desks that receive the same events in different orders end with the same
 * case rows, and a rebuild gives the very rows the incremental path gave.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseState } from '../../shared/domain/cases/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { openDatabase, type DeskDatabase } from '../../electron/desk/db/open';
import { EventStore } from '../../electron/desk/kernel/eventStore';
import { projectors } from '../../electron/desk/projection';
import { rejudgeScenario } from './case-rejudge-fixtures';
import { removeDir, shuffled, tempDir } from './desk-fixtures';

const dirs: string[] = [];
const dbs: DeskDatabase[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

function openStore(): { d: DeskDatabase; store: EventStore; file: string } {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'loopdesk.db');
  const d = openDatabase(file);
  dbs.push(d);
  return { d, store: new EventStore(d, projectors()), file };
}

function append(d: DeskDatabase, store: EventStore, events: readonly EventEnvelope[]) {
  return d.sqlite.transaction(() => store.appendInTransaction(events)).immediate();
}

/** Appends `events` in batches of `size`. */
function appendAll(d: DeskDatabase, store: EventStore, events: readonly EventEnvelope[], size: number) {
  for (let i = 0; i < events.length; i += size) append(d, store, events.slice(i, i + size));
}

/** The case rows by id, without their position (which follows arrival order). */
function caseRows(d: DeskDatabase): unknown[] {
  return d.sqlite
    .prepare('SELECT * FROM cases ORDER BY id')
    .all()
    .map((r) => ({ ...(r as Record<string, unknown>), pos: undefined }));
}

function stateOf(d: DeskDatabase, caseId: string): CaseState {
  const row = d.sqlite.prepare('SELECT state FROM cases WHERE id = ?').get(caseId) as { state: string };
  return JSON.parse(row.state) as CaseState;
}

/** Every projection row with its rowid, the gram index and the judged cases, as the file holds them. */
function dump(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      cases: db.prepare('SELECT rowid AS _rowid, * FROM cases ORDER BY rowid').all(),
      staff: db.prepare('SELECT rowid AS _rowid, * FROM staff ORDER BY rowid').all(),
      grams: db.prepare('SELECT rowid AS _rowid, g FROM case_search ORDER BY rowid').all(),
      judged: db.prepare('SELECT case_pos FROM case_judged ORDER BY case_pos').all(),
    };
  } finally {
    db.close();
  }
}

describe('re-judging restricted acts when staff events arrive late', () => {
  it('gives two desks the same case rows whether the staff events arrive before or after the acts', () => {
    const sc = rejudgeScenario();
    const staffFirst = openStore();
    appendAll(staffFirst.d, staffFirst.store, [...sc.staff, ...sc.cases], 1000);
    const staffLast = openStore();
    // The case events first (in batches), then the staff events one by one, the promotion last.
    appendAll(staffLast.d, staffLast.store, sc.cases, 4);
    for (const e of sc.staff) append(staffLast.d, staffLast.store, [e]);

    expect(caseRows(staffLast.d)).toEqual(caseRows(staffFirst.d));
    for (const { d } of [staffFirst, staffLast]) {
      // The clerk was promoted before lowering severity: the drop counts.
      expect(stateOf(d, sc.promoted).severity.value).toBe('general');
      expect(stateOf(d, sc.promoted).flags).toEqual([]);
      // The supervisor was demoted (dated earlier) before lowering severity: no effect, flagged.
      expect(stateOf(d, sc.demoted).severity.value).toBe('urgent');
      expect(stateOf(d, sc.demoted).flags).toEqual([
        { act: 'lower_severity', eventId: sc.demotedAct, reason: 'no_authority' },
      ]);
      // A counter clerk's severity drop from a tampered desk: no effect, flagged.
      expect(stateOf(d, sc.forged).severity.value).toBe('urgent');
      expect(stateOf(d, sc.forged).flags).toEqual([
        { act: 'lower_severity', eventId: sc.forgedAct, reason: 'no_authority' },
      ]);
      // A supervisor whose staff.created arrives after their act: the extension counts.
      expect(stateOf(d, sc.lateSupervisor).dueAt.value).toBe('2026-12-31T00:00:00.000Z');
      expect(stateOf(d, sc.lateSupervisor).flags).toEqual([]);
    }
  });

  it('announces the cases a late staff event re-judged, and only those', () => {
    const sc = rejudgeScenario();
    const { d, store } = openStore();
    appendAll(d, store, sc.cases, 1000);
    const promotion = sc.staff.at(-1) as EventEnvelope;
    appendAll(d, store, sc.staff.slice(0, -1), 1000);
    expect(stateOf(d, sc.promoted).severity.value).toBe('urgent');
    const out = append(d, store, [promotion]);
    expect(out.changed.get('case')).toEqual([sc.promoted]);
    expect(stateOf(d, sc.promoted).severity.value).toBe('general');
  });

  it('rebuilds, whatever the chunks, to the very rows the late staff events left', () => {
    const sc = rejudgeScenario();
    const { d, store, file } = openStore();
    // Shuffled, in uneven batches, the staff events late on the whole.
    const cases = shuffled(sc.cases, 3);
    const arrival = [...cases.slice(0, 20), ...shuffled([...cases.slice(20), ...sc.staff], 5)];
    appendAll(d, store, arrival, 7);
    const before = dump(file);
    expect(before.cases.length).toBe(30);
    expect(before.judged.length).toBe(4);
    expect(stateOf(d, sc.promoted).severity.value).toBe('general');
    expect(stateOf(d, sc.demoted).severity.value).toBe('urgent');

    for (const chunk of [3, 11, 5000]) {
      store.rebuild(chunk);
      expect(JSON.stringify(dump(file))).toBe(JSON.stringify(before));
    }
  });
});
