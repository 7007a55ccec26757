/**
 * Rectification items (整改, issue 14 item 7; docs/rectification.md): the
 * event payloads, schema version 1. One stream per item, `rect:<uuid>`.
 * A supervisor opens an item for a category, a main category, a failure
 * point or a quality gap (the defect found, the measure, its owner and due
 * date), the owner or a supervisor records progress, a supervisor completes
 * it with the evidence of completion and may reopen it. Runtime-neutral.
 *
 * What these schemas check is the shape: bounded texts without control
 * characters (long texts may hold line breaks), ids, an ISO due instant.
 * Who may write what is the fold's call (./fold.ts), so a forged event from
 * a counter's desk is kept, flagged and has no effect.
 */
import { z } from 'zod';

/** The stream kind of rectification items: `rect:<uuid>`. */
export const RECT_STREAM = 'rect';

/** Bounds of the texts (UTF-16 code units, as zod counts). */
export const RECT_LIMITS = {
  /** The defect found and the measure taken, each. */
  text: 2000,
  /** A progress note, the evidence of completion, a reason to reopen. */
  note: 2000,
  code: 64,
} as const;

/** What an item is about: the dimension of the analysis (shared/domain/analysis/figures.ts) and its value. */
export const RECT_SCOPE_DIMS = ['mainCategory', 'category', 'failurePoint', 'qualityGap'] as const;
export type RectScopeDim = (typeof RECT_SCOPE_DIMS)[number];

// C0 controls but none, DEL, C1 controls; in long texts the line feed (and tab) are allowed.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `s` has no control character but a line feed or tab, and no lone surrogate. */
export function cleanRectText(s: string): boolean {
  return !CONTROL_BUT_NEWLINE.test(s) && !LONE_SURROGATE.test(s);
}

/** A text of 1..max characters, not only spaces, line breaks allowed. */
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => s.trim() !== '', { message: 'must not be blank' })
    .refine(cleanRectText, { message: 'control characters other than line breaks are not allowed' });

export const RectScope = z
  .object({
    dim: z.enum(RECT_SCOPE_DIMS),
    /** A category value (`bank.fees`), a main category (`bank`), a failure point or a quality gap code. */
    value: z
      .string()
      .min(1)
      .max(RECT_LIMITS.code)
      .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'a code such as bank.fees'),
  })
  .strict();
export type RectScope = z.infer<typeof RectScope>;

/** An ISO-8601 instant with an offset that Date can read. */
const instant = z.iso.datetime({ offset: true }).refine((s) => !Number.isNaN(Date.parse(s)), {
  message: 'not a date',
});

export const RectOpenedPayload = z
  .object({
    scope: RectScope,
    /** The defect found behind the complaints (问题). */
    defect: text(RECT_LIMITS.text),
    /** The measure to take (整改措施). */
    measure: text(RECT_LIMITS.text),
    /** The staff member responsible for carrying it out. */
    owner: z.uuid(),
    dueAt: instant,
  })
  .strict();

export const RectProgressedPayload = z.object({ note: text(RECT_LIMITS.note) }).strict();

export const RectCompletedPayload = z
  .object({
    /** What shows the measure was carried out (整改完成的佐证). */
    evidence: text(RECT_LIMITS.note),
  })
  .strict();

export const RectReopenedPayload = z.object({ reason: text(RECT_LIMITS.note) }).strict();

/** Rectification event type -> payload schema. */
export const RECT_PAYLOADS = {
  'rect.opened': RectOpenedPayload,
  'rect.progressed': RectProgressedPayload,
  'rect.completed': RectCompletedPayload,
  'rect.reopened': RectReopenedPayload,
} as const;

export type RectEventType = keyof typeof RECT_PAYLOADS;
export type RectPayloadOf<T extends RectEventType> = z.infer<(typeof RECT_PAYLOADS)[T]>;
