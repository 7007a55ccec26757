/**
 * The browser-mode host's answers that are not a DeskApi Result from the
 * core: the caller's locale, and a transport error as a Result in that
 * locale (./messages.ts). Shared by the host's routes (./server.ts,
 * ./staticFiles.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { err, type Err, type ErrorCode } from '../../shared/contract/result';
import { hostText, localeFromAcceptLanguage, type HostLocale, type HostText } from './messages';

export function localeOf(req: FastifyRequest): HostLocale {
  return localeFromAcceptLanguage(req.headers['accept-language']);
}

export function transportError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  text: HostText,
  locale: HostLocale,
  vars?: Record<string, string>,
): FastifyReply {
  const body: Err = err(code, hostText(text, locale, vars));
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(body);
}
