/**
 * Clerk-readable texts for failures the HTTP transport itself detects (before
 * the desk core sees the request). zh-CN first, English second.
 */
import type { CallContext } from '../../shared/contract/api';

export type HostLocale = CallContext['locale'];

/** `en` when Accept-Language starts with "en", otherwise zh-CN (the product's default). */
export function localeFromAcceptLanguage(header: string | string[] | undefined): HostLocale {
  const value = Array.isArray(header) ? header[0] : header;
  return value && value.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

const TEXTS = {
  evidenceTooLarge: {
    'zh-CN': '文件太大，未保存。单个证据文件不能超过 {limit} MB：请压缩照片或截取录音后再添加。',
    en: 'The file is too large, so nothing was saved. One evidence file may be at most {limit} MB: shrink the photo or cut the recording, then add it again.',
  },
  evidenceNotServed: {
    'zh-CN': '这份证据的文件不是允许的类型（按文件内容判断），不能下载。请联系管理员。',
    en: 'The file of this evidence is not an accepted type (judged by its content), so it cannot be downloaded. Contact your administrator.',
  },
  importTooLarge: {
    'zh-CN': '文件“{name}”超过导入上限 {limit} MB，未保存。请按年份或月份拆成几个文件再导入。',
    en: 'File "{name}" is over the {limit} MB import limit, so nothing was kept. Split it by year or month and import each part.',
  },
  importBadHeaders: {
    'zh-CN': '上传的台账缺少文件名，未保存。请通过 Loopdesk 页面选择文件导入。',
    en: 'The uploaded log has no file name, so nothing was kept. Choose the file through the Loopdesk page.',
  },
  evidenceBadHeaders: {
    'zh-CN': '上传的证据缺少投诉单、文件名或类别，未保存。请通过 Loopdesk 页面添加证据。',
    en: 'The evidence upload lacks the case, the file name or the kind, so nothing was saved. Add evidence through the Loopdesk page.',
  },
  malformedJson: {
    'zh-CN': '提交的数据格式有误（不是有效的 JSON），未保存任何内容。请刷新页面后重试。',
    en: 'The request was not valid JSON, so nothing was saved. Reload the page and try again.',
  },
  invalidUtf8: {
    'zh-CN':
      '提交的内容不是有效的 UTF-8 文字（从第 {offset} 个字节起无法识别），未保存任何内容。请检查文字来源后重试。',
    en: 'The request is not valid UTF-8 text (unreadable from byte {offset} on), so nothing was saved. Check where the text came from and try again.',
  },
  tooLarge: {
    'zh-CN': '提交的内容过大（上限 1 MB），未保存任何内容。请删减文字后重试。',
    en: 'The request is too large (limit 1 MB), so nothing was saved. Shorten the text and try again.',
  },
  wrongContentType: {
    'zh-CN': '请求格式不受支持（需要 JSON），未保存任何内容。请通过 Loopdesk 页面操作。',
    en: 'Unsupported request format (JSON is required), so nothing was saved. Use the Loopdesk page.',
  },
  unknownMethod: {
    'zh-CN': '不支持的操作“{method}”。请刷新页面；如果仍然出现，请联系管理员升级 Loopdesk。',
    en: 'Unknown operation "{method}". Reload the page; if this keeps happening, ask your administrator to update Loopdesk.',
  },
  foreignHost: {
    'zh-CN': '拒绝访问：请直接通过 {origin} 打开 Loopdesk。',
    en: 'Access refused: open Loopdesk directly at {origin}.',
  },
  foreignOrigin: {
    'zh-CN': '拒绝访问：该请求不是来自 Loopdesk 页面。',
    en: 'Access refused: this request did not come from the Loopdesk page.',
  },
  sessionRequired: {
    'zh-CN': '请先登录：实时更新只提供给已登录的员工。',
    en: 'Sign in first: live updates are only for a signed-in clerk.',
  },
  badRequest: {
    'zh-CN': '请求无效，未保存任何内容。请刷新页面后重试。',
    en: 'The request was invalid, so nothing was saved. Reload the page and try again.',
  },
  internal: {
    'zh-CN': 'Loopdesk 内部出错，操作可能未完成。请重试；如果反复出现，请联系管理员并提供日志。',
    en: 'Loopdesk hit an internal error and the action may not have completed. Try again; if it keeps happening, contact your administrator with the log.',
  },
  notFound: {
    'zh-CN': '找不到该页面。',
    en: 'Page not found.',
  },
  rendererMissing: {
    'zh-CN': 'Loopdesk 界面尚未构建。请在项目目录运行 npm run build:renderer，然后刷新本页。',
    en: 'The Loopdesk interface has not been built yet. Run npm run build:renderer in the project folder, then reload this page.',
  },
} as const;

export type HostText = keyof typeof TEXTS;

export function hostText(key: HostText, locale: HostLocale, vars: Record<string, string> = {}): string {
  return TEXTS[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** Both languages, zh-CN first, for places that cannot know the reader's locale. */
export function hostTextBoth(key: HostText, vars: Record<string, string> = {}): string {
  return `${hostText(key, 'zh-CN', vars)} / ${hostText(key, 'en', vars)}`;
}
