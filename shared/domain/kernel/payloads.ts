/**
 * Payload checks shared by every feature's fold and by the store's intake
 * check, so an event appended in bulk is parsed by zod once, not twice.
 * Results are remembered per payload object (payloads are never mutated once
 * an envelope exists) and per event type. Runtime-neutral.
 */
import type { z } from 'zod';
import { CURRENT_EVENT_SCHEMA, type EventEnvelope } from './envelope';
import { isValidHlc } from './hlc';

export type PayloadParse<T> = { success: true; data: T } | { success: false; error: z.ZodError };

const parsedPayloads = new WeakMap<object, { type: string; data: unknown }>();

/** `schema.safeParse(payload)`, remembered for `payload` as an event of `type`. */
export function parsePayloadWith<S extends z.ZodType>(
  type: string,
  schema: S,
  payload: unknown,
): PayloadParse<z.output<S>> {
  const memoKey = payload !== null && typeof payload === 'object' ? payload : null;
  if (memoKey) {
    const hit = parsedPayloads.get(memoKey);
    if (hit && hit.type === type) return { success: true, data: hit.data as z.output<S> };
  }
  const r = schema.safeParse(payload);
  if (!r.success) return { success: false, error: r.error };
  if (memoKey) parsedPayloads.set(memoKey, { type, data: r.data });
  return { success: true, data: r.data };
}

/**
 * Records that `payload` already passed its schema for `type` (checked on the
 * desk's checker thread, on a structured clone of this very value), so the
 * fold uses it as its own parse. Sound because the payload schemas validate
 * without transforming (no defaults, transforms or coercion; a unit test holds
 * them to that): a valid payload and its parse are equal data.
 */
export function markPayloadChecked(type: string, payload: unknown): void {
  if (payload !== null && typeof payload === 'object') parsedPayloads.set(payload, { type, data: payload });
}

/** True when an event of a type `isKnown` accepts may be applied at all (schema version, HLC form). */
export function isFoldableWith(
  e: Pick<EventEnvelope, 'type' | 'schema' | 'hlc'>,
  isKnown: (type: string) => boolean,
): boolean {
  return (
    isKnown(e.type) &&
    Number.isInteger(e.schema) &&
    e.schema >= 1 &&
    e.schema <= CURRENT_EVENT_SCHEMA &&
    isValidHlc(e.hlc)
  );
}
