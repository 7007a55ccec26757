/**
 * The release gate (shared/domain/orders/gate.ts) and its describer
 * (describe.ts): every gap the gate knows, on orders folded from events; a
 * rework return whose final check covers the original items with the rework
 * items; the parts reconciliation and the desk's checks of the result made
 * stale by work finished after them, the check against the quote by a change
 * of what the customer approved; the gap codes kept in a refusal read back in
 * either language.
 */
import { describe, expect, it } from 'vitest';
import { DESK_CHECK_LABELS, describeFlag, describeGap } from '../../shared/domain/orders/describe';
import { foldOrder } from '../../shared/domain/orders/fold';
import { decodeGap, encodeGap, GATE_CODES, releaseGate, type GateGap } from '../../shared/domain/orders/gate';
import { DESK_CHECKS } from '../../shared/domain/orders/payloads';
import {
  currentDeskChecks,
  RESULT_DESK_CHECKS,
  type OrderFlagReason,
  type OrderState,
} from '../../shared/domain/orders/state';
import { loadOrderTemplates } from '../../shared/domain/orders/template';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import templatesJson from '../../resources/repair/templates.json';
import { shuffled } from '../fixtures/shuffled';
import { BRAKES, directory, item, OIL, OrderWriter, readyOrder, sig, STAFF } from './order-fixtures';

const dir = directory();
function fold(events: EventEnvelope[]): OrderState {
  const s = foldOrder(events, dir);
  if (!s) throw new Error('no order');
  return s;
}
const codes = (events: EventEnvelope[]) => releaseGate(fold(events)).missing.map(encodeGap);
/** The parts `readyOrder` reconciles: as quoted. */
type Used = Parameters<OrderWriter['reconcile']>[0][number];
const READY_USED: [Used, Used] = [
  { itemId: BRAKES.itemId, name: '刹车片', qty: 1, unitFen: 38_000 },
  { itemId: OIL.itemId, name: '机油', qty: 4, unitFen: 6_000 },
];
const w = new OrderWriter();
const ready = readyOrder(w);
const without = (type: string, pred: (e: EventEnvelope) => boolean = () => true) =>
  ready.filter((e) => !(e.type === type && pred(e)));
const about = (it: { itemId: string }) => (e: EventEnvelope) =>
  (e.payload as { itemId?: string }).itemId === it.itemId;

