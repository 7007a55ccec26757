/**
 * The repair shop's order templates as data (resources/repair/templates.json,
 * issue 11): the trades, the safety list, and per order kind (保养, 维修,
 * 设备维修) the subject kind, the reading keys, the checklist of each
 * inspection and the default warranty. Validated at load like the handling
 * script (../cases/script.ts): a broken file stops the desk with the path of
 * the bad entry (`kinds[1].trades[2]: unknown trade "paintt"`), so whoever
 * edited it can fix it without reading code.
 *
 * Runtime-neutral and pure: the desk reads the file and hands the parsed JSON
 * to `loadOrderTemplates`.
 */
import { z } from 'zod';
import { LocalizedText, localize, type Locale } from '../kernel/locale';
import { describeTextProblem, textProblemsIn } from '../kernel/text';
import { INSPECTIONS, type Inspection } from './payloads';

/** Keys and values in a template: lower-case ascii, e.g. `car_repair`, `brake_pads`. */
const Key = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'keys are lower-case ascii, like brake_pads')
  .max(64);

export const TemplateOption = z.object({ value: Key, label: LocalizedText }).strict();
export type TemplateOption = z.infer<typeof TemplateOption>;

/**
 * One entry of the safety list (转向, 制动, 轮胎, 灯光, 安全气囊 ...): an item
 * whose title contains one of its keywords (case-insensitive) is a safety
 * item, strict on the process check and on part substitutions.
 */
export const SafetyEntry = z
  .object({ value: Key, label: LocalizedText, keywords: z.array(z.string().min(1).max(64)).min(1) })
  .strict();
export type SafetyEntry = z.infer<typeof SafetyEntry>;

/** A reading taken before work and again at the final check: mileage (km), fuel (%), a device's hours. */
export const ReadingDef = z
  .object({
    key: Key,
    label: LocalizedText,
    unit: z.string().min(1).max(16).optional(),
    kind: z.enum(['number', 'text']),
    required: z.boolean(),
  })
  .strict();
export type ReadingDef = z.infer<typeof ReadingDef>;

/** A line of an inspection's checklist; `safetyOnly` lines are asked on safety items only. */
export const ChecklistItem = z
  .object({ key: Key, label: LocalizedText, safetyOnly: z.boolean().optional() })
  .strict();
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/** A common job of a kind, offered when adding an item; `safety` flags it whatever its title says. */
export const CatalogueEntry = z
  .object({ key: Key, label: LocalizedText, trade: Key, safety: z.boolean() })
  .strict();
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

export const OrderKindTemplate = z
  .object({
    value: Key,
    label: LocalizedText,
    subjectKind: z.enum(['vehicle', 'device']),
    /** Trade values (of the top-level `trades`) this kind's items may take. */
    trades: z.array(Key).min(1),
    readings: z.array(ReadingDef),
    checklists: z
      .object({
        self: z.array(ChecklistItem).min(1),
        process: z.array(ChecklistItem).min(1),
        final: z.array(ChecklistItem).min(1),
      })
      .strict(),
    warrantyMonths: z.number().int().min(0).max(120),
    catalogue: z.array(CatalogueEntry),
  })
  .strict();
export type OrderKindTemplate = z.infer<typeof OrderKindTemplate>;

export const OrderTemplates = z
  .object({
    /** Recorded on every order opened under these templates (`templateVersion`). */
    version: z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'version looks like 1.0 or 1.0.2'),
    trades: z.array(TemplateOption).min(1),
    safety: z.array(SafetyEntry).min(1),
    kinds: z.array(OrderKindTemplate).min(1),
  })
  .strict();
export type OrderTemplates = z.infer<typeof OrderTemplates>;

/** One problem in a templates file: where (`kinds[1].trades[2]`) and what. */
export interface TemplateIssue {
  path: (string | number)[];
  message: string;
}

/** Thrown by `loadOrderTemplates`: one line per problem, `<path>: <message>`. */
export class OrderTemplateError extends Error {
  override readonly name = 'OrderTemplateError';
  readonly issues: readonly TemplateIssue[];

  constructor(issues: readonly TemplateIssue[]) {
    super(issues.map((i) => `${formatTemplatePath(i.path)}: ${i.message}`).join('\n'));
    this.issues = issues;
  }
}

/** `kinds[1].checklists.final[0].key` from `['kinds', 1, 'checklists', 'final', 0, 'key']`. */
export function formatTemplatePath(p: readonly (string | number)[]): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Checks parsed JSON against the schema and the cross-checks: unique values
 * and keys (trades, safety entries, kinds, each kind's readings, checklist
 * lines per inspection and catalogue), every trade a kind or catalogue entry
 * names exists, both languages present (not blank), no control characters
 * anywhere, and no catalogue entry whose label names a safety keyword left
 * unflagged (the template may raise an item to safety, never lower it).
 */
export function checkOrderTemplates(
  json: unknown,
): { ok: true; templates: OrderTemplates } | { ok: false; issues: TemplateIssue[] } {
  const text = textProblemsIn(json).map((p) => ({
    path: p.path,
    message: `${p.inKey ? 'key has a ' : ''}${describeTextProblem(p)}`,
  }));
  if (text.length > 0) return { ok: false, issues: text };
  const parsed = OrderTemplates.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        path: i.path.filter((s): s is string | number => typeof s !== 'symbol'),
        message: i.message,
      })),
    };
  }
  const issues = crossCheckTemplates(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, templates: parsed.data };
}

/** The templates in `json`, or an OrderTemplateError naming the path of every bad entry. */
export function loadOrderTemplates(json: unknown): OrderTemplates {
  const r = checkOrderTemplates(json);
  if (!r.ok) throw new OrderTemplateError(r.issues);
  return r.templates;
}

