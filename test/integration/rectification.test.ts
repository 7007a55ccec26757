/**
 * Rectification items through DeskApi (issue 14 item 7; electron/desk/
 * features/rectification/): a supervisor opens an item for a category,
 * the owner records progress, the supervisor completes it with evidence and
 * reopens it; the list shows open / overdue / done; a clerk is refused
 * (storing nothing) and a clerk's forged events change nothing, which a
 * rebuild agrees with. The effect beside each item is checked against a
 * hand-computed fixture of analysis facts.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RectView } from '../../shared/contract/methods/rectification';
import {
  FACT_COLUMNS,
  NOT_NULL_COLUMNS,
  TEXT_COLUMNS,
  type FactColumn,
} from '../../shared/domain/analysis/columns';
import { newId } from '../../shared/domain/kernel/ids';
import { addDays } from '../../shared/domain/rectification/effect';
import { DB_FILE_NAME } from '../../electron/desk';
import { RemoteDevice, type TestDesk } from './desk-fixtures';
import { clerkAndBoss, deskPerTest, eventCount, refused } from './case-desk-fixtures';

const openDesk = deskPerTest();
const DAY = 86_400_000;

async function cast() {
  const desk = await openDesk();
  const { clerk, boss } = await clerkAndBoss(desk);
  return { desk, clerk, boss };
}

const openInput = (owner: string, extra: Record<string, unknown> = {}) => ({
  scope: { dim: 'category', value: 'banking.fees' },
  defect: '年费收取前未告知客户',
  measure: '办卡时书面告知年费标准；柜员培训',
  owner,
  dueAt: new Date(Date.now() + 14 * DAY).toISOString(),
  ...extra,
});

function rowsOf(desk: TestDesk): { id: string; status: string; item: string }[] {
  const db = new Database(path.join(desk.dir, DB_FILE_NAME), { readonly: true });
  try {
    return db.prepare('SELECT id, status, item FROM rectifications ORDER BY pos').all() as {
      id: string;
      status: string;
      item: string;
    }[];
  } finally {
    db.close();
  }
}

describe('an item tracked to the end', () => {
  it('open → progress (owner) → complete → reopen, each in the list with its state', async () => {
    const { desk, clerk, boss } = await cast();
    const opened = await desk.must<RectView>('rectification.open', openInput(clerk.staff.id), boss.token);
    expect(opened).toMatchObject({
      scope: { dim: 'category', value: 'banking.fees' },
      owner: clerk.staff.id,
      ownerName: 'counter-li',
      state: 'open',
      openedBy: boss.staff.id,
    });
    const id = opened.id;
    const p = await desk.must<RectView>(
      'rectification.progress',
      { id, note: '已完成第一轮培训' },
      clerk.token,
    );
    expect(p.progress.map((n) => n.text)).toEqual(['已完成第一轮培训']);
    const done = await desk.must<RectView>(
      'rectification.complete',
      { id, evidence: '培训签到表、新版告知书' },
      boss.token,
    );
    expect(done.state).toBe('done');
    expect(done.completions.map((n) => n.text)).toEqual(['培训签到表、新版告知书']);
    const again = await desk.must<RectView>(
      'rectification.reopen',
      { id, reason: '本月仍有同类投诉' },
      boss.token,
    );
    expect(again.state).toBe('open');
    expect(again.reopens.map((n) => n.text)).toEqual(['本月仍有同类投诉']);

    // An overdue one: opened with a due date a minute ahead, asked about after it (by state filter).
    const late = await desk.must<RectView>(
      'rectification.open',
      openInput(boss.staff.id, {
        scope: { dim: 'failurePoint', value: 'billing' },
        dueAt: new Date(Date.now() + 1500).toISOString(),
      }),
      boss.token,
    );
    await new Promise((r) => setTimeout(r, 1600));
    const list = await desk.must<{ items: RectView[] }>('rectification.list', {}, clerk.token);
    expect(list.items.map((x) => [x.id, x.state])).toEqual([
      [late.id, 'overdue'],
      [id, 'open'],
    ]);
    await desk.must('rectification.complete', { id, evidence: '复查通过' }, boss.token);
    const doneOnly = await desk.must<{ items: RectView[] }>(
      'rectification.list',
      { state: 'done' },
      clerk.token,
    );
    expect(doneOnly.items.map((x) => x.id)).toEqual([id]);
    const byScope = await desk.must<{ items: RectView[] }>(
      'rectification.list',
      { dim: 'failurePoint', value: 'billing' },
      clerk.token,
    );
    expect(byScope.items.map((x) => x.id)).toEqual([late.id]);
    // A rebuild gives the same rows.
    const before = rowsOf(desk);
    desk.core.rebuild();
    expect(rowsOf(desk)).toEqual(before);
  });

  it('refuses a clerk’s opening, completion and reopening, a stranger’s progress, and bad input, storing nothing', async () => {
    const { desk, clerk, boss } = await cast();
    expect((await refused(desk, 'rectification.open', openInput(clerk.staff.id), clerk.token)).code).toBe(
      'forbidden',
    );
    const item = await desk.must<RectView>('rectification.open', openInput(boss.staff.id), boss.token);
    const id = item.id;
    const notOwner = await refused(desk, 'rectification.progress', { id, note: '看过了' }, clerk.token, 'en');
    expect(notOwner.code).toBe('forbidden');
    expect(notOwner.message).toContain('owner or a supervisor');
    expect((await refused(desk, 'rectification.complete', { id, evidence: 'x' }, clerk.token)).code).toBe(
      'forbidden',
    );
    const notDone = await refused(desk, 'rectification.reopen', { id, reason: '再看看' }, boss.token);
    expect(notDone.code).toBe('invalid_state');
    expect(notDone.message).toContain('尚未完成');
    // Bad input: control characters, lengths, bad dates, unknown scope values, unknown owner.
    const bad = async (extra: Record<string, unknown>, locale: 'zh-CN' | 'en' = 'en') =>
      refused(desk, 'rectification.open', openInput(boss.staff.id, extra), boss.token, locale);
    expect((await bad({ defect: 'bell\u0007' })).code).toBe('invalid_input');
    expect((await bad({ measure: 'x'.repeat(2001) })).code).toBe('invalid_input');
    expect((await bad({ defect: '   ' })).code).toBe('invalid_input');
    expect((await bad({ dueAt: '2026-02-30' })).code).toBe('invalid_input');
    expect((await bad({ dueAt: 'tomorrow' })).code).toBe('invalid_input');
    const past = await bad({ dueAt: new Date(Date.now() - DAY).toISOString() });
    expect(past.fields?.dueAt).toContain('past');
    const cat = await bad({ scope: { dim: 'category', value: 'banking.nope' } }, 'zh-CN');
    expect(cat.fields?.['scope.value']).toContain('没有这个投诉类别');
    expect((await bad({ scope: { dim: 'mainCategory', value: 'banking.fees' } })).code).toBe('invalid_input');
    expect((await bad({ scope: { dim: 'failurePoint', value: 'moon' } })).code).toBe('invalid_input');
    expect((await bad({ scope: { dim: 'region', value: 'x' } })).code).toBe('invalid_input');
    const owner = await bad({ owner: newId() });
    expect(owner.fields?.owner).toContain('could not be found');
    expect((await refused(desk, 'rectification.progress', { id: newId(), note: 'x' }, boss.token)).code).toBe(
      'not_found',
    );
  });

  it('gives a clerk’s forged opening and completion no effect; the owner’s progress from another desk counts', async () => {
    const { desk, clerk, boss } = await cast();
    const evil = new RemoteDevice('dev-evil', Date.now(), 'GZ', clerk.staff.id);
    const ghost = newId();
    const forgedOpen = evil.event(`rect:${ghost}`, 'rect.opened', {
      scope: { dim: 'category', value: 'banking.fees' },
      defect: 'x',
      measure: 'y',
      owner: clerk.staff.id,
      dueAt: new Date(Date.now() + DAY).toISOString(),
    });
    expect(desk.core.appendEvents([forgedOpen]).accepted).toBe(1);
    expect((await refused(desk, 'rectification.get', { id: ghost }, boss.token)).code).toBe('not_found');

    const item = await desk.must<RectView>('rectification.open', openInput(clerk.staff.id), boss.token);
    const n = eventCount(desk);
    const forged = [
      evil.event(`rect:${item.id}`, 'rect.completed', { evidence: '自己说完成了' }),
      evil.event(`rect:${item.id}`, 'rect.progressed', { note: '责任人在另一台终端记录的进展' }),
    ];
    expect(desk.core.appendEvents(forged).accepted).toBe(2);
    expect(eventCount(desk)).toBe(n + 2);
    const after = await desk.must<RectView>('rectification.get', { id: item.id }, boss.token);
    expect(after.state).toBe('open');
    expect(after.completions).toEqual([]);
    // The clerk is the owner: their progress counts.
    expect(after.progress.map((x) => x.text)).toEqual(['责任人在另一台终端记录的进展']);
    const flags = (JSON.parse(rowsOf(desk).find((r) => r.id === item.id)!.item) as { flags: unknown[] })
      .flags;
    expect(flags).toEqual([
      { eventId: forged[0]!.id, type: 'rect.completed', actor: clerk.staff.id, reason: 'no_authority' },
    ]);
    const rows = rowsOf(desk);
    desk.core.rebuild();
    expect(rowsOf(desk)).toEqual(rows);
  });
});

/** Creates `case_facts` as issue 14's desk migration does (unless it exists) and inserts rows. */
function seedFacts(desk: TestDesk, rows: { day: string; category: string; failurePoint?: string }[]) {
  const db = new Database(path.join(desk.dir, DB_FILE_NAME));
  try {
    const cols = Object.values(FACT_COLUMNS) as FactColumn[];
    const ddl = cols.map(
      (c) => `${c} ${TEXT_COLUMNS.has(c) ? 'TEXT' : 'INTEGER'}${NOT_NULL_COLUMNS.has(c) ? ' NOT NULL' : ''}`,
    );
    db.exec(`CREATE TABLE IF NOT EXISTS case_facts (case_id TEXT PRIMARY KEY, ${ddl.join(', ')})`);
    const insert = db.prepare(
      `INSERT INTO case_facts (case_id, ${cols.join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`,
    );
    for (const r of rows) {
      const values = cols.map((c) => {
        if (c === 'received_day') return r.day;
        if (c === 'category') return r.category;
        if (c === 'main_category') return r.category.split('.')[0]!;
        if (c === 'failure_point') return r.failurePoint ?? null;
        if (!NOT_NULL_COLUMNS.has(c)) return null;
        return TEXT_COLUMNS.has(c) ? 'x' : 0;
      });
      insert.run(newId(), ...values);
    }
  } finally {
    db.close();
  }
}

