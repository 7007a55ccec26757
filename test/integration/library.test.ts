/**
 * The case library through DeskApi (issue 12 item 6, docs/library.md):
 * supervisors write library entries from closed cases, standard answers and
 * plans per category; counters are refused with a clear message and nothing
 * stored; a forged counter event from another desk is kept, flagged and has
 * no effect; search by text and category (a parent's answers apply to its
 * children); a rebuild gives the same rows; the searches use their indexes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type {
  LibraryForCategory,
  LibraryItemView,
  LibrarySearchPage,
} from '../../shared/contract/methods/library';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { foldLibrary } from '../../shared/domain/library/fold';
import { LIBRARY_STREAM_NAME } from '../../shared/domain/library/payloads';
import { newId } from '../../shared/domain/kernel/ids';
import { searchSql } from '../../electron/desk/features/library/queries';
import {
  createCase,
  openTestDesk,
  readDeskDb,
  recordSteps,
  RemoteDevice,
  staffSession,
  type TestDesk,
} from './desk-fixtures';

let t: TestDesk | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

let clock = Date.parse('2026-11-20T02:00:00Z');
async function desk(): Promise<TestDesk> {
  clock = Date.parse('2026-11-20T02:00:00Z');
  return (t = await openTestDesk({ now: () => clock, sync: false }));
}

function libraryEvents(d: TestDesk): number {
  return readDeskDb(d.dir, (db) => {
    const row = db.prepare('SELECT COUNT(*) AS n FROM events WHERE stream = ?').get(LIBRARY_STREAM_NAME) as {
      n: number;
    };
    return row.n;
  });
}

function rows(d: TestDesk): unknown[] {
  return readDeskDb(d.dir, (db) => db.prepare('SELECT * FROM library_items ORDER BY pos').all());
}

async function closedCase(d: TestDesk, token: string): Promise<CaseDetail> {
  const c = await createCase(d, token, { category: 'telecom.value_added' });
  await recordSteps(d, token, c.id, 6);
  return d.must<CaseDetail>('case.close', { caseId: c.id, nature: 'valid' }, token);
}

const ENTRY = {
  theme: '短信业务被订购争议',
  background: '客户称从未订购短信增值业务',
  details: '核对订购记录与短信验证码',
  result: '退还三个月费用并致歉',
  discussion: '先解决心情，再解决事情',
  category: 'telecom.value_added',
};

describe('the case library through DeskApi', () => {
  it('a supervisor writes an entry from a closed case, answers and plans; get returns them', async () => {
    const d = await desk();
    const sup = await staffSession(d, 'supervisor', 'zhou');
    const clerk = await staffSession(d, 'counter', 'li');
    const c = await closedCase(d, clerk.token);
    const announced: string[] = [];
    const stop = d.core.subscribe((e) => announced.push(e.type));
    const entry = await d.must<LibraryItemView>('library.writeEntry', { ...ENTRY, caseId: c.id }, sup.token);
    expect(entry).toMatchObject({
      kind: 'entry',
      title: ENTRY.theme,
      result: ENTRY.result,
      caseId: c.id,
      caseNumber: c.number,
      createdByName: sup.staff.name,
      retired: false,
    });
    const answer = await d.must<LibraryItemView>(
      'library.setAnswer',
      {
        category: 'telecom',
        title: '未订购争议口径',
        text: '您好，给您带来不便非常抱歉。\n我们先为您核实订购记录。',
      },
      sup.token,
    );
    const plan = await d.must<LibraryItemView>(
      'library.setPlan',
      { category: 'telecom.value_added', title: '批量误订预案', text: '1. 暂停扣费\n2. 上报省公司' },
      sup.token,
    );
    expect(await d.must('library.get', { itemId: answer.id }, clerk.token)).toEqual(answer);
    // Editing replaces the whole item; the author stays.
    const edited = await d.must<LibraryItemView>(
      'library.setAnswer',
      { answerId: answer.id, category: 'telecom', title: '未订购争议口径（新）', text: '新的口径' },
      sup.token,
    );
    expect(edited).toMatchObject({ id: answer.id, title: '未订购争议口径（新）', text: '新的口径' });
    expect(edited.createdAt).toBe(answer.createdAt);
    // The case is reopened: the entry written from it may still be edited, keeping its case.
    await d.must('case.reopen', { caseId: c.id, reason: '客户再次来电' }, sup.token);
    const entry2 = await d.must<LibraryItemView>(
      'library.writeEntry',
      { ...ENTRY, entryId: entry.id, caseId: c.id, discussion: '补充讨论' },
      sup.token,
    );
    expect(entry2).toMatchObject({ id: entry.id, caseId: c.id, discussion: '补充讨论' });
    // An admin retires the plan: gone from searches, still readable by id.
    const retired = await d.must<LibraryItemView>('library.retire', { itemId: plan.id }, d.admin.token);
    expect(retired.retired).toBe(true);
    const all = await d.must<LibrarySearchPage>('library.search', {}, clerk.token);
    expect(all.items.map((i) => i.id)).toEqual([entry.id, answer.id]);
    expect(libraryEvents(d)).toBe(6);
    // Every write tells open library views to read again.
    stop();
    expect(announced.filter((type) => type === 'library.changed')).toHaveLength(6);
  });

  it('refuses a counter clerk every write, in both languages, and stores nothing', async () => {
    const d = await desk();
    const clerk = await staffSession(d, 'counter', 'li');
    const inputs: [string, unknown][] = [
      ['library.writeEntry', ENTRY],
      ['library.setAnswer', { category: 'telecom', title: 't', text: 'x' }],
      ['library.setPlan', { category: 'telecom', title: 't', text: 'x' }],
      ['library.retire', { itemId: newId() }],
    ];
    for (const [method, input] of inputs) {
      const zh = await d.call(method, input, clerk.token, 'zh-CN');
      const en = await d.call(method, input, clerk.token, 'en');
      expect(zh.ok || en.ok).toBe(false);
      if (zh.ok || en.ok) continue;
      expect(zh.error.code).toBe('forbidden');
      expect(zh.error.message).toMatch(/柜面/);
      expect(en.error.message).toMatch(/counter/i);
    }
    expect(libraryEvents(d)).toBe(0);
  });

  it('refuses bad input with field errors and stores nothing', async () => {
    const d = await desk();
    const sup = await staffSession(d, 'supervisor', 'zhou');
    const clerk = await staffSession(d, 'counter', 'li');
    const open = await createCase(d, clerk.token);
    const refused = async (method: string, input: unknown, code: string, field?: string) => {
      const r = await d.call(method, input, sup.token, 'en');
      expect(r.ok, method).toBe(false);
      if (r.ok) return '';
      expect(r.error.code).toBe(code);
      if (field) expect(r.error.fields?.[field], JSON.stringify(r.error)).toBeTruthy();
      return field ? (r.error.fields?.[field] ?? '') : r.error.message;
    };
    expect(await refused('library.writeEntry', { ...ENTRY, caseId: open.id }, 'invalid_state')).toMatch(
      /Only a closed complaint/,
    );
    expect(await refused('library.writeEntry', { ...ENTRY, caseId: newId() }, 'not_found')).toMatch(
      /complaint/,
    );
    expect(
      await refused('library.writeEntry', { ...ENTRY, theme: '一\n二' }, 'invalid_input', 'theme'),
    ).toMatch(/one line/);
    expect(
      await refused(
        'library.setAnswer',
        { category: 'nope', title: 't', text: 'x' },
        'invalid_input',
        'category',
      ),
    ).toMatch(/Unknown complaint category/);
    expect(
      await refused(
        'library.setAnswer',
        { category: 'telecom', title: ' ', text: ' ' },
        'invalid_input',
        'text',
      ),
    ).toMatch(/Fill this in/);
    expect(
      await refused(
        'library.setPlan',
        { category: 'telecom', title: 't', text: 'a\u0007b' },
        'invalid_input',
        'text',
      ),
    ).toBeTruthy();
    expect(await refused('library.retire', { itemId: newId() }, 'not_found')).toMatch(/could not be found/);
    const a = await d.must<LibraryItemView>(
      'library.setAnswer',
      { category: 'telecom', title: 't', text: 'x' },
      sup.token,
    );
    expect(
      await refused(
        'library.setPlan',
        { planId: a.id, category: 'telecom', title: 't', text: 'x' },
        'invalid_input',
      ),
    ).toMatch(/another kind/);
    await d.must('library.retire', { itemId: a.id }, sup.token);
    expect(
      await refused(
        'library.setAnswer',
        { answerId: a.id, category: 'telecom', title: 't', text: 'y' },
        'invalid_state',
      ),
    ).toMatch(/retired/);
    expect(libraryEvents(d)).toBe(2);
  });

  it('keeps a forged counter event from another desk, flags it in the fold and gives it no effect', async () => {
    const d = await desk();
    const sup = await staffSession(d, 'supervisor', 'zhou');
    const clerk = await staffSession(d, 'counter', 'li');
    const a = await d.must<LibraryItemView>(
      'library.setAnswer',
      { category: 'telecom', title: '真口径', text: '补偿' },
      sup.token,
    );
    const evil = new RemoteDevice('dev-evil', clock + 60_000, 'GZ', clerk.staff.id);
    const forged = evil.event(LIBRARY_STREAM_NAME, 'library.answer_set', {
      answerId: a.id,
      category: 'telecom',
      title: '伪造口径',
      text: '全额赔偿',
    });
    const forgedNew = evil.event(LIBRARY_STREAM_NAME, 'library.plan_set', {
      planId: newId(),
      category: 'telecom',
      title: '伪造预案',
      text: 'x',
    });
    expect(d.core.appendEvents([forged, forgedNew]).accepted).toBe(2);
    expect(libraryEvents(d)).toBe(3);
    expect((await d.must<LibraryItemView>('library.get', { itemId: a.id }, clerk.token)).title).toBe(
      '真口径',
    );
    expect((await d.must<LibrarySearchPage>('library.search', {}, clerk.token)).items).toHaveLength(1);
    const events = readDeskDb(d.dir, (db) =>
      (db.prepare('SELECT * FROM events').all() as Record<string, unknown>[]).map((r) => ({
        ...r,
        payload: JSON.parse(r.payload as string) as unknown,
      })),
    );
    const roleOf = (id: string) => (id === clerk.staff.id ? 'counter' : 'supervisor');
    const state = foldLibrary(events as never, { roleAt: (id) => roleOf(id) });
    expect(state.flags.map((f) => [f.eventId, f.reason])).toEqual([
      [forged.id, 'no_authority'],
      [forgedNew.id, 'no_authority'],
    ]);
  });

  it('searches by text and by category, a parent’s answers applying to its children, newest first, paged', async () => {
    const d = await desk();
    const sup = await staffSession(d, 'supervisor', 'zhou');
    const clerk = await staffSession(d, 'counter', 'li');
    const put = async (method: string, input: Record<string, unknown>) => {
      clock += 1000;
      return d.must<LibraryItemView>(method, input, sup.token);
    };
    const parent = await put('library.setAnswer', {
      category: 'telecom',
      title: '通信总口径',
      text: '先致歉后核实',
    });
    const leaf = await put('library.setAnswer', {
      category: 'telecom.billing',
      title: '话费口径',
      text: '账单逐项核对',
    });
    const other = await put('library.setAnswer', {
      category: 'banking.fees',
      title: '收费口径',
      text: '年费减免政策',
    });
    const plan = await put('library.setPlan', {
      category: 'telecom',
      title: '断网预案',
      text: 'Network outage: 先登记后回访',
    });
    const entry = await put('library.writeEntry', {
      ...ENTRY,
      category: 'telecom.billing',
      theme: '账单重复扣费',
    });
    const search = (q: Record<string, unknown>) =>
      d.must<LibrarySearchPage>('library.search', q, clerk.token).then((p) => p.items.map((i) => i.id));

    expect(await search({ text: '口径' })).toEqual([other.id, leaf.id, parent.id]);
    expect(await search({ text: '账单' })).toEqual([entry.id, leaf.id]);
    expect(await search({ text: '逐项 账单' })).toEqual([leaf.id]);
    expect(await search({ text: 'OUTAGE' })).toEqual([plan.id]);
    expect(await search({ text: '不存在的词' })).toEqual([]);
    // A case in telecom.billing sees its own items and the parent's; a supervisor filtering telecom sees the children's too.
    expect(await search({ category: 'telecom.billing' })).toEqual([entry.id, plan.id, leaf.id, parent.id]);
    expect(await search({ category: 'telecom', kind: 'answer' })).toEqual([leaf.id, parent.id]);
    expect(await search({ category: 'telecom.billing', text: '口径' })).toEqual([leaf.id, parent.id]);
    // Pages.
    const p1 = await d.must<LibrarySearchPage>('library.search', { limit: 2 }, clerk.token);
    const p2 = await d.must<LibrarySearchPage>(
      'library.search',
      { limit: 2, cursor: p1.nextCursor },
      clerk.token,
    );
    const p3 = await d.must<LibrarySearchPage>(
      'library.search',
      { limit: 2, cursor: p2.nextCursor },
      clerk.token,
    );
    expect([...p1.items, ...p2.items, ...p3.items].map((i) => i.id)).toEqual([
      entry.id,
      plan.id,
      other.id,
      leaf.id,
      parent.id,
    ]);
    expect(p3.nextCursor).toBeNull();
    expect((await d.call('library.search', { cursor: 'nonsense' }, clerk.token)).ok).toBe(false);

    const applies = await d.must<LibraryForCategory>(
      'library.forCategory',
      { category: 'telecom.billing' },
      clerk.token,
    );
    expect(applies.answers.map((i) => i.id)).toEqual([leaf.id, parent.id]);
    expect(applies.plans.map((i) => i.id)).toEqual([plan.id]);
    const none = await d.must<LibraryForCategory>(
      'library.forCategory',
      { category: 'banking.cards' },
      clerk.token,
    );
    expect(none).toEqual({ answers: [], plans: [] });
  });

  it('a rebuild gives the same rows, before and after a later promotion', async () => {
    const d = await desk();
    const sup = await staffSession(d, 'supervisor', 'zhou');
    const clerk = await staffSession(d, 'counter', 'li');
    await d.must('library.setAnswer', { category: 'telecom', title: 'a', text: 'x' }, sup.token);
    const e = await d.must<LibraryItemView>('library.writeEntry', ENTRY, sup.token);
    await d.must('library.retire', { itemId: e.id }, sup.token);
    const evil = new RemoteDevice('dev-evil', clock + 60_000, 'GZ', clerk.staff.id);
    d.core.appendEvents([
      evil.event(LIBRARY_STREAM_NAME, 'library.plan_set', {
        planId: newId(),
        category: 'telecom',
        title: 'p',
        text: 'y',
      }),
    ]);
    const before = rows(d);
    expect(before).toHaveLength(2);
    d.core.rebuild();
    expect(rows(d)).toEqual(before);
    // The clerk is promoted later: the plan, written before, still does not count; a rebuild agrees.
    clock += 120_000;
    const promoted = await d.call(
      'staff.changeRole',
      { staffId: clerk.staff.id, role: 'supervisor', secretKind: 'pin', secret: '97531864' },
      d.admin.token,
    );
    expect(promoted.ok, JSON.stringify(promoted)).toBe(true);
    const after = rows(d);
    expect(after).toEqual(before);
    d.core.rebuild();
    expect(rows(d)).toEqual(after);
  });

  it('reads with the FTS index for text and an items index for category', async () => {
    const d = await desk();
    const taxonomy = (await d.must<{ taxonomy: never }>('script.get', {}, d.admin.token)).taxonomy;
    const plan = (q: Record<string, unknown>) => {
      const built = searchSql(taxonomy, { limit: 20, ...q });
      if (built === 'bad_cursor') throw new Error('bad cursor');
      return readDeskDb(d.dir, (db) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).all(...built.params) as { detail: string }[])
          .map((r) => r.detail)
          .join('\n'),
      );
    };
    expect(plan({ text: '话费' })).toMatch(/library_search VIRTUAL TABLE INDEX/);
    expect(plan({ category: 'telecom.billing' })).toMatch(/USING INDEX library_items_category/);
    expect(plan({})).toMatch(/USING INDEX library_items_recent/);
  });
});
