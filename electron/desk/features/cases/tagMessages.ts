/** Messages of issue 14's tags and accountability on a case (./tags.ts), zh-CN first; the kernel's are included. */
import { extendMessages } from '../../kernel/messages';

export const tagMessages = extendMessages({
  tagNothing: {
    'zh-CN': '请选择失败点或质量差距。',
    en: 'Choose a failure point or a quality gap.',
  },
  unknownFailurePoint: {
    'zh-CN': '没有这个失败点，请从列表中选择。',
    en: 'Unknown failure point: choose one from the list.',
  },
  qualityGapSupervisor: {
    'zh-CN': '质量差距只能由主管或管理员判定。请联系主管。',
    en: 'Only a supervisor or an administrator may judge the quality gap. Ask a supervisor.',
  },
  unknownStaff: {
    'zh-CN': '找不到这位员工，请从名单中选择。',
    en: 'That staff member could not be found: choose one from the list.',
  },
  tagsUnchanged: {
    'zh-CN': '与当前记录相同，无需保存。',
    en: 'That is already recorded: nothing to save.',
  },
});
