/**
 * The browser-mode host's static files: the built renderer (dist/renderer)
 * with an SPA fallback to index.html, long-lived caching for hashed assets,
 * a page that says how to build it when it is missing, and a transport
 * error for anything under /api that is not a route. ./server.ts serves it
 * with `serveRenderer(app, staticDir)` after its guards and headers.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { hostText } from './messages';
import { localeOf, transportError } from './replies';

/** `<repo>/dist/renderer`, found relative to this file (electron/host/staticFiles.ts). */
export function defaultStaticDir(): string {
  return fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

function rendererMissingPage(): string {
  const zh = hostText('rendererMissing', 'zh-CN');
  const en = hostText('rendererMissing', 'en');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Loopdesk</title></head>
<body><h1>Loopdesk</h1><p>${zh}</p><p lang="en">${en}</p><pre>npm run build:renderer</pre></body></html>
`;
}

/** Serves the built renderer at `GET /*` (an /api path there is an unknown method). */
export function serveRenderer<Logger extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>,
  staticDir: string,
): void {
  const indexFile = path.join(staticDir, 'index.html');

  async function sendFile(reply: FastifyReply, file: string, cache: string): Promise<FastifyReply> {
    const data = await readFile(file);
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return reply.code(200).header('cache-control', cache).type(type).send(data);
  }

  async function isFile(file: string): Promise<boolean> {
    try {
      return (await stat(file)).isFile();
    } catch {
      return false;
    }
  }

  app.get('/*', async (req, reply) => {
    const locale = localeOf(req);
    const rawPath = req.url.split('?')[0] ?? '/';
    if (rawPath === '/api' || rawPath.startsWith('/api/')) {
      return transportError(reply, 404, 'unknown_method', 'unknownMethod', locale, { method: rawPath });
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return transportError(reply, 400, 'invalid_input', 'badRequest', locale);
    }
    if (decoded.includes('\0')) return transportError(reply, 400, 'invalid_input', 'badRequest', locale);

    const target = path.resolve(staticDir, `.${path.posix.normalize(decoded)}`);
    const inside = target === staticDir || target.startsWith(staticDir + path.sep);
    if (inside && target !== staticDir && (await isFile(target))) {
      const rel = path.relative(staticDir, target).split(path.sep).join('/');
      const immutable = rel.startsWith('assets/');
      return sendFile(reply, target, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    // A missing file with an extension is a real 404; anything else is a client-side route.
    if (path.posix.extname(decoded) !== '' && decoded !== '/index.html') {
      return reply.code(404).type('text/plain; charset=utf-8').send(hostText('notFound', locale));
    }
    if (existsSync(indexFile)) return sendFile(reply, indexFile, 'no-cache');
    return reply
      .code(503)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(rendererMissingPage());
  });
}
