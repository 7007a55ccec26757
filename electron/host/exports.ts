/**
 * Browser mode's download of a file an export job made (issue 13;
 * docs/exports.md, decision 0018's "files never cross DeskApi as JSON"):
 *
 *   GET /api/jobs/<jobId>/file   `Authorization: Bearer`; `export.get`
 *                                decides (session, supervisor or admin, an
 *                                export job), then the finished file streams
 *                                from disk as an attachment (RFC 5987 name,
 *                                `nosniff`, never buffered).
 */
import { createReadStream, existsSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { bearerToken } from '../../shared/contract/bearer';
import type { CallContext } from '../../shared/contract/api';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import { err } from '../../shared/contract/result';
import type { DeskCore } from '../desk';
import { hostText, localeFromAcceptLanguage } from './messages';
import { attachmentDisposition } from './policy';

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export function exportRoutes(desk: Pick<DeskCore, 'call' | 'exports'>): FastifyPluginAsync {
  return async (scope) => {
    scope.get<{ Params: { jobId: string } }>('/api/jobs/:jobId/file', async (req, reply) => {
      const locale = localeFromAcceptLanguage(req.headers['accept-language']);
      const ctx: CallContext = { session: bearerToken(req.headers.authorization), locale };
      const job = await desk.call('export.get', { jobId: req.params.jobId }, ctx);
      if (!job.ok) {
        const code = job.error.code;
        const status =
          code === 'unauthenticated' ? 401 : code === 'forbidden' ? 403 : code === 'not_found' ? 404 : 400;
        return reply.code(status).header('cache-control', 'no-store').send(job);
      }
      const made = (job.value as JobSummary).result?.file;
      const file = made ? desk.exports.file(made.id) : null;
      // Gone from the disk (removed by hand, a cleaner): not found, as a dropped job's file is.
      if (!file || !existsSync(file.path)) {
        return reply
          .code(404)
          .header('cache-control', 'no-store')
          .send(err('not_found', hostText('notFound', locale)));
      }
      const ext = file.name.slice(file.name.lastIndexOf('.') + 1);
      return reply
        .code(200)
        .header('cache-control', 'no-store')
        .header('content-disposition', attachmentDisposition(file.name))
        .header('content-length', String(file.bytes))
        .type(CONTENT_TYPES[ext] ?? 'application/octet-stream')
        .send(createReadStream(file.path));
    });
  };
}
