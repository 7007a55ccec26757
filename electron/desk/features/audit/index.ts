/** The audit trail (docs/audit-trail.md): what the desk's public entry exports of it. */
export { verifyDesk, type DeskVerifyReport } from './verifyDesk';
export { checkAuditExport, writeAuditExport, type AuditCheck } from './auditExport';
