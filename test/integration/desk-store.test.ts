/**
 * The event store behind the desk: appendEvents (idempotent, verified,
 * out-of-order safe), LWW and workflow folding, rebuild, upgrade replay.
 * Storage is the subject here, so these tests also read the tables.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { DeskEvent } from '../../shared/contract/api';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { newId } from '../../shared/domain/kernel/ids';
import { fastEventHash } from '../../electron/desk/kernel/eventStore';
import { openDesk } from '../../electron/desk';
import { gramsOf } from '../../electron/desk/features/cases/search';
import {
  createCase,
  openTestDesk,
  recordSteps,
  RemoteDevice,
  removeDir,
  shuffled,
  staffSession,
  STEP_FIELDS,
  tempDir,
  type TestDesk,
  readDeskDb,
} from './desk-fixtures';

const DAY = Date.parse('2026-11-20T00:00:00Z');

/** Every projection row (incl. rowid) plus the FTS answer for a sample of tokens. */
function dumpProjections(dir: string) {
  return readDeskDb(dir, (db) => {
    const cases = db.prepare('SELECT rowid AS _rowid, * FROM cases ORDER BY rowid').all() as {
      search_text: string;
    }[];
    const staff = db.prepare('SELECT rowid AS _rowid, * FROM staff ORDER BY rowid').all();
    // Issue 14: the analysis facts rows, rowids too.
    const facts = db.prepare('SELECT rowid AS _rowid, * FROM case_facts ORDER BY rowid').all();
    const tokens = new Set<string>();
    for (const c of cases) for (const g of gramsOf(c.search_text)) tokens.add(g);
    const sample = [...tokens].sort();
    const q = db.prepare('SELECT rowid FROM case_search WHERE case_search MATCH ? ORDER BY rowid');
    const fts = sample.map((t) => [t, (q.all(`"${t}"`) as { rowid: number }[]).map((r) => r.rowid)]);
    const ftsCount = (
      db
        .prepare(
          "SELECT count(*) AS n FROM case_search WHERE case_search MATCH 'u000030 OR u00005a OR u004e00'",
        )
        .get() as { n: number }
    ).n;
    return { cases, staff, facts, fts, ftsCount, sampleSize: sample.length };
  });
}