describe('the effect beside each item', () => {
  it('counts complaints of its kind in the same number of days before and since it was opened', async () => {
    const { desk, clerk, boss } = await cast();
    const fees = await desk.must<RectView>('rectification.open', openInput(clerk.staff.id), boss.token);
    const main = await desk.must<RectView>(
      'rectification.open',
      openInput(clerk.staff.id, { scope: { dim: 'mainCategory', value: 'banking' } }),
      boss.token,
    );
    const fp = await desk.must<RectView>(
      'rectification.open',
      openInput(clerk.staff.id, { scope: { dim: 'failurePoint', value: 'billing' } }),
      boss.token,
    );
    const O = fees.openedDay;
    const d = (n: number) => addDays(O, n);
    seedFacts(desk, [
      { day: d(-11), category: 'banking.fees' }, // before the window
      { day: d(-10), category: 'banking.fees', failurePoint: 'billing' },
      { day: d(-3), category: 'banking.fees' },
      { day: d(-1), category: 'banking.fees', failurePoint: 'billing' },
      { day: d(-2), category: 'banking.cards' },
      { day: d(0), category: 'banking.fees' },
      { day: d(9), category: 'banking.fees', failurePoint: 'billing' },
      { day: d(10), category: 'banking.fees' }, // after the window
      { day: d(4), category: 'telecom.billing' },
    ]);
    const list = await desk.must<{ items: RectView[]; effectAvailable: boolean }>(
      'rectification.list',
      { asOfDay: d(10) },
      clerk.token,
    );
    expect(list.effectAvailable).toBe(true);
    const of = (id: string) => list.items.find((x) => x.id === id)!.effect;
    // Hand-computed: 10 days either side of O.
    expect(of(fees.id)).toEqual({
      days: 10,
      before: { fromDay: d(-10), toDay: O, count: 3 },
      after: { fromDay: O, toDay: d(10), count: 2 },
      change: -1,
      changeRate: -1 / 3,
      trend: 'fell',
    });
    expect(of(main.id)).toMatchObject({ before: { count: 4 }, after: { count: 2 }, trend: 'fell' });
    expect(of(fp.id)).toMatchObject({
      before: { count: 2 },
      after: { count: 1 },
      change: -1,
      changeRate: -0.5,
    });
    // On the day it was opened there is no whole day to compare yet.
    const today = await desk.must<RectView>('rectification.get', { id: fees.id, asOfDay: O }, clerk.token);
    expect(today.effect).toBeNull();
    // Three days on: [O-3, O) vs [O, O+3).
    const three = await desk.must<RectView>('rectification.get', { id: fees.id, asOfDay: d(3) }, clerk.token);
    expect(three.effect).toMatchObject({ days: 3, before: { count: 2 }, after: { count: 1 }, trend: 'fell' });
  });
});

