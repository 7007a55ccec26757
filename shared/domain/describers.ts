/**
 * The composition root of the describers (kernel/describe.ts): every
 * feature's table of event type -> line, joined into one registry, as
 * events.ts joins the payloads. An export, a dossier or a timeline renders
 * an event through `describeEvent` and never names a type, so a feature's new
 * event type appears in them once the feature describes it; a type nobody
 * describes (a newer app's, a newer schema) gets a generic line.
 *
 * Adding a feature's describer: export its table from
 * shared/domain/<feature>/describe.ts and spread it in here
 * (docs/adding-a-feature.md). Runtime-neutral: no Node, no DOM.
 */
import { CASE_DESCRIBERS } from './cases/describe';
import { RECT_DESCRIBERS } from './rectification/describe';
import { CURRENT_EVENT_SCHEMA } from './kernel/envelope';
import { say, type DescribeContext, type DescriberTable } from './kernel/describe';

/** Event type -> describer, every feature's. */
export const DESCRIBERS: DescriberTable = {
  ...CASE_DESCRIBERS,
  ...RECT_DESCRIBERS, // issue 14
};

const GENERIC = {
  'zh-CN': '（本版本无法显示的记录：{type}）',
  en: '(a record this version cannot show: {type})',
} as const;

/**
 * One line for an event: its feature's describer, or the generic line when
 * no describer knows its type, its schema is newer than this version's, or
 * its payload does not have the shape the describer expects.
 */
export function describeEvent(
  e: { type: string; schema: number; payload: unknown },
  ctx: DescribeContext,
  table: DescriberTable = DESCRIBERS,
): string {
  const d = Object.prototype.hasOwnProperty.call(table, e.type) ? table[e.type] : undefined;
  if (d && e.schema <= CURRENT_EVENT_SCHEMA) {
    try {
      return d(e.payload, ctx);
    } catch {
      // A payload this version cannot read: the generic line below.
    }
  }
  return say(GENERIC, ctx.locale, { type: e.type });
}
