/** The business-volume feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import type { VolumeLineProblem } from '../../../../shared/domain/volume/lines';
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  negative: { 'zh-CN': '业务量不能为负数。', en: 'A business volume cannot be negative.' },
  too_large: {
    'zh-CN': '数值过大（上限一万亿），请检查单位。',
    en: 'The value is too large (at most a trillion): check the unit.',
  },
  not_whole: {
    'zh-CN': '笔数、工单数、客户数须为整数。',
    en: 'Transactions, work orders and accounts are whole numbers.',
  },
  too_precise: {
    'zh-CN': '金额（万元）最多保留四位小数。',
    en: 'An amount in 10,000 yuan has at most four decimals.',
  },
  importRefused: {
    'zh-CN': '导入的内容有 {count} 处错误，未保存任何数据。第一处：{first}',
    en: 'The text has {count} error(s); nothing was saved. First: {first}',
  },
  line_columns: {
    'zh-CN': '第 {line} 行应为“月份,单位,数值”三列',
    en: 'line {line} should have three columns: month, unit, value',
  },
  line_period: {
    'zh-CN': '第 {line} 行的月份不对（应如 2026-03）',
    en: 'line {line}: the month is not valid (write it as 2026-03)',
  },
  line_unit: {
    'zh-CN':
      '第 {line} 行的单位不认识（可用：保费收入（万元）、营业收入（万元）、业务笔数、维修工单数、客户数）',
    en: 'line {line}: unknown unit (use premium_10k_yuan, revenue_10k_yuan, transactions, work_orders or accounts)',
  },
  line_value: { 'zh-CN': '第 {line} 行的数值不是数字', en: 'line {line}: the value is not a number' },
  line_negative: { 'zh-CN': '第 {line} 行的数值为负', en: 'line {line}: the value is negative' },
  line_too_large: { 'zh-CN': '第 {line} 行的数值过大', en: 'line {line}: the value is too large' },
  line_not_whole: {
    'zh-CN': '第 {line} 行：该单位须为整数',
    en: 'line {line}: this unit takes whole numbers',
  },
  line_too_precise: {
    'zh-CN': '第 {line} 行：金额最多四位小数',
    en: 'line {line}: an amount has at most four decimals',
  },
  line_duplicate: {
    'zh-CN': '第 {line} 行与前面某行是同一月份、同一单位',
    en: 'line {line} repeats the month and unit of an earlier line',
  },
  line_too_many: {
    'zh-CN': '第 {line} 行起超出一次导入的行数上限',
    en: 'from line {line} on, the text has more lines than one import takes',
  },
  line_control: {
    'zh-CN': '第 {line} 行含有不可见的控制字符',
    en: 'line {line} holds invisible control characters',
  },
});

export type VolumeLineMessageKey = `line_${VolumeLineProblem}`;
