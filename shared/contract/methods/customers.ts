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
  /** The nature at its close; null while never closed. */
  nature: Nature.nullable(),
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
    /** Received within the repeat window before now: a new case now would be a repeat. */
    withinWindow: z.number().int(),
    /**
     * Cases a supervisor determined malicious (issue 12 E2). TODO(issue 12 E2): 0 until the
     * determination is on the case row (`cases.malice`).
     */
    maliciousDetermined: z.number().int(),
    /** True when the customer has more than HISTORY_COUNT_CAP cases (the counts stop there). */
    capped: z.boolean(),
  }),
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
      })
      .strict(),
    output: CustomerHistory,
    auth: 'any',
  },
} as const satisfies MethodTable;
