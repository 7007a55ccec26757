/**
 * The work-order fold (shared/domain/orders/fold.ts): shuffled event orders
 * give one state; authority is judged with the staff directory at each
 * event's place in the fold (a forged or stale event is kept, flagged, and
 * has no effect); a fail sends an item back for rework; two desks acting
 * offline cannot leave a release past a failed check unnoticed.
 */
import { describe, expect, it } from 'vitest';
import { applyOrderEvent, foldOrder } from '../../shared/domain/orders/fold';
import { failureAlertDue, type OrderState } from '../../shared/domain/orders/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { shuffled } from '../fixtures/shuffled';
import {
  BRAKES,
  directory,
  item,
  OIL,
  OrderWriter,
  readyOrder,
  sig,
  STAFF,
  staffChange,
  T0,
} from './order-fixtures';

const dir = directory();

function fold(events: EventEnvelope[], d = dir): OrderState {
  const s = foldOrder(events, d);
  if (!s) throw new Error('no order');
  return s;
}
const reasons = (s: OrderState) => s.flags.map((f) => f.reason);
const itemState = (s: OrderState, id: string) => {
  const found = s.items.find((i) => i.item.itemId === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

/** A busy order: an added safety item (consent given), a refusal, a hand-over, a fail and rework, forged acts, two releases. */
function busyOrder(): EventEnvelope[] {
  const w = new OrderWriter();
  const found = item(3, { title: '左前轮胎鼓包', trade: 'tyres', safety: true, origin: 'found' });
  const refused = item(4, { title: '空调清洗', origin: 'found' });
  return [
    ...readyOrder(w),
    w.ev('order.item_added', { item: found, note: '' }, 20),
    w.ev('order.item_added', { item: refused, note: '' }, 21),
    w.ev('order.consent_recorded', { itemId: found.itemId, consent: 'given', how: 'phone', note: '' }, 25),
    w.ev(
      'order.consent_recorded',
      { itemId: refused.itemId, consent: 'refused', how: 'phone', note: '' },
      26,
    ),
    w.ev('order.consent_recorded', { itemId: refused.itemId, consent: 'given', how: 'phone', note: '' }, 27),
    w.start(found, 30, STAFF.lead, 'mechanical'),
    w.ev(
      'order.item_handed',
      {
        itemId: found.itemId,
        fromTrade: 'mechanical',
        toTrade: 'tyres',
        acceptedBy: sig('qc', 'qc', 31),
        note: '',
      },
      31,
    ),
    w.finish(found, 40),
    w.inspect('self', found, 'pass', [sig('lead', 'lead')], 41),
    w.inspect('process', found, 'fail', [sig('lead', 'lead'), sig('qc', 'qc')], 42),
    w.start(found, 43),
    w.finish(found, 44),
    ...w.signedChain(found, 45),
    w.inspect('final', OIL, 'pass', [sig('admin', 'qc')], 95),
    w.ev('order.released', { warrantyMonths: 3, nextService: '', note: '' }, 120, STAFF.lead),
    w.release(130),
    w.release(131, STAFF.counter, 'dev-b'),
    w.ev('order.case_linked', { caseId: '0193a1b2-c3d4-7e5f-8a9b-00000000cafe' }, 140),
  ];
}

describe('order fold: any order of arrival gives one state', () => {
  it('folds 300 seeded shuffles (with duplicates) of a busy order to the same state', () => {
    const events = busyOrder();
    const reference = JSON.stringify(fold(events));
    expect(fold(events).status).toBe('released');
    for (let seed = 1; seed <= 300; seed++) {
      const input = shuffled([...events, ...events.slice(0, seed % events.length)], seed);
      expect(JSON.stringify(fold(input)), `seed ${seed}`).toBe(reference);
    }
  });

  it('any subset of the events (a desk that has seen only some) folds alike in every order', () => {
    const [opened, ...rest] = busyOrder();
    if (!opened) throw new Error('no opening');
    for (let seed = 1; seed <= 200; seed++) {
      const subset = [opened, ...shuffled(rest, seed).slice(0, seed % rest.length)];
      const a = JSON.stringify(fold(shuffled(subset, seed + 1000)));
      const b = JSON.stringify(fold(shuffled(subset, seed + 2000)));
      expect(a, `seed ${seed}`).toBe(b);
    }
  });

  it('applying events one by one in fold order gives what foldOrder gives, without touching its input', () => {
    const events = busyOrder();
    const sorted = [...events].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
    let state: OrderState | null = null;
    for (const e of sorted) {
      const before = state === null ? null : JSON.stringify(state);
      const next = applyOrderEvent(state, e, dir);
      if (before !== null) expect(JSON.stringify(state)).toBe(before);
      state = next;
    }
    expect(JSON.stringify(state)).toBe(JSON.stringify(fold(events)));
  });

  it('applies the opening first even when a skewed clock stamped it after other events', () => {
    const w = new OrderWriter();
    const s = fold([w.start(OIL, 5), w.opened([OIL], 10)]);
    expect(itemState(s, OIL.itemId).status).toBe('in_work');
  });

  it('has no state without a valid opening', () => {
    const w = new OrderWriter();
    expect(foldOrder([w.start(OIL, 5)], dir)).toBeNull();
  });
});

describe('order fold: the busy order', () => {
  const s = fold(busyOrder());

  it('waits for consent, keeps a refusal out of the gate and flags consent recorded twice', () => {
    expect(itemState(s, item(4).itemId).status).toBe('refused');
    expect(s.flags.find((f) => f.reason === 'consent_twice')?.detail).toContain(item(4).itemId);
  });

  it('moves an item with the hand-over, sends a failed one back for rework and counts the failure', () => {
    const found = itemState(s, item(3).itemId);
    expect(found.trade).toBe('tyres');
    expect(found.failures).toBe(1);
    expect(found.status).toBe('finished');
    expect(s.failedInspections).toBe(1);
  });

  it('flags an admin signing as QC, a lead releasing, and a second release, with no effect', () => {
    expect(reasons(s)).toEqual(
      expect.arrayContaining(['bad_signature_role', 'no_authority', 'released_twice']),
    );
    expect(s.released?.actor).toBe(STAFF.counter);
    expect(s.released?.hlc).toBe(
      busyOrder().find((e) => e.type === 'order.released' && e.actor === STAFF.counter)?.hlc,
    );
    expect(s.inspections.some((r) => r.signatures.some((g) => g.signer === STAFF.admin))).toBe(false);
    expect(s.caseIds).toEqual(['0193a1b2-c3d4-7e5f-8a9b-00000000cafe']);
  });
});

describe('order fold: authority', () => {
  const w = new OrderWriter();
  const base = () => [w.opened([BRAKES], 0), w.start(BRAKES, 1), w.finish(BRAKES, 2)];

  it('a check signed by the wrong role is flagged and counts for nothing', () => {
    const s = fold([...base(), w.inspect('self', BRAKES, 'pass', [sig('qc', 'lead', 3)], 3)]);
    expect(reasons(s)).toEqual(['bad_signature_role']);
    expect(s.flags[0]?.detail).toContain('holds qc');
    expect(itemState(s, BRAKES.itemId).checks.self).toBeNull();
    expect(s.inspections).toEqual([]);
  });

  it('an admin may not sign the final check, nor a lead, even naming the role qc', () => {
    const chain = [...base(), ...w.signedChain(BRAKES, 3).slice(0, 2)];
    for (const who of ['admin', 'lead', 'boss'] as const) {
      const s = fold([...chain, w.inspect('final', BRAKES, 'pass', [sig(who, 'qc', 9)], 9)]);
      expect(reasons(s), who).toEqual(['bad_signature_role']);
      expect(itemState(s, BRAKES.itemId).checks.final, who).toBeNull();
    }
    const admin = fold([...chain, w.inspect('final', BRAKES, 'pass', [sig('admin', 'admin', 9)], 9)]);
    expect(reasons(admin)).toEqual(['bad_signature_role']);
  });

  it('a process check needs a lead and a QC, two people', () => {
    const self = w.inspect('self', BRAKES, 'pass', [sig('lead', 'lead')], 3);
    const onlyQc = fold([...base(), self, w.inspect('process', BRAKES, 'pass', [sig('qc', 'qc')], 4)]);
    expect(reasons(onlyQc)).toEqual(['bad_signature_role']);
    const twoQc = fold([
      ...base(),
      self,
      w.inspect('process', BRAKES, 'pass', [sig('qc', 'qc'), sig('qc2', 'qc')], 4),
    ]);
    expect(reasons(twoQc)).toEqual(['bad_signature_role']);
    const same = fold([
      ...base(),
      self,
      w.inspect('process', BRAKES, 'pass', [sig('qc', 'lead'), { ...sig('qc', 'qc') }], 4),
    ]);
    expect(reasons(same)).toEqual(['duplicate_signer']);
    const ok = fold([
      ...base(),
      self,
      w.inspect('process', BRAKES, 'pass', [sig('lead', 'lead'), sig('qc', 'qc')], 4),
    ]);
    expect(ok.flags).toEqual([]);
    expect(itemState(ok, BRAKES.itemId).checks.process?.result).toBe('pass');
  });

  it('a signer disabled before the check is flagged; the same signature before the disabling counts', () => {
    const d = directory([staffChange(STAFF.qc, 'staff.disabled', { reason: '离职' }, 50)]);
    const chain = [...base(), ...w.signedChain(BRAKES, 3).slice(0, 2)];
    const late = fold([...chain, w.inspect('final', BRAKES, 'pass', [sig('qc', 'qc')], 60)], d);
    expect(reasons(late)).toEqual(['signer_disabled']);
    expect(itemState(late, BRAKES.itemId).checks.final).toBeNull();
    const early = fold([...chain, w.inspect('final', BRAKES, 'pass', [sig('qc', 'qc')], 40)], d);
    expect(early.flags).toEqual([]);
    expect(early.status).toBe('ready');
  });

  it('a lead whose role changed to counter may no longer sign the self-check', () => {
    const d = directory([staffChange(STAFF.lead, 'staff.roleChanged', { role: 'counter' }, 2.5)]);
    const s = fold([...base(), w.inspect('self', BRAKES, 'pass', [sig('lead', 'lead')], 3)], d);
    expect(reasons(s)).toEqual(['bad_signature_role']);
  });

  it('work started by a counter clerk, and a responsibility decided by a lead, have no effect', () => {
    const s = fold([
      w.opened([BRAKES], 0),
      w.start(BRAKES, 1, STAFF.counter),
      w.ev(
        'order.responsibility_decided',
        { responsible: STAFF.lead, severity: 'major', note: '' },
        2,
        STAFF.lead,
      ),
    ]);
    expect(reasons(s)).toEqual(['no_authority', 'no_authority']);
    expect(itemState(s, BRAKES.itemId).status).toBe('open');
    expect(s.responsibility).toBeNull();
    const boss = fold([
      w.opened([BRAKES], 0),
      w.ev(
        'order.responsibility_decided',
        { responsible: STAFF.lead, severity: 'major', note: '' },
        2,
        STAFF.boss,
      ),
    ]);
    expect(boss.responsibility?.severity).toBe('major');
  });

  it('an opening by someone without the front desk role still opens the order, flagged', () => {
    const s = fold([w.opened([BRAKES], 0, {}, STAFF.qc)]);
    expect(s.items).toHaveLength(1);
    expect(reasons(s)).toEqual(['no_authority']);
  });

  it('a hand-over needs the QC inspector’s signature and the trade the item is with', () => {
    const hand = (by: Parameters<typeof sig>, from = 'mechanical') =>
      w.ev(
        'order.item_handed',
        { itemId: BRAKES.itemId, fromTrade: from, toTrade: 'electrical', acceptedBy: sig(...by), note: '' },
        3,
        STAFF.lead,
      );
    expect(reasons(fold([...base(), hand(['lead', 'qc'])]))).toEqual(['bad_signature_role']);
    expect(reasons(fold([...base(), hand(['qc', 'qc'], 'paint')]))).toEqual(['trade_mismatch']);
    const ok = fold([...base(), hand(['qc', 'qc'])]);
    expect(itemState(ok, BRAKES.itemId)).toMatchObject({ trade: 'electrical', status: 'in_work' });
  });

  it('the first start picks the trade; a later start under another trade, without a hand-over, is flagged and changes nothing', () => {
    // BRAKES is mechanical, finished in base(): starting it again as paint would skip the inspector.
    const again = fold([...base(), w.start(BRAKES, 3, STAFF.lead, 'paint')]);
    expect(reasons(again)).toEqual(['trade_without_handover']);
    expect(itemState(again, BRAKES.itemId)).toMatchObject({ trade: 'mechanical', status: 'finished' });
    const inWork = fold([
      w.opened([BRAKES], 0),
      w.start(BRAKES, 1),
      w.start(BRAKES, 2, STAFF.lead, 'electrical'),
    ]);
    expect(reasons(inWork)).toEqual(['trade_without_handover']);
    expect(itemState(inWork, BRAKES.itemId).trade).toBe('mechanical');
    // The same trade restarts it (rework); the first start may name another.
    expect(reasons(fold([...base(), w.start(BRAKES, 3)]))).toEqual([]);
    const first = fold([w.opened([BRAKES], 0), w.start(BRAKES, 1, STAFF.lead, 'electrical')]);
    expect(reasons(first)).toEqual([]);
    expect(itemState(first, BRAKES.itemId)).toMatchObject({ trade: 'electrical', status: 'in_work' });
  });

  it('a substitution on a safety item needs the customer and a QC signature', () => {
    const sub = (customerApproved: boolean, approvedBy: ReturnType<typeof sig> | null) =>
      w.ev(
        'order.substitution_approved',
        {
          itemId: BRAKES.itemId,
          original: '刹车片',
          substitute: '副厂刹车片',
          customerApproved,
          approvedBy,
          note: '',
        },
        3,
      );
    expect(reasons(fold([...base(), sub(false, sig('qc', 'qc'))]))).toEqual(['customer_not_approved']);
    expect(reasons(fold([...base(), sub(true, null)]))).toEqual(['bad_signature_role']);
    const ok = fold([...base(), sub(true, sig('qc', 'qc'))]);
    expect(ok.substitutions).toHaveLength(1);
  });
});

describe('order fold: inspections and rework', () => {
  const w = new OrderWriter();

  it('refuses to inspect an unfinished item, a final before the self and process checks, and a pass with a failed line', () => {
    const s = fold([
      w.opened([BRAKES], 0),
      w.inspect('self', BRAKES, 'pass', [sig('lead', 'lead')], 1),
      w.start(BRAKES, 2),
      w.finish(BRAKES, 3),
      w.inspect('final', BRAKES, 'pass', [sig('qc', 'qc')], 4),
      w.inspect('self', BRAKES, 'pass', [sig('lead', 'lead')], 5, { checklist: { work_done: false } }),
      w.inspect('self', BRAKES, 'pass', [sig('lead', 'lead')], 6),
      w.inspect('final', BRAKES, 'pass', [sig('qc', 'qc')], 7),
    ]);
    expect(reasons(s)).toEqual([
      'item_not_finished',
      'inspection_out_of_order',
      'pass_with_failed_checklist',
      'inspection_out_of_order',
    ]);
    expect(s.flags[3]?.detail).toContain('needs process');
    expect(s.status).toBe('awaiting_final');
  });

  it('a fail sends the item to rework; a pass before the re-finish no longer counts', () => {
    const s = fold([
      w.opened([OIL], 0),
      w.start(OIL, 1),
      w.finish(OIL, 2),
      ...w.signedChain(OIL, 3),
      w.inspect('final', OIL, 'fail', [sig('qc2', 'qc')], 10),
      w.start(OIL, 11),
      w.finish(OIL, 12),
    ]);
    const oil = itemState(s, OIL.itemId);
    expect(oil.status).toBe('finished');
    expect(oil.checks.self?.result).toBe('pass'); // the latest self result, from before the re-finish
    expect(s.status).toBe('awaiting_final');
  });

  it('counts three failed inspections of one order, which alerts the supervisors', () => {
    const events = [w.opened([OIL], 0)];
    for (let round = 0; round < 3; round++) {
      const at = 10 + round * 10;
      events.push(w.start(OIL, at), w.finish(OIL, at + 1));
      events.push(w.inspect('self', OIL, 'fail', [sig('lead', 'lead')], at + 2));
    }
    const s = fold(events);
    expect(s.failedInspections).toBe(3);
    expect(itemState(s, OIL.itemId).failures).toBe(3);
    expect(failureAlertDue(s)).toBe(true);
    expect(failureAlertDue(fold(events.slice(0, -1)))).toBe(false);
  });

  it('an order-wide final check covers every item in the gate; a fail sends each back', () => {
    const events = [
      w.opened([OIL, item(5)], 0),
      w.start(OIL, 1),
      w.finish(OIL, 2),
      w.inspect('self', OIL, 'pass', [sig('lead', 'lead')], 3),
      w.inspect('final', null, 'pass', [sig('qc', 'qc')], 4),
    ];
    expect(reasons(fold(events))).toEqual(['item_not_finished']);
    const it5 = item(5);
    const all = [
      ...events.slice(0, 4),
      w.start(it5, 5),
      w.finish(it5, 6),
      w.inspect('self', it5, 'pass', [sig('lead', 'lead')], 7),
    ];
    expect(fold([...all, w.inspect('final', null, 'pass', [sig('qc', 'qc')], 8)]).status).toBe('ready');
    const failed = fold([...all, w.inspect('final', null, 'fail', [sig('qc', 'qc')], 8)]);
    expect(failed.items.map((i) => i.status)).toEqual(['rework', 'rework']);
    expect(failed.failedInspections).toBe(1);
  });
});

describe('order fold: two desks offline', () => {
  it('a release past a failed check stands, with both facts kept and flagged released_past_failure', () => {
    const a = new OrderWriter(undefined, 'dev-a');
    const events = readyOrder(a);
    // Desk B's QC fails the brakes at minute 110; desk A, not knowing, releases at 111.
    const failB = a.ev(
      'order.inspected',
      {
        inspection: 'final',
        itemId: BRAKES.itemId,
        result: 'fail',
        checklist: {},
        readingsAfter: {},
        reason: '刹车异响',
        signatures: [sig('qc2', 'qc', 110)],
      },
      110,
      STAFF.counter,
      'dev-b',
    );
    const releaseA = a.release(111);
    for (const seed of [1, 2, 3]) {
      const s = fold(shuffled([...events, failB, releaseA], seed));
      expect(s.released?.eventId).toBe(releaseA.id);
      expect(s.released?.pastGate).toEqual([`final_check_failed:${BRAKES.itemId}`]);
      expect(s.flags.map((f) => [f.eventId, f.reason])).toEqual([[releaseA.id, 'released_past_failure']]);
      expect(s.flags[0]?.device).toBe('dev-a');
      expect(s.inspections.at(-1)?.eventId).toBe(failB.id);
      expect(itemState(s, BRAKES.itemId).status).toBe('rework');
      expect(s.status).toBe('released');
    }
  });

  it('a fail recorded after the release counts and is flagged failed_after_release', () => {
    const w = new OrderWriter();
    const events = readyOrder(w);
    const release = w.release(111);
    const fail = w.inspect('final', BRAKES, 'fail', [sig('qc2', 'qc')], 112);
    const s = fold([...events, release, fail]);
    expect(s.flags.map((f) => [f.eventId, f.reason])).toEqual([[fail.id, 'failed_after_release']]);
    expect(s.released?.pastGate).toEqual([]);
    expect(s.failedInspections).toBe(1);
  });

  it('a clean release is not flagged', () => {
    const w = new OrderWriter();
    const s = fold([...readyOrder(w), w.release(111)]);
    expect(s.flags).toEqual([]);
    expect(s.status).toBe('released');
  });
});

describe('after the release, and before it (a review reproduced each)', () => {
  it('work, new items, parts and desk checks after the release are kept, flagged, without effect', () => {
    const w = new OrderWriter();
    const extra = item(3, { title: '更换雨刮', parts: [] });
    const released = [...readyOrder(w), w.release(200)];
    const s = fold([
      ...released,
      w.start(OIL, 210),
      w.finish(OIL, 211),
      w.ev('order.item_added', { item: { ...extra, origin: 'found' }, note: '客户要求' }, 212),
      w.reconcile([{ itemId: OIL.itemId, name: '机油', qty: 9, unitFen: 6_000 }], 213),
      ...w.deskChecks(214),
    ]);
    const before = fold(released);
    expect(s.status).toBe('released');
    expect(itemState(s, OIL.itemId)).toEqual(itemState(before, OIL.itemId));
    expect(s.items).toHaveLength(2);
    expect(s.partsReconciled).toEqual(before.partsReconciled);
    expect(s.deskChecks).toEqual(before.deskChecks);
    expect(new Set(s.flags.filter((f) => f.reason === 'after_release').map((f) => f.type))).toEqual(
      new Set([
        'order.item_started',
        'order.item_finished',
        'order.item_added',
        'order.parts_reconciled',
        'order.desk_checked',
      ]),
    );
    // Any order of arrival gives the same state.
    const events = [...released, w.start(OIL, 210), w.finish(OIL, 211)];
    expect(fold(shuffled(events, 7))).toEqual(fold(events));
  });

  it("an order that is not a rework return cannot carry finished 'original' items past the team lead's checks", () => {
    const w = new OrderWriter();
    const brakes = { ...BRAKES, origin: 'original' as const };
    const s = fold([
      w.opened([brakes], 0),
      w.inspect('final', brakes, 'pass', [sig('qc', 'qc', 5)], 5),
      w.reconcile([{ itemId: brakes.itemId, name: '刹车片', qty: 1, unitFen: 38_000 }], 6),
      ...w.deskChecks(7),
      w.release(20),
    ]);
    expect(reasons(s)).toContain('original_without_rework');
    expect(reasons(s)).toContain('released_past_failure');
    expect(itemState(s, brakes.itemId).checks.self).toBeNull();
  });

  it('a pass that answers no checklist line checked nothing: kept, flagged, no effect', () => {
    const w = new OrderWriter();
    const s = fold([
      w.opened([OIL], 0),
      w.start(OIL, 1),
      w.finish(OIL, 2),
      w.inspect('self', OIL, 'pass', [sig('lead', 'lead', 3)], 3, { checklist: {} }),
      w.inspect('final', OIL, 'pass', [sig('qc', 'qc', 4)], 4, { checklist: {} }),
    ]);
    expect(reasons(s)).toEqual(['pass_without_checklist', 'pass_without_checklist']);
    expect(itemState(s, OIL.itemId).checks).toEqual({ self: null, process: null, final: null });
  });

  it('a rework return received before the release it follows is flagged; a follow-up call dated before the release has no effect', () => {
    const w = new OrderWriter();
    const back = fold([
      w.opened([OIL], 30, {
        reworkOf: {
          orderId: '0193a1b2-c3d4-7e5f-8a9b-0000000000b2',
          number: 'WO-GZ01-20261129-0001',
          releasedAt: new Date(Date.parse('2026-11-30T01:00:00.000Z') + 60 * 60_000).toISOString(),
        },
      }),
    ]);
    expect(reasons(back)).toEqual(['rework_before_release']);
    const s = fold([
      ...readyOrder(w),
      w.release(200),
      w.ev(
        'order.followed_up',
        {
          at: '2026-11-29T01:00:00.000Z',
          outcome: 'reached',
          reachedWho: '本人',
          satisfaction: 5,
          comment: '',
        },
        210,
      ),
    ]);
    expect(s.followUps).toEqual([]);
    expect(reasons(s)).toEqual(['call_before_release']);
  });
});

describe('what the desk refuses, from another desk (review of stop 35)', () => {
  const call = (w: OrderWriter, at: string, when: number) =>
    w.ev(
      'order.followed_up',
      { at, outcome: 'reached', reachedWho: '本人', satisfaction: 5, comment: '' },
      when,
    );

  it('a substitution for a part the item never quoted has no effect, and its substitute is no approved part', () => {
    const w = new OrderWriter();
    const wiper = item(3, { title: '更换雨刮', parts: [] });
    const sub = (itemId: string, original: string) =>
      w.ev(
        'order.substitution_approved',
        { itemId, original, substitute: '雨刮片(副厂)', customerApproved: true, approvedBy: null, note: '' },
        5,
      );
    const s = fold([w.opened([BRAKES, OIL, wiper], 0), sub(wiper.itemId, '根本不存在')]);
    expect(reasons(s)).toEqual(['substitution_unknown_part']);
    expect(s.substitutions).toEqual([]);
    // One for a quoted part counts.
    expect(fold([w.opened([BRAKES, OIL, wiper], 0), sub(OIL.itemId, '机油')]).substitutions).toHaveLength(1);
  });

  it('a follow-up call dated after its own event (beyond the clocks’ drift) has no effect', () => {
    const w = new OrderWriter();
    const released = [...readyOrder(w), w.release(200)];
    const ahead = fold([...released, call(w, '2099-01-01T00:00:00.000Z', 300)]);
    expect(ahead.followUps).toEqual([]);
    expect(reasons(ahead)).toEqual(['call_in_future']);
    // Four minutes ahead is a clock's drift, not a forgery.
    const drift = fold([...released, call(w, new Date(T0 + 304 * 60_000).toISOString(), 300)]);
    expect(drift.followUps).toHaveLength(1);
    expect(reasons(drift)).toEqual([]);
  });

  it('an opening received after its own event, or promised before it was received, opens flagged', () => {
    const w = new OrderWriter();
    const future = fold([
      w.opened([BRAKES], 0, {
        receivedAt: '2099-01-01T00:00:00.000Z',
        promisedAt: '2099-01-02T00:00:00.000Z',
      }),
    ]);
    expect(reasons(future)).toEqual(['received_in_future']);
    expect(future.items).toHaveLength(1);
    const early = fold([w.opened([BRAKES], 0, { promisedAt: new Date(T0 - 60_000).toISOString() })]);
    expect(reasons(early)).toEqual(['promised_before_received']);
  });

  it('an item back for rework after a failed check may be handed to another trade', () => {
    const w = new OrderWriter();
    const s = fold([
      w.opened([OIL], 0),
      w.start(OIL, 1),
      w.finish(OIL, 2),
      w.inspect('self', OIL, 'fail', [sig('lead', 'lead', 3)], 3),
      w.ev(
        'order.item_handed',
        {
          itemId: OIL.itemId,
          fromTrade: 'mechanical',
          toTrade: 'electrical',
          acceptedBy: sig('qc', 'qc', 4),
          note: '',
        },
        4,
      ),
    ]);
    expect(reasons(s)).toEqual([]);
    expect(itemState(s, OIL.itemId)).toMatchObject({ trade: 'electrical', status: 'in_work' });
  });
});

describe('the shipped templates in the fold: the safety floor and the checklist lines', () => {
  const w = new OrderWriter();
  const brakesUnmarked = { ...BRAKES, safety: false };

  it('an item naming a safety job marked not safety by another desk is raised, flagged, and wants the process check', () => {
    const s = fold([w.opened([brakesUnmarked, OIL], 0)]);
    expect(itemState(s, BRAKES.itemId).item.safety).toBe(true);
    expect(s.flags.map((f) => [f.reason, f.detail])).toEqual([['safety_raised', BRAKES.itemId]]);
    // Self and final passed without the process check: the brake job is not ready.
    const worked = fold([
      w.opened([brakesUnmarked], 0),
      w.start(brakesUnmarked, 1),
      w.finish(brakesUnmarked, 2),
      w.inspect('self', brakesUnmarked, 'pass', [sig('lead', 'lead', 3)], 3),
      w.inspect('final', brakesUnmarked, 'pass', [sig('qc', 'qc', 4)], 4),
    ]);
    expect(reasons(worked)).toEqual(['safety_raised', 'inspection_out_of_order']);
    expect(worked.status).toBe('awaiting_final');
  });

  it('an added item naming a safety job is raised too; one that names none stays as marked', () => {
    const tyre = item(5, { title: '左前轮胎更换', trade: 'tyres', origin: 'found' });
    const wash = item(6, { title: '空调清洗', origin: 'found' });
    const s = fold([
      w.opened([OIL], 0),
      w.ev('order.item_added', { item: tyre, note: '' }, 5),
      w.ev('order.item_added', { item: wash, note: '' }, 6),
    ]);
    expect(itemState(s, tyre.itemId)).toMatchObject({ item: { safety: true }, status: 'waiting_consent' });
    expect(itemState(s, wash.itemId).item.safety).toBe(false);
    expect(s.flags.map((f) => [f.reason, f.detail])).toEqual([['safety_raised', tyre.itemId]]);
  });

  it('a pass that leaves a line of the template unanswered is flagged and does not count', () => {
    const answered = w.inspect('self', OIL, 'pass', [sig('lead', 'lead', 3)], 3);
    const checklist = { ...(answered.payload as { checklist: Record<string, boolean> }).checklist };
    const [first] = Object.keys(checklist);
    delete checklist[first as string];
    const s = fold([
      w.opened([OIL], 0),
      w.start(OIL, 1),
      w.finish(OIL, 2),
      w.inspect('self', OIL, 'pass', [sig('lead', 'lead', 3)], 3, { checklist }),
    ]);
    expect(s.flags.map((f) => [f.reason, f.detail])).toEqual([['checklist_incomplete', `self: ${first}`]]);
    expect(itemState(s, OIL.itemId).checks.self).toBeNull();
  });

  it('an order opened under templates this build does not ship is held to what its desk wrote', () => {
    const other = { templateVersion: '9.9' };
    const s = fold([
      w.opened([brakesUnmarked], 0, other),
      w.start(brakesUnmarked, 1),
      w.finish(brakesUnmarked, 2),
      w.inspect('self', brakesUnmarked, 'pass', [sig('lead', 'lead', 3)], 3, {
        checklist: { own_line: true },
      }),
    ]);
    expect(reasons(s)).toEqual([]);
    expect(itemState(s, BRAKES.itemId).item.safety).toBe(false);
    expect(itemState(s, BRAKES.itemId).checks.self).not.toBeNull();
  });
});
