/**
 * Work orders for the order fold and gate tests: a branch's staff (a real
 * staff directory folded from staff events), and order events written by
 * hand as envelopes, the way another desk (or a forger) would send them.
 */
import { fullChecklist } from '../fixtures/checklists';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import type { Role } from '../../shared/domain/kernel/roles';
import { DESK_CHECKS, type OrderItem, type Signature } from '../../shared/domain/orders/payloads';
import { foldStaffDirectory, type StaffDirectory } from '../../shared/domain/staff/directory';
import { fakeCredential } from '../fixtures/credentials';

export const T0 = Date.parse('2026-11-30T01:00:00.000Z');
const MIN = 60_000;

const staffId = (n: number) => `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`;
export const STAFF = {
  admin: staffId(1),
  counter: staffId(2),
  lead: staffId(3),
  lead2: staffId(4),
  qc: staffId(5),
  qc2: staffId(6),
  boss: staffId(7),
} as const;
const ROLE_OF: Record<keyof typeof STAFF, Role> = {
  admin: 'admin',
  counter: 'counter',
  lead: 'lead',
  lead2: 'lead',
  qc: 'qc',
  qc2: 'qc',
  boss: 'supervisor',
};

let seq = 0;
const nextId = () => `01930000-0000-7000-8000-${(++seq).toString(16).padStart(12, '0')}`;

function envelope(
  stream: string,
  type: string,
  payload: unknown,
  ms: number,
  actor: string,
  device: string,
): EventEnvelope {
  const body = {
    id: nextId(),
    stream,
    type,
    schema: 1,
    hlc: formatHlc(ms, 0),
    device,
    branch: 'GZ',
    actor,
    payload,
  };
  return { ...body, hash: eventHash(body) };
}

/** The branch's staff events: the founding admin (an hour before T0) creates everyone else. */
export function staffEvents(): EventEnvelope[] {
  const out = [
    envelope(
      `staff:${STAFF.admin}`,
      'staff.created',
      { name: 'admin', login: 'admin', role: 'admin', credential: fakeCredential(1) },
      T0 - 60 * MIN,
      STAFF.admin,
      'dev-a',
    ),
  ];
  (Object.keys(STAFF) as (keyof typeof STAFF)[])
    .filter((k) => k !== 'admin')
    .forEach((k, i) =>
      out.push(
        envelope(
          `staff:${STAFF[k]}`,
          'staff.created',
          { name: k, login: k, role: ROLE_OF[k], credential: fakeCredential(i + 2) },
          T0 - 50 * MIN + i * MIN,
          STAFF.admin,
          'dev-a',
        ),
      ),
    );
  return out;
}

/** An administrator's staff event at minute `at` after T0 (disable, enable, role change). */
export function staffChange(who: string, type: string, payload: unknown, at: number): EventEnvelope {
  return envelope(`staff:${who}`, type, payload, T0 + at * MIN, STAFF.admin, 'dev-a');
}

export function directory(extra: EventEnvelope[] = []): StaffDirectory {
  return foldStaffDirectory([...staffEvents(), ...extra]);
}

export const ORDER_ID = '0193a1b2-c3d4-7e5f-8a9b-0000000000a1';
export const item = (n: number, extra: Partial<OrderItem> = {}): OrderItem => ({
  itemId: `0193a1b2-c3d4-7e5f-8a9b-${String(n).padStart(12, '0')}`,
  title: `项目 ${n}`,
  trade: 'mechanical',
  safety: false,
  labourFen: 10_000,
  parts: [],
  origin: 'reported',
  ...extra,
});

export const BRAKES = item(1, {
  title: '更换刹车片',
  safety: true,
  parts: [{ name: '刹车片', qty: 1, unitFen: 38_000 }],
});
export const OIL = item(2, { title: '更换机油', parts: [{ name: '机油', qty: 4, unitFen: 6_000 }] });

export function sig(who: keyof typeof STAFF, role: Role, at = 0): Signature {
  return { signer: STAFF[who], role, signedAt: new Date(T0 + at * MIN).toISOString() };
}

/** Writes the events of one order; `at` is minutes after T0. */
export class OrderWriter {
  constructor(
    readonly orderId = ORDER_ID,
    readonly device = 'dev-a',
  ) {}

