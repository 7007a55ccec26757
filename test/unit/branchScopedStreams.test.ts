/**
 * Every stream with one fixed id that each branch writes (a `*_STREAM_NAME`
 * in shared/domain) is open to every branch at head office: it is listed in
 * BRANCH_SCOPED_STREAMS (decision 0053), or only the branch that wrote it
 * first could write it again.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRANCH_SCOPED_STREAMS } from '../../server/store/streamOwners';

const root = path.resolve(import.meta.dirname, '..', '..', 'shared', 'domain');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('branch-scoped streams', () => {
  it('lists every fixed stream name the domain declares', async () => {
    const declared: string[] = [];
    for (const file of files(root)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/export const ([A-Z_]+_STREAM_NAME)\b/g)) {
        const mod = (await import(file)) as Record<string, unknown>;
        declared.push(String(mod[m[1] as string]));
      }
    }
    expect(declared.length).toBeGreaterThanOrEqual(3);
    expect(declared.filter((name) => !BRANCH_SCOPED_STREAMS.has(name))).toEqual([]);
  });
});
