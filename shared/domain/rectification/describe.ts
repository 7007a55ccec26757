/**
 * The rectification feature's describer: each event type as one line in
 * zh-CN or English (kernel/describe.ts), for exports and timelines.
 * Runtime-neutral and pure.
 */
import { describers, say, type Words } from '../kernel/describe';
import type { RECT_PAYLOADS, RectPayloadOf, RectScopeDim } from './payloads';

export const SCOPE_WORDS: Readonly<Record<RectScopeDim, Words>> = {
  mainCategory: { 'zh-CN': '投诉大类', en: 'Main category' },
  category: { 'zh-CN': '投诉类别', en: 'Category' },
  failurePoint: { 'zh-CN': '失败点', en: 'Failure point' },
  qualityGap: { 'zh-CN': '质量差距', en: 'Quality gap' },
};

const W = {
  opened: {
    'zh-CN': '立整改项（{dim}：{value}）：问题 {defect}；措施 {measure}；责任人 {owner}；期限 {due}',
    en: 'Rectification opened ({dim}: {value}): defect {defect}; measure {measure}; owner {owner}; due {due}',
  },
  progressed: { 'zh-CN': '整改进展：{note}', en: 'Progress: {note}' },
  completed: { 'zh-CN': '整改完成，佐证：{evidence}', en: 'Completed; evidence: {evidence}' },
  reopened: { 'zh-CN': '整改重新打开：{reason}', en: 'Reopened: {reason}' },
} as const satisfies Record<string, Words>;

export const RECT_DESCRIBERS = describers<{ [T in keyof typeof RECT_PAYLOADS]: RectPayloadOf<T> }>({
  'rect.opened': (p, ctx) =>
    say(W.opened, ctx.locale, {
      dim: SCOPE_WORDS[p.scope.dim][ctx.locale],
      value:
        p.scope.dim === 'category' || p.scope.dim === 'mainCategory'
          ? ctx.label('category', p.scope.value)
          : p.scope.value,
      defect: p.defect,
      measure: p.measure,
      owner: ctx.staffName(p.owner),
      due: ctx.time(p.dueAt),
    }),
  'rect.progressed': (p, ctx) => say(W.progressed, ctx.locale, { note: p.note }),
  'rect.completed': (p, ctx) => say(W.completed, ctx.locale, { evidence: p.evidence }),
  'rect.reopened': (p, ctx) => say(W.reopened, ctx.locale, { reason: p.reason }),
});
