/**
 * Fixtures shared by the case-fold unit tests (follow-up facts, judgments,
 * nature, evidence): hashed envelopes on one case stream.
 */
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';

/** Makes an event of the case stream `case:<caseId>`. */
export type CaseEventMaker = (
  type: string,
  payload: unknown,
  ms: number,
  actor: string,
  device: string,
) => EventEnvelope;

/**
 * A maker of hashed envelopes on the stream `case:<caseId>` (branch GZ,
 * schema 1): the n-th event it makes has the id
 * `0193a1b2-c3d4-7e5f-8a9b-<idBase + n, 12 hex digits>` and the HLC
 * `t0 + ms` (logical counter 0). Each test file keeps its own `idBase`, so
 * its ids, and so its fold order on equal HLCs, stay as they were.
 */
export function caseEventMaker(caseId: string, t0: number, idBase = 0): CaseEventMaker {
  let n = 0;
  return (type, payload, ms, actor, device) => {
    n += 1;
    const body = {
      id: `0193a1b2-c3d4-7e5f-8a9b-${(idBase + n).toString(16).padStart(12, '0')}`,
      stream: `case:${caseId}`,
      type,
      schema: 1,
      hlc: formatHlc(t0 + ms, 0),
      device,
      branch: 'GZ',
      actor,
      payload,
    };
    return { ...body, hash: eventHash(body) };
  };
}

/**
 * The `case.opened` payload of the fold tests' usual case: 张女士's annual
 * fee charged twice (banking.fees, general, walk-in), received at
 * `receivedMs`, first receiver `clerk`.
 */
export function feesCaseOpened(receivedMs: number): Record<string, unknown> {
  return {
    number: 'GZ01-20261120-0001',
    scriptVersion: '1.0',
    customer: { name: '张女士', phone: '13800138000', gender: 'female', returning: true },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    account: '年费重复扣收。',
    receivedAt: new Date(receivedMs).toISOString(),
    owner: 'clerk',
  };
}
