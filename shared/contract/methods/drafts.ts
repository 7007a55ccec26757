/**
 * DeskApi methods of the drafts feature (issue 10, "nothing typed is lost"):
 * what a clerk has typed but not yet recorded (an intake, a step, a note, a
 * reopen or close reason), kept on the desk per signed-in clerk. Drafts are
 * local working state, not events: never synced, untouched by `rebuild`
 * (decision 0026). Each method works on the caller's own drafts only.
 */
import { z } from 'zod';
import type { MethodTable } from './common';

export const DRAFT_LIMITS = {
  /** The body's JSON text, in UTF-8 bytes. */
  bodyBytes: 64 * 1024,
  /** A key's length in characters. */
  keyChars: 200,
  /** Drafts kept per clerk; saving one more drops the oldest. */
  perClerk: 200,
} as const;

/**
 * A draft's name: `intake`, `step:<caseId>:<n>:<mode>`, `note:<caseId>`,
 * `reopen:<caseId>`, `close:<caseId>`. Printable text: the dispatcher refuses
 * control characters anywhere; the handler also refuses tabs and line breaks here.
 */
export const DraftKey = z.string().min(1).max(DRAFT_LIMITS.keyChars);

export const Draft = z.object({
  key: z.string(),
  /** Whatever the screen keeps (a JSON value). */
  body: z.json(),
  updatedAt: z.string(),
});
export type Draft = z.infer<typeof Draft>;

export const draftMethods = {
  'draft.list': {
    input: z.object({}).strict(),
    /** The signed-in clerk's drafts, most recently saved first. */
    output: z.array(Draft),
    auth: 'any',
  },
  'draft.put': {
    input: z.object({ key: DraftKey, body: z.json() }).strict(),
    output: z.object({ key: z.string(), updatedAt: z.string() }),
    auth: 'any',
  },
  'draft.drop': {
    input: z.object({ key: DraftKey }).strict(),
    /** Whether there was such a draft. */
    output: z.object({ dropped: z.boolean() }),
    auth: 'any',
  },
} as const satisfies MethodTable;
