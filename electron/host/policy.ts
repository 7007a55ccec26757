/**
 * Pure request policy of the browser-mode host (DNS-rebinding and cross-origin
 * guards); test/unit/security.test.ts exercises it in plain Node.
 */

/** Browser-mode host: the Host header values accepted (DNS-rebinding guard). */
export function allowedHostHeaders(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** True when the Host header names this host exactly (127.0.0.1 or localhost on our port). */
export function isAllowedHostHeader(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return allowedHostHeaders(port).includes(host.trim().toLowerCase());
}

/** True when an Origin header (if any) is the host's own origin. Absent means same-origin/non-browser. */
export function isAllowedRequestOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedHostHeaders(port).some((h) => origin.trim().toLowerCase() === `http://${h}`);
}

/** `Content-Disposition` of an evidence download: shared with head office (shared/domain/cases/evidenceType.ts). */
export { attachmentDisposition } from '../../shared/domain/cases/evidenceType';
