/**
 * Shared helpers for the desk-core integration tests (test/integration/desk-*.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMethodName, METHODS } from '../../shared/contract/api';
import { type CaseDetail } from '../../shared/contract/methods/cases';
import { type Session } from '../../shared/contract/methods/staff';
import type { Result } from '../../shared/contract/result';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import type { FieldValue, StepNumber } from '../../shared/domain/cases/payloads';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import type { Locale } from '../../shared/domain/kernel/locale';
import Database from 'better-sqlite3';
import { DB_FILE_NAME, openDesk, type DeskCore, type DeskCoreOptions } from '../../electron/desk';
export { shuffled } from '../fixtures/shuffled';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-test-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface TestDesk {
  core: DeskCore;
  dir: string;
  admin: Session;
  call(method: string, input: unknown, token?: string | null, locale?: Locale): Promise<Result<unknown>>;
  /** Calls and asserts success, returning the value. */
  must<T = unknown>(method: string, input: unknown, token?: string | null): Promise<T>;
  close(): void;
}

export const ADMIN = { name: '王管理员', login: 'admin', secretKind: 'pin' as const, secret: '246810' };

export async function openTestDesk(opts: Partial<DeskCoreOptions> = {}): Promise<TestDesk> {
  const dir = opts.dataDir ?? tempDir();
  const core = openDesk({ ...opts, dataDir: dir });
  const call = (method: string, input: unknown, token: string | null = null, locale: Locale = 'zh-CN') =>
    core.call(method, input, { session: token, locale });
  const must = async <T>(method: string, input: unknown, token: string | null = null): Promise<T> => {
    const r = await call(method, input, token);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    // Every answer must match the contract's output schema.
    if (isMethodName(method)) {
      const checked = METHODS[method].output.safeParse(r.value);
      if (!checked.success)
        throw new Error(`${method} returned a value outside its contract: ${checked.error.message}`);
    }
    return r.value as T;
  };
  const admin = await must<Session>('desk.setup', {
    branchCode: 'GZ',
    branchName: '广州天河支行',
    deviceCode: '01',
    admin: ADMIN,
  });
  return {
    core,
    dir,
    admin,
    call,
    must,
    close() {
      core.close();
      removeDir(dir);
    },
  };
}

/** Creates staff with the given role and signs them in; returns the session. */
export async function staffSession(
  t: TestDesk,
  role: 'counter' | 'qc' | 'supervisor' | 'admin',
  login: string,
  name = `${role}-${login}`,
): Promise<Session> {
  await t.must('staff.create', { name, login, role, secretKind: 'pin', secret: '135790' }, t.admin.token);
  return t.must<Session>('auth.signIn', { login, secret: '135790' });
}

export function newCaseInput(overrides: Record<string, unknown> = {}) {
  return {
    customer: { name: '李秀英', phone: '13800138000', gender: 'female', returning: true },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    account: '客户反映信用卡年费被重复扣收两次,要求退还多扣的费用。',
    ...overrides,
  };
}

/** Valid captures for each step of the default script. */
export const STEP_FIELDS: Record<StepNumber, Record<string, FieldValue>> = {
  1: { apologyGiven: true, customerMood: 'angry' },
  2: {
    account: '客户称本月账单出现两笔年费,已致电客服未果。',
    factsWhat: '年费重复扣收',
    factsWhen: '2026-11-01',
    demand: '退还多扣的年费',
    recordConfirmed: true,
  },
  3: { complainantType: 'problem_solving', impact: 'financial_loss' },
  4: {
    resolvability: 'short_term',
    proposal: '核实后三个工作日内退还多扣年费',
    // A promise cannot precede receipt (issue 9): a month after the tests start, past any test's clock.
    promisedAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
    customerAnswer: 'accept',
  },
  // Step 5's due time must lie ahead (issue 9): a week after the tests start.
  5: {
    actions: '提交卡中心退费申请',
    actionOwner: '卡部 陈经理',
    actionDueAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  },
  6: { contactAttempts: 1, resultTold: true, satisfaction: 'satisfied', summary: '年费已退还,客户满意。' },
};

export async function createCase(
  t: TestDesk,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<CaseDetail> {
  return t.must<CaseDetail>('case.create', newCaseInput(overrides), token);
}

export async function recordSteps(
  t: TestDesk,
  token: string,
  caseId: string,
  upTo: number,
): Promise<CaseDetail> {
  let d: CaseDetail | null = null;
  for (let n = 1; n <= upTo; n++) {
    d = await t.must<CaseDetail>(
      'case.recordStep',
      { caseId, step: n, fields: STEP_FIELDS[n as StepNumber] },
      token,
    );
  }
  if (!d) throw new Error('recordSteps needs upTo >= 1');
  return d;
}

// ---------------------------------------------------------------- events made elsewhere

/** Makes hashed envelopes as another device would (for appendEvents). */
export class RemoteDevice {
  private ms: number;
  private counter = 0;
  constructor(
    readonly device: string,
    startMs: number,
    readonly branch = 'SZ',
    readonly actor = '01890000-0000-7000-8000-0000000000aa',
  ) {
    this.ms = startMs;
  }

  /** Next HLC of this device (advancing its clock by `stepMs`). */
  tick(stepMs = 1000): string {
    this.ms += stepMs;
    this.counter = 0;
    return formatHlc(this.ms, this.counter);
  }

  event(
    stream: string,
    type: string,
    payload: unknown,
    opts: { hlc?: string; schema?: number; id?: string } = {},
  ): EventEnvelope {
    const body = {
      id: opts.id ?? newId(),
      stream,
      type,
      schema: opts.schema ?? 1,
      hlc: opts.hlc ?? this.tick(),
      device: this.device,
      branch: this.branch,
      actor: this.actor,
      payload,
    };
    return { ...body, hash: eventHash(body) };
  }

  opened(
    caseId: string,
    n: number,
    extra: Partial<Record<string, unknown>> = {},
    hlc?: string,
  ): EventEnvelope {
    return this.event(
      `case:${caseId}`,
      'case.opened',
      {
        number: `SZ${this.device.slice(-2).toUpperCase()}-20261120-${String(n).padStart(4, '0')}`,
        scriptVersion: '1.0',
        customer: {
          name: `客户${n}`,
          phone: `1390000${String(n).padStart(4, '0')}`,
          gender: 'unknown',
          returning: false,
        },
        channel: 'phone',
        category: 'telecom.billing',
        severity: 'general',
        account: `第${n}号投诉:话费账单异常`,
        receivedAt: '2026-11-20T01:00:00.000Z',
        owner: this.actor,
        ...extra,
      },
      hlc ? { hlc } : {},
    );
  }
}

/** Runs `fn` on a read-only handle to a desk's database (fine while the desk is open: WAL). */
export function readDeskDb<T>(dir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
