/**
 * Describers: each feature turns its own event types into one readable line
 * in the reader's language (shared/domain/<feature>/describe.ts), and
 * shared/domain/describers.ts joins them into one registry. Exports (and
 * later dossiers and timelines) render a thread through the registry, so a
 * new event type appears there without touching them; a type nobody
 * describes still gets a generic line. Runtime-neutral and pure.
 */
import type { Locale } from './locale';

/** What a describer may look up: the reader's language, names, labels and time. */
export interface DescribeContext {
  readonly locale: Locale;
  /** A member of staff's name (the id itself when unknown). */
  staffName(staffId: string): string;
  /** An instant (ISO-8601) as the reader reads it, e.g. "2026-11-22 14:05" in the branch's zone. */
  time(iso: string): string;
  /** The same for an instant in ms since the epoch. */
  timeOfMs(ms: number): string;
  /** A taxonomy or script value's label ('channel', 'category', 'severity', 'step' by number); the value when unknown. */
  label(kind: 'channel' | 'category' | 'severity' | 'step', value: string): string;
  /** A script field's label on step `step` (the key when unknown). */
  fieldLabel(step: number, key: string): string;
  /**
   * A script field's text value on step `step` as the reader reads it: a
   * choice's option label, a date-time as `time` writes it (the value when
   * the field or option is unknown). Without it, the value as stored.
   */
  fieldText?(step: number, key: string, value: string): string;
  /** Issue 14: a region's, customer level's or failure point's name from the organisation's lists; the code without it. */
  listName?(list: 'regions' | 'customerLevels' | 'failurePoints', code: string): string;
}

/** One event as a describer sees it: its type and payload (already checked when it was stored). */
export interface DescribedEvent {
  readonly type: string;
  readonly payload: unknown;
}

/** Event type -> the line that says what happened (without time or actor: the caller adds those). */
export type DescriberTable = Readonly<Record<string, (payload: unknown, ctx: DescribeContext) => string>>;

/**
 * Types a feature's table with its payloads, then widens it for the registry
 * (the log's payloads were checked against the same schemas when stored).
 */
export function describers<P extends Record<string, unknown>>(table: {
  [T in keyof P]: (payload: P[T], ctx: DescribeContext) => string;
}): DescriberTable {
  return table as unknown as DescriberTable;
}

/** A sentence in both languages. */
export type Words = Readonly<Record<Locale, string>>;

/** A template split at its `{name}` placeholders: text, name, text, name, ... text. */
const compiled = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  return parts;
}

/**
 * `words` in `locale` with `{name}` placeholders filled (an unknown name is
 * left as written). Templates are split once: an export fills millions.
 */
export function say(words: Words, locale: Locale, params: Readonly<Record<string, string>> = {}): string {
  const parts = partsOf(words[locale]);
  let s = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] ?? '';
    const v = params[name];
    s += (v === undefined ? `{${name}}` : v) + (parts[i + 1] ?? '');
  }
  return s;
}
