/**
 * Loads the handling script and the taxonomy from resources/ and validates
 * them before the desk opens. A broken file stops the desk with a message that
 * names the file and the exact place of every problem, e.g.
 *
 *   resources/script/default.json: steps[2].fields[0].kind: Invalid option: expected one of ...
 *
 * so whoever edited the file can fix it without reading code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { HandlingScript, Taxonomy } from '../../../../shared/domain/cases/script';
import { crossCheckResources } from '../../../../shared/domain/cases/scriptRules';

export const SCRIPT_FILE = path.join('script', 'default.json');
export const TAXONOMY_FILE = path.join('taxonomy', 'default.json');

/** Thrown when a resource file is missing, unreadable, not JSON, or fails its schema. */
export class ScriptLoadError extends Error {
  override readonly name = 'ScriptLoadError';
  /** The first file with a problem, as shown in the message. */
  readonly file: string;
  /** One line per problem: `<file>: <path>: <message>`. */
  readonly issues: string[];

  constructor(file: string, issues: string[]) {
    super(issues.join('\n'));
    this.file = file;
    this.issues = issues;
  }
}

/**
 * The resources folder: `LOOPDESK_RESOURCES` when set, else `resources/` at the
 * repository root (found from this file's location). When this module is
 * bundled somewhere `import.meta.url` is unavailable, fall back to `./resources`
 * under the working directory; packaged builds pass `resourcesDir` explicitly.
 */
export function defaultResourcesDir(): string {
  const fromEnv = process.env.LOOPDESK_RESOURCES;
  if (fromEnv && fromEnv.trim() !== '') return path.resolve(fromEnv);
  const here: unknown = import.meta.url;
  if (typeof here === 'string' && here.startsWith('file:')) {
    return fileURLToPath(new URL('../../../../resources', here));
  }
  return path.resolve(process.cwd(), 'resources');
}

export function loadScriptResources(resourcesDir?: string): { script: HandlingScript; taxonomy: Taxonomy } {
  const dir = resourcesDir ?? defaultResourcesDir();
  const scriptFile = path.join(dir, SCRIPT_FILE);
  const taxonomyFile = path.join(dir, TAXONOMY_FILE);

  const problems: { file: string; lines: string[] }[] = [];
  const script = parseResource(scriptFile, HandlingScript, problems);
  const taxonomy = parseResource(taxonomyFile, Taxonomy, problems);

  if (script && taxonomy) {
    const cross = crossCheckResources(script, taxonomy);
    for (const resource of ['script', 'taxonomy'] as const) {
      const lines = cross
        .filter((i) => i.resource === resource)
        .map(
          (i) =>
            `${displayName(resource === 'script' ? scriptFile : taxonomyFile)}: ${formatPath(i.path)}: ${i.message}`,
        );
      if (lines.length > 0) problems.push({ file: resource === 'script' ? scriptFile : taxonomyFile, lines });
    }
  }

  const first = problems[0];
  if (first || !script || !taxonomy) {
    throw new ScriptLoadError(
      displayName(first?.file ?? scriptFile),
      problems.flatMap((p) => p.lines),
    );
  }
  return { script, taxonomy };
}

// ---------------------------------------------------------------- internals

function parseResource<T>(
  file: string,
  schema: z.ZodType<T>,
  problems: { file: string; lines: string[] }[],
): T | null {
  const name = displayName(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push({ file, lines: [`${name}: cannot read the file (${describeFsError(e)})`] });
    return null;
  }
  // Editors on Windows often save UTF-8 with a byte-order mark; JSON.parse refuses it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    problems.push({ file, lines: [`${name}: ${describeJsonError(text, e)}`] });
    return null;
  }

  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    problems.push({
      file,
      lines: parsed.error.issues.map((issue) =>
        issue.path.length > 0
          ? `${name}: ${formatPath(issue.path)}: ${issue.message}`
          : `${name}: ${issue.message}`,
      ),
    });
    return null;
  }
  return parsed.data;
}

/** `steps[2].fields[0].kind` from `['steps', 2, 'fields', 0, 'kind']`. */
export function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out === '' ? '(root)' : out;
}

/** Path relative to the working directory when inside it, with forward slashes. */
function displayName(file: string): string {
  const rel = path.relative(process.cwd(), file);
  const shown = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  return shown.split(path.sep).join('/');
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'this is a folder, not a file';
  return e instanceof Error ? e.message : String(e);
}

function describeJsonError(text: string, e: unknown): string {
  const found = locateJsonError(text);
  if (found) {
    const { line, column } = lineColumn(text, found.pos);
    return `invalid JSON at line ${line}, column ${column} (position ${found.pos}): ${found.reason}`;
  }
  // The scanner agrees with JSON.parse on everything we know of; keep V8's words short just in case.
  const msg = e instanceof Error ? e.message : String(e);
  return `invalid JSON: ${msg.length > 200 ? `${msg.slice(0, 200)}…` : msg}`;
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

class JsonSyntax extends Error {
  constructor(
    readonly pos: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Where `JSON.parse` would fail and why, in words fit for a message. V8 only
 * sometimes reports a position (and sometimes quotes the whole file instead),
 * so this small scanner finds the first error itself. Null if the text is valid.
 */
export function locateJsonError(text: string): { pos: number; reason: string } | null {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
      i++;
  };
  const fail = (reason: string, at = i): never => {
    throw new JsonSyntax(at, reason);
  };
  const describe = (): string =>
    i >= text.length ? 'the file ends too early' : `unexpected ${JSON.stringify(text[i])}`;

  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else
      fail(
        `unknown word ${JSON.stringify(/^[A-Za-z]*/.exec(text.slice(i, i + 20))?.[0] ?? '')} (expected ${word}; text values need double quotes)`,
      );
  };

  const string = (): void => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('this text is never closed with a double quote', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20)
        fail(c === 10 ? 'line break inside a text value (use \\n)' : 'control character inside a text value');
      if (c === 0x5c) {
        const n = text[i + 1];
        if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail('invalid escape sequence after a backslash');
      } else {
        i++;
      }
    }
  };

  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail('invalid number');
    else i += m[0].length;
  };

  const value = (depth: number): void => {
    if (depth > 512) fail('nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') object(depth);
    else if (c === '[') array(depth);
    else if (c === '"') string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else fail(`${describe()} (expected a value)`);
  };

  const object = (depth: number): void => {
    i++; // {
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"')
        fail(`${describe()} (expected a property name in double quotes; is there a comma too many?)`);
      string();
      ws();
      if (text[i] !== ':') fail(`${describe()} (expected ':' after the property name)`);
      i++;
      value(depth + 1);
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`${describe()} (expected ',' or '}'; is a comma missing?)`);
    }
  };

  const array = (depth: number): void => {
    i++; // [
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value(depth + 1);
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === ']') fail("unexpected ']' (a comma too many before it)");
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`${describe()} (expected ',' or ']'; is a comma missing?)`);
    }
  };

  try {
    value(0);
    ws();
    if (i < text.length) fail('unexpected text after the end of the JSON document');
    return null;
  } catch (e) {
    if (e instanceof JsonSyntax) return { pos: e.pos, reason: e.reason };
    throw e;
  }
}
