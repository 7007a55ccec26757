import type { OutputOf, ParsedInputOf, MethodName } from '../../../shared/contract/api';
import { err, type Err, type ErrorCode, type Result } from '../../../shared/contract/result';
import type { Locale } from '../../../shared/domain/kernel/locale';
import type { Desk } from './desk';
import type { StaffRecord } from './directory';
import { errorMessage, type Catalogue, type MessageParams } from './messages';

/**
 * Background services the handlers may reach, by name (openDesk wires them,
 * e.g. `sync`; none is held by the Desk). The kernel knows no service: each
 * feature's handlers check that the one they use is there.
 */
export type DeskServices = Readonly<Record<string, unknown>>;

export interface HandlerContext {
  desk: Desk;
  locale: Locale;
  /** The signed-in staff member (null only for methods with auth 'none'). */
  staff: StaffRecord | null;
  token: string | null;
  services: DeskServices;
}

export type Handler<M extends MethodName> = (
  input: ParsedInputOf<M>,
  ctx: HandlerContext,
) => Result<OutputOf<M>> | Promise<Result<OutputOf<M>>>;

export type HandlerTable = { [M in MethodName]: Handler<M> };

/** A feature's handlers: exactly one for each method of its method table (shared/contract/methods/<feature>.ts). */
export type HandlersFor<Methods> = { [M in keyof Methods & MethodName]: Handler<M> };

/** The signed-in staff member; the dispatcher guarantees one for authenticated methods. */
export function actor(ctx: HandlerContext): StaffRecord {
  if (!ctx.staff) throw new Error('handler needs a signed-in staff member');
  return ctx.staff;
}

/** An error with the generic message of its code. */
export function fail(
  ctx: HandlerContext,
  code: ErrorCode,
  fields?: Record<string, string>,
  params?: MessageParams,
): Err {
  return err(code, errorMessage(ctx.locale, code, params), fields);
}

/** An error with a specific message of a catalogue (a feature's, features/<feature>/messages.ts). */
export function failWithFrom<K extends string>(catalogue: Catalogue<K>) {
  return (
    ctx: HandlerContext,
    code: ErrorCode,
    key: K,
    params?: MessageParams,
    fields?: Record<string, string>,
  ): Err => err(code, catalogue.msg(ctx.locale, key, params), fields);
}

/** invalid_input with field messages. */
export function invalidFields(ctx: HandlerContext, fields: Record<string, string>): Err {
  return err('invalid_input', errorMessage(ctx.locale, 'invalid_input'), fields);
}
