/** What a clerk reads from the export feature, in zh-CN first and English second. */
import { extendMessages } from '../../kernel/messages';

const EXPORT_MESSAGES = {
  fromAfterTo: {
    'zh-CN': '开始日期不能晚于结束日期。',
    en: 'The start date cannot be after the end date.',
  },
};

const catalogue = extendMessages(EXPORT_MESSAGES);
export const msg = catalogue.msg;
