/**
 * Issue 8, roles on cases, over HTTP end to end (the real desk core behind
 * the browser-mode host, driven with fetch as the renderer's bridge does): a
 * counter clerk's restricted acts (lower severity, extend the due date,
 * reassign a case they do not own, back-date receipt beyond the window, mark
 * a claim malicious) are refused with `forbidden` and store nothing, even
 * with a reason; a supervisor's same act needs a reason, works with one, and
 * the reason is in the case's log. docs/roles.md is the matrix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { ApiError, Result } from '../../shared/contract/result';
import { openDesk, type DeskCore } from '../../electron/desk';
import { startHost, type HostHandle } from '../../electron/host/server';
import { STEP_FIELDS } from './desk-fixtures';

/** Due dates ahead of every receipt the tests make (a due date before receipt is refused), to the minute. */
const minute = (ms: number) => new Date(Math.ceil(ms / 60_000) * 60_000).toISOString();
const DUE = minute(Date.now() + 2 * 3_600_000);
const EARLIER_DUE = minute(Date.now() + 3_600_000);

let dataDir: string;
let desk: DeskCore;
let host: HostHandle;
const tokens: Record<'admin' | 'li' | 'zhao' | 'boss', string> = { admin: '', li: '', zhao: '', boss: '' };
const ids: Record<'li' | 'zhao', string> = { li: '', zhao: '' };

