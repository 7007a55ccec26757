/**
 * Read-only step fields from the case (issue 12; shared/domain/cases/scriptPrefill.ts):
 * step 5's escalated box and cause take the case's escalation, the script's
 * read-only flags are checked at load (a `case.*` source needs a read-only
 * field and the reverse; never required; the cause choice offers every root
 * cause), and `withCaseValues` writes the case's values whatever was sent.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScriptResources, ScriptLoadError } from '../../electron/desk/features/cases/scriptLoad';
import type { ScriptField } from '../../shared/domain/cases/script';
import { isReadOnly, resolvePrefill, withCaseValues } from '../../shared/domain/cases/scriptPrefill';

const RESOURCES = fileURLToPath(new URL('../../resources', import.meta.url));
const SCRIPT_JSON = readFileSync(path.join(RESOURCES, 'script', 'default.json'), 'utf8');
const TAXONOMY_JSON = readFileSync(path.join(RESOURCES, 'taxonomy', 'default.json'), 'utf8');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-casefacts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type LooseField = Record<string, unknown>;

/** Loads the shipped script with `edit` applied to step `step`'s field `key`; the error text, or null. */
function loadWith(step: number, key: string, edit: (f: LooseField) => void): string | null {
  const script = JSON.parse(SCRIPT_JSON) as { steps: { step: number; fields: LooseField[] }[] };
  const field = script.steps.find((s) => s.step === step)?.fields.find((f) => f.key === key);
  if (!field) throw new Error(`no field ${key} at step ${step}`);
  edit(field);
  mkdirSync(path.join(dir, 'script'), { recursive: true });
  mkdirSync(path.join(dir, 'taxonomy'), { recursive: true });
  writeFileSync(path.join(dir, 'script', 'default.json'), JSON.stringify(script));
  writeFileSync(path.join(dir, 'taxonomy', 'default.json'), TAXONOMY_JSON);
  try {
    loadScriptResources(dir);
    return null;
  } catch (e) {
    if (e instanceof ScriptLoadError) return e.message;
    throw e;
  }
}

const { script } = loadScriptResources(RESOURCES);
const step5 = script.steps[4]?.fields ?? [];
const field = (key: string): ScriptField => {
  const f = step5.find((x) => x.key === key);
  if (!f) throw new Error(`no field ${key}`);
  return f;
};
const ctx = { account: '', resultDeadline: null, meName: null, steps: {} };
const escalated = { steps: [{ rootCause: 'policy' as const }, { rootCause: 'process' as const }] };

describe('the shipped script', () => {
  it('makes step 5’s escalated box and cause read-only, from the case', () => {
    expect(field('escalated')).toMatchObject({ readOnly: true, prefill: 'case.escalated', required: false });
    expect(field('escalationCause')).toMatchObject({ readOnly: true, prefill: 'case.escalationCause' });
    expect(step5.filter(isReadOnly).map((f) => f.key)).toEqual(['escalated', 'escalationCause']);
  });
});

describe('resolving and writing the case’s values', () => {
  it('reads the escalation: unticked and no cause at the counter, ticked with the latest cause once escalated', () => {
    expect(resolvePrefill(field('escalated'), ctx)).toBe(false);
    expect(resolvePrefill(field('escalated'), { ...ctx, escalation: null })).toBe(false);
    expect(resolvePrefill(field('escalationCause'), ctx)).toBeUndefined();
    expect(resolvePrefill(field('escalated'), { ...ctx, escalation: escalated })).toBe(true);
    expect(resolvePrefill(field('escalationCause'), { ...ctx, escalation: escalated })).toBe('process');
  });

  it('overwrites whatever was sent for read-only fields and leaves the others alone', () => {
    const sent = { actions: '退费', escalated: true, escalationCause: 'skill' };
    expect(withCaseValues(step5, sent, null)).toEqual({ actions: '退费', escalated: false });
    expect(withCaseValues(step5, { actions: '退费' }, escalated)).toEqual({
      actions: '退费',
      escalated: true,
      escalationCause: 'process',
    });
  });
});

describe('checked at load', () => {
  it('accepts the shipped script', () => {
    expect(loadWith(5, 'escalated', () => undefined)).toBeNull();
  });

  it('refuses a read-only field without a case source, and a case source on a field the clerk could change', () => {
    expect(loadWith(5, 'escalated', (f) => delete f.prefill)).toMatch(
      /steps\[4\]\.fields\[4\]\.readOnly: a read-only field shows the case's own value/,
    );
    expect(loadWith(5, 'escalated', (f) => (f.prefill = { value: true }))).toMatch(/readOnly/);
    expect(loadWith(5, 'escalated', (f) => delete f.readOnly)).toMatch(
      /steps\[4\]\.fields\[4\]\.prefill: "case\.escalated" is the case's own fact/,
    );
  });

  it('refuses a required read-only field, a source for the wrong kind, and a cause choice missing a root cause', () => {
    expect(loadWith(5, 'escalated', (f) => (f.required = true))).toMatch(/cannot be required/);
    expect(loadWith(5, 'escalationCause', (f) => (f.prefill = 'case.escalated'))).toMatch(
      /"case\.escalated" can only fill a boolean field/,
    );
    expect(
      loadWith(5, 'escalationCause', (f) => {
        f.options = (f.options as { value: string }[]).filter((o) => o.value !== 'skill');
      }),
    ).toMatch(/must offer every root cause; missing skill/);
    expect(loadWith(5, 'actions', (f) => (f.readOnly = 'yes'))).toMatch(/readOnly/);
  });
});
