/**
 * The case feature's intake value types: gender, status, the fields that
 * change after intake, step numbers, captured field values, the customer and
 * the analysis attributes asked at intake. ./payloads.ts builds the event
 * payloads from them and re-exports them, so importers read either file.
 * Runtime-neutral.
 */
import { z } from 'zod';
import { LIMITS } from '../kernel/limits';

export const GENDERS = ['female', 'male', 'unknown'] as const;
export const Gender = z.enum(GENDERS);
export type Gender = z.infer<typeof Gender>;

export const CASE_STATUSES = ['new', 'in_progress', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Fields that may change after intake; each resolves last-writer-wins by HLC. */
export const MUTABLE_CASE_FIELDS = ['assignee', 'category', 'severity', 'dueAt'] as const;
export const MutableCaseField = z.enum(MUTABLE_CASE_FIELDS);
export type MutableCaseField = z.infer<typeof MutableCaseField>;

export const STEP_NUMBERS = [1, 2, 3, 4, 5, 6] as const;
export const StepNumber = z.union([
  z.literal(1),
  z.literal(2),
  z.literal(3),
  z.literal(4),
  z.literal(5),
  z.literal(6),
]);
export type StepNumber = z.infer<typeof StepNumber>;

/** Values a captured script field may hold (validated per field by the script). */
export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

export const Customer = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.shortText),
    phone: z.string().trim().max(LIMITS.phone),
    gender: Gender,
    returning: z.boolean(),
  })
  .strict();
export type Customer = z.infer<typeof Customer>;

/**
 * A code of one of the organisation's analysis lists (issue 14: region,
 * customer level): the form of shared/domain/settings/lists.ts `LIST_CODE`
 * (test/unit/customerAttributes.test.ts holds the two equal). Whether the
 * code is on the list is the desk's check at intake, not the fold's: a code
 * later taken off the list stays on the cases that have it.
 */
export const AttributeCode = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,31}$/);

/**
 * Issue 14 item 1: what the intake asks of the customer for the analysis,
 * each optional (absent: not asked, as on every event before issue 14).
 * `sharedCustomer`: also a customer of another business line (absent: unknown).
 */
export const CustomerAttributeFields = {
  region: AttributeCode.optional(),
  customerLevel: AttributeCode.optional(),
  sharedCustomer: z.boolean().optional(),
};
