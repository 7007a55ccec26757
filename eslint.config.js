// ESLint 9 flat config.
//
// Besides the usual TypeScript and React-hooks rules it enforces the layer rule
// of DESIGN.md section 2 with `no-restricted-imports` (as VS Code does with its
// common / node / browser / electron-main layers):
//   shared/        runtime-neutral: no Node builtins, no electron, no other layer;
//   renderer/src/  only shared/ and npm packages: no electron, no Node, no server;
//   server/        only shared/ and npm packages: no electron/, no renderer/.
// test/unit/layers.test.ts checks the same rule with exact path resolution
// inside `npm test`, so a violation cannot be merged even without the linter.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// A regex, not a gitignore-style group: a group like 'events' or 'domain' would
// also match relative paths such as './events' or '../domain/x'.
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const nodeBuiltins = {
  regex: `^(node:|(${builtinModules
    .filter((m) => !m.startsWith('_'))
    .map(escapeRe)
    .join('|')})(/|$))`,
  message: 'Node builtins are not available in this layer (DESIGN.md §2).',
};

/** A relative path that climbs out of the current folder into one of `dirs`. */
const intoLayers = (dirs, message) => ({
  regex: `^(\\.\\./)+(${dirs.join('|')})(/|$)`,
  message,
});

const electronPackage = {
  name: 'electron',
  message:
    'Only electron/ may use Electron; other layers talk to the desk through DeskApi (shared/contract).',
};

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'dist-electron/**',
      'dist-bench/**',
      'dist-cli/**',
      'release/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      '.vite/**',
    ],
  },

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      // Unused arguments are fine when prefixed with _ (e.g. to satisfy an interface).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // ------------------------------------------------------------ shared/
  {
    files: ['shared/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronPackage,
            { name: 'react', message: 'shared/ is runtime-neutral: no React.' },
            { name: 'react-dom', message: 'shared/ is runtime-neutral: no DOM.' },
            { name: 'better-sqlite3', message: 'shared/ is runtime-neutral: no database drivers.' },
          ],
          patterns: [
            nodeBuiltins,
            intoLayers(
              ['electron', 'renderer', 'server'],
              'shared/ may only import from shared/ (DESIGN.md §2).',
            ),
          ],
        },
      ],
    },
  },

  // ------------------------------------------------------------ renderer/
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronPackage,
            { name: 'better-sqlite3', message: 'The renderer never touches the database; call DeskApi.' },
            { name: 'kysely', message: 'The renderer never touches the database; call DeskApi.' },
          ],
          patterns: [
            nodeBuiltins,
            intoLayers(
              ['electron', 'server'],
              'renderer/ may only import renderer/ and shared/ (DESIGN.md §2).',
            ),
          ],
        },
      ],
    },
  },
  {
    // Build config runs in Node, not in the page.
    files: ['renderer/*.{ts,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },

  // ------------------------------------------------------------ server/
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronPackage],
          patterns: [
            intoLayers(
              ['electron', 'renderer'],
              'server/ may only import server/ and shared/ (DESIGN.md §2).',
            ),
          ],
        },
      ],
    },
  },
);
