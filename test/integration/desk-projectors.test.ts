/**
 * The projector registry: the event store routes each event by its stream
 * kind to the projector the feature registered, and knows no feature itself.
 */
import { fakeCredential } from '../fixtures/credentials';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STREAM_KINDS } from '../../shared/domain/events';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import { openDatabase, type DeskDatabase } from '../../electron/desk/db/open';
import { projector as caseProjector } from '../../electron/desk/features/cases';
import { projector as libraryProjector } from '../../electron/desk/features/library';
import { projector as volumeProjector } from '../../electron/desk/features/volume';
import { projector as orderProjector } from '../../electron/desk/features/orders';
import { projector as rectProjector } from '../../electron/desk/features/rectification';
import { projector as settingsProjector } from '../../electron/desk/features/settings';
import { projector as staffProjector } from '../../electron/desk/features/staff';
import { EventStore } from '../../electron/desk/kernel/eventStore';
import {
  ProjectorRegistry,
  ProjectorRegistryError,
  type ProjectorFactory,
} from '../../electron/desk/kernel/projectors';
import { RemoteDevice, removeDir, shuffled, tempDir } from './desk-fixtures';

const DAY = Date.UTC(2026, 10, 20, 1);
const CREDENTIAL = fakeCredential();

const dirs: string[] = [];
const dbs: DeskDatabase[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

function openStore(registry: ProjectorRegistry): { d: DeskDatabase; store: EventStore; file: string } {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'loopdesk.db');
  const d = openDatabase(file);
  dbs.push(d);
  return { d, store: new EventStore(d, registry), file };
}

function fullRegistry(): ProjectorRegistry {
  return new ProjectorRegistry([
    ['case', caseProjector],
    ['staff', staffProjector],
    ['settings', settingsProjector],
    ['order', (ctx) => orderProjector(ctx, () => null)],
    ['library', (ctx) => libraryProjector(ctx)],
    ['rect', (ctx) => rectProjector(ctx)],
    ['volume', (ctx) => volumeProjector(ctx)],
  ]);
}

function append(d: DeskDatabase, store: EventStore, events: readonly EventEnvelope[]) {
  return d.sqlite.transaction(() => store.appendInTransaction(events)).immediate();
}

/** Every projection row with its rowid, and the whole gram index, as the file holds them. */
function dump(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      cases: db.prepare('SELECT rowid AS _rowid, * FROM cases ORDER BY rowid').all(),
      staff: db.prepare('SELECT rowid AS _rowid, * FROM staff ORDER BY rowid').all(),
      grams: db.prepare('SELECT rowid AS _rowid, g FROM case_search ORDER BY rowid').all(),
    };
  } finally {
    db.close();
  }
}

describe('ProjectorRegistry', () => {
  const noop: ProjectorFactory = () => ({
    kind: 'x',
    clear: () => {},
    begin: () => ({ apply: () => {}, flush: () => [] }),
  });

  it('refuses a second projector for one stream kind, and a malformed kind', () => {
    const r = new ProjectorRegistry([['case', caseProjector]]);
    expect(() => r.register('case', staffProjector)).toThrow(ProjectorRegistryError);
    expect(() => r.register('case', staffProjector)).toThrow('stream kind "case" already has a projector');
    expect(() => r.register('Work-Order', noop)).toThrow('is not a lower-case name');
    expect(r.kinds()).toEqual(['case']);
  });

  it('names every stream kind of this version that has no projector', () => {
    const noStaff = new ProjectorRegistry([
      ['case', caseProjector],
      ['settings', settingsProjector],
      ['order', (ctx) => orderProjector(ctx, () => null)],
      ['library', (ctx) => libraryProjector(ctx)],
      ['rect', (ctx) => rectProjector(ctx)],
      ['volume', (ctx) => volumeProjector(ctx)],
    ]);
    expect(() => noStaff.assertCovers(STREAM_KINDS)).toThrow(
      'no projector registered for stream kind "staff"',
    );
    expect(() => new ProjectorRegistry().assertCovers(['case', 'staff'])).toThrow(
      'no projector registered for stream kinds "case", "staff"',
    );
    expect(() => fullRegistry().assertCovers(STREAM_KINDS)).not.toThrow();
  });

  it('records which kinds refresh after another changed, and refuses unknown or circular ones', () => {
    const r = fullRegistry().dependsOn('case', 'staff');
    expect(r.dependentsOf('staff')).toEqual(['case']);
    expect(r.dependentsOf('case')).toEqual([]);
    expect(() => r.dependsOn('case', 'workorder')).toThrow('stream kind "workorder" has no projector');
    expect(() => r.dependsOn('case', 'case')).toThrow('cannot depend on itself');
  });

  it('refuses a projector that folds another kind than it was registered for', () => {
    const r = new ProjectorRegistry([['staff', caseProjector]]);
    expect(() => openStore(r)).toThrow('the projector registered for "staff" says it folds "case"');
  });
});

