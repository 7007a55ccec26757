/**
 * Drafts (issue 10, decision 0026) through DeskApi: each clerk sees only
 * their own; limits and unprintable names are refused in zh-CN and English
 * with nothing stored; drafts are not events, and survive a rebuild (in
 * thread and as a job) and closing and reopening the desk.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDesk } from '../../electron/desk';
import type { Draft } from '../../shared/contract/methods/drafts';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import { createCase, openTestDesk, readDeskDb, staffSession, type TestDesk } from './desk-fixtures';

let t: TestDesk | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

const INTAKE = {
  customer: { name: '李秀英', phone: '138' },
  category: 'banking.fees',
  account: '年费扣了两次',
};

const eventCount = (dir: string) =>
  readDeskDb(dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
const draftRows = (dir: string) =>
  readDeskDb(dir, (db) => (db.prepare('SELECT count(*) AS n FROM drafts').get() as { n: number }).n);

describe('drafts', () => {
  it('keeps each clerk’s drafts to that clerk: B never sees, replaces or drops A’s', async () => {
    t = await openTestDesk();
    const a = await staffSession(t, 'counter', 'clerk-a');
    const b = await staffSession(t, 'counter', 'clerk-b');
    await t.must('draft.put', { key: 'intake', body: INTAKE }, a.token);
    await t.must('draft.put', { key: 'note:x', body: '甲的备注' }, a.token);

    expect(await t.must<Draft[]>('draft.list', {}, b.token)).toEqual([]);
    // B's own draft of the same name is a different draft.
    await t.must('draft.put', { key: 'intake', body: { customer: { name: '乙' } } }, b.token);
    expect(await t.must('draft.drop', { key: 'note:x' }, b.token)).toEqual({ dropped: false });

    const mine = await t.must<Draft[]>('draft.list', {}, a.token);
    expect(mine.map((d) => [d.key, d.body])).toEqual([
      ['note:x', '甲的备注'],
      ['intake', INTAKE],
    ]);
    expect(Number.isNaN(Date.parse(mine[0]!.updatedAt))).toBe(false);
    const theirs = await t.must<Draft[]>('draft.list', {}, b.token);
    expect(theirs.map((d) => [d.key, d.body])).toEqual([['intake', { customer: { name: '乙' } }]]);

    expect(await t.must('draft.drop', { key: 'note:x' }, a.token)).toEqual({ dropped: true });
    expect((await t.must<Draft[]>('draft.list', {}, a.token)).map((d) => d.key)).toEqual(['intake']);
    // Signed out: no drafts at all.
    const anon = await t.call('draft.list', {}, null);
    expect(anon.ok ? null : anon.error.code).toBe('unauthenticated');
  });

  it('replaces a draft of the same name and moves it to the front', async () => {
    t = await openTestDesk();
    const a = await staffSession(t, 'counter', 'clerk-a');
    await t.must('draft.put', { key: 'one', body: 1 }, a.token);
    await t.must('draft.put', { key: 'two', body: 2 }, a.token);
    await t.must('draft.put', { key: 'one', body: { v: 'again' } }, a.token);
    const list = await t.must<Draft[]>('draft.list', {}, a.token);
    expect(list.map((d) => [d.key, d.body])).toEqual([
      ['one', { v: 'again' }],
      ['two', 2],
    ]);
  });

  it('refuses a body over 64 KiB and a name over 200 characters, storing nothing, in both languages', async () => {
    t = await openTestDesk();
    const a = await staffSession(t, 'counter', 'clerk-a');
    // Exactly 64 KiB of JSON is fine ("x…x" with quotes: 65,536 bytes).
    await t.must('draft.put', { key: 'edge', body: 'x'.repeat(64 * 1024 - 2) }, a.token);
    const big = { account: '长'.repeat(22_000) }; // 3 bytes each in UTF-8: over 64 KiB
    const zh = await t.call('draft.put', { key: 'intake', body: big }, a.token, 'zh-CN');
    const en = await t.call('draft.put', { key: 'intake', body: big }, a.token, 'en');
    expect(zh.ok).toBe(false);
    expect(en.ok).toBe(false);
    if (zh.ok || en.ok) return;
    expect(zh.error.code).toBe('too_large');
    expect(zh.error.message).toContain('草稿太长');
    expect(zh.error.message).toContain('64 KB');
    expect(en.error.message).toMatch(/draft is too long \(over 64 KB\)/);
    expect(en.error.fields?.body).toBeDefined();

    const long = await t.call('draft.put', { key: 'k'.repeat(201), body: 1 }, a.token, 'en');
    expect(long.ok ? null : long.error.fields?.key).toMatch(/200/);
    await t.must('draft.put', { key: 'k'.repeat(200), body: 1 }, a.token);
    const empty = await t.call('draft.put', { key: '', body: 1 }, a.token, 'en');
    expect(empty.ok).toBe(false);

    const keys = (await t.must<Draft[]>('draft.list', {}, a.token)).map((d) => d.key);
    expect(keys.sort()).toEqual(['edge', 'k'.repeat(200)]);
    expect(draftRows(t.dir)).toBe(2);
  });

  it('refuses control characters, tabs and line breaks in a name with a clear message, storing nothing', async () => {
    t = await openTestDesk();
    const a = await staffSession(t, 'counter', 'clerk-a');
    for (const key of ['note:\u001b[31m', 'a\u0000b', 'x\u007f']) {
      const r = await t.call('draft.put', { key, body: 'text' }, a.token, 'en');
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.fields?.key).toMatch(/control character/);
      expect(r.error.message).toMatch(/Nothing was saved/);
    }
    for (const key of ['tab\there', 'line\nbreak']) {
      const zh = await t.call('draft.put', { key, body: 'text' }, a.token, 'zh-CN');
      const en = await t.call('draft.put', { key, body: 'text' }, a.token, 'en');
      expect(zh.ok ? null : zh.error.fields?.key).toContain('可打印字符');
      expect(en.ok ? null : en.error.message).toMatch(/printable characters only.*not saved/);
    }
    // A line break in the body is text like any other.
    await t.must('draft.put', { key: 'note:y', body: '第一行\n第二行\t缩进' }, a.token);
    const list = await t.must<Draft[]>('draft.list', {}, a.token);
    expect(list.map((d) => [d.key, d.body])).toEqual([['note:y', '第一行\n第二行\t缩进']]);
    expect(draftRows(t.dir)).toBe(1);
  });

  it('keeps at most 200 drafts per clerk, dropping the oldest, without touching another clerk’s', async () => {
    t = await openTestDesk();
    const a = await staffSession(t, 'counter', 'clerk-a');
    const b = await staffSession(t, 'counter', 'clerk-b');
    await t.must('draft.put', { key: 'b-only', body: 'b' }, b.token);
    for (let i = 0; i < 203; i++) await t.must('draft.put', { key: `k${i}`, body: i }, a.token);
    const keys = (await t.must<Draft[]>('draft.list', {}, a.token)).map((d) => d.key);
    expect(keys).toHaveLength(200);
    expect(keys[0]).toBe('k202');
    expect(keys.at(-1)).toBe('k3');
    expect(keys).not.toContain('k0');
    expect((await t.must<Draft[]>('draft.list', {}, b.token)).map((d) => d.key)).toEqual(['b-only']);
  });

  it('writes no event, and survives rebuild (in thread and as a job) and closing and reopening the desk', async () => {
    t = await openTestDesk();
    const a = await staffSession(t, 'counter', 'clerk-a');
    const c = await createCase(t, a.token);
    const before = eventCount(t.dir);
    await t.must('draft.put', { key: 'intake', body: INTAKE }, a.token);
    await t.must('draft.put', { key: `note:${c.id}`, body: '还要补充' }, a.token);
    await t.must('draft.put', { key: `reopen:${c.id}`, body: '客户不满意' }, a.token);
    await t.must('draft.drop', { key: `reopen:${c.id}` }, a.token);
    expect(eventCount(t.dir)).toBe(before);

    const expected = (await t.must<Draft[]>('draft.list', {}, a.token)).map((d) => [d.key, d.body]);
    expect(expected).toHaveLength(2);

    t.core.rebuild();
    const job = await t.must<JobSummary>('job.start', { kind: 'rebuild' }, t.admin.token);
    expect((await t.core.jobs.whenSettled(job.id))?.state).toBe('done');
    expect((await t.must<Draft[]>('draft.list', {}, a.token)).map((d) => [d.key, d.body])).toEqual(expected);

    // A restart: the same data directory opened again, the clerk signs in anew.
    t.core.close();
    const core = openDesk({ dataDir: t.dir });
    t = { ...t, core, close: () => core.close() };
    const again = await core.call(
      'auth.signIn',
      { login: 'clerk-a', secret: '135790' },
      { session: null, locale: 'zh-CN' },
    );
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    const token = (again.value as { token: string }).token;
    const listed = await core.call('draft.list', {}, { session: token, locale: 'zh-CN' });
    expect(listed.ok ? (listed.value as Draft[]).map((d) => [d.key, d.body]) : listed).toEqual(expected);
  });
});
