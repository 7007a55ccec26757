/**
 * The event envelope (DESIGN.md section 3) and the payloads of every event type
 * this version of Loopdesk writes. Runtime-neutral: no Node, no DOM.
 *
 * Everything that changes is an event. Events are append-only; corrections are
 * new events. Projections are folds of the log and can be rebuilt at any time.
 */
import { z } from 'zod';

/** Limits shared by the contract and the core so both refuse the same inputs. */
export const LIMITS = {
  shortText: 200,
  longText: 4000,
  phone: 32,
  reason: 1000,
  noteText: 4000,
  searchText: 100,
  pageSize: 200,
} as const;

export const ROLES = ['counter', 'qc', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const GENDERS = ['female', 'male', 'unknown'] as const;
export const Gender = z.enum(GENDERS);
export type Gender = z.infer<typeof Gender>;

export const CASE_STATUSES = ['new', 'in_progress', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Fields that may change after intake; each resolves last-writer-wins by HLC. */
export const MUTABLE_CASE_FIELDS = ['assignee', 'category', 'severity', 'dueAt'] as const;
export const MutableCaseField = z.enum(MUTABLE_CASE_FIELDS);
export type MutableCaseField = z.infer<typeof MutableCaseField>;

export const STEP_NUMBERS = [1, 2, 3, 4, 5, 6] as const;
export const StepNumber = z.union([
  z.literal(1),
  z.literal(2),
  z.literal(3),
  z.literal(4),
  z.literal(5),
  z.literal(6),
]);
export type StepNumber = z.infer<typeof StepNumber>;

/** Values a captured script field may hold (validated per field by the script). */
export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

export const Customer = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.shortText),
    phone: z.string().trim().max(LIMITS.phone),
    gender: Gender,
    returning: z.boolean(),
  })
  .strict();
export type Customer = z.infer<typeof Customer>;

// ---------------------------------------------------------------- payloads

export const CaseOpenedPayload = z
  .object({
    number: z.string(),
    scriptVersion: z.string(),
    customer: Customer,
    channel: z.string(),
    category: z.string(),
    severity: z.string(),
    /** The customer's own account of what happened, as told at intake. */
    account: z.string(),
    /** ISO-8601 instant the complaint was received (may precede entry). */
    receivedAt: z.string(),
    /** First-contact owner (首问负责人): staff id of whoever received it. */
    owner: z.string(),
  })
  .strict();

export const CaseStepRecordedPayload = z
  .object({
    step: StepNumber,
    fields: z.record(z.string(), FieldValue),
  })
  .strict();

export const CaseNoteAddedPayload = z.object({ text: z.string() }).strict();

export const CaseFieldSetPayload = z
  .object({
    field: MutableCaseField,
    /** null clears the field (e.g. unassign). */
    value: z.string().nullable(),
  })
  .strict();

export const CaseClosedPayload = z
  .object({
    /** Set when a supervisor closes before step 6 was recorded. */
    overrideReason: z.string().nullable(),
  })
  .strict();

export const CaseReopenedPayload = z.object({ reason: z.string() }).strict();