describe('due dates from other desks, and days that do not exist', () => {
  it('lists open items by the due instant, also one opened on another desk with an offset', async () => {
    const desk = await openDesk();
    const { clerk, boss } = await clerkAndBoss(desk);
    const base = new Date(Date.now() + 10 * DAY);
    base.setUTCHours(18, 0, 0, 0);
    const local = await desk.must<RectView>(
      'rectification.open',
      openInput(clerk.staff.id, { dueAt: base.toISOString() }),
      boss.token,
    );
    // 23:59:59 in Shanghai is 15:59:59 UTC: due two hours before the local item.
    const remoteDue = `${base.toISOString().slice(0, 10)}T23:59:59+08:00`;
    const other = new RemoteDevice('dev-other', Date.now(), 'SZ', boss.staff.id);
    const remoteId = newId();
    const appended = desk.core.appendEvents([
      other.event(`rect:${remoteId}`, 'rect.opened', {
        scope: { dim: 'category', value: 'banking.fees' },
        defect: '另一台终端开的整改项',
        measure: '措施',
        owner: clerk.staff.id,
        dueAt: remoteDue,
      }),
    ]);
    expect(appended.accepted).toBe(1);
    const list = await desk.must<{ items: RectView[] }>('rectification.list', {}, boss.token);
    expect(list.items.map((x) => x.id)).toEqual([remoteId, local.id]);
    expect(list.items[0]!.dueAt).toBe(new Date(Date.parse(remoteDue)).toISOString());
  });

  it('refuses an as-of day that does not exist (30 February), not rolling it into March', async () => {
    const desk = await openDesk();
    const { boss } = await clerkAndBoss(desk);
    const item = await desk.must<RectView>('rectification.open', openInput(boss.staff.id), boss.token);
    const r = await desk.call('rectification.get', { id: item.id, asOfDay: '2026-02-30' }, boss.token, 'en');
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error.code).toBe('invalid_input');
    const ok = await desk.call('rectification.get', { id: item.id, asOfDay: '2026-02-28' }, boss.token, 'en');
    expect(ok.ok).toBe(true);
  });
});
