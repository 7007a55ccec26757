/**
 * The names of the analysis's dimensions (breakdowns, cross-tab rows, a
 * drill-down's values), in zh-CN and English: one table for the printed
 * reports (electron/desk/features/reports) and the PDF listing's selection
 * line (electron/desk/features/pdf), which may not import each other.
 */
import type { Words } from '../kernel/describe';
import type { DrillDimension } from './drill';

export const DIMENSION_WORDS: Readonly<Record<DrillDimension, Words>> = {
  mainCategory: { 'zh-CN': '大类', en: 'Main category' },
  category: { 'zh-CN': '类别', en: 'Category' },
  channel: { 'zh-CN': '受理渠道', en: 'Channel' },
  severity: { 'zh-CN': '级别', en: 'Severity' },
  status: { 'zh-CN': '状态', en: 'Status' },
  owner: { 'zh-CN': '首问负责人', en: 'Owner (first receiver)' },
  gender: { 'zh-CN': '性别', en: 'Gender' },
  returning: { 'zh-CN': '新/老客户', en: 'New or returning' },
  region: { 'zh-CN': '地区', en: 'Region' },
  customerLevel: { 'zh-CN': '客户等级', en: 'Customer level' },
  nature: { 'zh-CN': '定性', en: 'Nature' },
  failurePoint: { 'zh-CN': '服务失误点', en: 'Failure point' },
  branch: { 'zh-CN': '网点', en: 'Branch' },
  complainantType: { 'zh-CN': '客户投诉类型', en: 'Complainant type' },
  sharedCustomer: { 'zh-CN': '其他业务线共有客户', en: 'Shared with another business line' },
  qualityGap: { 'zh-CN': '质量差距', en: 'Quality gap' },
  escalationLevel: { 'zh-CN': '升级层级', en: 'Escalation level' },
  responsible: { 'zh-CN': '责任人', en: 'Held responsible' },
  month: { 'zh-CN': '月份', en: 'Month' },
};