describe('release gate', () => {
  it('passes a finished, signed, reconciled, desk-checked order', () => {
    expect(releaseGate(fold(ready))).toEqual({ ok: true, missing: [] });
  });

  it('lists an unfinished item and every desk check still to do', () => {
    const s = fold([w.opened([OIL], 0), w.start(OIL, 1)]);
    const gate = releaseGate(s);
    expect(gate.ok).toBe(false);
    expect(gate.missing.map(encodeGap)).toEqual([
      `item_not_finished:${OIL.itemId}`,
      'parts_not_reconciled',
      ...DESK_CHECKS.map((c) => `desk_check_missing:${c}`),
    ]);
    expect(gate.missing[0]).toMatchObject({ title: OIL.title, trade: 'mechanical' });
  });

  it('wants the self check, the process check on a safety item, and the final check, since the last finish', () => {
    const noSelf = without('order.inspected', about(BRAKES));
    expect(codes(noSelf)).toEqual([
      `self_check_missing:${BRAKES.itemId}`,
      `process_check_missing:${BRAKES.itemId}`,
      `final_check_missing:${BRAKES.itemId}`,
    ]);
    const onlySelf = [...noSelf, w.inspect('self', BRAKES, 'pass', [sig('lead', 'lead')], 70)];
    expect(codes(onlySelf)).toEqual([
      `process_check_missing:${BRAKES.itemId}`,
      `final_check_missing:${BRAKES.itemId}`,
    ]);
    // Work started again after the checks: they no longer count once it is finished again (nor do
    // the parts reconciliation and the desk's checks of the result).
    const again = [...ready, w.start(OIL, 120), w.finish(OIL, 121)];
    expect(codes(again)).toEqual([
      `self_check_missing:${OIL.itemId}`,
      `final_check_missing:${OIL.itemId}`,
      'parts_not_reconciled',
      'desk_check_missing:vehicle_records_checked',
      'desk_check_missing:inspected_with_customer',
    ]);
  });

  it('names a failed final check until the item is reworked, then wants the checks again', () => {
    const failed = [...ready, w.inspect('final', OIL, 'fail', [sig('qc', 'qc')], 120)];
    expect(codes(failed)).toEqual([`final_check_failed:${OIL.itemId}`]);
    const selfFailed = [...ready, w.inspect('self', OIL, 'fail', [sig('lead', 'lead')], 120)];
    expect(codes(selfFailed)).toEqual([`item_not_finished:${OIL.itemId}`]);
    const reworked = [...failed, w.start(OIL, 121), w.finish(OIL, 122)];
    // Redone work: the parts it used are counted again, and the desk looks at the result again.
    const deskAgain = [
      'parts_not_reconciled',
      'desk_check_missing:vehicle_records_checked',
      'desk_check_missing:inspected_with_customer',
    ];
    expect(codes(reworked)).toEqual([
      `self_check_missing:${OIL.itemId}`,
      `final_check_missing:${OIL.itemId}`,
      ...deskAgain,
    ]);
    const signed = [...reworked, ...w.signedChain(OIL, 123)];
    expect(codes(signed)).toEqual(deskAgain);
    const redone = ['vehicle_records_checked', 'inspected_with_customer'].map((check, i) =>
      w.ev('order.desk_checked', { check, note: '' }, 130 + i),
    );
    expect(codes([...signed, ...redone])).toEqual(['parts_not_reconciled']);
    expect(codes([...signed, ...redone, w.reconcile(READY_USED, 132)])).toEqual([]);
  });

  it('waits for the customer on an added item and leaves a refused one out', () => {
    const extra = item(6, {
      title: '雨刮更换',
      origin: 'found',
      parts: [{ name: '雨刮', qty: 2, unitFen: 5_000 }],
    });
    const added = [...ready, w.ev('order.item_added', { item: extra, note: '' }, 65)];
    expect(codes(added)).toEqual([`consent_pending:${extra.itemId}`]);
    const refused = [
      ...added,
      w.ev(
        'order.consent_recorded',
        { itemId: extra.itemId, consent: 'refused', how: 'in_person', note: '' },
        66,
      ),
    ];
    // The refusal (minute 66) came before the reconciliation (minute 90), which still holds.
    expect(codes(refused)).toEqual([]);
  });

  it('wants the parts reconciled after the last change of what was approved, matching it', () => {
    expect(codes(without('order.parts_reconciled'))).toEqual(['parts_not_reconciled']);
    const extra = item(6, { origin: 'found' });
    const late = [
      ...ready,
      w.ev('order.item_added', { item: extra, note: '' }, 120),
      w.ev(
        'order.consent_recorded',
        { itemId: extra.itemId, consent: 'refused', how: 'phone', note: '' },
        121,
      ),
    ];
    // The quote the desk checked at minute 100 is no longer the one answered for: checked again.
    expect(codes(late)).toEqual(['parts_not_reconciled', 'desk_check_missing:quote_matched']);
    const [brakes, oil] = READY_USED;
    expect(codes([...ready, w.reconcile([brakes, oil], 120, false)])).toEqual(['parts_mismatch']);
    expect(codes([...ready, w.reconcile([brakes, { ...oil, qty: 5 }], 120)])).toEqual([
      `parts_mismatch:${OIL.itemId}`,
    ]);
  });

  /** The customer and a QC inspector approve 副厂刹车片 for the brake pads, at minute 119. */
  const approveSubstitute = () =>
    w.ev(
      'order.substitution_approved',
      {
        itemId: BRAKES.itemId,
        original: '刹车片',
        substitute: '副厂刹车片',
        customerApproved: true,
        approvedBy: sig('qc', 'qc'),
        note: '',
      },
      119,
    );

  it('refuses a part nobody approved until its substitution is approved', () => {
    const other = { itemId: BRAKES.itemId, name: '副厂刹车片', qty: 1, unitFen: 20_000 };
    const used = [...ready, w.reconcile([other], 120)];
    expect(codes(used)).toEqual([`substitution_unapproved:${BRAKES.itemId}`]);
    const approve = approveSubstitute();
    // The substitution (minute 119) changed the quote the desk checked at minute 100.
    expect(codes([...used, approve])).toEqual(['desk_check_missing:quote_matched']);
    const quoteAgain = w.ev('order.desk_checked', { check: 'quote_matched', note: '' }, 122);
    expect(codes([...used, approve, quoteAgain])).toEqual([]);
    // Approved after the reconciliation: that reconciliation is stale and must be done again.
    const late = { ...approve, ...w.ev('order.substitution_approved', approve.payload, 121) };
    expect(codes([...used, late, quoteAgain])).toEqual(['parts_not_reconciled']);
  });

  it('an approved substitute counts against the quoted part it replaces: together no more than quoted', () => {
    const approve = approveSubstitute();
    const quoteAgain = w.ev('order.desk_checked', { check: 'quote_matched', note: '' }, 122);
    const part = (name: string, qty: number) => ({ itemId: BRAKES.itemId, name, qty, unitFen: 20_000 });
    const oil = { itemId: OIL.itemId, name: '机油', qty: 4, unitFen: 6_000 };
    const reconciled = (...used: ReturnType<typeof part>[]) => [
      ...ready,
      approve,
      w.reconcile([...used, oil], 120),
      quoteAgain,
    ];
    // One pad quoted: the substitute instead of it passes; the original and eight substitutes do not.
    expect(codes(reconciled(part('副厂刹车片', 1)))).toEqual([]);
    expect(codes(reconciled(part('刹车片', 1), part('副厂刹车片', 8)))).toEqual([
      `parts_mismatch:${BRAKES.itemId}`,
    ]);
  });

  it('a part charged above its quoted unit price is not what the customer approved, even when the desk says it matches', () => {
    const [brakes, oil] = READY_USED;
    expect(codes([...ready, w.reconcile([brakes, oil], 120)])).toEqual([]);
    expect(codes([...ready, w.reconcile([{ ...brakes, unitFen: 38_001 }, oil], 120)])).toEqual([
      `part_over_quote:${BRAKES.itemId}`,
    ]);
    // Cheaper than quoted is the shop's loss, not the customer's: it passes.
    expect(codes([...ready, w.reconcile([{ ...brakes, unitFen: 30_000 }, oil], 120)])).toEqual([]);
    // A substitute's ceiling is the quoted price of the part it replaces.
    const approve = approveSubstitute();
    const quoteAgain = w.ev('order.desk_checked', { check: 'quote_matched', note: '' }, 122);
    const sub = (unitFen: number) => [
      ...ready,
      approve,
      w.reconcile([{ itemId: BRAKES.itemId, name: '副厂刹车片', qty: 1, unitFen }, oil], 120),
      quoteAgain,
    ];
    expect(codes(sub(38_000))).toEqual([]);
    expect(codes(sub(45_000))).toEqual([`part_over_quote:${BRAKES.itemId}`]);
    // The refusal reads back in both languages and names the item.
    const gap = decodeGap(`part_over_quote:${BRAKES.itemId}`);
    expect(gap).not.toBeNull();
    expect(describeGap(gap as GateGap, 'zh-CN')).toContain('高于报价');
    expect(describeGap(gap as GateGap, 'en')).toContain('above its quoted unit price');
  });

  it('a substitute standing in for no quoted part is no approved part, in any quantity (a state folded before the fold refused it)', () => {
    const state = fold([
      ...ready,
      w.reconcile([{ ...READY_USED[0], name: '雨刮片(副厂)', qty: 9999 }, READY_USED[1]], 120),
    ]);
    const forged = {
      ...state,
      substitutions: [
        {
          eventId: 'e-forged',
          hlc: state.lastHlc,
          actor: STAFF.counter,
          itemId: BRAKES.itemId,
          original: '根本不存在',
          substitute: '雨刮片(副厂)',
          approvedBy: sig('qc', 'qc'),
        },
      ],
    };
    expect(releaseGate(forged).missing.map(encodeGap)).toContain(`substitution_unapproved:${BRAKES.itemId}`);
  });

  it('names each desk check not done, and says when the order is already released', () => {
    const noWarranty = without(
      'order.desk_checked',
      (e) => (e.payload as { check: string }).check === 'warranty_explained',
    );
    expect(codes(noWarranty)).toEqual(['desk_check_missing:warranty_explained']);
    expect(codes([...ready, w.release(120)])).toEqual(['already_released']);
  });
});

