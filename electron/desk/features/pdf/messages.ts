/** The PDF feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  pdfCaseNotFound: {
    'zh-CN': '找不到这张投诉单，没有生成 PDF。请刷新后再试。',
    en: 'That case could not be found, so no PDF was made. Refresh and try again.',
  },
  pdfFromAfterTo: {
    'zh-CN': '开始日期不能晚于结束日期。',
    en: 'The start date cannot be after the end date.',
  },
});
