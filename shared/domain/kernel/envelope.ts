/**
 * The event envelope (DESIGN.md section 3): the fields every event carries,
 * whatever its feature, and how the SQL stores keep it. Runtime-neutral.
 *
 * Everything that changes is an event. Events are append-only; corrections are
 * new events. Projections are folds of the log and can be rebuilt at any time.
 */
import { z } from 'zod';

/** The schema version this app writes for every event type it knows. */
export const CURRENT_EVENT_SCHEMA = 1;

/**
 * The highest schema version an envelope may carry: room for a thousand
 * revisions of a payload, and far inside every store's column (PostgreSQL
 * INTEGER ends at 2^31-1), so SQLite and PostgreSQL keep the same events.
 */
export const MAX_EVENT_SCHEMA = 1000;

/**
 * Stream ids are `<kind>:<uuid>`, e.g. `case:0193…`. The kind lets a replica
 * route an event to the right fold without parsing its payload (see each
 * feature's projector and shared/domain/events.ts for the kinds).
 */
const STREAM_PATTERN = /^[a-z_]+:[0-9a-f-]{36}$/;
const HASH_PATTERN = /^[0-9a-f]{64}$/;

export const EventEnvelope = z
  .object({
    id: z.string().uuid(),
    stream: z.string().regex(STREAM_PATTERN),
    type: z.string().min(1).max(64),
    schema: z.number().int().min(1).max(MAX_EVENT_SCHEMA),
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
  if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 1 || schema > MAX_EVENT_SCHEMA)
    return null;
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

export function streamOf(kind: string, id: string): string {
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
