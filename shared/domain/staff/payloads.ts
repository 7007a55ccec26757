/**
 * The staff feature's event payloads (schema version 1). Runtime-neutral.
 *
 * A staff record's stream is `staff:<uuid>`. What each event may do, and who
 * may issue it, is decided by the staff fold (directory.ts), not here: these
 * schemas only say what a well-formed payload is.
 */
import { z } from 'zod';
import { Role } from '../kernel/roles';

/**
 * Bounds on the scrypt cost a credential may carry. A credential read from
 * an event (another desk's, or a forged one) is refused outside them, so a
 * hostile record can neither make sign-in hash for minutes (N, p too large)
 * nor pass as strong with a trivial cost (N too small). The lower bound is
 * the cost of the records written before issue 8 (N = 2^14, p = 1); new
 * records are written at the cost in credentials.ts, which meets OWASP's
 * scrypt guidance.
 */
export const SCRYPT_BOUNDS = {
  minLogN: 14,
  maxLogN: 17,
  r: 8,
  maxP: 8,
  /** N * p at most this: about 8x the cost of a new record. */
  maxWork: 2 ** 18,
} as const;

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const Credential = z
  .object({
    kind: z.enum(['pin', 'password']),
    algo: z.literal('scrypt'),
    salt: z.string().min(16).max(88).regex(base64),
    hash: z.string().min(24).max(88).regex(base64),
    N: z
      .number()
      .int()
      .refine(
        (n) =>
          Number.isInteger(Math.log2(n)) &&
          n >= 2 ** SCRYPT_BOUNDS.minLogN &&
          n <= 2 ** SCRYPT_BOUNDS.maxLogN,
        'N must be a power of two between 2^14 and 2^17',
      ),
    r: z.literal(SCRYPT_BOUNDS.r),
    p: z.number().int().min(1).max(SCRYPT_BOUNDS.maxP),
    /**
     * The id of the branch key mixed into the secret before hashing (never
     * the key: it stays out of the log). Absent on records made before keys.
     */
    pepper: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional(),
  })
  .strict()
  .refine((c) => c.N * c.p <= SCRYPT_BOUNDS.maxWork, 'N * p is above the bound');
export type Credential = z.infer<typeof Credential>;

export const StaffCreatedPayload = z
  .object({
    name: z.string(),
    login: z.string(),
    role: Role,
    /** scrypt hash record, never the secret itself. */
    credential: Credential,
  })
  .strict();

export const StaffDisabledPayload = z.object({ reason: z.string() }).strict();
export const StaffEnabledPayload = z.object({}).strict();
export const StaffRoleChangedPayload = z.object({ role: Role }).strict();
/** An administrator set someone's secret (a leaked PIN, a forgotten password). */
export const StaffSecretResetPayload = z.object({ credential: Credential }).strict();
/** Staff changed their own secret (the actor is the record itself). */
export const StaffSecretChangedPayload = z.object({ credential: Credential }).strict();

/** Staff event type -> payload schema. */
export const STAFF_PAYLOADS = {
  'staff.created': StaffCreatedPayload,
  'staff.disabled': StaffDisabledPayload,
  'staff.enabled': StaffEnabledPayload,
  'staff.roleChanged': StaffRoleChangedPayload,
  'staff.secretReset': StaffSecretResetPayload,
  'staff.secretChanged': StaffSecretChangedPayload,
} as const;

export type StaffEventType = keyof typeof STAFF_PAYLOADS;

/** The stream kind of staff records: `staff:<uuid>`. */
export const STAFF_STREAM = 'staff';
