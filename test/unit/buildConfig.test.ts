/**
 * The packaging configuration (electron-builder.yml) keeps the desktop shell
 * locked down: Electron's fuses are flipped at package time, the app ships as
 * an ASAR, and the Electron it packages is the supported one package-lock.json
 * installs (docs/security.md, decision 0020). Read with js-yaml, the parser
 * electron-builder itself reads this file with.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function readJson(rel: string): unknown {
  return JSON.parse(readFileSync(ROOT + rel, 'utf8')) as unknown;
}

const config = yaml.load(readFileSync(ROOT + 'electron-builder.yml', 'utf8')) as Record<string, unknown>;
const fuses = config.electronFuses as Record<string, unknown> | undefined;

/**
 * The oldest Electron major still supported when this was last raised (Electron
 * supports its latest three majors; 45 is current). Raise it with each upgrade.
 */
const OLDEST_SUPPORTED_MAJOR = 43;

describe('electron-builder.yml', () => {
  it('packages the app as an ASAR archive', () => {
    expect(config.asar).toBe(true);
  });

  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableCookieEncryption', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['grantFileProtocolExtraPrivileges', false],
  ])('flips the fuse %s to %s', (fuse, value) => {
    expect(fuses?.[fuse]).toBe(value);
  });

  it('names only fuses electron-builder knows (a misspelt fuse would be refused, or do nothing)', () => {
    const scheme = readJson('node_modules/app-builder-lib/scheme.json') as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    expect(Object.keys(fuses ?? {}).filter((k) => !known.includes(k))).toEqual([]);
  });

  it('packages the Electron that package-lock.json installs, a supported major', () => {
    const lock = readJson('package-lock.json') as { packages: Record<string, { version?: string }> };
    const locked = lock.packages['node_modules/electron']?.version;
    expect(locked).toMatch(/^\d+\.\d+\.\d+$/);
    expect(String(config.electronVersion)).toBe(locked);
    const pkg = readJson('package.json') as { optionalDependencies?: Record<string, string> };
    const major = Number(locked?.split('.')[0]);
    expect(pkg.optionalDependencies?.electron).toBe(`^${locked}`);
    expect(major).toBeGreaterThanOrEqual(OLDEST_SUPPORTED_MAJOR);
  });
});
