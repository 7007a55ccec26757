/**
 * Issue 12 item 4 through DeskApi: the customer's history (`customer.history`)
 * by phone however it is typed, repeat complaints within and outside the
 * branch's window (a settings rule), an earlier case synced in LATER from
 * another desk making the later one a repeat, the list's repeat filter, a
 * rebuild giving the same rows, and the history lookup on its index.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { CustomerHistory } from '../../shared/contract/methods/customers';
import type { DeskEvent } from '../../shared/contract/api';
import { DEFAULT_DEADLINE_RULES } from '../../shared/domain/deadlines/rules';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import { openDatabase } from '../../electron/desk/db/open';
import { historyQueries } from '../../electron/desk/features/customers/queries';
import { repeatSql } from '../../electron/desk/features/cases/repeats';
import {
  createCase,
  openTestDesk,
  readDeskDb,
  RemoteDevice,
  staffSession,
  type TestDesk,
} from './desk-fixtures';
import { deskPerTest } from './case-desk-fixtures';

const openDesk = deskPerTest();

const DAY = 86_400_000;
const PHONE = '13800138000';

/** A case opened on another desk of the branch `daysAgo` days ago (its HLC then: no back-dating). */
function remoteCase(phone: string, daysAgo: number, device = 'dev-B', name = '李秀英') {
  const at = Date.now() - daysAgo * DAY;
  const dev = new RemoteDevice(device, at, 'GZ');
  const id = newId();
  const e = dev.opened(
    id,
    Math.floor(daysAgo),
    {
      customer: { name, phone, gender: 'female', returning: true },
      category: 'banking.cards',
      receivedAt: new Date(at).toISOString(),
    },
    formatHlc(at, 0),
  );
  return { id, event: e };
}

const history = (desk: TestDesk, token: string, input: { phone?: string; name?: string }) =>
  desk.must<CustomerHistory>('customer.history', input, token);

/** The issue-12 rows by case id (positions follow arrival order, so they are left out). */
const rows = (desk: TestDesk) =>
  readDeskDb(desk.dir, (db) => ({
    cases: db.prepare('SELECT id, repeat, nature, fcr FROM cases ORDER BY id').all(),
    index: db
      .prepare(
        `SELECT c.id, k.phone_norm, k.name_norm, k.received_ms, k.window_days
         FROM customers_index k JOIN cases c ON c.pos = k.case_pos ORDER BY c.id`,
      )
      .all(),
  }));

describe('customer.history', () => {
  it('finds a customer by phone however it is typed, newest first, with counts', async () => {
    const desk = await openDesk();
    const clerk = await staffSession(desk, 'counter', 'chen');
    const older = remoteCase(PHONE, 10);
    expect(desk.core.appendEvents([older.event]).accepted).toBe(1);
    const c = await createCase(desk, clerk.token, {
      customer: { name: '李秀英', phone: '138-0013-8000', gender: 'female', returning: true },
    });
    await createCase(desk, clerk.token, {
      customer: { name: '王五', phone: '13900139000', gender: 'male', returning: false },
    });

    for (const phone of [
      '13800138000',
      '+86 138 0013 8000',
      '138 0013 8000',
      '0086-138-0013-8000',
      '１３８００１３８０００',
    ]) {
      const h = await history(desk, clerk.token, { phone });
      expect(h.key, phone).toEqual({ kind: 'phone', value: PHONE });
      expect(
        h.items.map((i) => i.id),
        phone,
      ).toEqual([c.id, older.id]);
      expect(h.counts).toEqual({ total: 2, open: 2, withinWindow: 2, maliciousDetermined: 0, capped: false });
    }
    expect(h0(await history(desk, clerk.token, { phone: '13700000000' }))).toEqual([]);
    expect((await history(desk, clerk.token, { phone: PHONE })).items[0]).toMatchObject({
      number: c.number,
      category: 'banking.fees',
      status: 'new',
      repeat: true,
      nature: null,
    });
  });

  it('refuses a lookup with neither a phone of 7 digits nor a name, in both languages', async () => {
    const desk = await openDesk();
    const zh = await desk.call('customer.history', { phone: '123 45' }, desk.admin.token);
    const en = await desk.call('customer.history', { phone: '123 45' }, desk.admin.token, 'en');
    expect(zh.ok || en.ok).toBe(false);
    if (zh.ok || en.ok) return;
    expect(zh.error.code).toBe('invalid_input');
    expect(zh.error.fields?.phone).toContain('7 位数字');
    expect(en.error.fields?.phone).toContain('at least 7 digits');
    // A short phone with a name looks the name up.
    const byName = await history(desk, desk.admin.token, { phone: '123', name: ' 李 秀英' });
    expect(byName.key).toEqual({ kind: 'name', value: '李秀英' });
  });

  it('looks a phone up on its partial index, newest first without a sort', async () => {
    const desk = await openDesk();
    await createCase(desk, desk.admin.token);
    const d = openDatabase(path.join(desk.dir, 'loopdesk.db'));
    try {
      const plan = (key: { kind: 'phone' | 'name'; value: string }) => {
        const { rows: q } = historyQueries(d.db, key, 0);
        const c = q.compile();
        return (d.sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.parameters) as { detail: string }[])
          .map((r) => r.detail)
          .join('\n');
      };
      const byPhone = plan({ kind: 'phone', value: PHONE });
      expect(byPhone).toMatch(/SEARCH k USING (COVERING )?INDEX customers_by_phone \(phone_norm=\?\)/);
      expect(byPhone).not.toMatch(/SCAN k|TEMP B-TREE/);
      // The case projector's repeat judgements read one range of the same indexes, in its order.
      for (const col of ['phone_norm', 'name_norm'] as const) {
        const index = col === 'phone_norm' ? 'customers_by_phone' : 'customers_by_name';
        const args = { k: 'x', from: 0, to: 1 };
        for (const sql of Object.values(repeatSql(col))) {
          const p = (d.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(args) as { detail: string }[])
            .map((r) => r.detail)
            .join('\n');
          expect(p).toMatch(
            new RegExp(
              `SEARCH customers_index USING (COVERING )?INDEX ${index} \\(${col}=\\? AND received_ms>\\? AND received_ms<\\?\\)`,
            ),
          );
          expect(p).not.toMatch(/TEMP B-TREE/); // oldest first straight from the index
        }
      }
      const byName = plan({ kind: 'name', value: '李秀英' });
      expect(byName).toMatch(/SEARCH k USING (COVERING )?INDEX customers_by_name \(name_norm=\?\)/);
      expect(byName).not.toMatch(/SCAN k|TEMP B-TREE/);
    } finally {
      d.close();
    }
  });
});

