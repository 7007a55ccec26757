/**
 * DeskApi methods of the customers feature (issue 12 item 4): a customer's
 * earlier and open cases, recognised by normalised phone or name
 * (shared/domain/cases/customerKey.ts), for the intake and the case view.
 * Handler in electron/desk/features/customers/.
 */
import { z } from 'zod';
import { CaseStatus, Nature } from '../../domain/cases/payloads';
import { LIMITS } from '../../domain/kernel/limits';
import { id, type MethodTable } from './common';

/** Cases listed at most; the counts cover up to HISTORY_COUNT_CAP cases. */
export const HISTORY_LIMIT = 20;
export const HISTORY_COUNT_CAP = 1000;

export const CustomerHistoryCase = z.object({
  id,
  number: z.string(),
  receivedAt: z.string(),
  category: z.string(),
  status: CaseStatus,
  /** A repeat complaint itself (an earlier case within its window). */
  repeat: z.boolean(),
  /** A repeat with an earlier case of the same category within its window (review finding 12). */
  repeatSameCategory: z.boolean().optional(),
  /** The nature at its close; null while never closed. */
  nature: Nature.nullable(),
  /** Its malicious-claim status (issue 12 item 3); null when never flagged. */
  malice: z.enum(['suspected', 'malicious', 'good_faith']).nullable(),
});
export type CustomerHistoryCase = z.infer<typeof CustomerHistoryCase>;

export const CustomerHistory = z.object({
  /** What the customer was recognised by; null when the input named neither a phone nor a name. */
  key: z.object({ kind: z.enum(['phone', 'name']), value: z.string() }).nullable(),
  /** The repeat window in force now, days. */
  windowDays: z.number().int(),
  /** The customer's cases, newest first, at most HISTORY_LIMIT. */
  items: z.array(CustomerHistoryCase),
  counts: z.object({
    total: z.number().int(),
    open: z.number().int(),
    /**
     * Received within the repeat window before now (a new case now would be a
     * repeat); with `before`, within that case's window before its receipt
     * (so > 0 exactly when that case is a repeat).
     */
    withinWindow: z.number().int(),
    /** Cases a supervisor determined malicious (the case row's `malice`, desk migration 0016). */
    maliciousDetermined: z.number().int(),
    /** True when the customer has more than HISTORY_COUNT_CAP cases (the counts stop there). */
    capped: z.boolean(),
  }),
  /** The categories of the counted cases determined malicious, sorted (the same trick used before). */
  maliciousCategories: z.array(z.string()),
  /**
   * Issue 14: the customer attributes of the customer's latest case that has
   * any (the intake prefills them); null when none has. Absent when seen from a case (`before`).
   */
  attributes: z
    .object({
      region: z.string().nullable(),
      customerLevel: z.string().nullable(),
      sharedCustomer: z.boolean().nullable(),
      /** The case they come from. */
      caseId: id,
    })
    .nullable()
    .optional(),
});
export type CustomerHistory = z.infer<typeof CustomerHistory>;

export const customerMethods = {
  'customer.history': {
    input: z
      .object({
        /** As typed: spaces, dashes, +86 / 0086 and full-width digits are normalised away. */
        phone: z.string().max(LIMITS.phone).optional(),
        /** Used when the phone has fewer than 7 digits. */
        name: z.string().max(LIMITS.shortText).optional(),
        /**
         * The record as this case sees it (the malicious-claim assessment):
         * only the customer's cases that came BEFORE it (receipt order,
         * shared/domain/cases/repeat.ts `isEarlier`) are listed and counted,
         * the case itself never, and the window is the one in force at its
         * receipt, counted back from it. Unknown to this desk: not_found.
         */
        before: id.optional(),
      })
      .strict(),
    output: CustomerHistory,
    auth: 'any',
  },
} as const satisfies MethodTable;
