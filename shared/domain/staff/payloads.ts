/** The staff feature's event payloads (schema version 1). Runtime-neutral. */
import { z } from 'zod';
import { Role } from '../kernel/roles';

export const StaffCreatedPayload = z
  .object({
    name: z.string(),
    login: z.string(),
    role: Role,
    /** scrypt hash record, never the secret itself: see electron/desk/features/staff/credentials. */
    credential: z
      .object({
        kind: z.enum(['pin', 'password']),
        algo: z.literal('scrypt'),
        salt: z.string(),
        hash: z.string(),
        N: z.number().int(),
        r: z.number().int(),
        p: z.number().int(),
      })
      .strict(),
  })
  .strict();

/** Staff event type -> payload schema. */
export const STAFF_PAYLOADS = {
  'staff.created': StaffCreatedPayload,
} as const;

/** The stream kind of staff records: `staff:<uuid>`. */
export const STAFF_STREAM = 'staff';