function duplicates<T>(
  list: readonly T[],
  keyOf: (t: T) => string,
  at: (i: number) => (string | number)[],
  what: string,
  issues: TemplateIssue[],
): void {
  const seen = new Map<string, number>();
  list.forEach((t, i) => {
    const k = keyOf(t);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else issues.push({ path: at(i), message: `duplicate ${what} "${k}" (also at [${first}])` });
  });
}

/** Every LocalizedText below `value` whose zh-CN or English is blank (the schema only asks for one character). */
function blankLabels(value: unknown, path: (string | number)[], issues: TemplateIssue[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => blankLabels(v, [...path, i], issues));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const rec = value as Record<string, unknown>;
  if (typeof rec['zh-CN'] === 'string' && typeof rec.en === 'string') {
    for (const locale of ['zh-CN', 'en'] as const) {
      if ((rec[locale] as string).trim() === '') {
        issues.push({ path: [...path, locale], message: `the ${locale} text is blank` });
      }
    }
    return;
  }
  for (const [k, v] of Object.entries(rec)) blankLabels(v, [...path, k], issues);
}

export function crossCheckTemplates(t: OrderTemplates): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  blankLabels(t, [], issues);
  duplicates(
    t.trades,
    (x) => x.value,
    (i) => ['trades', i, 'value'],
    'trade',
    issues,
  );
  duplicates(
    t.safety,
    (x) => x.value,
    (i) => ['safety', i, 'value'],
    'safety entry',
    issues,
  );
  duplicates(
    t.kinds,
    (x) => x.value,
    (i) => ['kinds', i, 'value'],
    'order kind',
    issues,
  );
  t.safety.forEach((s, si) =>
    s.keywords.forEach((w, wi) => {
      if (w.trim() === '') issues.push({ path: ['safety', si, 'keywords', wi], message: 'blank keyword' });
    }),
  );
  const trades = new Set(t.trades.map((x) => x.value));
  t.kinds.forEach((kind, ki) => {
    const at = (...rest: (string | number)[]) => ['kinds', ki, ...rest];
    kind.trades.forEach((trade, i) => {
      if (!trades.has(trade)) issues.push({ path: at('trades', i), message: `unknown trade "${trade}"` });
    });
    duplicates(
      kind.trades,
      (x) => x,
      (i) => at('trades', i),
      'trade',
      issues,
    );
    duplicates(
      kind.readings,
      (x) => x.key,
      (i) => at('readings', i, 'key'),
      'reading key',
      issues,
    );
    for (const inspection of INSPECTIONS) {
      const list = kind.checklists[inspection];
      duplicates(
        list,
        (x) => x.key,
        (i) => at('checklists', inspection, i, 'key'),
        'checklist key',
        issues,
      );
      if (list.every((line) => line.safetyOnly === true)) {
        issues.push({
          path: at('checklists', inspection),
          message: 'needs at least one line that is asked on every item (not safetyOnly)',
        });
      }
    }
    duplicates(
      kind.catalogue,
      (x) => x.key,
      (i) => at('catalogue', i, 'key'),
      'catalogue key',
      issues,
    );
    kind.catalogue.forEach((entry, i) => {
      if (!kind.trades.includes(entry.trade)) {
        issues.push({
          path: at('catalogue', i, 'trade'),
          message: `trade "${entry.trade}" is not one of this kind's trades`,
        });
      }
      const hit = safetyMatch(t, `${entry.label['zh-CN']} ${entry.label.en}`);
      if (!entry.safety && hit !== null) {
        issues.push({
          path: at('catalogue', i, 'safety'),
          message: `the label names a safety item (${hit.value}): set safety to true`,
        });
      }
    });
  });
  return issues;
}

// ---------------------------------------------------------------- reading the templates

export function findKind(t: OrderTemplates, kind: string): OrderKindTemplate | undefined {
  return t.kinds.find((k) => k.value === kind);
}

/** The safety entry whose keyword `text` contains (case-insensitive), or null. */
export function safetyMatch(t: OrderTemplates, text: string): SafetyEntry | null {
  const hay = text.toLowerCase();
  for (const entry of t.safety) {
    if (entry.keywords.some((w) => w.trim() !== '' && hay.includes(w.trim().toLowerCase()))) return entry;
  }
  return null;
}

/**
 * Whether an item is a safety item by the template: its catalogue entry is
 * flagged, or its title names a safety keyword. The desk sets `safety` from
 * this and may raise it, never lower it.
 */
export function isSafetyItem(
  t: OrderTemplates,
  kind: string,
  item: { title: string; catalogueKey?: string | null },
): boolean {
  const entry = item.catalogueKey
    ? findKind(t, kind)?.catalogue.find((c) => c.key === item.catalogueKey)
    : null;
  return entry?.safety === true || safetyMatch(t, item.title) !== null;
}

/** The checklist an inspection asks for on an item: the kind's lines, `safetyOnly` ones only on safety items. */
export function checklistFor(
  kind: OrderKindTemplate,
  inspection: Inspection,
  safety: boolean,
): ChecklistItem[] {
  return kind.checklists[inspection].filter((line) => safety || line.safetyOnly !== true);
}

/** The trade's label in `locale`; an unknown value (a newer template on another desk) as is. */
export function tradeLabel(t: OrderTemplates, trade: string, locale: Locale): string {
  const found = t.trades.find((x) => x.value === trade);
  return found ? localize(found.label, locale) : trade;
}

/** The kind's label in `locale`; an unknown value as is. */
export function kindLabel(t: OrderTemplates, kind: string, locale: Locale): string {
  const found = findKind(t, kind);
  return found ? localize(found.label, locale) : kind;
}
