/**
 * The case library's event payloads (issue 12 item 6, DOMAIN.md section 7),
 * schema version 1: library entries written from hard cases (案例库),
 * standard answers (应答口径) and prepared plans (预案) per category, and the
 * retirement of any of them. Runtime-neutral.
 *
 * One stream per branch with a fixed id (`library:<LIBRARY_STREAM_ID>`), as
 * the settings stream: branches are told apart by the envelope's `branch`,
 * and a desk holds only its own branch's events, so "the branch's library"
 * is "the library stream a desk holds" (decision 0028).
 *
 * What these schemas check is the shape: bounded texts, no control
 * characters (long texts may hold line breaks), ids. Who may write is the
 * library fold's call (./fold.ts): supervisors and administrators only, so a
 * forged event from a counter's desk is kept, flagged and has no effect.
 */
import { z } from 'zod';

/** The stream kind of the case library: `library:<LIBRARY_STREAM_ID>`. */
export const LIBRARY_STREAM = 'library';
export const LIBRARY_STREAM_ID = '00000000-0000-4000-8000-00000000000c';
/** The one library stream of a branch. */
export const LIBRARY_STREAM_NAME = `${LIBRARY_STREAM}:${LIBRARY_STREAM_ID}`;

export const LIBRARY_KINDS = ['entry', 'answer', 'plan'] as const;
export type LibraryKind = (typeof LIBRARY_KINDS)[number];

/** Bounds of the library's texts (UTF-16 code units, as zod counts). */
export const LIBRARY_LIMITS = {
  title: 200,
  category: 64,
  /** Each part of an entry (background, details, result, discussion). */
  part: 8000,
  /** A standard answer's or plan's text. */
  text: 8000,
} as const;

// C0 controls but none, DEL, C1 controls; in long texts the line feed is allowed.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_ANY = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `s` has no control character (a line feed allowed when `newlines`) and no lone surrogate. */
export function cleanLibraryText(s: string, newlines: boolean): boolean {
  return !(newlines ? CONTROL_BUT_NEWLINE : CONTROL_ANY).test(s) && !LONE_SURROGATE.test(s);
}

/** A one-line text, 1..max characters, not only spaces. */
const line = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => s.trim() !== '', { message: 'must not be blank' })
    .refine((s) => cleanLibraryText(s, false), { message: 'control characters are not allowed' });

/** A long text, 0..max characters, line breaks allowed. */
const long = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => cleanLibraryText(s, true), {
      message: 'control characters other than line breaks are not allowed',
    });

/** A category value of the branch's taxonomy (a leaf or a parent): `telecom`, `telecom.billing`. */
export const LibraryCategory = z
  .string()
  .min(1)
  .max(LIBRARY_LIMITS.category)
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, 'a category value such as telecom.billing');

/** 案例库 entry: a closed hard case written up so colleagues learn from it (DOMAIN.md §2, §7). */
export const LibraryEntryWrittenPayload = z
  .object({
    entryId: z.uuid(),
    /** The closed case it was written from, or null for an entry written without one. */
    caseId: z.uuid().nullable(),
    theme: line(LIBRARY_LIMITS.title),
    background: long(LIBRARY_LIMITS.part),
    details: long(LIBRARY_LIMITS.part),
    result: long(LIBRARY_LIMITS.part),
    discussion: long(LIBRARY_LIMITS.part),
    category: LibraryCategory,
  })
  .strict();

/** 应答口径: what to say for a category (applies to its subcategories too). */
export const LibraryAnswerSetPayload = z
  .object({
    answerId: z.uuid(),
    category: LibraryCategory,
    title: line(LIBRARY_LIMITS.title),
    text: long(LIBRARY_LIMITS.text).refine((s) => s.trim() !== '', { message: 'must not be blank' }),
  })
  .strict();

/** 预案: what to do for a category (applies to its subcategories too). */
export const LibraryPlanSetPayload = z
  .object({
    planId: z.uuid(),
    category: LibraryCategory,
    title: line(LIBRARY_LIMITS.title),
    text: long(LIBRARY_LIMITS.text).refine((s) => s.trim() !== '', { message: 'must not be blank' }),
  })
  .strict();

/** An entry, answer or plan no longer shown (kept in the log; retired for good). */
export const LibraryItemRetiredPayload = z.object({ itemId: z.uuid() }).strict();

/** Library event type -> payload schema. */
export const LIBRARY_PAYLOADS = {
  'library.entry_written': LibraryEntryWrittenPayload,
  'library.answer_set': LibraryAnswerSetPayload,
  'library.plan_set': LibraryPlanSetPayload,
  'library.item_retired': LibraryItemRetiredPayload,
} as const;

export type LibraryEventType = keyof typeof LIBRARY_PAYLOADS;
