/**
 * Request bodies are UTF-8 or refused: a lenient decoder would turn broken
 * bytes into U+FFFD and the desk would store text nobody wrote. The refusal
 * says at which byte the body went wrong (shared/domain/kernel/text.ts).
 */
import { utf8ErrorOffset } from '../../shared/domain/kernel/text';

/** The error the body parser hands Fastify; the host's error handler turns it into a 400. */
export class InvalidUtf8Error extends Error {
  readonly code = 'LD_INVALID_UTF8';
  readonly statusCode = 400;
  constructor(readonly offset: number) {
    super(`request body is not valid UTF-8 from byte ${offset}`);
    this.name = 'InvalidUtf8Error';
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as text; throws InvalidUtf8Error when it is not well-formed UTF-8. */
export function utf8Body(body: Buffer | string): string {
  if (typeof body === 'string') return body;
  try {
    return decoder.decode(body);
  } catch {
    throw new InvalidUtf8Error(utf8ErrorOffset(body) ?? 0);
  }
}
