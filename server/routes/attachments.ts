/**
 * PUT|HEAD /v1/attachments/:sha256 — evidence files, content-addressed and
 * scoped to the caller's branch (../store/attachments.ts). The server hashes
 * what it received and refuses a mismatch; a repeated PUT of bytes the branch
 * already has answers created:false and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { Sha256Hex, SYNC_LIMITS } from '../../shared/contract/sync';
import { SyncHttpError } from '../errors';
import { deviceCaller, invalidRequest, sendOk, type RouteContext } from '../http';
import { sha256Hex } from '../tokens';

function shaParam(params: unknown): string {
  const raw = (params as { sha256?: unknown } | null)?.sha256;
  const parsed = Sha256Hex.safeParse(raw);
  if (!parsed.success) throw invalidRequest('sha256: 64 lower-case hex digits expected');
  return parsed.data;
}

export async function attachmentRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const { store, now } = ctx;

  // Raw bytes only in this plugin's scope: other routes keep JSON-only bodies.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: SYNC_LIMITS.attachmentBytes },
    (_req, body, done) => done(null, body),
  );

  app.put(
    '/v1/attachments/:sha256',
    { config: { auth: 'device' }, bodyLimit: SYNC_LIMITS.attachmentBytes },
    async (req, reply) => {
      const who = deviceCaller(req);
      const sha = shaParam(req.params);
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body)) {
        throw new SyncHttpError(
          'invalid_request',
          '附件须以原始文件内容上传（application/octet-stream）。 / Send the file as raw bytes (application/octet-stream).',
          {},
          415,
        );
      }
      const actual = sha256Hex(body);
      if (actual !== sha) throw new SyncHttpError('hash_mismatch');
      const created = await store.putAttachment(
        who.branch,
        sha,
        body,
        now(),
        ctx.attachments.branchQuotaBytes,
      );
      return sendOk(reply, now, { ok: true, sha256: sha, created });
    },
  );

  app.head('/v1/attachments/:sha256', { config: { auth: 'device' } }, async (req, reply) => {
    const who = deviceCaller(req);
    const sha = shaParam(req.params);
    // Only the caller's branch: another branch's copy is neither shown nor confirmed.
    const found = await store.hasAttachment(who.branch, sha);
    return reply
      .code(found ? 200 : 404)
      .header('cache-control', 'no-store')
      .send();
  });
}
