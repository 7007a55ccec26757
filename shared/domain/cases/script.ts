/**
 * The six-step handling script (投诉处理六部曲) and the taxonomy as data.
 *
 * Both ship as JSON in resources/ and are validated at load with these schemas,
 * so a broken resource file stops the desk with a message naming the file and
 * the exact path of the problem instead of failing later in the UI.
 * Runtime-neutral: no Node, no DOM.
 */
import { z } from 'zod';
import { LIMITS } from '../kernel/limits';
import { type FieldValue, type StepNumber } from './payloads';
import { LocalizedText } from '../kernel/locale';
import { Prefill } from './scriptPrefill';

export const Option = z
  .object({
    value: z.string().regex(/^[a-z0-9_.-]+$/, 'option values are lower-case ascii keys'),
    label: LocalizedText,
  })
  .strict();
export type Option = z.infer<typeof Option>;

export const FIELD_KINDS = ['boolean', 'text', 'longtext', 'choice', 'datetime', 'number'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Taxonomy lists a choice field may take its options from. */
export const OPTION_SOURCES = ['complainantTypes', 'channels', 'severities', 'natures'] as const;
export type OptionSource = (typeof OPTION_SOURCES)[number];

export const ScriptField = z
  .object({
    key: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'field keys are camelCase'),
    kind: z.enum(FIELD_KINDS),
    label: LocalizedText,
    help: LocalizedText.optional(),
    required: z.boolean(),
    /** For boolean fields that only count as captured when ticked (e.g. apology given). */
    mustBeTrue: z.boolean().optional(),
    /** Inline options for a choice field … */
    options: z.array(Option).min(1).optional(),
    /** … or a taxonomy list to take them from. */
    optionsFrom: z.enum(OPTION_SOURCES).optional(),
    /** Text said or sent to the customer: the desk warns about forbidden words in it. */
    customerFacing: z.boolean().optional(),
    maxLength: z.number().int().positive().max(LIMITS.longText).optional(),
    /** Starting value (scriptPrefill.ts); checked against the script and taxonomy at load. */
    prefill: Prefill.optional(),
    /**
     * The case's own fact, shown but not the clerk's to change (issue 12): needs a
     * `case.*` prefill, which the desk writes into the step's event (scriptPrefill.ts).
     */
    readOnly: z.boolean().optional(),
    /**
     * For mustBeTrue boxes: what the record action attests, in the first person
     * ("已致歉" / "I apologised"). The record button says it; no box to tick.
     */
    attest: LocalizedText.optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.mustBeTrue && !f.attest) {
      ctx.addIssue({
        code: 'custom',
        message: 'a mustBeTrue box needs an attest text for the record button',
      });
    }
    if (f.attest && !f.mustBeTrue) {
      ctx.addIssue({ code: 'custom', message: 'attest only applies to mustBeTrue boxes' });
    }
    if (f.kind === 'choice' && !f.options && !f.optionsFrom) {
      ctx.addIssue({ code: 'custom', message: 'a choice field needs options or optionsFrom' });
    }
    if (f.kind !== 'choice' && (f.options || f.optionsFrom)) {
      ctx.addIssue({ code: 'custom', message: 'only choice fields take options' });
    }
    if (f.mustBeTrue && f.kind !== 'boolean') {
      ctx.addIssue({ code: 'custom', message: 'mustBeTrue only applies to boolean fields' });
    }
  });
export type ScriptField = z.infer<typeof ScriptField>;

export const ScriptStep = z
  .object({
    step: z.number().int().min(1).max(6),
    key: z.string().regex(/^[a-z_]+$/),
    title: LocalizedText,
    goal: LocalizedText,
    /** Suggested phrasing (口径) the clerk can read out or adapt. */
    phrasing: z.array(LocalizedText).min(1),
    /** The taboos (处理禁忌) worth a reminder at this step. */
    taboos: z.array(LocalizedText),
    fields: z.array(ScriptField).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.fields.forEach((f, i) => {
      if (seen.has(f.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i, 'key'],
          message: `duplicate field key "${f.key}"`,
        });
      }
      seen.add(f.key);
    });
  });
export type ScriptStep = z.infer<typeof ScriptStep>;

export const ForbiddenWord = z
  .object({
    word: z.string().min(1),
    suggest: z.string().min(1),
    message: LocalizedText,
  })
  .strict();
export type ForbiddenWord = z.infer<typeof ForbiddenWord>;

export const HandlingScript = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** Recorded on every case handled under this script. */
    version: z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'version looks like 1.0 or 1.0.2'),
    name: LocalizedText,
    steps: z.array(ScriptStep).length(6),
    forbiddenWords: z.array(ForbiddenWord),
  })
  .strict()
  .superRefine((s, ctx) => {
    s.steps.forEach((st, i) => {
      if (st.step !== i + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'step'],
          message: `step ${i + 1} expected here, found ${st.step}`,
        });
      }
    });
  });
export type HandlingScript = z.infer<typeof HandlingScript>;

export type CategoryNode = Option & { children?: CategoryNode[] };
export const CategoryNode: z.ZodType<CategoryNode> = z.lazy(() =>
  z
    .object({
      value: Option.shape.value,
      label: LocalizedText,
      children: z.array(CategoryNode).optional(),
    })
    .strict(),
);

export const Severity = z
  .object({
    value: Option.shape.value,
    label: LocalizedText,
    description: LocalizedText,
    /** Hours within which the case is due (business hours are a later refinement). */
    dueHours: z.number().positive(),
  })
  .strict();
export type Severity = z.infer<typeof Severity>;

export const Taxonomy = z
  .object({
    version: z.string().regex(/^\d+\.\d+(\.\d+)?$/),
    channels: z.array(Option).min(1),
    categories: z.array(CategoryNode).min(1),
    severities: z.array(Severity).min(1),
    complainantTypes: z.array(Option).min(1),
    natures: z.array(Option).min(1),
  })
  .strict();
export type Taxonomy = z.infer<typeof Taxonomy>;

export type StepFields = Record<string, FieldValue>;
export type { StepNumber };
