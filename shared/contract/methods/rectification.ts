/**
 * DeskApi methods of rectification items (整改, issue 14 item 7;
 * docs/rectification.md): a supervisor or an administrator opens an item
 * for a category, a main category, a failure point or a quality gap,
 * completes it with the evidence and may reopen it; its owner or a
 * supervisor records progress (the desk checks the owner, the fold again).
 * The list shows each item's state (open, overdue, done) and whether
 * complaints of its kind fell since it was opened
 * (shared/domain/rectification/effect.ts).
 */
import { z } from 'zod';
import { RECT_LIMITS, RECT_SCOPE_DIMS } from '../../domain/rectification/payloads';
import { id, isoInstant, type MethodTable } from './common';

const SUPERVISORS = ['supervisor', 'admin'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
/** A calendar day that exists (2026-02-30 is refused, not rolled over to March). */
const day = z.iso.date();

export const RectScopeInput = z
  .object({
    dim: z.enum(RECT_SCOPE_DIMS),
    value: z
      .string()
      .min(1)
      .max(RECT_LIMITS.code)
      .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'a code such as bank.fees'),
  })
  .strict();

export const RectState = z.enum(['open', 'overdue', 'done']);
export type RectState = z.infer<typeof RectState>;

const RectNoteView = z.object({ text: z.string(), at: z.string(), by: z.string(), byName: z.string() });

const EffectWindowView = z.object({ fromDay: z.string(), toDay: z.string(), count: z.number().int() });

/** Complaints in the item's scope in the same number of whole days before and since it was opened. */
export const RectEffectView = z.object({
  days: z.number().int(),
  before: EffectWindowView,
  after: EffectWindowView,
  change: z.number().int(),
  changeRate: z.number().nullable(),
  trend: z.enum(['fell', 'rose', 'same']),
});
export type RectEffectView = z.infer<typeof RectEffectView>;

export const RectView = z.object({
  id,
  scope: RectScopeInput,
  defect: z.string(),
  measure: z.string(),
  owner: id,
  ownerName: z.string(),
  dueAt: z.string(),
  state: RectState,
  openedAt: z.string(),
  /** The branch's calendar day it was opened (the effect's dividing day). */
  openedDay: z.string(),
  openedBy: z.string(),
  openedByName: z.string(),
  updatedAt: z.string(),
  progress: z.array(RectNoteView),
  /** Every completion with its evidence, oldest first (the last is in force while done). */
  completions: z.array(RectNoteView),
  reopens: z.array(RectNoteView),
  /** Null while no whole day has passed since it was opened, or without the analysis facts. */
  effect: RectEffectView.nullable(),
});
export type RectView = z.infer<typeof RectView>;

export const RectListQuery = z
  .object({
    state: RectState.optional(),
    /** Only items of this scope dimension (and value, when given). */
    dim: z.enum(RECT_SCOPE_DIMS).optional(),
    value: z.string().max(RECT_LIMITS.code).optional(),
    /** The effect as of this branch day (exclusive); today by default. A report passes its period's end. */
    asOfDay: day.optional(),
  })
  .strict();
export type RectListQuery = z.input<typeof RectListQuery>;

export const rectificationMethods = {
  'rectification.open': {
    input: z
      .object({
        scope: RectScopeInput,
        defect: text(RECT_LIMITS.text),
        measure: text(RECT_LIMITS.text),
        owner: id,
        dueAt: isoInstant,
      })
      .strict(),
    output: RectView,
    auth: SUPERVISORS,
  },
  'rectification.progress': {
    input: z.object({ id, note: text(RECT_LIMITS.note) }).strict(),
    output: RectView,
    auth: 'any',
  },
  'rectification.complete': {
    input: z.object({ id, evidence: text(RECT_LIMITS.note) }).strict(),
    output: RectView,
    auth: SUPERVISORS,
  },
  'rectification.reopen': {
    input: z.object({ id, reason: text(RECT_LIMITS.note) }).strict(),
    output: RectView,
    auth: SUPERVISORS,
  },
  'rectification.get': {
    input: z.object({ id, asOfDay: day.optional() }).strict(),
    output: RectView,
    auth: 'any',
  },
  /** Every item (open and overdue first, by due date; then done, newest first), with its effect. */
  'rectification.list': {
    input: RectListQuery,
    output: z.object({
      items: z.array(RectView),
      /** False when the desk has no analysis facts to count the effect from. */
      effectAvailable: z.boolean(),
    }),
    auth: 'any',
  },
} as const satisfies MethodTable;
