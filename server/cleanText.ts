/**
 * Clean text at the server's edge (shared/domain/kernel/text.ts): a JSON body
 * must be well-formed UTF-8, and no string in a body or query may carry a
 * control character (other than tab and newline) or an unpaired surrogate.
 * Refusals are 400 invalid_request naming the field; nothing is stored.
 * Push bodies are the exception: their events are checked one by one
 * (store/events.ts), so one bad event never blocks the rest.
 */
import {
  describeCodePoint,
  describeTextProblem,
  firstTextProblemIn,
  joinTextPath,
  utf8ErrorOffset,
} from '../shared/domain/kernel/text';
import { SyncHttpError } from './errors';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A request body as text; throws a 400 when it is not well-formed UTF-8. */
export function utf8Text(body: Buffer | string): string {
  if (typeof body === 'string') return body;
  try {
    return decoder.decode(body);
  } catch {
    const byte = (utf8ErrorOffset(body) ?? 0) + 1;
    throw new SyncHttpError(
      'invalid_request',
      `请求内容不是有效的 UTF-8 文字（从第 ${byte} 个字节起无法识别），服务器未保存任何内容。 / The request body is not valid UTF-8 (unreadable from byte ${byte} on); nothing was stored.`,
    );
  }
}

/** Throws a 400 naming the first field of `value` (a parsed body or query) whose text is refused. */
export function checkCleanText(value: unknown, where: 'body' | 'query'): void {
  const p = firstTextProblemIn(value);
  if (p === null) return;
  const field = joinTextPath(p.path) || where;
  const char = describeCodePoint(p.codePoint);
  const zh = p.kind === 'control' ? `不可见的控制字符 ${char}` : `残缺的字符 ${char}`;
  throw new SyncHttpError(
    'invalid_request',
    `请求中的“${field}”含有${zh}（第 ${p.position} 个字符），服务器未保存任何内容。 / The field "${field}" contains a character that is not allowed (${describeTextProblem(p)}); nothing was stored.`,
  );
}
