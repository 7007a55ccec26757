/**
 * Clean text: the one rule for every string a desk or the server accepts from
 * outside (DeskApi inputs, pushed events, enrolment and head-office requests).
 * Runtime-neutral.
 *
 * Refused:
 * - C0 control characters U+0000-U+001F except tab (U+0009) and newline
 *   (U+000A). Carriage return (U+000D) is refused too, not normalised: the
 *   renderer never sends it (a browser hands out textarea text with LF line
 *   breaks and strips line breaks from one-line inputs), so only scripts meet
 *   it, and a refusal keeps the stored text byte for byte what was sent;
 * - DEL (U+007F) and the C1 controls U+0080-U+009F: invisible, never typed,
 *   terminal escapes (U+009B is CSI), and the usual trace of text decoded in
 *   the wrong encoding;
 * - unpaired UTF-16 surrogates (U+D800-U+DFFF not in a high-low pair): no
 *   character at all, cannot be written as UTF-8 and differ between stores.
 *
 * Everything else passes, including Chinese text, emoji and characters
 * outside the BMP written as a surrogate pair.
 */

export type TextProblemKind = 'control' | 'surrogate';

/** What is wrong with a string, and where. */
export interface TextProblem {
  kind: TextProblemKind;
  /** The offending code unit (a control character, or the lone surrogate). */
  codePoint: number;
  /** 1-based position counted in characters (code points), as a clerk counts. */
  position: number;
}

/** One refused string somewhere in a value. */
export interface TextProblemAt extends TextProblem {
  /** Where: object keys and array indices from the root, e.g. ['steps', 2, 'facts']. */
  path: (string | number)[];
  /** True when the offending string is an object key (the last path element) rather than a value. */
  inKey: boolean;
}

// One pass for the common clean case; the details are worked out only on a hit.
const REFUSED =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/** Why `s` may not be stored as text, or null when it may. */
export function textProblem(s: string): TextProblemKind | null {
  const m = REFUSED.exec(s);
  if (m === null) return null;
  return isSurrogate(m[0].charCodeAt(0)) ? 'surrogate' : 'control';
}

/** The first refused character of `s` with its position, or null. */
export function findTextProblem(s: string): TextProblem | null {
  const m = REFUSED.exec(s);
  if (m === null) return null;
  const unit = m[0].charCodeAt(0);
  let position = 1;
  for (let i = 0; i < m.index; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < m.index) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    position++;
  }
  return { kind: isSurrogate(unit) ? 'surrogate' : 'control', codePoint: unit, position };
}

const NAMES: Record<number, string> = { 0x00: 'NUL', 0x0d: 'CR', 0x1b: 'ESC', 0x7f: 'DEL' };

/** "U+001B ESC", "U+D800": the character in a form that is safe to show and log. */
export function describeCodePoint(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[cp];
  return name === undefined ? hex : `${hex} ${name}`;
}

/** A short machine-readable account, e.g. "control character U+0000 NUL at character 3". */
export function describeTextProblem(p: TextProblem): string {
  const what = p.kind === 'control' ? 'control character' : 'unpaired surrogate';
  return `${what} ${describeCodePoint(p.codePoint)} at character ${p.position}`;
}

/** Only the values a JSON text (or a structured clone of one) can hold are walked. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A key shown in a path: refused characters escaped (JSON escapes), so the path itself is clean. */
function safeKey(key: string): string {
  if (REFUSED.exec(key) === null) return key;
  return JSON.stringify(key).slice(1, -1);
}

interface Node {
  value: unknown;
  key: string | number | null;
  parent: Node | null;
}

function pathOf(node: Node | null, tail: (string | number)[] = []): (string | number)[] {
  const out: (string | number)[] = [];
  for (let n = node; n !== null && n.key !== null; n = n.parent) out.push(n.key);
  return out.reverse().concat(tail);
}

/**
 * Every refused string in `value` (strings, array items, object keys and
 * values, at any depth), depth first in order (an object's keys before its
 * values), at most `limit` of them. Other
 * value types (numbers, dates, maps) are not text and are skipped. Iterative
 * and cycle-safe, so neither a deeply nested JSON text nor a structured clone
 * with cycles can overflow the stack.
 */
export function textProblemsIn(value: unknown, limit = 20): TextProblemAt[] {
  const found: TextProblemAt[] = [];
  const seen = new Set<object>();
  const stack: Node[] = [{ value, key: null, parent: null }];
  while (stack.length > 0 && found.length < limit) {
    const node = stack.pop() as Node;
    const v = node.value;
    if (typeof v === 'string') {
      const p = findTextProblem(v);
      if (p !== null) found.push({ ...p, path: pathOf(node), inKey: false });
      continue;
    }
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    if (Array.isArray(v)) {
      seen.add(v);
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: node });
      continue;
    }
    if (!isPlainObject(v)) continue;
    seen.add(v);
    const keys = Object.keys(v);
    const children: Node[] = [];
    for (const k of keys) {
      const p = findTextProblem(k);
      if (p !== null && found.length < limit) {
        found.push({ ...p, path: pathOf(node, [safeKey(k)]), inKey: true });
      }
      children.push({ value: v[k], key: safeKey(k), parent: node });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Node);
  }
  return found;
}

/** The first refused string in `value`, or null when all its text is clean. */
export function firstTextProblemIn(value: unknown): TextProblemAt | null {
  return textProblemsIn(value, 1)[0] ?? null;
}

/**
 * `s` cut to at most `maxUnits` UTF-16 code units (what a zod `max` counts)
 * without splitting a surrogate pair: a plain `slice` can leave half of a
 * character such as 𠀀 at the end, which this rule then refuses.
 */
export function truncateText(s: string, maxUnits: number): string {
  if (s.length <= maxUnits) return s;
  const cut = s.slice(0, Math.max(0, maxUnits));
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** A path as DeskApi field errors and push reasons write it: "steps.2.facts"; the root is "". */
export function joinTextPath(path: readonly (string | number)[]): string {
  return path.map(String).join('.');
}

/**
 * The byte offset of the first sequence in `bytes` that is not well-formed
 * UTF-8 (as the Encoding Standard's fatal decoder judges it: no overlong
 * forms, no encoded surrogates, nothing above U+10FFFF, no cut-off
 * sequence), or null when all of it is. For saying where a body went wrong;
 * the transports decode with a fatal TextDecoder and call this only then.
 */
export function utf8ErrorOffset(bytes: Uint8Array): number | null {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) more = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      more = 2;
      if (c === 0xe0) lo = 0xa0; // overlong
      if (c === 0xed) hi = 0x9f; // U+D800-U+DFFF
    } else if (c >= 0xf0 && c <= 0xf4) {
      more = 3;
      if (c === 0xf0) lo = 0x90; // overlong
      if (c === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    if (i + more >= n) return i;
    const second = bytes[i + 1] as number;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= more; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return null;
}
