/**
 * The layer rule (DESIGN.md section 2), checked mechanically on every test run:
 *
 *   shared/        imports only shared/ and runtime-neutral packages: no Node
 *                  builtins, no electron, no React/DOM-only packages;
 *   renderer/src/  imports only renderer/ and shared/: no electron/, server/,
 *                  Node builtins, electron, better-sqlite3, kysely;
 *   server/        imports only server/ and shared/: no electron/, renderer/.
 *
 * ESLint's no-restricted-imports gives the same feedback in the editor; this
 * test resolves relative paths exactly, so `../../electron` cannot slip past.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Layer = 'shared' | 'renderer' | 'server';

interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function isNodeBuiltin(spec: string): boolean {
  if (spec.startsWith('node:')) return true;
  return BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0] ?? spec);
}

/** npm package name of a bare specifier: `@scope/name` or `name`. */
function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

/** Packages that need Electron, React/the DOM, or a Node-only runtime: never in shared/. */
const NOT_IN_SHARED = [
  /^electron(-.*)?$/,
  /^@electron\//,
  /^react(-dom|-i18next)?$/,
  /^@tanstack\/react-/,
  /^antd$/,
  /^@ant-design\//,
  /^zustand$/,
  /^echarts(-for-react)?$/,
  /^better-sqlite3$/,
  /^kysely$/,
  /^pg$/,
  /^fastify$/,
  /^@fastify\//,
  /^pino(-.*)?$/,
];
/** Packages the renderer may not load (it talks to the core only through DeskApi). */
const NOT_IN_RENDERER = [
  /^electron(-.*)?$/,
  /^@electron\//,
  /^better-sqlite3$/,
  /^kysely$/,
  /^pg$/,
  /^fastify$/,
  /^@fastify\//,
  /^pino(-.*)?$/,
];
/** Packages the server may not load. */
const NOT_IN_SERVER = [/^electron(-.*)?$/, /^@electron\//, /^react(-dom)?$/, /^antd$/];

/** Top-level folders each layer may import from by relative path. */
const ALLOWED_DIRS: Record<Layer, string[]> = {
  shared: ['shared'],
  renderer: ['renderer', 'shared'],
  server: ['server', 'shared'],
};

/**
 * Drop comments and lift every string literal out of the code, leaving `'#<n>'`
 * in its place: imports written inside comments or strings cannot match, and a
 * specifier is always one whole literal.
 */
function lexStrings(src: string): { code: string; strings: string[] } {
  let code = '';
  const strings: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const n = src[i + 1];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') {
          value += src[j + 1] ?? '';
          j += 2;
        } else {
          value += src[j];
          j++;
        }
      }
      strings.push(value);
      code += `'#${strings.length - 1}'`;
      i = j + 1;
      continue;
    }
    if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && n === '*') {
      const close = src.indexOf('*/', i + 2);
      i = close < 0 ? src.length : close + 2;
      code += ' ';
      continue;
    }
    code += c;
    i++;
  }
  return { code, strings };
}

/**
 * import x from 'a' / import type { X } from 'a' / export { x } from 'a' /
 * export * from 'a' / import 'a' / import('a') / require('a').
 */
const IMPORT_RE =
  /\b(?:(?:import|export)\s+(?:type\s+)?[^;'"`]*?\bfrom\s*|import\s*|(?:import|require)\s*\(\s*)'#(\d+)'/g;

/** Every module specifier a TypeScript source imports or re-exports, in source order. */
function importSpecifiers(src: string): string[] {
  const { code, strings } = lexStrings(src);
  const found: string[] = [];
  for (const m of code.matchAll(IMPORT_RE)) {
    const spec = strings[Number(m[1])];
    if (spec !== undefined && !found.includes(spec)) found.push(spec);
  }
  return found;
}

/** Layer rules for one file (path relative to the repo root, with forward slashes). */
function checkSource(relFile: string, src: string): Violation[] {
  const layer: Layer | null = relFile.startsWith('shared/')
    ? 'shared'
    : relFile.startsWith('renderer/')
      ? 'renderer'
      : relFile.startsWith('server/')
        ? 'server'
        : null;
  if (!layer) return [];

  const out: Violation[] = [];
  for (const spec of importSpecifiers(src)) {
    const flag = (reason: string) => out.push({ file: relFile, specifier: spec, reason });

    if (spec.startsWith('.') || spec.startsWith('/')) {
      const target = path.posix.normalize(
        spec.startsWith('/') ? spec.slice(1) : path.posix.join(path.posix.dirname(relFile), spec),
      );
      const top = target.split('/')[0] ?? '';
      if (target.startsWith('..')) flag('reaches outside the repository');
      else if (!ALLOWED_DIRS[layer].includes(top)) flag(`${layer}/ may not import from ${top}/`);
      continue;
    }

    if (isNodeBuiltin(spec)) {
      if (layer !== 'server') flag(`${layer}/ may not import Node builtins`);
      continue;
    }

    const pkg = packageName(spec);
    const denied =
      layer === 'shared' ? NOT_IN_SHARED : layer === 'renderer' ? NOT_IN_RENDERER : NOT_IN_SERVER;
    if (denied.some((re) => re.test(pkg))) flag(`${layer}/ may not import the package ${pkg}`);
  }
  return out;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) files.push(full);
  }
  return files;
}