describe('release gate: a rework return (返修)', () => {
  const original = (it: typeof BRAKES) => ({ ...it, origin: 'original' as const });
  const complaint = item(9, { title: '刹车仍有异响', safety: true, origin: 'rework' });
  const r = new OrderWriter('0193a1b2-c3d4-7e5f-8a9b-0000000000a2');
  const reworkOf = {
    orderId: w.orderId,
    number: 'WO-GZ01-20261130-0001',
    releasedAt: '2026-11-30T09:00:00.000Z',
  };
  const opened = r.opened([original(BRAKES), original(OIL), complaint], 2000, { reworkOf });
  const desk = [
    r.reconcile(
      [
        { itemId: BRAKES.itemId, name: '刹车片', qty: 1, unitFen: 38_000 },
        { itemId: OIL.itemId, name: '机油', qty: 4, unitFen: 6_000 },
      ],
      2100,
    ),
    ...r.deskChecks(2110),
  ];
  const worked = [r.start(complaint, 2010), r.finish(complaint, 2020)];

  it('wants the final check on the original items together with the rework item', () => {
    const s = fold([opened, ...worked, ...desk]);
    expect(s.reworkOf).toEqual(reworkOf);
    expect(releaseGate(s).missing.map(encodeGap)).toEqual([
      `final_check_missing:${BRAKES.itemId}`,
      `final_check_missing:${OIL.itemId}`,
      `self_check_missing:${complaint.itemId}`,
      `process_check_missing:${complaint.itemId}`,
      `final_check_missing:${complaint.itemId}`,
    ]);
    const onlyRework = [...worked, ...r.signedChain(complaint, 2030)];
    expect(codes([opened, ...onlyRework, ...desk])).toEqual([
      `final_check_missing:${BRAKES.itemId}`,
      `final_check_missing:${OIL.itemId}`,
    ]);
    const finals = [BRAKES, OIL].map((it, i) =>
      r.inspect('final', original(it), 'pass', [sig('qc', 'qc')], 2040 + i),
    );
    expect(codes([opened, ...onlyRework, ...finals, ...desk])).toEqual([]);
    // One order-wide final check covers them all alike.
    const wide = r.inspect('final', null, 'pass', [sig('qc2', 'qc')], 2040);
    const all = fold([opened, ...worked, ...r.signedChain(complaint, 2030).slice(0, 2), wide, ...desk]);
    expect(releaseGate(all).ok).toBe(true);
  });

  it('an original item failing its re-inspection is reworked and inspected in full again', () => {
    const failed = [
      opened,
      ...worked,
      ...r.signedChain(complaint, 2030),
      r.inspect('final', original(BRAKES), 'fail', [sig('qc', 'qc')], 2040),
      r.inspect('final', original(OIL), 'pass', [sig('qc', 'qc')], 2041),
      ...desk,
    ];
    expect(codes(failed)).toEqual([`final_check_failed:${BRAKES.itemId}`]);
    const again = [...failed, r.start(original(BRAKES), 2050), r.finish(original(BRAKES), 2060)];
    expect(codes(again)).toEqual([
      `self_check_missing:${BRAKES.itemId}`,
      `process_check_missing:${BRAKES.itemId}`,
      `final_check_missing:${BRAKES.itemId}`,
    ]);
    expect(codes([...again, ...r.signedChain(original(BRAKES), 2070)])).toEqual([]);
  });
});

