/** The case library's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  itemNotFound: {
    'zh-CN': '找不到这条案例、应答口径或预案，可能尚未同步到本机。',
    en: 'That library entry, standard answer or plan could not be found; it may not have synced to this desk yet.',
  },
  itemRetired: {
    'zh-CN': '这一条已经停用，不能再修改。如需要，请新建一条。',
    en: 'This item has been retired and can no longer be changed. Write a new one if needed.',
  },
  wrongKind: {
    'zh-CN': '这个编号属于另一类条目（案例、应答口径或预案），不能这样修改。',
    en: 'This id belongs to another kind of item (entry, standard answer or plan) and cannot be changed this way.',
  },
  caseNotFound: {
    'zh-CN': '找不到这件投诉，无法据此写入案例库。',
    en: 'That complaint could not be found, so no library entry can be written from it.',
  },
  caseNotClosed: {
    'zh-CN': '只有已结案的投诉才能写入案例库。请先结案。',
    en: 'Only a closed complaint can be written up in the case library. Close it first.',
  },
  unknownCategory: {
    'zh-CN': '没有这个投诉分类，请从列表中选择。',
    en: 'Unknown complaint category: choose one from the list.',
  },
  blank: { 'zh-CN': '请填写此项。', en: 'Fill this in.' },
  oneLine: {
    'zh-CN': '此项只能写一行，请去掉换行和制表符。',
    en: 'This must be one line: remove line breaks and tabs.',
  },
  noTabs: {
    'zh-CN': '请去掉制表符（Tab），可以用换行分段。',
    en: 'Remove the tab characters; use line breaks for paragraphs.',
  },
});
export type LibraryMessageKey = Parameters<typeof messages.msg>[1];
