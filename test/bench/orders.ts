/**
 * Deterministic work orders for the desk benchmark (issue 11): each order's
 * events written as the desk would write them (the front desk opens, the team
 * lead starts and finishes, signed self / process / final checks, the front
 * desk's reconciliation, its seven checks, the release and the follow-up
 * call), valid hashes and increasing HLCs, so the real projector folds them
 * and the fold accepts them without a flag (test/integration/bench-orders-seed.test.ts).
 *
 * The mix, per order:
 *   85 %  released (90 % of those followed up by a reached call; the rest are in the callback queue)
 *    2 %  ready (every final check passed, the desk's checks open)
 *    3 %  awaiting the final check; 6 % in work; 4 % open (just received)
 *    8 %  of orders that got as far as the final check failed it on one item,
 *         were reworked and inspected again
 *   10 %  an extra fault found during work (the customer agreed 80 %, refused 20 %)
 *    3 %  a part substituted (a QC signature on a safety item); 2 % a refused release attempt
 *    5 %  rework returns (返修) of an earlier released order: its items re-inspected by
 *         the final check with the fault the customer came back with
 *
 * Staff: the front desk acts are the clerks' (counter), the workshop's the
 * team lead's; signatures are the lead's and the QC inspector's. All of them
 * must exist (created, enabled) before the first order's HLC.
 */
