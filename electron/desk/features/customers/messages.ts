/** The customers feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  historyNeedsKey: {
    'zh-CN': '请输入至少 {digits} 位数字的电话号码，或客户姓名，才能查询历史投诉。',
    en: "Type a phone number of at least {digits} digits, or the customer's name, to look up earlier complaints.",
  },
  historyCaseNotFound: {
    'zh-CN': '本机没有这张投诉单，无法查看该客户此前的记录。',
    en: "This desk does not hold that case, so the customer's earlier record cannot be shown.",
  },
});
