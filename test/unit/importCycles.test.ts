/**
 * No import circle anywhere in the tree (type-only imports included: a
 * circle of types is still two modules that cannot be understood apart).
 * Tarjan's strongly connected components over every relative import.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROOTS = ['shared', 'electron', 'server', 'renderer/src', 'test', 'scripts'];
const IMPORT_RE =
  /(?:import|export)\s+(?:type\s+)?[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full));
    else if (/\.(ts|tsx|mts)$/.test(e.name)) out.push(full);
  }
  return out;
}

/** Repo-relative file -> the repo-relative files it imports. */
export function importGraph(files: Map<string, string>): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const [file, src] of files) {
    const deps: string[] = [];
    for (const m of src.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2];
      if (spec === undefined || !spec.startsWith('.')) continue;
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const hit = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base].find((c) => files.has(c));
      if (hit !== undefined && !deps.includes(hit)) deps.push(hit);
    }
    g.set(file, deps);
  }
  return g;
}

/** The import circles: strongly connected components of more than one file, or a file importing itself. */
export function circles(g: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('import circles', () => {
  it('there is none anywhere in the tree', () => {
    const files = new Map<string, string>();
    for (const r of ROOTS) {
      for (const f of walk(path.join(ROOT, r))) {
        files.set(path.relative(ROOT, f).split(path.sep).join('/'), readFileSync(f, 'utf8'));
      }
    }
    expect(files.size).toBeGreaterThan(100);
    expect(circles(importGraph(files)).map((c) => c.join(' <-> '))).toEqual([]);
  });

  it('finds a planted circle, through type-only imports and index files too', () => {
    const files = new Map([
      ['a/core.ts', "import type { Engine } from './sync';"],
      ['a/sync/index.ts', "export { Engine } from './engine';"],
      ['a/sync/engine.ts', "import { Desk } from '../core';\nimport { z } from 'zod';"],
      ['a/leaf.ts', "import { Desk } from './core';"],
    ]);
    expect(circles(importGraph(files))).toEqual([['a/core.ts', 'a/sync/engine.ts', 'a/sync/index.ts']]);
  });
});
