/**
 * Issue 14's tag events as one line each (./tags.ts), joined into the case
 * describer (./describe.ts CASE_DESCRIBERS), so timelines and exports show
 * them. A failure point's name comes from the organisation's list when the
 * caller's context offers it (`listName`: exports, dossiers), else from the
 * default list; a code nobody names shows as itself. Runtime-neutral and pure.
 */
import { say, type DescribeContext, type Words } from '../kernel/describe';
import type { Locale } from '../kernel/locale';
import type { CasePayloadOf } from './payloads';
import { DEFAULT_FAILURE_POINTS, type QualityGap } from './tags';

export const QUALITY_GAP_WORDS: Readonly<Record<QualityGap, Words>> = {
  expectation_unknown: { 'zh-CN': '不了解顾客期望', en: 'Customer expectation not known' },
  standard_missing: { 'zh-CN': '服务标准不当', en: 'No proper service standard' },
  standard_not_delivered: { 'zh-CN': '服务传递不力', en: 'Standard not delivered' },
  promise_mismatch: { 'zh-CN': '承诺与实际不符', en: 'Promise not matching delivery' },
};

const W = {
  failurePoint: { 'zh-CN': '失败点：{value}', en: 'Failure point: {value}' },
  qualityGap: { 'zh-CN': '质量差距：{value}', en: 'Quality gap: {value}' },
  cleared: { 'zh-CN': '（已清除）', en: '(cleared)' },
  responsible: {
    'zh-CN': '责任认定：{name} 负有责任',
    en: 'Responsibility decided: {name} held responsible',
  },
  nobody: { 'zh-CN': '责任认定：无人担责', en: 'Responsibility decided: nobody held responsible' },
  note: { 'zh-CN': '说明：{note}', en: 'Note: {note}' },
} as const satisfies Record<string, Words>;

/** A failure point's name in `locale` (the default list's, else the code itself). */
export function failurePointName(code: string, locale: Locale): string {
  const d = DEFAULT_FAILURE_POINTS.find((f) => f.code === code);
  return d === undefined ? code : locale === 'en' ? d.en : d.zh;
}

const join = (parts: string[], l: Locale) => parts.join(l === 'en' ? '. ' : '；');

export const TAG_DESCRIBERS = {
  'case.tagged': (p: CasePayloadOf<'case.tagged'>, ctx: DescribeContext): string => {
    const l = ctx.locale;
    const parts: string[] = [];
    if (p.failurePoint !== undefined)
      parts.push(
        say(W.failurePoint, l, {
          value:
            p.failurePoint === null
              ? W.cleared[l]
              : (ctx.listName?.('failurePoints', p.failurePoint) ?? failurePointName(p.failurePoint, l)),
        }),
      );
    if (p.qualityGap !== undefined)
      parts.push(
        say(W.qualityGap, l, {
          value: p.qualityGap === null ? W.cleared[l] : QUALITY_GAP_WORDS[p.qualityGap][l],
        }),
      );
    return join(parts, l);
  },
  'case.responsibility_decided': (
    p: CasePayloadOf<'case.responsibility_decided'>,
    ctx: DescribeContext,
  ): string => {
    const l = ctx.locale;
    const head =
      p.responsible === null
        ? say(W.nobody, l)
        : say(W.responsible, l, { name: ctx.staffName(p.responsible) });
    return p.note.trim() === '' ? head : join([head, say(W.note, l, { note: p.note })], l);
  },
};