describe('release gate: desk checks of the result after rework', () => {
  const STALE = ['desk_check_missing:vehicle_records_checked', 'desk_check_missing:inspected_with_customer'];
  const deskGaps = (events: EventEnvelope[]) => codes(events).filter((c) => c.startsWith('desk_check'));
  // The QC inspector fails the brakes after the desk's checks; the lead redoes them, every check signed again.
  const redone = [
    ...ready,
    w.inspect('final', BRAKES, 'fail', [sig('qc', 'qc')], 110),
    w.start(BRAKES, 111),
    w.finish(BRAKES, 112),
    ...w.signedChain(BRAKES, 114),
  ];
  const check = (c: string, at: number, device?: string) =>
    w.ev('order.desk_checked', { check: c, note: '' }, at, STAFF.counter, device);

  it('does not count a joint inspection or a vehicle check made before the work was last finished', () => {
    expect(codes(redone)).toEqual(['parts_not_reconciled', ...STALE]);
    const s = fold(redone);
    // The facts are kept: the stale checks stay in the state, they no longer count.
    expect(s.deskChecks.map((d) => d.check)).toEqual([...DESK_CHECKS]);
    expect(currentDeskChecks(s).map((d) => d.check)).toEqual(
      DESK_CHECKS.filter((c) => !RESULT_DESK_CHECKS.includes(c)),
    );
    // While the brakes are back for rework the gate names the item, not the desk.
    expect(codes([...ready, w.inspect('final', BRAKES, 'fail', [sig('qc', 'qc')], 110)])).toEqual([
      `final_check_failed:${BRAKES.itemId}`,
    ]);
  });

  it('counts them done again after the rework, the first after it standing', () => {
    const again = [
      ...redone,
      w.reconcile(READY_USED, 119),
      check('vehicle_records_checked', 120),
      check('inspected_with_customer', 121),
    ];
    expect(codes(again)).toEqual([]);
    const s = fold([...again, check('inspected_with_customer', 122)]);
    const joint = s.deskChecks.find((d) => d.check === 'inspected_with_customer');
    expect(joint?.hlc).toBe(again.at(-1)?.hlc);
    expect(s.deskChecks.map((d) => d.check)).toEqual([...DESK_CHECKS]);
  });

  it('judges a check from another desk by its place in the fold, in any order of arrival', () => {
    // Desk B's joint inspection sorts after the re-finish (counts); its vehicle check before it (stale).
    const events = [
      ...redone,
      check('inspected_with_customer', 113, 'dev-b'),
      check('vehicle_records_checked', 111, 'dev-b'),
    ];
    expect(deskGaps(events)).toEqual(['desk_check_missing:vehicle_records_checked']);
    const reference = JSON.stringify(fold(events));
    for (let seed = 1; seed <= 50; seed++) {
      expect(JSON.stringify(fold(shuffled(events, seed))), `seed ${seed}`).toBe(reference);
    }
  });

  it('an item added and worked after the checks makes them stale; one the customer refused does not', () => {
    // Either answer changed what the customer approved: the check against the quote is stale both times.
    const QUOTE = 'desk_check_missing:quote_matched';
    const extra = item(7, { origin: 'found' });
    const added = [...ready, w.ev('order.item_added', { item: extra, note: '' }, 110)];
    const consent = (c: 'given' | 'refused') =>
      w.ev('order.consent_recorded', { itemId: extra.itemId, consent: c, how: 'phone', note: '' }, 111);
    const refusedOne = [...added, consent('refused'), w.reconcile([], 112)];
    expect(deskGaps(refusedOne)).toEqual([QUOTE]);
    const worked = [
      ...added,
      consent('given'),
      w.start(extra, 112),
      w.finish(extra, 113),
      ...w.signedChain(extra, 114),
    ];
    expect(deskGaps(worked)).toEqual([QUOTE, ...STALE]);
  });

  it('a check against the quote made stale is replaced when done again; the first one after stands', () => {
    const extra = item(7, { origin: 'found' });
    const changed = [
      ...ready,
      w.ev('order.item_added', { item: extra, note: '' }, 110),
      w.ev(
        'order.consent_recorded',
        { itemId: extra.itemId, consent: 'refused', how: 'phone', note: '' },
        111,
      ),
      w.reconcile(READY_USED, 112),
    ];
    const first = check('quote_matched', 113);
    const second = check('quote_matched', 114);
    expect(codes(changed)).toEqual(['desk_check_missing:quote_matched']);
    expect(codes([...changed, first])).toEqual([]);
    const s = fold([...changed, second, first]);
    expect(s.deskChecks.find((d) => d.check === 'quote_matched')?.hlc).toBe(first.hlc);
    expect(s.deskChecks.map((d) => d.check)).toEqual([...DESK_CHECKS]);
  });
});

