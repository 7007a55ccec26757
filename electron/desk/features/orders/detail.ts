/**
 * One work order's view (order.get): its state, the release gate with the
 * described gaps, flags, the follow-up call's due time and state, the linked
 * cases and the timeline. Reads the projection row (./queries.ts) and, for
 * the timeline, the event log.
 */
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { statusAt } from '../../../../shared/domain/deadlines/caseDeadlines';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';
import { describeFlag, describeGap } from '../../../../shared/domain/orders/describe';
import { decodeGap, releaseGate } from '../../../../shared/domain/orders/gate';
import { ORDER_STREAM } from '../../../../shared/domain/orders/payloads';
import {
  currentDeskChecks,
  passedSinceFinish,
  type ItemState,
  type OrderState,
} from '../../../../shared/domain/orders/state';
import type { OrderTemplates } from '../../../../shared/domain/orders/template';
import type { WorkClock } from '../../kernel/deadlineSettings';
import type { Desk } from '../../kernel/desk';
import { linkedCases } from './caseLinks';
import { orderState, SUMMARY, summaryOf, type SummaryRow } from './queries';

function itemView(it: ItemState): OrderDetail['items'][number] {
  const check = (k: 'self' | 'process' | 'final') => {
    const r = it.checks[k];
    if (r === null) return null;
    return {
      eventId: r.eventId,
      result: r.result,
      reason: r.reason,
      at: isoOfHlc(r.hlc),
      signatures: r.signatures,
      current: passedSinceFinish(it, k),
    };
  };
  return {
    itemId: it.item.itemId,
    title: it.item.title,
    trade: it.trade,
    quotedTrade: it.item.trade,
    safety: it.item.safety,
    labourFen: it.item.labourFen,
    parts: it.item.parts,
    origin: it.item.origin,
    status: it.status,
    consent: it.consent,
    failures: it.failures,
    lastFailure: it.lastFailure
      ? {
          inspection: it.lastFailure.inspection,
          reason: it.lastFailure.reason,
          at: isoOfHlc(it.lastFailure.hlc),
        }
      : null,
    checks: { self: check('self'), process: check('process'), final: check('final') },
  };
}

/** A stored reason (an encoded gap) in words; text that is not an encoded gap as it is. */
function reasonText(reason: string, locale: Locale, state: OrderState, templates?: OrderTemplates): string {
  const gap = decodeGap(reason);
  if (gap === null) return reason;
  const it = gap.itemId !== undefined ? state.items.find((i) => i.item.itemId === gap.itemId) : undefined;
  return describeGap(it ? { ...gap, title: it.item.title, trade: it.trade } : gap, locale, templates);
}

export interface DetailOptions {
  locale: Locale;
  templates?: OrderTemplates;
  /** The follow-up call's due time for a release at `releasedMs` (null: no calendar). */
  followUpDue?: (releasedMs: number) => number | null;
  /** The desk's clock for the follow-up call's state (without it, or without `followUpDue`: null). */
  clock?: WorkClock;
}

/** The follow-up call's state at the desk's clock, as the callback queue judges it (met once one reached the customer). */
function followUpStateOf(
  state: OrderState,
  due: number | null,
  o: DetailOptions,
): OrderDetail['followUpState'] {
  if (!state.released || due === null || !o.clock) return null;
  const reached = state.followUps.find((f) => f.outcome === 'reached');
  return statusAt(
    {
      dueMs: Number.isFinite(due) ? due : null,
      metMs: reached ? Date.parse(reached.at) : null,
      endedMs: null,
    },
    o.clock.nowMs,
    o.clock.soonMs,
  );
}

