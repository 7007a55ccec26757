/**
 * The exports feature's entry (issue 13; docs/exports.md): CSV and XLSX of
 * the case log as jobs. The desk composes the case list's query into it
 * (electron/desk/exportCases.ts), since a feature imports no other.
 */
export { exportHandlers as handlers } from './handlers';
export { Exports, type ExportsOptions } from './service';
export { rowContext } from './context';
export { exportThreadLimits } from './thread';
export type { CaseLister, PagedCase } from './job';
export { writeWorkbook, type WorkbookTable } from './workbook';
export type { XlsxCell } from './xlsx';
