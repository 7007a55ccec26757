/**
 * Browser mode's upload of a log to import (issue 13 item 2; docs/import.md).
 * A file never crosses as JSON:
 *
 *   POST /api/import/files   raw bytes (`application/octet-stream`), with
 *                            `x-loopdesk-name` (percent-encoded UTF-8) and
 *                            `Authorization: Bearer`. The session is checked
 *                            before a byte is kept (401); the body is read up
 *                            to IMPORT_MAX_BYTES (past it: 413, nothing kept);
 *                            the core stages it for a supervisor or admin
 *                            (403 otherwise) and the answer is its
 *                            Result<StagedImportFile>, whose `fileId` the
 *                            import methods take.
 */
import type { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { bearerToken } from '../../shared/contract/bearer';
import type { CallContext } from '../../shared/contract/api';
import { err, type Result } from '../../shared/contract/result';
import { IMPORT_MAX_BYTES, type DeskCore } from '../desk';
import { hostText, localeFromAcceptLanguage } from './messages';

function decoded(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  try {
    return decodeURIComponent(v);
  } catch {
    return null;
  }
}

function answer(reply: FastifyReply, r: Result<unknown>) {
  const code = r.ok ? null : r.error.code;
  const status =
    code === null
      ? 200
      : code === 'unauthenticated'
        ? 401
        : code === 'forbidden'
          ? 403
          : code === 'too_large'
            ? 413
            : 400;
  return reply.code(status).header('cache-control', 'no-store').send(r);
}

/**
 * The body, or null once it passed `limit` bytes: from there on the rest is
 * read and dropped (not kept), so the client sees the answer rather than a
 * reset connection.
 */
function readLimited(body: Readable, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    let parts: Buffer[] | null = [];
    let seen = 0;
    body.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (parts === null) return;
      if (seen > limit) {
        parts = null;
        resolve(null);
        return;
      }
      parts.push(chunk);
    });
    body.on('end', () => resolve(parts === null ? null : Buffer.concat(parts)));
    body.on('error', reject);
  });
}

export function importFileRoutes(
  desk: Pick<DeskCore, 'call' | 'imports'>,
  maxBytes: number = IMPORT_MAX_BYTES,
): FastifyPluginAsync {
  return async (scope) => {
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
    // The file as bytes only: JSON here would be parsed (to the route's large limit, before any
    // sign-in check) and then fail; without its parser it is a 415 before the body is read.
    scope.removeContentTypeParser('application/json');
    scope.post('/api/import/files', { bodyLimit: maxBytes + 1 }, async (req, reply) => {
      const locale = localeFromAcceptLanguage(req.headers['accept-language']);
      const ctx: CallContext = { session: bearerToken(req.headers.authorization), locale };
      const name = decoded(req.headers['x-loopdesk-name']);
      const body = req.body as Readable | undefined;
      const me = await desk.call('auth.me', {}, ctx);
      if (!me.ok) {
        body?.resume();
        return answer(reply, me);
      }
      if (name === null || name.trim() === '' || body === undefined) {
        body?.resume();
        return answer(reply, err('invalid_input', hostText('importBadHeaders', locale)));
      }
      const bytes = await readLimited(body, maxBytes);
      if (bytes === null) {
        reply.header('connection', 'close');
        const mb = String(Math.floor(maxBytes / 1048576));
        return answer(reply, err('too_large', hostText('importTooLarge', locale, { name, limit: mb })));
      }
      return answer(reply, await desk.imports.stage(name, bytes, ctx));
    });
  };
}
