/**
 * Deterministic generator of realistic complaint cases in Chinese, for the
 * benchmarks and large-store tests. A seeded PRNG makes every run comparable.
 */
import { CURRENT_EVENT_SCHEMA, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { type StepNumber } from '../../shared/domain/cases/payloads';
import { hash as sha256 } from 'node:crypto';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatCaseNumber } from '../../shared/domain/kernel/caseNumber';

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英玉兰萍毅浩宇轩子涵欣怡梓豪思远佳琪雨桐晨曦嘉怡俊杰志强建华海燕春梅国庆红梅晓东小明小红'.split(
    '',
  );

const ACCOUNT_OPENERS = [
  '客户来电反映',
  '客户到柜台投诉',
  '客户在网点表示',
  '客户通过短信渠道投诉',
  '客户情绪激动，称',
  '客户第二次来访，说明',
  '消费者协会转来投诉，客户称',
];
const ACCOUNT_BODIES: readonly (readonly [text: string, category: string])[] = [
  ['每月被扣取7元短信订阅费，否认曾经订购该业务，要求书面道歉并退还全部费用', 'telecom.value_added'],
  ['信用卡年费在未告知的情况下被扣除，要求立即退还', 'banking.cards'],
  ['理赔申请提交已超过一个月仍未有结果，查勘员多次未按约定时间上门', 'insurance.survey_loss'],
  ['柜台排队等候超过一个小时，工作人员态度冷淡，没有解释原因', 'banking.counter_service'],
  ['宽带网络连续三天无法使用，报修后无人跟进', 'telecom.network_quality'],
  ['物业电梯多次故障停运，老人上下楼十分困难，存在安全隐患', 'property.equipment'],
  ['车辆维修后刹车仍有异响，要求返修并承担往返费用', 'repair.workmanship'],
  ['理财产品到期收益与销售人员承诺不符，认为存在误导销售', 'banking.wealth_products'],
  ['手机套餐被擅自变更，话费比原来高出很多', 'telecom.billing'],
  ['保单退保金额计算有误，与条款约定不一致', 'insurance.underwriting'],
  ['小区停车管理混乱，车位被他人长期占用，物业不予处理', 'property.service_quality'],
  ['网上银行转账失败但资金已被扣除，至今未退回账户', 'banking.fees'],
  ['营业厅办理携号转网时被拒绝，工作人员没有说明理由', 'telecom.service_attitude'],
  ['房屋漏水报修后维修人员迟迟不来，墙面和家具受损', 'property.emergency'],
];
const ACCOUNT_CLOSERS = [
  '希望尽快给予答复。',
  '如果今天不能解决将向监管部门反映。',
  '表示对处理结果非常不满意。',
  '要求主管出面处理。',
  '',
];
const DEMANDS = ['退还费用并书面道歉', '尽快上门维修', '给出明确的处理时间', '更换经办人员', '给予合理补偿'];