describe('appendEvents', () => {
  let t: TestDesk;
  let token: string;
  const seen: DeskEvent[] = [];
  beforeAll(async () => {
    t = await openTestDesk();
    token = t.admin.token;
    t.core.subscribe((e) => seen.push(e));
  });
  afterAll(() => t.close());

  it('uses the same hash as shared/domain/kernel/hash', () => {
    const dev = new RemoteDevice('dev-hash-01', DAY);
    const e = dev.opened(newId(), 1);
    const { hash, ...rest } = e;
    expect(fastEventHash(rest)).toBe(hash);
    expect(eventHash(rest)).toBe(hash);
  });

  it('accepts once, reports duplicates, rejects conflicts, bad hashes and malformed events', async () => {
    const dev = new RemoteDevice('dev-B-7f3a', DAY);
    const caseId = newId();
    const opened = dev.opened(caseId, 1);
    seen.length = 0;
    expect(t.core.appendEvents([opened])).toEqual({ accepted: 1, duplicate: 0, rejected: [] });
    expect(seen).toEqual([{ type: 'case.changed', caseId }]);
    expect(t.core.appendEvents([opened])).toEqual({ accepted: 0, duplicate: 1, rejected: [] });

    const count = () =>
      readDeskDb(t.dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
    const before = count();

    // Same id, different content (properly hashed) -> conflict.
    const changed = dev.event(
      opened.stream,
      'case.note_added',
      { text: '改过的内容' },
      { id: opened.id, hlc: opened.hlc },
    );
    // Tampered payload, stale hash -> hash mismatch.
    const tampered = {
      ...dev.event(opened.stream, 'case.note_added', { text: '原文' }),
      payload: { text: '篡改' },
    };
    const badPayload = dev.event(opened.stream, 'case.note_added', { text: 42 });
    const wrongStream = dev.event(`staff:${newId()}`, 'case.note_added', { text: '放错流' });
    const badHlc = dev.event(opened.stream, 'case.note_added', { text: 'x' }, { hlc: '2026-11-20' });
    const { hash: _drop, ...noHash } = dev.event(opened.stream, 'case.note_added', { text: 'x' });
    const extraField = { ...dev.event(opened.stream, 'case.note_added', { text: 'x' }), extra: 1 };
    const unknownBadHlc = dev.event(opened.stream, 'case.from_a_newer_app', { level: 2 }, { hlc: 'soon' });

    const r = t.core.appendEvents([
      changed,
      tampered,
      badPayload,
      wrongStream,
      badHlc,
      noHash,
      extraField,
      unknownBadHlc,
    ] as EventEnvelope[]);
    expect(r.accepted).toBe(0);
    expect(r.duplicate).toBe(0);
    const reasons = r.rejected.map((x) => x.reason.split(':')[0]);
    expect(reasons.sort()).toEqual(
      [
        'conflicting_hash',
        'hash_mismatch',
        'invalid_payload',
        'wrong_stream',
        'invalid_hlc',
        'invalid_hlc',
        'invalid_envelope',
        'invalid_envelope',
      ].sort(),
    );
    expect(r.rejected.find((x) => x.reason.startsWith('conflicting_hash'))?.id).toBe(opened.id);
    expect(count()).toBe(before);

    // One bad event does not block the rest of the batch; the same id twice in a batch counts once.
    const note = dev.event(opened.stream, 'case.note_added', { text: '正常备注' });
    const r2 = t.core.appendEvents([tampered, note, note]);
    expect(r2).toMatchObject({ accepted: 1, duplicate: 1 });
    expect(r2.rejected).toHaveLength(1);

    // Unknown types and newer schema versions are stored, not folded.
    const future = dev.event(opened.stream, 'case.from_a_newer_app', { level: 'region' });
    const newer = dev.event(opened.stream, 'case.note_added', { text: 'v2', mood: 'x' }, { schema: 2 });
    expect(t.core.appendEvents([future, newer])).toEqual({ accepted: 2, duplicate: 0, rejected: [] });
    const known = readDeskDb(t.dir, (db) =>
      db.prepare('SELECT id, known FROM events WHERE id IN (?, ?, ?)').all(future.id, newer.id, note.id),
    );
    expect(known).toEqual(
      expect.arrayContaining([
        { id: future.id, known: 0 },
        { id: newer.id, known: 0 },
        { id: note.id, known: 1 },
      ]),
    );
    const d = await t.must<CaseDetail>('case.get', { caseId }, token);
    expect(d.timeline.map((e) => e.type)).toEqual([
      'case.opened',
      'case.note_added',
      'case.from_a_newer_app',
      'case.note_added',
    ]);
    expect(d.timeline[1]?.device).toBe('dev-B-7f3a');
  });

  it('merges remote HLCs into the local clock', async () => {
    const dev = new RemoteDevice('dev-future', Date.now() + 3600_000);
    const e = dev.opened(newId(), 2);
    t.core.appendEvents([e]);
    const local = await createCase(t, token);
    const hlc = readDeskDb(
      t.dir,
      (db) =>
        (
          db
            .prepare("SELECT hlc FROM events WHERE stream = ? AND type = 'case.opened'")
            .get(`case:${local.id}`) as { hlc: string }
        ).hlc,
    );
    expect(hlc > e.hlc).toBe(true);
  });

  it('folds out-of-order events: LWW by HLC for fields, workflow order for status', async () => {
    // Edits by the desk's admin (made on other devices, after the admin was
    // created): lowering severity is a supervisor's act, and this test is
    // about LWW, not authority.
    const dev = new RemoteDevice('dev-C-01', DAY, 'SZ', t.admin.staff.id);
    const other = new RemoteDevice('dev-D-02', DAY, 'SZ', t.admin.staff.id);
    const caseId = newId();
    const s = `case:${caseId}`;
    const since = Date.now();
    const h = (k: number) => `${String(since + k * 1000).padStart(15, '0')}-00000`;
    const opened = dev.opened(caseId, 3, {}, h(1));
    const step1 = dev.event(s, 'case.step_recorded', { step: 1, fields: STEP_FIELDS[1] }, { hlc: h(2) });
    const sevOld = other.event(s, 'case.field_set', { field: 'severity', value: 'special' }, { hlc: h(3) });
    const sevNew = dev.event(s, 'case.field_set', { field: 'severity', value: 'major' }, { hlc: h(4) });
    const note = other.event(s, 'case.note_added', { text: '先到的备注' }, { hlc: h(5) });
    const closed = dev.event(s, 'case.closed', { overrideReason: '主管提前结案' }, { hlc: h(6) });
    const reopened = other.event(s, 'case.reopened', { reason: '客户再次投诉' }, { hlc: h(7) });

    // Arrival order: everything backwards, in three batches.
    expect(t.core.appendEvents([reopened, note]).accepted).toBe(2);
    let list = await t.must<CaseListPage>('case.list', { text: '客户3' }, token);
    expect(list.items).toHaveLength(0); // not opened yet: no case row
    expect(t.core.appendEvents([closed, sevNew, sevOld]).accepted).toBe(3);
    expect(t.core.appendEvents([step1, opened]).accepted).toBe(2);

    const d = await t.must<CaseDetail>('case.get', { caseId }, token);
    expect(d.severity).toBe('major'); // the newer edit wins although it arrived first
    expect(d.status).toBe('in_progress'); // closed, then reopened later in HLC order
    expect(d.closedAt).toBeNull();
    expect(d.steps['1']).toEqual(STEP_FIELDS[1]);
    expect(d.timeline.map((e) => e.eventId)).toEqual(
      [opened, step1, sevOld, sevNew, note, closed, reopened].map((e) => e.id),
    );
    list = await t.must<CaseListPage>('case.list', { text: '客户3' }, token);
    expect(list.items.map((i) => i.id)).toEqual([caseId]);

    // A stale edit made offline long ago arrives now: it must not win.
    const stale = other.event(s, 'case.field_set', { field: 'severity', value: 'urgent' }, { hlc: h(3.5) });
    t.core.appendEvents([stale]);
    expect((await t.must<CaseDetail>('case.get', { caseId }, token)).severity).toBe('major');
  });
});

describe('rebuild', () => {
  it('re-folds every projection byte for byte (rows, rowids, search index)', async () => {
    const t = await openTestDesk();
    const dirB = tempDir();
    try {
      const counter = await staffSession(t, 'counter', 'c1', '柜员甲');
      // Local cases through the API.
      for (let i = 0; i < 5; i++) {
        const c = await createCase(t, counter.token, {
          customer: { name: `本地客户${i}`, phone: `1880000000${i}`, gender: 'male', returning: false },
        });
        await recordSteps(t, counter.token, c.id, (i % 6) + 1);
        await t.must('case.addNote', { caseId: c.id, text: `备注${i}` }, counter.token);
        await t.must('case.setField', { caseId: c.id, field: 'severity', value: 'special' }, counter.token);
      }
      // Remote cases: notes, steps, competing LWW edits, close/reopen, unknown types; shuffled arrival.
      const devs = [
        new RemoteDevice('dev-R1', DAY),
        new RemoteDevice('dev-R2', DAY + 500),
        new RemoteDevice('dev-R3', DAY + 250),
      ];
      const remote: EventEnvelope[] = [];
      for (let n = 0; n < 300; n++) {
        const id = newId();
        const s = `case:${id}`;
        const [a, b, c] = [devs[n % 3]!, devs[(n + 1) % 3]!, devs[(n + 2) % 3]!];
        remote.push(a.opened(id, n, { account: n % 2 ? `网络信号差,第${n}次投诉` : `账单多扣费用${n}元` }));
        remote.push(b.event(s, 'case.note_added', { text: `备注 ${n}` }));
        remote.push(c.event(s, 'case.field_set', { field: 'severity', value: n % 2 ? 'major' : 'urgent' }));
        remote.push(b.event(s, 'case.field_set', { field: 'severity', value: 'special' }));
        remote.push(a.event(s, 'case.field_set', { field: 'category', value: 'telecom.value_added' }));
        if (n % 3 === 0) remote.push(a.event(s, 'case.step_recorded', { step: 1, fields: STEP_FIELDS[1] }));
        if (n % 3 === 0)
          remote.push(
            b.event(s, 'case.step_recorded', {
              step: 2,
              fields: { ...STEP_FIELDS[2], account: `复述${n}:扣费两次` },
            }),
          );
        if (n % 5 === 0) remote.push(c.event(s, 'case.closed', { overrideReason: '提前结案' }));
        if (n % 10 === 0) remote.push(a.event(s, 'case.reopened', { reason: '再开' }));
        if (n % 7 === 0) remote.push(c.event(s, 'case.from_a_newer_app', { level: 1 }));
      }
      const arrival = shuffled(remote, 7);
      for (let i = 0; i < arrival.length; i += 97) {
        const batch = arrival.slice(i, i + 97);
        t.core.appendEvents([...batch, ...batch.slice(0, 5)]); // with duplicates
      }

      const before = dumpProjections(t.dir);
      expect(before.cases.length).toBe(305);
      expect(before.facts.length).toBe(305);
      expect(before.sampleSize).toBeGreaterThan(50);
      expect(before.ftsCount).toBeGreaterThan(0);
      const searchBefore = await t.must<CaseListPage>(
        'case.list',
        { text: '扣费', limit: 200 },
        counter.token,
      );

      t.core.rebuild();
      const after = dumpProjections(t.dir);
      expect(after).toEqual(before);
      expect(JSON.stringify(after)).toBe(JSON.stringify(before));
      const searchAfter = await t.must<CaseListPage>(
        'case.list',
        { text: '扣费', limit: 200 },
        counter.token,
      );
      expect(searchAfter).toEqual(searchBefore);
      expect(searchAfter.items.length).toBeGreaterThan(100);

      // A second replica fed the same log in another order folds every case to the same state.
      const log = readDeskDb(t.dir, (db) =>
        (
          db
            .prepare(
              'SELECT id, stream, type, schema, hlc, device, branch, actor, payload, hash FROM events ORDER BY seq',
            )
            .all() as (Omit<EventEnvelope, 'payload'> & { payload: string })[]
        ).map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })),
      );
      const b = openDesk({ dataDir: dirB });
      try {
        const order = shuffled(log, 99);
        for (let i = 0; i < order.length; i += 250) {
          const r = b.appendEvents(order.slice(i, i + 250));
          expect(r.rejected).toEqual([]);
        }
      } finally {
        b.close();
      }
      const statesA = readDeskDb(t.dir, (db) =>
        db.prepare('SELECT id, state, search_text FROM cases ORDER BY id').all(),
      );
      const statesB = readDeskDb(dirB, (db) =>
        db.prepare('SELECT id, state, search_text FROM cases ORDER BY id').all(),
      );
      expect(statesB).toEqual(statesA);
    } finally {
      t.close();
      removeDir(dirB);
    }
  });

  it('folds events an older version stored without understanding them once this version opens the data', async () => {
    const dir = tempDir();
    try {
      const dev = new RemoteDevice('dev-old', DAY);
      const caseId = newId();
      let core = openDesk({ dataDir: dir });
      core.appendEvents([dev.opened(caseId, 1)]);
      core.close();
      // Simulate an older app that stored a note event raw (known = 0) without folding it.
      const note = dev.event(`case:${caseId}`, 'case.note_added', { text: '旧版本未识别' });
      const db = new Database(path.join(dir, 'loopdesk.db'));
      db.prepare(
        'INSERT INTO events (id, stream, type, schema, hlc, device, branch, actor, payload, hash, known) VALUES (?,?,?,?,?,?,?,?,?,?,0)',
      ).run(
        note.id,
        note.stream,
        note.type,
        note.schema,
        note.hlc,
        note.device,
        note.branch,
        note.actor,
        JSON.stringify(note.payload),
        note.hash,
      );
      const noteCount = () =>
        (
          JSON.parse((db.prepare('SELECT state FROM cases').get() as { state: string }).state) as {
            noteCount: number;
          }
        ).noteCount;
      expect(noteCount()).toBe(0);
      db.close();
      core = openDesk({ dataDir: dir });
      core.close();
      const db2 = new Database(path.join(dir, 'loopdesk.db'), { readonly: true });
      expect(
        (
          JSON.parse((db2.prepare('SELECT state FROM cases').get() as { state: string }).state) as {
            noteCount: number;
          }
        ).noteCount,
      ).toBe(1);
      expect(db2.prepare('SELECT known FROM events WHERE id = ?').get(note.id)).toEqual({ known: 1 });
      db2.close();
    } finally {
      removeDir(dir);
    }
  });
});