/** The ids of a history's items. */
const h0 = (h: CustomerHistory) => h.items.map((i) => i.id);

describe('repeat complaints', () => {
  it('flags a case repeat when the same customer complained within the window, not outside it', async () => {
    const desk = await openDesk();
    const clerk = await staffSession(desk, 'counter', 'chen');
    const long = remoteCase(PHONE, 40);
    desk.core.appendEvents([long.event]);
    const first = await createCase(desk, clerk.token, {
      customer: { name: '李秀英', phone: '+86 138 0013 8000', gender: 'female', returning: true },
    });
    expect(first.repeat).toBe(false); // 40 days before: outside the 30-day window
    const second = await createCase(desk, clerk.token);
    expect(second.repeat).toBe(true);
    const other = await createCase(desk, clerk.token, {
      customer: { name: '李秀英', phone: '13900139000', gender: 'female', returning: true },
    });
    expect(other.repeat).toBe(false);
    const got = await desk.must<CaseDetail>('case.get', { caseId: first.id }, clerk.token);
    expect(got.repeat).toBe(false);

    const repeats = await desk.must<CaseListPage>('case.list', { repeat: true }, clerk.token);
    expect(repeats.items.map((i) => i.id)).toEqual([second.id]);
    const firsts = await desk.must<CaseListPage>('case.list', { repeat: false }, clerk.token);
    expect(firsts.items.map((i) => i.id).sort()).toEqual([long.id, first.id, other.id].sort());
  });

  it('uses the window in force at each case’s receipt (settings rule repeatWindowDays)', async () => {
    const desk = await openDesk();
    const long = remoteCase(PHONE, 40);
    desk.core.appendEvents([long.event]);
    const before = await createCase(desk, desk.admin.token);
    expect(before.repeat).toBe(false);
    // Rules without the new rule stay valid (it is optional).
    const { repeatWindowDays: _default, ...older } = DEFAULT_DEADLINE_RULES;
    await desk.must('settings.rules.set', { rules: older }, desk.admin.token);
    await desk.must('settings.rules.set', { rules: { ...older, repeatWindowDays: 60 } }, desk.admin.token);
    const bad = await desk.call(
      'settings.rules.set',
      { rules: { ...older, repeatWindowDays: 0 } },
      desk.admin.token,
    );
    expect(bad.ok).toBe(false);
    const after = await createCase(desk, desk.admin.token, {
      customer: { name: '李秀英', phone: '138 0013 8000', gender: 'female', returning: true },
    });
    expect(after.repeat).toBe(true);
    // The earlier case keeps the window of its own receipt: still only 40 days back to the remote one.
    expect((await desk.must<CaseDetail>('case.get', { caseId: before.id }, desk.admin.token)).repeat).toBe(
      false,
    );
    expect((await history(desk, desk.admin.token, { phone: PHONE })).windowDays).toBe(60);
  });

  it('an earlier case synced in later from another desk makes the later case a repeat, and announces it', async () => {
    const desk = await openDesk();
    const clerk = await staffSession(desk, 'counter', 'chen');
    const later = await createCase(desk, clerk.token);
    expect(later.repeat).toBe(false);
    const seen: string[] = [];
    const off = desk.core.subscribe((e: DeskEvent) => {
      if (e.type === 'case.changed') seen.push(e.caseId);
    });
    const earlier = remoteCase(' 138 0013 8000 ', 3);
    expect(desk.core.appendEvents([earlier.event]).accepted).toBe(1);
    off();
    expect(seen).toContain(later.id);
    expect((await desk.must<CaseDetail>('case.get', { caseId: later.id }, clerk.token)).repeat).toBe(true);
    expect((await desk.must<CaseDetail>('case.get', { caseId: earlier.id }, clerk.token)).repeat).toBe(false);

    // Another late one, between them, out of the window of nothing: both later ones are repeats.
    const middle = remoteCase(PHONE, 1, 'dev-C');
    desk.core.appendEvents([middle.event]);
    const before = rows(desk);
    expect(before.cases.filter((r) => (r as { repeat: number }).repeat === 1)).toHaveLength(2);
    desk.core.rebuild();
    expect(rows(desk)).toEqual(before);
  });

  it('notes a repeat of the same category (review finding 12), re-judged when a category changes', async () => {
    const desk = await openDesk();
    const clerk = await staffSession(desk, 'counter', 'chen');
    const cards = remoteCase(PHONE, 10); // banking.cards
    desk.core.appendEvents([cards.event]);
    const fees = await createCase(desk, clerk.token); // banking.fees: a repeat, not of the same category
    expect([fees.repeat, fees.repeatSameCategory]).toEqual([true, false]);
    const same = await createCase(desk, clerk.token, { category: 'banking.cards' });
    expect([same.repeat, same.repeatSameCategory]).toEqual([true, true]);

    // The earlier case re-categorised to fees: the fees repeat is now of the same category, the cards one not.
    const moved = await desk.must<CaseDetail>(
      'case.setField',
      { caseId: fees.id, field: 'category', value: 'banking.cards' },
      clerk.token,
    );
    expect(moved.repeatSameCategory).toBe(true);
    const list = await desk.must<CaseListPage>('case.list', { repeat: true }, clerk.token);
    expect(list.items.map((i) => [i.id, i.repeatSameCategory]).sort()).toEqual(
      [
        [fees.id, true],
        [same.id, true],
      ].sort(),
    );
    const h = await history(desk, clerk.token, { phone: PHONE });
    const byId = new Map(h.items.map((c) => [c.id, c.repeatSameCategory]));
    expect([byId.get(cards.id), byId.get(fees.id), byId.get(same.id)]).toEqual([false, true, true]);

    // A rebuild gives the same column.
    const col = () =>
      readDeskDb(desk.dir, (db) =>
        db.prepare('SELECT id, repeat_same_category FROM cases ORDER BY id').all(),
      );
    const before = col();
    desk.core.rebuild();
    expect(col()).toEqual(before);
  });

  it('ends with the same flags whatever order the cases arrive in', async () => {
    const made = [
      remoteCase(PHONE, 60, 'dev-B'), // 35 days before the next: not in its window
      remoteCase(PHONE, 25, 'dev-C'),
      remoteCase('+8613800138000', 24, 'dev-D'),
      remoteCase(PHONE, 1, 'dev-E'),
      remoteCase('', 5, 'dev-F', '张 三'),
      remoteCase('12', 2, 'dev-G', '张三'),
    ];
    const results: unknown[] = [];
    for (const order of [made, [...made].reverse(), [made[3], made[0], made[5], made[2], made[4], made[1]]]) {
      const desk = await openTestDesk();
      try {
        for (const m of order) desk.core.appendEvents([m!.event]);
        results.push(rows(desk));
      } finally {
        desk.close();
      }
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const repeatIds = (results[0] as { cases: { id: string; repeat: number }[] }).cases
      .filter((r) => r.repeat === 1)
      .map((r) => r.id)
      .sort();
    expect(repeatIds).toEqual([made[2]!.id, made[3]!.id, made[5]!.id].sort());
  });
});
