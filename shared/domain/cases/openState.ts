/**
 * The state a case opens with, whichever event opens it (`case.opened` at
 * the counter, `case.imported` from a hand-kept log; ./fold.ts and
 * ./importFold.ts): the facts that differ between the two come in, the rest
 * starts empty. Keys in canonical (sorted) order at every level, as
 * everywhere the fold builds an object, so JSON.stringify of a state is its
 * canonical JSON (./state.ts `stateJson`); `imported` takes its sorted place
 * only on an imported case. Pure.
 */
import { type EventEnvelope, streamId } from '../kernel/envelope';
import { foldKey } from '../kernel/foldKey';
import type { CaseStatus, Customer } from './payloads';
import type { CaseAttributes, CaseFlag, CaseImported, CaseNature, CaseState } from './state';

/**
 * The attributes an opening event gives (issue 14), in sorted key order;
 * undefined when it gives none, so a case opened without them folds to the
 * very state it did before issue 14.
 */
export function openingAttributes(p: {
  region?: string | undefined;
  customerLevel?: string | undefined;
  sharedCustomer?: boolean | undefined;
}): CaseAttributes | undefined {
  if (p.region === undefined && p.customerLevel === undefined && p.sharedCustomer === undefined)
    return undefined;
  return {
    customerLevel: p.customerLevel ?? null,
    region: p.region ?? null,
    sharedCustomer: p.sharedCustomer ?? null,
  };
}

/** What an opening event says of the case; everything else starts empty. */
export interface OpeningFacts {
  account: string;
  attributes?: CaseAttributes;
  category: string;
  channel: string;
  closedHlc: string | null;
  customer: Customer;
  flags: CaseFlag[];
  imported?: CaseImported;
  lateReason: string | null;
  nature: CaseNature | null;
  number: string;
  owner: string;
  receivedAt: string;
  scriptVersion: string;
  severity: string;
  status: CaseStatus;
}

export function openedState(e: EventEnvelope, f: OpeningFacts): CaseState {
  const key = foldKey(e);
  return {
    account: f.account,
    actions: [],
    assignee: { key, value: null },
    ...(f.attributes === undefined ? {} : { attributes: f.attributes }), // issue 14
    branch: e.branch,
    callbacks: [],
    category: { key, value: f.category },
    channel: f.channel,
    closeReasons: [],
    closedHlc: f.closedHlc,
    contacts: [],
    currentStep: 1,
    customer: {
      gender: f.customer.gender,
      name: f.customer.name,
      phone: f.customer.phone,
      returning: f.customer.returning,
    },
    device: e.device,
    dueAt: { key, value: null },
    escalation: null, // issue 12
    evidence: [], // issue 12
    flags: f.flags,
    id: streamId(e.stream),
    ignored: 0,
    ...(f.imported === undefined ? {} : { imported: f.imported }), // issue 13
    lastHlc: e.hlc,
    lastKey: key,
    lateReason: f.lateReason,
    malice: null, // issue 12
    nature: f.nature,
    noteCount: 0,
    notes: [],
    number: f.number,
    openedHlc: e.hlc,
    owner: f.owner,
    pauses: [],
    receivedAt: f.receivedAt,
    reopenReasons: [],
    scriptVersion: f.scriptVersion,
    severity: { key, value: f.severity },
    status: f.status,
    step5ActionId: null, // issue 12 review (./fcr.ts)
    stepHlc: {},
    steps: {},
  };
}
