/**
 * The case fold's rule for `case.imported` (issue 13; decision 0035
 * "Writing"; ./fold.ts applies it): a historical case from a branch's
 * hand-kept log opens the case as `case.opened` does, with the log's facts:
 *
 * - received at the log's receipt; entered (`openedHlc`) at the event;
 * - in the status the log states; a closed case is closed at the log's
 *   closing date (`closedHlc` at that instant, not at the event's HLC), or at
 *   its receipt when the log gives no date;
 * - its nature as stated (null when not); its first-contact resolution as
 *   stated (`imported.fcr`, read by ../caseJudgement.ts: the derived rule of
 *   decision 0030 cannot judge a history it never saw; absent stays null);
 * - owned by the importer (the log's handler is text, kept in `imported`).
 *
 * Only a supervising role may import (supervisor, admin), judged as
 * ./authority.ts's acts are, with the fold's role oracle at the event's fold
 * key (./fold.ts): without it no case is opened at all (the event stays in
 * the log, and the desk's core refuses to write one).
 * The state is built by ./openState.ts, as case.opened's is. Pure.
 */
import type { EventEnvelope } from '../kernel/envelope';
import { formatHlc } from '../kernel/hlc';
import { openedState, openingAttributes } from './openState';
import type { CasePayloadOf } from './payloads';
import type { CaseState } from './state';

/** The state a valid `case.imported` opens. */
export function importedCase(e: EventEnvelope, p: CasePayloadOf<'case.imported'>): CaseState {
  const closed = p.status === 'closed';
  const closedMs = closed ? Date.parse(p.closedAt ?? p.receivedAt) : NaN;
  // Issue 14: the log's region stays its text (`imported.region`); level and shared customer are list codes.
  const attributes = openingAttributes({ customerLevel: p.customerLevel, sharedCustomer: p.sharedCustomer });
  return openedState(e, {
    account: p.account,
    ...(attributes === undefined ? {} : { attributes }),
    category: p.category,
    channel: p.channel,
    closedHlc: closed && Number.isFinite(closedMs) && closedMs >= 0 ? formatHlc(closedMs, 0) : null,
    customer: p.customer,
    flags: [],
    imported: {
      closedAt: p.closedAt,
      fcr: p.fcr,
      handler: p.handler,
      reference: p.reference,
      region: p.region,
      result: p.result,
      satisfaction: p.satisfaction,
      source: { file: p.source.file, row: p.source.row, sha256: p.source.sha256, sheet: p.source.sheet },
    },
    lateReason: null,
    nature: p.nature === null ? null : { actor: e.actor, eventId: e.id, reason: null, value: p.nature },
    number: p.number,
    owner: e.actor,
    receivedAt: p.receivedAt,
    scriptVersion: '',
    severity: p.severity,
    status: p.status,
  });
}

/** The free texts of an imported case a search finds it by: the log's result, handler, number and region. */
export function importedTexts(s: Pick<CaseState, 'imported'>): string[] {
  const i = s.imported;
  return i === undefined ? [] : [i.result, i.handler, i.reference, i.region];
}
