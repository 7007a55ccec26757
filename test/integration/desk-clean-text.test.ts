/**
 * Clean text on the desk (issue 8 item 7): every DeskApi input with a control
 * character (other than tab and newline) or an unpaired surrogate in any
 * string is refused with a field error naming the field, in zh-CN and
 * English, and nothing is stored. Clean text, Chinese and emoji included,
 * still goes in unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { Result } from '../../shared/contract/result';
import {
  ADMIN,
  createCase,
  newCaseInput,
  openTestDesk,
  readDeskDb,
  removeDir,
  staffSession,
  STEP_FIELDS,
  tempDir,
  type TestDesk,
} from './desk-fixtures';
import { openDesk } from '../../electron/desk';
import { APP_ORIGIN, handleDeskCall } from '../../electron/main/policy';
import { MANUAL, TestServer } from './sync-fixtures';

function errorOf(r: Result<unknown>) {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

/** Row counts of every table a refused call could have written to. */
function counts(dir: string): Record<string, number> {
  return readDeskDb(dir, (db) => {
    const out: Record<string, number> = {};
    for (const t of ['events', 'cases', 'staff', 'outbox']) {
      out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    }
    return out;
  });
}

describe('desk: clean text in every DeskApi input', () => {
  let t: TestDesk;
  let counter: Session;
  let caseId: string;

  beforeAll(async () => {
    t = await openTestDesk();
    counter = await staffSession(t, 'counter', 'clerk1', '柜员小陈');
    caseId = (await createCase(t, counter.token)).id;
  });
  afterAll(() => t.close());

  /** Calls, expects invalid_input with exactly these field paths, and that nothing was stored. */
  async function refused(
    method: string,
    input: unknown,
    token: string | null,
    paths: string[],
    locale: 'zh-CN' | 'en' = 'zh-CN',
  ): Promise<Record<string, string>> {
    const before = counts(t.dir);
    const e = errorOf(await t.call(method, input, token, locale));
    expect(e.code).toBe('invalid_input');
    expect(Object.keys(e.fields ?? {}).sort()).toEqual([...paths].sort());
    for (const p of paths) expect(e.message).toContain(p);
    expect(e.message).toContain(e.fields?.[paths[0] ?? ''] ?? '?');
    expect(counts(t.dir)).toEqual(before);
    return e.fields ?? {};
  }

  it('refuses NUL in a new case’s account, naming the field in zh-CN and in English', async () => {
    const input = newCaseInput({ account: '客户反映\u0000年费被重复扣收' });
    const zh = await refused('case.create', input, counter.token, ['account']);
    const message = errorOf(await t.call('case.create', input, counter.token)).message;
    expect(message).toBe(
      '“account”含有不可见的控制字符（U+0000 NUL，第 5 个字符），请删除后重新输入。本次没有保存任何内容。',
    );
    expect(zh.account).toBe('含有不可见的控制字符（U+0000 NUL，第 5 个字符），请删除后重新输入。');
    const en = await refused('case.create', input, counter.token, ['account'], 'en');
    expect(en.account).toBe(
      'Contains an invisible control character (U+0000 NUL, character 5): delete it and type the text again.',
    );
  });

  it('names every offending field of one input, nested ones by their dotted path', async () => {
    const input = newCaseInput({
      customer: { name: '李\u001b[31m秀英', phone: '13800138000', gender: 'female', returning: true },
      account: '年费\u0085重复扣收',
    });
    await refused('case.create', input, counter.token, ['customer.name', 'account']);
  });

  it('refuses a lone surrogate in a note (high or low), which a store would turn into U+FFFD', async () => {
    const f = await refused('case.addNote', { caseId, text: '已致电客户\ud800' }, counter.token, ['text']);
    expect(f.text).toContain('U+D800');
    await refused('case.addNote', { caseId, text: '\udc00已致电客户' }, counter.token, ['text']);
  });

  it('refuses a carriage return (CRLF is not normalised), DEL and C1 controls', async () => {
    const f = await refused('case.addNote', { caseId, text: '第一行\r\n第二行' }, counter.token, ['text']);
    expect(f.text).toContain('U+000D CR');
    await refused('case.addNote', { caseId, text: '删除\u007f' }, counter.token, ['text']);
    await refused('case.addNote', { caseId, text: '\u009b31m' }, counter.token, ['text']);
  });

  it('refuses a control character in a step field, and in a key of the step’s fields', async () => {
    await refused(
      'case.recordStep',
      { caseId, step: 1, fields: { ...STEP_FIELDS[1], customerMood: 'angry\u0007' } },
      counter.token,
      ['fields.customerMood'],
    );
    await refused(
      'case.recordStep',
      { caseId, step: 1, fields: { ...STEP_FIELDS[1], 'mood\u0000': 'x' } },
      counter.token,
      ['fields.mood\\u0000'],
    );
  });

  it('refuses a control character in a staff name and in a PIN, without echoing the secret', async () => {
    const before = await t.must<unknown[]>('staff.list', {}, t.admin.token);
    const f = await refused(
      'staff.create',
      { name: '柜员\u0001小王', login: 'clerk9', role: 'counter', secretKind: 'pin', secret: '13\u000057' },
      t.admin.token,
      ['name', 'secret'],
    );
    expect(f.secret).not.toContain('13');
    expect(await t.must<unknown[]>('staff.list', {}, t.admin.token)).toEqual(before);
  });

  it('refuses a control character in a sign-in secret as a field error, not a failed sign-in', async () => {
    await refused('auth.signIn', { login: 'clerk1', secret: '135790\u0000' }, null, ['secret']);
    // The real PIN still works (the refusal counted no failed attempt).
    expect((await t.must<Session>('auth.signIn', { login: 'clerk1', secret: '135790' })).token).toBeTruthy();
  });

  it('refuses unclean text in sync settings', async () => {
    await refused(
      'sync.configure',
      { serverUrl: 'https://hq.example.cn\u0000', code: 'ABCDEFGH' },
      t.admin.token,
      ['serverUrl'],
    );
  });

  it('refuses the same through the Electron IPC gate, which hands calls to the same dispatcher', async () => {
    const before = counts(t.dir);
    const r = await handleDeskCall(t.core, `${APP_ORIGIN}/index.html`, [
      'case.addNote',
      { caseId, text: '已致电\u0000客户' },
      { session: counter.token, locale: 'zh-CN' },
    ]);
    expect(errorOf(r).fields).toEqual({
      text: '含有不可见的控制字符（U+0000 NUL，第 4 个字符），请删除后重新输入。',
    });
    expect(counts(t.dir)).toEqual(before);
  });

  it('takes clean text unchanged: Chinese, emoji, a surrogate pair, tab and newline', async () => {
    const text = '客户满意 😀\t已退款\n𠀀 第二行';
    const d = await t.must<CaseDetail>('case.addNote', { caseId, text }, counter.token);
    expect(JSON.stringify(d.timeline)).toContain(JSON.stringify(text).slice(1, -1));
  });
});

