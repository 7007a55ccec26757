/**
 * Head office's view of escalations (issue 12 item 2; docs/protocol.md §8,
 * docs/escalation-and-malice.md): GET /v1/admin/escalations lists the cases
 * escalated to a level (head office by default), newest escalation first,
 * keyset-paged by (escalated_hlc, id) like GET /v1/admin/cases; for admin
 * tokens (every branch) and supervisor-role device tokens (their own branch).
 * Answered from the server's `cases` projection, folded with the shared case
 * fold (a forged escalation has no effect there either). Times are ISO
 * instants. Runtime-neutral.
 */
import { z } from 'zod';
import { BRANCH_CODE_PATTERN } from '../domain/kernel/caseNumber';
import { queryInt } from './sync';
import { EVIDENCE_KINDS } from '../domain/cases/evidence';
import { CaseStatus, ESCALATION_LEVELS, Nature, RootCause } from '../domain/cases/payloads';

/** Most escalations in one page. */
export const ADMIN_ESCALATIONS_PAGE = 200;

const QueryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Query string of GET /v1/admin/escalations. */
export const AdminEscalationsQuery = z
  .object({
    /** The level the cases are at now; head office unless given. */
    level: z.enum(ESCALATION_LEVELS).default('head_office'),
    branch: z.string().regex(BRANCH_CODE_PATTERN).optional(),
    /** true: only cases with an escalation no supervisor has reviewed yet. */
    unreviewed: QueryBool.optional(),
    cursor: z.string().max(300).optional(),
    limit: queryInt(1, ADMIN_ESCALATIONS_PAGE).default(50),
  })
  .strict();
export type AdminEscalationsQuery = z.input<typeof AdminEscalationsQuery>;
export type ParsedEscalationsQuery = z.output<typeof AdminEscalationsQuery>;

/**
 * One evidence file of a case as head office lists it (review finding 9):
 * `mime` is the type the adding desk detected; `download` is head office's
 * GET for it, which answers the type detected from the stored bytes under
 * the sanitised name (docs/protocol.md).
 */
export const AdminEvidence = z.object({
  sha256: z.string(),
  name: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  size: z.number().int(),
  mime: z.string(),
  note: z.string(),
  addedBy: z.string(),
  addedByName: z.string(),
  /** ISO instant of the adding event's HLC. */
  addedAt: z.string(),
  download: z.string(),
});
export type AdminEvidence = z.infer<typeof AdminEvidence>;

/** One escalated case: where it is, who escalated it to its level, why, and whether that was reviewed. */
export const AdminEscalation = z.object({
  caseId: z.string(),
  number: z.string(),
  branch: z.string(),
  device: z.string(),
  status: CaseStatus,
  category: z.string(),
  severity: z.string(),
  customerName: z.string(),
  /** The first-contact owner (首问负责人), accountable whatever the level. */
  owner: z.string(),
  ownerName: z.string(),
  level: z.enum(ESCALATION_LEVELS),
  escalatedAt: z.string(),
  escalatedBy: z.string(),
  escalatedByName: z.string(),
  rootCause: RootCause,
  reason: z.string(),
  /** How many of the case's escalations wait for a supervisor's review. */
  unreviewed: z.number().int(),
  /** The review of the escalation to the current level, or null. */
  review: z.object({ justified: z.boolean(), comment: z.string(), at: z.string() }).nullable(),
  /** Issue 12, as the case list's (CaseSummary): a repeat complaint, the nature, first-contact resolution. */
  repeat: z.boolean().optional(),
  nature: Nature.nullable().optional(),
  fcr: z.boolean().nullable().optional(),
  /** The case's evidence files, oldest first (additive). */
  evidence: z.array(AdminEvidence).optional(),
});
export type AdminEscalation = z.infer<typeof AdminEscalation>;

export const AdminEscalationsResponse = z.object({
  ok: z.literal(true),
  items: z.array(AdminEscalation),
  nextCursor: z.string().nullable(),
  serverTime: z.number(),
});
export type AdminEscalationsResponse = z.infer<typeof AdminEscalationsResponse>;
