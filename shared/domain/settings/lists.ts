/**
 * The organisation's analysis lists (issue 14 item 1; decision 0039): the
 * customer regions and customer levels the intake offers, and the
 * service-blueprint failure points a case can be tagged with. An
 * administrator replaces them whole (`settings.analysis_lists_set`, ./fold.ts
 * counts it only from an administrator); a branch nobody has set them for
 * uses DEFAULT_ANALYSIS_LISTS. Each item is a stable code (what cases and the
 * analysis store) with its name in both languages (what people see), so
 * renaming an item renames it in every report, and a code taken off the list
 * stays on the cases that have it. Runtime-neutral and pure.
 */
import { z } from 'zod';
import type { Locale } from '../kernel/locale';

/** A list item's code: lower-case ascii, digits, `_`, `.`, `-`. */
export const LIST_CODE = /^[a-z0-9][a-z0-9_.-]{0,31}$/;
export const ListCode = z.string().regex(LIST_CODE);

/** At most this many items per list. */
export const LIST_MAX_ITEMS = 100;
/** A name's length at most (UTF-16 code units). */
export const LIST_NAME_MAX = 40;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const ListName = z
  .string()
  .min(1)
  .max(LIST_NAME_MAX)
  .refine((s) => s.trim() === s && !CONTROL.test(s), 'no control characters or outer spaces');

export const ListItem = z.object({ value: ListCode, 'zh-CN': ListName, en: ListName }).strict();
export type ListItem = z.infer<typeof ListItem>;

function uniqueValues(items: readonly ListItem[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.value)) ctx.addIssue({ code: 'custom', path: [i, 'value'], message: 'duplicate code' });
    seen.add(item.value);
  });
}

const List = z.array(ListItem).max(LIST_MAX_ITEMS).superRefine(uniqueValues);

export const ANALYSIS_LIST_NAMES = ['regions', 'customerLevels', 'failurePoints'] as const;
export type AnalysisListName = (typeof ANALYSIS_LIST_NAMES)[number];

export const AnalysisLists = z.object({ regions: List, customerLevels: List, failurePoints: List }).strict();
export type AnalysisLists = z.infer<typeof AnalysisLists>;

const item = (value: string, zh: string, en: string): ListItem => ({ value, 'zh-CN': zh, en });

/** The lists of an organisation whose administrator has set none. */
export const DEFAULT_ANALYSIS_LISTS: AnalysisLists = {
  regions: [
    item('city', '城区', 'City'),
    item('suburb', '近郊', 'Suburbs'),
    item('county', '县域', 'County towns'),
    item('rural', '乡村', 'Rural'),
    item('outside', '外地', 'Outside the area'),
  ],
  customerLevels: [
    item('standard', '普通客户', 'Standard'),
    item('silver', '银卡客户', 'Silver'),
    item('gold', '金卡客户', 'Gold'),
    item('vip', '贵宾客户', 'VIP'),
    item('corporate', '企业客户', 'Corporate'),
  ],
  // The same as shared/domain/cases/tags.ts DEFAULT_FAILURE_POINTS (test/unit/volume.test.ts holds them equal).
  failurePoints: [
    item('reception', '接待', 'Reception'),
    item('diagnosis', '诊断', 'Diagnosis'),
    item('estimate', '报价', 'Estimate'),
    item('work', '施工', 'Work'),
    item('delivery', '交付', 'Delivery'),
    item('billing', '结算', 'Billing'),
    item('queue', '排队等候', 'Queue and waiting'),
    item('counter', '柜面办理', 'Counter service'),
    item('explanation', '告知说明', 'Explanation of terms'),
    item('follow_up', '事后跟进', 'Follow-up'),
  ],
};

/**
 * An item's name in `locale`, as every printed and shown figure names it: from
 * `lists` (the organisation's lists in force; the built-in ones when not
 * given), else the code itself (a code taken off the list stays on the cases
 * that have it, and shows as itself).
 */
export function listItemName(
  lists: AnalysisLists | null | undefined,
  list: AnalysisListName,
  code: string,
  locale: Locale,
): string {
  const item = (lists ?? DEFAULT_ANALYSIS_LISTS)[list].find((i) => i.value === code);
  return item ? item[locale] : code;
}

/**
 * The code of `list` a text names: a code, or a name in either language,
 * compared without case, spaces and full-width forms (an imported log's
 * "贵宾客户", "VIP", "vip "); null when none does.
 */
export function listCodeOf(list: readonly ListItem[], text: string): string | null {
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const t = norm(text);
  if (t === '') return null;
  for (const i of list) if (norm(i.value) === t || norm(i['zh-CN']) === t || norm(i.en) === t) return i.value;
  return null;
}
