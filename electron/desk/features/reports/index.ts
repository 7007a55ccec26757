/**
 * The reports feature's entry (issue 14 item 5; docs/analysis.md "Reports"):
 * 投诉分析报告, 回访分析报告 and 履诺分析报告 as PDF or XLSX jobs. The desk
 * composes the analysis runner, the PDF printer and the XLSX writer into it
 * (electron/desk/reportOutputs.ts), since a feature imports no other.
 */
export { reportHandlers as handlers } from './handlers';
export { Reports, type ReportsOptions, type ReportFor, type MadeReport } from './service';
export type { ReportPage } from './html';
export type { Sheet } from './sheets';