export const StaffCreatedPayload = z
  .object({
    name: z.string(),
    login: z.string(),
    role: Role,
    /** scrypt hash record, never the secret itself: see electron/desk/auth. */
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

/** Event type name -> payload schema, for the current schema version 1. */
export const EVENT_PAYLOADS = {
  'case.opened': CaseOpenedPayload,
  'case.step_recorded': CaseStepRecordedPayload,
  'case.note_added': CaseNoteAddedPayload,
  'case.field_set': CaseFieldSetPayload,
  'case.closed': CaseClosedPayload,
  'case.reopened': CaseReopenedPayload,
  'staff.created': StaffCreatedPayload,
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export type PayloadOf<T extends EventType> = z.infer<(typeof EVENT_PAYLOADS)[T]>;

/** The schema version this app writes for every event type it knows. */
export const CURRENT_EVENT_SCHEMA = 1;

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_PAYLOADS, type);
}

// ---------------------------------------------------------------- envelope

/**
 * Stream ids are `<kind>:<uuid>`, e.g. `case:0193…`. The kind lets a replica
 * route an event to the right fold without parsing its payload.
 */
export const STREAM_KINDS = ['case', 'staff'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

const STREAM_PATTERN = /^[a-z_]+:[0-9a-f-]{36}$/;
const HASH_PATTERN = /^[0-9a-f]{64}$/;

export const EventEnvelope = z
  .object({
    id: z.string().uuid(),
    stream: z.string().regex(STREAM_PATTERN),
    type: z.string().min(1).max(64),
    schema: z.number().int().min(1),
    hlc: z.string(),
    device: z.string().min(1),
    branch: z.string().min(1),
    actor: z.string().min(1),
    payload: z.unknown(),
    hash: z.string().regex(HASH_PATTERN),
  })
  .strict();
export type EventEnvelope = z.infer<typeof EventEnvelope>;

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(Object.keys(EventEnvelope.shape));
/** The very pattern `z.string().uuid()` checks. */
const UUID_PATTERN = z.regexes.uuid();

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * The hot-path twin of `EventEnvelope.safeParse` (sync and bulk import check
 * every event): returns a fresh envelope when `raw` certainly passes the
 * schema, and null when it may not. It is never laxer than the schema (a
 * property test holds it to that); on null, ask the schema for the verdict and
 * a precise reason (`checkEnvelope` does both).
 */
export function quickEnvelope(raw: unknown): EventEnvelope | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const proto: unknown = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) return null;
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!ENVELOPE_KEYS.has(k)) return null;
  const { id, stream, type, schema, hlc, device, branch, actor, payload, hash } = r;
  if (typeof id !== 'string' || !UUID_PATTERN.test(id)) return null;
  if (typeof stream !== 'string' || !STREAM_PATTERN.test(stream)) return null;
  if (!nonEmpty(type) || type.length > 64) return null;
  if (typeof schema !== 'number' || !Number.isSafeInteger(schema) || schema < 1) return null;
  if (typeof hlc !== 'string') return null;
  if (!nonEmpty(device) || !nonEmpty(branch) || !nonEmpty(actor)) return null;
  if (payload === undefined) return null;
  if (typeof hash !== 'string' || !HASH_PATTERN.test(hash)) return null;
  return { id, stream, type, schema, hlc, device, branch, actor, payload, hash };
}

/** The envelope of `raw`, or where and why it is not one (the schema's first issue). */
export function checkEnvelope(
  raw: unknown,
): { ok: true; event: EventEnvelope } | { ok: false; where: string; message: string } {
  const quick = quickEnvelope(raw);
  if (quick !== null) return { ok: true, event: quick };
  const parsed = EventEnvelope.safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    where: issue && issue.path.length > 0 ? issue.path.join('.') : 'envelope',
    message: issue?.message ?? 'invalid',
  };
}

/** An envelope whose type and payload are known to this version. */
export type KnownEvent = {
  [T in EventType]: Omit<EventEnvelope, 'type' | 'payload'> & { type: T; payload: PayloadOf<T> };
}[EventType];

/**
 * An event as the SQL stores keep it (desk and server alike): the envelope's
 * fields, with the payload as JSON text exactly as received.
 */
export interface StoredEvent {
  id: string;
  stream: string;
  type: string;
  schema: number;
  hlc: string;
  device: string;
  branch: string;
  actor: string;
  payload: string;
  hash: string;
}

/** The columns of a stored event, in envelope order. */
export const STORED_EVENT_COLUMNS = [
  'id',
  'stream',
  'type',
  'schema',
  'hlc',
  'device',
  'branch',
  'actor',
  'payload',
  'hash',
] as const satisfies readonly (keyof StoredEvent)[];

/** The envelope of a stored event: its payload parsed back from JSON text. */
export function envelopeFromStored(r: StoredEvent): EventEnvelope {
  return {
    id: r.id,
    stream: r.stream,
    type: r.type,
    schema: Number(r.schema),
    hlc: r.hlc,
    device: r.device,
    branch: r.branch,
    actor: r.actor,
    payload: JSON.parse(r.payload) as unknown,
    hash: r.hash,
  };
}

export function streamOf(kind: StreamKind, id: string): string {
  return `${kind}:${id}`;
}

export function streamKind(stream: string): string {
  const i = stream.indexOf(':');
  return i < 0 ? '' : stream.slice(0, i);
}

export function streamId(stream: string): string {
  const i = stream.indexOf(':');
  return i < 0 ? stream : stream.slice(i + 1);
}