import { hash as sha256 } from 'node:crypto';
import { CURRENT_EVENT_SCHEMA, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { encodeGap } from '../../shared/domain/orders/gate';
import { formatOrderNumber } from '../../shared/domain/orders/number';
import {
  DESK_CHECKS,
  type Inspection,
  type OrderEventType,
  type OrderItem,
  type OrderPayloadOf,
  type Signature,
} from '../../shared/domain/orders/payloads';
import type { OrderStatus } from '../../shared/domain/orders/state';
import {
  checklistFor,
  safetyMatch,
  type OrderKindTemplate,
  type OrderTemplates,
} from '../../shared/domain/orders/template';
import { prng } from './corpus';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁'.split('');
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚浩宇轩涵欣怡豪远琪桐晨嘉俊志建华'.split('');
const CARS = ['大众 朗逸', '丰田 卡罗拉', '本田 雅阁', '日产 轩逸', '别克 英朗', '比亚迪 秦', '吉利 帝豪'];
const DEVICES = ['华为 Mate 60', '小米 14', '联想 ThinkPad X1', '戴森 V12 吸尘器', '美的 变频空调'];
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'.split('');
const VIN_CHARS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ'.split('');
const FAILS = ['路试刹车仍有异响', '故障灯未熄灭', '拧紧力矩不达标', '功能测试未通过'];

export interface OrderCorpusOptions {
  /** The simulated device the events come from (as sync would bring them). */
  deviceId: string;
  deviceCode?: string;
  branch?: string;
  seed?: number;
  /** Wall time of the first order, ms since epoch: after every staff record below. */
  startMs: number;
  /** Mean time between two orders' openings (default 20 s: 200,000 orders over 46 days). */
  meanGapMs?: number;
  templates: OrderTemplates;
  /** Front-desk staff (counter): each order's receiver and the actor of its front-desk acts. */
  frontDesk: readonly string[];
  /** The team lead (班组长): starts and finishes work, signs self and process checks. */
  lead: string;
  /** The QC inspector (质检员): signs process and final checks and hand-overs. */
  qc: string;
}

export interface GeneratedOrder {
  orderId: string;
  number: string;
  /** For the board's text filters. */
  phone: string;
  plate: string;
  /** What the fold must derive from the events. */
  expect: { status: OrderStatus; failedInspections: number; rework: boolean; followUpOpen: boolean };
  events: EventEnvelope[];
}

interface Released {
  orderId: string;
  number: string;
  releasedMs: number;
  kind: string;
  items: OrderItem[];
  customer: OrderPayloadOf<'order.opened'>['customer'];
  subject: OrderPayloadOf<'order.opened'>['subject'];
}

/** UUID-shaped, deterministic, unique: the counter's high bits mark the orders' ids apart from the cases'. */
function orderUuid(ms: number, n: number): string {
  const hex = ms.toString(16).padStart(12, '0').slice(-12);
  const c = n.toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7f0d-${(8 + (n % 4)).toString(16)}0de-${c}`;
}

const hlcText = (ms: number) => `${String(ms).padStart(15, '0')}-00000`;
const iso = (ms: number) => new Date(ms).toISOString();

export function orderGenerator(opts: OrderCorpusOptions): { next(): GeneratedOrder } {
  const rand = prng(opts.seed ?? 11);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const branch = opts.branch ?? 'GZ';
  const deviceCode = opts.deviceCode ?? '02';
  const kinds = opts.templates.kinds;
  let ms = opts.startMs;
  let ids = 0;
  let day = '';
  let daySeq = 0;
  const released: Released[] = [];
  const uuid = (at: number) => orderUuid(at, ++ids);
  const gapMs = opts.meanGapMs ?? 20_000;

  return {
    next(): GeneratedOrder {
      ms += 1 + Math.floor(rand() * 2 * gapMs);
      const t0 = ms;
      const orderId = uuid(t0);
      const stream = `order:${orderId}`;
      const events: EventEnvelope[] = [];
      let t = t0;
      const clerk = pick(opts.frontDesk);
      const emit = <T extends OrderEventType>(
        type: T,
        payload: OrderPayloadOf<T>,
        actor: string,
        gap = MIN,
      ) => {
        t += Math.max(1, Math.floor(gap * (0.5 + rand())));
        const base = {
          id: uuid(t),
          stream,
          type,
          schema: CURRENT_EVENT_SCHEMA,
          hlc: hlcText(t),
          device: opts.deviceId,
          branch,
          actor,
          payload,
        };
        events.push({ ...base, hash: eventHash(base, (text) => sha256('sha256', text, 'hex')) });
      };
      const sign = (signer: string, role: 'lead' | 'qc'): Signature => ({ signer, role, signedAt: iso(t) });

      // ---- what this order is
      const ymd = iso(t0).slice(0, 10).replace(/-/g, '');
      if (ymd !== day) {
        day = ymd;
        daySeq = 0;
      }
      const number = formatOrderNumber(branch, deviceCode, ymd, ++daySeq);
      const stageRoll = rand();
      const stage: OrderStatus =
        stageRoll < 0.04
          ? 'open'
          : stageRoll < 0.1
            ? 'in_work'
            : stageRoll < 0.13
              ? 'awaiting_final'
              : stageRoll < 0.15
                ? 'ready'
                : 'released';
      const original = rand() < 0.05 ? reworkCandidate(released, t0, rand) : null;
      const kind: OrderKindTemplate = original
        ? (kinds.find((k) => k.value === original.kind) ?? pick(kinds))
        : pick(kinds);
      const vehicle = kind.subjectKind === 'vehicle';
      const customer = original?.customer ?? {
        name: pick(SURNAMES) + pick(GIVEN) + (rand() < 0.5 ? pick(GIVEN) : ''),
        phone: `1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`,
      };
      const readings = (): Record<string, number | string> => {
        const out: Record<string, number | string> = {};
        for (const r of kind.readings) {
          if (r.kind === 'number') out[r.key] = r.unit === 'km' ? 10_000 + Math.floor(rand() * 150_000) : 60;
          else out[r.key] = r.key === 'fault_codes' ? 'P0420' : '外观良好';
        }
        return out;
      };
      const subject = original
        ? { ...original.subject, readingsBefore: readings() }
        : {
            kind: kind.subjectKind,
            plate: vehicle
              ? `粤${pick(PLATE_LETTERS)}${Array.from({ length: 5 }, () => pick(VIN_CHARS)).join('')}`
              : '',
            vinOrSerial: Array.from({ length: vehicle ? 17 : 12 }, () => pick(VIN_CHARS)).join(''),
            model: vehicle ? pick(CARS) : pick(DEVICES),
            readingsBefore: readings(),
          };
      const item = (origin: OrderItem['origin'], title?: string): OrderItem => {
        const c = pick(kind.catalogue);
        const name = title ?? c.label['zh-CN'];
        const safety = c.safety || safetyMatch(opts.templates, name) !== null;
        return {
          itemId: uuid(t0),
          title: name,
          trade: c.trade,
          safety,
          labourFen: origin === 'original' ? 0 : 5_000 + Math.floor(rand() * 40) * 1_000,
          parts:
            origin === 'original' || rand() < 0.3
              ? []
              : [
                  {
                    name: `${name.replace(/^更换/, '')}配件`,
                    qty: 1 + Math.floor(rand() * 2),
                    unitFen: 20_000,
                  },
                ],
          origin,
        };
      };
      let items: OrderItem[];
      if (original) {
        const copies = original.items.map((it): OrderItem => ({
          itemId: uuid(t0),
          title: it.title,
          trade: it.trade,
          safety: it.safety,
          labourFen: 0,
          parts: [],
          origin: 'original',
        }));
        items = [...copies, item('rework', `返修：${original.items[0]?.title ?? '故障复现'}`)];
      } else {
        const n = 1 + Math.floor(rand() * 3);
        items = [];
        for (let i = 0; i < n; i++) {
          const it = item('reported');
          if (!items.some((x) => x.title === it.title)) items.push(it);
        }
      }
      const due = t0 + DAY + Math.floor(rand() * 2 * DAY);
      emit(
        'order.opened',
        {
          number,
          kind: kind.value,
          templateVersion: opts.templates.version,
          customer,
          subject,
          items,
          receivedAt: iso(t0 - 5 * MIN),
          promisedAt: iso(due),
          owner: clerk,
          reworkOf: original
            ? { orderId: original.orderId, number: original.number, releasedAt: iso(original.releasedMs) }
            : null,
          note: '',
        },
        clerk,
        1,
      );
      const expect: GeneratedOrder['expect'] = {
        status: stage,
        failedInspections: 0,
        rework: original !== null,
        followUpOpen: false,
      };
      const done = (): GeneratedOrder => ({
        orderId,
        number,
        phone: customer.phone,
        plate: subject.plate,
        expect,
        events,
      });
      if (stage === 'open') return done();

      // ---- an extra fault found during work, and the customer's answer
      const gate = [...items];
      if (!original && rand() < 0.1) {
        const found = item('found');
        emit('order.item_added', { item: found, note: '检查中发现' }, clerk, 30 * MIN);
        const consent = rand() < 0.8 ? 'given' : 'refused';
        emit(
          'order.consent_recorded',
          { itemId: found.itemId, consent, how: 'phone', note: '' },
          clerk,
          20 * MIN,
        );
        if (consent === 'given') gate.push(found);
      }
      const worked = gate.filter((it) => it.origin !== 'original');

      // ---- the workshop: start and finish; the lead's self-checks, the process check on safety items
      // The trade each item is with now: a rework start keeps the trade it was handed over to.
      const tradeNow = new Map<string, string>();
      const start = (it: OrderItem) =>
        emit(
          'order.item_started',
          { itemId: it.itemId, trade: tradeNow.get(it.itemId) ?? it.trade },
          opts.lead,
          20 * MIN,
        );
      const finish = (it: OrderItem) =>
        emit('order.item_finished', { itemId: it.itemId, note: '' }, opts.lead, HOUR);
      const inspect = (it: OrderItem, inspection: Inspection, pass = true) => {
        const lines = checklistFor(kind, inspection, it.safety);
        const checklist = Object.fromEntries(lines.map((l, i) => [l.key, pass || i > 0]));
        const signatures =
          inspection === 'self'
            ? [sign(opts.lead, 'lead')]
            : inspection === 'process'
              ? [sign(opts.lead, 'lead'), sign(opts.qc, 'qc')]
              : [sign(opts.qc, 'qc')];
        emit(
          'order.inspected',
          {
            inspection,
            itemId: it.itemId,
            result: pass ? 'pass' : 'fail',
            checklist,
            readingsAfter: inspection === 'final' ? readings() : {},
            reason: pass ? '' : pick(FAILS),
            signatures,
          },
          inspection === 'final' ? opts.qc : opts.lead,
          15 * MIN,
        );
      };
      const workAndCheck = (it: OrderItem) => {
        start(it);
        finish(it);
        inspect(it, 'self');
        if (it.safety) inspect(it, 'process');
      };
      if (stage === 'in_work') {
        // Every order has an item worked on it (a rework return: the fault it came back with).
        for (const it of worked.slice(0, 1)) {
          start(it);
          if (rand() < 0.5 && worked.length > 1) finish(it); // another item is still open
        }
        return done();
      }
      for (const it of worked) {
        if (rand() < 0.03) {
          // a hand-over between trades, accepted by the QC inspector
          start(it);
          const to = kind.trades.find((x) => x !== it.trade) ?? it.trade;
          emit(
            'order.item_handed',
            {
              itemId: it.itemId,
              fromTrade: it.trade,
              toTrade: to,
              acceptedBy: sign(opts.qc, 'qc'),
              note: '',
            },
            opts.lead,
          );
          tradeNow.set(it.itemId, to);
          finish(it);
          inspect(it, 'self');
          if (it.safety) inspect(it, 'process');
        } else workAndCheck(it);
      }
      if (stage === 'awaiting_final') return done();

      // ---- the QC inspector's final checks (8 %: one fails, is reworked and inspected again)
      const failing = rand() < 0.08 ? pick(gate) : null;
      for (const it of gate) {
        if (it === failing) {
          inspect(it, 'final', false);
          expect.failedInspections += 1;
          workAndCheck(it);
        }
        inspect(it, 'final');
      }
      if (stage === 'ready') return done();

      // ---- the front desk: substitution, reconciliation, its checks, the release and the follow-up call
      const used: OrderPayloadOf<'order.parts_reconciled'>['used'] = [];
      for (const it of gate) for (const p of it.parts) used.push({ ...p, itemId: it.itemId });
      const sub = rand() < 0.03 ? used[0] : undefined;
      if (sub) {
        const safety = gate.some((x) => x.itemId === sub.itemId && x.safety);
        const substitute = `副厂${sub.name}`;
        emit(
          'order.substitution_approved',
          {
            itemId: sub.itemId,
            original: sub.name,
            substitute,
            customerApproved: true,
            approvedBy: safety ? sign(opts.qc, 'qc') : null,
            note: '原厂件缺货，客户同意',
          },
          clerk,
        );
        sub.name = substitute;
      }
      if (rand() < 0.02) {
        const reasons = DESK_CHECKS.map((check) => encodeGap({ code: 'desk_check_missing', check }));
        emit('order.release_refused', { reasons: ['parts_not_reconciled', ...reasons] }, clerk, 10 * MIN);
      }
      emit('order.parts_reconciled', { used, matches: true, note: '' }, clerk, 30 * MIN);
      for (const check of DESK_CHECKS) emit('order.desk_checked', { check, note: '' }, clerk, 2 * MIN);
      emit(
        'order.released',
        { warrantyMonths: kind.warrantyMonths, nextService: vehicle ? '5000公里后保养' : '', note: '' },
        clerk,
        5 * MIN,
      );
      const releasedMs = t;
      released.push({ orderId, number, releasedMs, kind: kind.value, items: gate, customer, subject });
      if (released.length > 5_000) released.splice(0, 1_000);
      if (rand() < 0.9) {
        // The call three days later, written a few minutes after it was made.
        t += 3 * DAY + Math.floor(rand() * 4 * HOUR);
        const at = iso(t);
        const satisfaction = 3 + Math.floor(rand() * 3);
        const call = { at, outcome: 'reached', reachedWho: '本人', satisfaction, comment: '' } as const;
        emit('order.followed_up', call, clerk, 5 * MIN);
      } else expect.followUpOpen = true;
      return done();
    },
  };
}

/** A released order whose release came before `t0`, or null. */
function reworkCandidate(pool: readonly Released[], t0: number, rand: () => number): Released | null {
  for (let i = 0; i < 5 && pool.length > 0; i++) {
    const r = pool[Math.floor(rand() * pool.length)];
    if (r && r.releasedMs < t0) return r;
  }
  return null;
}
