/** The rectification feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  itemNotFound: {
    'zh-CN': '找不到这个整改项，请刷新后重试。',
    en: 'That rectification item could not be found. Refresh and try again.',
  },
  unknownOwner: {
    'zh-CN': '找不到这位责任人，请从员工名单中选择。',
    en: 'That owner could not be found: choose a staff member from the list.',
  },
  ownerDisabled: {
    'zh-CN': '这位员工已停用，不能作为整改责任人。',
    en: 'That staff member is disabled and cannot own a rectification item.',
  },
  duePast: {
    'zh-CN': '整改期限不能早于现在。',
    en: 'The due date cannot be in the past.',
  },
  unknownCategory: {
    'zh-CN': '没有这个投诉类别，请从列表中选择。',
    en: 'Unknown category: choose one from the list.',
  },
  unknownFailurePoint: {
    'zh-CN': '没有这个失败点，请从列表中选择。',
    en: 'Unknown failure point: choose one from the list.',
  },
  unknownQualityGap: {
    'zh-CN': '没有这个质量差距，请从列表中选择。',
    en: 'Unknown quality gap: choose one from the list.',
  },
  notOwner: {
    'zh-CN': '只有整改责任人或主管可以记录进展。',
    en: 'Only the item’s owner or a supervisor may record progress.',
  },
  alreadyDone: {
    'zh-CN': '这个整改项已经完成；如需继续，请先重新打开。',
    en: 'This item is already completed. Reopen it first if more work is needed.',
  },
  notDone: {
    'zh-CN': '这个整改项尚未完成，无需重新打开。',
    en: 'This item is not completed, so there is nothing to reopen.',
  },
});
