/**
 * What every feature's method table is built from: common field schemas and
 * the shape of one method (input, output, who may call it). Runtime-neutral.
 */
import { z } from 'zod';
import { LOCALES } from '../../domain/kernel/locale';
import { Role } from '../../domain/kernel/roles';

export const Locale = z.enum(LOCALES);

export const id = z.string().uuid();
export const isoInstant = z.iso.datetime({ offset: true });
/** A method that takes no input. */
export const empty = z.object({}).strict();

/**
 * One DeskApi method: its strict input schema, its output schema, and who may
 * call it ('none': before sign-in; 'any': any signed-in staff; or the roles).
 */
export interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
  auth: 'none' | 'any' | readonly z.infer<typeof Role>[];
  /** Callable before the desk's first-run setup (otherwise refused as not_initialized). */
  beforeSetup?: true;
}

/** A feature's table of methods, checked against MethodSpec without widening its types. */
export type MethodTable = Record<string, MethodSpec>;