describe('desk: clean text in first-run setup', () => {
  it('refuses a control character in the first admin’s name and sets nothing up', async () => {
    const dir = tempDir();
    const core = openDesk({ dataDir: dir });
    try {
      const r = await core.call(
        'desk.setup',
        {
          branchCode: 'GZ',
          branchName: '广州天河\u001f支行',
          deviceCode: '01',
          admin: { ...ADMIN, name: '王\u0008管理员' },
        },
        { session: null, locale: 'en' },
      );
      const e = errorOf(r);
      expect(e.code).toBe('invalid_input');
      expect(Object.keys(e.fields ?? {}).sort()).toEqual(['admin.name', 'branchName']);
      expect(e.message).toContain('admin.name');
      const status = await core.call('desk.status', {}, { session: null, locale: 'en' });
      expect(status.ok && (status.value as { initialized: boolean }).initialized).toBe(false);
      expect(readDeskDb(dir, (db) => db.prepare('SELECT count(*) AS n FROM events').get())).toEqual({ n: 0 });
    } finally {
      core.close();
      removeDir(dir);
    }
  });
});

describe('desk: the enrolment label is clean text even when the branch name is long', () => {
  const server = new TestServer('sqlite');
  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('enrols a desk whose branch name puts a character outside the BMP (𠀀) at the label’s cut', async () => {
    const dir = tempDir();
    const core = openDesk({ dataDir: dir, sync: MANUAL });
    try {
      // "<name> 01" cut to 100 code units ends between the two halves of 𠀀 when sliced naively.
      const branchName = `${'支'.repeat(99)}\ud840\udc00`;
      const setup = await core.call(
        'desk.setup',
        { branchCode: 'GZ', branchName, deviceCode: '01', admin: ADMIN },
        { session: null, locale: 'en' },
      );
      if (!setup.ok) throw new Error(JSON.stringify(setup.error));
      const admin = setup.value as Session;
      const r = await core.call(
        'sync.configure',
        { serverUrl: server.url, code: await server.code('GZ') },
        { session: admin.token, locale: 'en' },
      );
      expect(r.ok ? 'enrolled' : JSON.stringify(r.error)).toBe('enrolled');
    } finally {
      core.close();
      removeDir(dir);
    }
  });
});
