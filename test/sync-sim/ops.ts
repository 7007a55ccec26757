/**
 * What a counter clerk does in the simulations, through DeskApi `call` only:
 * open a case (Chinese text), record the next of the six steps, add a note,
 * change a field, close and reopen. Every outcome is checked: a command either
 * succeeds or is refused for a reason the desk's own state explains (the case
 * was closed, meanwhile, by a pulled event); anything else fails the run.
 */
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { StaffSummary } from '../../shared/contract/methods/staff';
import type { Result } from '../../shared/contract/result';
import type { StepNumber } from '../../shared/domain/cases/payloads';
import { STEP_FIELDS } from '../integration/desk-fixtures';
import type { Random } from './random';
import type { SimDesk } from './simDesk';

export const CHANNELS = ['walk_in', 'phone', 'callback', 'letter', 'online', 'social_media', 'regulator'];
export const CATEGORIES = [
  'banking.fees',
  'banking.cards',
  'banking.counter_service',
  'banking.wealth_products',
  'telecom.billing',
  'telecom.value_added',
  'insurance.claims_counter',
  'insurance.survey_loss',
];
export const SEVERITIES = ['urgent', 'general', 'special', 'major'];

const NAMES = ['李秀英', '王建国', '张伟', '刘芳', '陈静', '杨磊', '赵敏', '黄晓明', '周丽华', '吴志强'];
const ACCOUNTS = [
  '客户反映信用卡年费被重复扣收两次，要求退还多扣的费用。',
  '客户称每月7元短信增值业务并非本人订购，要求取消并书面道歉。',
  '理财产品到期后本金未按约定时间到账，客户情绪激动。',
  '柜台排队超过一小时，客户认为叫号混乱、无人引导。',
  '车险理赔定损金额与修理厂报价相差较大，客户不认可。',
  '宽带多次断线，报修三次仍未解决，客户要求减免月租。',
  '客户称工作人员态度生硬，办理挂失时被要求重复提交材料。',
];
const NOTES = [
  '已致电客户说明处理进度，客户表示理解。',
  '客户下午再来柜台补交身份证复印件。',
  '已转交卡部核实扣费明细。',
  '主管已了解情况，约定明日回电。',
  '客户要求以短信告知处理结果。',
];

export function newCaseInput(rng: Random, receivedAt?: string): Record<string, unknown> {
  return {
    customer: {
      name: rng.pick(NAMES),
      phone: `13${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      gender: rng.pick(['female', 'male', 'unknown']),
      returning: rng.chance(0.3),
    },
    channel: rng.pick(CHANNELS),
    category: rng.pick(CATEGORIES),
    severity: rng.pick(SEVERITIES),
    account: rng.pick(ACCOUNTS),
    ...(receivedAt ? { receivedAt } : {}),
  };
}

export function noteText(rng: Random): string {
  return rng.pick(NOTES);
}

/** Errors a command may meet because of what the desk already knows (e.g. a pulled close). */
const EXPECTED_REFUSALS = new Set(['invalid_state']);

export class UnexpectedResult extends Error {}

function check(desk: SimDesk, method: string, r: Result<unknown>): CaseDetail | null {
  if (r.ok) return r.value as CaseDetail;
  if (EXPECTED_REFUSALS.has(r.error.code)) return null;
  throw new UnexpectedResult(`${desk.name}: ${method} failed unexpectedly: ${JSON.stringify(r.error)}`);
}

export async function createCase(desk: SimDesk, rng: Random, receivedAt?: string): Promise<CaseDetail> {
  const r = await desk.call('case.create', newCaseInput(rng, receivedAt));
  const c = check(desk, 'case.create', r);
  if (!c) throw new UnexpectedResult(`${desk.name}: case.create refused: ${JSON.stringify(r)}`);
  return c;
}

/** Records the lowest open step (re-records step 6 when all are done). Null when the case is closed. */
export async function recordNextStep(desk: SimDesk, caseId: string): Promise<CaseDetail | null> {
  const c = await desk.getCase(caseId);
  if (c.status === 'closed') return null;
  const step = (c.currentStep ?? 6) as StepNumber;
  return check(
    desk,
    'case.recordStep',
    await desk.call('case.recordStep', { caseId, step, fields: STEP_FIELDS[step] }),
  );
}

export async function recordAllSteps(desk: SimDesk, caseId: string): Promise<CaseDetail> {
  let c: CaseDetail | null = null;
  for (let i = 0; i < 6; i++) c = await recordNextStep(desk, caseId);
  if (!c || c.currentStep !== null)
    throw new UnexpectedResult(`${desk.name}: six steps not recorded on ${caseId}`);
  return c;
}

export async function addNote(desk: SimDesk, caseId: string, text: string): Promise<CaseDetail | null> {
  return check(desk, 'case.addNote', await desk.call('case.addNote', { caseId, text }));
}

/** Sets a random mutable field to a random valid value. */
export async function setRandomField(desk: SimDesk, rng: Random, caseId: string): Promise<CaseDetail | null> {
  const field = rng.pick(['category', 'severity', 'dueAt', 'assignee'] as const);
  let value: string | null;
  switch (field) {
    case 'category':
      value = rng.pick(CATEGORIES);
      break;
    case 'severity':
      value = rng.pick(SEVERITIES);
      break;
    case 'dueAt':
      // On the hour, 1-10 days ahead: never before the case's receipt (refused: dueBeforeReceipt).
      value = rng.chance(0.2)
        ? null
        : new Date(
            Math.ceil(Date.now() / 3_600_000) * 3_600_000 +
              (rng.int(1, 10) * 24 + rng.int(0, 23)) * 3_600_000,
          ).toISOString();
      break;
    case 'assignee': {
      const staff = await desk.must<StaffSummary[]>('staff.list', {});
      value = rng.chance(0.2) || staff.length === 0 ? null : rng.pick(staff).id;
      break;
    }
  }
  // The simulated clerk signs in as an admin: a change that is a supervisor's
  // act (lowering severity, extending the due date, reassigning) needs a reason.
  const reason = '主管复核后调整。';
  return check(desk, 'case.setField', await desk.call('case.setField', { caseId, field, value, reason }));
}

/** Closes the case (with a supervisor's reason when the six steps are not all recorded). */
export async function closeCase(desk: SimDesk, caseId: string): Promise<CaseDetail | null> {
  const c = await desk.getCase(caseId);
  const input =
    c.currentStep === null
      ? { caseId, nature: 'valid' as const }
      : { caseId, nature: 'valid' as const, overrideReason: '客户已接受处理结果，主管同意结案。' };
  return check(desk, 'case.close', await desk.call('case.close', input));
}

export async function reopenCase(desk: SimDesk, caseId: string): Promise<CaseDetail | null> {
  return check(
    desk,
    'case.reopen',
    await desk.call('case.reopen', { caseId, reason: '客户再次来电，问题未解决。' }),
  );
}