async function call<T>(method: string, input: unknown, token: string, locale = 'zh-CN'): Promise<Result<T>> {
  const res = await fetch(`${host.url}/api/call/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'accept-language': locale,
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(input),
  });
  expect(res.status, `${method} answered HTTP ${res.status}`).toBe(200);
  return (await res.json()) as Result<T>;
}

async function value<T>(method: string, input: unknown, token: string): Promise<T> {
  const r = await call<T>(method, input, token);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

function errorOf<T>(r: Result<T>): ApiError {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

const get = (caseId: string) => value<CaseDetail>('case.get', { caseId }, tokens.admin);
const total = async () => (await value<CaseListPage>('case.list', {}, tokens.admin)).total;

function intake(extra: Record<string, unknown> = {}) {
  return {
    customer: { name: '陈女士', phone: '13900001111', gender: 'female', returning: true },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'major',
    account: '客户称信用卡年费被重复扣收，要求退还。',
    ...extra,
  };
}

/** A case li received, with a first due date, assigned to li, steps 1-2 recorded. */
async function liCase(): Promise<CaseDetail> {
  const c = await value<CaseDetail>('case.create', intake(), tokens.li);
  await value('case.setField', { caseId: c.id, field: 'dueAt', value: DUE }, tokens.li);
  await value('case.setField', { caseId: c.id, field: 'assignee', value: ids.li }, tokens.li);
  for (const step of [1, 2] as const) {
    await value('case.recordStep', { caseId: c.id, step, fields: STEP_FIELDS[step] }, tokens.li);
  }
  return get(c.id);
}

const DAYS_AGO = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

/** Each restricted act on case `caseId`, as [method, input]. */
function acts(caseId: string): [string, string, Record<string, unknown>][] {
  return [
    ['lower severity', 'case.setField', { caseId, field: 'severity', value: 'general' }],
    [
      'push the due date later',
      'case.setField',
      { caseId, field: 'dueAt', value: '2026-12-08T09:00:00.000Z' },
    ],
    ['clear the due date', 'case.setField', { caseId, field: 'dueAt', value: null }],
    ['reassign', 'case.setField', { caseId, field: 'assignee', value: ids.zhao }],
  ];
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-case-roles-'));
  desk = openDesk({ dataDir, sync: false });
  host = await startHost({ desk, port: 0, host: '127.0.0.1', logLevel: 'error', heartbeatMs: 1000 });
  const admin = { name: '王经理', login: 'admin', secretKind: 'password', secret: 'Admin-pass-2024' };
  const setup = await fetch(`${host.url}/api/call/desk.setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ branchCode: 'GZ', branchName: '广州天河支行', deviceCode: '01', admin }),
  });
  tokens.admin = ((await setup.json()) as { value: Session }).value.token;
  const staff = [
    ['li', '李柜员', 'counter'],
    ['zhao', '赵柜员', 'counter'],
    ['boss', '周主管', 'supervisor'],
  ] as const;
  for (const [login, name, role] of staff) {
    const s = await value<{ id: string }>(
      'staff.create',
      { name, login, role, secretKind: 'pin', secret: '482913' },
      tokens.admin,
    );
    if (login !== 'boss') ids[login] = s.id;
    const r = await fetch(`${host.url}/api/call/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, secret: '482913' }),
    });
    tokens[login] = ((await r.json()) as { value: Session }).value.token;
  }
});

afterAll(async () => {
  await host?.close();
  desk?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('roles on cases over HTTP', () => {
  it("refuses each of a counter clerk's restricted acts, with or without a reason, and stores nothing", async () => {
    const c = await liCase();
    // li owns the case, so handing it on is hers to do: the next test has a colleague try.
    for (const [what, method, input] of acts(c.id).filter(([what]) => what !== 'reassign')) {
      for (const reason of [undefined, '客户要求']) {
        const e = errorOf(await call(method, { ...input, reason }, tokens.li, 'en'));
        expect(e.code, what).toBe('forbidden');
        expect(e.message, what).toMatch(/only a supervisor or an admin may/);
        expect(Object.keys(e.fields ?? {}), what).toHaveLength(1);
      }
      const zh = errorOf(await call(method, input, tokens.li, 'zh-CN'));
      expect(zh.message, what).toMatch(/主管或管理员/);
    }
    const after = await get(c.id);
    expect(after.timeline).toHaveLength(c.timeline.length);
    expect(after).toMatchObject({
      severity: 'major',
      dueAt: DUE,
      assignee: ids.li,
      currentStep: 3,
    });
  });

  it("refuses a colleague taking or moving a counter clerk's case", async () => {
    const c = await liCase();
    for (const value of [ids.zhao, null]) {
      const e = errorOf(await call('case.setField', { caseId: c.id, field: 'assignee', value }, tokens.zhao));
      expect(e.code).toBe('forbidden');
    }
    expect((await get(c.id)).assignee).toBe(ids.li);
  });

  it('lets a counter clerk take an unassigned case, hand their own on, raise severity and bring the due date forward', async () => {
    const c = await value<CaseDetail>('case.create', intake(), tokens.li);
    await value('case.setField', { caseId: c.id, field: 'assignee', value: ids.zhao }, tokens.zhao);
    await value('case.setField', { caseId: c.id, field: 'assignee', value: ids.li }, tokens.zhao);
    await value('case.setField', { caseId: c.id, field: 'severity', value: 'urgent' }, tokens.li);
    await value('case.setField', { caseId: c.id, field: 'dueAt', value: DUE }, tokens.li);
    await value('case.setField', { caseId: c.id, field: 'dueAt', value: EARLIER_DUE }, tokens.li);
    const d = await get(c.id);
    expect(d).toMatchObject({ assignee: ids.li, severity: 'urgent', dueAt: EARLIER_DUE });
    // No reason is recorded for acts that need none.
    for (const e of d.timeline) expect(e.payload).not.toHaveProperty('reason');
  });

  it("refuses a counter clerk's first due date past the result deadline, in either language; a supervisor sets it", async () => {
    const c = await value<CaseDetail>('case.create', intake(), tokens.li);
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    // The case page is told the rule's result deadline, the clerk's latest first date.
    expect(c.dueBounded).toBeUndefined();
    const rule = c.resultDueByRule;
    if (!rule) throw new Error('a major banking case has a result deadline by rule');
    expect(Date.parse(rule)).toBeGreaterThan(Date.now());
    expect(Date.parse(rule)).toBeLessThan(Date.parse(later));
    // A minute past it is refused too; at it, the date stands (below, an earlier one).
    const justAfter = new Date(Date.parse(rule) + 60_000).toISOString();
    expect(
      errorOf(await call('case.setField', { caseId: c.id, field: 'dueAt', value: justAfter }, tokens.li))
        .code,
    ).toBe('invalid_input');
    const e = errorOf(
      await call('case.setField', { caseId: c.id, field: 'dueAt', value: later }, tokens.li, 'en'),
    );
    expect(e.code).toBe('invalid_input');
    expect(e.fields?.value).toMatch(/cannot be later than the result deadline/);
    const zh = errorOf(
      await call('case.setField', { caseId: c.id, field: 'dueAt', value: later }, tokens.li),
    );
    expect(zh.fields?.value).toMatch(/不能晚于结果期限/);
    expect((await get(c.id)).timeline).toHaveLength(c.timeline.length);
    // Within the result deadline: the clerk's date stands.
    const sooner = new Date(Date.now() + 3_600_000).toISOString();
    await value('case.setField', { caseId: c.id, field: 'dueAt', value: sooner }, tokens.li);
    const mine = await get(c.id);
    expect(mine.dueAt).toBe(sooner);
    expect(mine.dueBounded).toBe(true);
    expect(mine.resultDueByRule).toBe(rule); // the rule's, not the clerk's earlier date
    // A supervisor may push it past the rule (a later date than the clerk's: with a reason).
    await value(
      'case.setField',
      { caseId: c.id, field: 'dueAt', value: later, reason: '客户同意延期' },
      tokens.boss,
    );
    const boss = await get(c.id);
    expect(boss.dueAt).toBe(later);
    expect(boss.dueBounded).toBeUndefined();
  });

  it("refuses a counter clerk's receipt back-dated beyond 24 hours, and stores no case", async () => {
    const before = await total();
    const e = errorOf(await call('case.create', intake({ receivedAt: DAYS_AGO(2) }), tokens.li, 'en'));
    expect(e.code).toBe('forbidden');
    expect(e.fields?.receivedAt).toMatch(/at most 24 hours before entry/);
    expect(await total()).toBe(before);
    // Within the window: fine, without a back-dating reason. (Twelve hours back may
    // span more than the entry rule's working hours, depending on when the suite
    // runs, so the late-entry reason is given: it is not what this test is about.)
    const ok = await value<CaseDetail>(
      'case.create',
      intake({ receivedAt: DAYS_AGO(0.5), lateReason: '客户来电后补录' }),
      tokens.li,
    );
    expect(Date.parse(ok.receivedAt)).toBeLessThan(Date.now() - 11 * 3_600_000);
    expect(await total()).toBe(before + 1);
  });

  it("asks a supervisor for a reason, then does each act and records the reason in the case's log", async () => {
    const c = await liCase();
    for (const [what, method, input] of acts(c.id)) {
      const e = errorOf(await call(method, input, tokens.boss, 'en'));
      expect(e.code, what).toBe('invalid_input');
      expect(e.fields?.reason, what).toMatch(/give a reason/);
    }
    expect((await get(c.id)).timeline).toHaveLength(c.timeline.length);

    const reasons = ['核实后不属重大', '客户同意延期', '客户同意不设期限', '转交赵柜员'];
    const [sev, later, cleared, reassign] = acts(c.id);
    for (const [i, [, method, input]] of [sev!, later!, cleared!, reassign!].entries()) {
      await value(method, { ...input, reason: reasons[i] }, tokens.boss);
    }
    const d = await get(c.id);
    expect(d).toMatchObject({ severity: 'general', dueAt: null, assignee: ids.zhao });
    const logged = d.timeline.slice(c.timeline.length).map((e) => (e.payload as { reason?: string }).reason);
    expect(logged).toEqual(reasons);
  });

  it('lets a supervisor enter a receipt back-dated beyond the window, with a reason', async () => {
    const at = DAYS_AGO(3);
    expect(errorOf(await call('case.create', intake({ receivedAt: at }), tokens.boss)).code).toBe(
      'invalid_input',
    );
    const c = await value<CaseDetail>(
      'case.create',
      // Entered later than the entry rule too (issue 9): the late-entry reason is required.
      intake({ receivedAt: at, reason: '客户来信，补录', lateReason: '客户来信，补录' }),
      tokens.boss,
    );
    expect(c.receivedAt).toBe(new Date(at).toISOString());
    expect((c.timeline[0]?.payload as { reason?: string }).reason).toBe('客户来信，补录');
  });
});
