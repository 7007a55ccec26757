/**
 * Suspected malicious claims (issue 12; rules in shared/domain/cases/malice.ts,
 * docs/escalation-and-malice.md): `case.suspectMalice`, `case.recordMaliceFacts`
 * (anyone signed in) and `case.determineMalice` (a supervisor or an admin: the
 * contract's auth). Each is one event in one transaction (./handlers.ts
 * writeCase) and refuses, storing nothing, what the fold would give no effect
 * (shared/domain/cases/maliceFold.ts), plus a closed case:
 *
 * - a malicious determination lacking a motive, a behaviour, evidence or a
 *   written offer, or whose offer says 赔偿 (`canDetermine`): invalid_input
 *   naming every missing part, each at its field;
 * - facts or a determination (either outcome) citing evidence the case does
 *   not hold (its `case.evidence_added` files, shared/domain/cases/maliceFold.ts
 *   knownEvidence): invalid_input at `evidence` / `statementEvidence`.
 */
import type { caseJudgmentMethods } from '../../../../shared/contract/methods/cases';
import { canDetermine, type DeterminationGap } from '../../../../shared/domain/cases/malice';
import { knownEvidence } from '../../../../shared/domain/cases/maliceFold';
import { failWithFrom, invalidFields, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { writeCase } from './handlers';
import { messages } from './messages';

const msg = messages.msg;
const failWith = failWithFrom(messages);

type MaliceMethods = Pick<
  typeof caseJudgmentMethods,
  'case.suspectMalice' | 'case.recordMaliceFacts' | 'case.determineMalice'
>;

/** The input field each gap is shown at. */
const GAP_FIELD: Record<DeterminationGap, string> = {
  motive_missing: 'motives',
  behaviour_missing: 'behaviours',
  evidence_missing: 'evidence',
  evidence_unknown: 'evidence',
  offer_missing: 'offer',
  offer_says_indemnity: 'offer',
};

const unique = <T>(list: readonly T[]): T[] => [...new Set(list)];

function incomplete(ctx: HandlerContext, gaps: readonly DeterminationGap[]) {
  const fields: Record<string, string> = {};
  const names = gaps.map((g) => msg(ctx.locale, `gap_${g}`));
  gaps.forEach((g, i) => {
    const field = GAP_FIELD[g];
    fields[field] = fields[field] === undefined ? (names[i] ?? '') : `${fields[field]}; ${names[i] ?? ''}`;
  });
  const missing = names.join(ctx.locale === 'zh-CN' ? '、' : ', ');
  return failWith(ctx, 'invalid_input', 'determinationIncomplete', { missing }, fields);
}

export const maliceHandlers: HandlersFor<MaliceMethods> = {
  'case.suspectMalice': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (state.status === 'closed') return failWith(ctx, 'invalid_state', 'caseClosed');
      return { type: 'case.malice_suspected', payload: { note: input.note } };
    }),

  'case.recordMaliceFacts': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (state.status === 'closed') return failWith(ctx, 'invalid_state', 'caseClosed');
      const known = knownEvidence(state);
      const evidence = unique(input.evidence);
      const fields: Record<string, string> = {};
      if (evidence.some((h) => !known.has(h))) {
        fields.evidence = msg(ctx.locale, 'unknownEvidence');
      }
      if (input.statementEvidence !== null && !known.has(input.statementEvidence)) {
        fields.statementEvidence = msg(ctx.locale, 'unknownEvidence');
      }
      if (Object.keys(fields).length > 0) return invalidFields(ctx, fields);
      const p = {
        established: input.established,
        evidence,
        statementSigned: input.statementSigned,
        statementEvidence: input.statementEvidence,
      };
      return { type: 'case.malice_facts_recorded', payload: p };
    }),

  'case.determineMalice': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (state.status === 'closed') return failWith(ctx, 'invalid_state', 'caseClosed');
      const p = {
        outcome: input.outcome,
        motives: unique(input.motives),
        behaviours: unique(input.behaviours),
        signs: unique(input.signs),
        evidence: unique(input.evidence),
        offer: input.offer,
        reason: input.reason,
      };
      const gaps = canDetermine(p, knownEvidence(state));
      if (gaps.length > 0) return incomplete(ctx, gaps);
      return { type: 'case.malice_determined', payload: p };
    }),
};
