/** The work feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  alertNotFound: {
    'zh-CN': '找不到这条提醒，可能已被处理。',
    en: 'That alert could not be found; it may have been dealt with already.',
  },
  caseNotFoundForWork: {
    'zh-CN': '找不到这张投诉单，请确认后重试。',
    en: 'That case could not be found. Check it and try again.',
  },
});
