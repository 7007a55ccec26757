/** The drafts feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  draftKeyNotPrintable: {
    'zh-CN': '草稿名称只能含可打印字符，不能有制表符或换行，本次没有保存草稿。',
    en: 'A draft name may hold printable characters only, no tabs or line breaks. The draft was not saved.',
  },
  draftTooLarge: {
    'zh-CN': '草稿太长（超过 {kib} KB），本次没有保存草稿。请先记录已填写的内容，或删去一部分再继续。',
    en: 'The draft is too long (over {kib} KB), so it was not saved. Record what you have typed, or shorten it, then go on.',
  },
});