const format = (vs: Violation[]) => vs.map((v) => `${v.file}: '${v.specifier}' (${v.reason})`).join('\n');

describe('layer rule', () => {
  const roots = ['shared', 'renderer/src', 'server'];

  for (const root of roots) {
    const present = existsSync(path.join(ROOT, root));
    // A layer folder another helper has not created yet is skipped, visibly.
    it.skipIf(!present)(`${root}/ imports only what its layer allows`, () => {
      const files = walk(path.join(ROOT, root));
      const violations = files.flatMap((file) => {
        const rel = path.relative(ROOT, file).split(path.sep).join('/');
        return checkSource(rel, readFileSync(file, 'utf8'));
      });
      expect(format(violations)).toBe('');
    });
  }

  it('shared/ exists and is checked (the walker finds files)', () => {
    expect(walk(path.join(ROOT, 'shared')).length).toBeGreaterThan(0);
  });
});

describe('layer checker self-test (it must be able to fail)', () => {
  it('flags bad imports from shared/', () => {
    const src = [
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "import { promises } from 'fs/promises';",
      "import { app } from 'electron';",
      "import type { ReactNode } from 'react';",
      "export { openDesk } from '../../electron/desk';",
      "export * from '../../renderer/src/app';",
      "import '../../server/app';",
      "const db = await import('better-sqlite3');",
      "import { x } from '../../resources/thing';",
      "import { y } from '../../../outside';",
    ].join('\n');
    const vs = checkSource('shared/domain/bad.ts', src);
    expect(vs.map((v) => v.specifier)).toEqual([
      'node:fs',
      'path',
      'fs/promises',
      'electron',
      'react',
      '../../electron/desk',
      '../../renderer/src/app',
      '../../server/app',
      'better-sqlite3',
      '../../resources/thing',
      '../../../outside',
    ]);
    expect(format(vs)).toContain("shared/domain/bad.ts: 'node:fs' (shared/ may not import Node builtins)");
  });

  it('accepts good imports from shared/ and ignores comments and strings', () => {
    const src = [
      "import { z } from 'zod';",
      "import { LIMITS, type FieldValue } from './events';",
      "import type { CaseState } from '../domain/caseState';",
      "export * from './script';",
      "import { sha256 } from '@noble/hashes/sha2';",
      "// import fs from 'node:fs';",
      "/* import { app } from 'electron'; */",
      "const hint = 'use // here';",
      'const note = "import x from \'electron\'";',
    ].join('\n');
    const specs = importSpecifiers(src);
    expect(specs).not.toContain('node:fs');
    expect(checkSource('shared/domain/good.ts', src)).toEqual([]);
  });

  it('flags bad imports from renderer/ and server/', () => {
    const r = checkSource(
      'renderer/src/features/cases/List.tsx',
      [
        "import { openDesk } from '../../../../electron/desk';",
        "import { buildApp } from '../../../../server/app';",
        "import { readFile } from 'node:fs/promises';",
        "import os from 'os';",
        "import Database from 'better-sqlite3';",
        "import { Kysely } from 'kysely';",
        "import { ipcRenderer } from 'electron';",
        "import { METHODS } from '../../../../shared/contract/api';",
        "import { Button } from 'antd';",
        "import { useStore } from '../../stores/cases';",
      ].join('\n'),
    );
    expect(r.map((v) => v.specifier).sort()).toEqual(
      [
        '../../../../electron/desk',
        '../../../../server/app',
        'node:fs/promises',
        'os',
        'better-sqlite3',
        'kysely',
        'electron',
      ].sort(),
    );

    const s = checkSource(
      'server/routes/push.ts',
      [
        "import { openDesk } from '../../electron/desk';",
        "import { App } from '../../renderer/src/app/App';",
        "import { eventHash } from '../../shared/domain/hash';",
        "import { createHash } from 'node:crypto';",
        "import Fastify from 'fastify';",
        "import { Kysely } from 'kysely';",
      ].join('\n'),
    );
    expect(s.map((v) => v.specifier)).toEqual(['../../electron/desk', '../../renderer/src/app/App']);
  });

  it('a whole-repo scan would report a planted violation', () => {
    const planted = checkSource('shared/domain/planted.ts', "import fs from 'fs';");
    expect(format(planted)).toBe("shared/domain/planted.ts: 'fs' (shared/ may not import Node builtins)");
  });
});
