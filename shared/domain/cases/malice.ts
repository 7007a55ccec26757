/**
 * Suspected malicious claims (issue 12, DOMAIN.md section 6;
 * docs/escalation-and-malice.md).
 *
 * Good faith is presumed. Anyone may flag a case as suspected and record
 * facts (what was established together with the customer, evidence, a
 * statement signed by the customer). Only a supervisor or an admin may
 * determine: `malicious` needs at least one motive AND one behaviour AND one
 * evidence item of the case AND a written offer that does not say 赔偿
 * (`canDetermine`, one rule for the renderer, which shows what is missing,
 * and the core, which refuses); `good_faith` needs only a reason.
 *
 * 赔偿 (indemnity, an admission of liability) is never said to a customer:
 * the renderer warns wherever it is typed in a customer-facing text
 * (`findIndemnity`); the core refuses it in a malicious determination's offer.
 *
 * Runtime-neutral and pure.
 */
import type { MaliceBehaviour, MaliceMotive, MaliceOutcome, MaliceSign } from './payloads';

/** The word the desk never uses towards a customer: indemnity (补偿, goodwill compensation, is fine). */
export const INDEMNITY_WORD = '赔偿';

/** Acts on a case the malice rules judge (flags of ./state.ts CaseFlag). */
export const MALICE_ACTS = ['determine_malice', 'record_malice_facts'] as const;
export type MaliceAct = (typeof MALICE_ACTS)[number];

/**
 * Why the fold kept a malice event without effect besides `no_authority`: a
 * determination without its parts or citing evidence the case does not hold
 * (`determination_incomplete`); facts citing such evidence (`evidence_unknown`).
 */
export const MALICE_FLAG_REASONS = ['determination_incomplete', 'evidence_unknown'] as const;
export type MaliceFlagReason = (typeof MALICE_FLAG_REASONS)[number];

/** What a malicious determination lacks (`canDetermine`), in the order the form shows them. */
export const DETERMINATION_GAPS = [
  'motive_missing',
  'behaviour_missing',
  'evidence_missing',
  'evidence_unknown',
  'offer_missing',
  'offer_says_indemnity',
] as const;
export type DeterminationGap = (typeof DETERMINATION_GAPS)[number];

/** Positions (UTF-16 offsets) where 赔偿 occurs in `text`, for a warning under the field; empty when none. */
export function findIndemnity(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(INDEMNITY_WORD); i >= 0; i = text.indexOf(INDEMNITY_WORD, i + 1)) out.push(i);
  return out;
}

/** What `canDetermine` reads: the parts of a determination. */
export interface DeterminationInput {
  outcome: MaliceOutcome;
  motives: readonly MaliceMotive[];
  behaviours: readonly MaliceBehaviour[];
  evidence: readonly string[];
  offer: string;
}

/**
 * The parts a determination lacks; empty when it may be recorded. Good faith
 * lacks nothing (its reason is the schema's) but may not cite evidence the
 * case does not hold either. `knownEvidence`: the evidence items of the case
 * (their sha256, ./maliceFold.ts knownEvidence); when given, evidence the
 * case does not hold is `evidence_unknown` and does not count; null when the
 * case's evidence is not known (any item counts).
 */
export function canDetermine(
  input: DeterminationInput,
  knownEvidence: ReadonlySet<string> | null = null,
): DeterminationGap[] {
  const unknown = knownEvidence === null ? [] : input.evidence.filter((h) => !knownEvidence.has(h));
  if (input.outcome !== 'malicious') return unknown.length > 0 ? ['evidence_unknown'] : [];
  const gaps: DeterminationGap[] = [];
  if (input.motives.length === 0) gaps.push('motive_missing');
  if (input.behaviours.length === 0) gaps.push('behaviour_missing');
  if (input.evidence.length === unknown.length) gaps.push('evidence_missing');
  if (unknown.length > 0) gaps.push('evidence_unknown');
  if (input.offer.trim() === '') gaps.push('offer_missing');
  else if (findIndemnity(input.offer).length > 0) gaps.push('offer_says_indemnity');
  return gaps;
}

/** One suspicion (`case.malice_suspected`). Keys in canonical (sorted) order, as the fold builds them. */
export interface CaseMaliceSuspicion {
  by: string;
  eventId: string;
  hlc: string;
  note: string;
}

/** One fact judgment (`case.malice_facts_recorded`): facts only add. */
export interface CaseMaliceFacts {
  by: string;
  established: string;
  eventId: string;
  evidence: string[];
  hlc: string;
  statementEvidence: string | null;
  statementSigned: boolean;
}

/** The determination in force (the latest with effect, in fold order). */
export interface CaseMaliceDetermination {
  behaviours: MaliceBehaviour[];
  by: string;
  eventId: string;
  evidence: string[];
  hlc: string;
  motives: MaliceMotive[];
  offer: string;
  outcome: MaliceOutcome;
  reason: string;
  signs: MaliceSign[];
}

/** A case's malicious-claim record; null on a case nobody flagged. */
export interface CaseMalice {
  determination: CaseMaliceDetermination | null;
  facts: CaseMaliceFacts[];
  suspicions: CaseMaliceSuspicion[];
}

/** Where a case stands: suspected, determined malicious or in good faith; null when never flagged. */
export type MaliceStatus = 'suspected' | MaliceOutcome;

export function maliceStatus(malice: CaseMalice | null): MaliceStatus | null {
  if (malice === null) return null;
  return malice.determination?.outcome ?? 'suspected';
}

/**
 * A case determined malicious closes with no concession (DOMAIN.md section
 * 5: "malicious ones get no concession"): the written offer of the
 * determination is what the customer is given.
 */
export function noConcession(malice: CaseMalice | null): boolean {
  return malice?.determination?.outcome === 'malicious';
}

/** The texts written on a case's malicious-claim record, for search (./searchText.ts). */
export function maliceTexts(s: { malice: CaseMalice | null }): string[] {
  const m = s.malice;
  if (m === null) return [];
  const d = m.determination;
  return [
    ...m.suspicions.map((x) => x.note),
    ...m.facts.map((f) => f.established),
    ...(d === null ? [] : [d.offer, d.reason]),
  ];
}