export function orderDetail(desk: Desk, orderId: string, o: DetailOptions): OrderDetail | null {
  const row = desk.d.sqlite.prepare(`${SUMMARY} WHERE o.id = ?`).get(orderId) as SummaryRow | undefined;
  const state = orderState(desk, orderId);
  if (!row || !state) return null;
  const names = desk.directory.staffNames();
  const name = (id: string) => names.get(id) ?? '';
  const gate = releaseGate(state);
  const returns = desk.d.sqlite
    .prepare('SELECT id, number FROM orders WHERE rework_of = ? ORDER BY pos')
    .all(orderId) as { id: string; number: string }[];
  const releasedAt = state.released ? isoOfHlc(state.released.hlc) : null;
  const due = releasedAt !== null && o.followUpDue ? o.followUpDue(Date.parse(releasedAt)) : null;
  return {
    ...summaryOf(row),
    templateVersion: state.templateVersion,
    customer: state.customer,
    subject: state.subject,
    reworkOfOrder: state.reworkOf,
    reworkReturns: returns.map((r) => ({ orderId: r.id, number: r.number })),
    items: state.items.map(itemView),
    inspections: state.inspections.map((i) => ({
      eventId: i.eventId,
      inspection: i.inspection,
      itemId: i.itemId,
      result: i.result,
      checklist: i.checklist,
      readingsAfter: i.readingsAfter,
      reason: i.reason,
      at: isoOfHlc(i.hlc),
      signatures: i.signatures,
    })),
    substitutions: state.substitutions.map((x) => ({
      itemId: x.itemId,
      original: x.original,
      substitute: x.substitute,
      approvedBy: x.approvedBy,
      at: isoOfHlc(x.hlc),
    })),
    partsReconciled: state.partsReconciled
      ? {
          used: state.partsReconciled.used,
          matches: state.partsReconciled.matches,
          at: isoOfHlc(state.partsReconciled.hlc),
        }
      : null,
    // A stale check (of the result before the work's last finish, of the quote before it changed) is
    // left out: to be done again.
    deskChecks: currentDeskChecks(state).map((d) => ({
      check: d.check,
      actor: d.actor,
      at: isoOfHlc(d.hlc),
    })),
    releaseAttempts: state.releaseAttempts.map((a) => ({
      actor: a.actor,
      actorName: name(a.actor),
      at: isoOfHlc(a.hlc),
      reasons: a.reasons.map((r) => reasonText(r, o.locale, state, o.templates)),
    })),
    released: state.released
      ? {
          actor: state.released.actor,
          at: isoOfHlc(state.released.hlc),
          warrantyMonths: state.released.warrantyMonths,
          nextService: state.released.nextService,
          note: state.released.note,
          pastGate: state.released.pastGate.map((r) => reasonText(r, o.locale, state, o.templates)),
        }
      : null,
    followUpDueAt: due === null || !Number.isFinite(due) ? null : new Date(due).toISOString(),
    followUpState: followUpStateOf(state, due, o),
    followUps: state.followUps.map((f) => ({
      eventId: f.eventId,
      at: f.at,
      outcome: f.outcome,
      reachedWho: f.reachedWho,
      satisfaction: f.satisfaction,
      comment: f.comment,
      actor: f.actor,
      actorName: name(f.actor),
    })),
    responsibility: state.responsibility
      ? {
          responsible: state.responsibility.responsible,
          severity: state.responsibility.severity,
          note: state.responsibility.note,
          actor: state.responsibility.actor,
          at: isoOfHlc(state.responsibility.hlc),
        }
      : null,
    caseIds: state.caseIds,
    cases: linkedCases(desk, state.caseIds),
    gate: {
      ok: gate.ok,
      missing: gate.missing.map((g) => ({
        code: g.code,
        ...(g.itemId !== undefined ? { itemId: g.itemId } : {}),
        ...(g.check !== undefined ? { check: g.check } : {}),
        text: describeGap(g, o.locale, o.templates),
      })),
    },
    flagList: state.flags.map((f) => ({
      eventId: f.eventId,
      type: f.type,
      actor: f.actor,
      actorName: name(f.actor),
      device: f.device,
      at: isoOfHlc(f.hlc),
      reason: f.reason,
      detail: f.detail,
      text: describeFlag(f, o.locale),
    })),
    timeline: desk.store.readStream(streamOf(ORDER_STREAM, orderId)).map((e) => ({
      eventId: e.id,
      type: e.type,
      at: isoOfHlc(e.hlc),
      actor: e.actor,
      actorName: name(e.actor),
      device: e.device,
      payload: e.payload,
    })),
  };
}