  ev(type: string, payload: unknown, at: number, actor: string = STAFF.counter, device = this.device) {
    return envelope(`order:${this.orderId}`, type, payload, T0 + at * MIN, actor, device);
  }

  opened(items: OrderItem[], at = 0, extra: object = {}, actor: string = STAFF.counter) {
    return this.ev(
      'order.opened',
      {
        number: 'WO-GZ01-20261130-0001',
        kind: 'car_repair',
        templateVersion: '1.0',
        customer: { name: '李先生', phone: '13800000000' },
        subject: {
          kind: 'vehicle',
          plate: '粤A12345',
          vinOrSerial: 'LSVAB12345C678901',
          model: '大众朗逸',
          readingsBefore: { mileage: 52_000, fuel: 40 },
        },
        items,
        receivedAt: new Date(T0 + at * MIN).toISOString(),
        promisedAt: new Date(T0 + (at + 8 * 60) * MIN).toISOString(),
        owner: STAFF.counter,
        reworkOf: null,
        note: '',
        ...extra,
      },
      at,
      actor,
    );
  }

  start(it: OrderItem, at: number, actor: string = STAFF.lead, trade = it.trade) {
    return this.ev('order.item_started', { itemId: it.itemId, trade }, at, actor);
  }

  finish(it: OrderItem, at: number, actor: string = STAFF.lead) {
    return this.ev('order.item_finished', { itemId: it.itemId, note: '' }, at, actor);
  }

  inspect(
    inspection: 'self' | 'process' | 'final',
    it: OrderItem | null,
    result: 'pass' | 'fail',
    signatures: Signature[],
    at: number,
    extra: object = {},
  ) {
    return this.ev(
      'order.inspected',
      {
        inspection,
        itemId: it === null ? null : it.itemId,
        result,
        checklist: fullChecklist(inspection, result === 'pass'),
        readingsAfter: inspection === 'final' ? { mileage: 52_003, fuel: 38 } : {},
        reason: result === 'fail' ? '刹车异响' : '',
        signatures,
        ...extra,
      },
      at,
      STAFF.counter,
    );
  }

  /** self (lead), process (lead + qc) when safety, final (qc), all passed, from minute `at`. */
  signedChain(it: OrderItem, at: number): EventEnvelope[] {
    const out = [this.inspect('self', it, 'pass', [sig('lead', 'lead', at)], at)];
    if (it.safety) {
      out.push(
        this.inspect('process', it, 'pass', [sig('lead', 'lead', at + 1), sig('qc', 'qc', at + 1)], at + 1),
      );
    }
    out.push(this.inspect('final', it, 'pass', [sig('qc', 'qc', at + 2)], at + 2));
    return out;
  }

  reconcile(
    used: { itemId: string; name: string; qty: number; unitFen: number }[],
    at: number,
    matches = true,
  ) {
    return this.ev('order.parts_reconciled', { used, matches, note: '' }, at);
  }

  deskChecks(at: number): EventEnvelope[] {
    return DESK_CHECKS.map((check, i) => this.ev('order.desk_checked', { check, note: '' }, at + i));
  }

  release(at: number, actor: string = STAFF.counter, device = this.device) {
    return this.ev(
      'order.released',
      { warrantyMonths: 3, nextService: '5000 公里后保养', note: '' },
      at,
      actor,
      device,
    );
  }
}

/** A whole order that passes the gate: brakes (safety) and oil, worked, signed, reconciled, desk-checked. */
export function readyOrder(w = new OrderWriter()): EventEnvelope[] {
  return [
    w.opened([BRAKES, OIL], 0),
    w.start(BRAKES, 10),
    w.start(OIL, 11),
    w.finish(BRAKES, 60),
    w.finish(OIL, 61),
    ...w.signedChain(BRAKES, 70),
    ...w.signedChain(OIL, 80),
    w.reconcile(
      [
        { itemId: BRAKES.itemId, name: '刹车片', qty: 1, unitFen: 38_000 },
        { itemId: OIL.itemId, name: '机油', qty: 4, unitFen: 6_000 },
      ],
      90,
    ),
    ...w.deskChecks(100),
  ];
}
