/**
 * Results cross every process boundary as values, never as thrown errors:
 * `{ ok: true, value }` or `{ ok: false, error: { code, message } }`.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  /** Input failed the contract's schema (wrong type, unknown field, too long). */
  'invalid_input',
  /** No such API method. */
  'unknown_method',
  /** No valid session: sign in first. */
  'unauthenticated',
  /** Signed in, but the role may not do this. */
  'forbidden',
  /** Wrong login or secret. */
  'bad_credentials',
  /** Too many failed sign-ins; wait. */
  'rate_limited',
  /** The desk has not been set up yet (first run). */
  'not_initialized',
  /** First-run setup was already done. */
  'already_initialized',
  /** Record not found. */
  'not_found',
  /** A login already in use. */
  'conflict',
  /** A handling-script step was recorded out of order or without its required fields. */
  'step_incomplete',
  /** Closing before step 6 without a supervisor's reason. */
  'close_refused',
  /** The case is in a state that does not allow this (e.g. note on a closed case). */
  'invalid_state',
  /** The request body was too large. */
  'too_large',
  /** A remote service (the central sync server) could not be reached or refused to talk; try later. */
  'unavailable',
  /** The desk is busy with maintenance (a rebuild holds the database) or already runs that job; try again when it ends. */
  'busy',
  /** Anything unexpected; details are in the local log. */
  'internal',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  code: ErrorCode,
  /** Human text in the caller's locale, ready to show to a clerk. */
  message: z.string(),
  /** Field-level problems: path (e.g. "customer.phone") -> localized message. */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: ApiError };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string, fields?: Record<string, string>): Err => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
});