describe('bulk append', () => {
  it('appends events made elsewhere in batches of 1000 (prints the rate)', () => {
    const dir = tempDir();
    const core = openDesk({ dataDir: dir });
    try {
      const dev = new RemoteDevice('dev-bulk', DAY);
      const events: EventEnvelope[] = [];
      for (let n = 0; events.length < 10_000; n++) {
        const id = newId();
        const s = `case:${id}`;
        events.push(dev.opened(id, n));
        events.push(dev.event(s, 'case.step_recorded', { step: 1, fields: STEP_FIELDS[1] }));
        events.push(dev.event(s, 'case.note_added', { text: `备注${n}` }));
        events.push(dev.event(s, 'case.field_set', { field: 'severity', value: 'major' }));
      }
      const started = performance.now();
      let accepted = 0;
      for (let i = 0; i < events.length; i += 1000)
        accepted += core.appendEvents(events.slice(i, i + 1000)).accepted;
      const seconds = (performance.now() - started) / 1000;
      expect(accepted).toBe(events.length);
      const rate = Math.round(events.length / seconds);
      console.log(`[desk bulk append] ${events.length} events in ${seconds.toFixed(2)} s = ${rate} events/s`);
      expect(rate).toBeGreaterThan(2000); // sanity floor only; see test/bench for the real measurement
    } finally {
      core.close();
      removeDir(dir);
    }
  });
});
