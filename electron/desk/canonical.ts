/**
 * A fast twin of shared/domain/hash `canonicalJson` for the append hot path:
 * same output (sorted keys, no whitespace, JSON.stringify for strings and
 * numbers), same refusals (undefined, non-finite numbers, non-plain objects),
 * but no path bookkeeping. On any refusal it defers to `canonicalJson`, so the
 * error message is the shared one. test/integration/desk-store.test.ts checks
 * that both agree.
 */
import { canonicalJson } from '../../shared/domain/hash';

class Refused extends Error {}
const REFUSED = new Refused();

function write(v: unknown, depth: number): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw REFUSED;
      return JSON.stringify(v);
    case 'object':
      break;
    default:
      throw REFUSED;
  }
  if (depth > 200) throw REFUSED; // let canonicalJson judge deep (possibly circular) values
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + write(v[i], depth + 1);
    return `${out}]`;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw REFUSED;
  const rec = v as Record<string, unknown>;
  const keys = Object.keys(rec).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += `${i === 0 ? '' : ','}${JSON.stringify(k)}:${write(rec[k], depth + 1)}`;
  }
  return `${out}}`;
}

export function fastCanonicalJson(value: unknown): string {
  try {
    return write(value, 0);
  } catch (e) {
    if (e === REFUSED) return canonicalJson(value); // throws the shared, descriptive TypeError (or agrees)
    throw e;
  }
}
