/**
 * DeskApi methods of the staff feature: the desk's first-run setup (which
 * creates the first administrator), sign-in and sign-out, and staff records.
 */
import { z } from 'zod';
import { LIMITS } from '../../domain/kernel/limits';
import { Role } from '../../domain/kernel/roles';
import { empty, id, type MethodTable } from './common';

const login = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, . _ - only');
/** A PIN is 4-12 digits; a password is 8-128 characters. */
const secret = z.string().min(4).max(128);

export const StaffSummary = z.object({
  id,
  name: z.string(),
  login: z.string(),
  role: Role,
});
export type StaffSummary = z.infer<typeof StaffSummary>;

export const NewStaff = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.shortText),
    login,
    role: Role,
    secretKind: z.enum(['pin', 'password']),
    secret,
  })
  .strict();
export type NewStaff = z.infer<typeof NewStaff>;

/** A staff record as an administrator sees it: state and what needs attention. */
export const StaffDetail = StaffSummary.extend({
  enabled: z.boolean(),
  secretKind: z.enum(['pin', 'password']),
  /** Another enabled record has the same login (sign-in tries both secrets). */
  loginShared: z.boolean(),
});
export type StaffDetail = z.infer<typeof StaffDetail>;

/** A staff event kept in the log without effect (its actor lacked the authority), for an admin. */
export const StaffFlag = z.object({
  eventId: id,
  type: z.string(),
  staffId: id,
  actor: id,
  device: z.string(),
  at: z.string(),
  reason: z.enum(['no_authority', 'duplicate', 'unknown_staff', 'bad_credential']),
});
export type StaffFlag = z.infer<typeof StaffFlag>;

const secretKind = z.enum(['pin', 'password']);

export const DeskStatus = z.object({
  initialized: z.boolean(),
  appVersion: z.string(),
  branchCode: z.string().nullable(),
  branchName: z.string().nullable(),
  deviceCode: z.string().nullable(),
  scriptVersion: z.string(),
});
export type DeskStatus = z.infer<typeof DeskStatus>;

export const Session = z.object({ token: z.string(), staff: StaffSummary });
export type Session = z.infer<typeof Session>;

export const staffMethods = {
  'desk.status': { input: empty, output: DeskStatus, auth: 'none', beforeSetup: true },
  'desk.setup': {
    input: z
      .object({
        branchCode: z
          .string()
          .trim()
          .regex(/^[A-Z]{2,6}$/, '2-6 capital letters, e.g. GZ'),
        branchName: z.string().trim().min(1).max(LIMITS.shortText),
        deviceCode: z
          .string()
          .trim()
          .regex(/^[0-9A-Z]{2}$/, 'two digits or capital letters, e.g. 01'),
        admin: NewStaff.omit({ role: true }),
      })
      .strict(),
    output: Session,
    auth: 'none',
    beforeSetup: true,
  },
  'auth.signIn': {
    input: z.object({ login: z.string().trim().min(1).max(32), secret: z.string().min(1).max(128) }).strict(),
    output: Session,
    auth: 'none',
  },
  'auth.signOut': { input: empty, output: z.object({}), auth: 'any' },
  'auth.me': { input: empty, output: StaffSummary, auth: 'any' },
  'staff.create': { input: NewStaff, output: StaffSummary, auth: ['admin'] },
  'staff.list': { input: empty, output: z.array(StaffSummary), auth: 'any' },
  /** Every record with its state, for the staff screen (admin). */
  'staff.admin.list': {
    input: empty,
    output: z.object({ staff: z.array(StaffDetail), flags: z.array(StaffFlag) }),
    auth: ['admin'],
  },
  'staff.disable': {
    input: z.object({ staffId: id, reason: z.string().trim().min(1).max(LIMITS.shortText) }).strict(),
    output: StaffDetail,
    auth: ['admin'],
  },
  'staff.enable': { input: z.object({ staffId: id }).strict(), output: StaffDetail, auth: ['admin'] },
  /** A promotion to supervisor or admin carries a new secret that meets that role's rule. */
  'staff.changeRole': {
    input: z
      .object({ staffId: id, role: Role, secretKind: secretKind.optional(), secret: secret.optional() })
      .strict(),
    output: StaffDetail,
    auth: ['admin'],
  },
  /** An administrator sets a new PIN or password for someone (e.g. a leaked PIN). */
  'staff.resetSecret': {
    input: z.object({ staffId: id, secretKind, secret }).strict(),
    output: StaffDetail,
    auth: ['admin'],
  },
  /** The signed-in user changes their own PIN or password, proving the current one. */
  'auth.changeSecret': {
    input: z.object({ current: z.string().min(1).max(128), secretKind, secret }).strict(),
    output: z.object({}),
    auth: 'any',
  },
} as const satisfies MethodTable;
