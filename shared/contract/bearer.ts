/**
 * The token of an `Authorization: Bearer <token>` header, or null when there
 * is none. Used by the desk's browser-mode host and the sync server alike.
 */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}
