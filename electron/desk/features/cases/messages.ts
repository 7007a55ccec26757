/** The case feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  caseNotFound: {
    'zh-CN': '找不到这张投诉单，请确认后重试。',
    en: 'That case could not be found. Check it and try again.',
  },
  caseClosed: {
    'zh-CN': '这张投诉单已经结案，不能再修改；如需继续处理，请主管重新打开。',
    en: 'This case is closed and cannot be changed. Ask a supervisor to reopen it if more work is needed.',
  },
  caseAlreadyClosed: { 'zh-CN': '这张投诉单已经结案。', en: 'This case is already closed.' },
  caseNotClosed: {
    'zh-CN': '这张投诉单还没有结案，无需重新打开。',
    en: 'This case is not closed, so there is nothing to reopen.',
  },
  stepOrder: {
    'zh-CN': '第 {step} 步还不能记录：请先完成第 {missing} 步',
    en: "Step {step} can't be recorded yet: finish step {missing} first",
  },
  closeNeedsReason: {
    'zh-CN': '第 6 步还没有记录：提前结案必须填写原因。',
    en: 'Step 6 is not recorded yet: give a reason to close the case early.',
  },
  unknownChannel: {
    'zh-CN': '没有这个受理渠道，请从列表中选择。',
    en: 'Unknown channel: choose one from the list.',
  },
  unknownCategory: {
    'zh-CN': '没有这个投诉类别，请从列表中选择。',
    en: 'Unknown category: choose one from the list.',
  },
  unknownSeverity: {
    'zh-CN': '没有这个严重程度，请从列表中选择。',
    en: 'Unknown severity: choose one from the list.',
  },
  unknownStaff: { 'zh-CN': '没有这位员工。', en: 'No such staff member.' },
  cannotClear: { 'zh-CN': '这一项不能清空。', en: 'This field cannot be cleared.' },
  receivedInFuture: {
    'zh-CN': '受理时间不能晚于当前时间。',
    en: 'The time received cannot be in the future.',
  },
  fromAfterTo: { 'zh-CN': '开始时间不能晚于结束时间。', en: 'The start must not be after the end.' },
  badCursor: {
    'zh-CN': '翻页标记无效，请从第一页重新查询。',
    en: 'Invalid page cursor: start again from the first page.',
  },
});