const CHANNELS = ['walk_in', 'phone', 'callback', 'letter', 'online', 'social_media', 'regulator'];
const SEVERITIES = ['general', 'special', 'urgent', 'major'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

export interface CorpusOptions {
  seed?: number;
  branch?: string;
  deviceCode?: string;
  /** The device id written into the events (a UUID). */
  deviceId: string;
  actor: string;
  /** Wall time of the first case, ms since epoch. */
  startMs?: number;
  /**
   * Follow-up facts (issue 9: pauses, contacts, actions, closes, callbacks,
   * late entries) from ./followUps.ts. Without it every case is the seven
   * events it always was (the sync benchmark's corpus is unchanged).
   */
  followUps?: FollowUpPlanner;
}

/** What a follow-up planner decides for one case (see ./followUps.ts). */
export interface FollowUpPlan {
  owner: string;
  /** How long before entry the complaint was received (default one minute). */
  receivedLagMs: number;
  lateReason?: string;
  /** Steps recorded, 0..6. */
  steps: number;
  /** Later events of the case, in time order, each after the last step. */
  later: { type: string; payload: unknown; atMs: number }[];
}
export type FollowUpPlanner = (c: {
  openedMs: number;
  stepsDoneMs: number;
  receivedMs: number;
}) => FollowUpPlan;

export interface GeneratedCase {
  caseId: string;
  number: string;
  customerName: string;
  phone: string;
  account: string;
  events: EventEnvelope[];
}

/** UUIDv7-shaped id from a counter and a timestamp: deterministic and unique. */
function seqUuid(ms: number, n: number): string {
  const hex = ms.toString(16).padStart(12, '0').slice(-12);
  const c = n.toString(16).padStart(19, '0').slice(-19);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${c.slice(0, 3)}-${(8 + (n % 4)).toString(16)}${c.slice(3, 6)}-${c.slice(7, 19)}`;
}

function hlcText(ms: number, counter: number): string {
  return `${String(ms).padStart(15, '0')}-${String(counter).padStart(5, '0')}`;
}

/**
 * Make cases one at a time: `next()` returns the case and its seven events
 * (opened + six steps), each with a valid hash and increasing HLC.
 */
export function caseGenerator(opts: CorpusOptions): { next(): GeneratedCase } {
  const rand = prng(opts.seed ?? 42);
  const branch = opts.branch ?? 'GZ';
  const deviceCode = opts.deviceCode ?? '01';
  let ms = opts.startMs ?? Date.UTC(2026, 0, 5, 1, 0, 0);
  let idCounter = 0;
  let daySeq = 0;
  let day = '';

  const envelope = (stream: string, type: string, payload: unknown): EventEnvelope => {
    ms += 1 + Math.floor(rand() * 3);
    const base = {
      id: seqUuid(ms, ++idCounter),
      stream,
      type,
      schema: CURRENT_EVENT_SCHEMA,
      hlc: hlcText(ms, 0),
      device: opts.deviceId,
      branch,
      actor: opts.actor,
      payload,
    };
    return { ...base, hash: eventHash(base, (text) => sha256('sha256', text, 'hex')) };
  };

  /** An event at a given wall time (follow-ups, hours or days after the case's steps). */
  const envelopeAt = (stream: string, type: string, payload: unknown, atMs: number): EventEnvelope => {
    const base = {
      id: seqUuid(atMs, ++idCounter),
      stream,
      type,
      schema: CURRENT_EVENT_SCHEMA,
      hlc: hlcText(atMs, 0),
      device: opts.deviceId,
      branch,
      actor: opts.actor,
      payload,
    };
    return { ...base, hash: eventHash(base, (text) => sha256('sha256', text, 'hex')) };
  };

  return {
    next(): GeneratedCase {
      ms += Math.floor(rand() * 20_000);
      const date = new Date(ms);
      const ymd = `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCDate()).padStart(2, '0')}`;
      if (ymd !== day) {
        day = ymd;
        daySeq = 0;
      }
      const caseId = seqUuid(ms, ++idCounter);
      const stream = `case:${caseId}`;
      const number = formatCaseNumber(branch, deviceCode, ymd, ++daySeq);
      const customerName = pick(rand, SURNAMES) + pick(rand, GIVEN) + (rand() < 0.5 ? pick(rand, GIVEN) : '');
      const phone = `1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
      const [body, category] = pick(rand, ACCOUNT_BODIES);
      const account = `${pick(rand, ACCOUNT_OPENERS)}${body}，${pick(rand, ACCOUNT_CLOSERS)}`.replace(
        /，$/,
        '。',
      );
      // The follow-up plan is decided with its own PRNG, so the cases' texts stay those of the plain corpus.
      const openedMs = ms + 1;
      const plan = opts.followUps?.({ openedMs, stepsDoneMs: openedMs + 20, receivedMs: openedMs - 60_000 });
      const receivedAt = new Date(ms - (plan?.receivedLagMs ?? 60_000)).toISOString();
      const events: EventEnvelope[] = [
        envelope(stream, 'case.opened', {
          number,
          scriptVersion: '1.0',
          customer: {
            name: customerName,
            phone,
            gender: rand() < 0.5 ? 'female' : 'male',
            returning: rand() < 0.3,
          },
          channel: pick(rand, CHANNELS),
          category,
          severity: pick(rand, SEVERITIES),
          account,
          receivedAt,
          owner: plan?.owner ?? opts.actor,
          ...(plan?.lateReason !== undefined ? { lateReason: plan.lateReason } : {}),
        }),
      ];
      const promised = new Date(ms + 86_400_000).toISOString();
      const steps: Record<StepNumber, Record<string, string | number | boolean | null>> = {
        1: { apologyGiven: true, customerMood: pick(rand, ['calm', 'anxious', 'angry', 'very_angry']) },
        2: {
          account,
          factsWhat: account.slice(0, 40),
          factsWhen: '上周五下午',
          factsWhere: '营业厅',
          factsWho: customerName,
          demand: pick(rand, DEMANDS),
          recordConfirmed: true,
        },
        3: {
          complainantType: pick(rand, ['problem_solving', 'emotional_venting', 'rational_fault_finding']),
          impact: 'inconvenience',
        },
        4: {
          resolvability: 'short_term',
          proposal: '核实扣费记录后退还相关费用，并给予适当补偿',
          promisedAt: promised,
          customerAnswer: 'accept',
        },
        5: { actions: '已提交后台核查并办理退费', actionOwner: '后台运营', actionDueAt: promised },
        6: {
          contactAttempts: 1,
          resultTold: true,
          thanked: true,
          satisfaction: 'satisfied',
          summary: '按时回访，客户认可处理结果',
        },
      };
      for (const step of ([1, 2, 3, 4, 5, 6] as const).slice(0, plan?.steps ?? 6)) {
        events.push(envelope(stream, 'case.step_recorded', { step, fields: steps[step] }));
      }
      let last = ms;
      for (const x of plan?.later ?? []) {
        last = Math.max(last + 1, x.atMs);
        events.push(envelopeAt(stream, x.type, x.payload, last));
      }
      return { caseId, number, customerName, phone, account, events };
    },
  };
}