describe('EventStore routing by stream kind', () => {
  const dev = new RemoteDevice('dev-P1', DAY);

  it('refuses, naming the kind, a foldable event whose kind has no projector, and stores nothing', () => {
    const { d, store } = openStore(new ProjectorRegistry([['case', caseProjector]]));
    const caseEvent = dev.opened(newId(), 1);
    const staffEvent = dev.event(`staff:${newId()}`, 'staff.created', {
      name: '柜员乙',
      login: 'clerk2',
      role: 'counter',
      credential: CREDENTIAL,
    });
    expect(() => append(d, store, [caseEvent, staffEvent])).toThrow(
      /no projector registered for stream kind "staff" \(event .* of type staff\.created\)/,
    );
    const counts = d.sqlite.prepare(
      'SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM cases) AS c',
    );
    expect(counts.get()).toEqual({ e: 0, c: 0 });
  });

  it("keeps a newer app's event of an unknown kind in the log without folding it", () => {
    const { d, store } = openStore(fullRegistry());
    const wo = dev.event(`workorder:${newId()}`, 'workorder.opened', { plate: '粤A12345' });
    const out = append(d, store, [wo]);
    expect(out.accepted).toBe(1);
    expect(out.changed.size).toBe(0);
    const row = d.sqlite.prepare('SELECT type, known FROM events WHERE id = ?').get(wo.id);
    expect(row).toEqual({ type: 'workorder.opened', known: 0 });
  });

  it('reports the changed ids per kind, and only the case projector announces them', () => {
    const { d, store } = openStore(fullRegistry());
    const caseId = newId();
    const staffId = newId();
    const out = append(d, store, [
      dev.opened(caseId, 2),
      dev.event(`staff:${staffId}`, 'staff.created', {
        name: '质检员',
        login: 'qc1',
        role: 'qc',
        credential: CREDENTIAL,
      }),
    ]);
    expect(Object.fromEntries(out.changed)).toEqual({ case: [caseId], staff: [staffId] });
    expect(store.projector('case')?.announce?.(caseId)).toEqual({ type: 'case.changed', caseId });
    expect(store.projector('staff')?.announce).toBeUndefined();
  });

  it('rebuilds a store of mixed streams to the very same rows, rowids and gram index', () => {
    const { d, store, file } = openStore(fullRegistry());
    // Staff records count only when an admin makes them (the staff fold): dev-M1 founds one.
    const adminId = newId();
    const devs = [
      new RemoteDevice('dev-M1', DAY - 60_000, 'SZ', adminId),
      new RemoteDevice('dev-M2', DAY + 700, 'SZ', adminId),
    ];
    const events: EventEnvelope[] = [
      devs[0]!.event(`staff:${adminId}`, 'staff.created', {
        name: '管理员',
        login: 'admin',
        role: 'admin',
        credential: CREDENTIAL,
      }),
    ];
    for (let n = 0; n < 40; n++) {
      const [a, b] = [devs[n % 2]!, devs[(n + 1) % 2]!];
      const caseId = newId();
      const s = `case:${caseId}`;
      events.push(a.opened(caseId, n));
      events.push(b.event(s, 'case.note_added', { text: `第${n}次回访备注` }));
      events.push(a.event(s, 'case.field_set', { field: 'severity', value: 'special' }));
      events.push(b.event(s, 'case.field_set', { field: 'severity', value: 'urgent' }));
      if (n % 4 === 0) events.push(a.event(s, 'case.closed', { overrideReason: '客户撤诉' }));
      // Staff: two staff.created for one id from two devices, the later one in fold order arriving first.
      if (n % 5 === 0) {
        const staffId = newId();
        const first = a.event(`staff:${staffId}`, 'staff.created', {
          name: `员工${n}`,
          login: `clerk${n}`,
          role: 'counter',
          credential: CREDENTIAL,
        });
        const second = b.event(`staff:${staffId}`, 'staff.created', {
          name: `员工${n}（重复）`,
          login: `clerk${n}b`,
          role: 'supervisor',
          credential: CREDENTIAL,
        });
        events.push(second, first);
      }
      // Streams of kinds this version does not know, and an unknown type in a case stream.
      if (n % 3 === 0) events.push(a.event(`workorder:${newId()}`, 'workorder.opened', { n }));
      if (n % 7 === 0) events.push(b.event(s, 'case.deadline_paused', { reason: 'customer' }));
    }
    // Arrival order: shuffled, in uneven batches (out-of-order events re-fold).
    const arrival = shuffled(events, 7);
    for (let i = 0; i < arrival.length; i += 17) append(d, store, arrival.slice(i, i + 17));

    const before = dump(file);
    expect(before.cases.length).toBe(40);
    expect(before.staff.length).toBe(9); // the admin and one row per doubly-created id
    expect(before.grams.length).toBe(40);

    store.rebuild(13); // chunks that cut across streams
    const after = dump(file);
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
  });
});
