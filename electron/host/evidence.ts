/**
 * Browser mode's evidence routes (issue 12; docs/evidence.md). A file never
 * crosses as JSON:
 *
 *   POST /api/evidence        raw bytes (`application/octet-stream`), with
 *                             `x-loopdesk-case` (case id), `x-loopdesk-name`
 *                             and `x-loopdesk-note` (percent-encoded UTF-8),
 *                             `x-loopdesk-kind`; `Authorization: Bearer`.
 *                             Streamed into a staged file of the core, cut off
 *                             past the 20 MiB limit (413, nothing kept), then
 *                             `case.evidence.add` decides: the answer is its
 *                             Result. The staged file is always removed.
 *   GET  /api/evidence/<sha256>?case=<id>
 *                             `case.evidence.open` (session, case, fetch when
 *                             missing), then the file as a download:
 *                             `Content-Disposition: attachment` with an
 *                             RFC 5987 name, `nosniff` (on every answer);
 *                             the type re-read from the bytes (415 when off
 *                             the allow-list) is the Content-Type, and the
 *                             name's extension is that type's.
 *
 * The custom headers and the octet-stream type make any cross-site request
 * a preflighted one, which the Origin check refuses anyway.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../../shared/contract/bearer';
import type { CallContext } from '../../shared/contract/api';
import type { EvidenceView } from '../../shared/contract/methods/evidence';
import { err } from '../../shared/contract/result';
import { SYNC_LIMITS } from '../../shared/contract/sync';
import type { DeskCore } from '../desk';
import { hostText, localeFromAcceptLanguage, type HostLocale } from './messages';
import { attachmentDisposition } from './policy';

const SHA256 = /^[0-9a-f]{64}$/;

class TooLarge extends Error {}

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

function decoded(v: string | null): string | null {
  if (v === null) return null;
  try {
    return decodeURIComponent(v);
  } catch {
    return null;
  }
}

function refuse(reply: FastifyReply, status: number, code: 'too_large' | 'invalid_input', message: string) {
  return reply.code(status).header('cache-control', 'no-store').send(err(code, message));
}

export function evidenceRoutes(desk: Pick<DeskCore, 'call' | 'evidence'>): FastifyPluginAsync {
  return async (scope) => {
    // The raw request stream, read below with the size limit enforced as it arrives.
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
    // The file as bytes only: JSON here would be parsed (to the route's large limit, before any
    // sign-in check) and then fail; without its parser it is a 415 before the body is read.
    scope.removeContentTypeParser('application/json');

    scope.post('/api/evidence', { bodyLimit: SYNC_LIMITS.attachmentBytes + 1 }, async (req, reply) => {
      const locale: HostLocale = localeFromAcceptLanguage(req.headers['accept-language']);
      const ctx: CallContext = { session: bearerToken(req.headers.authorization), locale };
      const caseId = header(req, 'x-loopdesk-case');
      const name = decoded(header(req, 'x-loopdesk-name'));
      const kind = header(req, 'x-loopdesk-kind');
      const note = decoded(header(req, 'x-loopdesk-note') ?? '');
      const body = req.body as Readable | undefined;
      if (caseId === null || name === null || kind === null || note === null || body === undefined) {
        body?.resume();
        return refuse(reply, 400, 'invalid_input', hostText('evidenceBadHeaders', locale));
      }
      // Signed in before a byte is kept.
      const me = await desk.call('auth.me', {}, ctx);
      if (!me.ok) {
        body.resume();
        return reply.code(401).header('cache-control', 'no-store').send(me);
      }
      const staged = desk.evidence.stage();
      try {
        let seen = 0;
        const limit = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            seen += chunk.length;
            if (seen > SYNC_LIMITS.attachmentBytes) cb(new TooLarge());
            else cb(null, chunk);
          },
        });
        try {
          await pipeline(body, limit, createWriteStream(staged.path, { flags: 'wx', mode: 0o600 }));
        } catch (e) {
          if (e instanceof TooLarge) {
            const limitMb = String(SYNC_LIMITS.attachmentBytes / (1024 * 1024));
            reply.header('connection', 'close');
            return refuse(reply, 413, 'too_large', hostText('evidenceTooLarge', locale, { limit: limitMb }));
          }
          throw e;
        }
        const result = await desk.call(
          'case.evidence.add',
          { caseId, upload: staged.id, name, kind, note },
          ctx,
        );
        return reply.code(200).header('cache-control', 'no-store').send(result);
      } finally {
        desk.evidence.discard(staged.id);
      }
    });

    scope.get<{ Params: { sha256: string }; Querystring: { case?: string } }>(
      '/api/evidence/:sha256',
      async (req, reply) => {
        const locale: HostLocale = localeFromAcceptLanguage(req.headers['accept-language']);
        const ctx: CallContext = { session: bearerToken(req.headers.authorization), locale };
        const sha256 = req.params.sha256;
        const caseId = typeof req.query.case === 'string' ? req.query.case : '';
        if (!SHA256.test(sha256)) return refuse(reply, 400, 'invalid_input', hostText('badRequest', locale));
        const opened = await desk.call('case.evidence.open', { caseId, sha256 }, ctx);
        if (!opened.ok) {
          const status =
            opened.error.code === 'unauthenticated'
              ? 401
              : opened.error.code === 'unavailable'
                ? 503
                : opened.error.code === 'not_found'
                  ? 404
                  : 400;
          return reply.code(status).header('cache-control', 'no-store').send(opened);
        }
        const view = opened.value as EvidenceView;
        // The type served is the one the bytes are, and so is the name's extension.
        const served = desk.evidence.served(sha256, view.name);
        if (served === null)
          return reply
            .code(415)
            .header('cache-control', 'no-store')
            .send(err('invalid_input', hostText('evidenceNotServed', locale)));
        return reply
          .code(200)
          .header('cache-control', 'no-store')
          .header('content-disposition', attachmentDisposition(served.fileName))
          .header('content-length', String(view.size))
          .type(served.mime)
          .send(createReadStream(served.path));
      },
    );
  };
}
