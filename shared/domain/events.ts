/**
 * The composition root of the event payloads: every feature's table of event
 * type -> payload schema, joined into the one table the store's intake check,
 * the checker thread and the server use. A feature's own fold uses its own
 * table (shared/domain/<feature>/); only this file knows them all.
 *
 * Adding a feature's events: export its table from
 * shared/domain/<feature>/payloads.ts and spread it into EVENT_PAYLOADS, and
 * add its stream kind to STREAM_KINDS (docs/adding-a-feature.md).
 * Runtime-neutral: no Node, no DOM.
 */
import type { z } from 'zod';
import { CASE_STREAM } from './cases/fold';
import { CASE_PAYLOADS } from './cases/payloads';
import { CURRENT_EVENT_SCHEMA, streamKind, type EventEnvelope } from './kernel/envelope';
import { isFoldableWith, parsePayloadWith, type PayloadParse } from './kernel/payloads';
import { LIBRARY_PAYLOADS, LIBRARY_STREAM } from './library/payloads';
import { ORDER_PAYLOADS, ORDER_STREAM } from './orders/payloads';
import { RECT_PAYLOADS, RECT_STREAM } from './rectification/payloads';
import { SETTINGS_PAYLOADS, SETTINGS_STREAM } from './settings/payloads';
import { STAFF_PAYLOADS, STAFF_STREAM } from './staff/payloads';
import { VOLUME_PAYLOADS, VOLUME_STREAM } from './volume/payloads';

/** Event type name -> payload schema, for the current schema version 1. */
export const EVENT_PAYLOADS = {
  ...CASE_PAYLOADS,
  ...STAFF_PAYLOADS,
  ...SETTINGS_PAYLOADS,
  ...ORDER_PAYLOADS,
  ...LIBRARY_PAYLOADS,
  ...RECT_PAYLOADS, // issue 14
  ...VOLUME_PAYLOADS,
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export type PayloadOf<T extends EventType> = z.infer<(typeof EVENT_PAYLOADS)[T]>;

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_PAYLOADS, type);
}

/** The stream kinds of this version, one per feature that owns a stream. */
export const STREAM_KINDS = [
  CASE_STREAM,
  STAFF_STREAM,
  SETTINGS_STREAM,
  ORDER_STREAM,
  LIBRARY_STREAM,
  RECT_STREAM, // issue 14
  VOLUME_STREAM,
] as const;

/** An envelope whose type and payload are known to this version. */
export type KnownEvent = {
  [T in EventType]: Omit<EventEnvelope, 'type' | 'payload'> & { type: T; payload: PayloadOf<T> };
}[EventType];

/** True when this version may apply the event at all (known type, schema, HLC form). */
export function isFoldable(e: Pick<EventEnvelope, 'type' | 'schema' | 'hlc'>): boolean {
  return isFoldableWith(e, isKnownEventType);
}

/** The payload checked against its type's schema (remembered per payload object). */
export function parsePayload<T extends EventType>(type: T, payload: unknown): PayloadParse<PayloadOf<T>> {
  return parsePayloadWith(type, EVENT_PAYLOADS[type], payload) as PayloadParse<PayloadOf<T>>;
}

/**
 * True for events whose payload must match its schema before it is stored:
 * a type this version knows, at the current schema version, foldable.
 * Other schema versions and unknown types are stored raw.
 */
export function hasCheckedPayload(e: EventEnvelope): e is EventEnvelope & { type: EventType } {
  return e.schema === CURRENT_EVENT_SCHEMA && isFoldable(e); // isFoldable checks the type is known
}

/**
 * Why an event of a known type cannot be stored as sent, or null: its
 * stream is of another kind (`wrong_stream`), or its payload does not match
 * (`invalid_payload`, naming the field). The same rule on desk and server, so
 * a desk never refuses what the server accepted.
 */
export function eventContentProblem(e: EventEnvelope): string | null {
  if (!isKnownEventType(e.type)) return null;
  if (streamKind(e.stream) !== e.type.slice(0, e.type.indexOf('.'))) {
    return `wrong_stream: ${e.type} in ${e.stream}`;
  }
  if (!hasCheckedPayload(e)) return null;
  const p = parsePayload(e.type, e.payload);
  if (p.success) return null;
  const issue = p.error.issues[0];
  return `invalid_payload: ${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'invalid'}`;
}