describe('gap codes and words', () => {
  const templates = loadOrderTemplates(templatesJson);
  const samples: GateGap[] = GATE_CODES.map((code) =>
    code === 'desk_check_missing'
      ? { code, check: 'callback_booked' }
      : code.startsWith('parts_not') || code === 'already_released'
        ? { code }
        : { code, itemId: BRAKES.itemId, title: '更换刹车片', trade: 'mechanical' },
  );

  it('a refusal’s stored reasons read back as the same gaps', () => {
    for (const gap of samples) {
      const back = decodeGap(encodeGap(gap));
      expect(back).toEqual({
        code: gap.code,
        ...(gap.itemId ? { itemId: gap.itemId } : {}),
        ...(gap.check ? { check: gap.check } : {}),
      });
    }
    expect(decodeGap('no_such_code')).toBeNull();
    expect(decodeGap('desk_check_missing:tea_served')).toBeNull();
  });

  it('every gap has its own words in zh-CN and English, naming the item and its trade', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const lines = samples.map((g) => describeGap(g, locale, templates));
      expect(new Set(lines).size).toBe(samples.length);
      for (const line of lines) expect(line).not.toMatch(/\{item\}|\{check\}/);
    }
    const brakes = samples.find((g) => g.code === 'final_check_missing') as GateGap;
    expect(describeGap(brakes, 'zh-CN', templates)).toBe('更换刹车片（机修）：缺少质检员竣工检签字');
    expect(describeGap(brakes, 'en', templates)).toBe(
      "更换刹车片 (Mechanical): the QC inspector's final check is missing",
    );
    expect(describeGap(brakes, 'en')).toBe("更换刹车片: the QC inspector's final check is missing");
    expect(describeGap({ code: 'desk_check_missing', check: 'callback_booked' }, 'zh-CN')).toBe(
      `前台检查未完成：${DESK_CHECK_LABELS.callback_booked['zh-CN']}`,
    );
  });

  it('every flag reason has words', () => {
    const reasons: OrderFlagReason[] = [
      'released_past_failure',
      'failed_after_release',
      'bad_signature_role',
    ];
    for (const reason of reasons) {
      expect(describeFlag({ reason }, 'zh-CN')).not.toBe(describeFlag({ reason }, 'en'));
    }
  });

  it('the release attempts a desk records keep who and why', () => {
    const refused = w.ev(
      'order.release_refused',
      { reasons: codes(without('order.parts_reconciled')) },
      95,
      STAFF.boss,
    );
    const s = fold([...ready, refused]);
    expect(s.releaseAttempts).toEqual([
      { eventId: refused.id, hlc: refused.hlc, actor: STAFF.boss, reasons: ['parts_not_reconciled'] },
    ]);
  });
});
