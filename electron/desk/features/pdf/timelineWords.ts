/**
 * The timeline's line for each case event, until the features' describers
 * (shared/domain/describers.ts, the export part) are composed in: the desk
 * hands the PDF service its `describe`, and this is the one it hands today.
 * What happened, in a few words; the details are in the dossier's sections
 * (steps, notes, contacts, callbacks, evidence, escalation).
 */
import type { TimelineEntry } from '../../../../shared/contract/methods/cases';
import type { HandlingScript } from '../../../../shared/domain/cases/script';
import { stepTitle } from '../../../../shared/domain/cases/scriptRules';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import type { Words } from './words';

const LINES: Readonly<Record<string, Words>> = {
  'case.opened': { 'zh-CN': '受理登记 {number}', en: 'Case {number} opened' },
  'case.step_recorded': { 'zh-CN': '记录第 {step} 步（{title}）', en: 'Step {step} ({title}) recorded' },
  'case.note_added': { 'zh-CN': '备注：{text}', en: 'Note: {text}' },
  'case.field_set': { 'zh-CN': '修改 {field}', en: '{field} changed' },
  'case.closed': { 'zh-CN': '结案', en: 'Case closed' },
  'case.reopened': { 'zh-CN': '重新打开：{reason}', en: 'Reopened: {reason}' },
  'case.paused': { 'zh-CN': '暂停处理', en: 'Handling paused' },
  'case.resumed': { 'zh-CN': '恢复处理', en: 'Handling resumed' },
  'case.contact_attempted': { 'zh-CN': '联系客户', en: 'Customer contacted' },
  'case.action_added': { 'zh-CN': '新增整改措施', en: 'Action added' },
  'case.action_done': { 'zh-CN': '整改措施完成', en: 'Action done' },
  'case.callback_recorded': { 'zh-CN': '回访', en: 'Callback recorded' },
  'case.evidence_added': { 'zh-CN': '添加证据：{name}', en: 'Evidence added: {name}' },
  'case.classified': { 'zh-CN': '定性', en: 'Classified' },
  'case.escalated': { 'zh-CN': '升级', en: 'Escalated' },
  'case.escalation_reviewed': { 'zh-CN': '升级复核', en: 'Escalation reviewed' },
  'case.malice_suspected': { 'zh-CN': '疑似恶意投诉', en: 'Suspected malicious claim' },
  'case.malice_facts_recorded': { 'zh-CN': '记录恶意投诉事实', en: 'Malicious-claim facts recorded' },
  'case.malice_determined': { 'zh-CN': '恶意投诉认定', en: 'Malicious claim determined' },
};

const UNKNOWN: Words = {
  'zh-CN': '（本版本无法显示的记录：{type}）',
  en: '(a record this version cannot show: {type})',
};

function field(payload: unknown, key: string): string {
  if (typeof payload !== 'object' || payload === null) return '';
  const v = (payload as Record<string, unknown>)[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** A describer over the case events, for the PDF service's `describe`. */
export function caseTimelineLine(script: HandlingScript) {
  return (e: TimelineEntry, locale: Locale): string => {
    const words = Object.prototype.hasOwnProperty.call(LINES, e.type) ? LINES[e.type] : undefined;
    const step = field(e.payload, 'step');
    const params: Record<string, string> = {
      number: field(e.payload, 'number'),
      step,
      title: step ? stepTitle(script, Number(step), locale) : '',
      text: field(e.payload, 'text'),
      field: field(e.payload, 'field'),
      reason: field(e.payload, 'reason'),
      name: field(e.payload, 'name'),
      type: e.type,
    };
    return (words ?? UNKNOWN)[locale].replace(/\{(\w+)\}/g, (_m, k: string) => params[k] ?? '');
  };
}
