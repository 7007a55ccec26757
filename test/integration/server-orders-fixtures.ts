/**
 * Work orders pushed to a test server (server-orders*.test.ts): a branch's
 * staff made by its founding administrator on a supervisor desk, and order
 * events written by hand as envelopes of a given desk at given HLCs, the way
 * a desk (or a forger) sends them.
 */
import { fullChecklist } from '../fixtures/checklists';
import { streamOf, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import type { Role } from '../../shared/domain/kernel/roles';
import { DESK_CHECKS, type OrderItem, type Signature } from '../../shared/domain/orders/payloads';
import { fakeCredential } from '../fixtures/credentials';
import { makeEvent, type TestDevice } from './server-fixtures';

/** HLCs at `base + s` seconds: a test's own time line, inside the server's drift window. */
export class TimeLine {
  constructor(readonly base: number) {}
  hlc(s: number): string {
    return formatHlc(this.base + s * 1000, 0);
  }
  iso(s: number): string {
    return new Date(this.base + s * 1000).toISOString();
  }
}

export interface BranchStaff {
  admin: string;
  counter: string;
  lead: string;
  qc: string;
  boss: string;
  /** Every staff event, in the order written (push them from a supervisor desk). */
  events: EventEnvelope[];
}

/** The founding admin of `sup` (itself) and a counter clerk, a lead, a QC inspector and a supervisor, at seconds 1-5. */
export function branchStaff(sup: TestDevice, t: TimeLine): BranchStaff {
  const admin = sup.staffId;
  const events = [
    makeEvent(sup, {
      stream: streamOf('staff', admin),
      type: 'staff.created',
      payload: {
        name: '管理员',
        login: `admin${sup.deviceCode}`,
        role: 'admin',
        credential: fakeCredential(),
      },
      hlc: t.hlc(1),
      actor: admin,
    }),
  ];
  const make = (name: string, login: string, role: Role, s: number): string => {
    const id = newId();
    events.push(staffCreatedBy(sup, admin, id, { name, login, role }, t.hlc(s)));
    return id;
  };
  return {
    admin,
    counter: make('王柜员', 'wang', 'counter', 2),
    lead: make('李班组长', 'li', 'lead', 3),
    qc: make('赵质检', 'zhao', 'qc', 4),
    boss: make('陈主管', 'chen', 'supervisor', 5),
    events,
  };
}

/** A `staff.created` by administrator `admin` on desk `dev`. */
export function staffCreatedBy(
  dev: TestDevice,
  admin: string,
  id: string,
  p: { name: string; login: string; role: Role },
  hlc: string,
): EventEnvelope {
  return makeEvent(dev, {
    stream: streamOf('staff', id),
    type: 'staff.created',
    payload: { ...p, credential: fakeCredential(3) },
    hlc,
    actor: admin,
  });
}

export const brakes = (extra: Partial<OrderItem> = {}): OrderItem => ({
  itemId: newId(),
  title: '更换刹车片',
  trade: 'mechanical',
  safety: true,
  labourFen: 20_000,
  parts: [{ name: '刹车片', qty: 1, unitFen: 38_000 }],
  origin: 'reported',
  ...extra,
});

export const oil = (extra: Partial<OrderItem> = {}): OrderItem => ({
  itemId: newId(),
  title: '更换机油',
  trade: 'mechanical',
  safety: false,
  labourFen: 8_000,
  parts: [{ name: '机油', qty: 4, unitFen: 6_000 }],
  origin: 'reported',
  ...extra,
});

export function signature(signer: string, role: Role, t: TimeLine, s: number): Signature {
  return { signer, role, signedAt: t.iso(s) };
}

let orderSeq = 0;

/** Writes the events of one order as desk `dev`; `s` is seconds on the time line. */
export class OrderEvents {
  readonly orderId = newId();
  readonly number = `WO-GZ01-20261130-${String(++orderSeq).padStart(4, '0')}`;
  constructor(
    readonly staff: Pick<BranchStaff, 'counter' | 'lead' | 'qc' | 'boss'>,
    readonly t: TimeLine,
  ) {}

  ev(dev: TestDevice, type: string, payload: unknown, s: number, actor: string): EventEnvelope {
    return makeEvent(dev, {
      stream: streamOf('order', this.orderId),
      type,
      payload,
      hlc: this.t.hlc(s),
      actor,
    });
  }

  opened(
    dev: TestDevice,
    items: OrderItem[],
    s: number,
    extra: { reworkOf?: { orderId: string; number: string; releasedAt: string } } = {},
  ): EventEnvelope {
    return this.ev(
      dev,
      'order.opened',
      {
        number: this.number,
        kind: 'car_repair',
        templateVersion: '1.0',
        customer: { name: '李先生', phone: '13800000000' },
        subject: {
          kind: 'vehicle',
          plate: '粤A12345',
          vinOrSerial: 'LSVAB12345C678901',
          model: '大众朗逸',
          readingsBefore: { mileage: 52_000 },
        },
        items,
        receivedAt: this.t.iso(s),
        promisedAt: this.t.iso(s + 8 * 3600),
        owner: this.staff.counter,
        reworkOf: extra.reworkOf ?? null,
        note: '',
      },
      s,
      this.staff.counter,
    );
  }

  start(dev: TestDevice, it: OrderItem, s: number): EventEnvelope {
    return this.ev(dev, 'order.item_started', { itemId: it.itemId, trade: it.trade }, s, this.staff.lead);
  }

  finish(dev: TestDevice, it: OrderItem, s: number): EventEnvelope {
    return this.ev(dev, 'order.item_finished', { itemId: it.itemId, note: '' }, s, this.staff.lead);
  }

  inspect(
    dev: TestDevice,
    inspection: 'self' | 'process' | 'final',
    it: OrderItem,
    result: 'pass' | 'fail',
    signatures: Signature[],
    s: number,
  ): EventEnvelope {
    return this.ev(
      dev,
      'order.inspected',
      {
        inspection,
        itemId: it.itemId,
        result,
        checklist: fullChecklist(inspection, result === 'pass'),
        readingsAfter: {},
        reason: result === 'fail' ? '刹车异响，制动距离偏长' : '',
        signatures,
      },
      s,
      this.staff.counter,
    );
  }

  /** Self (lead), process (lead + QC) on a safety item, final (QC): all passed, from second `s`. */
  signedChain(dev: TestDevice, it: OrderItem, s: number): EventEnvelope[] {
    const { lead, qc } = this.staff;
    const out = [this.inspect(dev, 'self', it, 'pass', [signature(lead, 'lead', this.t, s)], s)];
    if (it.safety) {
      const two = [signature(lead, 'lead', this.t, s + 1), signature(qc, 'qc', this.t, s + 1)];
      out.push(this.inspect(dev, 'process', it, 'pass', two, s + 1));
    }
    out.push(this.inspect(dev, 'final', it, 'pass', [signature(qc, 'qc', this.t, s + 2)], s + 2));
    return out;
  }

  /** Parts reconciled as quoted, and the seven front-desk checks, from second `s` (8 events). */
  deskSide(dev: TestDevice, items: OrderItem[], s: number): EventEnvelope[] {
    const used = items.flatMap((it) => it.parts.map((p) => ({ ...p, itemId: it.itemId })));
    const c = this.staff.counter;
    return [
      this.ev(dev, 'order.parts_reconciled', { used, matches: true, note: '' }, s, c),
      ...DESK_CHECKS.map((check, i) => this.ev(dev, 'order.desk_checked', { check, note: '' }, s + 1 + i, c)),
    ];
  }

  released(dev: TestDevice, s: number): EventEnvelope {
    return this.ev(
      dev,
      'order.released',
      { warrantyMonths: 3, nextService: '5000 公里后保养', note: '' },
      s,
      this.staff.counter,
    );
  }

  responsibility(dev: TestDevice, s: number, actor: string = this.staff.boss): EventEnvelope {
    return this.ev(
      dev,
      'order.responsibility_decided',
      { responsible: this.staff.lead, severity: 'minor', note: '制动片装配不到位' },
      s,
      actor,
    );
  }

  /** Opened with the items, each started, finished and signed off, parts and desk checks done: ready to release. */
  readyToRelease(dev: TestDevice, items: OrderItem[], s: number): EventEnvelope[] {
    const out = [this.opened(dev, items, s)];
    items.forEach((it, i) => {
      const at = s + 10 + i * 10;
      out.push(this.start(dev, it, at), this.finish(dev, it, at + 1), ...this.signedChain(dev, it, at + 2));
    });
    out.push(...this.deskSide(dev, items, s + 10 + items.length * 10));
    return out;
  }
}
